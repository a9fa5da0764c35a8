package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/herald-reader/herald/feedlist"
	"github.com/herald-reader/herald/store"
)

// rssFeed is an RSS 2.0 document with one item per title, the first the
// newest, a day apart.
func rssFeed(title, base string, items ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>%s</title><link>%s</link><description>test</description>
`, title, base)
	day := time.Date(2026, 1, 20, 12, 0, 0, 0, time.UTC)
	for i, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s/%d</link><guid>%s/%d</guid><author>ann@example.com (Ann)</author>
<pubDate>%s</pubDate><description>&lt;p&gt;Body of %s.&lt;/p&gt;</description></item>
`, it, base, i, base, i, day.AddDate(0, 0, -i).Format(time.RFC1123Z), it)
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

// feedSite serves the feeds the tests fetch, on loopback, and counts the
// conditional GETs it answered with 304.
type feedSite struct {
	*httptest.Server
	notModified atomic.Int32
}

func newFeedSite(t *testing.T) *feedSite {
	t.Helper()
	s := &feedSite{}
	mux := http.NewServeMux()
	mux.HandleFunc("/good.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			s.notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rssFeed("Good Feed", s.URL+"/good", "Tide tables explained", "Harbour news", "Storm warning"))
	})
	mux.HandleFunc("/other.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rssFeed("Other Feed", s.URL+"/other", "Lighthouse restored"))
	})
	mux.HandleFunc("/broken.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<title>Broken</title><item><title>cut")
	})
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>A blog</title>
<link rel="alternate" type="application/rss+xml" title="Feed" href="/other.xml"></head>
<body><p>Hello.</p></body></html>`)
	})
	mux.HandleFunc("/post.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>Reading the tides</title></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Reading the tides</h1>
<p>The tide turns twice a day along most of the coast, and the harbour master posts the times at dawn
for every boat that means to leave before noon. Fishermen plan their week around these numbers.</p>
<h2>Spring and neap</h2>
<p>Spring tides come with the new and the full moon; neap tides with the quarters. The difference in
height can be several metres in the estuaries of the north, which matters to anyone mooring there.</p>
<h2>Tables</h2>
<p>A tide table lists the high and low waters for each day, with heights above chart datum and the
times in local time, corrected for summer time where it applies. <a href="/more">More tables</a>.</p>
</article></body></html>`)
	})
	// Everything else is a 404.
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// writeFeedList writes the test's own feed list, so no command ever writes
// (and fetches) the starter list of real sites.
func writeFeedList(t *testing.T, ta *testApp, lines ...string) string {
	t.Helper()
	path := filepath.Join(ta.cfgHome, "herald", "feeds")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runOK runs herald, fails the test unless it succeeds quietly, and
// returns stdout, clearing the buffers for the next run.
func (ta *testApp) runOK(t *testing.T, args ...string) string {
	t.Helper()
	ta.out.Reset()
	ta.errOut.Reset()
	if code := ta.run(args...); code != 0 || ta.errOut.Len() != 0 {
		t.Fatalf("herald %s: exit %d, stderr %q, stdout %q", strings.Join(args, " "), code, ta.errOut.String(), ta.out.String())
	}
	return ta.out.String()
}

// runFail runs herald expecting one "herald: ..." error line holding want,
// and returns stdout.
func (ta *testApp) runFail(t *testing.T, want string, args ...string) string {
	t.Helper()
	ta.out.Reset()
	ta.errOut.Reset()
	if code := ta.run(args...); code != 1 {
		t.Errorf("herald %s: exit %d, want 1 (stdout %q)", strings.Join(args, " "), code, ta.out.String())
	}
	assertErrorLine(t, ta.errOut.String(), want)
	return ta.out.String()
}

func (ta *testApp) jsonArray(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	out := ta.runOK(t, args...)
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("herald %s: not a JSON array: %v\n%s", strings.Join(args, " "), err, out)
	}
	if got == nil {
		t.Fatalf("herald %s printed null, want an array", strings.Join(args, " "))
	}
	return got
}

