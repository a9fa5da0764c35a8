package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// summarySite serves a feed of summaries whose items link to their pages
// on the same site, one page missing, and a podcast feed.
func summarySite(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/summaries.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Summaries</title><link>%[1]s/</link>
<item><title>Reading the tides</title><link>%[1]s/post.html</link><guid>tides</guid><pubDate>Tue, 20 Jan 2026 12:00:00 GMT</pubDate>
<description>The tide turns twice a day.</description></item>
<item><title>Gone</title><link>%[1]s/gone.html</link><guid>gone</guid><pubDate>Mon, 19 Jan 2026 12:00:00 GMT</pubDate>
<description>A page that is no more.</description></item>
</channel></rss>`, srv.URL)
	})
	mux.HandleFunc("/podcast.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Pod</title>
<item><title>Episode 1</title><guid>ep1</guid><description>Listen.</description>
<enclosure url="%s/ep1.mp3" length="1234567" type="audio/mpeg"/><itunes:duration>1:02:03</itunes:duration></item>
</channel></rss>`, srv.URL)
	})
	mux.HandleFunc("/post.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, tidesPage)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

const tidesPage = `<!doctype html><html><head><title>Reading the tides | Harbour Weekly</title>
<base href="https://harbour.example.com/"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="sidebar"><h3>Most read</h3><p><a href="/x">Another story</a></p></div>
<article><h1>Reading the tides</h1>
<p>The tide turns twice a day along most of the coast, and the harbour master posts the times at dawn
for every boat that means to leave before noon. Fishermen plan their week around these numbers.</p>
<h2>Spring and neap</h2>
<p>Spring tides come with the new and the full moon; neap tides with the quarters. The difference in
height can be several metres in the estuaries of the north, which matters to anyone mooring there.</p>
<h2>Tables</h2>
<p>A tide table lists the high and low waters for each day, with heights above chart datum and the
times in local time, corrected for summer time where it applies. <a href="/more">More tables</a>.</p>
</article><footer>Subscribe to Harbour Weekly</footer></body></html>`

func jsonObject(t *testing.T, out string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, out)
	}
	return doc
}

var articleKeys = []string{"author", "enclosures", "feed", "first_seen", "full_text", "id", "links", "published", "sections", "source", "title", "url"}

// A saved web page reads like the same page from the web: its main text,
// not its menus.
func TestReadLocalPageAsReadURL(t *testing.T) {
	site := summarySite(t)
	ta := newTestApp(t)
	writeFeedList(t, ta, "# none")
	file := filepath.Join(t.TempDir(), "tides.html")
	if err := os.WriteFile(file, []byte(tidesPage), 0o644); err != nil {
		t.Fatal(err)
	}
	local := jsonObject(t, ta.runOK(t, "read", "--json", file))
	web := jsonObject(t, ta.runOK(t, "read", "--json", site.URL+"/post.html"))
	if got := sortedKeys(local); !slices.Equal(got, articleKeys) {
		t.Errorf("read --json keys %q", got)
	}
	if local["id"] != "" || local["feed"] != "" || local["url"] != "" || web["id"] != "" {
		t.Errorf("a file or a page has an id, feed or (for the file) url: %v / %v", local, web)
	}
	for _, k := range []string{"title", "sections", "links"} {
		if fmt.Sprint(local[k]) != fmt.Sprint(web[k]) {
			t.Errorf("%s differs between the file and the page:\n file %v\n page %v", k, local[k], web[k])
		}
	}
	text := ta.runOK(t, "read", file)
	if strings.Contains(text, "Most read") || strings.Contains(text, "Subscribe") || !strings.Contains(text, "## Spring and neap") {
		t.Errorf("the local page kept its furniture or lost its text:\n%s", text)
	}
	whole := ta.runOK(t, "read", "--whole", file)
	if !strings.Contains(whole, "Most read") || !strings.Contains(whole, "## Spring and neap") {
		t.Errorf("--whole dropped the page's navigation:\n%s", whole)
	}
	if links, _ := web["links"].([]any); len(links) != 1 || fmt.Sprint(links[0]) != "map[n:1 text:More tables url:https://harbour.example.com/more]" {
		t.Errorf("links %v", web["links"])
	}
}

