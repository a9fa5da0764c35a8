package ui

import (
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// noText stands in for the content of an article without sections.
const noText = "This article has no text."

// Layout constants, in cells.
const (
	paneMinW        = 20 // outer width the section pane is given at least, when 40% allows
	paneMaxShare    = 40 // percent of the width the section pane takes at most
	contentGutter   = 1  // blank column between the text and the right border
	twoLineHeaderAt = 16 // reader height from which title and details get a line each
	wrapTitleAt     = 20 // reader height from which a long title may take two lines
	selectedLines   = 3  // lines the selected section's title may wrap onto
	wordsPerMinute  = 230
	wheelLines      = 3
)

type focus int

const (
	focusSections focus = iota
	focusContent
)

// readerLayout is where everything goes in a reader of width x height cells
// (the screen minus the root's status bar). It is a pure function of the
// size, the header's height and the section pane's width, which the reader
// works out from the article, so view, mouse hit-testing and rendering
// always agree.
type readerLayout struct {
	width, height int
	headerH       int // rows of header at the top
	paneTop       int // row of the panes' top border
	paneH         int // outer height of both panes
	sectionsW     int // outer width of the section pane; 0: no section pane
	contentW      int // outer width of the content pane
}

func newReaderLayout(width, height, headerH, sectionsW int) readerLayout {
	l := readerLayout{width: max(width, 0), height: max(height, 0)}
	l.headerH = min(max(headerH, 1), l.height)
	l.paneTop = l.headerH
	l.paneH = max(l.height-l.headerH-1, 0) // one footer row
	l.sectionsW = min(max(sectionsW, 0), l.width)
	l.contentW = l.width - l.sectionsW
	return l
}

// paneBounds is the section pane's outer width at a screen width: at
// least about 20 columns, at most 40% of the width.
func paneBounds(width int) (lo, hi int) {
	hi = width * paneMaxShare / 100
	return min(paneMinW, hi), hi
}

// listRows is how many section rows fit inside the section pane's border.
func (l readerLayout) listRows() int { return max(l.paneH-2, 0) }

func (l readerLayout) sectionsInnerW() int { return max(l.sectionsW-2, 0) }

func (l readerLayout) contentInnerW() int { return max(l.contentW-2, 0) }

// renderWidth is the width glamour wraps the section to.
func (l readerLayout) renderWidth() int {
	return max(l.contentInnerW()-contentGutter, minRenderWidth)
}

// reader is the reading screen: the article's sections on the left, the
// selected section rendered on the right.
type reader struct {
	c       *common
	article articles.Article

	// Per section, computed once: terminal-safe titles, nesting depth
	// below the article's shallowest heading, reading time, and the
	// number of its first link (links are numbered through the article).
	titles    []string
	depths    []int
	minutes   []int
	linkStart []int

	selected int
	focus    focus
	offset   int // first section shown in the section pane

	layout readerLayout
	// content is the scroll model (offset, paging, clamping) over lines,
	// which is what view draws.
	content viewport.Model
	help    help.Model

	// What lines holds (reader_content.go). shown is the render they were
	// made from, zero for a placeholder; showing is the section they
	// belong to, -1 before the first. want is the render asked of a Cmd
	// and not back yet, zero when none: the only result taken. wantGone
	// is set once want is dropped, for its Cmd to skip the work.
	shown, want renderKey
	showing     int
	wantGone    *atomic.Bool

	// lines is the shown section, each line exactly linesW (the content
	// pane's inner width), and chrome everything else on screen, drawn by
	// setSize for every focus and selection. view runs after every message
	// the program gets (spinner ticks included), so it only picks and
	// joins.
	lines  []string
	linesW int
	chrome readerChrome

	// find is the search inside the article (reader_search.go); texts
	// caches the sections' text it searches.
	find  articleFind
	texts map[renderKey]searchText
	// summary: the article is a feed's short text with a web page behind
	// it; its last section says f reads the whole.
	summary bool
	// other is the article's other text (its feed's, or its full text)
	// once the reader has had it, so f switches back at once.
	other *articles.Article
	// picker is the link or attachment box, over the reader while picking.
	picker  picker
	picking bool

	// leave is what the last key asked of the root: to go back, or to the
	// next or previous article, or the next unread one. The root takes it (takeLeave) in the same
	// Update, so the keys that follow in one burst meet where it led.
	leave readerLeave
}

// readerLeave is a reader key's request to leave the article.
type readerLeave int

const (
	leaveNone readerLeave = iota
	leaveBack
	leaveNext
	leavePrev
	leaveNextUnread
)

// takeLeave returns what the last key asked, and forgets it.
func (r reader) takeLeave() (reader, readerLeave) {
	l := r.leave
	r.leave = leaveNone
	return r, l
}

// readerChrome is the screen but the content, at one size, each line exactly
// as wide as its place. Indexes of type focus pick the focused variant.
type readerChrome struct {
	header  []string
	footer  [2]string   // by focused pane
	borders [2][2]frame // [pane][1 if that pane is focused]
	rows    []string    // per section, not selected
	sel     []string    // the selected section's row: its title may take lines
	blankS  string      // an empty section pane row
	blankC  string      // an empty content row
}

// frame is a pane's border, cut to its width. bottomL and bottomR are the
// bottom border around a scroll label, empty when the pane is too narrow.
type frame struct{ top, bottom, left, right, bottomL, bottomR string }

// newReader opens a on its first section. The Cmd renders it, unless the
// cache has it or there is no size yet.
func newReader(c *common, a articles.Article) (reader, tea.Cmd) {
	a = withBoundKeys(a, c.keys)
	r := reader{
		c:         c,
		article:   a,
		titles:    make([]string, len(a.Sections)),
		depths:    make([]int, len(a.Sections)),
		minutes:   make([]int, len(a.Sections)),
		linkStart: linkStarts(a),
		content:   viewport.New(0, 0),
		help:      help.New(),
		showing:   -1,
		find:      articleFind{here: noMatch},
		texts:     map[renderKey]searchText{},
	}
	minLevel := 0
	for i, s := range a.Sections {
		level := max(s.Level, 1)
		if i == 0 || level < minLevel {
			minLevel = level
		}
	}
	for i, s := range a.Sections {
		r.titles[i] = termsafe.SafeLine(s.Title)
		if r.titles[i] == "" {
			r.titles[i] = "Section " + strconv.Itoa(i+1)
		}
		r.depths[i] = max(s.Level, 1) - minLevel
		r.minutes[i] = readingMinutes(s.Markdown)
	}
	if len(a.Sections) < 2 {
		r.focus = focusContent // no section pane to focus
	}
	// help.New's own styles are AdaptiveColors, which would query the
	// terminal's background while the program runs; the footer shares the
	// library's help styles.
	r.help.Styles = c.styles.library.help
	r.article.Title = termsafe.SafeLine(a.Title)
	r.article.Source = termsafe.SafeLine(a.Source)
	r.article.Author = termsafe.SafeLine(a.Author)
	r.summary = isSummary(a)
	return r.setSize().showSelected()
}

// linkStarts is, per section, the number of its first link: one more than
// the links of the sections before it.
func linkStarts(a articles.Article) []int {
	starts := make([]int, len(a.Sections))
	n := 1
	j := 0
	for i := range a.Sections {
		starts[i] = n
		for j < len(a.Links) && a.Links[j].Section == i {
			n++
			j++
		}
	}
	return starts
}

// setSize lays the reader out again after c.width or c.height changed and
// redraws the chrome. The content is taken from the cache at the new
// width, or kept, cut or padded, until the root asks for a render
// (showSelected): a dragged window edge sends a run of sizes, and
// rendering each would only delay the last.
func (r reader) setSize() reader {
	w, h := r.c.width, r.c.height-1
	r.layout = newReaderLayout(w, h, r.headerHeight(w, h), r.paneWidth(w))
	r.help.Width = max(r.layout.width-1, 0)
	r.content.Width = r.layout.contentInnerW()
	r.content.Height = r.layout.listRows()
	if r.want.width != r.layout.renderWidth() {
		r = r.dropWant() // a render at the old width is no use now
	}
	r = r.refit()
	r.content.SetYOffset(r.content.YOffset) // clamp to the new height
	r.offset = r.clampOffset(r.offset)
	r = r.keepSelectedVisible()
	if r.searching() && r.find.width != r.layout.renderWidth() {
		r = r.refind() // the lines are the new width's: find again
	}
	r.chrome = r.drawChrome()
	r.offset = r.clampOffset(r.offset)
	r = r.keepSelectedVisible()
	if r.picking {
		r.picker = r.picker.layout(r.c.styles, r.pickerRegion())
	}
	return r
}

// update handles keys and the mouse; the root routes them here while the
// reader is on screen.
func (r reader) update(msg tea.Msg) (reader, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return r.handleKey(msg)
	case tea.MouseMsg:
		if r.picking {
			return r, nil
		}
		return r.handleMouse(msg)
	}
	return r, nil
}

