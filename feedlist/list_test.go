package feedlist

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const sampleList = `# my feeds
# keep this comment

https://example.com/a.xml news "~Site A" reader=on
  # indented comment
https://example.org/b.xml tech "two words" limit=50 future_key=x

https://example.net/c.xml
`

func writeList(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feeds")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadListReadsEntriesInOrder(t *testing.T) {
	got, err := LoadList(writeList(t, sampleList))
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{URL: "https://example.com/a.xml", Title: "Site A", Tags: []string{"news"}, Settings: map[string]string{"reader": "on"}},
		{URL: "https://example.org/b.xml", Tags: []string{"tech", "two words"}, Settings: map[string]string{"limit": "50", "future_key": "x"}},
		{URL: "https://example.net/c.xml"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %#v\nwant %#v", got, want)
	}
}

func TestLoadListMissingFileIsEmpty(t *testing.T) {
	got, err := LoadList(filepath.Join(t.TempDir(), "feeds"))
	if err != nil || len(got) != 0 {
		t.Fatalf("got %v, %v; want an empty list", got, err)
	}
}

func TestLoadListNamesFileAndBadLine(t *testing.T) {
	for name, bad := range map[string]string{
		"not a URL":    "news.example.com tech",
		"ftp scheme":   "ftp://example.com/feed",
		"open quote":   `https://example.com/x "~Title`,
		"bad key name": "https://example.com/x a%b=c",
	} {
		t.Run(name, func(t *testing.T) {
			path := writeList(t, "# c\nhttps://example.com/ok\n"+bad+"\n")
			_, err := LoadList(path)
			if err == nil {
				t.Fatal("no error for a bad line")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line 3") {
				t.Fatalf("error %q does not name %s and line 3", err, path)
			}
		})
	}
}

func TestAddAppendsAndKeepsCommentsAndOrder(t *testing.T) {
	path := writeList(t, sampleList)
	e := Entry{URL: "https://new.example/feed", Title: `Say "hi"`, Tags: []string{"x y"}, Settings: map[string]string{"reader": "on"}}
	if err := Add(path, e); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), sampleList) {
		t.Fatalf("existing lines changed:\n%s", data)
	}
	got, err := LoadList(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || !reflect.DeepEqual(got[3], e) {
		t.Fatalf("last entry %#v, want %#v", got[len(got)-1], e)
	}
}

