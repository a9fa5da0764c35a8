package ui

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/herald-reader/herald/articles"
)

// testArticle has twelve sections: more than the 1..9 keys reach, more than
// a small screen's section pane shows, one nested, one with a long title,
// one with wide runes and one whose title carries an escape sequence.
func testArticle() articles.Article {
	titles := []string{
		"Introduction",
		"The Context of the Meeting: A Power Shift",
		"Background",
		"Impact of US-Venezuela Relations: The Stakes",
		"日本語の見出しとても長いタイトルです",
		"\x1b[31mRed\x1b[0m Alert",
		"Section Seven",
		"Section Eight",
		"Section Nine",
		"Section Ten",
		"Section Eleven",
		"Questions for Consideration",
	}
	a := articles.Article{
		ID:        "test-1",
		Source:    "Dallas Living",
		Title:     "Ratcliffe's Diplomatic Mission in Venezuela: What It Means",
		URL:       "https://dallasliving.us/article",
		Published: time.Date(2026, time.January, 15, 9, 0, 0, 0, time.UTC),
	}
	for i, t := range titles {
		level := 2
		if i == 2 {
			level = 3
		}
		var md strings.Builder
		fmt.Fprintf(&md, "Body of section %d begins here.\n\n", i+1)
		for p := range 12 {
			fmt.Fprintf(&md, "Paragraph %d of section %d has enough words to wrap across a narrow pane and scroll.\n\n", p+1, i+1)
		}
		fmt.Fprintf(&md, "The end of section %d.\n", i+1)
		a.Sections = append(a.Sections, articles.Section{Title: t, Level: level, Markdown: md.String()})
	}
	return a
}

// newTestCommon is the state the root would hold, with plain output: the
// Ascii colour profile and the notty glamour style.
func newTestCommon(t testing.TB, width, height int) *common {
	t.Helper()
	c, err := newCommon(Options{Style: "notty", ColorProfile: termenv.Ascii})
	if err != nil {
		t.Fatal(err)
	}
	c.width, c.height = width, height
	return c
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// openReader is newReader with its first render done, as the program
// has it a moment later.
func openReader(t testing.TB, c *common, a articles.Article) reader {
	t.Helper()
	r, cmd := newReader(c, a)
	r, _ = settleReader(r, cmd)
	return r
}

// settleReader runs cmd, a batch too, and gives the reader every render
// result, as the root would. The other messages come back, in order.
func settleReader(r reader, cmd tea.Cmd) (reader, []tea.Msg) {
	var out []tea.Msg
	for queue := []tea.Cmd{cmd}; len(queue) > 0; queue = queue[1:] {
		if queue[0] == nil {
			continue
		}
		switch msg := queue[0]().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case sectionRenderedMsg:
			var next tea.Cmd
			r, next = r.rendered(msg)
			queue = append(queue, next)
		default:
			out = append(out, msg)
		}
	}
	return r, out
}

// press sends keys one after another, renders settled, and returns the
// reader and a Cmd giving the messages the last key's Cmd gave besides.
func press(r reader, keys ...tea.KeyMsg) (reader, tea.Cmd) {
	var msgs []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		r, cmd = r.update(k)
		r, msgs = settleReader(r, cmd)
	}
	return r, replay(msgs)
}

func replay(msgs []tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, len(msgs))
	for i, msg := range msgs {
		cmds[i] = func() tea.Msg { return msg }
	}
	if len(cmds) == 1 {
		return cmds[0]
	}
	return tea.Batch(cmds...)
}

// mouse sends one mouse message, renders settled.
func mouse(r reader, msg tea.MouseMsg) reader {
	r, cmd := r.update(msg)
	r, _ = settleReader(r, cmd)
	return r
}

// resize does what the root does on a tea.WindowSizeMsg, with the width
// settled at once: the section renders at the new width.
func resize(r reader, msg tea.WindowSizeMsg) reader {
	r, _ = resizeCmd(r, msg)
	return r
}

// resizeCmd is resize, returning the messages the render gave besides.
func resizeCmd(r reader, msg tea.WindowSizeMsg) (reader, []tea.Msg) {
	r.c.width, r.c.height = msg.Width, msg.Height
	r, cmd := r.setSize().showSelected()
	return settleReader(r, cmd)
}

