package termsafe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Safe returns s with every C0/C1 control character (except tab and newline),
// escape sequence and bidi override removed, so outside text cannot drive the
// terminal. A CRLF becomes a newline, a lone CR is dropped, and invalid UTF-8
// becomes U+FFFD. Whole sequences are removed, not just their ESC, so no
// "[31m" debris is left behind. The invisible format characters that only
// hint at line breaking (soft hyphen, zero-width space, word joiner) go too:
// terminals disagree on their width, so they push a line wider than it was
// measured. Safe is idempotent.
func Safe(s string) string { return sanitize(s, false) }

// SafeRendered filters renderer output (glamour, lipgloss): it keeps SGR
// styling (ESC [ digits ; : m) and OSC 8 hyperlinks with printable ASCII
// parameters and an http(s) URI (or none, which closes a link), and drops
// every other escape and control. A link to any other scheme (file:,
// javascript:, ...) loses its OSC 8 sequences but keeps its visible text:
// one click in the terminal must not open a local file or run a script. glamour
// can turn an entity such as &#27; back into a raw ESC in its output, so
// even rendered text from a trusted renderer goes through this filter.
func SafeRendered(s string) string { return sanitize(s, true) }

// sanitize is the one scanner behind Safe and SafeRendered; keep says
// whether SGR and OSC 8 sequences survive.
func sanitize(s string, keep bool) string {
	first := firstUnsafe(s)
	if first == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:first])
	for i := first; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f, c == '\t', c == '\n':
			b.WriteByte(c)
			i++
		case c == 0x1b:
			n, kind := escapeSequence(s[i:], 1, s[i+1:])
			if keep && allowedSequence(s[i:i+n], kind) {
				b.WriteString(s[i : i+n])
			}
			i += n
		case c < 0x80:
			// The other C0 controls, CR and DEL: dropped. CRLF thus
			// becomes LF.
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				b.WriteRune(utf8.RuneError)
				i++
			case r >= 0x80 && r <= 0x9f:
				// An 8-bit introducer (CSI, OSC, DCS...) swallows its
				// whole sequence; other C1 controls are dropped alone.
				n, _ := c1Sequence(s[i:], r, size)
				i += n
			case invisibleControl(r):
				i += size
			default:
				b.WriteString(s[i : i+size])
				i += size
			}
		}
	}
	return b.String()
}

// firstUnsafe returns the index of the first byte sanitize might change,
// or len(s), so clean text (the usual case) costs one pass and no copy.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r <= 0x9f) || invisibleControl(r) {
			return i
		}
		i += size
	}
	return len(s)
}

// invisibleControl reports the bidi embeddings, overrides and isolates
// (which can reorder what the reader sees, "Trojan Source"), the BOM, and
// the invisible characters that only say where a line may or may not
// break: soft hyphen, zero-width space, word joiner, the invisible math
// operators and the Mongolian vowel separator. A terminal shows none of
// them, yet tmux 3.3a and glibc give a soft hyphen a cell while width
// tables give it none, so one in a line moves everything after it; the
// reader wraps lines itself and needs no hints. U+200E/U+200F (LRM, RLM)
// are kept: they only mark direction and real Arabic and Hebrew text uses
// them. ZWJ and ZWNJ are kept: emoji sequences and Indic and Persian
// spelling need them.
func invisibleControl(r rune) bool {
	switch {
	case r < 0xad:
		return false
	case r == 0xad, r == 0x180e, r == 0x200b, r == 0xfeff:
		return true
	case r >= 0x2060 && r <= 0x2064:
		return true
	}
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// Kinds of escape sequence, for allowedSequence.
const (
	seqOther = iota
	seqCSI
	seqString // OSC, DCS, SOS, PM, APC, terminated
	seqBroken // an introducer whose sequence never completes
)

// escapeSequence measures the sequence starting at s (ESC, or an 8-bit
// introducer of introLen bytes handled by c1Sequence); rest is s after the
// introducer. It returns the byte length to drop or keep and its kind.
func escapeSequence(s string, introLen int, rest string) (int, int) {
	if len(rest) == 0 {
		return introLen, seqBroken
	}
	c := rest[0]
	switch {
	case c == '[':
		return csiLength(s, introLen+1)
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return stringLength(s, introLen+1)
	case c >= 0x20 && c <= 0x2f:
		// nF escape (ESC ( B and friends): intermediates, then a final.
		j := introLen
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
			j++
		}
		if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
			return j + 1, seqOther
		}
		return j, seqBroken
	case c >= 0x30 && c <= 0x7e:
		return introLen + 1, seqOther
	}
	// ESC before a control or non-ASCII byte: only the ESC goes.
	return introLen, seqBroken
}

