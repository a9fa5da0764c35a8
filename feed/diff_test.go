package feed

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
	"github.com/mmcdole/gofeed"
)

// The differential test: every fixture, every document the other tests
// parse, and fuzzed inputs go through both the new parser and the oracle
// (gofeed, as herald used it). Any difference in what a user sees (items,
// titles, links, dates, authors, bodies, attachments) fails, unless it is
// one of the documented improvements below.

// outcome is what one parser made of a document.
type outcome struct {
	err        error
	title      string
	items      []articles.Article
	enclosures [][]enclosure
	recovered  string
}

// diff is one difference between the two outcomes.
type diff struct {
	item  int // -1 for the feed itself
	field string
	old   string
	new   string
}

func (d diff) String() string {
	where := "feed"
	if d.item >= 0 {
		where = fmt.Sprintf("item %d", d.item)
	}
	return fmt.Sprintf("%s %s: gofeed %q, herald %q", where, d.field, d.old, d.new)
}

// improvement is a documented way in which the new parser differs on
// purpose. whole accepts every difference for a document; each accepts one
// difference at a time.
type improvement struct {
	name, reason string
	whole        func(body []byte, contentType string, old, new outcome) bool
	each         func(d diff, old, new outcome) bool
}

// improvements is the table of documented improvements (BENCHMARKS.md
// repeats it). Keep it small: each entry must say why herald is right.
var improvements = []improvement{
	{
		name:   "recovers what gofeed rejects",
		reason: "gofeed fails the whole feed on an unclosed CDATA section, a document cut off, a lone Atom entry, a feed inside an XHTML page, text before the prolog or a character XML forbids; herald keeps what is whole and marks the feed recovered, as feedparser does",
		whole: func(_ []byte, _ string, old, new outcome) bool {
			return old.err != nil && new.err == nil && new.recovered != ""
		},
	},
	{
		name:   "repairs broken XML by rule",
		reason: "on mismatched or missing end tags gofeed's XML decoder invents end tags where it stops, which loses the items after the break or puts one element's text in another; herald closes elements by the feed's vocabulary, keeps at least every item gofeed keeps, and marks the feed recovered",
		whole: func(_ []byte, _ string, old, new outcome) bool {
			return old.err == nil && new.err == nil && new.recovered != "" && len(new.items) >= len(old.items)
		},
	},
	{
		name:   "reads UTF-16 and UTF-32 without a byte order mark",
		reason: "XML's Appendix F: the zero bytes of '<' show the encoding; gofeed and the old charset code only looked for a BOM, and read such a document as bytes with its zeros dropped: a not-a-feed, or whatever the bytes between the zeros spelt",
		whole: func(body []byte, _ string, old, new outcome) bool {
			if wideShape(body) != nil {
				// gofeed's reading of it is no reading at all.
				return true
			}
			// Behind UTF-32's byte order mark, which gofeed did not know.
			return isUTF32BOM(body) && (old.err != nil && new.err == nil || len(old.items) == 0 && errors.Is(new.err, ErrNotFeed))
		},
	},
	{
		name:   "JSON Feed fields of the wrong type cost only that field",
		reason: "the JSON Feed spec asks readers to be liberal; gofeed rejected a whole feed for one tags string or authors object, with a Go error naming a struct field",
		whole: func(body []byte, _ string, old, new outcome) bool {
			return isJSON(body) && old.err != nil && strings.Contains(old.err.Error(), "cannot unmarshal") && new.err == nil
		},
	},
	{
		name:   "RSS-in-JSON is read",
		reason: "the Scripting News format is RSS 2.0 in JSON syntax; gofeed read it as an empty JSON Feed",
		whole: func(body []byte, _ string, old, new outcome) bool {
			return isJSON(body) && (bytes.Contains(body, []byte(`"rss"`)) || bytes.Contains(body, []byte(`"channel"`))) && len(old.items) == 0 && len(new.items) > 0
		},
	},
	{
		name:   "JSON that is not a feed is not a feed",
		reason: "gofeed took any JSON object for an empty JSON Feed (an API error such as {\"error\":\"not found\"} loaded as a feed with no items)",
		whole: func(body []byte, _ string, old, new outcome) bool {
			return isJSON(body) && old.err == nil && len(old.items) == 0 && errors.Is(new.err, ErrNotFeed)
		},
	},
	{
		name:   "an unknown HTTP charset gives way to the prolog",
		reason: "RFC 7303 puts the HTTP charset first, but a label no decoder knows says nothing; the old code then ignored the prolog's encoding too",
		whole: func(_ []byte, contentType string, _, new outcome) bool {
			l := httpCharset(contentType)
			return l != "" && !knownLabel(l) && new.err == nil
		},
	},
	{
		name:   "an encoding no decoder knows does not fail the feed",
		reason: "gofeed failed a feed whose prolog named an encoding it had no decoder for (the old prolog rewrite missed a label with blanks around it); herald reads it as UTF-8, or as well as it can, as it does a feed that names none",
		whole: func(body []byte, contentType string, old, new outcome) bool {
			l := prologEncoding(body)
			return httpCharset(contentType) == "" && l != "" && !knownLabel(l) && old.err != nil && new.err == nil
		},
	},
	{
		name:   "characters XML forbids cost only themselves",
		reason: "one U+FFFE or U+FFFF, or a reference to a control character, failed the whole feed in gofeed; herald drops the character",
		whole: func(_ []byte, _ string, old, new outcome) bool {
			return old.err != nil && strings.Contains(old.err.Error(), "illegal character") && new.err == nil
		},
	},
	{
		name:   "an item without a title is titled by its first words",
		reason: "gofeed leaves the title empty, which in a library is a blank row; herald titles the item with the start of its text, or its link, as Miniflux does, after working out its identity from what the feed gave",
		each: func(d diff, _, new outcome) bool {
			if d.field != "title" || d.old != "" || d.item < 0 || d.item >= len(new.items) {
				return false
			}
			// The oracle's items are split into sections, so the words are
			// looked for in them: the first and the last whole one.
			it := new.items[d.item]
			if d.new == it.URL {
				return true
			}
			// The title is text; the sections are Markdown, which marks
			// emphasis inside words ("0*0*") and escapes what would read
			// as markup ("0\)" at the start of a line, "&gt;"). Both are
			// compared without it.
			plain := strings.NewReplacer(`\`, "", "*", "", "_", "", "`", "", "~", "")
			var text strings.Builder
			for _, sec := range it.Sections {
				text.WriteString(html.UnescapeString(plain.Replace(sec.Markdown)) + " ")
			}
			words := strings.Fields(strings.TrimSuffix(d.new, "…"))
			has := func(w string) bool {
				return strings.Contains(text.String(), strings.Trim(plain.Replace(w), ".,:;!?#"))
			}
			return len(words) > 0 && has(words[0]) && (len(words) < 3 || has(words[len(words)-2]))
		},
	},
	{
		name:   "dates gofeed cannot read",
		reason: "gofeed tries a list of layouts and gives up on forms outside it (\"02 Jan 2006 15:04 -0700\", \"2006-01-02T15:04:05-07\"); herald reads them field by field, and an item gofeed left undated gets its date; a year 0000, a database's placeholder for no date, is no date, where gofeed dated the item two thousand years ago",
		each: func(d diff, _, _ outcome) bool {
			return d.field == "published" && (d.old == "" || strings.HasPrefix(d.old, "0000-"))
		},
	},
	{
		name:   "an item cut off by the end of the input is dropped",
		reason: "gofeed's XML decoder invents end tags at the end of the input, so a document cut short kept its last item half-read (a body cut mid-sentence, a link missing) and, cut before any item, loaded as an empty feed that hid the break; herald keeps the whole items, drops the cut one and says so, or says the document ends before the feed does when nothing was whole",
		whole: func(_ []byte, _ string, old, new outcome) bool {
			if old.err != nil {
				return false
			}
			if new.err != nil {
				return strings.Contains(new.err.Error(), "ends before the feed does")
			}
			return strings.Contains(new.recovered, "ends before the feed does") && len(new.items) >= len(old.items)-1
		},
	},
	{
		name:   "Japanese, Chinese or Korean text in an encoding the feed does not name is read in it",
		reason: "a feed that names no encoding (or UTF-8, or a Latin one) but holds Shift_JIS, EUC-JP, ISO-2022-JP, EUC-KR, GBK or Big5 text came out as Latin mojibake or raw escapes; herald reads it in the encoding whose text it is and marks the feed recovered",
		whole: func(_ []byte, _ string, _, new outcome) bool {
			return strings.Contains(new.recovered, "text was read as") || strings.Contains(new.recovered, "text reads as")
		},
	},
	{
		name:   "a feed beyond the limits is refused",
		reason: "gofeed recursed into nested elements until the stack overflowed and used gigabytes on deep documents; herald refuses the feed with an error naming the limit",
		whole: func(_ []byte, _ string, _, new outcome) bool {
			var le *LimitError
			return errors.As(new.err, &le)
		},
	},
}

func isJSON(body []byte) bool {
	// Control characters go before herald looks, as they do from
	// everything it shows.
	b := bytes.TrimLeftFunc(body, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '\ufeff' })
	return len(b) > 0 && b[0] == '{'
}