// contentText is what the content pane shows.
func contentText(r reader) string {
	top := min(r.content.YOffset, len(r.lines))
	bottom := min(top+r.layout.listRows(), len(r.lines))
	return ansi.Strip(strings.Join(r.lines[top:bottom], "\n"))
}

func screen(r reader) []string { return strings.Split(ansi.Strip(r.view()), "\n") }

func runCmd(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command returned")
	}
	return cmd()
}

func TestReaderOpensOnFirstSection(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 30), testArticle())
	if r.selected != 0 || r.focus != focusSections {
		t.Fatalf("selected %d focus %d, want section 0 with the section pane focused", r.selected, r.focus)
	}
	if got := contentText(r); !strings.Contains(got, "Introduction") || !strings.Contains(got, "Body of section 1 begins") {
		t.Errorf("content does not show the first section with its title:\n%s", got)
	}
	head := strings.Join(screen(r)[:2], "\n")
	for _, want := range []string{"Ratcliffe's Diplomatic Mission", "Dallas Living", "Jan 15, 2026"} {
		if !strings.Contains(head, want) {
			t.Errorf("header lacks %q:\n%s", want, head)
		}
	}
}

func TestReaderJumpKeys(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 30), testArticle())
	r, _ = press(r, runes("3"))
	if r.selected != 2 || !strings.Contains(contentText(r), "Body of section 3") {
		t.Fatalf("3: selected %d, content:\n%s", r.selected, contentText(r))
	}
	r, _ = press(r, runes("9"))
	if r.selected != 8 {
		t.Errorf("9: selected %d, want 8", r.selected)
	}

	short := testArticle()
	short.Sections = short.Sections[:4]
	r = openReader(t, newTestCommon(t, 100, 30), short)
	r, _ = press(r, runes("2"), runes("7"))
	if r.selected != 1 {
		t.Errorf("7 on a 4-section article: selected %d, want it ignored (1)", r.selected)
	}
}

func TestReaderNextPrevSectionClamped(t *testing.T) {
	t.Parallel()
	a := testArticle()
	r := openReader(t, newTestCommon(t, 100, 30), a)
	r, _ = press(r, runes("["))
	if r.selected != 0 {
		t.Errorf("[ on the first section: selected %d", r.selected)
	}
	r, _ = press(r, runes("]"), runes("]"))
	if r.selected != 2 || !strings.Contains(contentText(r), "Body of section 3") {
		t.Errorf("] ]: selected %d", r.selected)
	}
	for range 20 {
		r, _ = press(r, runes("]"))
	}
	if r.selected != len(a.Sections)-1 {
		t.Errorf("] past the end: selected %d, want %d", r.selected, len(a.Sections)-1)
	}
	// ] and [ work from the content pane too.
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyTab}, runes("["))
	if r.selected != len(a.Sections)-2 || r.focus != focusContent {
		t.Errorf("[ from the content pane: selected %d focus %d", r.selected, r.focus)
	}
}

func TestReaderTabSwitchesFocus(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 30), testArticle())
	// The focused pane has a thick border, visible without colour.
	if row := screen(r)[2]; !strings.HasPrefix(row, "┏") || strings.Contains(row, "╭━") {
		t.Errorf("section pane focused, top border row: %q", row)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyTab})
	if r.focus != focusContent {
		t.Fatalf("tab: focus %d, want content", r.focus)
	}
	if row := screen(r)[2]; !strings.HasPrefix(row, "╭") || !strings.Contains(row, "┏") {
		t.Errorf("content pane focused, top border row: %q", row)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyShiftTab})
	if r.focus != focusSections {
		t.Errorf("shift+tab: focus %d, want sections", r.focus)
	}
}

func TestReaderUpDownInEachPane(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 20), testArticle())
	r, _ = press(r, runes("j"), tea.KeyMsg{Type: tea.KeyDown}, runes("k"))
	if r.selected != 1 || r.content.YOffset != 0 {
		t.Errorf("sections pane j down k: selected %d offset %d, want 1 and 0", r.selected, r.content.YOffset)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyTab}, runes("j"), runes("j"), runes("j"), runes("k"))
	if r.selected != 1 || r.content.YOffset != 2 {
		t.Errorf("content pane j j j k: selected %d offset %d, want 1 and 2", r.selected, r.content.YOffset)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyUp}, tea.KeyMsg{Type: tea.KeyUp}, tea.KeyMsg{Type: tea.KeyUp})
	if r.content.YOffset != 0 {
		t.Errorf("up past the top: offset %d", r.content.YOffset)
	}
}

