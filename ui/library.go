package ui

import (
	"context"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// The library is a hand-written list rather than bubbles/list: herald needs
// the selection to follow an article ID across reloads, views that are
// computed once (an article read in the unread view stays until the view is
// rebuilt, so n/p keep their place), and a synchronous substring filter whose
// order n/p can walk. bubbles/list refilters asynchronously and sorts by
// fuzzy rank, which fights all three.

// viewKind is which articles the library shows; f cycles through them.
type viewKind int

const (
	viewAll viewKind = iota
	viewUnread
	viewStarred
	viewFeed
)

// feedGroup is one feed in the f cycle: by feed URL, or by source name for
// articles that came from no feed (bundled ones, local files).
type feedGroup struct{ key, label string }

func groupKey(a articles.Article) string {
	if a.FeedURL != "" {
		return a.FeedURL
	}
	return "source:" + a.Source
}

// Messages the library's Cmds return.
type (
	// libraryLoadedMsg carries Backend.List's result.
	libraryLoadedMsg struct {
		list []articles.Article
		err  error
		// partial: only the newest articles, from Backend.Newest.
		partial bool
		// seq is the list's place in the order lists were asked for, so a
		// list overtaken by a newer one is dropped.
		seq int
	}
	// markedMsg reports a SetRead/SetStarred call; what names it for errors.
	markedMsg struct {
		what  string
		n     int
		err   error
		field markField
		ids   []string
		seq   int // the mark call, as pendingMark.seq
	}
)

// firstScreenful is how many articles the first frame asks Backend.Newest for:
// more than any terminal shows at once.
const firstScreenful = 200

func newestCmd(ctx context.Context, b Backend, seq int) tea.Cmd {
	return func() tea.Msg {
		list, err := b.Newest(ctx, firstScreenful)
		return libraryLoadedMsg{list: list, err: err, partial: true, seq: seq}
	}
}

func listCmd(ctx context.Context, b Backend, seq int) tea.Cmd {
	return func() tea.Msg {
		list, err := b.List(ctx)
		return libraryLoadedMsg{list: list, err: err, seq: seq}
	}
}

type library struct {
	c   *common
	ctx context.Context
	// writeCtx is ctx without its cancellation, for marks: quitting
	// cancels ctx, and a mark on its way must still be written.
	writeCtx context.Context

	loaded bool
	// partial: only the newest articles are here; the whole list follows.
	partial bool
	// listErr is why the last list failed ("" once one arrives): an empty
	// library then says so instead of "no articles yet".
	listErr string
	all     []articles.Article // newest first, as listed
	byID    map[string]int
	lower   []string // lower-cased safe titles for the filter; nil until first used
	unread  int
	feeds   []feedGroup

	kind    viewKind
	feedKey string // the feed shown when kind == viewFeed

	visible        []int // indexes into all, in display order
	cursor, offset int   // cursor indexes visible

	filter    string          // the title filter, as typed: input's value
	filtering bool            // the filter input has the keyboard
	input     textinput.Model // the filter line while typing
	// replace: / came back to a kept filter, whose text shows selected;
	// typing replaces it, a movement key keeps it.
	replace bool

	pending  map[markKey]pendingMark // copied before each change: library is a value
	markSeq  int                     // the last mark call made
	writing  int                     // mark calls made and not answered yet
	listSeq  int                     // the last list asked for
	inFlight int                     // lists asked for and not answered yet
	shownSeq int                     // the list shown
}

func newLibrary(ctx context.Context, c *common) library {
	return library{c: c, ctx: ctx, writeCtx: context.WithoutCancel(ctx), byID: map[string]int{}, input: newFilterInput(c)}
}

// newFilterInput is the filter's text input: bubbles/textinput, for the
// cursor movement, paste and word deletion users expect, with herald's
// styles (its own would use lipgloss's global renderer) and a steady
// cursor (a blinking one would tick the program every half second).
func newFilterInput(c *common) textinput.Model {
	r := c.styles.renderer
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = "type to filter by title"
	ti.CharLimit = maxFilterLen
	ti.PromptStyle = r.NewStyle()
	ti.TextStyle = r.NewStyle()
	ti.PlaceholderStyle = c.styles.library.meta
	ti.CompletionStyle = c.styles.library.meta
	ti.Cursor.Style = r.NewStyle()
	ti.Cursor.TextStyle = r.NewStyle()
	ti.Cursor.SetMode(cursor.CursorStatic)
	return ti
}

// rows is how many articles fit: the screen less the status line, the
// header, the filter line and the help line.
func (l library) rows() int { return max(1, l.c.height-4) }

func (l library) selected() (articles.Article, bool) {
	if l.cursor < 0 || l.cursor >= len(l.visible) {
		return articles.Article{}, false
	}
	return l.all[l.visible[l.cursor]], true
}

func (l library) selectedID() string {
	a, ok := l.selected()
	if !ok {
		return ""
	}
	return a.ID
}

// setArticles replaces the list after a (re)load. The selected article stays
// selected and on the same screen row, so new articles arriving above it do
// not move what the reader is looking at.
func (l library) setArticles(list []articles.Article) library {
	keep, row := l.selectedID(), l.cursor-l.offset
	// What the view shows stays shown across a reload: an article read
	// in the unread view keeps its place (and n/p keep working) until the
	// user rebuilds the view with f or a filter.
	var stay map[string]bool
	if l.kind != viewAll && len(l.visible) > 0 {
		stay = make(map[string]bool, len(l.visible))
		for _, i := range l.visible {
			stay[l.all[i].ID] = true
		}
	}
	l.loaded, l.listErr = true, ""
	l.all = list
	l.byID = make(map[string]int, len(list))
	l.lower = nil // built when a filter first needs it
	seen := map[string]bool{}
	l.feeds = l.feeds[:0:0]
	for i, a := range list {
		l.byID[a.ID] = i
		if k := groupKey(a); !seen[k] {
			seen[k] = true
			l.feeds = append(l.feeds, feedGroup{key: k, label: termsafe.SafeLine(a.Source)})
		}
	}
	slices.SortStableFunc(l.feeds, func(x, y feedGroup) int {
		return strings.Compare(strings.ToLower(x.label), strings.ToLower(y.label))
	})
	// The list may have been read before the user's latest marks reached
	// the backend; show the marks, not the older truth.
	for k, p := range l.pending {
		if i, ok := l.byID[k.id]; ok {
			l.all[i] = withMark(l.all[i], k.field, p.value)
		}
	}
	l = l.recompute(keep, stay)
	l.offset = l.cursor - row
	return l.clampOffset()
}

// recompute rebuilds the visible list for the view and filter, keeping
// keepID selected when it is still shown. Articles in stay are shown even
// when the view would no longer take them.
func (l library) recompute(keepID string, stay map[string]bool) library {
	terms := strings.Fields(strings.ToLower(l.filter))
	if len(terms) > 0 && l.lower == nil {
		// Only filtering needs folded titles; the first frame should not wait for them.
		l.lower = make([]string, len(l.all))
		for i, a := range l.all {
			l.lower[i] = strings.ToLower(termsafe.SafeLine(a.Title))
		}
	}
	l.visible = l.visible[:0:0]
	l.unread = 0
	// The loop runs once per article per keystroke: it copies neither
	// an article nor the library (a method on library would, text input
	// and all, 50,000 times).
	kind, feedKey := l.kind, l.feedKey
	for i := range l.all {
		a := &l.all[i]
		if !a.Read {
			l.unread++
		}
		if !(inView(kind, feedKey, a) || stay[a.ID]) || (len(terms) > 0 && !matches(l.lower[i], terms)) {
			continue
		}
		l.visible = append(l.visible, i)
	}
	if i, ok := l.byID[keepID]; ok && keepID != "" {
		if pos := slices.Index(l.visible, i); pos >= 0 {
			l.cursor = pos
		}
	}
	l.cursor = min(max(l.cursor, 0), max(len(l.visible)-1, 0))
	return l.clampOffset()
}

// inView says whether view kind (of feed feedKey) shows a.
func inView(kind viewKind, feedKey string, a *articles.Article) bool {
	switch kind {
	case viewUnread:
		return !a.Read
	case viewStarred:
		return a.Starred
	case viewFeed:
		return groupKey(*a) == feedKey
	}
	return true
}

func matches(title string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(title, t) {
			return false
		}
	}
	return true
}

