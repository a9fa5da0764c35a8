package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every binding herald has, in one place, so help and handling
// cannot drift apart.
type KeyMap struct {
	// Reader
	Up, Down             key.Binding
	FocusNext, FocusPrev key.Binding
	NextSection          key.Binding
	PrevSection          key.Binding
	First, Last          key.Binding
	PageDown, PageUp     key.Binding
	HalfDown, HalfUp     key.Binding
	Open                 key.Binding
	Copy                 key.Binding
	NextArticle          key.Binding
	PrevArticle          key.Binding
	Back                 key.Binding
	// Jump holds 1..9; the section number is the key's digit.
	Jump key.Binding
	// Find searches the whole article; NextMatch and PrevMatch step
	// through what it found, across sections, while the search lasts.
	Find      key.Binding
	NextMatch key.Binding
	PrevMatch key.Binding

	// Library and reader
	NextUnread key.Binding

	// Library
	Enter       key.Binding
	Filter      key.Binding
	CycleView   key.Binding
	Refresh     key.Binding
	ToggleRead  key.Binding
	MarkAllRead key.Binding
	Star        key.Binding
	FeedsView   key.Binding

	// Feeds view: a tag's group folds and unfolds.
	Collapse key.Binding
	Expand   key.Binding
	// herald read URL, while the page downloads
	Cancel key.Binding

	Help      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding
}

// DefaultKeyMap returns the bindings DESIGN.md lists.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		FocusNext:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
		FocusPrev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "switch pane")),
		NextSection: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next section")),
		PrevSection: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "prev section")),
		First:       key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first")),
		Last:        key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last")),
		PageDown:    key.NewBinding(key.WithKeys(" ", "pgdown"), key.WithHelp("space/pgdn", "page down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		HalfDown:    key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		HalfUp:      key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		Open:        key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open in browser")),
		Copy:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link")),
		NextArticle: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next article")),
		PrevArticle: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "prev article")),
		Back:        key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", "back")),
		Jump:        key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "jump to section")),
		Find:        key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search article")),
		NextMatch:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		PrevMatch:   key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "prev match")),
		NextUnread:  key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "next unread")),

		Enter:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		CycleView:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "all/unread/starred/new")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh feeds")),
		ToggleRead:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "toggle read")),
		MarkAllRead: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "mark all read")),
		Star:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "star")),
		FeedsView:   key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "feeds")),
		Collapse:    key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "fold tag")),
		Expand:      key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "unfold tag")),

		Cancel: key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "cancel")),

		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}