func TestReaderFirstLastInEachPane(t *testing.T) {
	t.Parallel()
	a := testArticle()
	r := openReader(t, newTestCommon(t, 100, 20), a)
	r, _ = press(r, runes("G"))
	if r.selected != len(a.Sections)-1 {
		t.Errorf("G in the section pane: selected %d", r.selected)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyHome})
	if r.selected != 0 {
		t.Errorf("home in the section pane: selected %d", r.selected)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyTab}, runes("G"))
	if r.selected != 0 || !r.content.AtBottom() || r.content.YOffset == 0 {
		t.Errorf("G in the content pane: selected %d, at bottom %v", r.selected, r.content.AtBottom())
	}
	if s := screen(r); !strings.Contains(s[len(s)-2], " 100% ") {
		t.Errorf("bottom border does not say 100%%: %q", s[len(s)-2])
	}
	if !strings.Contains(contentText(r), "The end of section 1.") {
		t.Errorf("bottom of the content does not show the section's end:\n%s", contentText(r))
	}
	r, _ = press(r, runes("g"))
	if r.content.YOffset != 0 {
		t.Errorf("g in the content pane: offset %d", r.content.YOffset)
	}
	if s := screen(r); !strings.Contains(s[len(s)-2], "   0% ") {
		t.Errorf("bottom border does not say 0%%: %q", s[len(s)-2])
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyEnd})
	if !r.content.AtBottom() {
		t.Error("end in the content pane: not at the bottom")
	}
}

func TestReaderScrollKeysFromEitherPane(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 20), testArticle())
	r, _ = press(r, tea.KeyMsg{Type: tea.KeySpace})
	page := r.content.YOffset
	if page == 0 || r.selected != 0 {
		t.Fatalf("space in the section pane: offset %d selected %d", page, r.selected)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyPgUp})
	if r.content.YOffset != 0 {
		t.Errorf("pgup: offset %d", r.content.YOffset)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyCtrlD})
	half := r.content.YOffset
	if half == 0 || half >= page {
		t.Errorf("ctrl+d: offset %d, want between 0 and a page (%d)", half, page)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyCtrlU})
	if r.content.YOffset != 0 {
		t.Errorf("ctrl+u: offset %d", r.content.YOffset)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyPgDown}, runes("]"))
	if r.content.YOffset != 0 {
		t.Errorf("a new section starts at its top: offset %d", r.content.YOffset)
	}
}

func TestReaderOpenURL(t *testing.T) {
	t.Parallel()
	var opened []string
	c := newTestCommon(t, 100, 30)
	c.opts.OpenURL = func(u string) error { opened = append(opened, u); return nil }
	a := testArticle()
	r := openReader(t, c, a)
	_, cmd := press(r, runes("o"))
	msg, ok := runCmd(t, cmd).(statusMsg)
	if !ok || msg.err || len(opened) != 1 || opened[0] != a.URL {
		t.Fatalf("o: message %#v, opened %q", msg, opened)
	}

	a.URL = "javascript:alert(1)"
	r = openReader(t, c, a)
	_, cmd = press(r, runes("o"))
	msg, _ = runCmd(t, cmd).(statusMsg)
	if len(opened) != 1 {
		t.Errorf("a javascript: URL reached the opener: %q", opened)
	}
	if !msg.err || !strings.Contains(msg.text, "only http and https") {
		t.Errorf("refusal status %#v does not say why", msg)
	}

	a.URL = ""
	r = openReader(t, c, a)
	_, cmd = press(r, runes("o"))
	if msg, _ = runCmd(t, cmd).(statusMsg); !msg.err || !strings.Contains(msg.text, "no source link") {
		t.Errorf("no URL: status %#v", msg)
	}
}