func (l library) clampOffset() library {
	rows := l.rows()
	l.offset = min(l.offset, l.cursor)
	l.offset = max(l.offset, l.cursor-rows+1)
	l.offset = min(l.offset, max(len(l.visible)-rows, 0))
	l.offset = max(l.offset, 0)
	return l
}

func (l library) moveTo(pos int) library {
	l.cursor = min(max(pos, 0), max(len(l.visible)-1, 0))
	return l.clampOffset()
}

// selectID moves the cursor to id if the current view shows it.
func (l library) selectID(id string) library {
	i, ok := l.byID[id]
	if !ok {
		return l
	}
	if pos := slices.Index(l.visible, i); pos >= 0 {
		return l.moveTo(pos)
	}
	return l
}

// neighbour returns the article delta places from id in the current order.
func (l library) neighbour(id string, delta int) (articles.Article, bool) {
	i, ok := l.byID[id]
	if !ok {
		return articles.Article{}, false
	}
	pos := slices.Index(l.visible, i)
	if pos < 0 || pos+delta < 0 || pos+delta >= len(l.visible) {
		return articles.Article{}, false
	}
	return l.all[l.visible[pos+delta]], true
}

// contains reports whether id is in the current order at all.
func (l library) contains(id string) bool {
	i, ok := l.byID[id]
	return ok && slices.Contains(l.visible, i)
}

