package ui

// Quitting: background work stops at once, but the program ends only once
// every mark shown on screen has reached the Backend, or quitWait has
// passed. A mark is on screen the moment its key is handled; its write is
// a Cmd that may not even have started, as when "m s j ... q" arrive in
// one read.

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// quitWait is how long quitting waits for marks still being written. A
// mark waits for no long save (the cache writes big feeds in short
// chunks), so this is reached only when another process holds the cache
// for far too long.
const quitWait = 5 * time.Second

// quitWaitedMsg ends the wait for marks: quitWait has passed.
type quitWaitedMsg struct{}

// quit stops the background work and ends the program, at once when no
// mark is on its way to the Backend, else when the last one is written.
func (m Model) quit() (Model, tea.Cmd) {
	m.cancel()
	if m.library.writing == 0 {
		return m, tea.Quit
	}
	if m.quitting {
		return m, nil
	}
	m.quitting = true
	return m, tea.Tick(quitWait, func(time.Time) tea.Msg { return quitWaitedMsg{} })
}

// handleQuittingKey is every key while quitting waits for marks: ctrl+c
// quits without them, the rest do nothing.
func (m Model) handleQuittingKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if key.Matches(msg, m.c.keys.ForceQuit) {
		m.unsaved += m.library.writing
		return m, tea.Quit
	}
	return m, nil
}

// markedWhileQuitting counts a mark's answer while quitting waits, and
// quits once none is left on its way.
func (m Model) markedWhileQuitting(msg markedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.unsaved += len(msg.ids)
		m.quitErr = msg.err
	}
	if m.library.writing == 0 {
		return m, tea.Quit
	}
	return m, nil
}

func (m Model) handleQuitWaited() (Model, tea.Cmd) {
	if !m.quitting {
		return m, nil
	}
	m.unsaved += m.library.writing
	return m, tea.Quit
}

// quittingLine is the status line while quitting waits for marks.
func (m Model) quittingLine() string {
	return fmt.Sprintf("saving %s before quitting… (ctrl+c quits now)", articles.Plural(m.library.writing, "mark"))
}

// ExitNote is what the program has to say once the terminal is restored:
// marks that quitting could not wait for, or that failed on the way out.
// "" when everything shown was saved.
func (m Model) ExitNote() string {
	if m.unsaved == 0 {
		return ""
	}
	note := fmt.Sprintf("%s made before quitting %s not saved", articles.Plural(m.unsaved, "mark"), map[bool]string{true: "was", false: "were"}[m.unsaved == 1])
	if m.quitErr != nil {
		note += ": " + termsafe.SafeLine(m.quitErr.Error())
	}
	return note
}
