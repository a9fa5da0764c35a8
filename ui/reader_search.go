package ui

// Search inside the article: / in the reader looks for what is typed in
// every section, as the sections are shown (glamour's output, at the
// current width), case-insensitively with Unicode's simple case folding.
// Matches are highlighted in the content, the section pane counts them,
// enter goes to the first, n and N step through them across sections, and
// esc ends the search. Sections not rendered yet are rendered by one Cmd in
// the background; until they come, their count shows as "…". Searching
// what is on screen, not the Markdown, means every match counted is one the
// user can see highlighted and reach with n. The lines of a paragraph are
// searched as one text, so a phrase the wrapping broke over two lines is
// found, and highlighted on both.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/herald-reader/herald/termsafe"
)

// articleFind is the reader's search of the article.
type articleFind struct {
	typing bool   // the query line has the keyboard
	query  string // as typed
	active bool   // entered: n and N step through the matches
	width  int    // the render width found was made at
	// found is each section's matches at width; nil for a section not
	// rendered at that width yet.
	found [][]lineMatch
	// here is the current match: the k-th of its section, which stays the
	// same match when a resize moves it to another line.
	here matchRef
	// hl is the shown section's lines with their matches highlighted, by
	// line; view draws them instead of the plain ones.
	hl map[int]string
	// counts are the section pane's counts as last drawn.
	counts []string
	// renderGone stops the Cmd rendering the sections found still needs,
	// once it is no longer wanted; renderWidth is the width it renders at.
	renderGone  *atomic.Bool
	renderWidth int
}

// matchRef is a match by its section and its place there; section -1 for
// none.
type matchRef struct{ section, k int }

var noMatch = matchRef{section: -1}

// sectionsRenderedMsg carries what findRender prepared.
type sectionsRenderedMsg struct{ results []searchPrepared }

// searchPrepared is one section ready to search: its lines, rendered here
// when rendered is set, and their text.
type searchPrepared struct {
	key      renderKey
	lines    []string
	err      error
	rendered bool
	text     searchText
}

func (r reader) searching() bool { return r.find.typing || r.find.active }

// total is how many matches are known, and whether every section is.
func (f articleFind) total() (n int, complete bool) {
	complete = true
	for _, m := range f.found {
		if m == nil {
			complete = false
		}
		n += len(m)
	}
	return n, complete
}

// handleFindKey handles keys while the query line has the keyboard.
func (r reader) handleFindKey(msg tea.KeyMsg) (reader, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		return r.endFind(), nil
	case tea.KeyEnter:
		r.find.typing = false
		if n, complete := r.find.total(); n == 0 && (complete || strings.TrimSpace(r.find.query) == "") {
			return r.noMatches()
		}
		r.find.active = true
		r = r.gotoMatch(r.firstMatchFromHere())
		r.chrome = r.drawChrome()
		return r, nil
	}
	before := r.find.query
	r.find.query = editLine(r.find.query, msg)
	if r.find.query == before {
		return r, nil
	}
	return r.refind().findRender()
}

// startFind opens the query line; a search already shown starts over.
func (r reader) startFind() reader {
	r = r.endFind()
	r.find = articleFind{typing: true, here: noMatch}
	r.chrome = r.drawChrome()
	return r.refind()
}

// endFind ends the search: no highlights, no counts, n and p step through
// articles again.
func (r reader) endFind() reader {
	if r.find.renderGone != nil {
		r.find.renderGone.Store(true)
	}
	had := r.searching()
	r.find = articleFind{here: noMatch}
	if had {
		r.chrome = r.drawChrome()
	}
	return r
}

