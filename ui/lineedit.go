package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/termsafe"
)

// The feeds view's filter and the reader's search take one line of
// typing with a few keys; the library's filter is a bubbles/textinput.

// editLine applies one key to a one-line input: typing, backspace, ctrl+w
// (word) and ctrl+u (all). bubbles/textinput would do, but it pulls in a
// clipboard module go.sum does not have.
func editLine(s string, msg tea.KeyMsg) string {
	r := []rune(s)
	switch msg.Type {
	case tea.KeyRunes, tea.KeySpace:
		for _, c := range msg.Runes {
			if c >= ' ' && c != 0x7f && len(r) < maxFilterLen {
				r = append(r, c)
			}
		}
	case tea.KeyBackspace:
		if len(r) > 0 {
			r = r[:len(r)-1]
		}
	case tea.KeyCtrlW:
		end := len(r)
		for end > 0 && r[end-1] == ' ' {
			end--
		}
		for end > 0 && r[end-1] != ' ' {
			end--
		}
		r = r[:end]
	case tea.KeyCtrlU:
		r = nil
	}
	return termsafe.Safe(string(r))
}
