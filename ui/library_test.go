package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/herald-reader/herald/articles"
	"github.com/muesli/termenv"
)

// appNow is the fixed clock of every library test and golden.
var appNow = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

// recBackend is an in-memory Backend that records the marks the UI sets.
// Feeds and Refresh answer with the funcs tests give them.
type recBackend struct {
	mu      sync.Mutex
	list    []articles.Article
	loads   []string
	reads   []string   // "id=true", one per article
	readSet [][]string // the ids of each SetRead call
	stars   []string
	failSet error
	lists   int // List calls

	feeds   func(context.Context) ([]articles.Feed, error)
	refresh func(context.Context, func(articles.Progress)) error
	sync    func(context.Context, func(articles.Progress)) error
	markAll []string // the scopes of MarkAllRead calls: a feed, or "" for all
	// search answers Search; nil: the memory backend's search of list.
	search   func(ctx context.Context, query string, n int) ([]articles.Hit, error)
	searches []string // the queries asked
	readURL  func(context.Context, string) (articles.Article, error)
	fullText func(context.Context, string) (articles.Article, error)
}

func newRecBackend(list []articles.Article) *recBackend {
	return &recBackend{list: slices.Clone(list)}
}

func (b *recBackend) Newest(_ context.Context, n int) ([]articles.Article, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return listed(b.list[:min(n, len(b.list))]), nil
}

func (b *recBackend) List(context.Context) ([]articles.Article, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lists++
	return listed(b.list), nil
}

// listed is list as the cache lists it: no bodies.
func listed(list []articles.Article) []articles.Article {
	out := slices.Clone(list)
	for i := range out {
		out[i].Sections = nil
	}
	return out
}

func (b *recBackend) Load(_ context.Context, id string) (articles.Article, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.loads = append(b.loads, id)
	for _, a := range b.list {
		if a.ID == id {
			// Backends hand out articles with their links found.
			return a.WithLinks(), nil
		}
	}
	return articles.Article{}, errors.New("not found")
}

func (b *recBackend) SetRead(_ context.Context, ids []string, read bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.readSet = append(b.readSet, slices.Clone(ids))
	for _, id := range ids {
		b.reads = append(b.reads, fmt.Sprintf("%s=%v", id, read))
	}
	return b.failSet
}

func (b *recBackend) SetStarred(_ context.Context, id string, starred bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stars = append(b.stars, fmt.Sprintf("%s=%v", id, starred))
	return b.failSet
}

func (b *recBackend) Feeds(ctx context.Context) ([]articles.Feed, error) {
	if b.feeds == nil {
		return nil, nil
	}
	return b.feeds(ctx)
}

func (b *recBackend) Refresh(ctx context.Context, progress func(articles.Progress)) error {
	if b.refresh == nil {
		return errors.New("no feeds to refresh")
	}
	return b.refresh(ctx, progress)
}

func (b *recBackend) MarkAllRead(ctx context.Context, feedURL string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.markAll = append(b.markAll, feedURL)
	return b.failSet
}

func (b *recBackend) Sync(ctx context.Context, progress func(articles.Progress)) error {
	if b.sync == nil {
		return errors.New("no accounts to sync")
	}
	return b.sync(ctx, progress)
}

func (b *recBackend) Search(ctx context.Context, query string, n int) ([]articles.Hit, error) {
	b.mu.Lock()
	b.searches = append(b.searches, query)
	search, list := b.search, slices.Clone(b.list)
	b.mu.Unlock()
	if search != nil {
		return search(ctx, query, n)
	}
	return NewMemoryBackend(list).Search(ctx, query, n)
}

func (b *recBackend) ReadURL(ctx context.Context, url string) (articles.Article, error) {
	if b.readURL == nil {
		return articles.Article{}, errors.New("no network in tests")
	}
	return b.readURL(ctx, url)
}

func (b *recBackend) FullText(ctx context.Context, id string) (articles.Article, error) {
	if b.fullText == nil {
		return articles.Article{}, errors.New("no full text")
	}
	return b.fullText(ctx, id)
}