// handleMatchKey steps through the matches; ok is false for a key that
// is not the search's.
func (r reader) handleMatchKey(msg tea.KeyMsg) (reader, tea.Cmd, bool) {
	k := r.c.keys
	n, _ := r.find.total()
	switch {
	case msg.Type == tea.KeyEsc:
		return r.endFind(), nil, true
	case key.Matches(msg, k.NextMatch), key.Matches(msg, k.PrevMatch):
		if n == 0 {
			return r, statusCmd("no matches yet", false), true
		}
		step := 1
		if key.Matches(msg, k.PrevMatch) {
			step = -1
		}
		next, round, ok := r.find.step(step)
		if !ok {
			// A section on the way has not been searched yet.
			return r, statusCmd("still searching the rest of the article…", false), true
		}
		var cmd tea.Cmd
		if round {
			where := "top"
			if step < 0 {
				where = "bottom"
			}
			cmd = statusCmd("search went round to the "+where, false)
		}
		return r.gotoMatch(next), cmd, true
	case key.Matches(msg, k.Find):
		r, cmd := r.startFind().findRender()
		return r, cmd, true
	}
	return r, nil, false
}

// keyAt is section i's render key at width.
func (r reader) keyAt(i, width int) renderKey {
	k := r.c.render.key(r.article.ID, i, width, r.c.opts.Style, r.article.Sections[i].Markdown)
	k.firstLink = r.linkStart[i]
	return k
}

// sectionText is section i's lines as the pane shows them at width (see
// compose), in order: what is above its text, its text as findRender
// prepared it, what is below; ok is false until findRender has.
func (r reader) sectionText(i, width int) (parts [3]searchText, ok bool) {
	body, ok := r.texts[r.keyAt(i, width)]
	if !ok {
		return parts, false
	}
	before, after := r.around(i, width)
	return [3]searchText{newSearchText(before), body, newSearchText(after)}, true
}

// refind finds the query in every section rendered at the current width.
func (r reader) refind() reader {
	width := r.layout.renderWidth()
	q := foldString(r.find.query)
	r.find.width = width
	r.find.found = make([][]lineMatch, len(r.titles))
	if strings.TrimSpace(q) != "" {
		for i := range r.titles {
			parts, ok := r.sectionText(i, width)
			if !ok {
				continue
			}
			found := []lineMatch{} // known: none is not "not rendered yet"
			first := 0             // each part's lines follow the one before
			for _, t := range parts {
				found = append(found, t.matches(q, first)...)
				first += len(t.plain)
			}
			r.find.found[i] = found
		}
	}
	if h := r.find.here; h.section >= 0 && (h.section >= len(r.find.found) || h.k >= len(r.find.found[h.section])) {
		r.find.here = noMatch
	}
	r = r.highlight()
	return r.redrawCounts()
}

// redrawCounts draws again the section rows whose count changed: drawing
// all forty of a long article on every keystroke would cost more than
// the search.
func (r reader) redrawCounts() reader {
	if len(r.chrome.rows) != len(r.titles) {
		return r
	}
	counts := make([]string, len(r.titles))
	var rows []string
	sw := r.layout.sectionsInnerW()
	for i := range r.titles {
		counts[i] = r.findCount(i)
		if i < len(r.find.counts) && counts[i] == r.find.counts[i] {
			continue
		}
		if rows == nil {
			rows = slices.Clone(r.chrome.rows) // the chrome is shared by the reader's copies
		}
		rows[i] = r.sectionLines(i, sw, 1, false)[0]
		if i == r.selected && r.bordered() {
			r.chrome.sel = r.sectionLines(i, sw, 1, true)
		}
	}
	if rows != nil {
		r.chrome.rows = rows
	}
	r.find.counts = counts
	return r
}

// findRender prepares, in the background, what the search still needs at
// the current width: the sections' lines stripped and folded, and first
// rendered for those that are not yet. No Cmd when nothing is missing, or
// when it is on its way.
func (r reader) findRender() (reader, tea.Cmd) {
	if !r.searching() || len(r.titles) == 0 || !r.sized() {
		return r, nil
	}
	width := r.layout.renderWidth()
	if r.find.renderGone != nil && !r.find.renderGone.Load() && r.find.renderWidth == width {
		return r, nil
	}
	type job struct {
		key      renderKey
		markdown string
		lines    []string // rendered already; nil: render first
	}
	var jobs []job
	for i := range r.titles {
		k := r.keyAt(i, width)
		if _, ok := r.texts[k]; ok {
			continue
		}
		lines, _ := r.c.render.get(k)
		jobs = append(jobs, job{key: k, markdown: r.article.Sections[i].Markdown, lines: lines})
	}
	if len(jobs) == 0 {
		return r, nil
	}
	if r.find.renderGone != nil {
		r.find.renderGone.Store(true) // at the old width: no use now
	}
	gone := new(atomic.Bool)
	r.find.renderGone, r.find.renderWidth = gone, width
	p := r.c.renderers
	return r, func() tea.Msg {
		var out sectionsRenderedMsg
		for _, j := range jobs {
			if gone.Load() {
				break
			}
			res := searchPrepared{key: j.key, lines: j.lines}
			if res.lines == nil {
				res.lines, res.err = p.render(j.key, j.markdown)
				res.rendered = true
			}
			res.text = newSearchText(res.lines)
			out.results = append(out.results, res)
		}
		return out
	}
}

