package ui

// The library's drawing: header, filter line, rows and help. It only lays
// out strings; the library's state lives in library.go.

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
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
	status     lipgloss.Style
	statusErr  lipgloss.Style
	feedOK     lipgloss.Style
	feedErr    lipgloss.Style
	// match marks what a search found: in snippets, and in the reader.
	match     lipgloss.Style
	matchHere lipgloss.Style // the reader's current match
	help      help.Styles
}

func newLibraryStyles(r *lipgloss.Renderer) libraryStyles {
	dim := r.NewStyle().Foreground(colorDim)
	return libraryStyles{
		appName:    r.NewStyle().Bold(true).Foreground(colorAccent),
		counts:     r.NewStyle(),
		viewName:   dim,
		unreadRow:  r.NewStyle().Bold(true),
		readRow:    r.NewStyle(),
		selected:   r.NewStyle().Bold(true).Foreground(colorAccent),
		meta:       dim,
		unreadMark: r.NewStyle().Foreground(colorAccent),
		star:       r.NewStyle().Foreground(lipgloss.Color("11")),
		empty:      r.NewStyle().Italic(true).Foreground(colorDim),
		status:     dim,
		statusErr:  r.NewStyle().Bold(true).Foreground(colorError),
		feedOK:     r.NewStyle().Foreground(lipgloss.Color("10")),
		feedErr:    r.NewStyle().Bold(true).Foreground(colorError),
		// Reverse video shows without colour too.
		match:     r.NewStyle().Reverse(true),
		matchHere: r.NewStyle().Reverse(true).Bold(true).Foreground(lipgloss.Color("11")),
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

func newLibHelp(c *common) help.Model {
	h := help.New()
	h.Styles = c.styles.library.help
	h.Width = c.width
	return h
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
		lines = append(lines, st.empty.Render(ansi.Truncate(l.emptyText(), w, "…")))
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
	text := l.filter
	if l.filtering {
		text += "█"
	} else if text == "" {
		text = st.meta.Render("filter by title")
	}
	// Keep the end in sight: that is where typing happens.
	if over := ansi.StringWidth(text) - (w - 2); over > 0 {
		text = "…" + ansi.TruncateLeft(text, over+1, "")
	}
	return st.selected.Render("/ ") + text
}

func (l library) headerView(w int) string {
	st := l.c.styles.library
	left := st.appName.Render("herald") + "  " + st.counts.Render(l.countsText())
	right := st.viewName.Render(ansi.Truncate(l.viewLabel(), max(w/3, 1), "…"))
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return ansi.Truncate(left, w, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

func (l library) countsText() string {
	if !l.loaded || l.partial {
		return "loading…"
	}
	if l.scope.feeds != nil {
		return fmt.Sprintf("%s · %d unread", articles.Plural(l.scoped.total, "article"), l.scoped.unread)
	}
	return fmt.Sprintf("%s · %d unread", articles.Plural(len(l.all), "article"), l.unread)
}

func (l library) emptyText() string {
	switch {
	case !l.loaded:
		return "loading articles…"
	case len(l.all) == 0 && l.c.opts.CanRefresh:
		return "no articles yet: press r to fetch your feeds"
	case len(l.all) == 0:
		return "no articles"
	case l.filter != "" && l.text.shows(l.filter):
		return "no titles match “" + l.filter + "”"
	case l.filter != "":
		return fmt.Sprintf("no titles match “%s” (the text is searched from %d letters on)", l.filter, textSearchMin)
	case l.kind == viewUnread:
		return "no unread articles"
	case l.kind == viewStarred:
		return "no starred articles: s stars one"
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
		srcW = max(srcW, ansi.StringWidth(termsafe.SafeLine(a.Source)))
		dateW = max(dateW, ansi.StringWidth(shortDate(a.Published, now)))
	}
	srcW = min(srcW, 24, w/5)
	const marks = 6 // cursor, unread and star, two cells each
	// One feed's articles need no column saying which feed.
	showSrc := srcW > 0 && w-marks-srcW-dateW-4 >= 20 && len(l.scope.feeds) != 1
	showDate := dateW > 0 && w-marks-dateW-2 >= 16
	titleW := w - marks
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
		var b strings.Builder
		if sel {
			b.WriteString(st.selected.Render("▸ "))
		} else {
			b.WriteString("  ")
		}
		if a.Read {
			b.WriteString("  ")
		} else {
			b.WriteString(st.unreadMark.Render("●") + " ")
		}
		if a.Starred {
			b.WriteString(st.star.Render("★") + " ")
		} else {
			b.WriteString("  ")
		}
		title := ansi.Truncate(termsafe.SafeLine(a.Title), titleW, "…")
		title += strings.Repeat(" ", max(titleW-ansi.StringWidth(title), 0))
		switch {
		case sel:
			b.WriteString(st.selected.Render(title))
		case a.Read:
			b.WriteString(st.readRow.Render(title))
		default:
			b.WriteString(st.unreadRow.Render(title))
		}
		if showSrc {
			src := ansi.Truncate(termsafe.SafeLine(a.Source), srcW, "…")
			b.WriteString("  " + st.meta.Render(src+strings.Repeat(" ", srcW-ansi.StringWidth(src))))
		}
		if showDate {
			d := shortDate(a.Published, now)
			b.WriteString("  " + st.meta.Render(strings.Repeat(" ", dateW-ansi.StringWidth(d))+d))
		}
		out = append(out, b.String())
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
	switch {
	case l.text.waiting:
		text = "searching the text…"
	case l.text.err != nil:
		return st.statusErr.Render(ansi.Truncate("  "+termsafe.SafeLine(l.text.err.Error()), w, "…"))
	case n == 0:
		text = "no other matches in the text"
	case len(l.text.hits) >= textSearchHits:
		text = fmt.Sprintf("the best %d matches in the text, %d of them here", textSearchHits, n)
	default:
		text = "matches in the text: " + articles.Plural(n, "article")
	}
	return st.meta.Render(ansi.Truncate("  ── "+text+" ──", w, "…"))
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
	return indent + ansi.Truncate(b.String(), avail, "…")
}

func (l library) helpView(full bool) string {
	h := newLibHelp(l.c)
	if full {
		return h.FullHelpView(l.fullHelp())
	}
	if l.filtering {
		return h.ShortHelpView([]key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
			key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		})
	}
	k := l.c.keys
	if l.scope.feeds != nil {
		back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "feeds"))
		return h.ShortHelpView([]key.Binding{k.Enter, back, k.Filter, k.CycleView, k.NextUnread, k.Help, k.Quit})
	}
	return h.ShortHelpView([]key.Binding{k.Enter, k.Filter, k.CycleView, k.FeedsView, k.NextUnread, k.Refresh, k.Help, k.Quit})
}

func (l library) fullHelp() [][]key.Binding {
	k := l.c.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.First, k.Last, k.PageDown, k.PageUp},
		{k.Enter, k.Open, k.Filter, k.CycleView, k.FeedsView, k.NextUnread},
		{k.ToggleRead, k.MarkAllRead, k.Star, k.Refresh},
		{k.Help, k.Quit, k.ForceQuit},
	}
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