func TestShowPrintsACachedArticleAndItsFullText(t *testing.T) {
	site := summarySite(t)
	ta := newTestApp(t)
	writeFeedList(t, ta, site.URL+"/summaries.xml", site.URL+"/podcast.xml")
	ta.runOK(t, "fetch")
	ids := map[string]string{}
	for _, a := range ta.jsonArray(t, "list", "--json") {
		ids[a["title"].(string)] = a["id"].(string)
		if a["title"] == "Episode 1" {
			if fmt.Sprint(a["enclosures"]) != "[map[duration:3723 length:1.234567e+06 type:audio/mpeg url:"+site.URL+"/ep1.mp3]]" {
				t.Errorf("list --json enclosures %v", a["enclosures"])
			}
		} else if fmt.Sprint(a["enclosures"]) != "[]" {
			t.Errorf("%s: enclosures %v, want []", a["title"], a["enclosures"])
		}
	}
	tides := ids["Reading the tides"]

	md := ta.runOK(t, "show", tides)
	if !strings.HasPrefix(md, "# Reading the tides\n") || !strings.Contains(md, "The tide turns twice a day.") || strings.Contains(md, "Spring and neap") {
		t.Errorf("show printed:\n%s", md)
	}
	doc := jsonObject(t, ta.runOK(t, "show", "--json", tides))
	if got := sortedKeys(doc); !slices.Equal(got, articleKeys) {
		t.Errorf("show --json keys %q, want read's", got)
	}
	if doc["id"] != tides || doc["feed"] != site.URL+"/summaries.xml" || doc["full_text"] != false || doc["source"] != "Summaries" {
		t.Errorf("show --json: %v", doc)
	}

	full := jsonObject(t, ta.runOK(t, "show", "--full", "--json", tides))
	var titles []string
	for _, s := range full["sections"].([]any) {
		titles = append(titles, s.(map[string]any)["title"].(string))
	}
	if full["full_text"] != true || strings.Join(titles, ",") != "Introduction,Spring and neap,Tables" {
		t.Errorf("show --full: full_text %v, sections %q", full["full_text"], titles)
	}
	// Cached now: offline it is still there, and show without --full is
	// still the feed's text.
	if out := ta.runOK(t, "--offline", "show", "--full", tides); !strings.Contains(out, "## Spring and neap") {
		t.Errorf("show --full offline:\n%s", out)
	}
	if out := ta.runOK(t, "show", tides); strings.Contains(out, "Spring and neap") {
		t.Errorf("show without --full printed the full text:\n%s", out)
	}

	ta.runFail(t, "full text of article "+ids["Gone"]+": HTTP 404 Not Found; the feed's text is unchanged", "show", "--full", ids["Gone"])
	ta.runFail(t, "--offline reads no pages", "--offline", "show", "--full", ids["Gone"])
	ta.runFail(t, "no cached article has the id 9999", "show", "9999")
	ta.runFail(t, "the article id is empty", "show", "")
	ta.runFail(t, "show needs one article id", "show")

	readMark := func() any {
		for _, a := range ta.jsonArray(t, "list", "--json") {
			if a["id"] == tides {
				return a["read"]
			}
		}
		return nil
	}
	if r := readMark(); r != false {
		t.Errorf("printing the article marked it read: %v", r)
	}
	// On a terminal it opens the reader on the article, which marks it
	// read, as opening it from the library does.
	ta.terminal = true
	ta.runOK(t, "show", "--full", tides)
	if !ta.ran || ta.opts.Start == nil || ta.opts.Start.Title != "Reading the tides" || !ta.opts.Start.FullText || !ta.opts.Start.Read {
		t.Errorf("show on a terminal: ran %v, start %+v", ta.ran, ta.opts.Start)
	}
	ta.terminal = false
	if r := readMark(); r != true {
		t.Errorf("after the reader showed it, read is %v", r)
	}
}

func TestFullTextFeedsFromAddToFetch(t *testing.T) {
	site := summarySite(t)
	ta := newTestApp(t)
	list := writeFeedList(t, ta, "# mine")
	ta.runOK(t, "add", "--fulltext", site.URL+"/summaries.xml")
	ta.runOK(t, "add", site.URL+"/podcast.xml")
	data, _ := os.ReadFile(list)
	if !strings.Contains(string(data), site.URL+"/summaries.xml fulltext=yes\n") {
		t.Errorf("the feed list after add --fulltext:\n%s", data)
	}
	for _, f := range ta.jsonArray(t, "feeds", "--json") {
		if want := f["url"] == site.URL+"/summaries.xml"; f["fulltext"] != want {
			t.Errorf("feeds --json fulltext for %s: %v", f["url"], f["fulltext"])
		}
	}
	if out := ta.runOK(t, "export"); !strings.Contains(out, `fulltext="yes"`) {
		t.Errorf("export lost fulltext:\n%s", out)
	}

	out := ta.runOK(t, "fetch")
	// The page that is gone fails, the feed does not.
	if !strings.Contains(out, "ok    Summaries  2 new, 1 full text, 1 page failed") ||
		!strings.Contains(out, "fetched 2 feeds: 3 new articles, 0 failed; 1 full text, 1 page failed") {
		t.Errorf("fetch with a fulltext feed printed:\n%s", out)
	}
	doc := jsonObject(t, ta.runOK(t, "--offline", "show", "--full", "--json", ta.jsonArray(t, "list", "--json", "--feed", "Summaries")[0]["id"].(string)))
	if doc["full_text"] != true {
		t.Errorf("the refresh's full text is not cached: %v", doc)
	}
}
