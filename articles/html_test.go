package articles

import (
	"strings"
	"testing"
)

// An <a> without an href is an anchor target or broken markup, not a
// link: it became "[here](https://site/page)", a link to the page itself,
// or "[](https://site/page)" where it held nothing.
func TestAnAnchorWithoutHrefIsItsText(t *testing.T) {
	a, err := ParseHTML([]byte(`<p>See <a name="x">here</a> and <a href=" ">there</a>, <a>`+"</a>"+`then <a href="/ok">ok</a>.</p>`), "https://site.example/page")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sections) != 1 {
		t.Fatalf("sections %+v", a.Sections)
	}
	if got, want := strings.TrimSpace(a.Sections[0].Markdown), "See here and there, then [ok](https://site.example/ok)."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
