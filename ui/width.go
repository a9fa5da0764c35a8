package ui

// How wide a line is depends on the terminal. Kitty, WezTerm, Ghostty and
// tmux 3.4+ (in mode 2027) give a grapheme cluster the width of its
// cluster: a thumbs-up with a skin tone is 2 cells. tmux 3.3a and xterm add
// up the width of each code point: the same thumbs-up is 4, a family of
// three joined by ZWJs is 6 in xterm, and 2 in tmux, which joins what
// follows a ZWJ but not a skin tone. A line measured the first way that is
// drawn the second overflows, wraps, and scrolls the whole screen.
//
// So herald measures every line it draws both ways, cluster by cluster,
// and fits it to the wider count: it fits in every terminal. Where the two
// counts differ the line is drawn narrower by some terminals; such a line
// ends with an erase of the cells it may have left (ECH), and what comes
// after it on the row (a pane border) is put at its column with a cursor
// move (CHA), so a frame stays square and nothing from an earlier screen
// is left behind. Pure ASCII, nearly every line, takes a fast path and
// gets neither.

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
)

// tabCells is where a tab stop falls, counted from the start of the line
// the tab is in. Rendered lines have their tabs turned into spaces: a tab
// would jump to the terminal's stops, which know nothing of panes.
const tabCells = 8

// codePoints is the width table of terminals that add up code points:
// East Asian ambiguous characters are narrow, as outside CJK locales.
var codePoints = runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// runeCells is one code point's width in a terminal that adds them up: the
// wcwidth of xterm and glibc. Marks, joiners, variation selectors and tags
// take no cell; runewidth's table alone would give some of them one.
func runeCells(r rune) int {
	switch {
	case r < 0x300:
		// Latin and controls; what termsafe lets through here is printable
		// (a soft hyphen, were one left, is a cell in glibc and tmux).
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case r >= 0x1160 && r <= 0x11ff:
		return 0 // Hangul vowels and finals join the syllable's first cell
	}
	return codePoints.RuneWidth(r)
}

// clusterCells measures one grapheme cluster: most is the widest a
// terminal draws it (the wider of the grapheme width and the sum of its
// code points), least the narrowest (tmux 3.3a draws a ZWJ sequence as
// wide as its first code point).
func clusterCells(cluster string, graphemeW int) (most, least int) {
	sum, first := 0, -1
	for _, r := range cluster {
		w := runeCells(r)
		sum += w
		if first < 0 {
			first = w
		}
	}
	return max(graphemeW, sum), min(graphemeW, max(first, 0))
}

// measure returns the widest and the narrowest a terminal may draw s.
// Escape sequences take no cells; a tab counts as a whole tab stop at
// most, one cell at least.
func measure(s string) (most, least int) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			i += escapeLen(s[i:])
		case c == '\t':
			most += tabCells
			least++
			i++
		case c < 0x20 || c == 0x7f:
			i++
		case c < 0x80 && (i+1 == len(s) || s[i+1] < 0x80):
			// ASCII not followed by a combining mark: one cell everywhere.
			most++
			least++
			i++
		default:
			cluster, gw := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
			if cluster == "" {
				i++
				continue
			}
			m, l := clusterCells(cluster, gw)
			most += m
			least += l
			i += len(cluster)
		}
	}
	return most, least
}

// cells is how many columns s may take in any terminal: the width every
// fitting in the UI goes by.
func cells(s string) int {
	m, _ := measure(s)
	return m
}

// escapeLen is the length of the escape sequence at the start of s: CSI up
// to its final byte, a string (OSC, DCS, ...) up to BEL or ST, else ESC and
// the byte after it. UI lines carry only SGR, OSC 8 and herald's own
// cursor moves, which all end where this says.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for j := 2; j < len(s); j++ {
			if s[j] >= 0x40 && s[j] <= 0x7e {
				return j + 1
			}
		}
		return len(s)
	case ']', 'P', 'X', '^', '_':
		for j := 2; j < len(s); j++ {
			switch {
			case s[j] == 0x07:
				return j + 1
			case s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\':
				return j + 2
			}
		}
		return len(s)
	}
	return 2
}

// nextCluster returns the printable unit at the start of s (an escape
// sequence, an ASCII byte or a grapheme cluster), its byte length, and its
// widest and narrowest width; esc is set for an escape sequence.
func nextCluster(s string) (n, most, least int, esc bool) {
	c := s[0]
	switch {
	case c == 0x1b:
		return escapeLen(s), 0, 0, true
	case c == '\t':
		return 1, tabCells, 1, false
	case c < 0x20 || c == 0x7f:
		return 1, 0, 0, false
	case c < 0x80 && (len(s) == 1 || s[1] < 0x80):
		return 1, 1, 1, false
	}
	cluster, gw := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
	if cluster == "" {
		return 1, 0, 0, false
	}
	m, l := clusterCells(cluster, gw)
	return len(cluster), m, l, false
}

