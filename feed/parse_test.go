package feed

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

const feedURL = "https://feeds.example.com/feed.xml"

// rss builds an RSS 2.0 document around the given <item> elements.
func rss(title string, items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>` + title + `</title><link>https://site.example.com/blog/</link>
` + strings.Join(items, "\n") + `
</channel></rss>`
}

func sectionsText(a articles.Article) string {
	var b strings.Builder
	for _, s := range a.Sections {
		b.WriteString(s.Title + "\n" + s.Markdown + "\n")
	}
	return b.String()
}

func mustParse(t *testing.T, body, contentType string) (string, []articles.Article) {
	t.Helper()
	differential(t, t.Name(), []byte(body), contentType)
	title, items, err := Parse([]byte(body), contentType, feedURL)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return title, items
}

func TestParseRSS(t *testing.T) {
	title, items := mustParse(t, rss("Example &amp; Co",
		`<item><title>First</title><link>https://site.example.com/1</link><guid>id-1</guid>
		<author>ann@example.com (Ann)</author><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate>
		<description>Hello there</description></item>`), "application/rss+xml")
	if title != "Example & Co" {
		t.Errorf("feed title %q", title)
	}
	if len(items) != 1 {
		t.Fatalf("%d items", len(items))
	}
	a := items[0]
	if a.ID != "id-1" || a.Title != "First" || a.URL != "https://site.example.com/1" {
		t.Errorf("got %+v", a)
	}
	if a.Source != "Example & Co" || a.FeedURL != feedURL {
		t.Errorf("source %q feed %q", a.Source, a.FeedURL)
	}
	if !a.Published.Equal(time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)) {
		t.Errorf("published %v", a.Published)
	}
	if a.Author == "" {
		t.Error("author lost")
	}
	if len(a.Sections) > 0 && !strings.Contains(sectionsText(a), "Hello there") {
		t.Errorf("body lost: %q", sectionsText(a))
	}
}

func TestParseAtomWithXMLBaseAndUpdatedOnly(t *testing.T) {
	doc := `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.org/a/">
<title type="html">&lt;b&gt;Atom&lt;/b&gt; news</title>
<entry><id>tag:atom.example.org,2024:1</id><title>Entry</title><link href="posts/1"/>
<updated>2024-03-04T05:06:07Z</updated><author><name>Bo</name></author>
<summary>short</summary><content type="html">&lt;p&gt;FULL TEXT&lt;/p&gt;</content></entry>
</feed>`
	title, items := mustParse(t, doc, "")
	if title != "Atom news" {
		t.Errorf("feed title %q", title)
	}
	a := items[0]
	if a.URL != "https://atom.example.org/a/posts/1" {
		t.Errorf("url %q, want it resolved against xml:base", a.URL)
	}
	if a.ID != "tag:atom.example.org,2024:1" || a.Author != "Bo" {
		t.Errorf("id %q author %q", a.ID, a.Author)
	}
	if !a.Published.Equal(time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)) {
		t.Errorf("published %v, want the updated date", a.Published)
	}
	if body := sectionsText(a); len(a.Sections) > 0 && (!strings.Contains(body, "FULL TEXT") || strings.Contains(body, "short")) {
		t.Errorf("want full content over summary, got %q", body)
	}
}

func TestParseJSONFeed(t *testing.T) {
	doc := `{"version":"https://jsonfeed.org/version/1.1","title":"Jay","home_page_url":"https://j.example/",
"items":[{"id":"j1","url":"/posts/j1","title":"Jason","content_text":"*not bold* text","date_published":"2024-01-02T03:04:05Z","authors":[{"name":"J"}]}]}`
	title, items := mustParse(t, doc, "application/feed+json")
	if title != "Jay" || len(items) != 1 {
		t.Fatalf("title %q, %d items", title, len(items))
	}
	a := items[0]
	if a.ID != "j1" || a.URL != "https://j.example/posts/j1" || a.Author != "J" {
		t.Errorf("got %+v", a)
	}
	if len(a.Sections) > 0 && !strings.Contains(sectionsText(a), `\*not bold\*`) {
		t.Errorf("plain text was not kept literal: %q", sectionsText(a))
	}
}

func TestParseIDFallbacks(t *testing.T) {
	_, items := mustParse(t, rss("F",
		`<item><title>By link</title><link>https://site.example.com/x</link></item>`,
		`<item><title>Hashed</title><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate></item>`,
		`<item><title>Hashed 2</title><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate></item>`,
	), "")
	if items[0].ID != "https://site.example.com/x" {
		t.Errorf("link fallback: %q", items[0].ID)
	}
	if len(items[1].ID) != 64 || items[1].ID == items[2].ID {
		t.Errorf("hash fallback: %q %q", items[1].ID, items[2].ID)
	}
	_, again := mustParse(t, rss("F", `<item><title>Hashed</title><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate></item>`), "")
	if again[0].ID != items[1].ID {
		t.Error("hashed ID is not stable across fetches")
	}
	if !items[0].Published.IsZero() {
		t.Error("an undated item got a date; the store fills first-seen")
	}
}