func TestReaderCopyURL(t *testing.T) {
	t.Parallel()
	var copied []string
	c := newTestCommon(t, 100, 30)
	c.opts.Copy = func(s string) error { copied = append(copied, s); return nil }
	a := testArticle()
	_, cmd := press(openReader(t, c, a), runes("y"))
	msg, _ := runCmd(t, cmd).(statusMsg)
	if msg.err || !strings.HasPrefix(msg.text, "copied") || len(copied) != 1 || copied[0] != a.URL {
		t.Errorf("y: status %#v, copied %q", msg, copied)
	}

	c.opts.Copy = func(string) error { return errors.New("no terminal") }
	_, cmd = press(openReader(t, c, a), runes("y"))
	if msg, _ = runCmd(t, cmd).(statusMsg); !msg.err || !strings.Contains(msg.text, "no terminal") {
		t.Errorf("failed copy: status %#v", msg)
	}
}

func TestReaderCopyWithoutCopier(t *testing.T) {
	t.Parallel()
	c := newTestCommon(t, 100, 30)
	c.opts.Copy = nil
	_, cmd := press(openReader(t, c, testArticle()), runes("y"))
	if msg, _ := runCmd(t, cmd).(statusMsg); !msg.err || msg.text != "copying needs a terminal" {
		t.Errorf("y with no Copy: status %#v", msg)
	}
}

func TestOSC52Copier(t *testing.T) {
	for _, tc := range []struct{ term, want string }{
		{"xterm-256color", "\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLmNvbS94\a"},
		{"screen.xterm", "\x1bP\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLmNvbS94\a\x1b\\"},
	} {
		t.Setenv("TERM", tc.term)
		var out bytes.Buffer
		if err := OSC52Copier(&out)("https://example.com/x"); err != nil {
			t.Fatal(err)
		}
		if out.String() != tc.want {
			t.Errorf("TERM=%s: wrote %q, want %q", tc.term, out.String(), tc.want)
		}
	}
}

func TestReaderArticleStepAndBack(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 30), testArticle())
	for _, tc := range []struct {
		key  tea.KeyMsg
		want tea.Msg
	}{
		{runes("n"), stepArticleMsg{delta: 1}},
		{runes("p"), stepArticleMsg{delta: -1}},
		{tea.KeyMsg{Type: tea.KeyEsc}, backMsg{}},
		{runes("q"), backMsg{}},
	} {
		_, cmd := press(r, tc.key)
		if got := runCmd(t, cmd); got != tc.want {
			t.Errorf("%s: message %#v, want %#v", tc.key, got, tc.want)
		}
	}
}

func TestReaderResizeRewraps(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 120, 30), testArticle())
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyTab}, tea.KeyMsg{Type: tea.KeyCtrlD})
	wideLines, wideY := r.content.TotalLineCount(), r.content.YOffset
	r = resize(r, tea.WindowSizeMsg{Width: 60, Height: 30})
	if narrow := r.content.TotalLineCount(); narrow <= wideLines {
		t.Errorf("narrower pane did not re-wrap: %d lines at 60 columns, %d at 120", narrow, wideLines)
	}
	if y := r.content.YOffset; y <= wideY {
		t.Errorf("reading position not kept: line %d of %d, was %d of %d", y, r.content.TotalLineCount(), wideY, wideLines)
	}
	for _, size := range []tea.WindowSizeMsg{{Width: 60, Height: 20}, {Width: 40, Height: 10}, {Width: 200, Height: 50}} {
		r = resize(r, size)
		// Wrapped, not cut: every word of the section is still there.
		all := strings.Join(strings.Fields(ansi.Strip(strings.Join(r.lines, "\n"))), " ")
		if n := strings.Count(all, "across a narrow pane and scroll."); n != 12 {
			t.Errorf("%dx%d: %d of 12 paragraphs whole after re-wrapping:\n%s", size.Width, size.Height, n, all)
		}
		checkScreen(t, r, size.Width, size.Height)
	}
}

// checkScreen asserts the reader fills exactly width x (height-1) cells.
func checkScreen(t *testing.T, r reader, width, height int) {
	t.Helper()
	lines := screen(r)
	if len(lines) != height-1 {
		t.Errorf("%dx%d: %d lines, want %d", width, height, len(lines), height-1)
	}
	for i, line := range lines {
		if w := ansi.StringWidth(line); w != width {
			t.Errorf("%dx%d: line %d is %d cells wide: %q", width, height, i, w, line)
		}
	}
}

