package ui

// The library's drawing: header, filter line, rows and help. It only lays
// out strings; the library's state lives in library.go.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// libraryStyles are the library's, feeds view's and status line's styles.
type libraryStyles struct {
	appName    lipgloss.Style
	counts     lipgloss.Style
	viewName   lipgloss.Style
	unreadRow  lipgloss.Style
	readRow    lipgloss.Style
	selected   lipgloss.Style
	meta       lipgloss.Style
	unreadMark lipgloss.Style
	star       lipgloss.Style
	empty      lipgloss.Style
	// filterSelected is a kept filter's text when / comes back to it.
	filterSelected lipgloss.Style
	status         lipgloss.Style
	statusErr      lipgloss.Style
	feedOK         lipgloss.Style
	feedErr        lipgloss.Style
	feedWarn       lipgloss.Style
	// undated is a date that is only when herald first saw the article.
	undated lipgloss.Style
	// match marks what a search found: in snippets, and in the reader.
	match     lipgloss.Style
	matchHere lipgloss.Style // the reader's current match
	help      help.Styles
}

func newLibraryStyles(r *lipgloss.Renderer, p palette) libraryStyles {
	dim := r.NewStyle().Foreground(p["muted"])
	return libraryStyles{
		appName:    r.NewStyle().Bold(true).Foreground(p["accent"]),
		counts:     r.NewStyle(),
		viewName:   dim,
		unreadRow:  r.NewStyle().Bold(true),
		readRow:    r.NewStyle(),
		selected:   r.NewStyle().Bold(true).Foreground(p["selection"]),
		meta:       dim,
		unreadMark: r.NewStyle().Foreground(p["unread"]),
		star:       r.NewStyle().Foreground(p["star"]),
		empty:      r.NewStyle().Italic(true).Foreground(p["muted"]),
		// Reverse, as a selection looks, and seen without colour.
		filterSelected: r.NewStyle().Reverse(true),
		status:         dim,
		statusErr:      r.NewStyle().Bold(true).Foreground(p["error"]),
		feedOK:         r.NewStyle().Foreground(p["ok"]),
		feedErr:        r.NewStyle().Bold(true).Foreground(p["error"]),
		feedWarn:       r.NewStyle().Foreground(p["warning"]),
		undated:        dim.Faint(true),
		// Reverse video shows without colour too.
		match:     r.NewStyle().Reverse(true),
		matchHere: r.NewStyle().Reverse(true).Bold(true).Foreground(p["star"]),
		// help.New's defaults are AdaptiveColors, which query the terminal.
		help: help.Styles{
			ShortKey:       r.NewStyle(),
			ShortDesc:      dim,
			ShortSeparator: dim,
			FullKey:        r.NewStyle(),
			FullDesc:       dim,
			FullSeparator:  dim,
			Ellipsis:       dim,
		},
	}
}

