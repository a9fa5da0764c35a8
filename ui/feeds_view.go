package ui

// The feeds view's drawing: it only lays out strings; the state lives in
// feeds.go.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// feedCols are the widths of the feeds view's columns: the name, the
// two counts (digits) and the status, 0 when there is no room for it.
// They are measured over every row, not those on screen, so the columns
// stay put while the list scrolls.
type feedCols struct {
	indent, name, unread, total, status int
}

// Between the columns, and inside the counts.
const (
	colGap     = "  "
	unreadWord = " unread · "
)

// minStatusCells is the narrowest status column worth drawing: below it
// the mark (✓ ✗ !) says enough, and the details below say the rest.
const minStatusCells = 8

// rowCounts is a row's unread and total counts: a feed's, or its group's.
func (f feedsView) rowCounts(r feedRow) (unread, total int) {
	if r.feed < 0 {
		g := f.groups[r.group]
		return g.unread, g.total
	}
	s := f.list[r.feed]
	return s.Unread, s.Articles
}

// feedStatus is a feed's mark and how its last fetch went (the error, for
// a failing one), styled.
func (f feedsView) feedStatus(s articles.Feed) (mark, status string) {
	st := f.c.styles.library
	when := relTime(s.LastFetch, f.c.opts.Now())
	switch {
	case failed(s):
		return st.feedErr.Render("✗"), st.feedErr.Render(orDefault(termsafe.SafeLine(s.Error), "error"))
	case feedRecovered(s):
		return st.feedWarn.Render("!"), st.feedWarn.Render("recovered") + st.meta.Render(" · "+when)
	case s.Status == "never fetched" || s.Status == "":
		return st.meta.Render("·"), st.meta.Render("never fetched")
	}
	return st.feedOK.Render("✓"), st.meta.Render(termsafe.SafeLine(s.Status) + " · " + when)
}

// rowStatus is what a row has in the status column: a heading's number
// of feeds, or the feed's status.
func (f feedsView) rowStatus(r feedRow) string {
	if r.feed < 0 {
		return f.c.styles.library.meta.Render(articles.Plural(len(f.groups[r.group].feeds), "feed"))
	}
	_, status := f.feedStatus(f.list[r.feed])
	return status
}

// measureCols sizes the columns to the rows at width w, as the library
// does: the status column as wide as the widest status, at the right, and
// the name the rest. When both do not fit, the name keeps what it needs
// up to three fifths of the room: a row is found by its name, and the
// selected feed's status is whole below the list.
func (f feedsView) measureCols(w int) feedCols {
	var c feedCols
	if f.tagged {
		c.indent = 2
	}
	nameW, statusW := 0, 0
	for _, r := range f.rows {
		unread, total := f.rowCounts(r)
		c.unread = max(c.unread, len(strconv.Itoa(unread)))
		c.total = max(c.total, len(strconv.Itoa(total)))
		statusW = max(statusW, cells(f.rowStatus(r)))
		if r.feed < 0 {
			// A heading's name starts where the feeds' marks do.
			nameW = max(nameW, cells(f.groups[r.group].name)-c.indent)
		} else {
			nameW = max(nameW, cells(feedTitle(f.list[r.feed])))
		}
	}
	room := w - 2 - c.indent - 2 - len(colGap) - c.unread - cells(unreadWord) - c.total
	c.status = min(statusW, room-len(colGap)-min(nameW, room*3/5))
	c.name = room - len(colGap) - c.status
	if c.status < minStatusCells {
		c.name, c.status = room, 0
	}
	c.name = max(c.name, 1)
	return c
}

// rowView draws one row, exactly the screen's width, as columns that line
// up from row to row: the cursor, the name (a heading's with its fold
// mark, a feed's with its mark), the unread and total counts and the
// status.
func (f feedsView) rowView(r feedRow, c feedCols, selected bool) string {
	st := f.c.styles.library
	cursor := "  "
	titleStyle := st.readRow
	if selected {
		cursor, titleStyle = st.selected.Render("▸ "), st.selected
	}
	cols := []column{{cursor, 2}}
	if r.feed < 0 {
		name := f.groups[r.group].name
		fold := "▾ "
		if f.folded[name] && f.filter == "" {
			fold = "▸ "
		}
		nameW := c.indent + c.name
		cols = append(cols, column{fold + titleStyle.Bold(true).Render(truncate(name, nameW, "…")), 2 + nameW})
	} else {
		mark, _ := f.feedStatus(f.list[r.feed])
		cols = append(cols,
			column{strings.Repeat(" ", c.indent) + mark + " ", c.indent + 2},
			column{titleStyle.Render(truncate(feedTitle(f.list[r.feed]), c.name, "…")), c.name})
	}
	unread, total := f.rowCounts(r)
	counts := fmt.Sprintf("%*d%s%*d", c.unread, unread, unreadWord, c.total, total)
	cols = append(cols, column{colGap + st.meta.Render(counts), len(colGap) + cells(counts)})
	if c.status > 0 {
		cols = append(cols, column{colGap + truncate(f.rowStatus(r), c.status, "…"), len(colGap) + c.status})
	}
	return joinColumns(cols)
}