func (r reader) handleKey(msg tea.KeyMsg) (reader, tea.Cmd) {
	if r.picking {
		return r.handlePickerKey(msg)
	}
	k := r.c.keys
	if r.find.typing {
		return r.handleFindKey(msg)
	}
	if r.find.active {
		// n and N are the matches' while a search lasts; esc ends it.
		if r, cmd, ok := r.handleMatchKey(msg); ok {
			return r, cmd
		}
	}
	switch {
	case key.Matches(msg, k.Find):
		// The sections' text is prepared for the search while the user
		// types what to look for.
		return r.startFind().findRender()
	case key.Matches(msg, k.NextUnread):
		r.leave = leaveNextUnread
	case key.Matches(msg, k.FullText):
		id := r.article.ID
		return r, func() tea.Msg { return toggleTextMsg{id: id} }
	case key.Matches(msg, k.Links):
		return r.openLinks()
	case key.Matches(msg, k.Play):
		return r.play()
	case key.Matches(msg, k.Back):
		r.leave = leaveBack
	case key.Matches(msg, k.NextArticle):
		r.leave = leaveNext
	case key.Matches(msg, k.PrevArticle):
		r.leave = leavePrev
	case key.Matches(msg, k.Open):
		return r, openURLCmd(r.c.opts.OpenURL, r.article.URL)
	case key.Matches(msg, k.Copy):
		return r, copyURLCmd(r.c.opts.Copy, r.article.URL)
	case key.Matches(msg, k.FocusNext), key.Matches(msg, k.FocusPrev):
		// Two panes: forward and back both mean "the other one".
		if !r.hasPane() {
			return r, nil
		}
		if r.focus == focusSections {
			r.focus = focusContent
		} else {
			r.focus = focusSections
		}
	case key.Matches(msg, k.Jump):
		if n := keyIndex(k.Jump, msg); n >= 0 && n < len(r.titles) {
			return r.selectSection(n)
		}
	case key.Matches(msg, k.NextSection):
		return r.selectSection(r.selected + 1)
	case key.Matches(msg, k.PrevSection):
		return r.selectSection(r.selected - 1)
	case key.Matches(msg, k.PageDown):
		r.content.PageDown()
	case key.Matches(msg, k.PageUp):
		r.content.PageUp()
	case key.Matches(msg, k.HalfDown):
		r.content.HalfPageDown()
	case key.Matches(msg, k.HalfUp):
		r.content.HalfPageUp()
	case r.focus == focusSections && r.hasPane():
		return r.handleSectionsKey(msg)
	default:
		return r.handleContentKey(msg), nil
	}
	return r, nil
}