// c1Sequence handles a C1 control rune r of size bytes at the start of s.
func c1Sequence(s string, r rune, size int) (int, int) {
	switch r {
	case 0x9b: // CSI
		return csiLength(s, size)
	case 0x9d, 0x90, 0x98, 0x9e, 0x9f: // OSC, DCS, SOS, PM, APC
		return stringLength(s, size)
	}
	return size, seqOther
}

// csiLength measures a control sequence whose parameters start at body.
// A byte that cannot belong to a CSI ends it unfinished; that byte is
// left for the main loop.
func csiLength(s string, body int) (int, int) {
	for j := body; j < len(s); j++ {
		c := s[j]
		switch {
		case c >= 0x20 && c <= 0x3f:
			continue
		case c >= 0x40 && c <= 0x7e:
			return j + 1, seqCSI
		default:
			return j, seqBroken
		}
	}
	return len(s), seqBroken
}

// stringLength measures a control string (OSC, DCS, SOS, PM, APC) whose
// content starts at body: up to BEL, ST (ESC \ or U+009C), or CAN/SUB,
// which abort it. An ESC that does not start ST also ends it. With no
// terminator at all only the introducer is dropped, so one stray
// "ESC ]" cannot swallow the rest of an article; the rest is harmless
// printable text once the introducer is gone.
func stringLength(s string, body int) (int, int) {
	for j := body; j < len(s); j++ {
		switch s[j] {
		case 0x07:
			return j + 1, seqString
		case 0x18, 0x1a:
			return j + 1, seqBroken
		case 0x1b:
			if j+1 < len(s) && s[j+1] == '\\' {
				return j + 2, seqString
			}
			return j, seqBroken
		case 0xc2:
			if j+1 < len(s) && s[j+1] == 0x9c {
				return j + 2, seqBroken // valid, but only ESC \ and BEL are kept
			}
		}
	}
	return body, seqBroken
}

// allowedSequence says whether SafeRendered keeps seq: SGR, or an OSC 8
// hyperlink.
func allowedSequence(seq string, kind int) bool {
	switch kind {
	case seqCSI:
		return isSGR(seq)
	case seqString:
		return isOSC8(seq)
	}
	return false
}

func isSGR(seq string) bool {
	if len(seq) < 3 || seq[0] != 0x1b || seq[1] != '[' || seq[len(seq)-1] != 'm' {
		return false
	}
	for i := 2; i < len(seq)-1; i++ {
		c := seq[i]
		if (c < '0' || c > '9') && c != ';' && c != ':' {
			return false
		}
	}
	return true
}

func isOSC8(seq string) bool {
	body, ok := strings.CutPrefix(seq, "\x1b]8;")
	if !ok {
		return false
	}
	if b, ok := strings.CutSuffix(body, "\a"); ok {
		body = b
	} else if b, ok := strings.CutSuffix(body, "\x1b\\"); ok {
		body = b
	} else {
		return false
	}
	_, uri, ok := strings.Cut(body, ";")
	if !ok {
		return false
	}
	for i := 0; i < len(body); i++ {
		if body[i] < 0x20 || body[i] > 0x7e {
			return false
		}
	}
	return uri == "" || IsWebURL(uri)
}

// SafeLine is Safe for one-line UI text (titles, list rows, status): every
// run of whitespace, newlines included, becomes one space, and the ends
// are trimmed.
func SafeLine(s string) string {
	s = Safe(s)
	if isOneLine(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isOneLine reports s that SafeLine's collapsing would leave unchanged,
// so a clean title (the usual case) is returned without a copy.
func isOneLine(s string) bool {
	prevSpace := true // a leading space must go
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case unicode.IsSpace(r):
			return false
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}