func loadList(t *testing.T, path string) []feedlist.Entry {
	t.Helper()
	entries, err := feedlist.LoadList(path)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func TestFetchReportsEveryFeed(t *testing.T) {
	site := newFeedSite(t)
	ta := newTestApp(t)
	writeFeedList(t, ta,
		"# my feeds",
		site.URL+"/good.xml",
		site.URL+`/missing.xml "~Missing one"`,
		site.URL+"/broken.xml")

	out := ta.runFail(t, "herald: 2 of 3 feeds failed", "fetch")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want a line per feed and a summary, got:\n%s", out)
	}
	has := func(prefix string) {
		t.Helper()
		for _, l := range lines[:3] {
			if strings.HasPrefix(l, prefix) {
				return
			}
		}
		t.Errorf("no line starts with %q:\n%s", prefix, out)
	}
	// A feed never fetched successfully is named by its URL.
	has("FAIL  " + site.URL + "/broken.xml  malformed XML at line 3")
	has("FAIL  Missing one  HTTP 404 Not Found")
	has("ok    Good Feed  3 new (")
	if lines[3] != "fetched 3 feeds: 3 new articles, 2 failed" {
		t.Errorf("summary %q", lines[3])
	}

	listed := ta.runOK(t, "list")
	want := []string{"Tide tables explained", "Harbour news", "Storm warning"}
	got := strings.Split(strings.TrimSuffix(listed, "\n"), "\n")
	if len(got) != 3 {
		t.Fatalf("list printed:\n%s", listed)
	}
	for i, line := range got {
		if !strings.HasPrefix(line, "●  2026-01-") || !strings.HasSuffix(line, "  Good Feed  "+want[i]) {
			t.Errorf("list line %d = %q, want unread, dated, from Good Feed, %q (newest first)", i, line, want[i])
		}
	}

	// The validators stored by the first fetch make the second conditional.
	out = ta.runFail(t, "2 of 3 feeds failed", "fetch")
	if !strings.Contains(out, "same  Good Feed  not modified\n") {
		t.Errorf("second fetch does not report the 304:\n%s", out)
	}
	if !strings.HasSuffix(out, "fetched 3 feeds: 0 new articles, 1 not modified, 2 failed\n") {
		t.Errorf("second summary:\n%s", out)
	}
	if site.notModified.Load() != 1 {
		t.Errorf("server answered %d conditional GETs with 304, want 1", site.notModified.Load())
	}
}

func TestFetchOnTerminalDrawsProgress(t *testing.T) {
	site := newFeedSite(t)
	ta := newTestApp(t)
	ta.terminal = true
	ta.env["NO_COLOR"] = "1"
	writeFeedList(t, ta, site.URL+"/good.xml", site.URL+"/missing.xml")
	out := ta.runFail(t, "1 of 2 feeds failed", "fetch")
	if !strings.Contains(out, "2/2 feeds") || !strings.Contains(out, "\r") {
		t.Errorf("no progress bar redrawn in place:\n%q", out)
	}
	if strings.Contains(out, "ok    Good Feed") {
		t.Errorf("on a terminal the successes should not scroll by:\n%q", out)
	}
	if !strings.Contains(out, "\nFAIL  "+site.URL+"/missing.xml  HTTP 404 Not Found\n") &&
		!strings.Contains(out, "\rFAIL  ") {
		t.Errorf("the failure is not listed on a line of its own:\n%q", out)
	}
	if !strings.HasSuffix(out, "fetched 2 feeds: 3 new articles, 1 failed\n") {
		t.Errorf("no summary at the end:\n%q", out)
	}
	assertCleanText(t, "fetch output with NO_COLOR", strings.ReplaceAll(out, "\r", ""))
}

func TestFetchEdgeCases(t *testing.T) {
	ta := newTestApp(t)
	writeFeedList(t, ta, "# nothing yet")
	if out := ta.runOK(t, "fetch"); out != "no feeds: add one with herald add URL\n" {
		t.Errorf("empty list: %q", out)
	}
	ta.runFail(t, "fetch needs the network; --offline was given", "--offline", "fetch")
}

