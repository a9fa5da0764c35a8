package ui

import (
	"github.com/herald-reader/herald/articles"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// Every binding of the KeyMap has a row in the action table, so every key
// herald has can be rebound and is listed under its name.
func TestEveryBindingHasAnAction(t *testing.T) {
	var k KeyMap
	rows := map[*key.Binding]string{}
	names := map[string]bool{}
	for _, a := range k.actions() {
		if names[a.name] {
			t.Errorf("two actions are named %q", a.name)
		}
		names[a.name] = true
		if other, ok := rows[a.binding]; ok {
			t.Errorf("%s and %s are one binding", other, a.name)
		}
		rows[a.binding] = a.name
		if a.on == 0 || a.help == "" || len(a.keys) == 0 {
			t.Errorf("%s lacks its screens, help or default keys", a.name)
		}
	}
	v := reflect.ValueOf(&k).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Type() != reflect.TypeOf(key.Binding{}) {
			continue
		}
		if _, ok := rows[f.Addr().Interface().(*key.Binding)]; !ok {
			t.Errorf("KeyMap.%s has no row in the action table: it cannot be rebound", v.Type().Field(i).Name)
		}
	}
}

// The defaults pass the rule [keys] is held to: on one screen, one key
// means one thing.
func TestDefaultKeysDoNotClash(t *testing.T) {
	var k KeyMap
	for _, s := range screenNames {
		seen := map[string]string{}
		for _, a := range k.actions() {
			if a.on&s.s == 0 {
				continue
			}
			for _, key := range a.keys {
				if other, ok := seen[key]; ok {
					t.Errorf("%q means both %s and %s in the %s", key, other, a.name, s.name)
				}
				seen[key] = a.name
			}
		}
	}
}

func TestKeyNamesAreBubbleTeas(t *testing.T) {
	names := KeyNames()
	for _, want := range []string{"enter", "esc", "tab", "shift+tab", "ctrl+d", "pgdown", "f5", "backspace", "up"} {
		if !slices.Contains(names, want) {
			t.Errorf("KeyNames lacks %q", want)
		}
	}
	for _, bad := range []string{"runes", " ", ""} {
		if slices.Contains(names, bad) {
			t.Errorf("KeyNames holds %q", bad)
		}
	}
	// Every name is what Bubble Tea calls a key press, or a binding on it
	// would never match.
	pressed := map[string]bool{}
	for t := tea.KeyType(-256); t < 256; t++ {
		pressed[tea.KeyMsg{Type: t}.String()] = true
	}
	for _, n := range names {
		if !pressed[n] {
			t.Errorf("%q is no key Bubble Tea reports", n)
		}
	}
}

func TestRebindNextSection(t *testing.T) {
	t.Parallel()
	c := newTestCommon(t, 100, 30)
	rebound, err := newCommon(Options{Style: "notty", Keys: map[string][]string{"next_section": {"w", "ctrl+n"}}})
	if err != nil {
		t.Fatal(err)
	}
	rebound.width, rebound.height = c.width, c.height

	r := openReader(t, rebound, testArticle())
	r, _ = press(r, runes("]"))
	if r.selected != 0 {
		t.Errorf("] still moves to the next section after rebinding: selected %d", r.selected)
	}
	r, _ = press(r, runes("w"))
	if r.selected != 1 {
		t.Errorf("w does not move to the next section: selected %d", r.selected)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyCtrlN})
	if r.selected != 2 {
		t.Errorf("ctrl+n does not move to the next section: selected %d", r.selected)
	}
	// Help and the footer say the keys in force.
	footer := ansi.Strip(r.helpView(false))
	if !strings.Contains(footer, "w/ctrl+n next section") || strings.Contains(footer, "] next section") {
		t.Errorf("the footer does not show the new key: %q", footer)
	}
	full := ansi.Strip(r.helpView(true))
	if !strings.Contains(full, "w/ctrl+n") || strings.Contains(full, "]   ") {
		t.Errorf("full help does not show the new key:\n%s", full)
	}
	// The other actions keep their defaults.
	if !slices.Equal(rebound.keys.PrevSection.Keys(), []string{"["}) {
		t.Errorf("prev_section lost its default: %q", rebound.keys.PrevSection.Keys())
	}
}