// truncate cuts s to at most w cells, as cells counts them, ending it with
// tail when it is cut. Escape sequences after the cut are kept, so a style
// or hyperlink opened before it is still closed.
func truncate(s string, w int, tail string) string {
	if cells(s) <= w {
		return s
	}
	room := w - cells(tail)
	if room < 0 {
		room, tail = w, ""
	}
	var b strings.Builder
	b.Grow(len(s) + len(tail))
	used, cut := 0, false
	for i := 0; i < len(s); {
		n, m, _, esc := nextCluster(s[i:])
		switch {
		case esc:
			b.WriteString(s[i : i+n])
		case cut:
		case used+m > room:
			cut = true
			b.WriteString(tail)
		default:
			b.WriteString(s[i : i+n])
			used += m
		}
		i += n
	}
	return b.String()
}

// ech erases n cells from the cursor on, without moving it or wrapping.
func ech(n int) string { return "\x1b[" + strconv.Itoa(n) + "X" }

// cha moves the cursor to column col, counted from 1.
func cha(col int) string { return "\x1b[" + strconv.Itoa(col) + "G" }

// anchored reports a line that fitLine ended with an erase: some terminal
// draws it narrower than its place, so what follows it on the row must be
// put at its column with cha.
func anchored(line string) bool {
	if !strings.HasSuffix(line, "X") {
		return false
	}
	i := strings.LastIndex(line, "\x1b[")
	if i < 0 {
		return false
	}
	for _, c := range line[i+2 : len(line)-1] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return i+2 < len(line)-1
}

// unanchor takes off the erase fitLine put at the end of line.
func unanchor(line string) string {
	if !anchored(line) {
		return line
	}
	return line[:strings.LastIndex(line, "\x1b[")]
}

// widenAll widens every line by n blank cells, in place.
func widenAll(lines []string, n int) []string {
	if n <= 0 {
		return lines
	}
	pad := strings.Repeat(" ", n)
	for i, l := range lines {
		lines[i] = widen(l, pad)
	}
	return lines
}

// widen appends pad to a fitted line, before its erase if it has one.
func widen(line, pad string) string {
	if !anchored(line) {
		return line + pad
	}
	i := strings.LastIndex(line, "\x1b[")
	return line[:i] + pad + line[i:]
}

// fitLine cuts or pads one line to exactly w cells as cells counts them.
// When some terminal may draw it narrower, it ends with an erase of the
// difference (see anchored): a line that ends at the screen's right edge
// uses fitRow instead, where an erase could clear the last cell.
func fitLine(line string, w int) string {
	line = unanchor(line)
	if strings.IndexByte(line, '\t') >= 0 {
		line = expandTabs(line)
	}
	most, least := measure(line)
	if most > w {
		line = truncate(line, w, "")
		most, least = measure(line)
	}
	if pad := w - most; pad > 0 {
		line += strings.Repeat(" ", pad)
	}
	if slack := most - least; slack > 0 {
		line += ech(slack)
	}
	return line
}

// fitLines fits every line to w cells, in place.
func fitLines(lines []string, w int) []string {
	for i, line := range lines {
		lines[i] = fitLine(line, w)
	}
	return lines
}

// fitRow fits a line that ends at the screen's right edge to w cells. A
// line every terminal draws alike is padded to w. One that some terminal
// draws narrower than cells says is kept a cell short of the edge: no
// terminal's cursor is then left on the last column when Bubble Tea's
// renderer erases the rest of the row (it does for a line its own count
// finds shorter than the screen), where that erase would wipe the glyph
// in the last column.
func fitRow(line string, w int) string { return fitRowTail(line, w, "") }

// fitRowTail is fitRow ending a line it cuts with tail ("…").
func fitRowTail(line string, w int, tail string) string {
	line = unanchor(line)
	if strings.IndexByte(line, '\t') >= 0 {
		line = expandTabs(line)
	}
	most, least := measure(line)
	if most != least {
		w--
	}
	if most > w {
		line = truncate(line, w, tail)
		most, _ = measure(line)
	}
	return line + strings.Repeat(" ", max(w-most, 0))
}

// expandTabs turns each tab into the spaces up to the next tab stop,
// counted from the start of line.
func expandTabs(line string) string {
	var b strings.Builder
	col := 0
	for i := 0; i < len(line); {
		n, m, _, esc := nextCluster(line[i:])
		switch {
		case line[i] == '\t':
			pad := tabCells - col%tabCells
			b.WriteString(strings.Repeat(" ", pad))
			col += pad
		default:
			b.WriteString(line[i : i+n])
			if !esc {
				col += m
			}
		}
		i += n
	}
	return b.String()
}

