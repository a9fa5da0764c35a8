package feed

import (
	"testing"

	"github.com/herald-reader/herald/termsafe"
)

// needsSafe must agree with termsafe.Safe on every code point, alone and
// between plain text: when termsafe learns to drop another character, this
// says so.
func TestNeedsSafeKnowsEveryRune(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := "plain text " + string(r) + " more plain text"
		if (termsafe.Safe(s) != s) != needsSafe([]byte(s)) {
			t.Errorf("U+%04X: termsafe.Safe changes it: %v, needsSafe says %v", r, termsafe.Safe(s) != s, needsSafe([]byte(s)))
		}
	}
}

// needsSafe is a fast way of asking whether termsafe.Safe would change a
// document; it must never say no when Safe would.
func FuzzNeedsSafe(f *testing.F) {
	for _, s := range []string{"plain ascii text\n\tand more", "caf\u00e9", "\x1b[31m", "a\u202eb", "\ufeffx", "\u0085", "12345678\x7f", "1234567\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		b = repairUTF8(b)
		if changed := termsafe.Safe(string(b)) != string(b); changed && !needsSafe(b) {
			t.Fatalf("needsSafe missed what Safe changes in %q", b)
		}
	})
}

// unrefControlsDoc must do what the old pipeline's regular expression did.
func FuzzUnrefControlsDoc(f *testing.F) {
	for _, s := range []string{"&#27;[31m", "&#x1b;", "a&#8217;b", "&#9;&#10;&#13;", "&#00000027;", "&#000000027;", "&&#1;", "#&#2;", "&#X1F;", "&#"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := string(unrefControlsDoc(b)), string(oracleUnref(b)); got != want {
			t.Fatalf("%q: got %q, want %q", b, got, want)
		}
	})
}
