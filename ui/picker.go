package ui

// The picker: a box over the reader listing the article's links (l) or
// attachments (e), to open, copy or play one. Its rows are drawn when it
// opens, moves or the screen changes size; the reader's view only splices
// them over its own lines.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

type pickerKind int

const (
	pickLinks pickerKind = iota
	pickEnclosures
)

// pickerItem is one row: a link or an attachment, by its number.
type pickerItem struct {
	n      int
	text   string // the link's text; the attachment's type, size and time
	detail string // the host
	url    string
}

type picker struct {
	kind   pickerKind
	title  string
	items  []pickerItem
	cursor int
	offset int
	typed  string // the digits typed so far, for a number of two or more

	// The box, drawn by layout for the screen it is over.
	lines  []string
	x, y   int
	width  int
	height int
}

// pickerAction is what a key in the picker asks of the reader.
type pickerAction int

const (
	pickNone pickerAction = iota
	pickClose
	pickOpen
	pickCopy
	pickPlay
)

func linkPicker(links []articles.Link) picker {
	p := picker{kind: pickLinks, title: "Links"}
	for _, l := range links {
		text := l.Text
		if l.Image {
			text = "image: " + text
		}
		p.items = append(p.items, pickerItem{n: l.N, text: termsafe.SafeLine(text), detail: termsafe.SafeLine(articles.LinkHost(l.URL)), url: l.URL})
	}
	return p
}

func enclosurePicker(list []articles.Enclosure) picker {
	p := picker{kind: pickEnclosures, title: "Attachments"}
	for i, e := range list {
		p.items = append(p.items, pickerItem{n: i + 1, text: enclosureText(e), detail: termsafe.SafeLine(articles.LinkHost(e.URL)), url: e.URL})
	}
	return p
}

// enclosureText is an attachment in a few words: "audio/mpeg · 43.6 MB ·
// 1:02:03", leaving out what the feed did not say.
func enclosureText(e articles.Enclosure) string {
	parts := []string{termsafe.SafeLine(e.Type)}
	if parts[0] == "" {
		parts[0] = "attachment"
	}
	if e.Length > 0 {
		parts = append(parts, byteSize(e.Length))
	}
	if e.Duration > 0 {
		parts = append(parts, clockTime(int64(e.Duration.Seconds())))
	}
	return strings.Join(parts, " · ")
}

