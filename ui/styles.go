package ui

import "github.com/charmbracelet/lipgloss"

// Colours are ANSI palette indexes, not RGB or AdaptiveColor: they follow the
// user's terminal theme, and AdaptiveColor would query the terminal's
// background while the program owns stdin. Under NO_COLOR main sets lipgloss
// to the Ascii profile and every colour drops out; the layout never relies on
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

func newStyles() styles {
	return styles{
		readerTitle: lipgloss.NewStyle().Bold(true),
		readerMeta:  lipgloss.NewStyle().Foreground(colorDim),
		paneFocused: lipgloss.NewStyle().
			Border(lipgloss.ThickBorder()).
			BorderForeground(colorAccent),
		paneBlurred: lipgloss.NewStyle().
			Border(lipgloss.RoundedBorder()).
			BorderForeground(colorDim),
		sectionItem:     lipgloss.NewStyle(),
		sectionSelected: lipgloss.NewStyle().Bold(true).Foreground(colorAccent),
		sectionNumber:   lipgloss.NewStyle().Foreground(colorDim),
		contentTitle:    lipgloss.NewStyle().Bold(true).Foreground(colorAccent),
		emptyText:       lipgloss.NewStyle().Italic(true).Foreground(colorDim),
		library:         newLibraryStyles(),
	}
}
