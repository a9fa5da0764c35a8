package ui

// The feeds view: every feed with its counts and last status, grouped by
// tag (a feed with several tags is under each; one with none under
// "untagged"), groups folding and unfolding, a filter by title or address.
// It is a place to go: enter on a feed or a tag opens the library on just
// those articles, and esc there comes back here, to the same row.

import (
	"context"
	"maps"
	"slices"
	"strings"

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

// openScopeMsg asks the root to show the library narrowed to a feed or a
// tag.
type openScopeMsg struct{ scope scope }

func feedsCmd(ctx context.Context, b Backend, seq int) tea.Cmd {
	return func() tea.Msg {
		list, err := b.Feeds(ctx)
		return feedsLoadedMsg{list: list, err: err, seq: seq}
	}
}

// untagged is the group of feeds without a tag.
const untagged = "untagged"

// feedGroup is one tag's feeds, in the order shown.
type feedGroup struct {
	name          string // the tag, or untagged
	feeds         []int  // indexes into feedsView.list
	unread, total int
}

// feedRow is one row: a group's heading (feed < 0) or one of its feeds.
type feedRow struct {
	group, feed int
}

type feedsView struct {
	c        *common
	ctx      context.Context
	seq      int // the last list asked for
	shownSeq int // the list shown
	loaded   bool
	list     []articles.Feed
	err      error
	failing  int
	// recovered counts the feeds that were broken but loaded.
	recovered int

	groups []feedGroup
	// tagged: some feed has a tag, so rows are grouped under headings.
	tagged bool
	folded map[string]bool // by tag

	filter    string
	filtering bool

	rows           []feedRow
	cursor, offset int
	// lines are the rows drawn, plain and selected, redrawn only when the
	// rows or the width change: View runs on every spinner tick.
	lines [][2]string
	// detail is the selected feed's details, wrapped, drawn again when the
	// cursor moves; the list gives up its rows to them.
	detail []string
}

func newFeedsView(ctx context.Context, c *common) feedsView {
	return feedsView{c: c, ctx: ctx, folded: map[string]bool{}}
}

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

// failed: the feed's last fetch failed.
func failed(s articles.Feed) bool {
	return s.Status == "error" || s.Error != "" && !feedRecovered(s)
}

// feedRecovered: the feed was broken but loaded; Error says what was wrong.
func feedRecovered(s articles.Feed) bool { return s.Status == "recovered" }

// feedRank orders a group's feeds: failing ones first, so a dead one is
// found without scrolling, then recovered ones, then the rest.
func feedRank(s articles.Feed) int {
	switch {
	case failed(s):
		return 0
	case feedRecovered(s):
		return 1
	}
	return 2
}

func (f feedsView) setFeeds(list []articles.Feed, err error) feedsView {
	keep, ok := f.selectedRow()
	var keepKey [2]string
	if ok {
		keepKey = f.rowKey(keep)
	}
	f.loaded, f.err = true, err
	f.list = slices.Clone(list)
	f.failing, f.recovered, f.tagged = 0, 0, false
	byTag := map[string][]int{}
	for i, s := range f.list {
		switch {
		case failed(s):
			f.failing++
		case feedRecovered(s):
			f.recovered++
		}
		if len(s.Tags) == 0 {
			byTag[untagged] = append(byTag[untagged], i)
		}
		seen := map[string]bool{}
		for _, t := range s.Tags {
			if t = termsafe.SafeLine(t); t != "" && !seen[t] {
				seen[t] = true
				byTag[t] = append(byTag[t], i)
				f.tagged = true
			}
		}
	}
	f.groups = f.groups[:0:0]
	for name, feeds := range byTag {
		g := feedGroup{name: name, feeds: feeds}
		slices.SortStableFunc(g.feeds, func(a, b int) int {
			fa, fb := f.list[a], f.list[b]
			if d := feedRank(fa) - feedRank(fb); d != 0 {
				return d
			}
			return naturalCompare(strings.ToLower(feedTitle(fa)), strings.ToLower(feedTitle(fb)))
		})
		for _, i := range g.feeds {
			g.unread += f.list[i].Unread
			g.total += f.list[i].Articles
		}
		f.groups = append(f.groups, g)
	}
	slices.SortFunc(f.groups, func(a, b feedGroup) int {
		if (a.name == untagged) != (b.name == untagged) {
			if a.name == untagged {
				return 1
			}
			return -1
		}
		return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
	})
	f = f.rebuild()
	if ok {
		f = f.selectKey(keepKey)
	}
	return f
}

// rowKey names a row across rebuilds: its tag and its feed's address.
func (f feedsView) rowKey(r feedRow) [2]string {
	k := [2]string{f.groups[r.group].name, ""}
	if r.feed >= 0 {
		k[1] = f.list[r.feed].URL
	}
	return k
}

func (f feedsView) selectKey(k [2]string) feedsView {
	for i, r := range f.rows {
		if f.rowKey(r) == k {
			f.cursor = i
			return f.clamp()
		}
	}
	// The feed went, or its group folded: its heading, then the top.
	for i, r := range f.rows {
		if r.feed < 0 && f.groups[r.group].name == k[0] {
			f.cursor = i
			return f.clamp()
		}
	}
	return f.clamp()
}

func (f feedsView) selectedRow() (feedRow, bool) {
	if f.cursor < 0 || f.cursor >= len(f.rows) {
		return feedRow{}, false
	}
	return f.rows[f.cursor], true
}

// rebuild lists the rows for the groups, the folds and the filter, and
// draws them. Without tags there are no headings: one flat list.
func (f feedsView) rebuild() feedsView {
	needle := foldString(strings.TrimSpace(f.filter))
	f.rows = f.rows[:0:0]
	for gi, g := range f.groups {
		var feeds []int
		for _, i := range g.feeds {
			s := f.list[i]
			if needle == "" || strings.Contains(foldString(feedTitle(s)), needle) || strings.Contains(foldString(feedAddress(s)), needle) {
				feeds = append(feeds, i)
			}
		}
		if len(feeds) == 0 && needle != "" {
			continue
		}
		if f.tagged {
			f.rows = append(f.rows, feedRow{group: gi, feed: -1})
			if f.folded[g.name] && needle == "" {
				continue
			}
		}
		for _, i := range feeds {
			f.rows = append(f.rows, feedRow{group: gi, feed: i})
		}
	}
	return f.relayout()
}

// relayout draws the rows again, after a rebuild or a resize.
func (f feedsView) relayout() feedsView {
	c := f.measureCols(f.c.width)
	f.lines = make([][2]string, len(f.rows))
	for i, r := range f.rows {
		f.lines[i] = [2]string{f.rowView(r, c, false), f.rowView(r, c, true)}
	}
	return f.clamp()
}

func feedTitle(s articles.Feed) string {
	if t := termsafe.SafeLine(s.Title); t != "" {
		return t
	}
	return termsafe.SafeLine(s.URL)
}

// bodyHeight is the rows that fit: the screen less the status line, the
// header, the filter line, the selected feed's details (a line at least,
// so the list does not grow on a heading) and the help line.
func (f feedsView) bodyHeight() int { return max(1, f.c.height-4-max(len(f.detail), 1)) }

// maxDetailLines is the most lines the details take, and minListRows the
// rows they leave the list at least: it is still a list to move in.
const (
	maxDetailLines = 4
	minListRows    = 3
)

func (f feedsView) clamp() feedsView {
	f.cursor = min(max(f.cursor, 0), max(len(f.rows)-1, 0))
	f.detail = f.detailLines(f.c.width, min(maxDetailLines, max(f.c.height-4-minListRows, 1)))
	h := f.bodyHeight()
	f.offset = min(f.offset, f.cursor)
	f.offset = max(f.offset, f.cursor-h+1)
	f.offset = min(f.offset, max(len(f.rows)-h, 0))
	f.offset = max(f.offset, 0)
	return f
}

func (f feedsView) update(msg tea.Msg) (feedsView, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if f.filtering {
			return f.updateFilter(msg)
		}
		return f.handleKey(msg)
	case tea.MouseMsg:
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			f.cursor -= 3
		case tea.MouseButtonWheelDown:
			f.cursor += 3
		}
	}
	return f.clamp(), nil
}

