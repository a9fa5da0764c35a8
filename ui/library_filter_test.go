package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

func headerOf(h *appHarness) string { return strings.Split(ansi.Strip(h.m.View()), "\n")[0] }

func TestLibraryHeaderCountsWhatTheFilterShows(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	if got := headerOf(h); !strings.Contains(got, "4 articles · 3 unread") || strings.Contains(got, " of ") {
		t.Errorf("unfiltered header: %q", got)
	}
	h.settleKeys("/", "g", "o")
	if got := headerOf(h); !strings.Contains(got, "1 of 4 articles") {
		t.Errorf("filtered header: %q", got)
	}
	h.settleKeys("esc", "f")
	if got := headerOf(h); !strings.Contains(got, "3 of 4 articles") {
		t.Errorf("unread view header: %q", got)
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1538: "1,538", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSlashComesBackToTheFilterSelected(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("/", "g", "o", "enter")
	if h.m.library.filter != "go" || h.m.library.filtering {
		t.Fatalf("filter %q filtering %v after enter", h.m.library.filter, h.m.library.filtering)
	}
	// Typing replaces the kept text.
	h.settleKeys("/")
	if !strings.Contains(ansi.Strip(h.m.View()), "/ go") {
		t.Errorf("the kept filter is not shown to be replaced:\n%s", h.m.View())
	}
	h.settleKeys("r", "u")
	if h.m.library.filter != "ru" {
		t.Errorf("typing after / gave %q, want the old text replaced: \"ru\"", h.m.library.filter)
	}
	// A movement key keeps it to edit: home, then a letter in front.
	h.settleKeys("enter", "/")
	h.settle(tea.KeyMsg{Type: tea.KeyHome})
	h.settleKeys("x")
	if h.m.library.filter != "xru" {
		t.Errorf("home then x gave %q, want \"xru\"", h.m.library.filter)
	}
	// Backspace deletes the selection whole.
	h.settleKeys("enter", "/", "backspace")
	if h.m.library.filter != "" || len(h.m.library.visible) != 4 {
		t.Errorf("backspace on the selected filter left %q", h.m.library.filter)
	}
}

func TestFilterIsATextInput(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("/")
	h.settle(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("rust in the"), Paste: true})
	if h.m.library.filter != "rust in the" {
		t.Fatalf("paste gave %q", h.m.library.filter)
	}
	h.settle(tea.KeyMsg{Type: tea.KeyCtrlW})
	if h.m.library.filter != "rust in" {
		t.Errorf("ctrl+w gave %q, want \"rust in\"", h.m.library.filter)
	}
	for in := h.m.library.input; !strings.HasPrefix(in.Value()[in.Position():], "in"); in = h.m.library.input {
		h.settle(tea.KeyMsg{Type: tea.KeyLeft})
	}
	h.settle(tea.KeyMsg{Type: tea.KeyCtrlU})
	if h.m.library.filter != "in" {
		t.Errorf("ctrl+u before the cursor gave %q, want \"in\"", h.m.library.filter)
	}
	if got := visibleIDs(h.m.library); len(got) != 1 || got[0] != "a2" {
		t.Errorf("\"in\" shows %v, want [a2]", got)
	}
	// What the terminal pastes is made safe: no escape reaches the filter.
	h.settle(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("\x1b[31mx"), Paste: true})
	if strings.ContainsRune(h.m.library.filter, 0x1b) {
		t.Errorf("an escape reached the filter: %q", h.m.library.filter)
	}
}

func TestStatusBelongsToItsScreenAndFades(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("G", "enter")
	cmd := h.key("n")
	if !strings.Contains(h.m.View(), "last article") {
		t.Fatalf("no status in the reader:\n%s", h.m.View())
	}
	if cmd == nil {
		t.Fatal("the status line does not fade")
	}
	gen := h.m.status.gen
	h.settle(keyMsg("esc"))
	if strings.Contains(h.m.View(), "last article") {
		t.Errorf("the reader's status followed the user to the library:\n%s", h.m.View())
	}
	h.settleKeys("enter")
	h.settle(clearStatusMsg{gen: gen})
	if strings.Contains(h.m.View(), "last article") {
		t.Errorf("the status did not fade:\n%s", h.m.View())
	}
	// Errors fade too, only later.
	if _, cmd := h.m.setStatus("could not do it", true); cmd == nil {
		t.Error("an error does not fade")
	}
}

// With no cache (a damaged file), r and F are off; once the start-up line
// has faded, pressing one says why again instead of doing nothing.
func TestKeysTurnedOffByTheCacheSayWhy(t *testing.T) {
	t.Parallel()
	const problem = "the cache /tmp/x/herald.db is damaged (it is not an SQLite database): move it aside"
	h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) {
		o.Problem, o.HasFeeds, o.CanRefresh = problem, false, false
	})
	h.settle(clearStatusMsg{gen: h.m.status.gen})
	h.settle(clearStatusMsg{gen: h.m.status.gen})
	if strings.Contains(h.m.View(), "is damaged") {
		t.Fatalf("the start-up line did not fade:\n%s", h.m.View())
	}
	for _, k := range []string{"r", "F"} {
		h.settle(clearStatusMsg{gen: h.m.status.gen})
		h.settleKeys(k)
		if h.m.screen != screenLibrary || !h.m.status.err || !strings.Contains(h.m.status.text, "is damaged") {
			t.Errorf("%s with no cache: screen %v, status %q; want the library and the reason", k, h.m.screen, h.m.status.text)
		}
	}
}