func (r reader) handleSectionsKey(msg tea.KeyMsg) (reader, tea.Cmd) {
	k := r.c.keys
	switch {
	case key.Matches(msg, k.Down):
		return r.selectSection(r.selected + 1)
	case key.Matches(msg, k.Up):
		return r.selectSection(r.selected - 1)
	case key.Matches(msg, k.First):
		return r.selectSection(0)
	case key.Matches(msg, k.Last):
		return r.selectSection(len(r.titles) - 1)
	}
	return r, nil
}

func (r reader) handleContentKey(msg tea.KeyMsg) reader {
	k := r.c.keys
	switch {
	case key.Matches(msg, k.Down):
		r.content.ScrollDown(1)
	case key.Matches(msg, k.Up):
		r.content.ScrollUp(1)
	case key.Matches(msg, k.First):
		r.content.GotoTop()
	case key.Matches(msg, k.Last):
		r.content.GotoBottom()
	}
	return r
}

// handleMouse scrolls the pane under the wheel and selects a clicked
// section. Coordinates are the screen's: the reader starts at row 0.
func (r reader) handleMouse(msg tea.MouseMsg) (reader, tea.Cmd) {
	if msg.Action != tea.MouseActionPress {
		return r, nil
	}
	l := r.layout
	overSections := msg.X < l.sectionsW && msg.Y >= l.paneTop && msg.Y < l.paneTop+l.paneH
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		if overSections {
			r.offset = r.clampOffset(r.offset - wheelLines)
		} else {
			r.content.ScrollUp(wheelLines)
		}
	case tea.MouseButtonWheelDown:
		if overSections {
			r.offset = r.clampOffset(r.offset + wheelLines)
		} else {
			r.content.ScrollDown(wheelLines)
		}
	case tea.MouseButtonLeft:
		if msg.Y < l.paneTop || msg.Y >= l.paneTop+l.paneH {
			return r, nil
		}
		if !overSections {
			r.focus = focusContent
			return r, nil
		}
		r.focus = focusSections
		if i, ok := r.sectionAt(msg.Y - l.paneTop - 1); ok { // below the top border
			return r.selectSection(i)
		}
	}
	return r, nil
}