func TestListFilters(t *testing.T) {
	site := newFeedSite(t)
	ta := newTestApp(t)
	writeFeedList(t, ta, site.URL+"/good.xml", site.URL+`/other.xml "~Lights"`)
	ta.runOK(t, "fetch")

	// Mark one read and one starred through the cache, as the TUI would.
	all := ta.jsonArray(t, "list", "--json")
	if len(all) != 4 {
		t.Fatalf("list --json: %d articles, want 4", len(all))
	}
	st, err := store.Open(filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	var readID, starID string
	for _, a := range all {
		switch a["title"] {
		case "Harbour news":
			readID = a["id"].(string)
		case "Lighthouse restored":
			starID = a["id"].(string)
		}
	}
	ctx := context.Background()
	if err := st.SetRead(ctx, readID, true); err != nil {
		t.Fatal(err)
	}
	if err := st.SetStarred(ctx, starID, true); err != nil {
		t.Fatal(err)
	}
	st.Close()

	titles := func(arr []map[string]any) []string {
		var out []string
		for _, a := range arr {
			out = append(out, a["title"].(string))
		}
		return out
	}
	if got := titles(ta.jsonArray(t, "list", "--json", "--unread")); slices.Contains(got, "Harbour news") || len(got) != 3 {
		t.Errorf("--unread lists %q", got)
	}
	if got := titles(ta.jsonArray(t, "list", "--json", "--starred")); !slices.Equal(got, []string{"Lighthouse restored"}) {
		t.Errorf("--starred lists %q", got)
	}
	for _, byFeed := range []string{"lights", site.URL + "/other.xml", strings.ToUpper(site.URL[:4]) + site.URL[4:] + "/other.xml"} {
		if got := titles(ta.jsonArray(t, "list", "--json", "--feed", byFeed)); !slices.Equal(got, []string{"Lighthouse restored"}) {
			t.Errorf("--feed %s lists %q", byFeed, got)
		}
	}
	if got := titles(ta.jsonArray(t, "list", "--json", "--feed", "Good Feed", "--unread")); !slices.Equal(got, []string{"Tide tables explained", "Storm warning"}) {
		t.Errorf("--feed 'Good Feed' --unread lists %q", got)
	}
	if out := ta.runFail(t, `no feed has the URL or title "Nope"`, "list", "--feed", "Nope"); out != "" {
		t.Errorf("an unknown feed still listed %q", out)
	}

	text := ta.runOK(t, "list")
	for _, want := range []string{"●★ 2026-01-20  Lights  Lighthouse restored\n", "\n   2026-01-19  Good Feed  Harbour news\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("list does not show %q:\n%s", want, text)
		}
	}
}

func TestListAndFeedsJSONShapes(t *testing.T) {
	site := newFeedSite(t)
	ta := newTestApp(t)
	writeFeedList(t, ta, "# none")
	if out := ta.runOK(t, "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty list --json = %q, want []", out)
	}
	if out := ta.runOK(t, "feeds", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty feeds --json = %q, want []", out)
	}

	writeFeedList(t, ta, site.URL+"/good.xml news local", site.URL+"/missing.xml", site.URL+`/other.xml "~Lights"`)
	// Never fetched yet: listed all the same.
	for _, f := range ta.jsonArray(t, "feeds", "--json") {
		if f["status"] != "never fetched" || f["last_fetch"] != "" {
			t.Errorf("before any fetch: %v", f)
		}
	}
	ta.runFail(t, "1 of 3 feeds failed", "fetch")

	arts := ta.jsonArray(t, "list", "--json")
	if len(arts) != 4 {
		t.Fatalf("%d articles, want 4", len(arts))
	}
	wantKeys := []string{"author", "enclosures", "feed", "id", "published", "read", "starred", "title", "url"}
	for _, a := range arts {
		if got := sortedKeys(a); !slices.Equal(got, wantKeys) {
			t.Errorf("list --json keys %q, want %q", got, wantKeys)
		}
	}
	var first map[string]any
	for _, a := range arts {
		if a["title"] == "Tide tables explained" {
			first = a
		}
	}
	if first["title"] != "Tide tables explained" || first["feed"] != site.URL+"/good.xml" ||
		first["url"] != site.URL+"/good/0" || first["read"] != false || first["starred"] != false {
		t.Errorf("first article: %v", first)
	}
	if id, _ := first["id"].(string); id == "" {
		t.Errorf("article without an id: %v", first)
	}
	if p, _ := first["published"].(string); p == "" {
		t.Errorf("published missing: %v", first)
	} else if when, err := time.Parse(time.RFC3339, p); err != nil || !when.Equal(time.Date(2026, 1, 20, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("published %q (%v)", p, err)
	}

	feeds := ta.jsonArray(t, "feeds", "--json")
	if len(feeds) != 3 {
		t.Fatalf("%d feeds, want 3", len(feeds))
	}
	wantKeys = []string{"account", "articles", "error", "fulltext", "last_fetch", "status", "tags", "title", "unread", "url"}
	for _, f := range feeds {
		if got := sortedKeys(f); !slices.Equal(got, wantKeys) {
			t.Errorf("feeds --json keys %q, want %q", got, wantKeys)
		}
		if _, ok := f["tags"].([]any); !ok {
			t.Errorf("tags is %v, want an array", f["tags"])
		}
		if lf, _ := f["last_fetch"].(string); lf == "" {
			t.Errorf("last_fetch empty after a fetch: %v", f)
		} else if _, err := time.Parse(time.RFC3339, lf); err != nil {
			t.Errorf("last_fetch %q: %v", lf, err)
		}
	}
	good, missing, other := feeds[0], feeds[1], feeds[2]
	if good["url"] != site.URL+"/good.xml" || good["title"] != "Good Feed" || good["status"] != "ok" ||
		good["error"] != "" || good["articles"] != 3.0 || good["unread"] != 3.0 {
		t.Errorf("good feed: %v", good)
	}
	if tags, _ := good["tags"].([]any); !slices.Equal(tags, []any{"news", "local"}) {
		t.Errorf("good feed tags %v", good["tags"])
	}
	if missing["status"] != "error" || missing["error"] != "HTTP 404 Not Found" || missing["articles"] != 0.0 {
		t.Errorf("missing feed: %v", missing)
	}
	if other["title"] != "Lights" {
		t.Errorf("the list's title should win: %v", other)
	}

	text := ta.runOK(t, "feeds")
	for _, want := range []string{"ok            Good Feed  " + site.URL + "/good.xml  3 articles, 3 unread, fetched ",
		"\n              HTTP 404 Not Found\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("feeds does not show %q:\n%s", want, text)
		}
	}
}

