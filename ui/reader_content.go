package ui

// The content pane's text. A section comes from the render cache at once,
// or from a render Cmd (renderers.go): until its result arrives the pane
// shows the section's title over a quiet "rendering…", or, when only the
// width changed, the lines it had, cut or padded. It never shows one
// section's text under another's title, and a key never waits for glamour.

import (
	"slices"
	"strings"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// resizeSettle is how long the width must stay still before the shown
// section is rendered again: long enough to skip the sizes a dragged window
// edge passes through, short enough not to be noticed.
const resizeSettle = 75 * time.Millisecond

// widthSettledMsg is the root's debounce tick after a resize; only the one
// with the latest tag acts.
type widthSettledMsg struct{ tag int }

const renderingText = "rendering…"

// sectionKey names the selected section's render at the current width.
func (r reader) sectionKey() renderKey {
	return r.keyAt(r.selected, r.layout.renderWidth())
}

// sized says whether there is room to show text; nothing is rendered
// before the first size.
func (r reader) sized() bool { return r.layout.width > 0 && r.layout.listRows() > 0 }

// contentCurrent says whether the pane shows, or waits for, the selected
// section at the current width.
func (r reader) contentCurrent() bool {
	if !r.sized() || len(r.titles) == 0 {
		return true
	}
	k := r.sectionKey()
	return k == r.shown || k == r.want
}

// showSelected makes the pane show the selected section at the current
// width: from the cache at once, else through a render Cmd.
func (r reader) showSelected() (reader, tea.Cmd) {
	if !r.sized() {
		return r.dropWant(), nil
	}
	width := r.layout.renderWidth()
	if len(r.titles) == 0 {
		r.showing = 0
		return r.setLines(fitLines([]string{"", "  " + r.c.styles.emptyText.Render(noText)}, linesWidth(width))), nil
	}
	k := r.sectionKey()
	if k == r.shown || k == r.want {
		return r, nil
	}
	if body, ok := r.c.render.get(k); ok {
		return r.show(k, body), nil
	}
	r = r.dropWant()
	r.want, r.wantGone = k, new(atomic.Bool)
	if r.showing != r.selected {
		r = r.placeholder()
	}
	return r, renderCmd(r.c.renderers, k, r.article.Sections[r.selected].Markdown, r.wantGone)
}

// dropWant forgets the render asked for, and tells its Cmd, if it has not
// started yet, not to bother: keys that arrive together run their Cmds one
// after another, and holding ] would otherwise render every section passed.
func (r reader) dropWant() reader {
	if r.wantGone != nil {
		r.wantGone.Store(true)
	}
	r.want, r.wantGone = renderKey{}, nil
	return r
}

// rendered takes a render Cmd's result, if it is the one the pane waits
// for. A section glamour could not render shows as raw text, and the
// reason goes to the status line.
func (r reader) rendered(msg sectionRenderedMsg) (reader, tea.Cmd) {
	if msg.key != r.want {
		return r, nil // the user has moved on: another section or width
	}
	if msg.err != nil {
		return r.show(msg.key, msg.lines), statusCmd("could not render this section: "+termsafe.Safe(msg.err.Error()), true)
	}
	r.c.render.put(msg.key, msg.lines)
	return r.show(msg.key, msg.lines), nil
}

// show puts body, rendered for k, under the section's title. The same
// section re-wrapped keeps the reading position at the same fraction of
// its text; another section starts at its top.
func (r reader) show(k renderKey, body []string) reader {
	same := r.showing == k.section
	oldY, oldTotal := r.content.YOffset, r.content.TotalLineCount()
	r = r.dropWant()
	r.shown, r.showing = k, k.section
	r = r.setLines(r.compose(k.section, k.width, body))
	if same && oldTotal > 0 {
		r.content.SetYOffset(oldY * r.content.TotalLineCount() / oldTotal)
	} else {
		r.content.GotoTop()
	}
	if r.searching() {
		if r.find.width != k.width || (k.section < len(r.find.found) && r.find.found[k.section] == nil) {
			return r.refind() // a section the search had not seen yet
		}
		return r.highlight()
	}
	return r
}

// placeholder shows the selected section's title over "rendering…" while
// its text renders.
func (r reader) placeholder() reader {
	width := r.layout.renderWidth()
	var lines []string
	if r.selected == 0 {
		lines = r.enclosureLines(width)
	}
	lines = append(append(lines, r.titleLines(r.selected, width)...), "", "  "+r.c.styles.emptyText.Render(renderingText))
	r.shown, r.showing = renderKey{}, r.selected
	r = r.setLines(fitLines(lines, linesWidth(width)))
	r.content.GotoTop()
	r.find.hl = nil
	return r
}

// titleLines is section i's title, wrapped to width. The one section of
// an article without headings has only the name herald gave it, which
// says nothing the header does not: it is left out.
func (r reader) titleLines(i, width int) []string {
	if !r.hasPane() && r.article.Sections[i].Title == articles.IntroductionTitle {
		return nil
	}
	const margin = "  " // glamour's document margin in the standard styles
	parts := wrapText(r.titles[i], width-len(margin))
	lines := make([]string, len(parts))
	for n, part := range parts {
		lines[n] = fitLine(margin+r.c.styles.contentTitle.Render(part), linesWidth(width))
	}
	return lines
}

// refit follows a resize: the selected section from the cache if it is
// there at the new width, else the lines the pane had, fitted to it.
func (r reader) refit() reader {
	if !r.sized() {
		return r
	}
	if len(r.titles) == 0 {
		r, _ = r.showSelected() // no text to render: nothing to wait for
		return r
	}
	if k := r.sectionKey(); k != r.shown {
		if body, ok := r.c.render.get(k); ok {
			return r.show(k, body)
		}
	}
	if inner := r.layout.contentInnerW(); r.linesW != inner {
		r.lines, r.linesW = fitLines(slices.Clone(r.lines), inner), inner
	}
	return r
}

// linesWidth is how wide the lines of a section rendered at width are:
// the text and the blank gutter before the pane's right border. The render
// Cmd makes them so, and showing a section from the cache copies nothing.
func linesWidth(renderWidth int) int { return renderWidth + contentGutter }

// setLines takes lines exactly linesWidth(renderWidth) wide and fits them
// to the pane, which they already are but in a pane narrower than the
// narrowest render; the viewport gets as many (empty) lines, as its
// scroll model.
func (r reader) setLines(lines []string) reader {
	if inner := r.layout.contentInnerW(); inner != linesWidth(r.layout.renderWidth()) {
		lines = fitLines(lines, inner)
	}
	r.lines, r.linesW = lines, r.layout.contentInnerW()
	r.content.SetContent(strings.Repeat("\n", max(len(lines)-1, 0)))
	return r
}