func (f feedsView) handleKey(msg tea.KeyMsg) (feedsView, tea.Cmd) {
	k := f.c.keys
	h := f.bodyHeight()
	switch {
	case key.Matches(msg, k.Up):
		f.cursor--
	case key.Matches(msg, k.Down):
		f.cursor++
	case key.Matches(msg, k.PageDown):
		f.cursor += h
	case key.Matches(msg, k.PageUp):
		f.cursor -= h
	case key.Matches(msg, k.HalfDown):
		f.cursor += h / 2
	case key.Matches(msg, k.HalfUp):
		f.cursor -= h / 2
	case key.Matches(msg, k.First):
		f.cursor = 0
	case key.Matches(msg, k.Last):
		f.cursor = len(f.rows) - 1
	case key.Matches(msg, k.Filter):
		f.filtering = true
	case msg.Type == tea.KeyEsc && f.filter != "":
		return f.clearFilter(), nil
	case key.Matches(msg, k.Collapse):
		return f.fold(true), nil
	case key.Matches(msg, k.Expand):
		return f.fold(false), nil
	case key.Matches(msg, k.Enter):
		return f, f.open()
	}
	return f.clamp(), nil
}

// fold folds or unfolds the group under the cursor; from a feed, folding
// goes up to its heading.
func (f feedsView) fold(fold bool) feedsView {
	r, ok := f.selectedRow()
	if !ok || !f.tagged || f.filter != "" {
		return f
	}
	name := f.groups[r.group].name
	if f.folded[name] == fold {
		if fold && r.feed >= 0 {
			return f.selectKey([2]string{name, ""})
		}
		return f
	}
	// feedsView is a value: an older copy must not fold with this one.
	f.folded = maps.Clone(f.folded)
	f.folded[name] = fold
	f = f.rebuild()
	return f.selectKey([2]string{name, ""})
}

