package ui

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Colours are ANSI palette indexes, not RGB or AdaptiveColor: they follow the
// user's terminal theme, and AdaptiveColor would query the terminal's
// background while the program owns stdin. Under NO_COLOR main passes the
// Ascii profile and every colour drops out; the layout never relies on
// colour alone (the focused pane has a thick border, the selected section a
// marker).
const (
	colorAccent = lipgloss.Color("12") // bright blue
	colorDim    = lipgloss.Color("8")  // bright black (grey)
	colorError  = lipgloss.Color("9")  // bright red
)

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

	// library
	library libraryStyles // library, feeds view and status line (libview.go)
}

// newStyles builds the styles for profile. The renderer writes nowhere:
// styles only ever render to strings.
func newStyles(profile termenv.Profile) styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(profile)
	// Known, so nothing ever asks the terminal; herald uses no
	// AdaptiveColor, so the answer changes no colour.
	r.SetHasDarkBackground(true)
	return styles{
		renderer:    r,
		readerTitle: r.NewStyle().Bold(true),
		readerMeta:  r.NewStyle().Foreground(colorDim),
		paneFocused: r.NewStyle().
			Border(lipgloss.ThickBorder()).
			BorderForeground(colorAccent),
		paneBlurred: r.NewStyle().
			Border(lipgloss.RoundedBorder()).
			BorderForeground(colorDim),
		sectionItem:     r.NewStyle(),
		sectionSelected: r.NewStyle().Bold(true).Foreground(colorAccent),
		sectionNumber:   r.NewStyle().Foreground(colorDim),
		contentTitle:    r.NewStyle().Bold(true).Foreground(colorAccent),
		emptyText:       r.NewStyle().Italic(true).Foreground(colorDim),
		library:         newLibraryStyles(r),
	}
}