// FeedText is Load: the articles of recBackend have the one text.
func (b *recBackend) FeedText(ctx context.Context, id string) (articles.Article, error) {
	return b.Load(ctx, id)
}

func (b *recBackend) marks() (reads, stars []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.reads), slices.Clone(b.stars)
}

// libArticles is a small library: two feeds, one read, one starred.
func libArticles() []articles.Article {
	mk := func(id, title, feed, source string, daysAgo int, read, starred bool) articles.Article {
		return articles.Article{
			ID: id, Title: title, Source: source, FeedURL: feed,
			URL:       "https://example.com/" + id,
			Published: appNow.Add(-time.Duration(daysAgo) * 24 * time.Hour),
			Read:      read, Starred: starred,
			Sections: []articles.Section{
				{Title: "Introduction", Level: 2, Markdown: "The text of " + title + "."},
				{Title: "More", Level: 2, Markdown: "More of " + title + "."},
			},
		}
	}
	return []articles.Article{
		mk("a1", "Go 1.26 released", "https://go.dev/feed", "The Go Blog", 0, false, false),
		mk("a2", "Rust in the kernel", "https://lwn.net/rss", "LWN", 1, true, true),
		mk("a3", "Generics, two years on", "https://go.dev/feed", "The Go Blog", 3, false, false),
		mk("a4", "Filesystems news", "https://lwn.net/rss", "LWN", 400, false, false),
	}
}

// appHarness drives a Model the way the program would, but synchronously.
type appHarness struct {
	t *testing.T
	m Model
	b *recBackend
	// late carries what the Cmds given up on (ticks, mostly, and a render
	// slower than runCmds waits) return after all; waiting counts them.
	late    chan tea.Msg
	waiting int
}

// newAppHarness builds the root over a recBackend of list, at 80x24, with
// the library listed. mod, when set, adjusts the options and the backend
// first.
func newAppHarness(t *testing.T, list []articles.Article, mod func(*Options, *recBackend)) *appHarness {
	t.Helper()
	b := newRecBackend(list)
	opts := Options{Backend: b, Style: "notty", ColorProfile: termenv.Ascii, Now: func() time.Time { return appNow }}
	if mod != nil {
		mod(&opts, b)
	}
	h := newHarness(t, New(opts))
	h.b = b
	h.settle(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.start()
	return h
}

func newHarness(t *testing.T, m Model) *appHarness {
	return &appHarness{t: t, m: m, late: make(chan tea.Msg, 1024)}
}

// start runs Init and settles what it asks for.
func (h *appHarness) start() {
	h.t.Helper()
	for _, msg := range h.run(h.m.Init()) {
		h.settle(msg)
	}
}

// send runs msg through Update and returns the Cmd it gave back.
func (h *appHarness) send(msg tea.Msg) tea.Cmd {
	h.t.Helper()
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	return cmd
}

func (h *appHarness) key(s string) tea.Cmd {
	h.t.Helper()
	return h.send(keyMsg(s))
}

// resize sends a new size and lets its debounce tick fire at once, so the
// reader renders at the new width.
func (h *appHarness) resize(width, height int) {
	h.t.Helper()
	cmd := h.send(tea.WindowSizeMsg{Width: width, Height: height})
	if h.m.hasReader && h.m.reader.want != (renderKey{}) {
		h.settleCmd(cmd) // rendering at once: nothing was on screen
		return
	}
	// cmd is the debounce tick, or nothing; it fires now.
	h.settle(widthSettledMsg{tag: h.m.resizeTag})
}

// settleCmd runs cmd and settles the messages it gives.
func (h *appHarness) settleCmd(cmd tea.Cmd) {
	h.t.Helper()
	for _, msg := range h.run(cmd) {
		h.settle(msg)
	}
}

// settle sends msg, then runs every Cmd that comes back and feeds its
// messages in turn, until none are left. Cmds that wait (ticks) are given
// up on after cmdPatience: they never matter to these tests. A render the
// reader waits for is waited for, however long it takes.
func (h *appHarness) settle(msg tea.Msg) {
	h.t.Helper()
	h.settleHolding(msg, func(tea.Msg) bool { return false })
}

// settleHolding is settle, except that messages hold picks are kept back
// and returned instead of sent: they arrive when the test says.
func (h *appHarness) settleHolding(msg tea.Msg, hold func(tea.Msg) bool) []tea.Msg {
	h.t.Helper()
	var held []tea.Msg
	queue := []tea.Msg{msg}
	for n := 0; ; n++ {
		if n > 100 {
			h.t.Fatal("messages never settle")
		}
		if len(queue) == 0 {
			if queue = h.awaitRender(); len(queue) == 0 {
				return held
			}
		}
		msg, queue = queue[0], queue[1:]
		if hold(msg) {
			held = append(held, msg)
			continue
		}
		queue = append(queue, h.run(h.send(msg))...)
	}
}

// awaitRender returns the render the reader waits for, or the article it
// is loading, when a Cmd given up on may still bring it: under -race on a
// loaded machine a quick Cmd can outlast cmdPatience. Other late messages
// stay dropped.
func (h *appHarness) awaitRender() []tea.Msg {
	h.t.Helper()
	deadline := time.After(5 * time.Second)
	for (h.m.loadingID != "" || h.m.hasReader && (h.m.reader.want != (renderKey{}) || h.m.reader.findRendering())) && h.waiting > 0 {
		select {
		case msg := <-h.late:
			h.waiting--
			switch msg.(type) {
			case sectionRenderedMsg, sectionsRenderedMsg, articleLoadedMsg:
				return []tea.Msg{msg}
			}
		case <-deadline:
			h.t.Fatal("the render the reader waits for never came")
		}
	}
	return nil
}

func (h *appHarness) settleKeys(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.settle(keyMsg(k))
	}
}