// open narrows the library to the feed or tag under the cursor.
func (f feedsView) open() tea.Cmd {
	r, ok := f.selectedRow()
	if !ok {
		return nil
	}
	g := f.groups[r.group]
	s := scope{feeds: map[string]bool{}}
	if r.feed >= 0 {
		feed := f.list[r.feed]
		s.label = feedTitle(feed)
		s.feeds[feed.URL] = true
		if feed.Error != "" {
			s.why = feed.Error
		}
	} else {
		s.label = "tag: " + g.name
		if g.name == untagged {
			s.label = untagged
		}
		for _, i := range g.feeds {
			s.feeds[f.list[i].URL] = true
		}
	}
	return func() tea.Msg { return openScopeMsg{scope: s} }
}

func (f feedsView) updateFilter(msg tea.KeyMsg) (feedsView, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		return f.clearFilter(), nil
	case tea.KeyEnter:
		f.filtering = false
		return f, nil
	case tea.KeyUp:
		f.cursor--
		return f.clamp(), nil
	case tea.KeyDown:
		f.cursor++
		return f.clamp(), nil
	}
	before := f.filter
	f.filter = editLine(f.filter, msg)
	if f.filter != before {
		f.cursor, f.offset = 0, 0
		f = f.rebuild()
		// The first feed that matches, not its heading.
		for i, r := range f.rows {
			if r.feed >= 0 {
				f.cursor = i
				break
			}
		}
		f = f.clamp()
	}
	return f, nil
}

func (f feedsView) clearFilter() feedsView {
	keep, ok := f.selectedRow()
	var k [2]string
	if ok {
		k = f.rowKey(keep)
	}
	f.filter, f.filtering = "", false
	f = f.rebuild()
	if ok {
		f = f.selectKey(k)
	}
	return f
}

// feedAddress is the address the user knows a feed by: an account's feed
// has herald's own key as its URL and its address in Link.
func feedAddress(s articles.Feed) string {
	if s.Account != "" && s.Link != "" {
		return s.Link
	}
	return s.URL
}

// naturalCompare orders strings with their runs of digits by value, so
// "Feed 9" comes before "Feed 10".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := len(na) - len(nb); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

// digits is the length of the run of ASCII digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}