func TestAddWithoutTrailingNewline(t *testing.T) {
	path := writeList(t, "https://a.example/feed")
	if err := Add(path, Entry{URL: "https://b.example/feed"}); err != nil {
		t.Fatal(err)
	}
	got, err := LoadList(path)
	if err != nil || len(got) != 2 {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestAddCreatesMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald", "feeds")
	if err := Add(path, Entry{URL: "https://a.example/feed"}); err != nil {
		t.Fatal(err)
	}
	got, err := LoadList(path)
	if err != nil || len(got) != 1 {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestAddDuplicateChangesNothing(t *testing.T) {
	path := writeList(t, sampleList)
	for _, u := range []string{"https://example.com/a.xml", "HTTPS://EXAMPLE.COM/a.xml"} {
		err := Add(path, Entry{URL: u, Title: "again"})
		if !errors.Is(err, ErrDuplicate) {
			t.Fatalf("Add(%s) = %v, want ErrDuplicate", u, err)
		}
	}
	data, _ := os.ReadFile(path)
	if string(data) != sampleList {
		t.Fatalf("file changed on duplicate:\n%s", data)
	}
}

func TestAddAllSkipsDuplicatesInOneWrite(t *testing.T) {
	path := writeList(t, sampleList)
	skipped, err := AddAll(path, []Entry{
		{URL: "https://example.com/a.xml"},
		{URL: "https://n1.example/f"},
		{URL: "https://n2.example/f"},
		{URL: "https://n1.example/f"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(skipped, []string{"https://example.com/a.xml", "https://n1.example/f"}) {
		t.Fatalf("skipped %v", skipped)
	}
	got, _ := LoadList(path)
	if len(got) != 5 {
		t.Fatalf("got %d entries, want 5", len(got))
	}
}

func TestEditsRefuseABadFile(t *testing.T) {
	bad := "https://ok.example/f\nnot-a-url\n"
	path := writeList(t, bad)
	if err := Add(path, Entry{URL: "https://new.example/f"}); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("Add on a bad file = %v, want an error naming line 2", err)
	}
	if err := Remove(path, "https://ok.example/f"); err == nil {
		t.Fatal("Remove on a bad file succeeded")
	}
	data, _ := os.ReadFile(path)
	if string(data) != bad {
		t.Fatalf("bad file was changed:\n%s", data)
	}
}

func TestRemoveKeepsEverythingElse(t *testing.T) {
	path := writeList(t, sampleList)
	if err := Remove(path, "https://example.org/b.xml"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	want := strings.Replace(sampleList, "https://example.org/b.xml tech \"two words\" limit=50 future_key=x\n", "", 1)
	if string(data) != want {
		t.Fatalf("got\n%s\nwant\n%s", data, want)
	}
	if err := Remove(path, "https://example.org/b.xml"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Remove = %v, want ErrNotFound", err)
	}
}

func TestEditsReplaceTheFileAtomically(t *testing.T) {
	path := writeList(t, sampleList)
	// A hard link still shows the old content only if the edit wrote a
	// new file and renamed it into place instead of rewriting in place.
	old := path + ".old"
	if err := os.Link(path, old); err != nil {
		t.Skip("hard links not supported here:", err)
	}
	if err := Add(path, Entry{URL: "https://new.example/f"}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(old); string(data) != sampleList {
		t.Fatal("the list was rewritten in place, not replaced")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want the original 0600 kept", fi.Mode().Perm())
	}
	names, _ := os.ReadDir(filepath.Dir(path))
	if len(names) != 2 {
		t.Fatalf("left behind: %v", names)
	}
}

func TestDefaultListIsAValidStarterSet(t *testing.T) {
	path := writeList(t, DefaultList())
	got, err := LoadList(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 5 || len(got) > 8 {
		t.Fatalf("%d starter feeds, want 5-8", len(got))
	}
	for _, e := range got {
		if !strings.HasPrefix(e.URL, "https://") || e.Title == "" {
			t.Errorf("starter entry %+v wants https and a title", e)
		}
	}
}

func TestFormatEntryRoundTrips(t *testing.T) {
	e := Entry{
		URL:      "https://example.com/feed?x=1&y=2",
		Title:    `A "quoted" \ title`,
		Tags:     []string{"plain", "with space", "k=v"},
		Settings: map[string]string{"reader": "on", "note": "two words"},
	}
	got, err := parseEntry(FormatEntry(e))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, e) {
		t.Fatalf("line %q\ngot  %#v\nwant %#v", FormatEntry(e), got, e)
	}
}

const nestedOPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="News">
      <outline text="World">
        <outline type="rss" text="BBC" title="BBC World" xmlUrl="https://feeds.example/bbc.xml" htmlUrl="https://bbc.example/"/>
      </outline>
      <outline type="rss" text="Local" xmlUrl="https://feeds.example/local.xml" category="/city,weather"/>
    </outline>
    <outline type="rss" text="Top level" xmlUrl="https://feeds.example/top.xml"/>
    <outline type="rss" text="Gopher" xmlUrl="gopher://old.example/feed"/>
    <outline type="rss" text="BBC again" xmlUrl="https://feeds.example/bbc.xml"/>
  </body>
</opml>`

func TestImportOPMLNestedOutlinesBecomeTags(t *testing.T) {
	got, warnings, err := Import([]byte(nestedOPML))
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{URL: "https://feeds.example/bbc.xml", Title: "BBC World", Tags: []string{"News", "World"}},
		{URL: "https://feeds.example/local.xml", Title: "Local", Tags: []string{"News", "city", "weather"}},
		{URL: "https://feeds.example/top.xml", Title: "Top level"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %#v\nwant %#v", got, want)
	}
	if len(warnings) != 2 {
		t.Fatalf("warnings %q, want the gopher feed and the duplicate", warnings)
	}
}

func TestImportOPML1(t *testing.T) {
	doc := `<opml version="1.0"><head><title>x</title></head><body>
<outline text="Tech"><outline text="Ars" type="rss" xmlUrl="https://feeds.example/ars"/></outline>
</body></opml>`
	got, _, err := Import([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Title != "Ars" || !reflect.DeepEqual(got[0].Tags, []string{"Tech"}) {
		t.Fatalf("got %#v", got)
	}
}

func TestImportMalformedOPMLNamesTheLine(t *testing.T) {
	doc := "<?xml version=\"1.0\"?>\n<opml version=\"2.0\">\n<body>\n<outline text=\"a\" xmlUrl=\"https://x.example/f\">\n</body></opml>"
	_, _, err := Import([]byte(doc))
	if err == nil || !strings.Contains(err.Error(), "line 5") {
		t.Fatalf("err = %v, want one naming line 5", err)
	}
	if _, _, err := Import([]byte("<html><body>hi</body></html>")); err == nil || !strings.Contains(err.Error(), "OPML") {
		t.Fatalf("HTML imported as OPML: %v", err)
	}
}

func TestImportNewsboatURLsSkipsCommandsWithoutRunningThem(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	urls := `# newsboat urls
https://a.example/feed.xml tech "~Site A" news
https://b.example/rss "two words" !
"query:Unread:unread = \"yes\""
exec:touch ` + marker + `
filter:touch ` + marker + `:https://c.example/feed
"|touch ` + marker + `"

https://d.example/atom
`
	got, warnings, err := Import([]byte(urls))
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{URL: "https://a.example/feed.xml", Title: "Site A", Tags: []string{"tech", "news"}},
		{URL: "https://b.example/rss", Tags: []string{"two words"}, Settings: map[string]string{"hidden": "on"}},
		{URL: "https://d.example/atom"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %#v\nwant %#v", got, want)
	}
	if len(warnings) != 4 {
		t.Fatalf("warnings %q, want 4", warnings)
	}
	for i, kind := range []string{"query:", "exec:", "filter:", "|command"} {
		if !strings.Contains(warnings[i], kind) || !strings.Contains(warnings[i], "line") {
			t.Errorf("warning %q does not name %s and its line", warnings[i], kind)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("an entry's command was run")
	}
}

func TestImportURLsNamesBadLine(t *testing.T) {
	_, _, err := Import([]byte("https://a.example/f\n# ok\nthis is not a feed\n"))
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("err = %v, want one naming line 3", err)
	}
	if _, _, err := Import([]byte("  \n")); err == nil {
		t.Fatal("empty file imported without error")
	}
}

func TestExportOPMLRoundTrips(t *testing.T) {
	in := []Entry{
		{URL: "https://a.example/f?x=1&y=2", Title: `A & "B" <C>`, Tags: []string{"news", "world"}},
		{URL: "https://b.example/f"},
		{URL: "https://c.example/f", Settings: map[string]string{FullTextKey: "yes"}},
	}
	var buf bytes.Buffer
	if err := ExportOPML(&buf, in); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`<opml version="2.0">`, "<dateCreated>", `type="rss"`, `xmlUrl="https://a.example/f?x=1&amp;y=2"`, `category="news,world"`, `fulltext="yes"`} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %s:\n%s", want, out)
		}
	}
	got, warnings, err := Import(buf.Bytes())
	if err != nil || len(warnings) != 0 {
		t.Fatal(err, warnings)
	}
	// An entry without a title is exported with its URL as the text, and
	// comes back without a title.
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("round trip\ngot  %#v\nwant %#v", got, in)
	}
	buf.Reset()
	if err := ExportOPML(&buf, nil); err != nil || !strings.Contains(buf.String(), "<body>") {
		t.Fatalf("empty export %q, %v", buf.String(), err)
	}
}

func TestFullTextSetting(t *testing.T) {
	for v, want := range map[string]bool{"yes": true, "YES": true, "true": true, "on": true, "1": true, "no": false, "": false, "maybe": false} {
		if got := (Entry{Settings: map[string]string{FullTextKey: v}}).FullText(); got != want {
			t.Errorf("fulltext=%q: %v, want %v", v, got, want)
		}
	}
	e, err := parseEntry(`https://a.example/f news "~A" fulltext=yes`)
	if err != nil || !e.FullText() || FormatEntry(e) != `https://a.example/f news "~A" fulltext=yes` {
		t.Errorf("parse and format: %+v, %v, %q", e, err, FormatEntry(e))
	}
}