func TestAdd(t *testing.T) {
	site := newFeedSite(t)
	ta := newTestApp(t)
	path := writeFeedList(t, ta, "# my list, keep this comment")

	if out := ta.runOK(t, "add", site.URL+"/good.xml", "--tag", "news"); out != "added Good Feed ("+site.URL+"/good.xml)\n" {
		t.Errorf("add of a feed: %q", out)
	}
	out := ta.runOK(t, "add", site.URL+"/page.html", "--title", "The blog")
	if out != "found the feed of that page: "+site.URL+"/other.xml\nadded The blog ("+site.URL+"/other.xml)\n" {
		t.Errorf("add of a page: %q", out)
	}
	if out := ta.runOK(t, "add", site.URL+"/good.xml"); out != "already in your feed list: "+site.URL+"/good.xml\n" {
		t.Errorf("add of a duplicate: %q", out)
	}

	before, _ := os.ReadFile(path)
	ta.runFail(t, "not an http or https address", "add", "javascript:alert(1)")
	ta.runFail(t, "HTTP 404 Not Found; nothing added", "add", site.URL+"/missing.xml")
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/feed.xml"
	dead.Close()
	ta.runFail(t, "connection refused; nothing added", "add", deadURL)
	ta.runFail(t, "no feed found on that page", "add", site.URL+"/post.html")
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("a refused add changed the list:\n%s", after)
	}

	// --offline adds without asking the network.
	if out := ta.runOK(t, "--offline", "add", deadURL); out != "added "+deadURL+" ("+deadURL+")\n" {
		t.Errorf("offline add: %q", out)
	}

	entries := loadList(t, path)
	if len(entries) != 3 {
		t.Fatalf("list holds %+v", entries)
	}
	if e := entries[0]; e.URL != site.URL+"/good.xml" || !slices.Equal(e.Tags, []string{"news"}) || e.Title != "" {
		t.Errorf("first entry %+v", e)
	}
	if e := entries[1]; e.URL != site.URL+"/other.xml" || e.Title != "The blog" {
		t.Errorf("discovered entry %+v", e)
	}
	if data, _ := os.ReadFile(path); !strings.HasPrefix(string(data), "# my list, keep this comment\n") {
		t.Errorf("the user's comment is gone:\n%s", data)
	}
}

