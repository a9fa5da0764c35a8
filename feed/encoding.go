package feed

import (
	"bytes"
	"encoding/binary"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/herald-reader/herald/termsafe"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// toUTF8 returns the document as UTF-8, following XML's rules for finding
// its encoding (Appendix F) and RFC 7303's precedence:
//
//  1. a byte order mark, which no label can overrule;
//  2. the shape of the first bytes: "<" as UTF-16 or UTF-32 shows its
//     zero bytes, so such a document is read right with no BOM, whatever
//     its prolog says;
//  3. the HTTP charset, then the prolog's encoding.
//
// Two departures, both because real servers lie: bytes that are valid
// UTF-8 are read as UTF-8 whatever a label says (text in a legacy encoding
// is almost never valid UTF-8 by chance, while "ISO-8859-1" over UTF-8 is
// common), and a label for UTF-16 over bytes that read as ASCII is ignored.
// And text that names no encoding, or UTF-8 or a Latin one, but reads
// plainly as Japanese, Chinese or Korean in one of their legacy encodings
// (guessLegacy) is read in it, and rec says so. Bytes that are not valid
// in the encoding chosen cost a character each, never the feed; then rec
// says so too.
func toUTF8(body []byte, contentType string, rec *recovery) []byte {
	return terminalSafe(dropNonCharacters(decodeText(body, contentType, rec)))
}

// terminalSafe filters the whole document for the terminal before it is
// parsed, as herald always has: control characters (and references to
// them, so "&#27;[31m" goes whole), escape sequences and bidi overrides
// go before entities are decoded, so a stray control inside "&am\ap" cannot
// change what the entity reads as. A clean document, the usual case, costs
// one scan and no copy.
func terminalSafe(doc []byte) []byte {
	doc = unrefControlsDoc(doc)
	if !needsSafe(doc) {
		return doc
	}
	return []byte(termsafe.Safe(string(doc)))
}

// needsSafe reports whether termsafe.Safe would change doc, which is valid
// UTF-8: a C0 control other than tab and newline, DEL, a C1 control, a
// bidi control, a BOM, or an invisible line-break hint (soft hyphen, zero-
// width space, word joiner...). TestNeedsSafeKnowsEveryRune holds it to
// termsafe for every code point.
func needsSafe(doc []byte) bool {
	for i := 0; i < len(doc); {
		// Eight bytes at a time while they are printable ASCII, tabs and
		// newlines: nearly all of a feed, so nearly all of the scan.
		if i+8 <= len(doc) {
			w := binary.LittleEndian.Uint64(doc[i:])
			const ones, highs = 0x0101010101010101, 0x8080808080808080
			low := (w - ones*0x20) &^ w & highs // some byte below 0x20
			del := w ^ ones*0x7f
			del = (del - ones) &^ del & highs // some byte is 0x7f
			if w&highs == 0 && del == 0 && (low == 0 || onlyTabsNewlines(doc[i:i+8])) {
				i += 8
				continue
			}
		}
		if unsafeAt(doc, i) {
			return true
		}
		i++
	}
	return false
}

// unsafeAt reports whether the byte at i starts what termsafe.Safe removes.
func unsafeAt(doc []byte, i int) bool {
	at := func(k int) byte {
		if i+k < len(doc) {
			return doc[i+k]
		}
		return 0
	}
	switch c := doc[i]; c {
	case '\t', '\n':
		return false
	case 0x7f:
		return true
	case 0xC2: // U+0080-009F (C1), U+00AD (soft hyphen)
		b := at(1)
		return b >= 0x80 && b <= 0x9f || b == 0xad
	case 0xE1: // U+180E (Mongolian vowel separator)
		return at(1) == 0xA0 && at(2) == 0x8E
	case 0xE2:
		b, d := at(1), at(2)
		return b == 0x80 && (d == 0x8B || d >= 0xAA && d <= 0xAE) || // U+200B, U+202A-202E
			b == 0x81 && (d >= 0xA0 && d <= 0xA4 || d >= 0xA6 && d <= 0xA9) // U+2060-2064, U+2066-2069
	case 0xEF: // U+FEFF
		return at(1) == 0xBB && at(2) == 0xBF
	default:
		return c < 0x20
	}
}

func onlyTabsNewlines(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' {
			return false
		}
	}
	return true
}

