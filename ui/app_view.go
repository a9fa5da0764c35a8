package ui

// The root's drawing: the screen in front, the help over it, and the
// status line.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/herald-reader/herald/articles"
)

// View implements tea.Model. It only lays out strings; nothing renders here.
func (m Model) View() string {
	w, h := m.c.width, m.c.height
	if w == 0 && h == 0 {
		return "" // no size yet
	}
	if w < minWidth || h < minHeight {
		return tooSmall(w)
	}
	var body string
	switch {
	case m.showHelp:
		body = m.helpScreen()
	case m.screen == screenReader && m.hasReader:
		body = m.reader.view()
	case m.screen == screenFeeds:
		body = m.feeds.view()
	case m.screen == screenReading:
		body = m.readingView()
	default:
		body = m.library.view()
	}
	return fitScreen(body, w, h-1) + "\n" + m.statusView()
}

// tooSmall is the one line shown on a terminal below the smallest size,
// as much of it as the width takes.
func tooSmall(w int) string {
	for _, s := range []string{
		fmt.Sprintf("too small: %dx%d needed", minWidth, minHeight),
		fmt.Sprintf("too small: %dx%d", minWidth, minHeight),
		fmt.Sprintf("%dx%d needed", minWidth, minHeight),
		fmt.Sprintf("%dx%d", minWidth, minHeight),
	} {
		if len(s) <= w {
			return s
		}
	}
	return truncate("too small", max(w, 0), "")
}

func (m Model) helpScreen() string {
	st := m.c.styles.library
	var keys string
	switch {
	case m.screen == screenReader && m.hasReader:
		keys = m.reader.helpView(true)
	case m.screen == screenFeeds:
		keys = m.feeds.helpView(true)
	default:
		keys = m.library.helpView(true)
	}
	// The keys that close it are the user's: help, back or quit.
	closers := []string{}
	for _, b := range []key.Binding{m.c.keys.Help, m.c.keys.Back, m.c.keys.Quit} {
		if k := firstKey(b); k != "" && !slices.Contains(closers, k) {
			closers = append(closers, k)
		}
	}
	said := strings.Join(closers, " or ")
	if n := len(closers); n > 2 {
		said = strings.Join(closers[:n-1], ", ") + " or " + closers[n-1]
	}
	return fitRowTail(st.appName.Render("herald keys")+st.meta.Render("  "+said+" closes"), m.c.width, "…") + "\n\n" + keys
}

func (m Model) statusView() string {
	st := m.c.styles.library
	w := m.c.width
	var line string
	switch {
	case m.confirm != nil:
		line = st.statusErr.Render(fmt.Sprintf("mark %s read? y/n", articles.Plural(len(m.confirm), "article")))
	case len(m.tasks.running) > 0:
		line = m.tasks.view(st)
		if m.status.text != "" && m.status.screen == m.screen {
			line += st.status.Render(" · " + m.status.text)
		}
	case m.loadingID != "":
		line = st.status.Render("loading the article…")
	case m.status.screen != m.screen:
		// Another screen's news.
	case m.status.err:
		line = st.statusErr.Render(m.status.text)
	default:
		line = st.status.Render(m.status.text)
	}
	if line == "" {
		return ""
	}
	return fitRowTail(line, w, "…")
}

// fitScreen cuts or pads s to exactly h lines no wider than w, so a screen
// that miscounts can never push the status line off the bottom.
func fitScreen(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = forRenderer(l, w)
	}
	return strings.Join(lines, "\n")
}

// forRenderer makes sure line is no wider than w cells, and that Bubble
// Tea's renderer, which counts cells by grapheme, does not take a line
// that is w cells wide in some terminals for a shorter one: it would
// append an erase-to-end-of-line, which a terminal that has just written
// the last column applies to that column, wiping out a pane's right
// border. Such a line starts with the spaces the renderer misses, then a
// carriage return: drawn and at once overwritten, they make the counts
// agree.
func forRenderer(line string, w int) string {
	most, least := measure(line)
	if most > w {
		line = truncate(line, w, "")
		most, least = measure(line)
	}
	if most == least || most < w {
		return line
	}
	if short := w - ansi.StringWidth(line); short > 0 {
		return strings.Repeat(" ", short) + "\r" + line
	}
	return line
}
