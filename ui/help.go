package ui

// Help from the one KeyMap: the footer's line of hints and the ? overlay,
// both laid out for the width they get. bubbles/help cuts the footer with
// an ellipsis wherever the width runs out, and drops the overlay's columns
// that do not fit; herald keeps the hints a user needs and moves columns
// down instead.

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

const (
	helpSep    = " • " // between two hints on the footer
	helpColGap = 4     // between two columns of the overlay
)

// shortHelpLine is one line of hints at most w cells wide: the pinned ones
// always, at the end, and before them as many of opt as fit, in order.
// Disabled bindings are left out.
func shortHelpLine(st help.Styles, opt, pinned []key.Binding, w int) string {
	hint := func(b key.Binding) (string, int) {
		h := b.Help()
		return st.ShortKey.Render(h.Key) + " " + st.ShortDesc.Render(h.Desc), cells(h.Key) + 1 + cells(h.Desc)
	}
	sep, sepW := st.ShortSeparator.Render(helpSep), cells(helpSep)
	var tail []string
	tailW := 0
	for _, b := range pinned {
		if !b.Enabled() {
			continue
		}
		s, n := hint(b)
		if len(tail) > 0 {
			tailW += sepW
		}
		tail = append(tail, s)
		tailW += n
	}
	var head []string
	used := tailW
	for _, b := range opt {
		if !b.Enabled() {
			continue
		}
		s, n := hint(b)
		if used+n+sepW > w {
			break // what follows is needed less
		}
		head = append(head, s)
		used += n + sepW
	}
	return truncate(strings.Join(append(head, tail...), sep), w, "…")
}

// fullHelpLines lays out groups of bindings as columns side by side, as
// many as fit in w cells; the columns that do not fit go on below, so
// every key shows.
func fullHelpLines(st help.Styles, groups [][]key.Binding, w int) []string {
	var cols [][]string
	var widths []int
	for _, g := range groups {
		keyW := 0
		for _, b := range g {
			if b.Enabled() {
				keyW = max(keyW, cells(b.Help().Key))
			}
		}
		var col []string
		colW := 0
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			h := b.Help()
			line := st.FullKey.Render(h.Key+strings.Repeat(" ", keyW-cells(h.Key))) + "  " + st.FullDesc.Render(h.Desc)
			line = truncate(line, w, "…")
			col = append(col, line)
			colW = max(colW, cells(line))
		}
		if len(col) > 0 {
			cols = append(cols, col)
			widths = append(widths, colW)
		}
	}
	var out []string
	for start := 0; start < len(cols); {
		end, used := start+1, widths[start]
		for end < len(cols) && used+helpColGap+widths[end] <= w {
			used += helpColGap + widths[end]
			end++
		}
		if start > 0 {
			out = append(out, "")
		}
		rows := 0
		for _, c := range cols[start:end] {
			rows = max(rows, len(c))
		}
		for y := range rows {
			var b rowBuilder
			for i := start; i < end; i++ {
				if i > start {
					b.add(strings.Repeat(" ", helpColGap), helpColGap)
				}
				cell := ""
				if y < len(cols[i]) {
					cell = cols[i][y]
				}
				if i == end-1 {
					b.add(cell, cells(cell)) // the last column needs no padding
				} else {
					b.fit(cell, widths[i])
				}
			}
			out = append(out, b.String())
		}
		start = end
	}
	return out
}
