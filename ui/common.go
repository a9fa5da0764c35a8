package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour/ansi"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
	"github.com/muesli/termenv"
)

// Options is what main hands the UI. Everything with side effects comes in
// here so tests can pass fakes.
type Options struct {
	// Backend is all the data the UI reads and changes; nil: an empty
	// memory backend.
	Backend Backend
	// OpenURL launches the browser; only http(s) URLs ever reach it.
	OpenURL func(url string) error
	// Play hands an attachment's URL (http(s) only) to the player; nil:
	// OpenURL.
	Play func(url string) error
	// Hyperlinks makes the links in articles OSC 8 hyperlinks too, for
	// terminals that support them.
	Hyperlinks bool
	// Copy puts text on the clipboard. nil: y only says that copying needs
	// a terminal. main passes OSC52Copier over the program's output; the UI
	// itself never writes to the terminal outside View.
	Copy func(text string) error
	// Style is a resolved glamour style: a standard style name ("dark",
	// "light", "notty", ...) or a path to a JSON style file, which New reads
	// once. main resolves "auto" before the program starts, so the UI never
	// queries the terminal. Empty: "notty" with the Ascii profile, else
	// "dark".
	Style string
	// ColorProfile is the colour the terminal takes, as main detected it:
	// termenv.Ascii under NO_COLOR or without a terminal. Every style and
	// glamour render uses it; the UI never reads lipgloss's global profile.
	// The zero value is termenv.TrueColor.
	ColorProfile termenv.Profile
	// Keys is the user's [keys]: the keys of each action it rebinds, by the
	// action's name (KeyActions), as config checked them. nil: the defaults.
	Keys map[string][]string
	// Theme is the user's [theme]: a colour for each role it sets
	// (ColorRoles), an ANSI number or a hex colour. nil: the defaults.
	Theme map[string]string
	// Start, when set, opens the reader on this article at once (herald read).
	Start *articles.Article
	// StartURL, when set and Start is not, is a web page to read (herald read
	// URL): the UI opens on its address and a spinner at once, fetches it
	// with Backend.ReadURL as a task, and opens the reader on it. esc or
	// ctrl+c cancels the download and quits.
	StartURL string
	// Now is the clock for relative dates; tests fix it.
	Now func() time.Time
	// CanRefresh turns the r key on: Backend.Refresh has feeds to fetch.
	// False offline, without a cache, or with the memory backend.
	CanRefresh bool
	// CanSync makes r sync the accounts too (Backend.Sync), beside the
	// refresh. False offline, without a cache, or without accounts.
	CanSync bool
	// RefreshOnStart starts a refresh, and a sync with CanSync, as the
	// program starts (with CanRefresh).
	RefreshOnStart bool
	// HasFeeds turns the F key on: Backend.Feeds has a feed list to show.
	HasFeeds bool
	// Problem is a start-up failure that did not stop herald (a cache that
	// would not open, a broken feed list); the status line shows it.
	Problem string
	// ProblemTag is Problem in two or three words ("read-only cache"),
	// kept in the library's header while the problem lasts: the status
	// line fades, and r and F say the rest when pressed.
	ProblemTag string
}

// newCommon fills in the options' defaults and builds what the screens
// share. A JSON style file is read here, before the program starts, and
// never again; err says why the style asked for cannot be used, and
// c.opts.Style is then the fallback.
func newCommon(opts Options) (_ *common, err error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Backend == nil {
		opts.Backend = NewMemoryBackend(nil)
	}
	if opts.Play == nil {
		opts.Play = opts.OpenURL
	}
	if a := opts.Start; a != nil && a.Links == nil {
		// Once, before the program starts: the reader numbers links from
		// Links and never parses on the key path.
		withLinks := a.WithLinks()
		opts.Start = &withLinks
	}
	keys := NewKeyMap(opts.Keys)
	// Disabled bindings neither match nor show in help.
	keys.Refresh.SetEnabled(opts.CanRefresh)
	keys.FeedsView.SetEnabled(opts.HasFeeds)
	var cfg *ansi.StyleConfig
	opts.Style, cfg, err = loadStyle(opts.Style, opts.ColorProfile)
	custom := map[string]ansi.StyleConfig{}
	if cfg != nil {
		custom[opts.Style] = *cfg
	}
	st := newStyles(opts.ColorProfile, opts.Theme)
	c := &common{
		opts:      opts,
		keys:      keys,
		styles:    st,
		render:    newRenderCache(0),
		renderers: newRenderers(opts.ColorProfile, custom, st.renderer.NewStyle().PaddingLeft(2)),
	}
	c.renderers.hyperlinks = opts.Hyperlinks
	c.renderers.list = linkListStyles{number: st.linkNumber, address: st.linkAddress}
	return c, err
}

// common is the state every screen shares; screens hold a pointer to it.
type common struct {
	opts          Options
	keys          KeyMap
	width, height int
	styles        styles
	// render is the glamour output Update has taken in: only Update uses
	// it. renderers is what render Cmds borrow from, on their goroutines.
	render    *renderCache
	renderers *renderers
}

// Messages that cross between screens and the root.
type (
	// statusMsg puts a line in the status bar; err lines are styled as errors.
	statusMsg struct {
		text string
		err  bool
	}
	// articleLoadedMsg carries an article loaded with its sections. id is
	// the one asked for, so a late answer (an error too) for an article the
	// user has moved on from is recognised.
	articleLoadedMsg struct {
		id      string
		article articles.Article
		err     error
	}
)

func statusCmd(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, err: isErr} }
}

// openURLCmd launches the browser on rawURL from inside a tea.Cmd, so a slow
// opener never blocks the UI. Only absolute http and https URLs are passed,
// as an argument, never as shell text.
func openURLCmd(open func(string) error, rawURL string) tea.Cmd {
	return launchCmd(open, rawURL, "this article has no source link", "no browser configured", "could not open the browser: ", "opened ")
}

// playCmd hands an attachment to the player (Options.Play), as openURLCmd
// hands a link to the browser.
func playCmd(play func(string) error, rawURL string) tea.Cmd {
	return launchCmd(play, rawURL, "this attachment has no address", "no player configured", "could not start the player: ", "playing ")
}

// launchCmd runs fn on a web URL in a Cmd and words the outcome for the
// status line.
func launchCmd(fn func(string) error, rawURL, none, missing, failed, done string) tea.Cmd {
	return func() tea.Msg {
		if rawURL == "" {
			return statusMsg{text: none, err: true}
		}
		if !termsafe.IsWebURL(rawURL) {
			return statusMsg{text: "not opening " + termsafe.SafeLine(rawURL) + ": only http and https links are opened", err: true}
		}
		if fn == nil {
			return statusMsg{text: missing, err: true}
		}
		if err := fn(rawURL); err != nil {
			return statusMsg{text: failed + termsafe.Safe(err.Error()), err: true}
		}
		return statusMsg{text: done + termsafe.SafeLine(rawURL)}
	}
}