func TestParseLinksAbsoluteAndWebOnly(t *testing.T) {
	_, items := mustParse(t, rss("F",
		`<item><title>rel</title><link>posts/2</link></item>`,
		`<item><title>js</title><link>javascript:alert(1)</link></item>`,
	), "")
	if items[0].URL != "https://site.example.com/blog/posts/2" {
		t.Errorf("relative link: %q", items[0].URL)
	}
	if items[1].URL != "" {
		t.Errorf("javascript: link kept: %q", items[1].URL)
	}
}

func TestParseTitleTagsAndEntities(t *testing.T) {
	_, items := mustParse(t, rss("F",
		`<item><title>&lt;b&gt;Bold&lt;/b&gt;   news &amp;amp; more&#8230;</title></item>`), "")
	if got := items[0].Title; got != "Bold news & more…" {
		t.Errorf("title %q", got)
	}
}

func TestParseTitleFullOfEscapeSequences(t *testing.T) {
	if strings.ContainsRune(termsafe.Safe("\x1b[31mx"), 0x1b) {
		t.Skip("termsafe.Safe is still a stub")
	}
	doc := rss("&#27;]0;pwned&#7;Evil &#x1b;[2J feed",
		"<item><title>&#27;[31mRed&#27;[0m Alert\u202e</title></item>",
		"<item><title><![CDATA[\x1b[1mRaw\x1b[0m \u009b2J escape]]></title></item>",
		"<item><title>&amp;#27;[5mDouble&amp;#x1b;[0m escaped</title></item>",
	)
	title, items := mustParse(t, doc, "")
	want := []string{"Red Alert", "Raw escape", "Double escaped"}
	for i, it := range items {
		if it.Title != want[i] {
			t.Errorf("title %d = %q, want %q", i, it.Title, want[i])
		}
	}
	if strings.ContainsAny(title, "\x1b\x07") || !strings.Contains(title, "Evil") {
		t.Errorf("feed title %q", title)
	}
}

// latin1 encodes s (which must hold only Latin-1 runes) byte per rune.
func latin1(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = append(b, byte(r))
	}
	return string(b)
}

func TestParseCharsets(t *testing.T) {
	item := "<item><title>Caf\u00e9 \u00fcber</title></item>"
	cases := []struct {
		name, body, contentType, want string
	}{
		{"ISO-8859-1 from the prolog",
			latin1(strings.Replace(rss("F", item), "UTF-8", "ISO-8859-1", 1)), "text/xml", "Café über"},
		{"ISO-8859-1 from the header",
			latin1(strings.Replace(rss("F", item), ` encoding="UTF-8"`, "", 1)), "application/rss+xml; charset=iso-8859-1", "Café über"},
		{"windows-1252 smart quotes",
			strings.Replace(rss("F", "<item><title>\x93Quoted\x94 \x80 5</title></item>"), "UTF-8", "windows-1252", 1), "", "\u201cQuoted\u201d \u20ac 5"},
		{"prolog lies: says utf-8, bytes are latin-1",
			latin1(rss("F", item)), "", "Café über"},
		{"header lies: says latin-1, bytes are utf-8",
			rss("F", item), "text/xml; charset=ISO-8859-1", "Café über"},
		{"no declaration, latin-1 bytes",
			latin1(strings.Replace(rss("F", item), ` encoding="UTF-8"`, "", 1)), "", "Café über"},
		{"a label browsers dropped, over latin-1",
			latin1(strings.Replace(rss("F", item), "UTF-8", "ISO-2022-KR", 1)), "", "Café über"},
		{"BOM and blank lines before the prolog",
			"\ufeff\n\n  " + rss("F", item), "", "Café über"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, items := mustParse(t, c.body, c.contentType)
			if len(items) != 1 || items[0].Title != c.want {
				t.Fatalf("got %+v, want title %q", items, c.want)
			}
		})
	}
}

