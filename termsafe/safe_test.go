package termsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafe(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text unchanged", "Héllo, wörld\tand\nmore", "Héllo, wörld\tand\nmore"},
		{"CRLF becomes LF, lone CR dropped", "a\r\nb\rc", "a\nbc"},
		{"SGR removed whole", "\x1b[31mred\x1b[0m", "red"},
		{"CSI with private params", "a\x1b[?1049hb", "ab"},
		{"clear screen", "\x1b[2J\x1b[Htitle", "title"},
		{"OSC title BEL", "x\x1b]0;pwned\x07y", "xy"},
		{"OSC title ST", "x\x1b]0;pwned\x1b\\y", "xy"},
		{"OSC 8 link", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"OSC 52 clipboard", "\x1b]52;c;cm0gLXJmIH4=\x07ok", "ok"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"two-byte escape", "a\x1bcb\x1b7c", "abc"},
		{"charset escape", "a\x1b(Bb", "ab"},
		{"unterminated OSC keeps the text", "a\x1b]0;rest of it", "a0;rest of it"},
		{"ESC at end", "abc\x1b", "abc"},
		{"8-bit CSI", "a\u009b31mb", "ab"},
		{"8-bit OSC", "a\u009d0;t\u009cb", "ab"},
		{"other C1", "a\u0085b\u0090", "ab"},
		{"C0 and DEL", "a\x00b\x07c\x08d\x7fe\x0cf", "abcdef"},
		{"bidi override", "abc\u202Eevil\u202C", "abcevil"},
		{"bidi isolates", "\u2066x\u2067y\u2068z\u2069", "xyz"},
		{"LRM kept", "a\u200Eb", "a\u200Eb"},
		{"BOM dropped", "\ufeffTitle", "Title"},
		{"soft hyphen dropped", "co\u00adop\u00aderate", "cooperate"},
		{"zero-width space and word joiner dropped", "a\u200bb\u2060c\u2061d", "abcd"},
		{"Mongolian vowel separator dropped", "a\u180eb", "ab"},
		{"ZWJ and ZWNJ kept", "\U0001F469\u200D\U0001F52C \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "\U0001F469\u200D\U0001F52C \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"},
		{"invalid UTF-8 replaced", "a\xffb\xc3", "a\ufffdb\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Safe(tt.in); got != tt.want {
				t.Errorf("Safe(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSafeRendered(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"SGR kept", "\x1b[1;38;5;203mbold\x1b[0m", "\x1b[1;38;5;203mbold\x1b[0m"},
		{"SGR with colons kept", "\x1b[38:2:1:2:3mx", "\x1b[38:2:1:2:3mx"},
		{"OSC 8 kept, ST", "\x1b]8;;https://a.example/x\x1b\\a\x1b]8;;\x1b\\", "\x1b]8;;https://a.example/x\x1b\\a\x1b]8;;\x1b\\"},
		{"OSC 8 kept, BEL", "\x1b]8;id=1;https://a.example\x07a\x1b]8;;\x07", "\x1b]8;id=1;https://a.example\x07a\x1b]8;;\x07"},
		{"OSC title dropped", "\x1b]0;pwned\x07text", "text"},
		{"OSC 52 dropped", "\x1b]52;c;Zm9v\x07text", "text"},
		{"cursor movement dropped", "a\x1b[2Ab\x1b[Kc", "abc"},
		{"private mode dropped", "\x1b[?1049htext", "text"},
		{"DCS dropped", "\x1bPtmux;\x1b\x1b]0;x\x07\x1b\\text", "text"},
		{"8-bit SGR dropped", "\u009b31mtext", "text"},
		{"raw ESC from &#27; entity", "\x1b[0m\x1b[38;5;252m\x1b[0m\x1b[38;5;252m\x1b\x1b[0m\x1b[38;5;252m]0;owned\x07\x1b[0m", "\x1b[0m\x1b[38;5;252m\x1b[0m\x1b[38;5;252m\x1b[0m\x1b[38;5;252m]0;owned\x1b[0m"},
		{"bare ESC before SGR text", "\x1b\x1b[2Jx", "x"},
		{"controls dropped, newline kept", "a\r\n\tb\x07", "a\n\tb"},
		{"OSC 8 with control in URI dropped", "\x1b]8;;http://a\x01b\x07x", "x"},
		{"OSC 8 file link dropped, text kept", "see \x1b]8;;file:///etc/passwd\x1b\\passwd\x1b]8;;\x1b\\ now", "see passwd\x1b]8;;\x1b\\ now"},
		{"OSC 8 javascript link dropped", "\x1b]8;;javascript:alert(1)\x07x\x1b]8;;\x07", "x\x1b]8;;\x07"},
		{"OSC 8 link with params but a file URI dropped", "\x1b]8;id=2;file:/x\x07x", "x"},
		{"OSC 8 http without host dropped", "\x1b]8;;http:///x\x07x", "x"},
		{"OSC 8 uppercase scheme kept", "\x1b]8;;HTTPS://a.example/\x07x", "\x1b]8;;HTTPS://a.example/\x07x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SafeRendered(tt.in); got != tt.want {
				t.Errorf("SafeRendered(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsWebURL(t *testing.T) {
	for raw, want := range map[string]bool{
		"https://example.com":               true,
		"http://example.com/a?b=c#d":        true,
		"HTTP://Example.com/":               true,
		"https://user@example.com:8443/x":   true,
		"http://127.0.0.1:8080/feed.xml":    true,
		"https://[::1]/":                    true,
		"":                                  false,
		"example.com":                       false,
		"/relative/path":                    false,
		"//example.com/x":                   false,
		"file:///etc/passwd":                false,
		"javascript:alert(1)":               false,
		"mailto:a@example.com":              false,
		"ftp://example.com/x":               false,
		"https://":                          false,
		"http:///x":                         false,
		"http://:80/x":                      false,
		"https:example.com":                 false,
		" https://example.com":              false,
		"https://exa\x1bmple.com":           false,
		"https://example.com/\n":            false,
		"data:text/html,<script>x</script>": false,
	} {
		if got := IsWebURL(raw); got != want {
			t.Errorf("IsWebURL(%q) = %v, want %v", raw, got, want)
		}
	}
}

func TestSafeLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"clean text unchanged", "A plain title", "A plain title"},
		{"newlines and tabs collapse", "  Two\nlines\t and\r\n  more  ", "Two lines and more"},
		{"escapes removed", "\x1b[2JTitle\x1b]0;x\x07 here", "Title here"},
		{"unicode spaces collapse", "a\u00a0\u2028b\u3000c", "a b c"},
		{"only whitespace", " \n\t ", ""},
		{"empty", "", ""},
		{"bidi override removed", "x\u202ey", "xy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SafeLine(tt.in); got != tt.want {
				t.Errorf("SafeLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzSafeLine(f *testing.F) {
	for _, s := range []string{"plain", " a  b ", "a\nb", "\x1b[31mred \n", "\u00a0x", "a\u2029"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SafeLine(in)
		checkSafe(t, out)
		if want := strings.Join(strings.Fields(Safe(in)), " "); out != want {
			t.Fatalf("SafeLine(%q) = %q, want %q", in, out, want)
		}
	})
}

// checkSafe fails when s holds anything Safe promises to remove.
func checkSafe(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("invalid UTF-8 in %q", s)
	}
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f) || invisibleControl(r) {
			t.Fatalf("control %U left in %q", r, s)
		}
	}
}

func FuzzSafe(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\x1b]0;t\x07", "a\r\nb", "\u202e", "\xff\xfe", "\u009b1m", "\x1bP\x1b\\", "\x1b]8;;u\x1b\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Safe(in)
		checkSafe(t, out)
		if again := Safe(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		if firstUnsafe(in) == len(in) && out != in {
			t.Fatalf("clean input changed: %q -> %q", in, out)
		}
	})
}

func FuzzSafeRendered(f *testing.F) {
	for _, s := range []string{"\x1b[1;31mx\x1b[0m", "\x1b]8;;https://x\x1b\\l\x1b]8;;\x1b\\", "\x1b\x1b[0m]0;t\x07", "\x1b[?25l", "\x1b]8;;\x07", "\u009b0m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SafeRendered(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 in %q", out)
		}
		// Every ESC must open a kept SGR or OSC 8 sequence; the text
		// between them must be as clean as Safe's.
		rest := out
		var text strings.Builder
		for {
			i := strings.IndexByte(rest, 0x1b)
			if i < 0 {
				text.WriteString(rest)
				break
			}
			text.WriteString(rest[:i])
			n, kind := escapeSequence(rest[i:], 1, rest[i+1:])
			if !allowedSequence(rest[i:i+n], kind) {
				t.Fatalf("disallowed sequence %q in %q (from %q)", rest[i:i+n], out, in)
			}
			rest = rest[i+n:]
		}
		checkSafe(t, text.String())
		if again := SafeRendered(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		if Safe(out) != Safe(in) {
			t.Fatalf("SafeRendered changed the text: Safe(%q) = %q, Safe(in) = %q", out, Safe(out), Safe(in))
		}
	})
}

func BenchmarkSafeClean(b *testing.B) {
	s := strings.Repeat("A clean line of article text, with nothing to remove. ", 2000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Safe(s)
	}
}
