package ui

// A small terminal for tests: it draws a frame's lines the way a terminal
// of one kind would, so a test can see what a user of that terminal sees.
// Its width tables come from golang.org/x/text and unicode, not from the
// code under test.

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/width"
)

// terminalKind is a way of counting cells.
type terminalKind int

const (
	// graphemeTerminal gives each grapheme cluster its width: kitty,
	// WezTerm, Ghostty, tmux 3.4+ in mode 2027.
	graphemeTerminal terminalKind = iota
	// codePointTerminal adds up each code point's wcwidth: xterm.
	codePointTerminal
	// tmux33Terminal is tmux 3.3a: code points added up, but what follows
	// a ZWJ joins the cell before it.
	tmux33Terminal
)

func (k terminalKind) String() string {
	return [...]string{"grapheme", "code point", "tmux 3.3a"}[k]
}

var terminalKinds = []terminalKind{graphemeTerminal, codePointTerminal, tmux33Terminal}

// wcwidth is the width of one code point in a terminal that adds them up.
func wcwidth(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) && r != 0xad:
		return 0
	case r >= 0x1160 && r <= 0x11ff:
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// termGrid is one screen of a terminal.
type termGrid struct {
	kind  terminalKind
	w, h  int
	cells [][]string
}

func newTermGrid(kind terminalKind, w, h int) *termGrid {
	g := &termGrid{kind: kind, w: w, h: h, cells: make([][]string, h)}
	for y := range g.cells {
		g.cells[y] = make([]string, w)
		for x := range g.cells[y] {
			g.cells[y][x] = "#" // what an earlier screen left
		}
	}
	return g
}

// drawFrame draws a View as Bubble Tea's renderer writes it: line by line,
// erasing the rest of a line its own count finds shorter than the screen.
// It reports the first line that would wrap.
func (g *termGrid) drawFrame(t *testing.T, frame string) {
	t.Helper()
	for y, line := range strings.Split(frame, "\n") {
		if y >= g.h {
			t.Errorf("%s terminal: the frame has more than %d lines", g.kind, g.h)
			return
		}
		x := g.drawLine(t, y, line)
		if ansi.StringWidth(line) < g.w {
			// An erase from a cursor that has just written the last
			// column clears that column, as in xterm.
			for x = min(x, g.w-1); x < g.w; x++ {
				g.cells[y][x] = " "
			}
		}
	}
}

// drawLine draws one line at row y and returns where the cursor ends.
func (g *termGrid) drawLine(t *testing.T, y int, line string) int {
	t.Helper()
	row := g.cells[y]
	x := 0
	put := func(glyph string, w int) bool {
		if w == 0 {
			if x > 0 {
				row[x-1] += glyph
			}
			return true
		}
		if x+w > g.w {
			t.Errorf("%s terminal, width %d: line %d wraps at %q in\n%q", g.kind, g.w, y, glyph, ansi.Strip(line))
			return false
		}
		row[x] = glyph
		for i := 1; i < w; i++ {
			row[x+i] = ""
		}
		x += w
		return true
	}
	joined := false
	for i := 0; i < len(line); {
		if line[i] == '\r' {
			x = 0
			i++
			continue
		}
		if line[i] == 0x1b {
			n := escapeLen(line[i:])
			seq := line[i : i+n]
			if strings.HasPrefix(seq, "\x1b[") && len(seq) > 3 {
				arg, _ := strconv.Atoi(seq[2 : len(seq)-1])
				switch seq[len(seq)-1] {
				case 'G':
					x = min(max(arg-1, 0), g.w-1)
				case 'X':
					for j := x; j < min(x+max(arg, 1), g.w); j++ {
						row[j] = " "
					}
				}
			}
			i += n
			continue
		}
		if g.kind == graphemeTerminal {
			cluster, w := ansi.FirstGraphemeCluster(line[i:], ansi.GraphemeWidth)
			if !put(cluster, w) {
				return x
			}
			i += len(cluster)
			continue
		}
		r, size := utf8.DecodeRuneInString(line[i:])
		w := wcwidth(r)
		if g.kind == tmux33Terminal && joined {
			w = 0
		}
		joined = r == 0x200d
		if !put(string(r), w) {
			return x
		}
		i += size
	}
	return x
}

// row is row y as text; a wide character's second cell is empty.
func (g *termGrid) row(y int) string { return strings.Join(g.cells[y], "") }

// last is the glyph in row y's last column.
func (g *termGrid) last(y int) string { return g.cells[y][g.w-1] }