func TestReaderViewAtMinimumSize(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 40, 10), testArticle())
	checkScreen(t, r, 40, 10)
	lines := screen(r)
	// Header, 7 rows of panes, footer.
	if !strings.HasPrefix(lines[0], " Ratcliffe") {
		t.Errorf("header: %q", lines[0])
	}
	if !strings.Contains(lines[2], "▸1 Introductio") {
		t.Errorf("first section row: %q", lines[2])
	}
	if !strings.Contains(lines[8], "? help") || !strings.Contains(lines[8], "quit") {
		t.Errorf("footer has no way to help or out: %q", lines[8])
	}
	// The selected row stays on screen when the selection moves past the
	// pane's five rows, its title whole on two lines.
	r, _ = press(r, runes("9"))
	if all := strings.Join(screen(r), "\n"); !strings.Contains(all, "▸9 Section    ┃") || !strings.Contains(all, "┃   Nine       ┃") {
		t.Errorf("section 9 not shown selected and whole:\n%s", all)
	}
}

func TestReaderSectionPane(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 30), testArticle())
	rows := screen(r)[3:16]
	w := r.layout.sectionsInnerW()
	want := []string{
		"▸1 Introduction",
		" 2 The Context of",
		" 3   Background", // h3 under h2: indented
		" 4 Impact of US-",
		" 5 日本語の見出し",
		" 6 Red Alert", // the escape sequence is gone
	}
	for i, prefix := range want {
		cell := ansi.Cut(rows[i], 1, 1+w)
		if !strings.HasPrefix(cell, prefix) {
			t.Errorf("row %d: %q, want it to start with %q", i, cell, prefix)
		}
	}
	for i, row := range rows[:12] {
		cell := strings.TrimRight(ansi.Cut(row, 1, 1+w), " ")
		if ansi.StringWidth(cell) > w {
			t.Errorf("row %d wider than the pane: %q", i, cell)
		}
	}
	if cell := strings.TrimRight(ansi.Cut(rows[1], 1, 1+w), " "); !strings.HasSuffix(cell, "…") {
		t.Errorf("long title not cut with an ellipsis: %q", cell)
	}
	if cell := ansi.Cut(rows[9], 1, 1+w); !strings.HasPrefix(cell, "   Section Ten") {
		t.Errorf("tenth row has no jump digit and stays aligned: %q", cell)
	}
	if strings.Contains(r.view(), "\x1b[31m") {
		t.Error("a title's escape sequence reached the screen")
	}
}

