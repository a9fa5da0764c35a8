package cli

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/herald-reader/herald/store"
)

// newsboatCacheFile builds a newsboat cache.db with newsboat's own schema
// (feedlist/testdata/newsboat-schema.sql, written as newsboat writes it)
// and the rows given.
func newsboatCacheFile(t *testing.T, inserts ...string) string {
	t.Helper()
	schema, err := os.ReadFile("../feedlist/testdata/newsboat-schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cache.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range append([]string{string(schema)}, inserts...) {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	return path
}

func TestImportNewsboatCache(t *testing.T) {
	// The feed, as the site still serves it: herald's first fetch after the
	// import must find the imported articles, not add them again.
	var feedURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Tide Log</title><link>%[1]s/</link>
<item><title>Spring tides</title><link>%[1]s/1</link><guid>tide-1</guid><pubDate>Mon, 19 Jan 2026 12:00:00 +0000</pubDate><description>High water.</description></item>
<item><title>Neap tides</title><link>%[1]s/2</link><guid>tide-2</guid><pubDate>Tue, 20 Jan 2026 12:00:00 +0000</pubDate><description>Low range.</description></item>
<item><title>No guid here</title><link>%[1]s/3</link><pubDate>Wed, 21 Jan 2026 12:00:00 +0000</pubDate><description>x</description></item>
</channel></rss>`, feedURL[:strings.LastIndex(feedURL, "/")])
	}))
	defer srv.Close()
	feedURL = srv.URL + "/tides.xml"

	cache := newsboatCacheFile(t,
		fmt.Sprintf(`INSERT INTO rss_feed (rssurl, url, title) VALUES ('%s', '%s/', 'Tide Log'), ('https://lights.example/feed', '', 'Lights')`, feedURL, srv.URL),
		fmt.Sprintf(`INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread, flags) VALUES
			('tide-1', 'Spring tides', 'Ann', '%[1]s/1', '%[2]s', 1768824000, '<p>High water.</p>', 0, 's'),
			('tide-2', 'Neap tides', '', '%[1]s/2', '%[2]s', 1768910400, '<p>Low range.</p>', 1, NULL),
			('%[1]s/3Wed, 21 Jan 2026 12:00:00 +0000', 'No guid here', '', '%[1]s/3', '%[2]s', 1768996800, 'x', 0, ''),
			('lamp-1', 'A new lamp', '', 'https://lights.example/1', 'https://lights.example/feed', 1768996800, 'Bright.', 1, 'sf')`, srv.URL, feedURL),
	)

	ta := newTestApp(t)
	// The tides feed is in herald's list already, its scheme spelled in
	// capitals: it is matched by URL, not added twice.
	listed := strings.Replace(feedURL, "http://", "HTTP://", 1)
	writeFeedList(t, ta, listed+` "~My tides"`)
	out := ta.runOK(t, "import", cache)
	if want := "imported newsboat's cache: 2 feeds (1 new to your feed list), 4 new articles (2 unread, 2 starred)\n"; out != want {
		t.Errorf("first import said %q, want %q", out, want)
	}
	list := loadList(t, filepath.Join(ta.cfgHome, "herald", "feeds"))
	if len(list) != 2 || list[0].URL != listed || list[0].Title != "My tides" || list[1].URL != "https://lights.example/feed" {
		t.Errorf("feed list after the import: %+v", list)
	}
	marks := func() map[string]string {
		m := map[string]string{}
		for _, a := range ta.jsonArray(t, "list", "--json") {
			m[a["title"].(string)] = fmt.Sprintf("read=%v starred=%v", a["read"], a["starred"])
		}
		return m
	}
	want := map[string]string{
		"Spring tides": "read=true starred=true",
		"Neap tides":   "read=false starred=false",
		"No guid here": "read=true starred=false",
		"A new lamp":   "read=false starred=true",
	}
	if got := marks(); !mapsEqual(got, want) {
		t.Errorf("marks after the import:\n got %v\nwant %v", got, want)
	}

	// A mark made in herald survives a second import, which adds nothing.
	st, err := store.Open(filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range ta.jsonArray(t, "list", "--json") {
		if a["title"] == "Neap tides" {
			if err := st.SetRead(context.Background(), a["id"].(string), true); err != nil {
				t.Fatal(err)
			}
		}
	}
	st.Close()
	want["Neap tides"] = "read=true starred=false"
	out = ta.runOK(t, "import", cache)
	if !strings.Contains(out, "0 new articles") || !strings.Contains(out, "4 articles already in the cache, left as they were") {
		t.Errorf("second import said %q", out)
	}
	if got := marks(); !mapsEqual(got, want) {
		t.Errorf("marks after a second import:\n got %v\nwant %v", got, want)
	}

	// herald's own fetch of the feed knows the imported articles, the one
	// newsboat identified by link and date too.
	writeFeedList(t, ta, listed)
	ta.runOK(t, "fetch")
	titles := []string{}
	for _, a := range ta.jsonArray(t, "list", "--json") {
		titles = append(titles, a["title"].(string))
	}
	slices.Sort(titles)
	if !slices.Equal(titles, []string{"A new lamp", "Neap tides", "No guid here", "Spring tides"}) {
		t.Errorf("after a fetch the library holds %q: an imported article came back twice", titles)
	}
	if got := marks(); !mapsEqual(got, want) {
		t.Errorf("marks after a fetch:\n got %v\nwant %v", got, want)
	}
	// The newsboat file was only read.
	if entries, _ := os.ReadDir(filepath.Dir(cache)); len(entries) != 1 {
		t.Errorf("the import left files beside newsboat's cache: %d entries", len(entries))
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestImportNotANewsboatCache(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "notes.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	broken := filepath.Join(dir, "broken.db")
	if err := os.WriteFile(broken, append([]byte("SQLite format 3\x00"), []byte(strings.Repeat("x", 500))...), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		other:  "import " + other + ": not a newsboat cache: an SQLite database without newsboat's rss_",
		broken: "import " + broken + ": not a newsboat cache: SQLite cannot read it: file is not a database; nothing imported",
	} {
		ta := newTestApp(t)
		ta.runFail(t, want, "import", path)
		if entries := loadList(t, filepath.Join(ta.cfgHome, "herald", "feeds")); len(entries) != 0 {
			t.Errorf("a failed import added feeds: %+v", entries)
		}
	}
	// On standard input a cache cannot be read: say so.
	ta := newTestApp(t)
	data, err := os.ReadFile(newsboatCacheFile(t))
	if err != nil {
		t.Fatal(err)
	}
	ta.stdin = strings.NewReader(string(data))
	ta.runFail(t, "give newsboat's cache.db by its path", "import", "-")
}