func TestRebindJumpAndMovement(t *testing.T) {
	t.Parallel()
	c, err := newCommon(Options{Style: "notty", Keys: map[string][]string{
		"jump_to_section": {"a", "s", "d", "f"},
		"down":            {"down", "x"},
		"up":              {"up", "u"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	c.width, c.height = 100, 30
	r := openReader(t, c, testArticle())
	r, _ = press(r, runes("d"))
	if r.selected != 2 {
		t.Errorf("the third jump key opens section %d, want 3", r.selected+1)
	}
	r, _ = press(r, runes("3"))
	if r.selected != 2 {
		t.Errorf("3 still jumps after rebinding: section %d", r.selected+1)
	}
	r, _ = press(r, runes("x"))
	if r.selected != 3 {
		t.Errorf("x (down) in the section pane: section %d, want 4", r.selected+1)
	}
	footer := ansi.Strip(r.helpView(false))
	if !strings.Contains(footer, "x/u section") || !strings.Contains(ansi.Strip(r.helpView(true)), "a-f") {
		t.Errorf("help does not show the rebound keys: %q", footer)
	}
}

func TestUnboundActionIsGone(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) {
		o.Keys = map[string][]string{"star": {}, "quit": {"Q"}}
	})
	h.settle(keyMsg("s"))
	if _, stars := h.b.marks(); len(stars) != 0 {
		t.Errorf("s still stars with star unbound: %q", stars)
	}
	if v := h.m.View(); regexp.MustCompile(`\bstar\b`).MatchString(v) {
		t.Errorf("the footer lists an action without a key:\n%s", v)
	}
	if cmd := h.key("q"); cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Error("q still quits after quit = [\"Q\"]")
		}
	}
	cmd := h.key("Q")
	if cmd == nil {
		t.Fatal("Q returned no Cmd")
	}
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Error("Q does not quit")
	}
}

func TestFeedsViewBackIsRebindable(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) {
		o.HasFeeds = true
		o.Keys = map[string][]string{"back": {"h"}}
	})
	h.settle(keyMsg("F"))
	if h.m.screen != screenFeeds {
		t.Fatal("F did not open the feeds view")
	}
	h.settle(keyMsg("esc"))
	if h.m.screen != screenFeeds {
		t.Error("esc still leaves the feeds view after back = [\"h\"]")
	}
	if !strings.Contains(h.m.View(), "h back") {
		t.Errorf("the feeds view's footer does not show h back:\n%s", h.m.View())
	}
	h.settle(keyMsg("h"))
	if h.m.screen != screenLibrary {
		t.Error("h does not leave the feeds view")
	}
}

func TestThemeColoursTheChrome(t *testing.T) {
	t.Parallel()
	frame := func(profile termenv.Profile, theme map[string]string) string {
		h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) {
			o.ColorProfile, o.Theme = profile, theme
		})
		return h.m.View()
	}
	def := frame(termenv.TrueColor, nil)
	// By default the chrome takes the terminal's own palette: 16-colour
	// codes, whatever the terminal can do.
	if !strings.Contains(def, "\x1b[1;94m") || strings.Contains(def, "38;2;") {
		t.Errorf("the default accent is not the palette's bright blue:\n%q", def)
	}
	themed := frame(termenv.TrueColor, map[string]string{"accent": "#ff8700", "unread": "5"})
	if !strings.Contains(themed, "38;2;255;135;0") {
		t.Errorf("accent = #ff8700 is not drawn:\n%q", themed)
	}
	if !strings.Contains(themed, "\x1b[35m●") {
		t.Errorf("unread = 5 does not colour the unread mark magenta:\n%q", themed)
	}
	// On a 256-colour terminal a hex colour comes down to the nearest.
	if c := frame(termenv.ANSI256, map[string]string{"accent": "#ff8700"}); !strings.Contains(c, "38;5;208") {
		t.Errorf("#ff8700 on a 256-colour terminal is not colour 208:\n%q", c)
	}
	// NO_COLOR (the Ascii profile) wins over any theme.
	if plain := frame(termenv.Ascii, map[string]string{"accent": "#ff8700", "star": "13"}); strings.Contains(plain, "\x1b[") {
		t.Errorf("a theme drew colour under NO_COLOR:\n%q", plain)
	}
}

