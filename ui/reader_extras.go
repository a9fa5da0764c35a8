package ui

// What the reader shows around a section's text (the attachments above the
// article, the note that a feed's text is only a summary) and the keys that
// reach past it: l for the links, e for the attachments, f for the other
// text (fulltext.go).

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// summaryWords is where a feed's text stops looking like a summary.
const summaryWords = 150

// maxEnclosureLines bounds the attachments listed above the article; e
// lists them all.
const maxEnclosureLines = 3

// isSummary says whether a is a feed's short text with a web page behind
// it, worth a note that f reads the whole. Counting stops at summaryWords,
// so a long article costs no more than a short one.
func isSummary(a articles.Article) bool {
	return a.FeedURL != "" && !a.FullText && termsafe.IsWebURL(a.URL) &&
		articles.CountWords(a.Sections, summaryWords) < summaryWords
}

// compose is section i's lines: its attachments above the first section,
// its title, its text, and under the last section of a summary the note.
func (r reader) compose(i, width int, body []string) []string {
	before, after := r.around(i, width)
	lines := make([]string, 0, len(before)+len(body)+len(after))
	return append(append(append(lines, before...), body...), after...)
}

// around is what compose puts before and after section i's text: the
// search in the article looks in the same lines the reader shows.
func (r reader) around(i, width int) (before, after []string) {
	title := r.titleLines(i, width)
	if i == 0 {
		before = r.enclosureLines(width)
		if len(title) == 0 && len(before) > 0 {
			// The text's own first blank line parts it from them.
			before = before[:len(before)-1]
		}
	}
	before = append(before, title...)
	if r.summary && i == len(r.titles)-1 {
		after = r.hintLines(width)
	}
	return before, after
}

// enclosureLines lists the article's attachments, each with its type,
// size and playing time, and how to play them.
func (r reader) enclosureLines(width int) []string {
	encs := r.article.Enclosures
	if len(encs) == 0 {
		return nil
	}
	st := r.c.styles.hint
	var lines []string
	for i, e := range encs[:min(len(encs), maxEnclosureLines)] {
		line := "  ♪ " + enclosureText(e)
		switch {
		case i == 0 && len(encs) == 1:
			line += " — e plays"
		case i == 0:
			line += " — e picks one to play"
		}
		lines = append(lines, st.Render(line))
	}
	if more := len(encs) - maxEnclosureLines; more > 0 {
		lines = append(lines, st.Render("  and "+strconv.Itoa(more)+" more: e lists them all"))
	}
	return fitLines(append(lines, ""), linesWidth(width))
}

// hintLines is the quiet note under a summary. Once the reader holds the
// full text, f is only a switch back to it, and the note says so.
func (r reader) hintLines(width int) []string {
	text := "This is the feed's summary: f reads the whole article from its web page."
	if r.other != nil && r.other.FullText {
		text = "This is the feed's summary: f shows the whole article again."
	}
	note := r.c.styles.hint.PaddingLeft(2).Width(width).Render(text)
	return fitLines(append([]string{""}, strings.Split(note, "\n")...), linesWidth(width))
}

// pickerRegion is where the picker goes: inside the content pane, whose
// border stays, or the whole reader when the panes have none.
func (r reader) pickerRegion() region {
	l := r.layout
	if !r.bordered() {
		return region{0, 0, l.width, l.height}
	}
	return region{l.sectionsW + 1, l.paneTop + 1, l.contentInnerW(), l.listRows()}
}

// openLinks opens the link picker on the first link of the section shown.
func (r reader) openLinks() (reader, tea.Cmd) {
	if len(r.article.Links) == 0 {
		return r, statusCmd("this article has no links", false)
	}
	r.picker, r.picking = linkPicker(r.article.Links), true
	for i, l := range r.article.Links {
		if l.Section >= r.selected {
			r.picker.cursor = i
			break
		}
	}
	r.picker = r.picker.layout(r.c.styles, r.pickerRegion())
	return r, nil
}

// play hands the attachment to the player, or, with several, lists them.
func (r reader) play() (reader, tea.Cmd) {
	switch encs := r.article.Enclosures; len(encs) {
	case 0:
		return r, statusCmd("this article has no attachment to play", false)
	case 1:
		return r, playCmd(r.c.opts.Play, encs[0].URL)
	}
	r.picker, r.picking = enclosurePicker(r.article.Enclosures), true
	r.picker = r.picker.layout(r.c.styles, r.pickerRegion())
	return r, nil
}

// handlePickerKey gives a key to the open picker and does what it asks.
func (r reader) handlePickerKey(msg tea.KeyMsg) (reader, tea.Cmd) {
	p, act := r.picker.update(msg, r.c.keys)
	r.picker = p.layout(r.c.styles, r.pickerRegion())
	it, ok := r.picker.selected()
	if act != pickNone {
		r.picking = false
	}
	if !ok {
		return r, nil
	}
	switch act {
	case pickOpen:
		return r, openURLCmd(r.c.opts.OpenURL, it.url)
	case pickCopy:
		return r, copyURLCmd(r.c.opts.Copy, it.url)
	case pickPlay:
		return r, playCmd(r.c.opts.Play, it.url)
	}
	return r, nil
}
