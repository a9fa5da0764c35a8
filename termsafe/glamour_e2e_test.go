package termsafe

import (
	"strings"
	"testing"

	"github.com/charmbracelet/glamour"
)

// Entities glamour turns back into raw control characters (glamour PR
// #615) must not survive SafeRendered, while its own styling does.
func TestSafeRenderedGlamour(t *testing.T) {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(80))
	if err != nil {
		t.Fatal(err)
	}
	md := "# Title\n\nA **bold** &#27;]0;pwned&#7; and &#x1b;[2J and &#27;[6n text, [a link](https://example.com).\n"
	out, err := r.Render(md)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "\x1b]0;pwned") {
		t.Log("glamour no longer emits the raw OSC; the filter is still checked")
	}
	safe := SafeRendered(out)
	for _, bad := range []string{"\x1b]0;", "\x1b[2J", "\x1b[6n", "\a"} {
		if strings.Contains(safe, bad) {
			t.Errorf("%q survived: %q", bad, safe)
		}
	}
	if !strings.Contains(safe, "\x1b[") {
		t.Error("glamour's SGR styling was lost")
	}
}