// unrefControlsDoc is unrefControls for the whole document, without a
// regular expression: references to C0 controls become the characters.
func unrefControlsDoc(doc []byte) []byte {
	if len(doc) < 2 {
		return doc
	}
	var out []byte
	last := 0
	for i := 1; ; {
		// '#' is much rarer than '&' in a feed (escaped HTML is made of
		// entities), so look for it and then at the byte before.
		j := bytes.IndexByte(doc[i:], '#')
		if j < 0 {
			break
		}
		p := i + j - 1 // where the '&' would be
		i += j + 1
		if doc[p] != '&' || p+3 >= len(doc) || !(doc[p+2] >= '0' && doc[p+2] <= '9' || doc[p+2] == 'x' || doc[p+2] == 'X') {
			continue
		}
		r, n := controlRef(doc[p:])
		if n == 0 {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(doc))
		}
		out = append(out, doc[last:p]...)
		out = append(out, byte(r))
		last = p + n
		i = last
	}
	if out == nil {
		return doc
	}
	return append(out, doc[last:]...)
}

// controlRef reads "&#N;" or "&#xN;" (up to 8 digits) naming a C0 control
// other than tab, newline and carriage return.
func controlRef(s []byte) (byte, int) {
	i, base := 2, 10
	if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
		i, base = 3, 16
	}
	start := i
	v := 0
	for i < len(s) && i-start < 8 {
		d := hexDigit(s[i])
		if d < 0 || d >= base {
			break
		}
		v = v*base + d
		i++
	}
	if i == start || i >= len(s) || s[i] != ';' || v >= 0x20 || v == '\t' || v == '\n' || v == '\r' {
		return 0, 0
	}
	return byte(v), i + 1
}

func hexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// dropNonCharacters removes U+FFFE and U+FFFF, which XML forbids and no
// text means; gofeed failed the whole feed on one.
func dropNonCharacters(b []byte) []byte {
	if !bytes.Contains(b, []byte("\uFFFE")) && !bytes.Contains(b, []byte("\uFFFF")) {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\uFFFE"), nil)
	return bytes.ReplaceAll(b, []byte("\uFFFF"), nil)
}

func decodeText(body []byte, contentType string, rec *recovery) []byte {
	if enc, n := byteOrder(body); enc != nil || n > 0 {
		body = body[n:]
		if enc == nil {
			return validUTF8(body, "UTF-8", rec)
		}
		return decodeWith(enc, body, "", rec)
	}
	if enc := wideShape(body); enc != nil {
		return decodeWith(enc, body, "", rec)
	}
	label := httpCharset(contentType)
	if label == "" || !knownLabel(label) {
		label = prologEncoding(body)
	}
	enc, name := charset.Lookup(label)
	if name == "replacement" {
		// WHATWG's answer to labels of encodings browsers dropped
		// (ISO-2022-KR, HZ...): it reads a whole document as one U+FFFD.
		enc, name = nil, ""
	}
	// Unlabelled, or labelled in a way legacy CJK text often is by
	// mistake: the text may say it is in another encoding.
	mislabelled := enc == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") ||
		name == "windows-1252" || name == "iso-8859-15"
	guessed := func(gname string) {
		rec.add(flawGuessed)
		rec.guessed, rec.declared = gname, strings.ToUpper(label)
	}
	if utf8.Valid(body) {
		// ISO-2022-JP is seven-bit, so always valid UTF-8, and unreadable
		// as it.
		if (mislabelled || name == "iso-2022-jp") && iso2022JP(body) {
			if name != "iso-2022-jp" {
				guessed("ISO-2022-JP")
			}
			return decodeWith(japanese.ISO2022JP, body, "ISO-2022-JP", rec)
		}
		return body
	}
	if mislabelled {
		if g, gname := guessLegacy(body); g != nil {
			guessed(gname)
			return decodeWith(g, body, gname, rec)
		}
	}
	if enc == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		return validUTF8(body, "UTF-8", rec)
	}
	return decodeWith(enc, body, strings.ToUpper(name), rec)
}