func TestReaderMouse(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 30), testArticle())
	// Row 0-1 header, row 2 the top border, row 3 the first section.
	click := tea.MouseMsg{X: 3, Y: 3 + 4, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
	r = mouse(r, click)
	if r.selected != 4 {
		t.Errorf("click on the fifth row: selected %d", r.selected)
	}
	r = mouse(r, tea.MouseMsg{X: 3, Y: 3 + 20, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if r.selected != 4 {
		t.Errorf("click below the last section changed the selection to %d", r.selected)
	}
	wheel := tea.MouseMsg{X: 60, Y: 10, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown}
	r = mouse(r, wheel)
	if r.content.YOffset != wheelLines || r.selected != 4 {
		t.Errorf("wheel over the content: offset %d selected %d", r.content.YOffset, r.selected)
	}
	wheel.Button = tea.MouseButtonWheelUp
	r = mouse(r, wheel)
	if r.content.YOffset != 0 {
		t.Errorf("wheel up: offset %d", r.content.YOffset)
	}
	r = mouse(r, tea.MouseMsg{X: 60, Y: 10, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if r.focus != focusContent {
		t.Error("a click in the content pane does not focus it")
	}
}

func TestReaderNeverPanics(t *testing.T) {
	t.Parallel()
	empty := articles.Article{ID: "empty", Title: "Nothing here"}
	for _, a := range []articles.Article{empty, testArticle()} {
		for _, size := range [][2]int{{0, 0}, {1, 1}, {0, 24}, {80, 0}, {80, 2}, {5, 3}, {3, 24}, {20, 4}, {40, 10}, {300, 100}} {
			r := openReader(t, newTestCommon(t, size[0], size[1]), a)
			for _, k := range []tea.KeyMsg{runes("j"), runes("]"), runes("["), runes("G"), runes("1"), {Type: tea.KeyTab}, runes("j"), {Type: tea.KeySpace}, runes("g")} {
				r, _ = r.update(k)
			}
			r, _ = r.update(tea.MouseMsg{X: 2, Y: 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
			if v := r.view(); size[0] > 0 && size[1] > 1 {
				checkScreen(t, r, size[0], size[1])
			} else if v != "" {
				t.Errorf("%v: view %q, want nothing", size, v)
			}
		}
	}
	r := openReader(t, newTestCommon(t, 80, 24), empty)
	if !strings.Contains(strings.Join(screen(r), "\n"), noText) {
		t.Errorf("empty article does not say so:\n%s", strings.Join(screen(r), "\n"))
	}
}

func TestReaderHelp(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 30), testArticle())
	if short := r.helpView(false); !strings.Contains(short, "section") || strings.Contains(short, "\n") {
		t.Errorf("short help: %q", short)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyTab})
	if short := r.helpView(false); !strings.Contains(short, "scroll") {
		t.Errorf("short help with the content focused does not say j/k scroll: %q", short)
	}
	full := r.helpView(true)
	for _, want := range []string{"next section", "jump to section", "open in browser", "copy link", "next article", "back"} {
		if !strings.Contains(full, want) {
			t.Errorf("full help lacks %q", want)
		}
	}
}

func TestReaderBadStyleShowsText(t *testing.T) {
	t.Parallel()
	c := newTestCommon(t, 100, 30)
	c.opts.Style = t.TempDir() + "/missing.json"
	r := openReader(t, c, testArticle())
	if !strings.Contains(contentText(r), "Body of section 1") {
		t.Errorf("unrenderable section not shown as text:\n%s", contentText(r))
	}
	_, cmd := press(r, runes("2"))
	if msg, _ := runCmd(t, cmd).(statusMsg); !msg.err || !strings.Contains(msg.text, "could not render") {
		t.Errorf("status %#v", msg)
	}
}

func TestReaderChangedTextRendersAnew(t *testing.T) {
	t.Parallel()
	c := newTestCommon(t, 100, 30)
	a := testArticle()
	openReader(t, c, a)
	a.Sections[0].Markdown = "Updated text of the feed item."
	if got := contentText(openReader(t, c, a)); !strings.Contains(got, "Updated text") {
		t.Errorf("same ID, new text: cached render shown:\n%s", got)
	}
}

func TestRenderCacheBoundedLRU(t *testing.T) {
	t.Parallel()
	c := newRenderCache(3 * 1200)
	body := []string{strings.Repeat("x", 1000)}
	k := func(i int) renderKey { return renderKey{article: "a", section: i, width: 80, style: "notty"} }
	c.put(k(0), body)
	c.put(k(1), body)
	c.put(k(2), body)
	if _, ok := c.get(k(0)); !ok { // now most recent
		t.Fatal("entry 0 missing before the cache is full")
	}
	c.put(k(3), body)
	if _, ok := c.get(k(1)); ok {
		t.Error("least recently used entry kept past the bound")
	}
	for _, i := range []int{0, 2, 3} {
		if _, ok := c.get(k(i)); !ok {
			t.Errorf("entry %d evicted", i)
		}
	}
	if c.bytes > c.maxBytes {
		t.Errorf("cache holds %d bytes, bound %d", c.bytes, c.maxBytes)
	}
}

func TestReaderLayout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ w, h, header, sections, rows int }{
		{40, 9, 1, 16, 5},
		{80, 23, 2, 24, 18},
		{80, 23, 3, 32, 17},
		{120, 39, 2, 0, 34}, // no section pane
	} {
		l := newReaderLayout(tc.w, tc.h, tc.header, tc.sections)
		if l.sectionsW != tc.sections || l.sectionsW+l.contentW != tc.w || l.headerH != tc.header || l.listRows() != tc.rows {
			t.Errorf("%dx%d: sections %d content %d header %d rows %d, want sections %d header %d rows %d",
				tc.w, tc.h, l.sectionsW, l.contentW, l.headerH, l.listRows(), tc.sections, tc.header, tc.rows)
		}
		if l.headerH+l.paneH+1 != tc.h {
			t.Errorf("%dx%d: %d header + %d panes + footer != height", tc.w, tc.h, l.headerH, l.paneH)
		}
	}
}
