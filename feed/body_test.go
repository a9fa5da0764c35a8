package feed

import (
	"regexp"
	"testing"
)

var htmlishRE = regexp.MustCompile(`<[a-zA-Z!/][^>]*>|&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)

// The byte scan that replaced the pattern must agree with it.
func FuzzHTMLish(f *testing.F) {
	for _, s := range []string{"a<b>", "&amp;", "&#x;", "&#12;", "a & b", "<3", "</x", "&#xAG;", "&#x1F;x", "&a1;", "<!-->"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if htmlish(s) != htmlishRE.MatchString(s) {
			t.Fatalf("%q: %v vs %v", s, htmlish(s), htmlishRE.MatchString(s))
		}
	})
}
