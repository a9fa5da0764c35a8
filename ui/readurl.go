package ui

// herald read URL on a terminal: the program starts at once on a screen
// with the page's address and a spinner, and the download runs as a task,
// so esc or ctrl+c can stop it. The reader opens when the page comes; a
// page that cannot be read says why on the same screen.

import (
	"context"
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// readingPage is the screen while the page downloads, or after it failed.
type readingPage struct {
	url string // as given, for the Backend
	err string // why the page could not be read, in words; empty while it downloads
}

// startReading starts the download task.
func (m Model) startReading() (Model, tea.Cmd) {
	b, url := m.c.opts.Backend, m.page.url
	var cmd tea.Cmd
	m.tasks, cmd, _ = m.tasks.startValue(taskRead, "", "", func(ctx context.Context, _ func(articles.Progress)) (any, error) {
		return b.ReadURL(ctx, url)
	})
	return m, cmd
}

// readDone opens the reader on the page, or says why there is none.
func (m Model) readDone(value any, err error) (Model, tea.Cmd) {
	if errors.Is(err, context.Canceled) {
		return m.quit()
	}
	a, ok := value.(articles.Article)
	if err != nil || !ok {
		if err == nil {
			err = errors.New("no article came back")
		}
		// The address is on the screen already; app's errors name it
		// for the command line's one line.
		m.page.err = strings.TrimPrefix(termsafe.SafeLine(err.Error()), "read "+termsafe.SafeLine(m.page.url)+": ")
		return m, nil
	}
	return m.showReader(a)
}

// handleReadingKey: esc, q and ctrl+c (the root's) cancel the download and
// quit; the page was the only thing asked for.
func (m Model) handleReadingKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if key.Matches(msg, m.c.keys.Cancel) {
		m.tasks = m.tasks.cancel(taskRead)
		return m.quit()
	}
	return m, nil
}

// readingView is the address, and the spinner or the reason it failed.
func (m Model) readingView() string {
	st := m.c.styles.library
	w, h := m.c.width, m.c.height-1
	lines := []string{
		fitRowTail(" "+st.appName.Render("herald read"), w, "…"),
		"",
	}
	for _, part := range wrapText(termsafe.SafeLine(m.page.url), w-2) {
		lines = append(lines, fitRow(" "+part, w))
	}
	lines = append(lines, "")
	var help []key.Binding
	if m.page.err == "" {
		lines = append(lines, fitRowTail(" "+m.tasks.spinner.View()+" "+st.meta.Render("fetching the page…"), w, "…"))
		help = []key.Binding{m.c.keys.Cancel, m.c.keys.ForceQuit}
	} else {
		for _, part := range wrapText("could not read the page: "+m.page.err, w-2) {
			lines = append(lines, fitRow(" "+st.statusErr.Render(part), w))
		}
		quit := m.c.keys.Cancel // nothing to cancel now: the same keys quit
		quit.SetHelp("esc/q", "quit")
		help = []key.Binding{quit}
	}
	if len(lines) > h-1 {
		lines = lines[:max(h-1, 0)]
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = append(lines, fitRow(" "+shortHelpLine(st.help, nil, help, w-2), w))
	return strings.Join(lines, "\n")
}
