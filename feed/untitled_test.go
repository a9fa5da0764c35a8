package feed

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Items without titles (a Mastodon account's feed, a podcast's comments)
// must not be blank rows: they take the first words of their text, or
// their link, and keep the identity the feed gave them.
func TestUntitledItemsAreTitledByTheirFirstWords(t *testing.T) {
	long := strings.Repeat("harbour ", 30)
	doc := `<?xml version="1.0"?><rss version="2.0"><channel><title>Toots</title><link>https://social.example/@me</link>
<item><guid>1</guid><link>https://social.example/@me/1</link><description>&lt;p&gt;Just shipped &lt;b&gt;herald&lt;/b&gt; 1.0 &amp;mdash; try it!&lt;/p&gt;</description></item>
<item><guid>2</guid><description>&lt;script&gt;var hidden = 1;&lt;/script&gt;&lt;p&gt;` + long + `&lt;/p&gt;</description></item>
<item><guid>3</guid><link>/@me/3</link><enclosure url="https://social.example/a.png" type="image/png" length="1"/></item>
<item><guid>4</guid><description>` + strings.Repeat("x", 200) + `</description></item>
<item><guid>5</guid><title>Titled</title><description>body</description></item>
</channel></rss>`
	res, err := Read([]byte(doc), "", "https://social.example/@me.rss", Raw)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Just shipped herald 1.0 — try it!", "", "https://social.example/@me/3", "", "Titled"}
	for i, it := range res.Items {
		switch i {
		case 1:
			if !strings.HasPrefix(it.Title, "harbour harbour") || !strings.HasSuffix(it.Title, "harbour…") || strings.Contains(it.Title, "hidden") {
				t.Errorf("a long text's title %q: want its first words, cut at a word with …, without the script", it.Title)
			}
			if n := utf8.RuneCountInString(it.Title); n > titleWords+1 {
				t.Errorf("title of %d characters, want at most %d", n, titleWords+1)
			}
		case 3:
			if it.Title != strings.Repeat("x", titleWords)+"…" {
				t.Errorf("one long word: title %q", it.Title)
			}
		default:
			if it.Title != want[i] {
				t.Errorf("item %d title %q, want %q", i, it.Title, want[i])
			}
		}
	}
	// The identity is the feed's: a title made up here must not change it.
	if res.Items[0].ID != "1" {
		t.Errorf("id %q, want the guid", res.Items[0].ID)
	}
}