// selectSection shows section i, clamped to the article's sections: at
// once from the cache, else through a render Cmd.
func (r reader) selectSection(i int) (reader, tea.Cmd) {
	if len(r.titles) == 0 {
		return r, nil
	}
	r.selected = min(max(i, 0), len(r.titles)-1)
	r.chrome = r.chrome.withSelected(r)
	r = r.keepSelectedVisible()
	return r.showSelected()
}

// copyURLCmd puts the article's link on the clipboard from inside a
// tea.Cmd, through Options.Copy. Without one the UI has no way to the
// terminal: it never writes outside View.
func copyURLCmd(copyFn func(string) error, rawURL string) tea.Cmd {
	return func() tea.Msg {
		u := termsafe.Safe(rawURL)
		if u == "" {
			return statusMsg{text: "this article has no source link", err: true}
		}
		if copyFn == nil {
			return statusMsg{text: "copying needs a terminal", err: true}
		}
		if err := copyFn(u); err != nil {
			return statusMsg{text: "could not copy the link: " + termsafe.Safe(err.Error()), err: true}
		}
		return statusMsg{text: "copied " + u}
	}
}

// OSC52Copier returns an Options.Copy that writes an OSC 52 "set clipboard"
// sequence for the text to w, which reaches the local clipboard even over
// ssh. w should be the program's output. Under GNU screen (TERM, read once
// here) the sequence is wrapped in a DCS passthrough, which screen needs;
// tmux passes OSC 52 on with its default set-clipboard setting. Calls are
// serialised, so two copies never interleave their bytes.
func OSC52Copier(w io.Writer) func(string) error {
	screen := strings.HasPrefix(os.Getenv("TERM"), "screen")
	var mu sync.Mutex
	return func(text string) error {
		seq := osc52.New(text)
		if screen {
			seq = seq.Screen()
		}
		mu.Lock()
		defer mu.Unlock()
		_, err := seq.WriteTo(w)
		return err
	}
}