// run is runAppCmd keeping what it gives up on in h.late.
func (h *appHarness) run(cmd tea.Cmd) []tea.Msg { return runCmds(cmd, h) }

// runAppCmd runs cmd and every Cmd of a batch, returning their messages;
// tea.Tick and spinner ticks, which would wait, are skipped by timeout.
func runAppCmd(cmd tea.Cmd) []tea.Msg { return runCmds(cmd, nil) }

// cmdPatience is how long runCmds waits for a Cmd before taking it for a
// tick and giving up on it. Longer than the spinner's and the resize
// debounce's ticks, which it then sees through (and filters or feeds), far
// shorter than the status line's; long enough that a busy machine running
// the tests in parallel under -race does not make a quick Cmd look like a
// tick.
const cmdPatience = 250 * time.Millisecond

func runCmds(cmd tea.Cmd, h *appHarness) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(cmdPatience):
		if h != nil {
			h.waiting++
			go func() { h.late <- <-done }()
		}
		return nil
	}
	switch msg := msg.(type) {
	case nil, tea.QuitMsg, clearStatusMsg, spinner.TickMsg:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runCmds(c, h)...)
		}
		return out
	}
	// tea.Sequence's message is a []tea.Cmd of an unexported type: its
	// Cmds run in order.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, runCmds(v.Index(i).Interface().(tea.Cmd), h)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func visibleIDs(l library) []string {
	var ids []string
	for _, i := range l.visible {
		ids = append(ids, l.all[i].ID)
	}
	return ids
}

func TestLibraryListsNewestFirstWithMarks(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	v := ansi.Strip(h.m.View())
	if !strings.Contains(v, "4 articles · 3 unread") {
		t.Errorf("header lacks the counts:\n%s", v)
	}
	lines := strings.Split(v, "\n")
	want := []string{"▸ ●   Go 1.26 released", "Rust in the kernel", "Generics, two years on", "Filesystems news"}
	row := 0
	for _, l := range lines {
		if row < len(want) && strings.Contains(l, want[row]) {
			row++
		}
	}
	if row != len(want) {
		t.Fatalf("rows not in order %q:\n%s", want, v)
	}
	for _, l := range lines {
		if strings.Contains(l, "Rust in the kernel") && (!strings.Contains(l, "★") || strings.Contains(l, "●")) {
			t.Errorf("read, starred row drawn as %q", l)
		}
		if strings.Contains(l, "Filesystems news") && !strings.Contains(l, "Oct 24 2025") {
			t.Errorf("last year's date missing its year: %q", l)
		}
	}
}