func (l library) view() string {
	w, h := l.c.width, l.c.height-1
	st := l.c.styles.library

	lines := make([]string, 0, h)
	lines = append(lines, l.headerView(w))
	switch {
	case l.filtering || l.filter != "":
		lines = append(lines, l.filterView(w))
	default:
		lines = append(lines, "")
	}

	rows := l.rows()
	if len(l.visible) == 0 {
		// Wrapped, not cut: a failure's remedy is at its end.
		for _, line := range wrapText(l.emptyText(), max(w-1, 1)) {
			lines = append(lines, fitRowTail(st.empty.Render(line), w, "…"))
		}
		if l.tailLines() > 0 {
			lines = append(lines, l.textHeading(w))
		}
	} else {
		lines = append(lines, l.rowsView(w, rows)...)
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = append(lines[:h-1], l.helpView(false))
	return strings.Join(lines, "\n")
}

func (l library) filterView(w int) string {
	st := l.c.styles.library
	var text string
	switch {
	case l.replace:
		// The kept filter, selected: typing replaces it.
		text = st.filterSelected.Render(truncate(l.filter, max(w-3, 1), "…"))
	case l.filtering:
		in := l.input
		in.Width = max(w-3, 1)
		text = in.View()
	default:
		text = l.filter
	}
	return fitRowTail(st.selected.Render("/ ")+text, w, "…")
}

func (l library) headerView(w int) string {
	st := l.c.styles.library
	left := st.appName.Render("herald") + "  " + st.counts.Render(l.countsText())
	if tag := l.c.opts.ProblemTag; tag != "" {
		left += st.counts.Render(" · ") + st.statusErr.Render(termsafe.SafeLine(tag))
	}
	label := truncate(l.viewLabel(), max(w/3, 1), "…")
	// A label some terminal draws narrower keeps off the last column
	// (see fitRow).
	rightW := cells(label)
	if most, least := measure(label); most != least {
		rightW++
	}
	leftW := cells(left)
	if leftW+1+rightW > w {
		return fitRowTail(left, w, "…")
	}
	var b rowBuilder
	b.add(left+strings.Repeat(" ", w-leftW-rightW), w-rightW)
	b.add(fitRow(st.viewName.Render(label), rightW), rightW)
	return b.String()
}

// countsText is "1,538 articles · 12 unread", or "2 of 1,538 articles ·
// 12 unread" when a filter or a view shows fewer.
func (l library) countsText() string {
	if !l.loaded || l.partial {
		return "loading…"
	}
	total := thousands(len(l.all)) + " article"
	if len(l.all) != 1 {
		total += "s"
	}
	if len(l.visible) != len(l.all) {
		total = thousands(len(l.visible)) + " of " + total
	}
	return total + " · " + thousands(l.unread) + " unread"
}

// thousands writes n with commas between groups of three digits: 1,538.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (l library) emptyText() string {
	switch {
	case !l.loaded:
		return "loading articles…"
	case len(l.all) == 0 && l.listErr != "":
		return l.listErr
	case len(l.all) == 0 && l.c.opts.CanRefresh:
		if k := shortKey(l.c.keys.Refresh); k != "" {
			return "no articles yet: press " + k + " to fetch your feeds"
		}
		return "no articles yet: herald fetch fetches your feeds"
	case len(l.all) == 0:
		return "no articles"
	case l.filter != "" && l.text.shows(l.filter):
		return "no titles match “" + l.filter + "”"
	case l.filter != "":
		return fmt.Sprintf("no titles match “%s” (the text is searched from %d letters on)", l.filter, textSearchMin)
	case l.scope.why != "" && len(l.visible) == 0 && l.filter == "" && l.kind == viewAll:
		return "no articles from this feed: its last fetch failed: " + termsafe.SafeLine(l.scope.why)
	case l.kind == viewUnread:
		return "no unread articles"
	case l.kind == viewStarred:
		if k := shortKey(l.c.keys.Star); k != "" {
			return "no starred articles: " + k + " stars one"
		}
		return "no starred articles"
	case l.kind == viewNew:
		return "nothing new since herald was last opened"
	}
	return "nothing here"
}

func (l library) rowsView(w, rows int) []string {
	st := l.c.styles.library
	now := l.c.opts.Now()
	// The rows that fit from offset: text matches take two lines.
	end, used := l.offset, 0
	for end < len(l.visible) && used+l.rowLines(end) <= rows {
		used += l.rowLines(end)
		end++
	}

	// Source and date are aligned columns sized to what is on screen.
	srcW, dateW := 0, 0
	for _, i := range l.visible[l.offset:end] {
		a := l.all[i]
		srcW = max(srcW, cells(termsafe.SafeLine(a.Source)))
		dateW = max(dateW, cells(rowDate(a, now)))
	}
	srcW = min(srcW, 24, w/5)
	const marksW = 6 // cursor, unread and star, two cells each
	// One feed's articles need no column saying which feed.
	showSrc := srcW > 0 && w-marksW-srcW-dateW-4 >= 20 && len(l.scope.feeds) != 1
	showDate := dateW > 0 && w-marksW-dateW-2 >= 16
	titleW := w - marksW
	if showDate {
		titleW -= dateW + 2
	}
	if showSrc {
		titleW -= srcW + 2
	}

	out := make([]string, 0, rows)
	for pos := l.offset; pos < end; pos++ {
		if pos == l.textFrom {
			out = append(out, l.textHeading(w))
		}
		a := l.all[l.visible[pos]]
		sel := pos == l.cursor
		marks := "  "
		if sel {
			marks = st.selected.Render("▸ ")
		}
		if a.Read {
			marks += "  "
		} else {
			marks += st.unreadMark.Render("●") + " "
		}
		if a.Starred {
			marks += st.star.Render("★") + " "
		} else {
			marks += "  "
		}
		title := termsafe.SafeLine(a.Title)
		if a.HasEnclosures || len(a.Enclosures) > 0 {
			// An attachment (a podcast's audio) is marked before the title.
			title = "♪ " + title
		}
		titleSt := st.unreadRow
		switch {
		case sel:
			titleSt = st.selected
		case a.Read:
			titleSt = st.readRow
		}
		cols := []column{{marks, marksW}, {titleSt.Render(truncate(title, titleW, "…")), titleW}}
		if showSrc {
			cols = append(cols, column{"  " + st.meta.Render(truncate(termsafe.SafeLine(a.Source), srcW, "…")), srcW + 2})
		}
		if showDate {
			d := rowDate(a, now)
			dateSt := st.meta
			if a.Published.IsZero() {
				dateSt = st.undated
			}
			cols = append(cols, column{"  " + strings.Repeat(" ", dateW-cells(d)) + dateSt.Render(d), dateW + 2})
		}
		out = append(out, joinColumns(cols))
		if pos >= l.textFrom {
			out = append(out, l.snippetLine(l.text.snippets[a.ID], w))
		}
	}
	if end == len(l.visible) && l.tailLines() > 0 && len(out) < rows {
		out = append(out, l.textHeading(w))
	}
	return out
}

