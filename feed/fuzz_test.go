package feed

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// seedFuzz adds every fixture and a few small documents of each format.
func seedFuzz(f *testing.F) {
	for _, dir := range []string{"testdata/feeds", "testdata/broken"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	for _, s := range []string{
		`<rss><channel><item><title>a</title><link>b</link></item></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">&lt;b&gt;</title><link href="x"/></entry></feed>`,
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><title>t</title></item></rdf:RDF>`,
		`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":1,"title":"t"}]}`,
		`{"rss":{"channel":{"item":{"title":"t"}}}}`,
		`<rss><channel><item><description><![CDATA[x]]></description><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate></item></channel></rss>`,
	} {
		f.Add([]byte(s))
	}
}

// goTypes are what a Go error leaks when it is shown as it is.
var goTypes = regexp.MustCompile(`Go struct|Go value|\bstruct\b|\[\]string|\*feed\.|json: |xml: |unmarshal|interface \{|xpp:|gofeed`)

// FuzzParse feeds the parser arbitrary bytes: it must not panic, hang or
// blow up its output, and whatever it says must be in words.
func FuzzParse(f *testing.F) {
	seedFuzz(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		var rec recovery
		var out int
		// parseDoc, not Read: Read turns a panic into an error, which
		// would hide the bug.
		_, err := parseDoc(body, "", &rec, func(it *item) {
			out += len(it.title) + len(it.link) + len(it.guid) + len(it.content) + len(it.summary) + len(it.published)
		})
		if out > 8*len(body)+1024 {
			t.Fatalf("%d bytes of input became %d of output", len(body), out)
		}
		res, rerr := Read(body, "", feedURL, Raw)
		if (err == nil) != (rerr == nil) {
			t.Fatalf("parseDoc and Read disagree: %v / %v", err, rerr)
		}
		if rerr != nil {
			msg := rerr.Error()
			if goTypes.MatchString(msg) || strings.ContainsAny(msg, "\n\r") {
				t.Fatalf("error not in words: %q", msg)
			}
			if res.Recovered != "" || len(res.Items) > 0 {
				t.Fatalf("an error with a result: %+v", res)
			}
			var le *LimitError
			if !errors.As(rerr, &le) && !errors.Is(rerr, ErrNotFeed) && !strings.HasPrefix(msg, "malformed ") {
				t.Fatalf("unexpected kind of error: %q", msg)
			}
			return
		}
		if goTypes.MatchString(res.Recovered) {
			t.Fatalf("recovery not in words: %q", res.Recovered)
		}
		for _, a := range res.Items {
			if a.ID == "" {
				t.Fatal("an item without an ID")
			}
			if a.URL != "" && !strings.HasPrefix(a.URL, "http://") && !strings.HasPrefix(a.URL, "https://") {
				t.Fatalf("a link that is not web: %q", a.URL)
			}
			if strings.ContainsAny(a.Title+a.Author+a.Body, "\x1b\x07") {
				t.Fatalf("an escape reached an article: %q", a.Title)
			}
		}
	})
}

// FuzzDifferential runs gofeed and the new parser on the same bytes and
// fails on a difference no documented improvement explains.
func FuzzDifferential(f *testing.F) {
	seedFuzz(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 64<<10 || bytes.Count(body, []byte("<")) > 4000 {
			// gofeed recurses on nesting; deep inputs are FuzzParse's.
			return
		}
		differential(t, "fuzzed input", body, "")
	})
}
