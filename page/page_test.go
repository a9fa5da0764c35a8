package page

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/herald-reader/herald/articles"
)

// articlePage is a news page as sites serve them: navigation, a sidebar,
// a footer and scripts around an article of three headed sections.
func articlePage(base string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>The river rises | Daily Example</title>`)
	if base != "" {
		b.WriteString(`<base href="` + base + `">`)
	}
	b.WriteString(`<meta property="og:site_name" content="Daily Example"></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a> [edit]</nav></header>
<div class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Something else</a></li><li><a href="/y">Other news</a></li></ul></div>
<article><h1>The river rises</h1><p class="byline">By Ann Writer</p>`)
	for i, h := range []string{"What happened", "Who is affected", "What comes next"} {
		fmt.Fprintf(&b, "<h2>%s</h2>", h)
		for p := range 4 {
			fmt.Fprintf(&b, `<p>Paragraph %d of part %d. The water came up over the banks in the night and by morning the lower town was under a metre of it, and the people who live there <a href="/story/%d-%d">told us</a> what they saw as it rose, street by street, while the council met to decide what to do.</p>`, p+1, i+1, i, p)
		}
	}
	b.WriteString(`<p><img src="/img/river.jpg" alt="The river at dawn"></p></article>
<footer><a href="/about">About us</a> <a href="/jobs">Jobs</a> Share this</footer>
<script>var tracking = {"a": 1};</script></body></html>`)
	return b.String()
}

func allText(a articles.Article) string {
	var b strings.Builder
	for _, s := range a.Sections {
		b.WriteString(s.Title + "\n" + s.Markdown + "\n")
	}
	return b.String()
}

func TestReaderModeKeepsTheArticleAndDropsTheFurniture(t *testing.T) {
	t.Parallel()
	a, err := Article([]byte(articlePage("")), "text/html; charset=utf-8", "https://news.example.com/river")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "The river rises" || a.Source != "Daily Example" || a.URL != "https://news.example.com/river" {
		t.Errorf("title %q source %q url %q", a.Title, a.Source, a.URL)
	}
	text := allText(a)
	for _, want := range []string{"What happened", "Who is affected", "What comes next", "lower town",
		"(https://news.example.com/story/0-0)", "https://news.example.com/img/river.jpg"} {
		if !strings.Contains(text, want) {
			t.Errorf("reader mode lost %q:\n%s", want, text)
		}
	}
	for _, furniture := range []string{"Most read", "Sport", "[edit]", "Jobs", "tracking"} {
		if strings.Contains(text, furniture) {
			t.Errorf("reader mode kept %q:\n%s", furniture, text)
		}
	}

	whole, err := Whole([]byte(articlePage("")), "text/html", "https://news.example.com/river")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(allText(whole), "Most read") {
		t.Errorf("the whole page lost its sidebar:\n%s", allText(whole))
	}
}

// A local file is the same page without an address: its relative links
// stay relative (never file: links), and a <base href> gives them one.
func TestLocalPageLinks(t *testing.T) {
	t.Parallel()
	a, err := Article([]byte(articlePage("")), "", "")
	if err != nil {
		t.Fatal(err)
	}
	text := allText(a)
	if a.URL != "" || strings.Contains(text, "file:") || !strings.Contains(text, "(/story/0-0)") {
		t.Errorf("a local page's links: url %q\n%s", a.URL, text)
	}
	withBase, err := Article([]byte(articlePage("https://news.example.com/")), "", "")
	if err != nil {
		t.Fatal(err)
	}
	fromWeb, err := Article([]byte(articlePage("https://news.example.com/")), "text/html", "https://news.example.com/river")
	if err != nil {
		t.Fatal(err)
	}
	if allText(withBase) != allText(fromWeb) {
		t.Errorf("a local page with <base> and the same page from the web differ:\n%s\n---\n%s", allText(withBase), allText(fromWeb))
	}
}

func TestCharsetDeclaredOnlyInMeta(t *testing.T) {
	t.Parallel()
	page := `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>Новости</title></head>
<body><article><h1>Новости</h1><p>` + strings.Repeat("Привет, мир. Это длинный текст статьи о погоде. ", 20) + `</p></article></body></html>`
	body, err := charmap.Windows1251.NewEncoder().Bytes([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Article(body, "text/html", "https://ru.example.com/")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Новости" || !strings.Contains(allText(a), "Привет, мир") {
		t.Errorf("windows-1251 page decoded as %q:\n%s", a.Title, allText(a))
	}

	// A header that says latin-1 over a page in UTF-8 is wrong: valid
	// UTF-8 is read as UTF-8.
	a, err = Article([]byte(articlePage("")+"<p>café</p>"), "text/html; charset=iso-8859-1", "https://news.example.com/")
	if err != nil || strings.Contains(allText(a), "Ã") {
		t.Errorf("UTF-8 under a latin-1 label: %v\n%s", err, allText(a))
	}
}

func TestNotAWebPage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ body, contentType string }{
		{"%PDF-1.7 ...", "application/pdf"},
		{`{"a": 1}`, "application/json"},
		{"\x89PNG....", "image/png"},
		{"just some bytes", ""},
	} {
		_, err := Article([]byte(tc.body), tc.contentType, "https://example.com/x")
		if !errors.Is(err, ErrNotHTML) {
			t.Errorf("%q (%s): err %v, want not a web page", tc.body, tc.contentType, err)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("error %q is not one line", err)
		}
	}
	if _, err := Article([]byte("  \n"), "text/html", "https://example.com/x"); err == nil {
		t.Error("an empty page gave no error")
	}
	a, err := Article([]byte("A title\n\nSome plain text that is the article."), "text/plain", "https://example.com/t.txt")
	if err != nil || a.Title != "A title" {
		t.Errorf("plain text page: %+v, %v", a, err)
	}
}

// heavyPage is a page of about size bytes shaped like a big news site's:
// most of it scripts, inline data and navigation, around one article.
func heavyPage(size int) []byte {
	var b strings.Builder
	b.Grow(size + 4096)
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>A long read | Example</title>`)
	b.WriteString(`<style>` + strings.Repeat(".c{margin:0;padding:0;color:#333}", 200) + `</style></head><body><nav>`)
	for i := range 300 {
		fmt.Fprintf(&b, `<a href="/section/%d" class="nav-link">Section %d</a>`, i, i)
	}
	b.WriteString(`</nav><main><article><h1>A long read</h1>`)
	for s := range 8 {
		fmt.Fprintf(&b, "<h2>Part %d</h2>", s+1)
		for p := range 6 {
			fmt.Fprintf(&b, `<p>Paragraph %d. %s <a href="/ref/%d/%d">a source</a> and <em>more</em>.</p>`, p,
				strings.Repeat("The long sentence goes on about the matter at hand, in detail. ", 6), s, p)
		}
	}
	b.WriteString(`</article></main><aside>`)
	for i := range 100 {
		fmt.Fprintf(&b, `<div class="promo"><a href="/promo/%d"><img src="/p/%d.jpg" alt="promo"> Read this too</a></div>`, i, i)
	}
	b.WriteString(`</aside>`)
	for b.Len() < size {
		b.WriteString(`<script>window.__DATA__ = {"items": [` + strings.Repeat(`{"id": 12345, "title": "x", "url": "/a/b/c"},`, 300) + `{}]};</script>`)
	}
	b.WriteString(`</body></html>`)
	return []byte(b.String())
}

