package ui

// Rendering a section with glamour is the one slow thing the reader does
// (1 ms for a short section, 25 ms for 20 KB), so it runs in a Cmd, never
// in Update or View. The Cmd touches no model state: it borrows a renderer,
// renders, and returns a sectionRenderedMsg that Update alone puts in the
// render cache.

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour/ansi"
	glamourstyles "github.com/charmbracelet/glamour/styles"
	"github.com/charmbracelet/lipgloss"
	"github.com/herald-reader/herald/termsafe"
	"github.com/muesli/termenv"
)

// maxIdleRenderers bounds the renderers kept for reuse. Dragging a window
// edge produces a run of widths; only the last few matter.
const maxIdleRenderers = 8

// sectionRenderedMsg carries a render Cmd's result. key is what was asked
// for, so a result the reader no longer wants is dropped. On err, lines are
// the raw text wrapped instead, still worth reading.
type sectionRenderedMsg struct {
	key   renderKey
	lines []string
	err   error
}

type rendererKey struct {
	width int
	style string
}

// renderers lends section renderers (linkrender.go: glamour's ANSI renderer
// on a goldmark of ours) to render Cmds. Neither is safe for concurrent use
// (shared between goroutines glamour's renderer races and can panic), so
// each is lent to one Cmd at a time and handed back after; building one
// costs ~70 µs, which reuse saves at a width seen before.
type renderers struct {
	profile termenv.Profile
	// custom holds the JSON style files New parsed, by path, so building a
	// renderer for a new width never reads a file. It never changes after
	// newCommon, so Cmds read it without the lock.
	custom map[string]ansi.StyleConfig
	// raw wraps the text of a section glamour could not render.
	raw lipgloss.Style
	// hyperlinks makes links OSC 8 hyperlinks too; list draws the link
	// list under each section. Set once by newCommon, read by Cmds.
	hyperlinks bool
	list       linkListStyles

	mu   sync.Mutex
	idle map[rendererKey][]*sectionRenderer
	n    int // renderers in idle
}

func newRenderers(profile termenv.Profile, custom map[string]ansi.StyleConfig, raw lipgloss.Style) *renderers {
	return &renderers{profile: profile, custom: custom, raw: raw, list: linkListStyles{number: raw.UnsetPaddingLeft(), address: raw.UnsetPaddingLeft()},
		idle: map[rendererKey][]*sectionRenderer{}}
}

// renderCmd renders one section in the background, unless gone is set
// before it starts: the reader no longer wants it.
func renderCmd(p *renderers, k renderKey, markdown string, gone *atomic.Bool) tea.Cmd {
	return func() tea.Msg {
		if gone.Load() {
			return nil
		}
		lines, err := p.render(k, markdown)
		return sectionRenderedMsg{key: k, lines: lines, err: err}
	}
}

// render returns the section rendered for k: lines of exactly
// linesWidth(k.width) cells, text and gutter, that have passed
// termsafe.SafeRendered. glamour lets long words, URLs and
// code overflow its wrap width, and counts the width of some characters
// otherwise than a terminal may: such a line goes on over the next lines,
// so no text is lost at the pane's edge. When glamour fails, the lines are
// the text unrendered, wrapped, after a blank line, with the error.
func (p *renderers) render(k renderKey, markdown string) ([]string, error) {
	rk := rendererKey{width: k.width, style: k.style}
	r, err := p.get(rk)
	if err == nil {
		var out string
		if out, err = r.renderSection(joinSoftBreaks(termsafe.Safe(markdown), r.breaks), k.firstLink, k.width, p.hyperlinks, p.list); err == nil {
			p.put(rk, r)
			// glamour can rebuild an ESC from entities split across
			// Markdown nodes (glamour PR #615), so its output is filtered
			// like outside text.
			out = termsafe.SafeRendered(strings.TrimRight(out, "\n"))
			return widenAll(wrapLines(strings.Split(out, "\n"), k.width), linesWidth(k.width)-k.width), nil
		}
		// A failed render may leave the renderer's block stack unbalanced;
		// it is not handed back.
	}
	raw := p.raw.Width(k.width).Render(termsafe.Safe(markdown))
	lines := append([]string{strings.Repeat(" ", k.width)}, wrapLines(strings.Split(raw, "\n"), k.width)...)
	return widenAll(lines, linesWidth(k.width)-k.width), err
}

// get lends a renderer for a width and style, building one when none is
// idle.
func (p *renderers) get(rk rendererKey) (*sectionRenderer, error) {
	p.mu.Lock()
	if idle := p.idle[rk]; len(idle) > 0 {
		r := idle[len(idle)-1]
		p.idle[rk] = idle[:len(idle)-1]
		p.n--
		p.mu.Unlock()
		return r, nil
	}
	p.mu.Unlock()
	// A style file New parsed, else a standard style. A name that is
	// neither fails here, and the reader shows the text unrendered. The
	// standard styles are taken from glamour's table, not by name: glamour
	// would answer "auto" by querying the terminal.
	cfg, ok := p.custom[rk.style]
	if !ok {
		std, found := glamourstyles.DefaultStyles[rk.style]
		if !found {
			return nil, fmt.Errorf("glamour: %s: style not found", rk.style)
		}
		cfg = *std
	}
	// The profile is passed: glamour would otherwise assume true colour.
	return newSectionRenderer(cfg, rk.width, p.profile), nil
}

// put hands a renderer back once its render is done.
func (p *renderers) put(rk rendererKey, r *sectionRenderer) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.n >= maxIdleRenderers {
		clear(p.idle)
		p.n = 0
	}
	p.idle[rk] = append(p.idle[rk], r)
	p.n++
}