func TestHelpSaysItsOwnKeys(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) {
		o.Keys = map[string][]string{"help": {"f1"}, "back": {"h"}, "filter": {"ctrl+f"}}
	})
	h.settle(tea.KeyMsg{Type: tea.KeyF1})
	v := ansi.Strip(h.m.View())
	if !strings.Contains(v, "f1, h or q closes") {
		t.Errorf("the help does not say the keys that close it:\n%s", v)
	}
	if !strings.Contains(v, "ctrl+f") || strings.Contains(v, "/ ") {
		t.Errorf("the help does not show filter on ctrl+f:\n%s", v)
	}
	h.settle(keyMsg("h"))
	if h.m.showHelp {
		t.Error("h (back) does not close the help")
	}
}

// The bundled guide teaches the keys: rebound, it named the defaults,
// which then did nothing. It names the keys in force, and says so of an
// action bound to none.
func TestTheGuideNamesTheKeysInForce(t *testing.T) {
	t.Parallel()
	list, err := articles.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	var guide articles.Article
	for _, a := range list {
		if a.ID == "bundled:getting-started" {
			guide = a
		}
	}
	text := func(keys map[string][]string) string {
		c, err := newCommon(Options{Style: "notty", Keys: keys})
		if err != nil {
			t.Fatal(err)
		}
		c.width, c.height = 100, 30
		r, _ := newReader(c, guide)
		return r.article.Markdown()
	}
	def := text(nil)
	if !strings.Contains(def, "Press\n`]` to go on") || !strings.Contains(def, "| `r` | refresh every feed") {
		t.Errorf("the guide with the default keys:\n%s", def)
	}
	rebound := text(map[string][]string{"next_section": {"w"}, "help": {"f1"}, "refresh": {}})
	if !strings.Contains(rebound, "Press\n`w` to go on") || !strings.Contains(rebound, "or `f1` at any time") ||
		!strings.Contains(rebound, "| `unbound` | refresh every feed") {
		t.Errorf("the guide with rebound keys:\n%s", rebound)
	}
	if strings.Contains(def+rebound, "{{key:") {
		t.Error("a key the guide names is not filled in")
	}
	// Only herald's own guide is filled in: a feed's text is its own.
	feedText := articles.Article{ID: "feed:1", Sections: []articles.Section{{Title: "x", Markdown: "{{key:help}}"}}}
	c, _ := newCommon(Options{Style: "notty"})
	if got := withBoundKeys(feedText, c.keys).Sections[0].Markdown; got != "{{key:help}}" {
		t.Errorf("a feed's text was changed to %q", got)
	}
}

// Every key that works on the library or the feeds view is in its full
// help: ctrl+d and ctrl+u worked there unlisted, and esc clearing the
// filter too.
func TestFullHelpListsEveryKeyOfItsScreen(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) { o.HasFeeds, o.CanRefresh = true, true })
	var k KeyMap = h.m.c.keys
	listed := func(groups [][]key.Binding) map[string]bool {
		out := map[string]bool{}
		for _, g := range groups {
			for _, b := range g {
				out[strings.Join(b.Keys(), " ")+"|"+b.Help().Desc] = true
			}
		}
		return out
	}
	lib := listed(h.m.library.fullHelp())
	for _, a := range k.actions() {
		if a.on&onLibrary == 0 || !a.binding.Enabled() {
			continue
		}
		if !lib[strings.Join(a.binding.Keys(), " ")+"|"+a.binding.Help().Desc] {
			t.Errorf("the library's help leaves out %s (%q)", a.name, a.binding.Keys())
		}
	}
	feeds := ansi.Strip(h.m.feeds.helpView(true))
	for _, a := range k.actions() {
		if a.on&onFeeds == 0 || !a.binding.Enabled() || a.name == "fold_tag" || a.name == "unfold_tag" {
			continue // folding shows when there are tags
		}
		if !strings.Contains(feeds, a.binding.Help().Key) {
			t.Errorf("the feeds view's help leaves out %s (%q)", a.name, a.binding.Help().Key)
		}
	}
}