// otherReadings are the ways to read body other than toUTF8's, for a
// document that read its way is no feed: as UTF-16LE when its byte order
// mark could be UTF-32LE's, and as bytes when only its start had the
// shape of UTF-16 or UTF-32.
func otherReadings(body []byte) [][]byte {
	var out [][]byte
	clean := func(b []byte) []byte { return terminalSafe(dropNonCharacters(b)) }
	if bytes.HasPrefix(body, []byte{0xFF, 0xFE, 0x00, 0x00}) {
		if b, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().Bytes(body[2:]); err == nil {
			out = append(out, clean(bytes.ToValidUTF8(b, []byte("\uFFFD"))))
		}
	}
	if wideShape(body) != nil || len(out) > 0 {
		out = append(out, clean(repairUTF8(body)))
	}
	return out
}

// byteOrder recognises a byte order mark: the encoding it announces (nil
// for UTF-8) and its length.
func byteOrder(b []byte) (encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return nil, 3
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), 4
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), 4
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	}
	return nil, 0
}

// wideShape recognises UTF-32 and UTF-16 without a BOM by the zero bytes
// of their first (ASCII) characters: "<?xm", "<rss", "{", or blanks. The
// shape must hold for most of the first 64 bytes, not only the first four:
// a document of ASCII with a few stray zero bytes in it is not UTF-16.
func wideShape(b []byte) encoding.Encoding {
	if len(b) < 4 {
		return nil
	}
	var enc encoding.Encoding
	unit := 2
	switch {
	case b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0:
		enc, unit = utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), 4
	case b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0:
		enc, unit = utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), 4
	case b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0:
		enc = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0:
		enc = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	default:
		return nil
	}
	// Each unit of the start has the first one's zero bytes where its
	// first one has them.
	head := b[:min(len(b), 64)]
	units, same := len(head)/unit, 0
	for i := 0; i+unit <= len(head); i += unit {
		ok := true
		for k := range unit {
			if (b[k] == 0) != (head[i+k] == 0) {
				ok = false
				break
			}
		}
		if ok {
			same++
		}
	}
	if same*4 < units*3 {
		return nil
	}
	return enc
}

// decodeWith decodes body, which enc should describe; a byte sequence
// enc cannot read becomes U+FFFD and is reported under name.
func decodeWith(enc encoding.Encoding, body []byte, name string, rec *recovery) []byte {
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return validUTF8(body, "UTF-8", rec)
	}
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	if name != "" && bytes.Contains(out, []byte("\uFFFD")) && !bytes.Contains(body, []byte("\uFFFD")) {
		rec.add(flawEncoding)
		rec.encoding = name
	}
	out, _ = bytes.CutPrefix(out, []byte("\uFEFF"))
	return out
}

// validUTF8 returns b if it is valid UTF-8 and otherwise repairs it,
// noting that the bytes did not match name.
func validUTF8(b []byte, name string, rec *recovery) []byte {
	if utf8.Valid(b) {
		return b
	}
	rec.add(flawEncoding)
	rec.encoding = name
	return repairUTF8(b)
}

// repairUTF8 keeps every valid UTF-8 sequence and reads each stray byte as
// windows-1252, so latin-1 text under a "utf-8" label comes out right and a
// few broken bytes in a UTF-8 feed cost a character each, not the feed.
func repairUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	dec := charmap.Windows1252
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			c := dec.DecodeByte(b[0])
			if c < 0xA0 && c >= 0x80 {
				// Bytes windows-1252 leaves undefined map to C1 controls.
				c = utf8.RuneError
			}
			out = utf8.AppendRune(out, c)
			b = b[1:]
			continue
		}
		out = append(out, b[:size]...)
		b = b[size:]
	}
	return out
}

func httpCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(params["charset"])
}

func knownLabel(label string) bool {
	enc, _ := charset.Lookup(label)
	return enc != nil
}

// prologEncoding is the encoding named by the XML declaration at the start
// of b, or "".
func prologEncoding(b []byte) string {
	b = bytes.TrimLeft(b, " \t\r\n")
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(b[:min(len(b), 512)], []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := b[:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	j := bytes.IndexByte(rest[1:], q)
	if j < 0 {
		return ""
	}
	return string(rest[1 : 1+j])
}