// listFirst asks for the newest screenful and the whole list at once, under
// one seq: the first frame of a large library need not wait for all of it.
func (l library) listFirst() (library, tea.Cmd) {
	l.listSeq++
	l.inFlight += 2
	return l, tea.Batch(listCmd(l.ctx, l.c.opts.Backend, l.listSeq), newestCmd(l.ctx, l.c.opts.Backend, l.listSeq))
}

// list asks the Backend for the whole list again.
func (l library) list() (library, tea.Cmd) {
	l.listSeq++
	l.inFlight++
	return l, listCmd(l.ctx, l.c.opts.Backend, l.listSeq)
}

// listArrived counts an answered list and reports whether it is still worth
// showing: a list asked for before the one shown is older news.
func (l library) listArrived(seq int) (library, bool) {
	l.inFlight = max(l.inFlight-1, 0)
	return l, seq >= l.shownSeq
}

// unreadInView lists the visible articles not yet read.
func (l library) unreadInView() []string {
	var ids []string
	for _, i := range l.visible {
		if !l.all[i].Read {
			ids = append(ids, l.all[i].ID)
		}
	}
	return ids
}

func (l library) cycleView() library {
	keep := l.selectedID()
	switch l.kind {
	case viewAll:
		l.kind = viewUnread
	case viewUnread:
		l.kind = viewStarred
	case viewStarred:
		if len(l.feeds) == 0 {
			l.kind = viewAll
			break
		}
		l.kind, l.feedKey = viewFeed, l.feeds[0].key
	case viewFeed:
		pos := slices.IndexFunc(l.feeds, func(f feedGroup) bool { return f.key == l.feedKey })
		if pos < 0 || pos+1 >= len(l.feeds) {
			l.kind, l.feedKey = viewAll, ""
		} else {
			l.feedKey = l.feeds[pos+1].key
		}
	}
	return l.recompute(keep, nil)
}

func (l library) viewLabel() string {
	switch l.kind {
	case viewUnread:
		return "unread"
	case viewStarred:
		return "starred"
	case viewFeed:
		for _, f := range l.feeds {
			if f.key == l.feedKey {
				return "feed: " + f.label
			}
		}
		return "feed"
	}
	return "all"
}

// update handles the keys that stay inside the library: moving, filtering,
// the view cycle and the per-article marks. The root handles the keys that
// reach other screens (enter, F, r, M, q) before it calls this.
func (l library) update(msg tea.Msg) (library, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if l.filtering {
			return l.updateFilter(msg)
		}
		return l.handleKey(msg)
	case tea.MouseMsg:
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			return l.moveTo(l.cursor - 3), nil
		case tea.MouseButtonWheelDown:
			return l.moveTo(l.cursor + 3), nil
		}
	}
	return l, nil
}