func (f feedsView) view() string {
	st := f.c.styles.library
	w, h := f.c.width, f.c.height-1
	header := st.appName.Render("feeds") + "  " + articles.Plural(len(f.list), "feed")
	if f.failing > 0 {
		header += " · " + st.feedErr.Render(fmt.Sprintf("%d failing", f.failing))
	}
	if f.recovered > 0 {
		header += " · " + st.feedWarn.Render(fmt.Sprintf("%d recovered", f.recovered))
	}
	lines := []string{fitRowTail(header, w, "…"), f.filterView(w)}
	switch {
	case !f.loaded:
		lines = append(lines, st.empty.Render("loading feeds…"))
	case f.err != nil:
		lines = append(lines, fitRowTail(st.statusErr.Render("could not list feeds: "+termsafe.SafeLine(f.err.Error())), w, "…"))
	case len(f.list) == 0:
		lines = append(lines, st.empty.Render("no feeds: add one with herald add URL"))
	case len(f.rows) == 0:
		lines = append(lines, fitRowTail(st.empty.Render(fmt.Sprintf("no feed's title or address holds “%s”", f.filter)), w, "…"))
	default:
		end := min(f.offset+f.bodyHeight(), len(f.lines))
		for i := f.offset; i < end; i++ {
			lines = append(lines, f.lines[i][boolIndex(i == f.cursor)])
		}
	}
	detail := f.detail
	if len(detail) == 0 {
		detail = []string{""}
	}
	top := h - 1 - len(detail)
	for len(lines) < top {
		lines = append(lines, "")
	}
	lines = append(append(lines[:top], detail...), f.helpView(false))
	return strings.Join(lines, "\n")
}

// filterView is the filter line, empty when there is no filter.
func (f feedsView) filterView(w int) string {
	if !f.filtering && f.filter == "" {
		return ""
	}
	st := f.c.styles.library
	text := f.filter
	if f.filtering {
		text += "█"
	}
	if over := ansi.StringWidth(text) - (w - 2); over > 0 {
		text = "…" + ansi.TruncateLeft(text, over+1, "")
	}
	return st.selected.Render("/ ") + text
}

// detailLines are the selected feed's address and how its last fetch
// went, the whole error for a failing one or what was wrong with a
// recovered one: what a row has no room for. They wrap onto at most most
// lines of w cells, the last cut with … when even those are too few.
func (f feedsView) detailLines(w, most int) []string {
	r, ok := f.selectedRow()
	if !ok || r.feed < 0 {
		return nil
	}
	st := f.c.styles.library
	s := f.list[r.feed]
	var words []string
	// Each word styled alone: a line wraps between words, and each line
	// then opens and closes its own styles.
	add := func(text string, style lipgloss.Style) {
		for _, word := range strings.Fields(text) {
			words = append(words, style.Render(word))
		}
	}
	add(termsafe.SafeLine(feedAddress(s)), st.meta)
	if s.Account != "" {
		add("· account "+termsafe.SafeLine(s.Account), st.meta)
	}
	add("·", st.meta)
	switch {
	case failed(s):
		add(orDefault(termsafe.SafeLine(s.Error), "error"), st.feedErr)
	case feedRecovered(s):
		add("recovered: "+termsafe.SafeLine(s.Error), st.feedWarn)
	default:
		// All of it in meta, as the row has it, but styled word by word.
		_, status := f.feedStatus(s)
		add(ansi.Strip(status), st.meta)
	}
	// A cell short of the edge, as the status line's error: a line some
	// terminal draws narrower is kept off the last column (fitRow).
	lines := wrapText(strings.Join(words, " "), max(w-1, 1))
	if len(lines) > most {
		lines = lines[:most]
		lines[most-1] = truncate(lines[most-1], w-2, "") + "…"
	}
	for i, l := range lines {
		lines[i] = fitRowTail(l, w, "…")
	}
	return lines
}

func (f feedsView) helpView(full bool) string {
	k := f.c.keys
	back := k.Back
	st := f.c.styles.library.help
	if f.filtering {
		return shortHelpLine(st, []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
			key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		}, nil, f.c.width)
	}
	fold := []key.Binding{k.Collapse, k.Expand}
	if !f.tagged {
		fold = nil
	}
	if full {
		return strings.Join(fullHelpLines(st, [][]key.Binding{
			{k.Up, k.Down, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp, k.First, k.Last},
			append([]key.Binding{k.Enter, k.Filter}, fold...),
			{back, k.Refresh, k.Help, k.ForceQuit},
		}, f.c.width), "\n")
	}
	return shortHelpLine(st, append([]key.Binding{k.Enter, k.Filter}, append(fold, k.Refresh)...), []key.Binding{back, k.Help}, f.c.width)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// relTime says how long ago t was, coarsely.
func relTime(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}
