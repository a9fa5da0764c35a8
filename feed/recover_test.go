package feed

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// Each broken fixture, read as a user would see it: which items load,
// what the feed's status says, and the details that show the repair was
// right rather than lucky.
func TestBrokenFeedsRecover(t *testing.T) {
	cases := []struct {
		file      string
		titles    []string // the items that load, in order
		recovered string   // a phrase of Recovered; "" when the feed is sound
		check     func(t *testing.T, res Result)
	}{
		{"unclosed-cdata.xml", []string{"One", "Two", "Three"}, "CDATA section was never closed", func(t *testing.T, res Result) {
			if got := sectionsOf(res.Items[1]); !strings.Contains(got, "Second body, never closed") || strings.Contains(got, "Three") {
				t.Errorf("the unclosed section should end with its element: %q", got)
			}
		}},
		{"unclosed-cdata-last.xml", []string{"One", "Two"}, "CDATA section was never closed", nil},
		{"bad-ampersands.xml", []string{"Fish & Chips", "AT&T & Co", "Tom & Jerry &"}, "", func(t *testing.T, res Result) {
			if got := res.Items[0].URL; got != "https://broken.example/search?q=fish&page=2&sort" {
				t.Errorf("link with bare ampersands: %q", got)
			}
			if got := res.Items[1].URL; got != "https://broken.example/a?x=1&#y;z&copy=2" {
				t.Errorf("&copy=2 in a link must stay a parameter: %q", got)
			}
		}},
		{"truncated.xml", []string{"Whole 1", "Whole 2", "Whole 3"}, "kept 3 whole items, dropped the one cut off", nil},
		{"truncated-atom.xml", []string{"E1", "E2"}, "kept 2 whole items", nil},
		{"rdf-cut.xml", []string{"R1"}, "ends before the feed does", nil},
		{"mismatched-tags.xml", []string{"Misspelt close", "Missing item close", "After it", "Closed by channel"}, "not closed, or closed out of order", func(t *testing.T, res Result) {
			for i, want := range []string{"https://broken.example/m1", "https://broken.example/m2", "https://broken.example/m3"} {
				if res.Items[i].URL != want {
					t.Errorf("item %d link %q, want %q", i, res.Items[i].URL, want)
				}
			}
			if res.Items[2].ID != "m3" {
				t.Errorf("the guid after a misspelt </lnk> was lost: id %q", res.Items[2].ID)
			}
		}},
		{"single-quoted-unclosed.xml", []string{"Quoted one", "Quoted two", "Quoted three"}, "not closed", func(t *testing.T, res Result) {
			if res.Items[1].ID != "sq2" {
				t.Errorf("an unclosed <enclosure> swallowed the guid after it: id %q", res.Items[1].ID)
			}
		}},
		{"lone-entry.xml", []string{"Just one entry"}, "single Atom entry", func(t *testing.T, res Result) {
			if res.Items[0].URL != "https://entry.example/1" || res.Items[0].Published.IsZero() {
				t.Errorf("entry %+v", res.Items[0])
			}
		}},
		{"atom-in-xhtml.xml", []string{"Wrapped one", "Wrapped two"}, "inside a web page", func(t *testing.T, res Result) {
			if res.Title != "Wrapped Feed" {
				t.Errorf("title %q", res.Title)
			}
		}},
		{"empty-rss.xml", nil, "", nil},
		{"html-entities.xml", []string{"Café society — a review…", "‘Quotes’ & “more”"}, "", nil},
		{"undeclared-prefix.xml", []string{"Undeclared"}, "", func(t *testing.T, res Result) {
			if res.Items[0].Author != "Undeclared Author" || !strings.Contains(sectionsOf(res.Items[0]), "Body from content") {
				t.Errorf("undeclared dc: and content: prefixes: %+v", res.Items[0])
			}
		}},
		{"bom-utf8.xml", []string{"BOM über"}, "", nil},
		{"bom-utf16le.xml", []string{"UTF-16 über 日本"}, "", nil},
		{"utf16be-no-bom.xml", []string{"No BOM über 日本"}, "", nil},
		{"utf32le.xml", []string{"UTF-32 über"}, "", nil},
		{"utf32be-no-bom.xml", []string{"UTF-32 no BOM über"}, "", nil},
		{"junk-before-prolog.xml", []string{"After the warning"}, "text before the feed was skipped", nil},
		{"duplicate-elements.xml", []string{"Second title"}, "", func(t *testing.T, res Result) {
			// The last of each, as gofeed chose, so IDs do not move.
			if it := res.Items[0]; it.ID != "d1b" || it.URL != "https://broken.example/d1b" {
				t.Errorf("got %+v", it)
			}
		}},
		{"control-chars.xml", []string{"Bell and start end", "Not a char here"}, "", func(t *testing.T, res Result) {
			if body := sectionsOf(res.Items[0]); strings.ContainsAny(body, "\x01\x0b") || !strings.Contains(body, "Tab\tkept") {
				t.Errorf("body %q", body)
			}
		}},
		{"cdata-in-cdata.xml", []string{"Nested", "After nested"}, "markup was broken", func(t *testing.T, res Result) {
			if body := sectionsOf(res.Items[0]); !strings.Contains(body, "outer inner rest") || strings.Contains(body, "CDATA") {
				t.Errorf("nested CDATA markers left in the body: %q", body)
			}
		}},
		{"latin1-header-lies.xml", []string{"Café crème"}, "not valid UTF-8 and were read as windows-1252", nil},
		{"unknown-http-label.xml", []string{"Привет, мир"}, "", nil},
		{"unknown-prolog-label.xml", []string{"Read as UTF-8 über"}, "", nil},
		{"open-tag-in-link.xml", []string{"Link with a tag left open", "Next"}, "some tags were not closed", func(t *testing.T, res Result) {
			if res.Items[0].URL != "https://broken.example/post" {
				t.Errorf("link %q", res.Items[0].URL)
			}
		}},
		{"shift-jis-undeclared.xml", []string{"駅前に新しい図書館が開館", "週末は晴れ、気温が上がる見込み"}, "its text was read as Shift_JIS", nil},
		{"euc-kr-labelled-latin1.xml", []string{"시청 앞에 새 도서관이 문을 열었다", "주말에는 맑고 기온이 오를 전망"}, "says it is in ISO-8859-1, but its text reads as EUC-KR", nil},
		{"mixed-case-tags.xml", []string{"Mixed case"}, "closed out of order", func(t *testing.T, res Result) {
			if it := res.Items[0]; it.ID != "mc1" || it.URL != "https://broken.example/mc" || it.Published.IsZero() {
				t.Errorf("fields after a case-mismatched end tag were lost: %+v", it)
			}
		}},
		{"raw-html-description.xml", []string{"Raw HTML", "Next"}, "", func(t *testing.T, res Result) {
			if body := sectionsOf(res.Items[0]); !strings.Contains(body, "Second para") || !strings.Contains(body, "**bold**") {
				t.Errorf("raw HTML body %q", body)
			}
		}},
		{"stray-lt.xml", []string{"1 < 2 and 3 > 2", "Next"}, "markup was broken", nil},
		{"jsonfeed-wrong-types.json", []string{"Tags as a string", "Authors as an object", "Sizes as strings", "four", "12345"}, "fields of the wrong type were skipped", func(t *testing.T, res Result) {
			if res.Items[1].Author != "Solo" || res.Items[2].ID != "3" {
				t.Errorf("lenient reading: %+v / %+v", res.Items[1], res.Items[2])
			}
			if !strings.Contains(sectionsOf(res.Items[3]), "four") {
				t.Error("a bad title cost the item's body")
			}
			if strings.Contains(res.Recovered, "string") && strings.Contains(res.Recovered, "Go") {
				t.Errorf("status names Go types: %q", res.Recovered)
			}
		}},
		{"rss-in-json.json", []string{"A post with no title, as Scripting News writes them.", "Titled"}, "", func(t *testing.T, res Result) {
			if res.Title != "Scripting News" || res.Items[0].URL == "" || res.Items[0].Published.IsZero() {
				t.Errorf("got %+v", res)
			}
		}},
		{"jsonfeed-truncated.json", []string{"J1", "J2"}, "kept 2 whole items", nil},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.file] = true
		t.Run(c.file, func(t *testing.T) {
			body, err := os.ReadFile("testdata/broken/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Read(body, fixtureContentType["testdata/broken/"+c.file], feedURL, Split)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			var titles []string
			for _, it := range res.Items {
				titles = append(titles, it.Title)
			}
			if strings.Join(titles, "|") != strings.Join(c.titles, "|") {
				t.Errorf("items %q, want %q", titles, c.titles)
			}
			if c.recovered == "" && res.Recovered != "" {
				t.Errorf("a sound feed was marked recovered: %q", res.Recovered)
			}
			if c.recovered != "" && !strings.Contains(res.Recovered, c.recovered) {
				t.Errorf("recovered %q, want it to say %q", res.Recovered, c.recovered)
			}
			if c.check != nil && len(res.Items) == len(c.titles) {
				c.check(t, res)
			}
		})
	}
	for name := range fixtures(t) {
		if base, ok := strings.CutPrefix(name, "testdata/broken/"); ok && !seen[base] && !expectedErrors[base] {
			t.Errorf("%s has no expectations here", name)
		}
	}
}

