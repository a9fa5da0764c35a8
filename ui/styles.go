package ui

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// colorRole is one colour of herald's chrome, named so [theme] can set it.
// The defaults are ANSI palette indexes, not RGB or AdaptiveColor: they
// follow the user's terminal theme, light or dark, and AdaptiveColor would
// query the terminal's background while the program owns stdin. Under
// NO_COLOR main passes the Ascii profile and every colour drops out; the
// layout never relies on colour alone (the focused pane has a thick
// border, the selected section a marker, unread rows are bold).
type colorRole struct {
	name, def, help string
}

// colorRoles is every role, with its default: a new one is one line here.
func colorRoles() []colorRole {
	return []colorRole{
		{"accent", "12", "the app name and titles"},
		{"selection", "12", "the selected article or section"},
		{"border", "12", "the focused pane's border"},
		{"border_inactive", "8", "the other pane's border"},
		{"unread", "12", "the unread mark"},
		{"star", "11", "the star mark"},
		{"muted", "8", "dates, sources, counts, help and the status line"},
		{"ok", "10", "a feed whose last fetch worked"},
		{"error", "9", "errors"},
	}
}

// ColorRole is one colour [theme] can set.
type ColorRole struct {
	Name    string // "accent"
	Default string // an ANSI palette number: "12"
	Help    string // where it shows
}

// ColorRoles lists every role, for config to check [theme] against and
// for the default config and the README to list.
func ColorRoles() []ColorRole {
	roles := colorRoles()
	out := make([]ColorRole, len(roles))
	for i, r := range roles {
		out[i] = ColorRole{Name: r.name, Default: r.def, Help: r.help}
	}
	return out
}

// palette is the colour of each role: the default, or the user's [theme].
type palette map[string]lipgloss.Color

func newPalette(theme map[string]string) palette {
	p := palette{}
	for _, r := range colorRoles() {
		c := r.def
		if t, ok := theme[r.name]; ok {
			c = t
		}
		p[r.name] = lipgloss.Color(c)
	}
	return p
}

// styles holds every lipgloss style herald draws with, built once by
// newStyles and shared through common; lipgloss styles are values, so
// screens copy and adjust rather than mutate these.
type styles struct {
	// renderer is the one every style here comes from: it carries
	// Options.ColorProfile, so nothing reads lipgloss's global renderer
	// (whose profile is detected from the process's stdout, and which
	// tests running in parallel would fight over).
	renderer *lipgloss.Renderer

	// reader
	readerTitle     lipgloss.Style // the article title in the header
	readerMeta      lipgloss.Style // source, date and author in the header
	paneFocused     lipgloss.Style // border of the focused pane
	paneBlurred     lipgloss.Style // border of the other pane
	sectionItem     lipgloss.Style // a section row
	sectionSelected lipgloss.Style // the current section's row
	sectionNumber   lipgloss.Style // the 1..9 jump digit in front of a row
	contentTitle    lipgloss.Style // the section title above its text
	emptyText       lipgloss.Style // "This article has no text."
	linkNumber      lipgloss.Style // "[3]" in a section's link list
	linkAddress     lipgloss.Style // the address after it
	hint            lipgloss.Style // "f reads the whole article", attachments

	// library
	library libraryStyles // library, feeds view and status line (libview.go)
}

// newStyles builds the styles for profile in the colours of theme (role
// names to colours, over the defaults). The renderer writes nowhere:
// styles only ever render to strings.
func newStyles(profile termenv.Profile, theme map[string]string) styles {
	p := newPalette(theme)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(profile)
	// Known, so nothing ever asks the terminal; herald uses no
	// AdaptiveColor, so the answer changes no colour.
	r.SetHasDarkBackground(true)
	return styles{
		renderer:    r,
		readerTitle: r.NewStyle().Bold(true),
		readerMeta:  r.NewStyle().Foreground(p["muted"]),
		paneFocused: r.NewStyle().
			Border(lipgloss.ThickBorder()).
			BorderForeground(p["border"]),
		paneBlurred: r.NewStyle().
			Border(lipgloss.RoundedBorder()).
			BorderForeground(p["border_inactive"]),
		sectionItem:     r.NewStyle(),
		sectionSelected: r.NewStyle().Bold(true).Foreground(p["selection"]),
		sectionNumber:   r.NewStyle().Foreground(p["muted"]),
		contentTitle:    r.NewStyle().Bold(true).Foreground(p["accent"]),
		emptyText:       r.NewStyle().Italic(true).Foreground(p["muted"]),
		linkNumber:      r.NewStyle().Foreground(p["accent"]),
		linkAddress:     r.NewStyle().Foreground(p["muted"]),
		hint:            r.NewStyle().Italic(true).Foreground(p["muted"]),
		library:         newLibraryStyles(r, p),
	}
}