// readabilityPage is a real page from go-readability's test suite in the
// module cache, when it is there.
func readabilityPage(b *testing.B, name string) []byte {
	dir := filepath.Join(os.Getenv("GOMODCACHE"), "codeberg.org", "readeck", "go-readability", "v2@v2.1.3", "test-pages")
	if os.Getenv("GOMODCACHE") == "" {
		dir = filepath.Join(build(), "pkg", "mod", "codeberg.org", "readeck", "go-readability", "v2@v2.1.3", "test-pages")
	}
	body, err := os.ReadFile(filepath.Join(dir, name, "source.html"))
	if err != nil {
		b.Skipf("go-readability's test pages are not in the module cache: %v", err)
	}
	return body
}

func build() string {
	if p := os.Getenv("GOPATH"); p != "" {
		return p
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, "go")
}

// BenchmarkArticle times reader mode and splitting, the work of one full
// text: synthetic pages of 500 KB and 1.5 MB, and real ones (go-readability's
// test pages: nytimes-3 is 490 KB, msn 560 KB, yahoo-2 1.6 MB, guardian-1
// 1.1 MB, wikipedia 240 KB of which most is article).
func BenchmarkArticle(b *testing.B) {
	run := func(b *testing.B, body []byte) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if _, err := Article(body, "text/html; charset=utf-8", "https://example.com/a/long-read"); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("synthetic-500KB", func(b *testing.B) { run(b, heavyPage(500<<10)) })
	b.Run("synthetic-1.5MB", func(b *testing.B) { run(b, heavyPage(1536<<10)) })
	for _, name := range []string{"nytimes-3", "msn", "wikipedia", "guardian-1", "yahoo-2"} {
		b.Run(name, func(b *testing.B) { run(b, readabilityPage(b, name)) })
	}
}

// A page nested far past what a real article needs (a thousand <div>s,
// which x/net/html alone would refuse) loses the deep tags, not its text.
func TestDeeplyNestedPageKeepsItsText(t *testing.T) {
	t.Parallel()
	page := "<html><head><title>Deep</title></head><body><article><h1>Deep</h1>" +
		strings.Repeat("<div>", 1000) + "<p>" + strings.Repeat("The text at the bottom of it all. ", 30) + "</p>" +
		strings.Repeat("</div>", 1000) + "</article></body></html>"
	a, err := Article([]byte(page), "text/html", "https://deep.example/")
	if err != nil || !strings.Contains(allText(a), "bottom of it all") {
		t.Fatalf("a deep page: %v\n%s", err, allText(a))
	}
}
