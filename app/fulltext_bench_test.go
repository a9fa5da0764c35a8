package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/herald-reader/herald/fetch"
	"github.com/herald-reader/herald/store"
)

// BenchmarkOpen compares opening an article (Load, what enter in the
// library costs before the render) with its feed's text, kept unsplit as a
// refresh saves it (~5 KB of HTML converted on open), and with its full
// text cached (the page's main text, ~1,400 words in four sections, saved
// as sections).
func BenchmarkOpen(b *testing.B) {
	dir := b.TempDir()
	st, err := store.Open(dir + "/herald.db")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	para := "<p>" + strings.Repeat(`Some words of <a href="/x">the</a> story, <em>with</em> emphasis. `, 8) + "</p>"
	feedBody := rss("Bench", fmt.Sprintf(`<item><title>Story</title><link>https://s.example/1</link><guid>1</guid>
<description>%s</description></item><item><title>Other</title><link>https://s.example/2</link><guid>2</guid>
<description>%s</description></item>`, htmlEscape(strings.Repeat(para, 9)), htmlEscape(strings.Repeat(para, 9))))
	f := feedFetcher{raw: true}
	res := f.parse(fetch.Response{URL: "https://s.example/feed", Final: "https://s.example/feed", Body: []byte(feedBody), ContentType: "application/rss+xml"})
	if res.Err != nil {
		b.Fatal(res.Err)
	}
	if _, err := st.SaveItems(ctx, store.Fetched{Feed: res.URL, Title: res.Title, Items: res.Articles}); err != nil {
		b.Fatal(err)
	}
	list, _ := st.List(ctx, store.Filter{})
	ids := map[string]string{}
	for _, a := range list {
		ids[a.Title] = a.ID
	}
	var pg strings.Builder
	pg.WriteString(`<!doctype html><html><head><title>Story | Site</title></head><body><nav><a href="/">Home</a></nav><article><h1>Story</h1>`)
	for part := range 4 {
		fmt.Fprintf(&pg, "<h2>Part %d</h2>", part+1)
		for range 6 {
			pg.WriteString("<p>" + strings.Repeat(`The whole story goes on, with <a href="/y">a source</a> and more. `, 6) + "</p>")
		}
	}
	pg.WriteString(`</article></body></html>`)
	text, err := extract(fetch.Page{Body: []byte(pg.String()), URL: "https://s.example/1", ContentType: "text/html"}, 0)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.SaveFullText(ctx, ids["Story"], text.sections, text.pageURL); err != nil {
		b.Fatal(err)
	}
	a := &App{st: st}
	for _, c := range []struct{ name, id string }{{"feed-text", ids["Other"]}, {"full-text", ids["Story"]}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				art, err := a.Load(ctx, c.id)
				if err != nil || len(art.Sections) == 0 {
					b.Fatal(art, err)
				}
			}
		})
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