// findRendering reports whether the search waits for sections to render.
func (r reader) findRendering() bool {
	return r.find.renderGone != nil && !r.find.renderGone.Load()
}

// searchRendered takes the sections the search asked for into the render
// cache and finds the query in them.
func (r reader) searchRendered(msg sectionsRenderedMsg) (reader, tea.Cmd) {
	for _, res := range msg.results {
		if res.key.article != r.article.ID {
			continue
		}
		if res.rendered && res.err == nil {
			r.c.render.put(res.key, res.lines)
		}
		// A section glamour could not render is searched as it is shown:
		// its text, unrendered.
		r.texts[res.key] = res.text
	}
	if !r.searching() {
		return r, nil
	}
	r.find.renderGone = nil
	r = r.refind()
	if r.find.active && r.find.here.section < 0 {
		// enter came before these sections: it goes to the first match
		// now, or says there is none.
		switch n, complete := r.find.total(); {
		case n > 0:
			r = r.gotoMatch(r.firstMatchFromHere())
		case complete:
			return r.noMatches()
		}
	}
	return r.findRender()
}

// noMatches ends a search that found nothing, saying so.
func (r reader) noMatches() (reader, tea.Cmd) {
	q := r.find.query
	r = r.endFind()
	if strings.TrimSpace(q) == "" {
		return r, nil
	}
	return r, statusCmd(fmt.Sprintf("no matches for %q in this article", termsafe.SafeLine(q)), false)
}

// step is the match step places from the current one (1 or -1) in the
// article's order, going round at the ends (round is set then). ok is false
// when a section it would pass is not searched yet.
func (f articleFind) step(step int) (next matchRef, round, ok bool) {
	h := f.here
	if h.section < 0 {
		h = matchRef{section: 0, k: -1}
		if step < 0 {
			h = matchRef{section: len(f.found) - 1, k: len(f.found[len(f.found)-1])}
		}
	}
	if k := h.k + step; f.found[h.section] != nil && k >= 0 && k < len(f.found[h.section]) {
		return matchRef{h.section, k}, false, true
	}
	for i, s := 1, h.section; i <= len(f.found); i++ {
		s += step
		if s < 0 || s >= len(f.found) {
			round = true
			s = (s + len(f.found)) % len(f.found)
		}
		switch found := f.found[s]; {
		case found == nil:
			return matchRef{}, false, false
		case len(found) > 0 && step > 0:
			return matchRef{s, 0}, round, true
		case len(found) > 0:
			return matchRef{s, len(found) - 1}, round, true
		}
	}
	return f.here, false, f.here.section >= 0
}

// match is ref's match.
func (f articleFind) match(ref matchRef) (lineMatch, bool) {
	if ref.section < 0 || ref.section >= len(f.found) || ref.k < 0 || ref.k >= len(f.found[ref.section]) {
		return lineMatch{}, false
	}
	return f.found[ref.section][ref.k], true
}

// ordinal is the current match's place in the article, counting from 1;
// 0 when an earlier section is not searched yet.
func (f articleFind) ordinal() int {
	if f.here.section < 0 {
		return 0
	}
	n := f.here.k + 1
	for _, found := range f.found[:f.here.section] {
		if found == nil {
			return 0
		}
		n += len(found)
	}
	return n
}

