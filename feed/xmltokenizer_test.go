package feed

import (
	"bytes"
	"strings"
	"testing"

	"github.com/muktihari/xmltokenizer"
)

// DESIGN.md named github.com/muktihari/xmltokenizer for the parser. These
// are the feed shapes on which v0.0.5 loses what a reader would see, the
// reason tokens.go scans for itself. When this test fails, the tokenizer
// has been fixed and the choice is worth making again.
func TestXMLTokenizerLosesFeedText(t *testing.T) {
	cases := []struct{ name, doc, lost string }{
		{"text after a CDATA section", `<r><d>a<![CDATA[b]]>c</d></r>`, "c"},
		{"a comment holding '>'", `<r><!-- a > b --><t>kept</t></r>`, "kept"},
		{"an unclosed CDATA section", `<r><d><![CDATA[ x </d><t>kept</t></r>`, "kept"},
	}
	for _, c := range cases {
		tk := xmltokenizer.New(strings.NewReader(c.doc))
		var seen []byte
		for {
			tok, err := tk.Token()
			if err != nil {
				break
			}
			seen = append(seen, tok.Data...)
		}
		if bytes.Contains(seen, []byte(c.lost)) {
			t.Errorf("%s: xmltokenizer now keeps %q; reconsider using it", c.name, c.lost)
		}
		// Our parser keeps it.
		r := newXMLReader([]byte(c.doc), 0)
		r.next()
		var got []byte
		for ev := r.next(); ev != evEOF; ev = r.next() {
			if ev == evStart {
				got = append(got, r.text()...)
			}
		}
		if !bytes.Contains(got, []byte(c.lost)) {
			t.Errorf("%s: our reader lost %q too (got %q)", c.name, c.lost, got)
		}
	}
}
