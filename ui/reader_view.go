package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// This file draws the reader: drawChrome at each size, view at each frame.

// view picks and joins the strings setSize and update prepared; it never
// renders. The result is exactly c.width x (c.height-1) cells.
func (r reader) view() string {
	l, ch := r.layout, r.chrome
	if l.width <= 0 || l.height <= 0 {
		return ""
	}
	if l.height == 1 { // no room for the footer
		return ch.header[0]
	}
	var b strings.Builder
	b.Grow(l.height * (l.width + 32))
	for _, h := range ch.header {
		b.WriteString(h)
		b.WriteByte('\n')
	}
	if r.bordered() {
		sf := ch.borders[focusSections][boolIndex(r.focus == focusSections)]
		cf := ch.borders[focusContent][boolIndex(r.focus == focusContent)]
		b.WriteString(sf.top + cf.top + "\n")
		for i := range l.listRows() {
			b.WriteString(sf.left)
			if s := r.offset + i; s < len(ch.rows) {
				b.WriteString(ch.rows[s][boolIndex(s == r.selected)])
			} else {
				b.WriteString(ch.blankS)
			}
			b.WriteString(sf.right + cf.left)
			if y := r.content.YOffset + i; y < len(r.lines) {
				if hl, ok := r.find.hl[y]; ok {
					b.WriteString(hl)
				} else {
					b.WriteString(r.lines[y])
				}
			} else {
				b.WriteString(ch.blankC)
			}
			b.WriteString(cf.right + "\n")
		}
		b.WriteString(sf.bottom)
		if len(r.lines) > l.listRows() && cf.bottomL != "" {
			// How far through the section, where the border has room.
			pct := int(r.content.ScrollPercent()*100 + 0.5)
			b.WriteString(cf.bottomL + fmt.Sprintf(" %3d%% ", pct) + cf.bottomR)
		} else {
			b.WriteString(cf.bottom)
		}
		b.WriteByte('\n')
	} else {
		// Too small for borders: blank rows keep the size.
		for range l.paneH {
			b.WriteString(strings.Repeat(" ", l.width) + "\n")
		}
	}
	if r.searching() {
		// The query line changes with every key: drawn here, one line.
		b.WriteString(fitLine(" "+r.findLine(), l.width))
	} else {
		b.WriteString(ch.footer[r.focus])
	}
	return b.String()
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// bordered says whether both panes have room for their borders.
func (r reader) bordered() bool {
	l := r.layout
	return l.paneH >= 2 && l.sectionsW >= 2 && l.contentW >= 2
}

// drawChrome draws everything but the content at the current size, in
// every variant view may pick.
func (r reader) drawChrome() readerChrome {
	l := r.layout
	var ch readerChrome
	ch.header = r.headerLines()
	for _, f := range []focus{focusSections, focusContent} {
		r.focus = f
		ch.footer[f] = fitLine(" "+r.helpView(false), l.width)
	}
	if !r.bordered() {
		return ch
	}
	sw, cw := l.sectionsInnerW(), l.contentInnerW()
	ch.blankS, ch.blankC = strings.Repeat(" ", sw), strings.Repeat(" ", cw)
	s := r.c.styles
	for f, st := range []lipgloss.Style{s.paneBlurred, s.paneFocused} {
		ch.borders[focusSections][f] = drawFrame(s.renderer, st, sw)
		ch.borders[focusContent][f] = drawFrame(s.renderer, st, cw)
	}
	ch.rows = r.drawRows()
	return ch
}

// drawRows draws the section pane's rows, plain and selected.
func (r reader) drawRows() [][2]string {
	sw := r.layout.sectionsInnerW()
	rows := make([][2]string, len(r.titles))
	for i := range r.titles {
		rows[i] = [2]string{r.sectionRow(i, sw, false), r.sectionRow(i, sw, true)}
	}
	return rows
}

// drawFrame draws the pieces of st's border around an inner width of w.
func drawFrame(r *lipgloss.Renderer, st lipgloss.Style, w int) frame {
	b := st.GetBorderStyle()
	paint := r.NewStyle().Foreground(st.GetBorderTopForeground())
	f := frame{
		top:    paint.Render(b.TopLeft + strings.Repeat(b.Top, w) + b.TopRight),
		bottom: paint.Render(b.BottomLeft + strings.Repeat(b.Bottom, w) + b.BottomRight),
		left:   paint.Render(b.Left),
		right:  paint.Render(b.Right),
	}
	if w >= scrollLabelW+4 {
		f.bottomL = paint.Render(b.BottomLeft + strings.Repeat(b.Bottom, w-scrollLabelW-1))
		f.bottomR = paint.Render(b.Bottom + b.BottomRight)
	}
	return f
}

// scrollLabelW is the width of " 42% " in the content pane's bottom border.
const scrollLabelW = 6

// headerLines is the title and the details, on one line when the screen is
// short.
func (r reader) headerLines() []string {
	s := r.c.styles
	l := r.layout
	title := r.article.Title
	if title == "" {
		title = "Untitled"
	}
	meta := r.metaLine()
	if l.headerH == 1 {
		line := s.readerTitle.Render(title)
		if meta != "" {
			line += s.readerMeta.Render(" · " + meta)
		}
		return []string{fitLine(" "+line, l.width)}
	}
	return []string{
		fitLine(" "+s.readerTitle.Render(title), l.width),
		fitLine(" "+s.readerMeta.Render(meta), l.width),
	}
}

// metaLine is "Source · Jan 15, 2026 · by Author", leaving out what is
// unknown.
func (r reader) metaLine() string {
	var parts []string
	if r.article.Source != "" {
		parts = append(parts, r.article.Source)
	}
	if !r.article.Published.IsZero() {
		parts = append(parts, r.article.Published.Format("Jan 2, 2006"))
	}
	if r.article.Author != "" {
		parts = append(parts, "by "+r.article.Author)
	}
	return strings.Join(parts, " · ")
}

// sectionRow is one row of the section pane, exactly w cells: a marker on
// the selected row (visible without colour), the jump digit for the first
// nine, two spaces per nesting level, and the title cut with an ellipsis.
func (r reader) sectionRow(i, w int, selected bool) string {
	s := r.c.styles
	marker, st := " ", s.sectionItem
	if selected {
		marker, st = "▸", s.sectionSelected
	}
	num := " "
	if i < 9 {
		num = strconv.Itoa(i + 1)
	}
	// Deep nesting must not push the title out of a narrow pane.
	indent := min(2*r.depths[i], max(w-3-4, 0))
	avail := w - 3 - indent
	if avail <= 0 {
		return fitLine(marker+num, w)
	}
	// The search's count for the section, at the right.
	count := r.findCount(i)
	if count != "" && avail > len(count)+4 {
		avail -= len(count) + 1
		count = " " + s.library.match.Render(count)
	} else {
		count = ""
	}
	title := ansi.Truncate(r.titles[i], avail, "…")
	pad := avail - ansi.StringWidth(title)
	return st.Render(marker) + s.sectionNumber.Render(num) + " " + strings.Repeat(" ", indent) +
		st.Render(title) + strings.Repeat(" ", pad) + count
}

// helpView is the reader's short help (one line, cut to the width) or its
// full help in columns.
func (r reader) helpView(full bool) string {
	km := readerHelp{keys: r.c.keys, focus: r.focus}
	if full {
		return r.help.FullHelpView(km.FullHelp())
	}
	return r.help.ShortHelpView(km.ShortHelp())
}

// readerHelp is the reader's help.KeyMap. Up and down describe what they do
// in the focused pane.
type readerHelp struct {
	keys  KeyMap
	focus focus
}

func (h readerHelp) upDown() key.Binding {
	desc := "scroll"
	if h.focus == focusSections {
		desc = "section"
	}
	return key.NewBinding(key.WithKeys("j", "k"), key.WithHelp("j/k", desc))
}

// ShortHelp implements help.KeyMap.
func (h readerHelp) ShortHelp() []key.Binding {
	k := h.keys
	// Most needed first: the line is cut at the width with an ellipsis.
	return []key.Binding{h.upDown(), k.FocusNext, k.Back, k.Help, k.Find, k.Open, k.Jump}
}

// FullHelp implements help.KeyMap.
func (h readerHelp) FullHelp() [][]key.Binding {
	k := h.keys
	// Three columns fit 80 cells; help drops columns that overflow.
	return [][]key.Binding{
		{h.upDown(), k.First, k.Last, k.FocusNext, k.NextSection, k.PrevSection, k.Jump},
		{k.PageDown, k.PageUp, k.HalfDown, k.HalfUp, k.Find, k.NextMatch, k.PrevMatch},
		{k.Open, k.Copy, k.NextArticle, k.PrevArticle, k.NextUnread, k.Back, k.Help, k.ForceQuit},
	}
}

// fitLine cuts or pads one line to exactly w cells.
func fitLine(line string, w int) string {
	lw := ansi.StringWidth(line)
	if lw > w {
		line = ansi.Truncate(line, w, "")
		lw = ansi.StringWidth(line)
	}
	return line + strings.Repeat(" ", max(w-lw, 0))
}

// fitLines fits every line to w cells, in place.
func fitLines(lines []string, w int) []string {
	for i, line := range lines {
		lines[i] = fitLine(line, w)
	}
	return lines
}
