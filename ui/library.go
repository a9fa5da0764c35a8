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
	viewNew // arrived since herald was last opened
	viewKinds
)

// scope narrows the library to one feed, or to the feeds of one tag, as
// the feeds view opens it. The zero scope is every article.
type scope struct {
	label string          // what the header names: a feed's title, "tag: news"
	feeds map[string]bool // feed URLs; nil for every article
	// why is one feed's last error, for a scope with nothing to show:
	// "nothing here" would not say that the feed is failing.
	why string
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

	kind  viewKind
	scope scope

	visible        []int // indexes into all, in display order
	cursor, offset int   // cursor indexes visible

	filter    string          // the title filter, as typed: input's value
	filtering bool            // the filter input has the keyboard
	input     textinput.Model // the filter line while typing
	// replace: / came back to a kept filter, whose text shows selected;
	// typing replaces it, a movement key keeps it.
	replace bool
	// text is the search of the articles' text the filter runs once it is
	// long enough (libsearch.go); its hits follow the title matches in
	// visible, from textFrom on.
	text     textSearch
	textFrom int

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
	for i, a := range list {
		l.byID[a.ID] = i
	}
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
	kind, feeds := l.kind, l.scope.feeds
	for i := range l.all {
		a := &l.all[i]
		if !a.Read {
			l.unread++
		}
		if !(inView(kind, feeds, a) || stay[a.ID]) || (len(terms) > 0 && !matches(l.lower[i], terms)) {
			continue
		}
		l.visible = append(l.visible, i)
	}
	// The text's matches follow, but those the titles matched already.
	l.textFrom = len(l.visible)
	if l.text.shows(l.filter) {
		for _, h := range l.text.hits {
			i, ok := l.byID[h.Article.ID]
			if !ok || !(inView(l.kind, l.scope.feeds, &l.all[i]) || stay[h.Article.ID]) || matches(l.lower[i], terms) {
				continue
			}
			l.visible = append(l.visible, i)
		}
	}
	if i, ok := l.byID[keepID]; ok && keepID != "" {
		if pos := slices.Index(l.visible, i); pos >= 0 {
			l.cursor = pos
		}
	}
	l.cursor = min(max(l.cursor, 0), max(len(l.visible)-1, 0))
	return l.clampOffset()
}

// inView says whether view kind, within the feeds of a scope (nil for
// all), shows a.
func inView(kind viewKind, feeds map[string]bool, a *articles.Article) bool {
	if feeds != nil && !feeds[a.FeedURL] {
		return false
	}
	switch kind {
	case viewUnread:
		return !a.Read
	case viewStarred:
		return a.Starred
	case viewNew:
		return a.New
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

// clampOffset scrolls so the cursor's row is on screen and, when the rows
// below the first shown leave lines empty, as many rows fill them as fit.
// A text match takes two lines (title and snippet) and the line before the
// text's matches says what they are, so rows and lines differ.
func (l library) clampOffset() library {
	rows := l.rows()
	l.offset = min(l.offset, l.cursor)
	l.offset = max(l.offset, l.cursor-rows+1, 0)
	for l.offset < l.cursor && l.lines(l.offset, l.cursor+1) > rows {
		l.offset++
	}
	l.offset = min(l.offset, l.lastPage())
	l.offset = max(l.offset, 0)
	return l
}

// rowLines is how many lines the row at pos takes on screen.
func (l library) rowLines(pos int) int {
	n := 1
	if pos >= l.textFrom {
		n = 2 // title and snippet
	}
	if pos == l.textFrom && l.text.shows(l.filter) {
		n++ // the line that heads the text's matches
	}
	return n
}

// lines is how many lines the rows from..to-1 take.
func (l library) lines(from, to int) int {
	n := 0
	for pos := from; pos < to; pos++ {
		n += l.rowLines(pos)
	}
	return n
}

// tailLines is the heading of the text's matches when no match follows it:
// the last line of the list.
func (l library) tailLines() int {
	if l.textFrom == len(l.visible) && l.text.shows(l.filter) {
		return 1
	}
	return 0
}

// lastPage is the first row of the last screenful: scrolling further would
// leave lines empty.
func (l library) lastPage() int {
	rows, n := l.rows()-l.tailLines(), 0
	pos := len(l.visible)
	for pos > 0 && n+l.rowLines(pos-1) <= rows {
		pos--
		n += l.rowLines(pos)
	}
	return pos
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

// update handles the keys that stay inside the library: moving, filtering,
// the view cycle and the per-article marks. The root handles the keys that
// reach other screens (enter, F, r, M, u, q, esc in a scope) before it
// calls this.
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
	l = l.dropTextSearch()
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
	var cmd, search tea.Cmd
	l.input, cmd = l.input.Update(msg)
	l, search = l.filterChanged()
	return l, tea.Batch(cmd, search)
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
	var cmd, search tea.Cmd
	l.input, cmd = l.input.Update(msg)
	l, search = l.filterChanged()
	return l, tea.Batch(cmd, search)
}

// filterChanged shows the titles the input's text matches, when it
// changed, and has the text searched for it (libsearch.go).
func (l library) filterChanged() (library, tea.Cmd) {
	text := termsafe.SafeLine(l.input.Value())
	if text == l.filter {
		return l, nil
	}
	l.filter = text
	keep := l.selectedID()
	l.cursor = 0
	var cmd tea.Cmd
	l, cmd = l.searchText()
	return l.recompute(keep, nil), cmd
}

// maxFilterLen bounds the filter; a paste of a whole page is not a title.
const maxFilterLen = 200