// byteSize is n bytes as people read sizes: "820 KB", "43.6 MB".
func byteSize(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%d KB", n/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}

// clockTime is a playing time as players show it: "1:02:03", "4:05".
func clockTime(sec int64) string {
	h, m, s := sec/3600, sec%3600/60, sec%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

// update takes a key: moving, typing a number, or an action on the
// selected item.
func (p picker) update(msg tea.KeyMsg, k KeyMap) (picker, pickerAction) {
	if r := msg.Runes; msg.Type == tea.KeyRunes && len(r) == 1 && r[0] >= '0' && r[0] <= '9' {
		return p.typeDigit(r[0]), pickNone
	}
	p.typed = ""
	switch {
	case msg.Type == tea.KeyEsc || key.Matches(msg, k.Back) || key.Matches(msg, k.Links):
		return p, pickClose
	case key.Matches(msg, k.Down):
		p.cursor = min(p.cursor+1, len(p.items)-1)
	case key.Matches(msg, k.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, k.First):
		p.cursor = 0
	case key.Matches(msg, k.Last):
		p.cursor = len(p.items) - 1
	case key.Matches(msg, k.PageDown), key.Matches(msg, k.HalfDown):
		p.cursor = min(p.cursor+p.rows(), len(p.items)-1)
	case key.Matches(msg, k.PageUp), key.Matches(msg, k.HalfUp):
		p.cursor = max(p.cursor-p.rows(), 0)
	case key.Matches(msg, k.Copy):
		return p, pickCopy
	case key.Matches(msg, k.Play) && p.kind == pickEnclosures:
		return p, pickPlay
	case msg.Type == tea.KeyEnter, key.Matches(msg, k.Open):
		if p.kind == pickEnclosures {
			return p, pickPlay
		}
		return p, pickOpen
	}
	return p, pickNone
}

// typeDigit moves to the item whose number is the digits typed so far,
// starting over with this digit when that number does not exist.
func (p picker) typeDigit(d rune) picker {
	for _, typed := range []string{p.typed + string(d), string(d)} {
		n, _ := strconv.Atoi(typed)
		for i, it := range p.items {
			if it.n == n {
				p.cursor, p.typed = i, typed
				return p
			}
		}
	}
	p.typed = ""
	return p
}

// selected is the item under the cursor.
func (p picker) selected() (pickerItem, bool) {
	if p.cursor < 0 || p.cursor >= len(p.items) {
		return pickerItem{}, false
	}
	return p.items[p.cursor], true
}

// rows is how many items the box shows at once.
func (p picker) rows() int { return max(p.height-4, 1) }

// region is a rectangle of the screen, in cells.
type region struct{ x, y, w, h int }

// layout draws the box to fill the width of g (the content pane's
// inside), its cursor in view.
func (p picker) layout(st styles, g region) picker {
	p.width = g.w
	p.height = min(len(p.items)+4, g.h)
	p.x, p.y = g.x, g.y+max((g.h-p.height)/2, 0)
	rows := p.rows()
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+rows {
		p.offset = p.cursor - rows + 1
	}
	p.offset = min(max(p.offset, 0), max(len(p.items)-rows, 0))

	inner := max(p.width-2, 0)
	b := st.paneFocused.GetBorderStyle()
	paint := st.renderer.NewStyle().Foreground(st.paneFocused.GetBorderTopForeground())
	title := " " + p.title + " "
	top := b.TopLeft + b.Top + title + strings.Repeat(b.Top, max(inner-1-ansi.StringWidth(title), 0)) + b.TopRight
	p.lines = []string{paint.Render(ansi.Truncate(top, p.width, ""))}
	side := func(s string) string { return paint.Render(b.Left) + fitLine(s, inner) + paint.Render(b.Right) }

	numW := len(strconv.Itoa(p.items[len(p.items)-1].n))
	hostW := 0
	for _, it := range p.items {
		hostW = max(hostW, ansi.StringWidth(it.detail))
	}
	hostW = min(hostW, max(inner/3, 8))
	for i := p.offset; i < p.offset+rows; i++ {
		if i >= len(p.items) {
			p.lines = append(p.lines, side(""))
			continue
		}
		it := p.items[i]
		marker, style := "  ", st.sectionItem
		if i == p.cursor {
			marker, style = "▸ ", st.sectionSelected
		}
		num := fmt.Sprintf("%*d ", numW, it.n)
		host := ansi.Truncate(it.detail, hostW, "…")
		host = strings.Repeat(" ", hostW-ansi.StringWidth(host)) + host
		textW := max(inner-ansi.StringWidth(marker)-len(num)-hostW-2, 4)
		text := ansi.Truncate(it.text, textW, "…")
		text += strings.Repeat(" ", max(textW-ansi.StringWidth(text), 0))
		p.lines = append(p.lines, side(style.Render(marker)+st.sectionNumber.Render(num)+style.Render(text)+"  "+st.readerMeta.Render(host)))
	}
	p.lines = append(p.lines, side(""))
	// The longest hint that fits: cut at the edge, it lost "esc", the
	// way out.
	open := "enter open"
	if p.kind == pickEnclosures {
		open = "enter play"
	}
	hints := []string{
		"j/k · number jumps · " + open + " · y copy · esc closes",
		"j/k · number jumps · " + open + " · y copy · esc",
		"j/k · " + open + " · y copy · esc",
		open + " · esc",
		"esc",
	}
	help := hints[len(hints)-1]
	for _, h := range hints {
		if ansi.StringWidth(h)+1 <= inner {
			help = h
			break
		}
	}
	p.lines = append(p.lines, side(st.readerMeta.Render(" "+help)))
	p.lines = append(p.lines, paint.Render(b.BottomLeft+strings.Repeat(b.Bottom, inner)+b.BottomRight))
	return p
}

// overlay puts the box over screen, a block of lines w cells wide.
func (p picker) overlay(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, row := range p.lines {
		y := p.y + i
		if y >= len(lines) {
			break
		}
		line := lines[y]
		left := ansi.Truncate(line, p.x, "")
		if strings.IndexByte(left, 0x1b) >= 0 {
			// The left part may end inside a link or a style: both end there.
			left += ansi.ResetHyperlink() + ansi.ResetStyle
		}
		right := ansi.TruncateLeft(line, p.x+p.width, "")
		lines[y] = left + row + right
	}
	return strings.Join(lines, "\n")
}
