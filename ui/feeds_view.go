package ui

// The feeds view's drawing: it only lays out strings; the state lives in
// feeds.go.

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// rowView draws one row, exactly the screen's width: a heading with its
// feeds' counts, or a feed with its unread and total counts and how its
// last fetch went (the error, for a failing one).
func (f feedsView) rowView(r feedRow, selected bool) string {
	st := f.c.styles.library
	w := f.c.width
	cursor := "  "
	if selected {
		cursor = st.selected.Render("▸ ")
	}
	titleStyle := st.readRow
	if selected {
		titleStyle = st.selected
	}
	var left, right string
	if r.feed < 0 {
		g := f.groups[r.group]
		fold := "▾"
		if f.folded[g.name] && f.filter == "" {
			fold = "▸"
		}
		left = cursor + fold + " " + titleStyle.Bold(true).Render(g.name)
		right = st.meta.Render(fmt.Sprintf("%s · %d unread", articles.Plural(len(g.feeds), "feed"), g.unread))
	} else {
		s := f.list[r.feed]
		mark := st.feedOK.Render("✓")
		status := st.meta.Render(termsafe.SafeLine(s.Status) + " · " + relTime(s.LastFetch, f.c.opts.Now()))
		switch {
		case failed(s):
			mark = st.feedErr.Render("✗")
			status = st.feedErr.Render(truncate(orDefault(termsafe.SafeLine(s.Error), "error"), max(w/3, 8), "…"))
		case feedRecovered(s):
			mark = st.feedWarn.Render("!")
			status = st.feedWarn.Render("recovered") + st.meta.Render(" · "+relTime(s.LastFetch, f.c.opts.Now()))
		case s.Status == "never fetched" || s.Status == "":
			mark, status = st.meta.Render("·"), st.meta.Render("never fetched")
		}
		indent := ""
		if f.tagged {
			indent = "  "
		}
		left = cursor + indent + mark + " " + titleStyle.Render(feedTitle(s))
		counts := fmt.Sprintf("%d unread · %d", s.Unread, s.Articles)
		right = st.meta.Render(counts) + "  " + status
	}
	rw := cells(right)
	left = truncate(left, max(w-rw-2, 4), "…")
	gap := max(w-cells(left)-rw, 1)
	return fitRowTail(left+strings.Repeat(" ", gap)+right, w, "…")
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
	for len(lines) < h-2 {
		lines = append(lines, "")
	}
	lines = append(lines[:h-2], f.detailView(w), f.helpView(false))
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

// detailView is the selected feed's address and, when it failed, the whole
// error, or what was wrong with it when it was recovered: what a row has no
// room for.
func (f feedsView) detailView(w int) string {
	st := f.c.styles.library
	r, ok := f.selectedRow()
	if !ok || r.feed < 0 {
		return ""
	}
	s := f.list[r.feed]
	line := st.meta.Render(termsafe.SafeLine(feedAddress(s)))
	if s.Account != "" {
		line += st.meta.Render(" · account " + termsafe.SafeLine(s.Account))
	}
	switch {
	case failed(s) && s.Error != "":
		line += st.meta.Render(" · ") + st.feedErr.Render(termsafe.SafeLine(s.Error))
	case feedRecovered(s):
		line += st.meta.Render(" · ") + st.feedWarn.Render("recovered: "+termsafe.SafeLine(s.Error))
	}
	return fitRowTail(line, w, "…")
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
			{k.Up, k.Down, k.PageDown, k.PageUp, k.First, k.Last},
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