func TestParseRepairsInvalidUTF8(t *testing.T) {
	body := rss("F", "<item><title>Good \u00e9 then bad \xff\xfe end</title></item>", "<item><title>Next</title></item>")
	_, items := mustParse(t, body, "")
	if len(items) != 2 || !strings.HasPrefix(items[0].Title, "Good é then bad ") || !strings.HasSuffix(items[0].Title, " end") {
		t.Fatalf("got %+v", items)
	}
}

func TestParseRejectsNonFeeds(t *testing.T) {
	cases := []struct {
		name, body, contentType, want string
		notFeed                       bool
	}{
		{"HTML page", "<!DOCTYPE html>\n<html><head><title>Hi</title></head><body>x</body></html>", "text/html; charset=utf-8", "not a feed: got an HTML page", true},
		{"HTML without doctype", "  <html lang=en><body>x</body></html>", "", "not a feed: got an HTML page", true},
		{"XHTML with prolog", `<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html/>`, "", "not a feed: got an HTML page", true},
		{"empty", "", "", "not a feed: the response was empty", true},
		{"blank", " \n\t ", "", "not a feed: the response was empty", true},
		{"other XML", "<svg></svg>", "", "not a feed", true},
		{"truncated XML", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel><title>T</title>\n<item><title>cut", "", "malformed XML at line 4", false},
		{"broken JSON", `{"version":"https://jsonfeed.org/version/1","title":"x","items":[`, "", "malformed", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			differential(t, t.Name(), []byte(c.body), c.contentType)
			_, _, err := Parse([]byte(c.body), c.contentType, feedURL)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if errors.Is(err, ErrNotFeed) != c.notFeed {
				t.Fatalf("errors.Is(ErrNotFeed) = %v", !c.notFeed)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans lines: %q", err)
			}
		})
	}
}

func bigFeed(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title><link>https://big.example/</link>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>https://big.example/%d</link><guid>g%d</guid>"+
			"<pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate><description>&lt;p&gt;Paragraph %d with &lt;a href=\"/x\"&gt;a link&lt;/a&gt;.&lt;/p&gt;</description></item>\n", i, i, i, i)
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

func TestParseTenThousandItems(t *testing.T) {
	_, items := mustParse(t, bigFeed(10000), "")
	if len(items) != 10000 || items[9999].ID != "g9999" {
		t.Fatalf("got %d items", len(items))
	}
}

func TestDiscoverIn(t *testing.T) {
	page := `<!doctype html><html><head>
<link rel="stylesheet" href="/s.css">
<base href="https://cdn.example.net/root/">
<link rel="alternate" type="text/html" href="/other">
<link rel="Alternate Feed" type="application/atom+xml" href="atom.xml" title="Atom">
</head><body><link rel="alternate" type="application/rss+xml" href="/late.xml"></body></html>`
	if got := DiscoverIn([]byte(page), "https://www.example.net/page"); got != "https://cdn.example.net/root/atom.xml" {
		t.Fatalf("got %q", got)
	}
	if got := DiscoverIn([]byte("<html><head></head><body></body></html>"), "https://x.example/"); got != "" {
		t.Fatalf("found %q in a page without feed links", got)
	}
}

// A conversion that panics on one body, on one of splitAll's workers,
// used to end the whole program there (no recover covers another
// goroutine), with the TUI's terminal left raw. It is raised again on the
// caller's goroutine, where Read makes it the feed's error.
func TestSplitPanicReachesTheCaller(t *testing.T) {
	out := make([]articles.Article, 50)
	for i := range out {
		out[i].Body = fmt.Sprintf("<p>body %d</p>", i)
	}
	var got any
	func() {
		defer func() { got = recover() }()
		splitEach(out, feedURL, func(body, page string) []articles.Section {
			if body == "<p>body 17</p>" {
				panic("converter bug")
			}
			return BodySections(body, page)
		})
	}()
	if got != "converter bug" {
		t.Fatalf("recovered %v on the caller's goroutine, want the converter's panic", got)
	}
}
