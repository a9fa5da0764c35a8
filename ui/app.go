package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// Smallest terminal herald lays out; below it View shows one plain line.
const (
	minWidth  = 40
	minHeight = 10
)

// How long a status line stays: long enough to read, short enough that it
// does not outstay the moment it speaks of. An error gets longer.
const (
	statusTTL = 5 * time.Second
	errorTTL  = 12 * time.Second
)

type screenID int

const (
	screenLibrary screenID = iota
	screenReader
	screenFeeds
	screenReading // herald read URL, while the page downloads
)

// Model is herald's root: it owns the screens, the status line and the
// background tasks, and routes messages to them.
type Model struct {
	c *common
	// ctx is cancelled on quit, which stops a refresh in flight.
	ctx    context.Context
	cancel context.CancelFunc

	screen    screenID
	library   library
	reader    reader
	hasReader bool
	readerID  string // the article the reader shows
	loadingID string // the article being loaded for the reader
	feeds     feedsView
	page      readingPage // the page herald read URL asked for
	showHelp  bool

	// resizeTag counts resizes, so only the last one's debounce tick
	// renders the reader's text again.
	resizeTag int

	status  status
	confirm []string // articles M marks read once the user answers y
	tasks   tasks
	refresh refreshState
	// syncListed is Progress.New when the running sync last listed.
	syncListed int

	// quitting: the user quit, and the program waits for marks still on
	// their way to the Backend (quit.go); unsaved counts those that were
	// not saved, quitErr is the last failure among them.
	quitting bool
	unsaved  int
	quitErr  error
}

// status is the bottom line; gen lets an old expiry tick find out that a
// newer line has replaced its own. It belongs to the screen it speaks of
// and shows only there: "last article" is no news in the library.
type status struct {
	text   string
	err    bool
	gen    int
	screen screenID
}

type (
	clearStatusMsg struct{ gen int }
	// startMsg is Init's only message. Update turns it into the first
	// requests, so they are counted where every later request is.
	startMsg struct{}
)

// New builds the root model. Nothing runs until Init.
func New(opts Options) Model {
	c, styleErr := newCommon(opts)
	ctx, cancel := context.WithCancel(context.Background())
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(c.styles.renderer.NewStyle()))
	m := Model{
		c:       c,
		ctx:     ctx,
		cancel:  cancel,
		library: newLibrary(ctx, c),
		feeds:   newFeedsView(ctx, c),
		tasks:   newTasks(ctx, sp),
	}
	var problems []string
	if opts.Problem != "" {
		problems = append(problems, termsafe.Safe(opts.Problem))
	}
	if styleErr != nil {
		problems = append(problems, fmt.Sprintf("could not render with your style, using %s: %s", c.opts.Style, termsafe.Safe(styleErr.Error())))
	}
	// The start article is shown as given, never loaded: herald read gives
	// a page an ID too, and a page with no sections is still worth showing
	// (the reader says it has no text).
	if a := c.opts.Start; a != nil {
		m, _ = m.showReader(*a) // no size yet: nothing to render
	} else if opts.StartURL != "" {
		m.screen, m.page = screenReading, readingPage{url: opts.StartURL}
	}
	if len(problems) > 0 {
		// Its fade starts with the program (handleStart).
		m.status = status{text: termsafe.SafeLine(strings.Join(problems, " · ")), err: true, screen: m.screen}
	}
	return m
}

// Init implements tea.Model. Its startMsg lists the library and, when
// asked, starts a refresh.
func (m Model) Init() tea.Cmd {
	return func() tea.Msg { return startMsg{} }
}

func (m Model) handleStart() (Model, tea.Cmd) {
	var list tea.Cmd
	m.library, list = m.library.listFirst()
	cmds := []tea.Cmd{list}
	if m.status.text != "" {
		cmds = append(cmds, m.fadeStatus())
	}
	if m.screen == screenReading {
		var read tea.Cmd
		m, read = m.startReading()
		cmds = append(cmds, read)
	}
	if m.c.opts.RefreshOnStart {
		var refresh tea.Cmd
		m, refresh = m.startRefresh()
		cmds = append(cmds, refresh)
	}
	return m, tea.Batch(cmds...)
}

func loadCmd(ctx context.Context, b Backend, id string) tea.Cmd {
	return func() tea.Msg {
		a, err := b.Load(ctx, id)
		return articleLoadedMsg{id: id, article: a, err: err}
	}
}