func TestAddOnFirstRunStartsWithoutStarterFeeds(t *testing.T) {
	site := newFeedSite(t)
	ta := newTestApp(t)
	ta.runOK(t, "add", site.URL+"/good.xml")
	path := filepath.Join(ta.cfgHome, "herald", "feeds")
	entries := loadList(t, path)
	if len(entries) != 1 || entries[0].URL != site.URL+"/good.xml" {
		t.Errorf("first add wrote %+v, want only the added feed", entries)
	}
	if data, _ := os.ReadFile(path); !strings.HasPrefix(string(data), "# herald feed list") {
		t.Errorf("the explanatory header is missing:\n%s", data)
	}
}

func TestRemove(t *testing.T) {
	site := newFeedSite(t)
	ta := newTestApp(t)
	path := writeFeedList(t, ta, "# keep me", site.URL+"/good.xml", site.URL+"/other.xml")
	ta.runOK(t, "fetch")
	var starID string
	for _, a := range ta.jsonArray(t, "list", "--json", "--feed", "Good Feed") {
		if a["title"] == "Storm warning" {
			starID = a["id"].(string)
		}
	}
	st, err := store.Open(filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetStarred(context.Background(), starID, true); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// The host in another case is the same feed.
	if out := ta.runOK(t, "remove", strings.Replace(site.URL, "http://", "HTTP://", 1)+"/good.xml"); out != "removed "+site.URL+"/good.xml\n" {
		t.Errorf("remove: %q", out)
	}
	if data, _ := os.ReadFile(path); string(data) != "# keep me\n"+site.URL+"/other.xml\n" {
		t.Errorf("list after remove:\n%s", data)
	}
	var titles []string
	for _, a := range ta.jsonArray(t, "list", "--json") {
		titles = append(titles, a["title"].(string))
	}
	if !slices.Equal(titles, []string{"Lighthouse restored", "Storm warning"}) {
		t.Errorf("after remove the cache lists %q; want the other feed's article and the starred one", titles)
	}
	feeds := ta.jsonArray(t, "feeds", "--json")
	if len(feeds) != 1 || feeds[0]["url"] != site.URL+"/other.xml" {
		t.Errorf("feeds after remove: %v", feeds)
	}
	ta.runFail(t, "not in your feed list: "+site.URL+"/good.xml", "remove", site.URL+"/good.xml")
}

func TestImport(t *testing.T) {
	ta := newTestApp(t)
	path := writeFeedList(t, ta, "# mine", "https://example.org/already.xml")
	dir := t.TempDir()

	opml := filepath.Join(dir, "subs.opml")
	os.WriteFile(opml, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="News">
    <outline text="World">
      <outline text="Deep Feed" type="rss" xmlUrl="https://example.org/deep.xml"/>
    </outline>
    <outline text="Top Feed" type="rss" xmlUrl="https://example.org/top.xml"/>
  </outline>
  <outline text="Already" type="rss" xmlUrl="https://example.org/already.xml"/>
</body></opml>
`), 0o644)
	out := ta.runOK(t, "import", opml)
	if !strings.Contains(out, "already in your feed list: https://example.org/already.xml\n") ||
		!strings.HasSuffix(out, "imported 2 feeds (1 already present)\n") {
		t.Errorf("OPML import printed:\n%s", out)
	}
	entries := loadList(t, path)
	if len(entries) != 3 {
		t.Fatalf("list after OPML import: %+v", entries)
	}
	if e := entries[1]; e.URL != "https://example.org/deep.xml" || e.Title != "Deep Feed" || !slices.Equal(e.Tags, []string{"News", "World"}) {
		t.Errorf("nested outline became %+v", e)
	}
	if e := entries[2]; !slices.Equal(e.Tags, []string{"News"}) {
		t.Errorf("outline in one folder became %+v", e)
	}

	// newsboat's command entries are reported and never run.
	marker := filepath.Join(dir, "ran")
	urls := filepath.Join(dir, "urls")
	os.WriteFile(urls, []byte("# newsboat urls\n"+
		"https://example.net/a.xml tech \"~Site A\"\n"+
		"\"exec:touch "+marker+"\" tech\n"+
		"\"query:Unread:unread = \\\"yes\\\"\"\n"+
		"\"filter:touch "+marker+":https://example.net/f.xml\"\n"+
		"https://example.net/b.xml\n"), 0o644)
	out = ta.runOK(t, "import", urls)
	for _, want := range []string{"line 3: skipped the exec: entry", "line 4: skipped the query: entry", "line 5: skipped the filter: entry", "imported 2 feeds (0 already present)\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("urls import does not say %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("an exec: or filter: entry was run")
	}
	if entries := loadList(t, path); len(entries) != 5 || entries[3].Title != "Site A" || !slices.Equal(entries[3].Tags, []string{"tech"}) {
		t.Errorf("list after urls import: %+v", entries)
	}

	// A bad file names its line and changes nothing.
	before, _ := os.ReadFile(path)
	bad := filepath.Join(dir, "bad")
	os.WriteFile(bad, []byte("https://example.com/ok.xml\nnot a feed line\n"), 0o644)
	ta.runFail(t, "line 2", "import", bad)
	ta.runFail(t, "no such file", "import", filepath.Join(dir, "absent.opml"))
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("a failed import changed the list:\n%s", after)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	ta := newTestApp(t)
	lines := []string{
		`https://example.org/a.xml news world "~A & B <News>"`,
		`https://example.org/b.xml`,
		`https://example.org/c.xml tech`,
	}
	writeFeedList(t, ta, lines...)
	exported := ta.runOK(t, "export")
	if !strings.HasPrefix(exported, "<?xml") || !strings.Contains(exported, `<opml version="2.0">`) {
		t.Errorf("export is not OPML 2.0:\n%s", exported)
	}

	tb := newTestApp(t)
	path := writeFeedList(t, tb, "# fresh")
	tb.stdin = strings.NewReader(exported)
	if out := tb.runOK(t, "import", "-"); !strings.HasSuffix(out, "imported 3 feeds (0 already present)\n") {
		t.Errorf("import of the export: %q", out)
	}
	want := loadList(t, filepath.Join(ta.cfgHome, "herald", "feeds"))
	got := loadList(t, path)
	if len(got) != len(want) {
		t.Fatalf("round trip: %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].URL != want[i].URL || got[i].Title != want[i].Title || !slices.Equal(got[i].Tags, want[i].Tags) {
			t.Errorf("round trip entry %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestReadURL(t *testing.T) {
	site := newFeedSite(t)
	ta := newTestApp(t)
	writeFeedList(t, ta, "# none")
	out := ta.runOK(t, "read", site.URL+"/post.html")
	if !strings.HasPrefix(out, "# Reading the tides\n") || !strings.Contains(out, "## Spring and neap\n") ||
		!strings.Contains(out, "harbour master posts the times") {
		t.Errorf("piped read of a page:\n%s", out)
	}
	if !strings.Contains(out, "("+site.URL+"/more)") {
		t.Errorf("the relative link was not made absolute:\n%s", out)
	}
	assertCleanText(t, "read of a page", out)

	var doc map[string]any
	if err := json.Unmarshal([]byte(ta.runOK(t, "read", "--json", site.URL+"/post.html")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["source"] != "127.0.0.1" || doc["url"] != site.URL+"/post.html" {
		t.Errorf("source %q, url %q", doc["source"], doc["url"])
	}

	ta.runFail(t, "read "+site.URL+"/gone.html: HTTP 404 Not Found", "read", site.URL+"/gone.html")
	ta.runFail(t, "--offline", "--offline", "read", site.URL+"/post.html")
}

func TestFeedCommandUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"add"}, "add needs one feed address"},
		{[]string{"remove"}, "remove needs one feed address"},
		{[]string{"import"}, "import needs one file"},
		{[]string{"list", "extra"}, `unknown command "extra"`},
		{[]string{"feeds", "--bogus"}, "unknown flag: --bogus"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			ta := newTestApp(t)
			ta.assertOneErrorLine(t, ta.run(tc.args...), tc.want)
		})
	}
}

// slowFeeds serves a feed of n items at every path, each answer after delay,
// counting the requests in served.
func slowFeeds(t *testing.T, n int, delay time.Duration, served *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprintf("Item %d of %s", i, r.URL.Path)
		}
		fmt.Fprint(w, rssFeed("Feed "+r.URL.Path, "http://"+r.Host+r.URL.Path, items...))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A `herald fetch` killed mid-fetch leaves a cache that opens, lists and
// keeps every read mark set before.
func TestFetchKilledMidwayKeepsCache(t *testing.T) {
	bin := heraldBinary(t)
	const feeds = 60
	var served atomic.Int32
	srv := slowFeeds(t, 20, 100*time.Millisecond, &served)

	ta := newTestApp(t)
	writeFeedList(t, ta, srv.URL+"/0")
	ta.runOK(t, "fetch")
	first := ta.jsonArray(t, "list", "--json")
	if len(first) != 20 {
		t.Fatalf("first fetch cached %d articles", len(first))
	}
	readID := first[3]["id"].(string)
	dbPath := filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db")
	st, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetRead(context.Background(), readID, true); err != nil {
		t.Fatal(err)
	}
	st.Close()

	lines := make([]string, feeds)
	for i := range lines {
		lines[i] = fmt.Sprintf("%s/%d", srv.URL, i)
	}
	writeFeedList(t, ta, lines...)
	cmd := exec.Command(bin, "fetch")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+ta.cfgHome, "XDG_DATA_HOME="+ta.env["XDG_DATA_HOME"])
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	base := served.Load()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Killed once the fetch is under way, by its requests rather than by
	// the clock: a loaded machine can take most of a second to start the
	// binary, and a fixed sleep then killed it before its first request.
	for deadline := time.Now().Add(20 * time.Second); served.Load() < base+5 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(150 * time.Millisecond) // a feed or two saved, most still to come
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("herald fetch ended before the kill: %v\n%s", err, out.String())
	}
	cmd.Wait()
	if strings.Contains(out.String(), "fetched ") || served.Load() < 2 {
		t.Fatalf("the kill did not land mid-fetch (%d requests served):\n%s", served.Load(), out.String())
	}

	st, err = store.Open(dbPath)
	if err != nil {
		t.Fatalf("the cache does not open after the kill: %v", err)
	}
	defer st.Close()
	art, err := st.Load(context.Background(), readID)
	if err != nil || !art.Read {
		t.Errorf("the read mark set before the kill is gone (read=%v, err=%v)", art.Read, err)
	}
	after := ta.jsonArray(t, "list", "--json")
	if len(after) < 20 || len(after)%20 != 0 {
		t.Errorf("after the kill list holds %d articles; each feed's items land whole or not at all", len(after))
	}
	// The next fetch completes on the same cache.
	if out := ta.runOK(t, "fetch"); !strings.Contains(out, fmt.Sprintf("fetched %d feeds: ", feeds)) {
		t.Errorf("fetch after the kill:\n%s", out)
	}
}