// firstMatchFromHere is the first match at or below the top of what the
// pane shows, else the article's first.
func (r reader) firstMatchFromHere() matchRef {
	first := noMatch
	for i, found := range r.find.found {
		for k, m := range found {
			if first.section < 0 {
				first = matchRef{i, k}
			}
			if i > r.selected || (i == r.selected && m.line >= r.content.YOffset) {
				return matchRef{i, k}
			}
		}
	}
	return first
}

// gotoMatch makes ref the current match: its section shown, scrolled so
// the match is in sight, a third of the way down when it had to scroll.
func (r reader) gotoMatch(ref matchRef) reader {
	m, ok := r.find.match(ref)
	if !ok {
		return r
	}
	r.find.here = ref
	if ref.section != r.selected {
		r, _ = r.selectSection(ref.section) // rendered already: the cache has it
	}
	rows := r.layout.listRows()
	if m.line < r.content.YOffset || m.line >= r.content.YOffset+rows {
		r.content.SetYOffset(max(m.line-rows/3, 0))
	}
	return r.highlight()
}

// highlight marks the matches in the shown section's lines, the current
// one apart.
func (r reader) highlight() reader {
	r.find.hl = nil
	if !r.searching() || r.showing < 0 || r.showing >= len(r.find.found) || r.shown == (renderKey{}) {
		return r
	}
	found := r.find.found[r.showing]
	if len(found) == 0 || r.find.width != r.shown.width {
		return r
	}
	st := r.c.styles.library
	cur := -1
	if r.find.here.section == r.showing {
		cur = r.find.here.k
	}
	r.find.hl = map[int]string{}
	// Each line's pieces of matches, in order: matches never overlap.
	type piece struct {
		match int
		span  lineSpan
	}
	byLine := map[int][]piece{}
	for i, m := range found {
		for _, sp := range m.spans() {
			byLine[sp.line] = append(byLine[sp.line], piece{i, sp})
		}
	}
	for line, pieces := range byLine {
		if line >= len(r.lines) {
			continue
		}
		src := r.lines[line]
		var b strings.Builder
		pos := 0
		for _, p := range pieces {
			if p.span.start < pos {
				continue
			}
			style := st.match
			if p.match == cur {
				style = st.matchHere
			}
			b.WriteString(ansi.Cut(src, pos, p.span.start))
			b.WriteString(style.Render(ansi.Strip(ansi.Cut(src, p.span.start, p.span.end))))
			pos = p.span.end
		}
		b.WriteString(ansi.Cut(src, pos, r.linesW))
		r.find.hl[line] = b.String()
	}
	return r
}

// findCount is section i's count for the section pane: "" without a
// search or a match, "…" while the section is still being rendered.
func (r reader) findCount(i int) string {
	if !r.searching() || strings.TrimSpace(r.find.query) == "" || i >= len(r.find.found) {
		return ""
	}
	switch f := r.find.found[i]; {
	case f == nil:
		return "…"
	case len(f) == 0:
		return ""
	default:
		return strconv.Itoa(len(f))
	}
}

// findLine is the footer while searching: the query being typed, or where
// the current match is.
func (r reader) findLine() string {
	st := r.c.styles.library
	n, complete := r.find.total()
	more := ""
	if !complete {
		more = "+"
	}
	if r.find.typing {
		count := ""
		switch {
		case strings.TrimSpace(r.find.query) == "":
		case n == 0 && complete:
			count = st.meta.Render("  no matches")
		default:
			matches := "matches"
			if n == 1 && complete {
				matches = "match"
			}
			count = st.meta.Render(fmt.Sprintf("  %d%s %s · enter goes to the first · esc cancels", n, more, matches))
		}
		return st.selected.Render("/ ") + termsafe.SafeLine(r.find.query) + "█" + count
	}
	at := "no match selected"
	switch i := r.find.ordinal(); {
	case r.find.here.section < 0 && !complete:
		at = "searching the rest of the article…"
	case r.find.here.section < 0:
	case i == 0:
		at = fmt.Sprintf("a match of %d%s", n, more)
	default:
		at = fmt.Sprintf("match %d of %d%s", i, n, more)
	}
	return st.selected.Render("/ ") + termsafe.SafeLine(r.find.query) + st.meta.Render("  "+at+" · n next · N prev · esc ends the search")
}