// Update implements tea.Model. Global keys come first, then the size, then
// asynchronous results (to their owner whatever is on screen), then keys
// for the screen in front.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m.handleKey(msg)
	case tea.WindowSizeMsg:
		return m.handleResize(msg)
	case widthSettledMsg:
		return m.handleWidthSettled(msg)
	case sectionRenderedMsg:
		return m.handleRendered(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	case libraryLoadedMsg:
		return m.handleLibraryLoaded(msg)
	case articleLoadedMsg:
		return m.handleArticleLoaded(msg)
	case markedMsg:
		return m.handleMarked(msg)
	case statusMsg:
		return m.setStatus(msg.text, msg.err)
	case clearStatusMsg:
		if msg.gen == m.status.gen {
			m.status = status{gen: m.status.gen}
		}
		return m, nil
	case quitWaitedMsg:
		return m.handleQuitWaited()
	case toggleTextMsg:
		return m.toggleText(msg.id)
	case feedTextMsg:
		return m.handleFeedText(msg)
	case feedsLoadedMsg:
		m.feeds = m.feeds.listArrived(msg)
		return m, nil
	case openScopeMsg:
		return m.openScope(msg.scope)
	case textSearchDueMsg:
		var cmd tea.Cmd
		m.library, cmd = m.library.searchDue(msg)
		return m, cmd
	case textSearchDoneMsg:
		m.library = m.library.searchDone(msg)
		return m, nil
	case sectionsRenderedMsg:
		if !m.hasReader {
			return m, nil
		}
		var cmd tea.Cmd
		m.reader, cmd = m.reader.searchRendered(msg)
		return m, cmd
	case startMsg:
		return m.handleStart()
	case taskProgressMsg:
		return m.handleTaskProgress(msg)
	case taskDoneMsg:
		return m.handleTaskDone(msg)
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.tasks, cmd = m.tasks.tick(msg)
		return m, cmd
	}
	// What else comes back is the filter input's own (a paste from the
	// clipboard, asked for with ctrl+v).
	var cmd tea.Cmd
	m.library, cmd = m.library.filterPasted(msg)
	return m, cmd
}

func (m Model) handleTaskProgress(msg taskProgressMsg) (Model, tea.Cmd) {
	ts, t, wait, ok := m.tasks.progressed(msg)
	if !ok {
		return m, nil // from a task that is over
	}
	m.tasks = ts
	switch t.kind {
	case taskRefresh:
		return m.refreshProgressed(t.progress, wait)
	case taskSync:
		return m.syncProgressed(t.progress, wait)
	}
	return m, wait
}

func (m Model) handleTaskDone(msg taskDoneMsg) (Model, tea.Cmd) {
	ts, t, ok := m.tasks.finished(msg)
	if !ok {
		return m, nil
	}
	m.tasks = ts
	switch t.kind {
	case taskRefresh:
		return m.refreshDone(t.progress, msg.err)
	case taskSync:
		return m.syncDone(t.progress, msg.err)
	case taskRead:
		return m.readDone(msg.value, msg.err)
	case taskFullText:
		return m.fullTextDone(t, msg)
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if m.quitting {
		return m.handleQuittingKey(msg)
	}
	k := m.c.keys
	typing := (m.screen == screenLibrary && m.library.filtering) ||
		(m.screen == screenFeeds && m.feeds.filtering) ||
		(m.screen == screenReader && m.hasReader && m.reader.find.typing)
	// Bubble Tea v1 hands keys that arrive in one read (key repeat, fast
	// typing, tmux send-keys) over as one KeyMsg holding several runes.
	// Outside text input every rune is a command of its own.
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !typing {
		cmds := make([]tea.Cmd, 0, len(msg.Runes))
		for _, r := range msg.Runes {
			var cmd tea.Cmd
			m, cmd = m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			cmds = append(cmds, cmd)
		}
		// In order: "mm" toggles a mark twice, and the second call must
		// reach the backend after the first.
		return m, tea.Sequence(cmds...)
	}
	if key.Matches(msg, k.ForceQuit) {
		return m.quit()
	}
	if m.confirm != nil {
		return m.answerConfirm(msg)
	}
	if key.Matches(msg, k.Help) && !typing && m.screen != screenReading {
		m.showHelp = !m.showHelp
		return m, nil
	}
	if m.showHelp {
		// The help covers the screen; only closing it makes sense.
		if key.Matches(msg, k.Back, k.Quit, k.ClearFilter) {
			m.showHelp = false
		}
		return m, nil
	}
	switch m.screen {
	case screenReader:
		return m.handleReaderKey(msg)
	case screenFeeds:
		return m.handleFeedsKey(msg)
	case screenReading:
		return m.handleReadingKey(msg)
	}
	return m.handleLibraryKey(msg)
}

// handleReaderKey hands the key to the reader and, when the reader asks to
// leave its article (back, next, previous, next unread), leaves it here and now: a key
// that arrived in the same read ("q q", "n n") then meets the screen and
// the article it leads to, not the one it left.
func (m Model) handleReaderKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	m.reader, cmd = m.reader.update(msg)
	var leave readerLeave
	m.reader, leave = m.reader.takeLeave()
	switch leave {
	case leaveBack:
		m.screen = screenLibrary
		if m.loadingID != "" {
			// A step is still loading: back is on the article it led
			// to, which must not pop up once loaded.
			m.library = m.library.selectID(m.loadingID)
			m.loadingID = ""
		} else {
			m.library = m.library.selectID(m.readerID)
		}
	case leaveNext:
		return m.step(1)
	case leavePrev:
		return m.step(-1)
	case leaveNextUnread:
		from := m.readerID
		if m.loadingID != "" {
			from = m.loadingID // an earlier step is on its way there
		}
		return m.nextUnread(m.library.position(from) + 1)
	}
	return m, cmd
}