func TestEnterOpensAndMarksRead(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("j", "j") // a3: listed without sections, so it must load
	h.settle(keyMsg("enter"))
	if h.m.screen != screenReader || h.m.readerID != "a3" {
		t.Fatalf("enter: screen %v reader %q, want the reader on a3", h.m.screen, h.m.readerID)
	}
	reads, _ := h.b.marks()
	if !slices.Equal(reads, []string{"a3=true"}) {
		t.Errorf("SetRead calls %v, want [a3=true]", reads)
	}
	if !slices.Contains(h.b.loads, "a3") {
		t.Errorf("the article was never loaded: loads %v", h.b.loads)
	}
	if !strings.Contains(h.m.View(), "Generics, two years on") {
		t.Errorf("reader does not show the article:\n%s", h.m.View())
	}
	if !h.m.library.all[h.m.library.byID["a3"]].Read {
		t.Error("the library still shows a3 unread")
	}
}

func TestEnterKeyReturnsLoadCmd(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	msgs := h.run(h.key("enter"))
	var loaded, marked bool
	for _, m := range msgs {
		switch m := m.(type) {
		case articleLoadedMsg:
			loaded = m.article.ID == "a1" && len(m.article.Sections) == 2
		case markedMsg:
			marked = m.err == nil
		}
	}
	if !loaded || !marked {
		t.Fatalf("enter's Cmd gave %#v, want an articleLoadedMsg for a1 and a markedMsg", msgs)
	}
	if h.m.screen != screenLibrary {
		t.Error("the reader opened before its article loaded")
	}
}

func TestFilterThenEscClears(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("/", "g", "e", "n")
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a3"}) {
		t.Fatalf("filter \"gen\" shows %v, want [a3]", got)
	}
	// While typing, q and ? are text, not commands.
	if cmd := h.key("q"); cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("q quit while typing a filter")
		}
	}
	h.key("?")
	if h.m.showHelp || h.m.library.filter != "genq?" {
		t.Fatalf("filter %q help %v, want the keys typed", h.m.library.filter, h.m.showHelp)
	}
	h.settleKeys("backspace", "backspace", "enter")
	if h.m.library.filtering || !strings.Contains(h.m.View(), "/ gen") {
		t.Fatal("enter should keep the filter shown and give the keys back")
	}
	h.settle(keyMsg("esc"))
	if got := visibleIDs(h.m.library); len(got) != 4 || h.m.library.filter != "" {
		t.Fatalf("esc left filter %q showing %v", h.m.library.filter, got)
	}
	if h.m.library.selectedID() != "a3" {
		t.Errorf("clearing the filter moved the selection to %q", h.m.library.selectedID())
	}
}

func TestFilterNoMatchSaysSo(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("/", "z", "z")
	if !strings.Contains(h.m.View(), `no titles match “zz”`) {
		t.Fatalf("empty result not explained:\n%s", h.m.View())
	}
	h.settle(keyMsg("enter"))
	h.settle(keyMsg("enter")) // nothing selected: must not panic or open
	if h.m.screen != screenLibrary {
		t.Fatal("enter on an empty list left the library")
	}
}

func TestCycleView(t *testing.T) {
	t.Parallel()
	list := libArticles()
	list[0].New, list[1].New = true, true // arrived since herald was last opened
	h := newAppHarness(t, list, nil)
	steps := []struct {
		label string
		ids   []string
	}{
		{"unread", []string{"a1", "a3", "a4"}},
		{"starred", []string{"a2"}},
		{"new since last time", []string{"a1", "a2"}},
		{"all", []string{"a1", "a2", "a3", "a4"}},
		{"unread", []string{"a1", "a3", "a4"}},
	}
	for _, s := range steps {
		h.settle(keyMsg("f"))
		if got := visibleIDs(h.m.library); !slices.Equal(got, s.ids) {
			t.Fatalf("view %q shows %v, want %v", s.label, got, s.ids)
		}
		if header := strings.SplitN(ansi.Strip(h.m.View()), "\n", 2)[0]; !strings.HasSuffix(strings.TrimSpace(header), s.label) {
			t.Errorf("header %q does not name the view %q", header, s.label)
		}
	}
}

