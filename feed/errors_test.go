package feed

import (
	"strings"
	"testing"
)

// Every error a feed can earn says in words what is wrong with it: no Go
// type, struct field or parser name, one line, and a message that fits
// the feeds view.
func TestErrorsSayWhatIsWrongInWords(t *testing.T) {
	cases := map[string]string{
		"empty":              "",
		"HTML":               "<!doctype html><html><body>hi</body></html>",
		"other XML":          "<svg><rect/></svg>",
		"plain text":         "hello, I am not a feed",
		"XML cut off":        `<?xml version="1.0"?><rss><channel><title>x`,
		"JSON cut off":       `{"version":"https://jsonfeed.org/version/1.1","items":[`,
		"JSON broken":        `{"version":"https://jsonfeed.org/version/1.1","items":[}`,
		"JSON not an object": `["a","b"]`,
		"JSON not a feed":    `{"error":"not found"}`,
		"JSON too deep":      `{"version":"https://jsonfeed.org/version/1","items":[{"tags":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}]}`,
		"too deep":           rssHead + strings.Repeat("<x:a>", 2000),
		"too many attrs":     rssHead + "<enclosure " + strings.Repeat(`a="1" `, 2000) + "/></item></channel></rss>",
		"too many xmlns": func() string {
			decls := strings.Repeat(` xmlns:a="u"`, 999)
			return "<rss" + decls + "><channel" + decls + "><item" + decls + `><atom:author xmlns:atom="http://www.w3.org/2005/Atom"` + decls + "><atom:name" + decls + ">"
		}(),
	}
	for name, doc := range cases {
		_, err := Read([]byte(doc), "", feedURL, Raw)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		msg := err.Error()
		if goTypes.MatchString(msg) || strings.ContainsAny(msg, "\n\r") || len(msg) > 160 {
			t.Errorf("%s: %q is not a message for a user", name, msg)
		}
		t.Logf("%-18s %s", name, msg)
	}
}

// An item without a date stays undated in every format: the cache dates
// it by when it was first seen, and shows that it did.
func TestUndatedItemsStayUndated(t *testing.T) {
	docs := map[string]string{
		"RSS":       rss("F", `<item><title>No date</title><guid>1</guid></item>`),
		"RSS bad":   rss("F", `<item><title>Bad date</title><guid>1</guid><pubDate>someday</pubDate></item>`),
		"Atom":      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>No date</title><id>1</id></entry></feed>`,
		"JSON Feed": `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"No date"}]}`,
		"RSS-JSON":  `{"rss":{"channel":{"item":[{"title":"No date","guid":"1"}]}}}`,
	}
	for name, doc := range docs {
		_, items, err := Parse([]byte(doc), "", feedURL)
		if err != nil || len(items) != 1 {
			t.Fatalf("%s: %v, %d items", name, err, len(items))
		}
		if !items[0].Published.IsZero() {
			t.Errorf("%s: an undated item was dated %v", name, items[0].Published)
		}
	}
}
