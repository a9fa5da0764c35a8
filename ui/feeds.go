package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// feedsLoadedMsg carries Backend.Feeds' result. seq is the request's place
// in the order they were made, so a list overtaken by a newer one is
// dropped.
type feedsLoadedMsg struct {
	list []articles.Feed
	err  error
	seq  int
}

func feedsCmd(ctx context.Context, b Backend, seq int) tea.Cmd {
	return func() tea.Msg {
		list, err := b.Feeds(ctx)
		return feedsLoadedMsg{list: list, err: err, seq: seq}
	}
}

// feedsView lists every feed with its last status. Failing feeds come first
// so a dead one is found without scrolling.
type feedsView struct {
	c        *common
	ctx      context.Context
	seq      int // the last list asked for
	shownSeq int // the list shown
	loaded   bool
	list     []articles.Feed
	err      error
	offset   int // first line shown
	// lines are the rendered rows, rebuilt only when the list or the width
	// changes: View runs on every spinner tick.
	lines     []string
	failing   int
	recovered int
}

func newFeedsView(ctx context.Context, c *common) feedsView { return feedsView{c: c, ctx: ctx} }

// request asks the Backend for the feeds again; the rows shown stay until
// the answer comes.
func (f feedsView) request() (feedsView, tea.Cmd) {
	f.seq++
	return f, feedsCmd(f.ctx, f.c.opts.Backend, f.seq)
}

// listArrived takes a list the feeds view asked for, unless a newer one is
// already shown.
func (f feedsView) listArrived(msg feedsLoadedMsg) feedsView {
	if msg.seq <= f.shownSeq {
		return f
	}
	f.shownSeq = msg.seq
	return f.setFeeds(msg.list, msg.err)
}

func (f feedsView) setFeeds(list []articles.Feed, err error) feedsView {
	f.loaded, f.err = true, err
	f.list = slices.Clone(list)
	rank := func(s articles.Feed) int {
		switch {
		case feedFailed(s):
			return 0
		case feedRecovered(s):
			return 1
		case s.Status == "never fetched":
			return 2
		}
		return 3
	}
	slices.SortStableFunc(f.list, func(a, b articles.Feed) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(strings.ToLower(feedTitle(a)), strings.ToLower(feedTitle(b)))
	})
	f.failing, f.recovered = 0, 0
	for _, s := range f.list {
		switch {
		case feedFailed(s):
			f.failing++
		case feedRecovered(s):
			f.recovered++
		}
	}
	return f.relayout()
}

// feedRecovered: the feed was broken but loaded; Error says what was wrong.
func feedRecovered(s articles.Feed) bool { return s.Status == "recovered" }

// feedFailed: the feed's last fetch failed.
func feedFailed(s articles.Feed) bool {
	return s.Status == "error" || s.Error != "" && !feedRecovered(s)
}

// relayout renders the rows again, after a new list or a resize.
func (f feedsView) relayout() feedsView {
	f.lines = f.render()
	return f.clamp()
}

func feedTitle(s articles.Feed) string {
	if t := termsafe.SafeLine(s.Title); t != "" {
		return t
	}
	return termsafe.SafeLine(s.URL)
}

func (f feedsView) bodyHeight() int { return max(1, f.c.height-4) }

func (f feedsView) render() []string {
	st := f.c.styles.library
	w := f.c.width
	now := f.c.opts.Now()
	var out []string
	for _, s := range f.list {
		mark, status := st.feedOK.Render("✓"), termsafe.SafeLine(s.Status)
		switch {
		case feedFailed(s):
			mark, status = st.feedErr.Render("✗"), st.feedErr.Render(orDefault(status, "error"))
		case feedRecovered(s):
			mark, status = st.feedWarn.Render("!"), st.feedWarn.Render(status)
		case s.Status == "never fetched" || s.Status == "":
			mark, status = st.meta.Render("·"), orDefault(status, "never fetched")
		}
		right := status + st.meta.Render(" · "+relTime(s.LastFetch, now))
		rightW := cells(right)
		if titleW := w - 2 - rightW - 1; titleW >= 1 {
			out = append(out, joinColumns([]column{{mark + " ", 2}, {truncate(feedTitle(s), titleW, "…"), titleW + 1}, {right, rightW}}))
		} else {
			out = append(out, fitRowTail(mark+" "+feedTitle(s), w, "…"))
		}
		counts := fmt.Sprintf("  · %s, %d unread", articles.Plural(s.Articles, "article"), s.Unread)
		// An account's feed shows its own address and the account; its
		// URL is herald's key.
		addr := s.URL
		if s.Account != "" {
			addr = s.Link
			counts += " · account " + termsafe.SafeLine(s.Account)
		}
		out = append(out, fitRowTail("  "+st.meta.Render(termsafe.SafeLine(addr)+counts), w, "…"))
		switch {
		case feedRecovered(s):
			out = append(out, fitRowTail("  "+st.feedWarn.Render("recovered: "+termsafe.SafeLine(s.Error)), w, "…"))
		case s.Error != "":
			out = append(out, fitRowTail("  "+st.feedErr.Render(termsafe.SafeLine(s.Error)), w, "…"))
		}
	}
	return out
}

func (f feedsView) clamp() feedsView {
	f.offset = min(f.offset, max(len(f.lines)-f.bodyHeight(), 0))
	f.offset = max(f.offset, 0)
	return f
}

func (f feedsView) update(msg tea.Msg) (feedsView, tea.Cmd) {
	k := f.c.keys
	h := f.bodyHeight()
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Up):
			f.offset--
		case key.Matches(msg, k.Down):
			f.offset++
		case key.Matches(msg, k.PageDown):
			f.offset += h
		case key.Matches(msg, k.PageUp):
			f.offset -= h
		case key.Matches(msg, k.HalfDown):
			f.offset += h / 2
		case key.Matches(msg, k.HalfUp):
			f.offset -= h / 2
		case key.Matches(msg, k.First):
			f.offset = 0
		case key.Matches(msg, k.Last):
			f.offset = len(f.lines)
		}
	case tea.MouseMsg:
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			f.offset -= 3
		case tea.MouseButtonWheelDown:
			f.offset += 3
		}
	}
	return f.clamp(), nil
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
	lines := []string{fitRowTail(header, w, "…"), ""}
	body := f.lines
	switch {
	case !f.loaded:
		lines = append(lines, st.empty.Render("loading feeds…"))
	case f.err != nil:
		lines = append(lines, fitRowTail(st.statusErr.Render("could not list feeds: "+termsafe.SafeLine(f.err.Error())), w, "…"))
	case len(body) == 0:
		lines = append(lines, st.empty.Render("no feeds: add one with herald add URL"))
	default:
		end := min(f.offset+f.bodyHeight(), len(body))
		lines = append(lines, body[f.offset:end]...)
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	return strings.Join(append(lines[:h-1], f.helpView(false)), "\n")
}

func (f feedsView) helpView(full bool) string {
	k := f.c.keys
	st := f.c.styles.library.help
	if full {
		return strings.Join(fullHelpLines(st, [][]key.Binding{{k.Up, k.Down, k.PageDown, k.PageUp, k.First, k.Last}, {k.Back, k.Refresh, k.Help, k.ForceQuit}}, f.c.width), "\n")
	}
	return shortHelpLine(st, []key.Binding{k.Up, k.Down, k.Refresh}, []key.Binding{k.Back, k.Help, k.ForceQuit}, f.c.width)
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