func (l library) handleKey(msg tea.KeyMsg) (library, tea.Cmd) {
	k := l.c.keys
	rows := l.rows()
	switch {
	case key.Matches(msg, k.Up):
		return l.moveTo(l.cursor - 1), nil
	case key.Matches(msg, k.Down):
		return l.moveTo(l.cursor + 1), nil
	case key.Matches(msg, k.First):
		return l.moveTo(0), nil
	case key.Matches(msg, k.Last):
		return l.moveTo(len(l.visible) - 1), nil
	case key.Matches(msg, k.PageDown):
		l.offset += rows
		return l.moveTo(l.cursor + rows), nil
	case key.Matches(msg, k.PageUp):
		l.offset -= rows
		return l.moveTo(l.cursor - rows), nil
	case key.Matches(msg, k.HalfDown):
		return l.moveTo(l.cursor + rows/2), nil
	case key.Matches(msg, k.HalfUp):
		return l.moveTo(l.cursor - rows/2), nil
	case key.Matches(msg, k.Filter):
		return l.startFilter(), nil
	case key.Matches(msg, k.ClearFilter) && l.filter != "":
		return l.clearFilter(), nil
	case key.Matches(msg, k.CycleView):
		return l.cycleView(), nil
	case key.Matches(msg, k.Open):
		if a, ok := l.selected(); ok {
			return l, openURLCmd(l.c.opts.OpenURL, a.URL)
		}
	case key.Matches(msg, k.ToggleRead):
		if a, ok := l.selected(); ok {
			return l.markRead([]string{a.ID}, !a.Read)
		}
	case key.Matches(msg, k.Star):
		if a, ok := l.selected(); ok {
			return l.markStarred(a.ID, !a.Starred)
		}
	}
	return l, nil
}

// startFilter gives the filter line the keyboard: empty, or holding the
// kept filter selected, so typing starts a new one and a movement key
// edits the old.
func (l library) startFilter() library {
	l.filtering = true
	l.replace = l.filter != ""
	l.input.SetValue(l.filter)
	l.input.CursorEnd()
	l.input.Focus()
	return l
}

func (l library) clearFilter() library {
	keep := l.selectedID()
	l.filtering, l.replace = false, false
	l.filter = ""
	l.input.Reset()
	l.input.Blur()
	return l.recompute(keep, nil)
}

func (l library) updateFilter(msg tea.KeyMsg) (library, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		return l.clearFilter(), nil
	case tea.KeyEnter:
		l.filtering, l.replace = false, false
		l.input.Blur()
		return l, nil
	case tea.KeyUp:
		return l.moveTo(l.cursor - 1), nil
	case tea.KeyDown:
		return l.moveTo(l.cursor + 1), nil
	}
	if l.replace {
		l.replace = false
		if replacesSelection(msg, l.input.KeyMap) {
			l.input.SetValue("")
		}
	}
	var cmd tea.Cmd
	l.input, cmd = l.input.Update(msg)
	return l.filterChanged(), cmd
}

// replacesSelection says whether key k, pressed while the kept filter shows
// selected, replaces it: typing, pasting and deleting do; moving the
// cursor keeps the text to edit.
func replacesSelection(k tea.KeyMsg, km textinput.KeyMap) bool {
	switch {
	case k.Type == tea.KeyRunes, k.Type == tea.KeySpace, k.Paste:
		return true
	case key.Matches(k, km.DeleteCharacterBackward, km.DeleteCharacterForward, km.DeleteWordBackward,
		km.DeleteWordForward, km.DeleteBeforeCursor, km.DeleteAfterCursor):
		return true
	}
	return false
}

// filterPasted takes what a paste from the clipboard brought (ctrl+v), which
// textinput asked for in a Cmd.
func (l library) filterPasted(msg tea.Msg) (library, tea.Cmd) {
	if !l.filtering {
		return l, nil
	}
	var cmd tea.Cmd
	l.input, cmd = l.input.Update(msg)
	return l.filterChanged(), cmd
}

// filterChanged shows the titles the input's text matches, when it changed.
func (l library) filterChanged() library {
	text := termsafe.SafeLine(l.input.Value())
	if text == l.filter {
		return l
	}
	l.filter = text
	keep := l.selectedID()
	l.cursor = 0
	return l.recompute(keep, nil)
}

// maxFilterLen bounds the filter; a paste of a whole page is not a title.
const maxFilterLen = 200
