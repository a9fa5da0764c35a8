package feed

import (
	"html"
	"testing"
)

// appendText's fast path for the XML entities must read text exactly as
// the general rule does; ruleText is that rule alone, as gofeed applied it.
func ruleText(s string) string {
	var out []byte
	for len(s) > 0 {
		i := indexOf(s, '&')
		if i < 0 {
			return string(out) + s
		}
		out = append(out, s[:i]...)
		s = s[i:]
		end := -1
		for j := 0; j < len(s) && j < maxEntityLen; j++ {
			if s[j] == ';' {
				end = j
				break
			}
		}
		if end < 0 && len(s) <= maxEntityLen {
			return string(out) + s
		}
		blank := false
		for j := 1; j < end; j++ {
			if s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n' {
				blank = true
			}
		}
		if end < 0 || blank {
			out, s = append(out, '&'), s[1:]
			continue
		}
		span := s[:end+1]
		dec := html.UnescapeString(span)
		if dec == html.UnescapeString(span[:len(span)-1])+";" {
			out, s = append(out, '&'), s[1:]
			continue
		}
		out, s = append(out, dec...), s[end+1:]
	}
	return string(out)
}

func indexOf(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func FuzzAppendText(f *testing.F) {
	for _, s := range []string{"&lt;p&gt;a &amp; b&quot;", "&amp", "&lt", "&am p;", "&copy=2;", "&#8217;", "&#x2014;", "&&lt;;", "&notit;", "&nbsp;x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendText(nil, []byte(s))), ruleText(s); got != want {
			t.Fatalf("%q: got %q, the rule gives %q", s, got, want)
		}
	})
}
