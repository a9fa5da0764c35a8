package feed

import (
	"bytes"
	"html"
	"strconv"
	"unicode/utf8"
)

// Two ways of reading entities, because items keep their identity across
// the parser change: an item's ID is its guid or link exactly as the old
// parser (gofeed) decoded it, so each field is decoded the way gofeed
// decoded that field.
//
//   - Element text (titles, guids, links, bodies) goes through an HTML
//     reading: every HTML entity ("&nbsp;", "&eacute;") counts, a bare '&'
//     stays, and an entity must end in ';' ("?a=1&copy=2" is a link, not
//     a copyright sign).
//   - Attributes and the text of extension elements (dc:creator) go through
//     XML's reading: only the five XML entities and numeric references;
//     anything else is left as written.

// maxEntityLen bounds how far past an '&' its ';' may be: the longest HTML
// entity is 33 bytes, and a bound keeps text full of bare ampersands linear.
const maxEntityLen = 64

// appendText appends s with HTML entities decoded, the way element text
// is read.
func appendText(dst, s []byte) []byte {
	for len(s) > 0 {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		// The entities escaped HTML is made of, read the way the general
		// rule below reads them, without its work.
		if len(s) >= 4 {
			switch {
			case s[1] == 'l' && s[2] == 't' && s[3] == ';':
				dst, s = append(dst, '<'), s[4:]
				continue
			case s[1] == 'g' && s[2] == 't' && s[3] == ';':
				dst, s = append(dst, '>'), s[4:]
				continue
			case len(s) >= 5 && s[1] == 'a' && s[2] == 'm' && s[3] == 'p' && s[4] == ';':
				dst, s = append(dst, '&'), s[5:]
				continue
			case len(s) >= 6 && s[1] == 'q' && s[2] == 'u' && s[3] == 'o' && s[4] == 't' && s[5] == ';':
				dst, s = append(dst, '"'), s[6:]
				continue
			}
		}
		window := s[:min(len(s), maxEntityLen)]
		end := bytes.IndexByte(window, ';')
		if end < 0 && len(window) == len(s) {
			return append(dst, s...)
		}
		if end < 0 || bytes.ContainsAny(s[1:end], " \t\r\n") {
			dst = append(dst, '&')
			s = s[1:]
			continue
		}
		if dec, ok := entitySpan(s[:end+1]); ok {
			dst = append(dst, dec...)
			s = s[end+1:]
			continue
		}
		dst = append(dst, '&')
		s = s[1:]
	}
	return dst
}

// common holds the entities feeds use most, decoded without a lookup in
// the full HTML table.
var common = map[string]string{
	"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'", "nbsp": "\u00a0",
	"#39": "'", "#039": "'", "#34": `"`, "#38": "&", "#60": "<", "#62": ">",
	"#8217": "\u2019", "#8216": "\u2018", "#8220": "\u201c", "#8221": "\u201d",
	"#8211": "\u2013", "#8212": "\u2014", "#8230": "\u2026", "#160": "\u00a0",
	"hellip": "\u2026", "mdash": "\u2014", "ndash": "\u2013", "rsquo": "\u2019",
	"lsquo": "\u2018", "rdquo": "\u201d", "ldquo": "\u201c", "copy": "\u00a9",
}

// entitySpan decodes span, which runs from an '&' to the first ';' after
// it. ok is false when the span is not one entity that ends at that ';':
// then the '&' is text. The rule is the one the old parser applied: a span
// is an entity when reading it with its ';' differs from reading it
// without and adding the ';' back, which rejects HTML's legacy readings of
// prefixes ("&copy=2;", "&notit;").
func entitySpan(span []byte) (string, bool) {
	body := span[1 : len(span)-1]
	switch string(body) {
	case "":
		return "", false
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "amp":
		return "&", true
	case "quot":
		return `"`, true
	}
	if bytes.IndexByte(body, '&') < 0 {
		if dec, ok := common[string(body)]; ok {
			return dec, true
		}
		if body[0] == '#' && numericBody(body[1:]) {
			return html.UnescapeString(string(span)), true
		}
	}
	s := string(span)
	dec := html.UnescapeString(s)
	if dec == html.UnescapeString(s[:len(s)-1])+";" {
		return "", false
	}
	return dec, true
}