// handleLibraryKey takes the library keys that reach beyond the list (other
// screens, the status line, quitting) and hands the rest to the library.
func (m Model) handleLibraryKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.c.keys
	if m.loadingID != "" && !m.library.filtering {
		// Enter asked for the reader, and keys typed after it in one
		// burst ("enter n n q q") arrive before the article: the ones
		// that leave an article act on the one loading, as the reader
		// would, so a q goes back rather than quitting and a step's mark
		// is made.
		switch {
		case key.Matches(msg, k.Back):
			m.loadingID = "" // it must not pop up
			return m, nil
		case key.Matches(msg, k.NextArticle):
			return m.step(1)
		case key.Matches(msg, k.PrevArticle):
			return m.step(-1)
		case key.Matches(msg, k.NextUnread):
			return m.nextUnread(m.library.position(m.loadingID) + 1)
		}
	}
	if m.loadingID != "" && key.Matches(msg, k.ClearFilter, k.FeedsView) {
		// The user moved on: an article still loading must not pop up.
		m.loadingID = ""
	}
	if !m.library.filtering {
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Enter):
			if a, ok := m.library.selected(); ok {
				return m.open(a)
			}
			return m, nil
		case key.Matches(msg, k.FeedsView):
			m.screen = screenFeeds
			var cmd tea.Cmd
			m.feeds, cmd = m.feeds.request()
			return m, cmd
		case key.Matches(msg, k.Refresh):
			return m.startRefresh()
		case m.c.opts.Problem != "" && (offKey(msg, k.Refresh) || offKey(msg, k.FeedsView)):
			// The start-up line that said why has faded; the key says it
			// again rather than doing nothing.
			return m.setStatus(m.c.opts.Problem, true)
		case key.Matches(msg, k.MarkAllRead):
			return m.askMarkAll()
		case key.Matches(msg, k.NextUnread):
			return m.nextUnread(m.library.cursor)
		case msg.Type == tea.KeyEsc && m.library.filter == "" && m.library.scope.feeds != nil:
			// Back to the feeds view, on the row that opened this, with
			// its counts asked for again: what was read meanwhile
			// changed them.
			m.library = m.library.setScope(scope{})
			m.screen = screenFeeds
			var cmd tea.Cmd
			m.feeds, cmd = m.feeds.request()
			return m, cmd
		}
	}
	var cmd tea.Cmd
	m.library, cmd = m.library.update(msg)
	return m, cmd
}

// offKey reports whether msg is one of b's keys while b is turned off.
func offKey(msg tea.KeyMsg, b key.Binding) bool {
	return !b.Enabled() && slices.Contains(b.Keys(), msg.String())
}

func (m Model) handleFeedsKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.c.keys
	if !m.feeds.filtering {
		switch {
		case key.Matches(msg, k.Back) && !(msg.Type == tea.KeyEsc && m.feeds.filter != ""):
			m.screen = screenLibrary
			return m, nil
		case key.Matches(msg, k.Refresh):
			return m.startRefresh()
		}
	}
	var cmd tea.Cmd
	m.feeds, cmd = m.feeds.update(msg)
	return m, cmd
}

func (m Model) handleMouse(msg tea.MouseMsg) (Model, tea.Cmd) {
	if m.showHelp {
		return m, nil
	}
	var cmd tea.Cmd
	switch m.screen {
	case screenReader:
		m.reader, cmd = m.reader.update(msg)
	case screenFeeds:
		m.feeds, cmd = m.feeds.update(msg)
	default:
		m.library, cmd = m.library.update(msg)
	}
	return m, cmd
}