// expectedErrors are the broken fixtures that must fail, with a message
// in words.
var expectedErrors = map[string]bool{
	"json-not-feed.json":        true,
	"cut-before-first-item.xml": true,
	"nested-1001.xml":           true,
}

func TestBrokenFeedsRefused(t *testing.T) {
	body, _ := os.ReadFile("testdata/broken/json-not-feed.json")
	if _, err := Read(body, "application/json", feedURL, Split); !errors.Is(err, ErrNotFeed) {
		t.Errorf("JSON that is no feed: %v", err)
	}
	body, _ = os.ReadFile("testdata/broken/cut-before-first-item.xml")
	if _, err := Read(body, "", feedURL, Split); err == nil || !strings.Contains(err.Error(), "ends before the feed does") || errors.Is(err, ErrNotFeed) {
		t.Errorf("a feed cut off before its first item: %v", err)
	}
	body, _ = os.ReadFile("testdata/broken/nested-1001.xml")
	_, err := Read(body, "", feedURL, Split)
	var le *LimitError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "nested more than 1,000 deep") {
		t.Errorf("1,001 nested elements: %v", err)
	}
}

// Every documented improvement must still be needed by some fixture;
// one that no longer is should leave the table.
func TestImprovementsAreExercised(t *testing.T) {
	fx := fixtures(t)
	used := map[string]bool{}
	for name, body := range fx {
		ct := fixtureContentType[name]
		old, new := runOracle(body, ct), runNew(body, ct)
		ds := differences(old, new)
		if len(ds) == 0 {
			continue
		}
		for _, imp := range improvements {
			if imp.whole != nil && imp.whole(body, ct, old, new) {
				used[imp.name] = true
			}
			for _, d := range ds {
				if imp.each != nil && imp.each(d, old, new) {
					used[imp.name] = true
				}
			}
		}
	}
	for _, imp := range improvements {
		if !used[imp.name] {
			t.Errorf("no fixture needs %q any more", imp.name)
		}
	}
}

// An end tag that closes nothing, inside an element herald passes over
// (an entry in a foreign namespace, an extension) or inside markup, made
// gofeed fail the feed; herald reads on, and says the feed was repaired
// rather than calling it sound.
func TestEndTagClosingNothingMarksTheFeedRecovered(t *testing.T) {
	for _, doc := range []string{
		`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry xmlns="urn:x"><a></b></entry><entry><title>kept</title></entry></feed>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry xmlns="urn:x"></></entry><entry><title>kept</title></entry></feed>`,
		`<rss version="2.0"><channel><title>T</title><item><title>kept</title><x:ext xmlns:x="urn:x"><x:a>1</x:b></x:a></x:ext></item></channel></rss>`,
	} {
		differential(t, doc, []byte(doc), "")
		res, err := Read([]byte(doc), "", feedURL, Split)
		if err != nil || len(res.Items) != 1 || res.Items[0].Title != "kept" {
			t.Fatalf("%s: %v, %+v", doc, err, res.Items)
		}
		if res.Recovered == "" {
			t.Errorf("%s: marked sound", doc)
		}
	}
}