func TestToggleReadStarAndMarkAll(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("m", "s", "j", "m")
	reads, stars := h.b.marks()
	if !slices.Equal(reads, []string{"a1=true", "a2=false"}) || !slices.Equal(stars, []string{"a1=true"}) {
		t.Fatalf("reads %v stars %v", reads, stars)
	}
	if h.m.library.unread != 3 {
		t.Errorf("unread count %d after reading a1 and unreading a2, want 3", h.m.library.unread)
	}

	h.settle(keyMsg("M"))
	if !strings.Contains(h.m.View(), "mark 3 articles read? y/n") {
		t.Fatalf("M did not ask:\n%s", h.m.View())
	}
	h.settle(keyMsg("n"))
	if r, _ := h.b.marks(); len(r) != 2 {
		t.Fatalf("answering n still marked: %v", r)
	}
	h.settleKeys("M", "y")
	// The whole library in view: the backend marks its whole scope.
	h.b.mu.Lock()
	scopes := slices.Clone(h.b.markAll)
	h.b.mu.Unlock()
	if !slices.Equal(scopes, []string{""}) {
		t.Fatalf("M y on every article asked for %q, want one mark-all of everything", scopes)
	}
	if h.m.library.unread != 0 || !strings.Contains(h.m.View(), "marked 3 articles read") {
		t.Errorf("after M y: unread %d, view\n%s", h.m.library.unread, h.m.View())
	}
}

func TestMarkAllOnlyMarksTheView(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	// LWN, as the feeds view opens it: a2 (read) and a4.
	h.settle(openScopeMsg{scope: scope{label: "LWN", feeds: map[string]bool{"https://lwn.net/rss": true}}})
	h.settleKeys("M", "y")
	h.b.mu.Lock()
	scopes := slices.Clone(h.b.markAll)
	h.b.mu.Unlock()
	if !slices.Equal(scopes, []string{"https://lwn.net/rss"}) {
		t.Fatalf("M in one feed asked for %q, want that feed's mark-all", scopes)
	}
	if a := h.m.library.all[h.m.library.byID["a4"]]; !a.Read || h.m.library.all[h.m.library.byID["a1"]].Read {
		t.Error("M in one feed did not show only that feed read")
	}
}

// With a title filter the view is no whole feed: M marks the articles it
// shows, by id, in one call.
func TestMarkAllOfAFilteredViewMarksItsArticles(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("/", "G", "e", "n", "enter")
	h.settleKeys("M", "y")
	h.b.mu.Lock()
	calls, scopes := slices.Clone(h.b.readSet), slices.Clone(h.b.markAll)
	h.b.mu.Unlock()
	if len(scopes) != 0 || len(calls) != 1 || !slices.Equal(calls[0], []string{"a3"}) {
		t.Fatalf("M on a filter: SetRead %v, mark-all %q; want SetRead [a3]", calls, scopes)
	}
}

func TestMarkErrorIsShownAndRelists(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.b.failSet = errors.New("disk full")
	h.settle(keyMsg("s"))
	if !h.m.status.err || !strings.Contains(h.m.View(), "could not star: disk full") {
		t.Fatalf("error not shown:\n%s", h.m.View())
	}
	// The re-list put back the backend's truth: a1 is not starred.
	if h.m.library.all[0].Starred {
		t.Error("a failed star still shows")
	}
}