func isUTF32BOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0})
}

// runNew parses with the new parser, sections and all.
func runNew(body []byte, contentType string) outcome {
	res, err := Read(body, contentType, feedURL, Split)
	o := outcome{err: err, title: res.Title, items: res.Items, recovered: res.Recovered}
	if err == nil {
		var rec recovery
		_, _ = parseDoc(body, contentType, &rec, func(it *item) {
			o.enclosures = append(o.enclosures, it.enclosures)
		})
	}
	return o
}

// runOracle parses with gofeed the way herald did.
func runOracle(body []byte, contentType string) (o outcome) {
	defer func() {
		if p := recover(); p != nil {
			o = outcome{err: fmt.Errorf("gofeed panicked: %v", p)}
		}
	}()
	title, items, err := oracleParse(body, contentType, feedURL, false)
	o = outcome{err: err, title: title, items: items}
	if err == nil {
		doc := []byte(termsafe.Safe(string(oracleUnref(oracleUTF8(body, contentType)))))
		fp := gofeed.NewParser()
		fp.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
		if f, err := fp.Parse(bytes.NewReader(doc)); err == nil {
			for _, it := range f.Items {
				var es []enclosure
				for _, e := range it.Enclosures {
					es = append(es, enclosure{url: e.URL, mime: e.Type, length: e.Length})
				}
				o.enclosures = append(o.enclosures, es)
			}
		}
	}
	return o
}

