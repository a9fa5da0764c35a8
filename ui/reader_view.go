package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/herald-reader/herald/articles"
)

// This file draws the reader: drawChrome at each size, view at each frame.

// view picks and joins the strings setSize and update prepared; it never
// renders. The result is exactly c.width x (c.height-1) cells.
func (r reader) view() string {
	l, ch := r.layout, r.chrome
	if l.width <= 0 || l.height <= 0 {
		return ""
	}
	if l.height <= l.headerH { // no room for the panes or the footer
		return strings.Join(ch.header[:l.height], "\n")
	}
	var b strings.Builder
	b.Grow(l.height * (l.width + 32))
	for _, h := range ch.header {
		b.WriteString(h)
		b.WriteByte('\n')
	}
	if r.bordered() {
		r.writePanes(&b)
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
	if r.picking {
		return r.picker.overlay(b.String())
	}
	return b.String()
}

// writePanes writes the panes' rows. A piece some terminal draws narrower
// than its place is followed by a move to the next piece's column (see
// width.go), so every border is where it belongs in every terminal.
func (r reader) writePanes(b *strings.Builder) {
	l, ch := r.layout, r.chrome
	pane := r.hasPane()
	sf := ch.borders[focusSections][boolIndex(r.focus == focusSections)]
	cf := ch.borders[focusContent][boolIndex(r.focus == focusContent)]
	sw, cw := l.sectionsInnerW(), l.contentInnerW()
	var rows []string
	if pane {
		rows = r.paneLines()
		b.WriteString(sf.top)
	}
	b.WriteString(cf.top + "\n")
	for i := range l.listRows() {
		col, anchor := 0, false
		put := func(s string, w int) {
			if anchor {
				b.WriteString(cha(col + 1))
			}
			b.WriteString(s)
			col += w
			anchor = anchored(s)
		}
		if pane {
			put(sf.left, 1)
			put(rows[i], sw)
			put(sf.right, 1)
		}
		put(cf.left, 1)
		if y := r.content.YOffset + i; y < len(r.lines) {
			line := r.lines[y]
			if hl, ok := r.find.hl[y]; ok {
				line = hl // the search's matches marked
			}
			put(line, cw)
		} else {
			put(ch.blankC, cw)
		}
		put(cf.right, 1)
		b.WriteByte('\n')
	}
	if pane {
		b.WriteString(sf.bottom)
	}
	if len(r.lines) > l.listRows() && cf.bottomL != "" {
		// How far through the section, where the border has room.
		pct := int(r.content.ScrollPercent()*100 + 0.5)
		b.WriteString(cf.bottomL + fmt.Sprintf(" %3d%% ", pct) + cf.bottomR)
	} else {
		b.WriteString(cf.bottom)
	}
	b.WriteByte('\n')
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// bordered says whether the panes have room for their borders.
func (r reader) bordered() bool {
	l := r.layout
	return l.paneH >= 2 && l.contentW >= 2 && (!r.hasPane() || l.sectionsW >= 2)
}

// drawChrome draws everything but the content at the current size, in
// every variant view may pick.
func (r reader) drawChrome() readerChrome {
	l := r.layout
	var ch readerChrome
	ch.header = r.headerLines()
	for _, f := range []focus{focusSections, focusContent} {
		r.focus = f
		ch.footer[f] = fitRow(" "+r.footerHelp(l.width-2), l.width)
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
	if !r.hasPane() {
		return ch
	}
	ch.rows = make([]string, len(r.titles))
	for i := range r.titles {
		ch.rows[i] = r.sectionLines(i, sw, 1, false)[0]
	}
	ch.sel = r.sectionLines(r.selected, sw, 1, true)
	return ch
}

// withSelected redraws what changes with the selected section: its row
// and the header's "3/7". The header is a new slice: readers are values,
// and an older copy keeps the one it had.
func (ch readerChrome) withSelected(r reader) readerChrome {
	if !r.hasPane() {
		return ch
	}
	if r.bordered() {
		ch.sel = r.sectionLines(r.selected, r.layout.sectionsInnerW(), 1, true)
	}
	ch.header = append(slices.Clone(ch.header[:len(ch.header)-1]), r.metaRow())
	return ch
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

// displayTitle is the article's title, or a stand-in for none.
func (r reader) displayTitle() string {
	if r.article.Title == "" {
		return "Untitled"
	}
	return r.article.Title
}

// headerHeight is how many rows the header takes on a w x h reader: one on
// a short screen, else the title and the details, and the title a second
// line when it needs one and the screen has the room.
func (r reader) headerHeight(w, h int) int {
	switch {
	case h < twoLineHeaderAt:
		return 1
	case h >= wrapTitleAt && len(wrapText(r.displayTitle(), w-2)) > 1:
		return 3
	}
	return 2
}

// headerLines is the title and the details, with the section's place
// ("3/7") at the right. A title too long for its line ends with an
// ellipsis, after wrapping onto a second line where there is room; it is
// never cut silently.
func (r reader) headerLines() []string {
	s := r.c.styles
	l := r.layout
	w := l.width
	title := r.displayTitle()
	row := func(text string) string { return headerRow(s, text, "", w) }
	if l.headerH == 1 {
		return []string{r.metaRow()}
	}
	lines := []string{row(" " + s.readerTitle.Render(truncate(title, w-2, "…")))}
	if parts := wrapText(title, w-2); l.headerH >= 3 && len(parts) > 1 {
		rest := strings.Join(parts[1:], " ")
		lines = []string{
			row(" " + s.readerTitle.Render(parts[0])),
			row(" " + s.readerTitle.Render(truncate(rest, w-2, "…"))),
		}
	}
	return append(lines, r.metaRow())
}

// metaRow is the header's last row: the details, and the section's place
// at the right.
func (r reader) metaRow() string {
	s := r.c.styles
	w := r.layout.width
	pos, meta := r.position(), r.metaLine()
	room := w - 2 - min(cells(pos)+1, w/3)
	if r.layout.headerH == 1 {
		// One line: the title first; the details only where a useful
		// part of them fits after it.
		title := r.displayTitle()
		line := s.readerTitle.Render(truncate(title, max(room, 1), "…"))
		if rest := room - cells(title) - 3; meta != "" && rest >= min(cells(meta), 8) {
			line += s.readerMeta.Render(" · " + truncate(meta, rest, "…"))
		}
		return headerRow(s, " "+line, pos, w)
	}
	return headerRow(s, " "+s.readerMeta.Render(truncate(meta, max(room, 1), "…")), pos, w)
}

// headerRow is a header row w cells wide: text, and right at the right.
func headerRow(s styles, text, right string, w int) string {
	rw := cells(right) + 1
	if rw >= w {
		return fitRow(text, w)
	}
	var b rowBuilder
	b.fit(text, w-rw)
	b.add(s.readerMeta.Render(right)+" ", rw)
	return b.String()
}

// position is where the reader is among the sections, "3/7"; empty with
// no section pane.
func (r reader) position() string {
	if !r.hasPane() {
		return ""
	}
	return fmt.Sprintf("%d/%d", r.selected+1, len(r.titles))
}

// metaLine is "Source · Jan 15, 2026 · by Author", leaving out what is
// unknown; an undated article's date is "undated, first seen Jan 15, 2026".
func (r reader) metaLine() string {
	var parts []string
	if r.article.Source != "" {
		parts = append(parts, r.article.Source)
	}
	switch {
	case !r.article.Published.IsZero():
		parts = append(parts, r.article.Published.Format("Jan 2, 2006"))
	case !r.article.FirstSeen.IsZero():
		// The feed gave no date: say so rather than pass the day herald
		// first saw it off as the day it was published.
		parts = append(parts, "undated, first seen "+r.article.FirstSeen.Format("Jan 2, 2006"))
	}
	if r.article.Author != "" {
		parts = append(parts, "by "+r.article.Author)
	}
	if r.article.FullText {
		parts = append(parts, "full text")
	}
	if n := len(r.article.Enclosures); n > 0 {
		parts = append(parts, "♪ "+articles.Plural(n, "attachment"))
	}
	return strings.Join(parts, " · ")
}

// helpView is the reader's short help (one line) or its full help, laid
// out for the screen's width.
func (r reader) helpView(full bool) string {
	km := readerHelp{keys: r.c.keys, focus: r.focus, pane: r.hasPane()}
	st := r.c.styles.library.help
	if full {
		return strings.Join(fullHelpLines(st, km.FullHelp(), r.c.width), "\n")
	}
	return shortHelpLine(st, km.ShortHelp(), km.pinned(), r.c.width-2)
}

// footerHelp is the short help for a footer w cells wide.
func (r reader) footerHelp(w int) string {
	km := readerHelp{keys: r.c.keys, focus: r.focus, pane: r.hasPane()}
	return shortHelpLine(r.c.styles.library.help, km.ShortHelp(), km.pinned(), w)
}

// readerHelp is the reader's help.KeyMap. Up and down describe what they do
// in the focused pane; the keys of the section pane are left out when the
// article has no pane.
type readerHelp struct {
	keys  KeyMap
	focus focus
	pane  bool
}

func (h readerHelp) upDown() key.Binding {
	desc := "scroll"
	if h.focus == focusSections && h.pane {
		desc = "section"
	}
	k := h.keys
	return key.NewBinding(key.WithKeys(append(k.Down.Keys(), k.Up.Keys()...)...), key.WithHelp(shortKey(k.Down)+"/"+shortKey(k.Up), desc))
}

// pinned are the hints the footer always shows, however narrow: how to get
// help, how to leave the reader and how to quit.
func (h readerHelp) pinned() []key.Binding {
	k := h.keys
	return []key.Binding{k.Back, k.Help, k.ForceQuit}
}

// ShortHelp implements help.KeyMap: the footer's hints besides the pinned
// ones, most needed first; those that do not fit drop from the end.
func (h readerHelp) ShortHelp() []key.Binding {
	k := h.keys
	if !h.pane {
		return []key.Binding{h.upDown(), k.PageDown, k.Open, k.FullText, k.Links, k.Find, k.NextArticle}
	}
	return []key.Binding{h.upDown(), k.FocusNext, k.NextSection, k.Open, k.FullText, k.Links, k.Find, k.Jump, k.NextArticle}
}

// FullHelp implements help.KeyMap.
func (h readerHelp) FullHelp() [][]key.Binding {
	k := h.keys
	moving := []key.Binding{h.upDown(), joinKeys(k.First, k.Last)}
	if h.pane {
		moving = append(moving, k.FocusNext, joinKeys(k.NextSection, k.PrevSection), k.Jump)
	}
	return [][]key.Binding{
		moving,
		// Pairs on one line, and ? left to the overlay's title, which
		// says it: at 40 columns the columns stack, and every key must
		// still fit 24 lines (the footer names n and N while a search
		// lasts).
		{k.PageDown, k.PageUp, k.HalfDown, k.HalfUp, findKeys(k)},
		{k.Open, k.Copy, k.FullText, k.Links, k.Play, joinKeys(k.NextArticle, k.PrevArticle), k.NextUnread, k.Back, k.ForceQuit},
	}
}

// findKeys is / and, while a search lasts, n and N: one line of the full
// help.
func findKeys(k KeyMap) key.Binding {
	keys := append(append(k.Find.Keys(), k.NextMatch.Keys()...), k.PrevMatch.Keys()...)
	return key.NewBinding(key.WithKeys(keys...),
		key.WithHelp(k.Find.Help().Key+" "+k.NextMatch.Help().Key+"/"+k.PrevMatch.Help().Key, k.Find.Help().Desc))
}

// joinKeys is two bindings as one line of the full help, "n p  next
// article, prev article", each with all its keys; a binding with no key
// leaves the line to the other.
func joinKeys(a, b key.Binding) key.Binding {
	switch {
	case len(a.Keys()) == 0:
		return b
	case len(b.Keys()) == 0:
		return a
	}
	return key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...),
		key.WithHelp(a.Help().Key+" "+b.Help().Key, a.Help().Desc+", "+b.Help().Desc))
}
