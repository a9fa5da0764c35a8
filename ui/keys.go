package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// KeyMap is every binding herald has, in one place, so help and handling
// cannot drift apart. The bindings come from the action table below, with
// the user's [keys] over its defaults.
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
	FullText             key.Binding
	Links                key.Binding
	Play                 key.Binding
	Back                 key.Binding
	// Jump holds one key per section, 1..9 by default: the n-th key opens
	// the n-th section.
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
	ClearFilter key.Binding
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

// Where an action works. Two actions may share a key only when they share
// no screen. A mode in which keys mean something else (typing a filter, a
// search in the article) is a screen of its own.
type screens uint8

const (
	onReader screens = 1 << iota
	onLibrary
	onFeeds
	onDownload // herald read URL, while the page downloads
	onSearch   // the reader while a search in the article lasts

	lists    = onReader | onLibrary | onFeeds // moving and scrolling
	anywhere = onReader | onLibrary | onFeeds | onDownload
)

// screenNames are the screens as [keys] errors and the README name them.
var screenNames = []struct {
	s    screens
	name string
}{{onReader, "reader"}, {onLibrary, "library"}, {onFeeds, "feeds"}, {onDownload, "download"}, {onSearch, "search"}}

func (s screens) names() []string {
	var out []string
	for _, n := range screenNames {
		if s&n.s != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// keyAction is one row of the action table: the name [keys] and the README
// know it by, where it works, its binding, what help says it does, and its
// default keys (the first ones are the ones help shows first).
type keyAction struct {
	name    string
	on      screens
	binding *key.Binding
	help    string
	keys    []string
}

// actions is the table behind the KeyMap, its help and the [keys] table:
// a new binding is a field in KeyMap and one line here (and its row in the
// README's key tables).
func (k *KeyMap) actions() []keyAction {
	return []keyAction{
		{"up", lists, &k.Up, "up", []string{"up", "k"}},
		{"down", lists, &k.Down, "down", []string{"down", "j"}},
		{"first", lists, &k.First, "first", []string{"g", "home"}},
		{"last", lists, &k.Last, "last", []string{"G", "end"}},
		{"page_down", lists, &k.PageDown, "page down", []string{" ", "pgdown"}},
		{"page_up", lists, &k.PageUp, "page up", []string{"pgup"}},
		{"half_page_down", lists, &k.HalfDown, "half page down", []string{"ctrl+d"}},
		{"half_page_up", lists, &k.HalfUp, "half page up", []string{"ctrl+u"}},

		{"switch_pane", onReader, &k.FocusNext, "switch pane", []string{"tab"}},
		{"switch_pane_back", onReader, &k.FocusPrev, "switch pane", []string{"shift+tab"}},
		{"next_section", onReader, &k.NextSection, "next section", []string{"]"}},
		{"prev_section", onReader, &k.PrevSection, "prev section", []string{"["}},
		{"jump_to_section", onReader, &k.Jump, "jump to section", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}},
		{"next_article", onReader, &k.NextArticle, "next article", []string{"n"}},
		{"prev_article", onReader, &k.PrevArticle, "prev article", []string{"p"}},
		{"copy_link", onReader, &k.Copy, "copy link", []string{"y"}},
		{"full_text", onReader, &k.FullText, "full text", []string{"f"}},
		{"links", onReader, &k.Links, "links", []string{"l"}},
		{"play", onReader, &k.Play, "play attachment", []string{"e"}},
		{"open", onReader | onLibrary, &k.Open, "open in browser", []string{"o"}},
		{"back", onReader | onFeeds, &k.Back, "back", []string{"esc", "q"}},

		{"search_article", onReader, &k.Find, "search article", []string{"/"}},
		{"next_match", onSearch, &k.NextMatch, "next match", []string{"n"}},
		{"prev_match", onSearch, &k.PrevMatch, "prev match", []string{"N"}},
		{"next_unread", onReader | onLibrary, &k.NextUnread, "next unread", []string{"u"}},

		{"open_article", onLibrary | onFeeds, &k.Enter, "open", []string{"enter"}},
		{"filter", onLibrary | onFeeds, &k.Filter, "filter", []string{"/"}},
		{"clear_filter", onLibrary, &k.ClearFilter, "clear filter", []string{"esc"}},
		{"cycle_view", onLibrary, &k.CycleView, "all/unread/starred/new", []string{"f"}},
		{"toggle_read", onLibrary, &k.ToggleRead, "toggle read", []string{"m"}},
		{"mark_all_read", onLibrary, &k.MarkAllRead, "mark all read", []string{"M"}},
		{"star", onLibrary, &k.Star, "star", []string{"s"}},
		{"feeds_view", onLibrary, &k.FeedsView, "feeds", []string{"F"}},
		{"refresh", onLibrary | onFeeds, &k.Refresh, "refresh feeds", []string{"r"}},
		{"fold_tag", onFeeds, &k.Collapse, "fold tag", []string{"left", "h"}},
		{"unfold_tag", onFeeds, &k.Expand, "unfold tag", []string{"right", "l"}},
		{"quit", onLibrary, &k.Quit, "quit", []string{"q"}},

		{"cancel_download", onDownload, &k.Cancel, "cancel", []string{"esc", "q"}},

		{"help", anywhere, &k.Help, "help", []string{"?"}},
		{"force_quit", anywhere, &k.ForceQuit, "quit", []string{"ctrl+c"}},
	}
}

// DefaultKeyMap returns the bindings DESIGN.md lists.
func DefaultKeyMap() KeyMap { return NewKeyMap(nil) }

// NewKeyMap returns the default bindings with bound over them: the keys of
// each action bound names, in Bubble Tea's names, as config checked them.
// An action bound to no key neither matches nor shows in help.
func NewKeyMap(bound map[string][]string) KeyMap {
	var k KeyMap
	for _, a := range k.actions() {
		keys := a.keys
		if b, ok := bound[a.name]; ok {
			keys = b
		}
		if len(keys) == 0 {
			*a.binding = key.NewBinding(key.WithHelp("", a.help))
			continue
		}
		*a.binding = key.NewBinding(key.WithKeys(keys...), key.WithHelp(keysLabel(keys), a.help))
	}
	return k
}

// KeyAction is one action of the KeyMap as the [keys] table knows it.
type KeyAction struct {
	Name    string   // "next_section"
	Help    string   // "next section"
	Screens []string // "reader", "library", "feeds"
	Keys    []string // the defaults, in Bubble Tea's names (" " is space)
}

// KeyActions lists every action of the KeyMap, for config to check [keys]
// against and for the default config and the README to list.
func KeyActions() []KeyAction {
	var k KeyMap
	table := k.actions()
	out := make([]KeyAction, len(table))
	for i, a := range table {
		out[i] = KeyAction{Name: a.name, Help: a.help, Screens: a.on.names(), Keys: a.keys}
	}
	return out
}

// KeyNames is every key Bubble Tea tells apart that is not one character,
// by the name it gives it ("enter", "ctrl+d", "f5", ...): what [keys] may
// name besides characters.
func KeyNames() []string {
	var names []string
	// Bubble Tea numbers its named keys below 0 and its control keys from
	// 0 to 127; a type without a name is no key.
	for t := tea.KeyType(-256); t < 256; t++ {
		if s := t.String(); s != "" && s != "runes" && s != " " {
			names = append(names, s)
		}
	}
	return names
}

// keysLabel is how help shows a binding's keys: "↑/k", "space/pgdn", and a
// run of more than three as its ends ("1-9").
func keysLabel(keys []string) string {
	if len(keys) > 3 {
		return keyLabel(keys[0]) + "-" + keyLabel(keys[len(keys)-1])
	}
	labels := make([]string, len(keys))
	for i, k := range keys {
		labels[i] = keyLabel(k)
	}
	return strings.Join(labels, "/")
}

// keyLabel is one key as help shows it.
func keyLabel(k string) string {
	switch k {
	case " ":
		return "space"
	case "up":
		return "↑"
	case "down":
		return "↓"
	case "left":
		return "←"
	case "right":
		return "→"
	case "pgdown":
		return "pgdn"
	}
	return k
}

// shortKey is the key help names for a binding in little room: its first
// one-character key (j rather than ↓), else its first key.
func shortKey(b key.Binding) string {
	keys := b.Keys()
	for _, k := range keys {
		if utf8.RuneCountInString(k) == 1 && k != " " {
			return k
		}
	}
	if len(keys) > 0 {
		return keyLabel(keys[0])
	}
	return ""
}

// firstKey is a binding's first key as help shows it, or "" for none.
func firstKey(b key.Binding) string {
	if keys := b.Keys(); len(keys) > 0 {
		return keyLabel(keys[0])
	}
	return ""
}

// keyIndex is the position of the key msg is in b's keys, or -1: which
// section a jump key names.
func keyIndex(b key.Binding, msg tea.KeyMsg) int {
	s := msg.String()
	for i, k := range b.Keys() {
		if k == s {
			return i
		}
	}
	return -1
}