// numericBody reports whether b (what follows "&#") is decimal digits, or
// an x or X and hex digits, and nothing else.
func numericBody(b []byte) bool {
	hex := len(b) > 0 && (b[0] == 'x' || b[0] == 'X')
	if hex {
		b = b[1:]
	}
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
		case hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'):
		default:
			return false
		}
	}
	return true
}

// appendXMLText appends s read as XML reads attribute values and
// character data: the five XML entities and numeric references (with a
// lowercase x) are decoded, anything else is kept as written, and line ends
// become "\n".
func appendXMLText(dst, s []byte) []byte {
	for len(s) > 0 {
		i := bytes.IndexAny(s, "&\r")
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		if s[0] == '\r' {
			dst = append(dst, '\n')
			if len(s) > 1 && s[1] == '\n' {
				s = s[2:]
			} else {
				s = s[1:]
			}
			continue
		}
		if r, n := xmlEntity(s); n > 0 {
			dst = utf8.AppendRune(dst, r)
			s = s[n:]
			continue
		}
		dst = append(dst, '&')
		s = s[1:]
	}
	return dst
}

// xmlEntity decodes the XML entity at the start of s ("&amp;", "&#38;",
// "&#x26;") and returns its rune and length, or n == 0.
func xmlEntity(s []byte) (r rune, n int) {
	end := bytes.IndexByte(s[:min(len(s), maxEntityLen)], ';')
	if end < 2 {
		return 0, 0
	}
	body := s[1:end]
	switch string(body) {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "apos":
		return '\'', end + 1
	case "quot":
		return '"', end + 1
	}
	if body[0] != '#' {
		return 0, 0
	}
	digits, base := body[1:], 10
	if len(digits) > 0 && digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	for _, c := range digits {
		if !(c >= '0' && c <= '9' || base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
			return 0, 0
		}
	}
	v, err := strconv.ParseUint(string(digits), base, 64)
	if err != nil || v > utf8.MaxRune {
		return 0, 0
	}
	return rune(v), end + 1
}

// appendStripCDATA appends element text that holds CDATA sections: text
// outside them is decoded, text inside is kept as it is. A section that
// never closes runs to the end (the reader has already cut it where its
// element ends). A section whose text opens another, followed by a stray
// "]]>" after it, was meant as one nested section: both markers go.
func appendStripCDATA(dst, s []byte) []byte {
	for len(s) > 0 {
		i := bytes.Index(s, cdataOpen)
		if i < 0 {
			return appendText(dst, s)
		}
		dst = appendText(dst, s[:i])
		s = s[i+len(cdataOpen):]
		j := bytes.Index(s, cdataClose)
		if j < 0 {
			return append(dst, s...)
		}
		section := s[:j]
		s = s[j+len(cdataClose):]
		if k := bytes.Index(section, cdataOpen); k >= 0 && bytes.Contains(s, cdataClose) && !bytes.Contains(s, cdataOpen) {
			dst = append(dst, section[:k]...)
			dst = append(dst, section[k+len(cdataOpen):]...)
			end := bytes.LastIndex(s, cdataClose)
			dst = append(dst, s[:end]...)
			s = s[end+len(cdataClose):]
			continue
		}
		dst = append(dst, section...)
	}
	return dst
}

// elementText is how the text of an RSS element, or of an Atom construct
// of type text, is read: blanks trimmed, CDATA unwrapped, entities decoded.
func elementText(inner []byte) string {
	inner = bytes.TrimSpace(inner)
	if len(inner) == 0 {
		return ""
	}
	if bytes.IndexByte(inner, '&') < 0 && !bytes.Contains(inner, cdataOpen) {
		return string(inner)
	}
	buf := make([]byte, 0, len(inner))
	if bytes.Contains(inner, cdataOpen) {
		return string(appendStripCDATA(buf, inner))
	}
	return string(appendText(buf, inner))
}

// xmlValue is an attribute value or extension text as XML reads it.
func xmlValue(raw []byte) string {
	if !bytes.ContainsAny(raw, "&\r") {
		return string(raw)
	}
	return string(appendXMLText(make([]byte, 0, len(raw)), raw))
}