func sectionsOf(a articles.Article) string {
	var b strings.Builder
	for _, s := range a.Sections {
		fmt.Fprintf(&b, "%d %s\n%s\n", s.Level, s.Title, s.Markdown)
	}
	return b.String()
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return "error"
}

// differences lists what differs between the outcomes.
func differences(old, new outcome) []diff {
	var ds []diff
	add := func(item int, field, o, n string) {
		if o != n {
			ds = append(ds, diff{item: item, field: field, old: o, new: n})
		}
	}
	add(-1, "error", errText(old.err), errText(new.err))
	if old.err != nil || new.err != nil {
		return ds
	}
	add(-1, "title", old.title, new.title)
	add(-1, "items", fmt.Sprint(len(old.items)), fmt.Sprint(len(new.items)))
	for i := 0; i < min(len(old.items), len(new.items)); i++ {
		o, n := old.items[i], new.items[i]
		add(i, "id", o.ID, n.ID)
		add(i, "title", o.Title, n.Title)
		add(i, "url", o.URL, n.URL)
		add(i, "author", o.Author, n.Author)
		add(i, "published", dateText(o.Published), dateText(n.Published))
		add(i, "body", sectionsOf(o), sectionsOf(n))
		if i < len(old.enclosures) && i < len(new.enclosures) {
			add(i, "enclosures", fmt.Sprint(old.enclosures[i]), fmt.Sprint(new.enclosures[i]))
		}
	}
	return ds
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

var improvementsUsed sync.Map

// unexplained returns the differences no documented improvement accounts
// for, and notes which improvements were used.
func unexplained(body []byte, contentType string, old, new outcome) []diff {
	ds := differences(old, new)
	if len(ds) == 0 {
		return nil
	}
	for _, imp := range improvements {
		if imp.whole != nil && imp.whole(body, contentType, old, new) {
			improvementsUsed.Store(imp.name, true)
			return nil
		}
	}
	var left []diff
	for _, d := range ds {
		explained := false
		for _, imp := range improvements {
			if imp.each != nil && imp.each(d, old, new) {
				improvementsUsed.Store(imp.name, true)
				explained = true
				break
			}
		}
		if !explained {
			left = append(left, d)
		}
	}
	return left
}

// differential fails t when the parsers differ on body in a way no
// documented improvement explains.
func differential(t testing.TB, name string, body []byte, contentType string) {
	t.Helper()
	old, new := runOracle(body, contentType), runNew(body, contentType)
	if ds := unexplained(body, contentType, old, new); len(ds) > 0 {
		var lines []string
		for _, d := range ds[:min(len(ds), 6)] {
			lines = append(lines, d.String())
		}
		t.Errorf("%s: herald's parser differs from gofeed (old err %v, new err %v, recovered %q):\n  %s",
			name, old.err, new.err, new.recovered, strings.Join(lines, "\n  "))
	}
}

// fixtures returns every file under testdata/feeds and testdata/broken.
func fixtures(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, dir := range []string{"testdata/feeds", "testdata/broken"} {
		files, err := filepath.Glob(filepath.Join(dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[f] = b
		}
	}
	return out
}

// fixtureContentType is the Content-Type a fixture is served with; most
// come with none.
var fixtureContentType = map[string]string{
	"testdata/broken/latin1-header-lies.xml":   "application/rss+xml; charset=utf-8",
	"testdata/broken/unknown-http-label.xml":   "application/rss+xml; charset=x-no-such",
	"testdata/feeds/latin1-declared.xml":       "text/xml",
	"testdata/feeds/shift-jis-from-header.xml": "application/rss+xml; charset=Shift_JIS",
}

func TestDifferentialFixtures(t *testing.T) {
	fx := fixtures(t)
	names := make([]string, 0, len(fx))
	for n := range fx {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		differential(t, n, fx[n], fixtureContentType[n])
	}
}