// The TUI and a `herald fetch` in another terminal share one cache: neither
// may fail or lose the other's writes.
func TestFetchWhileAnotherHeraldMarksArticles(t *testing.T) {
	bin := heraldBinary(t)
	var served atomic.Int32
	srv := slowFeeds(t, 30, 20*time.Millisecond, &served)

	ta := newTestApp(t)
	writeFeedList(t, ta, srv.URL+"/first")
	ta.runOK(t, "fetch")
	first := ta.jsonArray(t, "list", "--json")
	lines := make([]string, 40)
	for i := range lines {
		lines[i] = fmt.Sprintf("%s/%d", srv.URL, i)
	}
	writeFeedList(t, ta, lines...)

	dbPath := filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db")
	st, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cmd := exec.Command(bin, "fetch")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+ta.cfgHome, "XDG_DATA_HOME="+ta.env["XDG_DATA_HOME"])
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// Meanwhile, as the TUI would: list, read and star, over and over.
	ctx := context.Background()
	marked := 0
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("herald fetch failed beside another herald: %v\n%s", err, out.String())
			}
			running = false
		default:
			id := first[marked%len(first)]["id"].(string)
			if err := st.SetRead(ctx, id, true); err != nil {
				t.Fatalf("marking while herald fetch writes: %v", err)
			}
			if _, err := st.List(ctx, store.Filter{Unread: true}); err != nil {
				t.Fatalf("listing while herald fetch writes: %v", err)
			}
			marked++
		}
	}
	if marked == 0 {
		t.Fatal("the fetch ended before anything was marked beside it")
	}
	if !strings.Contains(out.String(), "fetched 40 feeds: 1200 new articles") {
		t.Errorf("the fetch beside another herald:\n%s", out.String())
	}
	for _, a := range ta.jsonArray(t, "list", "--json") {
		for i := 0; i < min(marked, len(first)); i++ {
			if a["id"] == first[i]["id"] && a["read"] != true {
				t.Errorf("article %v lost the read mark made during the fetch", a["id"])
			}
		}
	}
}
