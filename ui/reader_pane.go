package ui

// The section pane: how wide it is, its rows, and which section is where.
// An article with fewer than two sections has no pane; its text takes the
// whole width.

import (
	"strconv"
	"strings"
)

// hasPane says whether the article has sections to choose between.
func (r reader) hasPane() bool { return len(r.titles) >= 2 }

// readingMinutes is how long a section takes to read, at least a minute.
func readingMinutes(markdown string) int {
	return max(1, (len(strings.Fields(markdown))+wordsPerMinute-1)/wordsPerMinute)
}

func minutesLabel(m int) string { return strconv.Itoa(m) + " min" }

// timeW is the width of the widest reading time, the pane's time column.
func (r reader) timeW() int {
	w := 0
	for _, m := range r.minutes {
		w = max(w, len(minutesLabel(m)))
	}
	return w
}

// rowPrefixW is the marker, the jump digit and a space before a title.
const rowPrefixW = 3

// indentW is section i's nesting indent in a pane whose rows are w wide:
// deep nesting must not push the title out of a narrow pane.
func (r reader) indentW(i, w int) int { return min(2*r.depths[i], max(w-rowPrefixW-4, 0)) }

// paneWidth is the section pane's outer width at a screen width: as wide as
// the titles need, within paneBounds; 0 with no pane.
func (r reader) paneWidth(width int) int {
	if !r.hasPane() {
		return 0
	}
	lo, hi := paneBounds(width)
	want := 0
	for i, t := range r.titles {
		want = max(want, rowPrefixW+2*r.depths[i]+cells(t))
	}
	return min(max(want+2, lo), hi) // + the borders
}

// sectionLines draws section i's row in a pane w cells wide: a marker on the
// selected row (visible without colour), the jump digit for the first
// nine, two spaces per nesting level, the title, and its reading time on
// the right where the title leaves room for it. Other rows cut a title too
// long for the pane with an ellipsis; the selected one wraps it onto as
// many as selectedLines lines, so it can be read whole. origin is the
// screen column the row starts at.
func (r reader) sectionLines(i, w, origin int, selected bool) []string {
	s := r.c.styles
	marker, st := " ", s.sectionItem
	if selected {
		marker, st = "▸", s.sectionSelected
	}
	num := " "
	if i < 9 {
		num = strconv.Itoa(i + 1)
	}
	indent := r.indentW(i, w)
	avail := w - rowPrefixW - indent
	if avail <= 0 {
		return []string{fitLine(marker+num, w)}
	}
	// While a search lasts, its count takes the reading time's place.
	label, timeW := minutesLabel(r.minutes[i]), r.timeW()+1
	count := r.findCount(i)
	if r.searching() && strings.TrimSpace(r.find.query) != "" {
		label, timeW = count, len(count)+1
	}
	// A count is shown whatever the title's length: the title gives way.
	withTime := cells(r.titles[i]) <= avail-timeW || (count != "" && label == count && avail > timeW+4)
	parts := []string{truncate(r.titles[i], avail, "…")}
	if selected && !withTime {
		if wrapped := wrapText(r.titles[i], avail); len(wrapped) > 1 {
			parts = wrapped
			if len(parts) > selectedLines {
				parts = parts[:selectedLines]
				parts[selectedLines-1] = truncate(parts[selectedLines-1]+" …", avail, "…")
			}
		}
	}
	lines := make([]string, len(parts))
	for n, part := range parts {
		var b rowBuilder
		b.origin = origin
		if n == 0 {
			b.add(st.Render(marker)+s.sectionNumber.Render(num)+" "+strings.Repeat(" ", indent), rowPrefixW+indent)
		} else {
			b.add(strings.Repeat(" ", rowPrefixW+indent), rowPrefixW+indent)
		}
		if withTime {
			b.fit(st.Render(truncate(part, avail-timeW, "…")), avail-timeW)
			pad := strings.Repeat(" ", timeW-len(label))
			if label == count && count != "" {
				b.add(pad+s.library.match.Render(label), timeW)
			} else {
				b.add(s.sectionNumber.Render(pad+label), timeW)
			}
		} else {
			b.fit(st.Render(part), avail)
		}
		lines[n] = b.String()
	}
	return lines
}

// selectedH is how many rows the selected section's title takes.
func (r reader) selectedH() int {
	return max(len(r.chrome.sel), 1)
}

// rowsOf is how many pane rows section i takes.
func (r reader) rowsOf(i int) int {
	if i == r.selected {
		return r.selectedH()
	}
	return 1
}

// paneLines are the section pane's rows from its offset, exactly listRows
// of them.
func (r reader) paneLines() []string {
	rows := r.layout.listRows()
	out := make([]string, 0, rows)
	for i := r.offset; i < len(r.chrome.rows) && len(out) < rows; i++ {
		if i == r.selected {
			for _, l := range r.chrome.sel {
				if len(out) < rows {
					out = append(out, l)
				}
			}
			continue
		}
		out = append(out, r.chrome.rows[i])
	}
	for len(out) < rows {
		out = append(out, r.chrome.blankS)
	}
	return out
}

// sectionAt is the section on pane row row (0 is the first inside the
// border), if any.
func (r reader) sectionAt(row int) (int, bool) {
	if row < 0 || row >= r.layout.listRows() {
		return 0, false
	}
	for i := r.offset; i < len(r.titles); i++ {
		row -= r.rowsOf(i)
		if row < 0 {
			return i, true
		}
	}
	return 0, false
}

// keepSelectedVisible scrolls the section pane so the selected section's
// rows show.
func (r reader) keepSelectedVisible() reader {
	rows := r.layout.listRows()
	if rows <= 0 || len(r.titles) == 0 {
		return r
	}
	// The first section from which the selected one still shows whole.
	lo, used := r.selected, r.selectedH()
	for lo > 0 && used+1 <= rows {
		lo--
		used++
	}
	r.offset = r.clampOffset(min(max(r.offset, lo), r.selected))
	return r
}

// clampOffset keeps the pane's first section between the first and the
// one from which the rest just fills the pane.
func (r reader) clampOffset(off int) int {
	rows, last := r.layout.listRows(), len(r.titles)
	for used := 0; last > 0 && used+r.rowsOf(last-1) <= rows; {
		used += r.rowsOf(last - 1)
		last--
	}
	return min(max(off, 0), last)
}