// splitAt cuts line after w cells: head is at most w cells, and tail the
// rest. The styles open at the cut are closed at the end of head and
// opened again at the start of tail, so each is a line of its own.
func splitAt(line string, w int) (head, tail string) {
	var (
		b    strings.Builder
		sgr  []string // SGR sequences since the last reset
		link string   // the OSC 8 hyperlink open, if any
		used int
	)
	for i := 0; i < len(line); {
		n, m, _, esc := nextCluster(line[i:])
		if esc {
			seq := line[i : i+n]
			switch {
			case seq == "\x1b[0m" || seq == "\x1b[m":
				sgr = sgr[:0]
			case strings.HasSuffix(seq, "m") && strings.HasPrefix(seq, "\x1b["):
				sgr = append(sgr, seq)
			case strings.HasPrefix(seq, "\x1b]8;"):
				link = ""
				if !closesLink(seq) {
					link = seq
				}
			}
			b.WriteString(seq)
			i += n
			continue
		}
		if used+m > w && used > 0 {
			head = b.String()
			if link != "" {
				head += "\x1b]8;;\x1b\\"
			}
			if len(sgr) > 0 {
				head += "\x1b[0m"
			}
			return head, strings.Join(sgr, "") + link + line[i:]
		}
		b.WriteString(line[i : i+n])
		used += m
		i += n
	}
	return b.String(), ""
}

// closesLink reports an OSC 8 sequence with no URI: the end of a link.
func closesLink(seq string) bool {
	body := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b]8;"), "\a"), "\x1b\\")
	_, uri, _ := strings.Cut(body, ";")
	return uri == ""
}

// indentOf is how many blank cells line starts with, styles skipped.
func indentOf(line string) int {
	n := 0
	for i := 0; i < len(line); {
		size, m, _, esc := nextCluster(line[i:])
		switch {
		case esc:
		case line[i] == ' ':
			n += m
		default:
			return n
		}
		i += size
	}
	return 0 // a blank line has no text to line up with
}

// wrapLines fits rendered lines to w cells without losing any text: a line
// wider than w (a long word or URL, a line of code, or a line glamour
// measured one way and the terminal counts another) goes on over the next
// lines, indented as the line is.
func wrapLines(lines []string, w int) []string {
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		if strings.IndexByte(line, '\t') >= 0 {
			line = expandTabs(line)
		}
		pad := strings.Repeat(" ", min(indentOf(line), w/2))
		for {
			if cells(line) <= w {
				out = append(out, fitLine(line, w))
				break
			}
			head, tail := splitAt(line, w)
			out = append(out, fitLine(head, w))
			if tail == "" {
				break
			}
			next := pad + trimLeadingSpaces(tail)
			if next == line {
				// A cluster too wide for the room beside the indent.
				next = trimLeadingSpaces(tail)
			}
			if next == line {
				break
			}
			line = next
		}
	}
	return out
}

// trimLeadingSpaces drops the spaces at the start of s's text, keeping the
// escape sequences among them.
func trimLeadingSpaces(s string) string {
	var esc strings.Builder
	for i := 0; i < len(s); {
		switch {
		case s[i] == 0x1b:
			n := escapeLen(s[i:])
			esc.WriteString(s[i : i+n])
			i += n
		case s[i] == ' ':
			i++
		default:
			return esc.String() + s[i:]
		}
	}
	return esc.String()
}

// wrapText word-wraps plain one-line text (a title) to lines of at most w
// cells each; a word longer than w is split where it must be.
func wrapText(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var lines []string
	line, lineW := "", 0
	for _, word := range strings.Fields(s) {
		ww := cells(word)
		for ww > w { // a word wider than the line: split it
			if line != "" {
				lines = append(lines, line)
				line, lineW = "", 0
			}
			head, tail := splitAt(word, w)
			lines = append(lines, head)
			word, ww = tail, cells(tail)
		}
		switch {
		case word == "":
		case line == "":
			line, lineW = word, ww
		case lineW+1+ww <= w:
			line += " " + word
			lineW += 1 + ww
		default:
			lines = append(lines, line)
			line, lineW = word, ww
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// rowBuilder joins the columns of one row, each exactly as wide as its
// place. After a column that some terminal draws narrower (one fitLine
// anchored), the next starts with a cursor move to its column, so the
// columns and borders after it stay where they belong.
type rowBuilder struct {
	b      strings.Builder
	origin int // the screen column, from 0, the row starts at
	col    int // cells added so far
	anchor bool
}

// add appends s, which is exactly w cells.
func (b *rowBuilder) add(s string, w int) {
	if b.anchor {
		b.b.WriteString(cha(b.origin + b.col + 1))
	}
	b.b.WriteString(s)
	b.col += w
	b.anchor = anchored(s)
}

// fit appends s fitted to w cells.
func (b *rowBuilder) fit(s string, w int) { b.add(fitLine(s, w), w) }

func (b *rowBuilder) String() string { return b.b.String() }

// column is one column of a row: its text and the cells it takes.
type column struct {
	text string
	w    int
}

// joinColumns lays out a row that ends at the screen's right edge: each
// column fitted to its place, so one that some terminal draws narrower
// does not move the next, and the last kept off the edge (fitRow).
func joinColumns(cols []column) string {
	var b rowBuilder
	for i, c := range cols {
		if i == len(cols)-1 {
			b.add(fitRow(c.text, c.w), c.w)
		} else {
			b.fit(c.text, c.w)
		}
	}
	return b.String()
}