func TestListInFlightKeepsMarksMadeSince(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), withRefresh(scriptedRefresh(articles.Progress{Done: 1, Total: 1, New: 1})))
	h.b.mu.Lock()
	h.b.list = append([]articles.Article{{ID: "n1", Title: "Brand new", Published: appNow}}, h.b.list...)
	h.b.mu.Unlock()
	// The refresh's lists read the backend now, before the marks below,
	// and arrive after them.
	isList := func(msg tea.Msg) bool { _, ok := msg.(libraryLoadedMsg); return ok }
	held := h.settleHolding(keyMsg("r"), isList)
	if len(held) == 0 {
		t.Fatal("the refresh asked for no list")
	}
	h.settleKeys("m", "s") // a1 read and starred
	h.settleKeys("j", "j", "enter", "esc")
	if h.m.readerID != "a3" {
		t.Fatalf("setup: opened %q, want a3", h.m.readerID)
	}
	for _, msg := range held {
		h.settle(msg)
	}
	l := h.m.library
	if _, ok := l.byID["n1"]; !ok {
		t.Fatal("the list from the refresh was not shown")
	}
	a1, a3 := l.all[l.byID["a1"]], l.all[l.byID["a3"]]
	if !a1.Read || !a1.Starred || !a3.Read {
		t.Errorf("a list read before the marks undid them: a1 read %v starred %v, a3 read %v", a1.Read, a1.Starred, a3.Read)
	}
	if l.unread != 2 { // n1 and a4
		t.Errorf("unread %d, want 2", l.unread)
	}
	// Confirmed, and no older list left on its way: nothing is kept.
	if len(l.pending) != 0 {
		t.Errorf("%d marks still pending", len(l.pending))
	}
}

func TestOpenSourceFromLibrary(t *testing.T) {
	t.Parallel()
	var opened []string
	h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) {
		o.OpenURL = func(u string) error { opened = append(opened, u); return nil }
	})
	h.settleKeys("j", "o")
	if !slices.Equal(opened, []string{"https://example.com/a2"}) {
		t.Fatalf("opened %v", opened)
	}
	if !strings.Contains(h.m.View(), "opened https://example.com/a2") {
		t.Errorf("status does not say what opened:\n%s", h.m.View())
	}
}

func TestOneLineTitles(t *testing.T) {
	t.Parallel()
	list := libArticles()
	list[0].Title = "Broken\ntitle\twith   breaks"
	h := newAppHarness(t, list, nil)
	v := h.m.View()
	if !strings.Contains(v, "Broken title with breaks") {
		t.Fatalf("title not folded onto one row:\n%s", v)
	}
	if n := len(strings.Split(v, "\n")); n != 24 {
		t.Fatalf("view is %d lines, want 24", n)
	}
}

func TestLibraryScrollsToCursor(t *testing.T) {
	t.Parallel()
	var list []articles.Article
	for i := range 50 {
		list = append(list, articles.Article{ID: fmt.Sprint("x", i), Title: fmt.Sprint("Article number ", i), Published: appNow.Add(-time.Duration(i) * time.Hour)})
	}
	h := newAppHarness(t, list, nil)
	h.settle(keyMsg("G"))
	v := h.m.View()
	if !strings.Contains(v, "▸ ●   Article number 49") || strings.Contains(v, "Article number 0\n") {
		t.Fatalf("G did not scroll to the last article:\n%s", v)
	}
	h.settle(keyMsg("g"))
	if !strings.Contains(h.m.View(), "▸ ●   Article number 0") {
		t.Fatalf("g did not come back:\n%s", h.m.View())
	}
	h.settle(keyMsg(" "))
	if h.m.library.cursor != h.m.library.rows() {
		t.Errorf("space moved the cursor to %d, want a page (%d)", h.m.library.cursor, h.m.library.rows())
	}
}