// handleResize lays every screen out at the new size. The reader's text
// is rendered again once the width has settled (examples/debounce), except
// when the pane has nothing to keep meanwhile, as at the program's first
// size.
func (m Model) handleResize(msg tea.WindowSizeMsg) (Model, tea.Cmd) {
	m.c.width, m.c.height = msg.Width, msg.Height
	m.library = m.library.clampOffset()
	m.feeds = m.feeds.relayout()
	if !m.hasReader {
		return m, nil
	}
	m.reader = m.reader.setSize()
	if m.reader.contentCurrent() {
		return m, nil
	}
	if m.reader.showing < 0 {
		var cmd tea.Cmd
		m.reader, cmd = m.reader.showSelected()
		return m, cmd
	}
	m.resizeTag++
	tag := m.resizeTag
	return m, tea.Tick(resizeSettle, func(time.Time) tea.Msg { return widthSettledMsg{tag: tag} })
}

func (m Model) handleWidthSettled(msg widthSettledMsg) (Model, tea.Cmd) {
	if msg.tag != m.resizeTag || !m.hasReader {
		return m, nil // the width changed again since
	}
	var cmd, find tea.Cmd
	m.reader, cmd = m.reader.showSelected()
	// A search in the article needs its other sections at the new width.
	m.reader, find = m.reader.findRender()
	return m, tea.Batch(cmd, find)
}

// handleRendered gives the reader a render Cmd's result, which it takes
// only if it still wants it.
func (m Model) handleRendered(msg sectionRenderedMsg) (Model, tea.Cmd) {
	if !m.hasReader {
		return m, nil
	}
	var cmd, find tea.Cmd
	m.reader, cmd = m.reader.rendered(msg)
	m.reader, find = m.reader.findRender()
	return m, tea.Batch(cmd, find)
}

// setStatus puts a line in the status bar for the screen in front.
func (m Model) setStatus(text string, isErr bool) (Model, tea.Cmd) {
	return m.say(text, isErr, m.screen)
}

// say puts a line in the status bar for screen s, and starts its fade.
func (m Model) say(text string, isErr bool, s screenID) (Model, tea.Cmd) {
	m.status = status{text: termsafe.SafeLine(text), err: isErr, gen: m.status.gen + 1, screen: s}
	return m, m.fadeStatus()
}

// fadeStatus clears the status line shown now once it has been read.
func (m Model) fadeStatus() tea.Cmd {
	gen, ttl := m.status.gen, statusTTL
	if m.status.err {
		ttl = errorTTL
	}
	return tea.Tick(ttl, func(time.Time) tea.Msg { return clearStatusMsg{gen: gen} })
}

// ARTICLES

func (m Model) handleLibraryLoaded(msg libraryLoadedMsg) (Model, tea.Cmd) {
	var current bool
	if m.library, current = m.library.listArrived(msg.seq); !current {
		return m, nil // overtaken by a newer list
	}
	if msg.partial && m.library.loaded && !m.library.partial {
		return m, nil // the whole list came first
	}
	if msg.err != nil {
		if msg.partial {
			return m, nil // the whole list is on its way and will say
		}
		m.library.loaded = true
		m.library.listErr = "could not list articles: " + termsafe.Safe(msg.err.Error())
		return m.say(m.library.listErr, true, screenLibrary)
	}
	m.library = m.library.prunePending(msg.seq)
	m.library = m.library.setArticles(msg.list)
	m.library.partial = msg.partial
	m.library.shownSeq = msg.seq
	if m.library.inFlight == 0 {
		// No list that could predate a confirmed mark is left on its way.
		m.library = m.library.prunePending(m.library.listSeq + 1)
	}
	return m, nil
}

func (m Model) handleMarked(msg markedMsg) (Model, tea.Cmd) {
	m.library = m.library.marked(msg)
	if m.quitting {
		return m.markedWhileQuitting(msg)
	}
	if msg.err != nil {
		// The list already shows the change; re-list to show the truth.
		m, cmd := m.say(fmt.Sprintf("could not %s: %s", msg.what, termsafe.Safe(msg.err.Error())), true, screenLibrary)
		var list tea.Cmd
		m.library, list = m.library.list()
		return m, tea.Batch(cmd, list)
	}
	if msg.n > 1 {
		return m.say(fmt.Sprintf("marked %s read", articles.Plural(msg.n, "article")), false, screenLibrary)
	}
	return m, nil
}

func (m Model) askMarkAll() (Model, tea.Cmd) {
	ids := m.library.unreadInView()
	if len(ids) == 0 {
		return m.setStatus("no unread articles in view", false)
	}
	m.confirm = ids
	return m, nil
}

func (m Model) answerConfirm(msg tea.KeyMsg) (Model, tea.Cmd) {
	ids := m.confirm
	m.confirm = nil
	if msg.String() != "y" && msg.String() != "Y" {
		return m.setStatus("nothing marked", false)
	}
	var cmd tea.Cmd
	if feedURL, ok := m.library.whole(); ok {
		m.library, cmd = m.library.markAllRead(ids, feedURL)
		return m, cmd
	}
	m.library, cmd = m.library.markRead(ids, true)
	return m, cmd
}