// textHeading is the line above the text's matches: what they are, or
// that they are on their way, or why the search could not run.
func (l library) textHeading(w int) string {
	st := l.c.styles.library
	n := len(l.visible) - l.textFrom
	var text string
	// A read-only cache's search may come with what it left out.
	var partial *articles.NotSearchedError
	switch {
	case l.text.waiting:
		text = "searching the text…"
	case l.text.err != nil && !errors.As(l.text.err, &partial):
		return st.statusErr.Render(truncate("  "+termsafe.SafeLine(l.text.err.Error()), w, "…"))
	case n == 0:
		text = "no other matches in the text"
	case len(l.text.hits) >= textSearchHits && n == len(l.text.hits):
		text = fmt.Sprintf("the best %d matches in the text", textSearchHits)
	case len(l.text.hits) >= textSearchHits:
		text = fmt.Sprintf("the best %d matches in the text, %d of them here", textSearchHits, n)
	default:
		text = "matches in the text: " + articles.Plural(n, "article")
	}
	if partial != nil {
		text += " · " + articles.Plural(partial.N, "article") + " not searched: the cache is read-only"
	}
	return st.meta.Render(truncate("  ── "+text+" ──", w, "…"))
}

// snippetLine is a text match's second line: its snippet under the title,
// the matched words marked.
func (l library) snippetLine(sn articles.Snippet, w int) string {
	const indent = "      " // under the title, past the marks
	st := l.c.styles.library
	avail := w - len(indent)
	if avail <= 0 || sn.Text == "" {
		return ""
	}
	// The first mark in sight: a long snippet is cut at its end.
	var b strings.Builder
	pos := 0
	for _, m := range sn.Marks {
		if m.Start < pos || m.End > len(sn.Text) {
			continue
		}
		b.WriteString(st.meta.Render(sn.Text[pos:m.Start]))
		b.WriteString(st.match.Render(sn.Text[m.Start:m.End]))
		pos = m.End
	}
	b.WriteString(st.meta.Render(sn.Text[pos:]))
	return indent + truncate(b.String(), avail, "…")
}

func (l library) helpView(full bool) string {
	st := l.c.styles.library.help
	if full {
		return strings.Join(fullHelpLines(st, l.fullHelp(), l.c.width), "\n")
	}
	if l.filtering {
		return shortHelpLine(st, []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
			key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		}, nil, l.c.width)
	}
	k := l.c.keys
	if l.scope.feeds != nil {
		back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "feeds"))
		return shortHelpLine(st, []key.Binding{k.Enter, back, k.Filter, k.CycleView, k.NextUnread, k.Star}, []key.Binding{k.Help, k.Quit}, l.c.width)
	}
	return shortHelpLine(st, []key.Binding{k.Enter, k.Filter, k.CycleView, k.NextUnread, k.FeedsView, k.Refresh, k.Star}, []key.Binding{k.Help, k.Quit}, l.c.width)
}

func (l library) fullHelp() [][]key.Binding {
	k := l.c.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.First, k.Last, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp},
		{k.Enter, k.Open, k.Filter, k.ClearFilter, k.CycleView, k.FeedsView, k.NextUnread},
		{k.ToggleRead, k.MarkAllRead, k.Star, k.Refresh},
		{k.Help, k.Quit, k.ForceQuit},
	}
}

// rowDate is an article's date in the list: when it was published, or,
// for an article its feed gave no date, "~" and when herald first saw it
// (the time it sorts by), drawn dimmer.
func rowDate(a articles.Article, now time.Time) string {
	if a.Published.IsZero() && !a.FirstSeen.IsZero() {
		return "~" + shortDate(a.FirstSeen, now)
	}
	return shortDate(a.Published, now)
}

// shortDate is a list date: the time today (or "today" for a bare date), month and day this year, the
// full date before that.
func shortDate(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(now.Location())
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			return "today" // a date without a time, as bundled articles have
		}
		return t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("Jan 2")
	}
	return t.Format("Jan 2 2006")
}
