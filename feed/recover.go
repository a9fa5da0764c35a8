package feed

import (
	"fmt"
	"strings"
)

// flaws is what was wrong with a feed that loaded anyway. Only what could
// have cost the reader something counts: a guess at broken structure, an
// item dropped, bytes decoded by guesswork. What every reader reads the
// same way (a bare '&', an HTML entity, an undeclared prefix, a stray
// control character) is repaired silently.
type flaws uint32

const (
	flawSyntax     flaws = 1 << iota // markup that is not XML: a stray '<', a tag or quote left open
	flawMismatch                     // end tags missing, misplaced or closing nothing
	flawCDATA                        // a CDATA section never closed
	flawTruncated                    // the document stops before the feed ends
	flawJunk                         // text before the feed
	flawWrapped                      // the feed is inside a web page
	flawLoneEntry                    // a single Atom entry, not a feed
	flawEncoding                     // bytes not valid in the declared encoding
	flawGuessed                      // text in another encoding than the declared one (or none)
	flawItems                        // more items than maxItems
	flawEnclosures                   // an item with more than maxEnclosures
	flawLongField                    // a title, link or id cut at maxTextField
	flawJSONFields                   // JSON Feed fields of the wrong type, skipped
	flawTrailing                     // text after a JSON Feed's closing brace
)

func (f *flaws) add(g flaws) { *f |= g }

// recovery collects a parse's flaws and the facts their messages need.
type recovery struct {
	flaws
	encoding   string   // the declared encoding the bytes did not match
	guessed    string   // the encoding the text was found to be in, against its label
	declared   string   // that label, or "" when there was none
	kept       int      // whole items kept when the document was cut off
	dropped    int      // items dropped because they were cut off
	jsonFields []string // JSON Feed fields skipped, in words
}

// String says in words what was repaired, or "" when nothing was.
func (r *recovery) String() string {
	if r.flaws == 0 {
		return ""
	}
	var out []string
	say := func(f flaws, msg string) {
		if r.flaws&f != 0 {
			out = append(out, msg)
		}
	}
	say(flawWrapped, "the feed was inside a web page")
	say(flawLoneEntry, "the document is a single Atom entry, not a feed")
	say(flawJunk, "text before the feed was skipped")
	say(flawTrailing, "text after the feed was ignored")
	if r.flaws&flawGuessed != 0 {
		if r.declared == "" {
			out = append(out, fmt.Sprintf("the feed does not say what encoding it is in; its text was read as %s", r.guessed))
		} else {
			out = append(out, fmt.Sprintf("the feed says it is in %s, but its text reads as %s and was read so", r.declared, r.guessed))
		}
	}
	if r.flaws&flawEncoding != 0 {
		switch r.encoding {
		case "UTF-8":
			// repairUTF8's reading: right for Latin text under a UTF-8
			// label, and a character each for a few broken bytes.
			out = append(out, "some bytes were not valid UTF-8 and were read as windows-1252 (Latin-1)")
		case "":
			out = append(out, "some bytes were not valid text in any declared encoding and were read as well as possible")
		default:
			out = append(out, fmt.Sprintf("some bytes were not valid %s and were read as well as possible", r.encoding))
		}
	}
	if r.flaws&flawTruncated != 0 {
		msg := "the document ends before the feed does"
		switch {
		case r.dropped > 0:
			msg += fmt.Sprintf(": kept %s, dropped the one cut off", plural(r.kept, "whole item"))
		case r.kept > 0:
			msg += fmt.Sprintf(": kept %s", plural(r.kept, "whole item"))
		}
		out = append(out, msg)
	}
	say(flawCDATA, "a CDATA section was never closed")
	say(flawMismatch, "some tags were not closed, or closed out of order")
	say(flawSyntax, "some markup was broken")
	say(flawItems, fmt.Sprintf("the feed has more than %s; the first ones were kept", plural(maxItems, "item")))
	say(flawEnclosures, fmt.Sprintf("an item had more than %s; the first ones were kept", plural(maxEnclosures, "attachment")))
	say(flawLongField, "a title, link or id longer than 64 KiB was cut")
	if r.flaws&flawJSONFields != 0 {
		out = append(out, "fields of the wrong type were skipped: "+strings.Join(r.jsonFields, ", "))
	}
	return strings.Join(out, "; ")
}

// noteJSON records a JSON Feed field that was skipped.
func (r *recovery) noteJSON(field string) {
	r.add(flawJSONFields)
	for _, f := range r.jsonFields {
		if f == field {
			return
		}
	}
	if len(r.jsonFields) < 8 {
		r.jsonFields = append(r.jsonFields, field)
	}
}

func plural(n int, noun string) string {
	s := fmt.Sprintf("%d", n)
	if n >= 10000 {
		s = groupThousands(n)
	}
	if n == 1 {
		return s + " " + noun
	}
	return s + " " + noun + "s"
}

func groupThousands(n int) string {
	s := fmt.Sprintf("%d", n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