func TestMemoryBackendKeepsMarks(t *testing.T) {
	t.Parallel()
	list := libArticles()
	slices.Reverse(list)
	b := NewMemoryBackend(list)
	ctx := context.Background()
	var wg sync.WaitGroup
	for _, id := range []string{"a1", "a3", "a4"} {
		wg.Go(func() {
			if err := b.SetRead(ctx, []string{id}, true); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Go(func() { _ = b.SetStarred(ctx, "a1", true) })
	wg.Wait()
	got, _ := b.List(ctx)
	if got[0].ID != "a1" || got[3].ID != "a4" {
		t.Fatalf("not newest first: %v, %v", got[0].ID, got[3].ID)
	}
	for _, a := range got {
		if !a.Read {
			t.Errorf("%s not read", a.ID)
		}
	}
	if !got[0].Starred {
		t.Error("star lost")
	}
	if _, err := b.Load(ctx, "nope"); err == nil {
		t.Error("Load of an unknown ID succeeded")
	}
	if err := b.SetRead(ctx, []string{"a2", "nope"}, false); err == nil {
		t.Error("SetRead of an unknown ID succeeded")
	}
	if a, _ := b.Load(ctx, "a2"); !a.Read {
		t.Error("a SetRead that failed changed a mark")
	}
	if newest, _ := b.Newest(ctx, 2); len(newest) != 2 || newest[0].ID != "a1" || newest[1].ID != "a2" {
		t.Errorf("Newest(2) gave %d articles, want a1 and a2", len(newest))
	}
	if feeds, err := b.Feeds(ctx); len(feeds) != 0 || err != nil {
		t.Errorf("Feeds gave %v, %v; want none", feeds, err)
	}
	if err := b.Refresh(ctx, func(articles.Progress) { t.Error("Refresh reported progress") }); err == nil {
		t.Error("Refresh with no feeds succeeded")
	}
	if a, err := b.Load(ctx, "a2"); err != nil || len(a.Sections) != 2 {
		t.Errorf("Load a2: %v, %d sections", err, len(a.Sections))
	}
}

func TestNewArticlesDoNotMoveTheSelectedRow(t *testing.T) {
	t.Parallel()
	var list []articles.Article
	for i := range 60 {
		list = append(list, articles.Article{ID: fmt.Sprint("x", i), Title: fmt.Sprint("Article ", i), Published: appNow.Add(-time.Duration(i) * time.Hour)})
	}
	h := newAppHarness(t, list, nil)
	for range 30 {
		h.key("j")
	}
	l := h.m.library
	row := l.cursor - l.offset
	if l.offset == 0 {
		t.Fatal("setup: the list did not scroll")
	}
	fresh := append([]articles.Article{{ID: "new1", Title: "New one"}, {ID: "new2", Title: "New two"}}, list...)
	l = l.setArticles(fresh)
	if l.selectedID() != "x30" || l.cursor-l.offset != row {
		t.Fatalf("after two new articles: %q on row %d, want x30 on row %d", l.selectedID(), l.cursor-l.offset, row)
	}
	// The selected article gone: the cursor stays at its place in the list.
	l = l.setArticles(slices.Delete(slices.Clone(fresh), 32, 33))
	if l.selectedID() != "x31" {
		t.Errorf("selection after its article vanished: %q, want the next one, x31", l.selectedID())
	}
}

func benchArticles(n int) []articles.Article {
	list := make([]articles.Article, n)
	for i := range list {
		list[i] = articles.Article{
			ID: fmt.Sprint("id", i), Title: fmt.Sprintf("Article number %d about something newsworthy", i),
			Source: fmt.Sprint("Feed ", i%200), FeedURL: fmt.Sprint("https://feed", i%200, ".example/rss"),
			Published: appNow.Add(-time.Duration(i) * time.Minute), Read: i%3 == 0,
		}
	}
	return list
}

// BenchmarkLibraryFirstFrame50k is the library's share of the time to the
// first frame with 50,000 cached articles: taking the list and drawing it.
func BenchmarkLibraryFirstFrame50k(b *testing.B) {
	list := benchArticles(50000)
	for b.Loop() {
		m := New(Options{Backend: NewMemoryBackend(nil), ColorProfile: termenv.Ascii, Now: func() time.Time { return appNow }})
		next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		next, _ = next.Update(libraryLoadedMsg{list: list})
		_ = next.View()
	}
}

// BenchmarkLibraryFilterKeystroke50k is one more typed filter character
// over 50,000 titles, redraw included.
func BenchmarkLibraryFilterKeystroke50k(b *testing.B) {
	m := New(Options{Backend: NewMemoryBackend(nil), ColorProfile: termenv.Ascii, Now: func() time.Time { return appNow }})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	next, _ = next.Update(libraryLoadedMsg{list: benchArticles(50000)})
	next, _ = next.Update(keyMsg("/"))
	next, _ = next.Update(keyMsg("1")) // the first letter also folds the titles, once
	for b.Loop() {
		typed, _ := next.Update(keyMsg("7"))
		_ = typed.View()
	}
}

// newestBackend answers Newest with the first n articles, as a large cache
// does before its whole list has loaded.
type newestBackend struct{ *recBackend }

func (b newestBackend) Newest(ctx context.Context, n int) ([]articles.Article, error) {
	return b.recBackend.Newest(ctx, min(n, 2))
}

func TestFirstFrameFromNewestThenWholeList(t *testing.T) {
	t.Parallel()
	b := newestBackend{newRecBackend(libArticles())}
	m := New(Options{Backend: b, Style: "notty", ColorProfile: termenv.Ascii, Now: func() time.Time { return appNow }})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	next, cmd := next.Update(startMsg{})
	m = next.(Model)
	var partial, whole tea.Msg
	for _, msg := range runAppCmd(cmd) {
		if msg.(libraryLoadedMsg).partial {
			partial = msg
		} else {
			whole = msg
		}
	}
	if partial == nil || whole == nil {
		t.Fatal("the start did not ask for the newest articles and the whole list")
	}

	next, _ = m.Update(partial)
	m = next.(Model)
	v := m.View()
	if !strings.Contains(v, "Go 1.26 released") || !strings.Contains(v, "loading…") || strings.Contains(v, "Filesystems news") {
		t.Fatalf("first frame should show the newest articles and say the rest are loading:\n%s", v)
	}
	next, _ = m.Update(whole)
	m = next.(Model)
	if v = m.View(); !strings.Contains(v, "Filesystems news") || !strings.Contains(v, "4 articles") {
		t.Fatalf("the whole list did not replace the first screenful:\n%s", v)
	}
	if m.library.inFlight != 0 {
		t.Errorf("%d lists still counted in flight with both answered", m.library.inFlight)
	}
	// A screenful arriving after the whole list changes nothing.
	next, _ = m.Update(partial)
	m = next.(Model)
	if v = m.View(); !strings.Contains(v, "Filesystems news") || strings.Contains(v, "loading…") {
		t.Fatalf("a late first screenful replaced the whole list:\n%s", v)
	}
}

func TestMarkAllUsesOneBulkCall(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("M", "y")
	h.b.mu.Lock()
	calls, scopes := slices.Clone(h.b.readSet), slices.Clone(h.b.markAll)
	h.b.mu.Unlock()
	if len(calls) != 0 || len(scopes) != 1 {
		t.Fatalf("M y made SetRead calls %v and mark-alls %q, want one mark-all", calls, scopes)
	}
	if h.m.library.unread != 0 {
		t.Errorf("unread %d after M y", h.m.library.unread)
	}
}

func TestReloadKeepsTheViewUntilTheUserChangesIt(t *testing.T) {
	t.Parallel()
	// A backend that keeps marks, as the cache does.
	opts := Options{Backend: NewMemoryBackend(libArticles()), Style: "notty", ColorProfile: termenv.Ascii, Now: func() time.Time { return appNow }}
	h := newHarness(t, New(opts))
	h.settle(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.start()
	h.settleKeys("f", "enter") // the unread view; open a1, which marks it read
	if h.m.readerID != "a1" {
		t.Fatalf("enter opened %q", h.m.readerID)
	}
	// A reload arrives, as one does every few feeds during a refresh.
	var cmd tea.Cmd
	h.m.library, cmd = h.m.library.list()
	h.settle(cmd())
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a1", "a3", "a4"}) {
		t.Fatalf("after a reload the unread view shows %v; the article being read left it", got)
	}
	h.settle(keyMsg("n"))
	if h.m.readerID != "a3" {
		t.Fatalf("n after a reload went to %q (status %q), want a3", h.m.readerID, h.m.status.text)
	}
	// Rebuilding the view (esc, then f through to unread again) drops what was read.
	h.settleKeys("esc", "f")
	for i := 0; h.m.library.kind != viewUnread; i++ {
		if i == 10 {
			t.Fatal("f never came back to the unread view")
		}
		h.settleKeys("f")
	}
	if got := visibleIDs(h.m.library); slices.Contains(got, "a1") || slices.Contains(got, "a3") {
		t.Fatalf("a rebuilt unread view still shows read articles: %v", got)
	}
}
