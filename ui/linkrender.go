package ui

// A section's links, taken out of the prose. Each link shows as its text
// and its number ("the report [3]"), each image as its alt text and
// number, and the addresses follow the section's text as a list, where a
// long one wraps without losing a character. The numbers run through the
// whole article: articles.LinkNodes decides what is a link both here and
// for Article.Links, on the same parse glamour makes, so the picker's
// numbers are the ones on screen.
//
// glamour gives no hook into its parse, so a section is rendered with
// glamour's own ANSI renderer on a goldmark of ours, whose tree is changed
// between parsing and rendering. This runs in the render Cmd, never in
// Update or View.

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"

	"github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/lipgloss"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// Hyperlink markers: zero-width characters (to glamour's word wrap and to
// the width tables alike) put around a link's text before rendering and
// replaced by OSC 8 sequences after. They are stripped from the section's
// text first, so a page cannot forge one.
const (
	linkOpen  = '\uFFF9' // INTERLINEAR ANNOTATION ANCHOR
	linkClose = '\uFFFB' // INTERLINEAR ANNOTATION TERMINATOR
)

// sectionRenderer is one goldmark parser and glamour ANSI renderer, and
// the parser that joins soft breaks before them (breaks.go): not safe for
// concurrent use, lent to one render Cmd at a time.
type sectionRenderer struct {
	md     goldmark.Markdown
	breaks goldmark.Markdown
}

// newSectionRenderer builds what glamour.NewTermRenderer builds (GFM,
// definition lists, heading ids, the ANSI renderer at glamour's priority,
// newlines kept) with links in tables kept inline: the numbers replace
// glamour's own table footnotes.
func newSectionRenderer(style ansi.StyleConfig, width int, profile termenv.Profile) *sectionRenderer {
	md := goldmark.New(
		goldmark.WithExtensions(articles.RenderExtensions()...),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	ar := ansi.NewRenderer(ansi.Options{
		WordWrap:         width,
		ColorProfile:     profile,
		Styles:           style,
		InlineTableLinks: true,
		// Soft breaks are joined before rendering; the newlines left are
		// hard breaks, which glamour would otherwise drop.
		PreserveNewLines: true,
	})
	md.SetRenderer(renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000))))
	return &sectionRenderer{md: md, breaks: newBreakParser()}
}

// linkListStyles draw the list of addresses under a section.
type linkListStyles struct {
	number, address lipgloss.Style
}

// renderSection renders markdown with its links numbered from firstLink,
// the address list after it, and, with hyperlinks, OSC 8 around every web
// link's text and address. width is the wrap width.
func (r *sectionRenderer) renderSection(markdown string, firstLink, width int, hyperlinks bool, st linkListStyles) (string, error) {
	src := []byte(strings.Map(func(c rune) rune {
		if c == linkOpen || c == linkClose {
			return -1
		}
		return c
	}, markdown))
	doc := r.md.Parser().Parse(text.NewReader(src))
	nodes := articles.LinkNodes(doc, src)
	firstLink = max(firstLink, 1)

	// The text put into the tree lives after the section's own, in one
	// buffer that is the source the renderer reads.
	pool := bytes.NewBuffer(append(make([]byte, 0, len(src)+64*len(nodes)), src...))
	textNode := func(s string) *ast.Text {
		start := pool.Len()
		pool.WriteString(s)
		return ast.NewTextSegment(text.NewSegment(start, pool.Len()))
	}
	var targets []string // the hyperlinked addresses, in marker order
	links := make([]articles.Link, len(nodes))
	for i, ln := range nodes {
		l := ln.Link
		l.N = firstLink + i
		links[i] = l
		web := hyperlinks && termsafe.IsWebURL(l.URL)
		number := " [" + strconv.Itoa(l.N) + "]"
		if web {
			targets = append(targets, hyperlinkTarget(l.URL))
			number += string(linkClose)
		}
		switch n := ln.Node.(type) {
		case *ast.Link:
			// "#" is the one destination glamour prints nothing for.
			n.Destination, n.Title = []byte("#"), nil
			if n.ChildCount() == 0 {
				n.AppendChild(n, textNode(articles.LinkHost(l.URL)))
			}
			if web {
				n.InsertBefore(n, n.FirstChild(), textNode(string(linkOpen)))
			}
			n.AppendChild(n, textNode(number))
		case *ast.AutoLink:
			link := ast.NewLink()
			link.Destination = []byte("#")
			label := l.Text
			if n.AutoLinkType == ast.AutoLinkURL {
				label = articles.LinkHost(l.URL)
			}
			if web {
				link.AppendChild(link, textNode(string(linkOpen)))
			}
			link.AppendChild(link, textNode(label))
			link.AppendChild(link, textNode(number))
			n.Parent().ReplaceChild(n.Parent(), n, link)
		case *ast.Image:
			n.Destination, n.Title = []byte(""), nil
			if l.Text == "" {
				n.AppendChild(n, textNode("image"))
			}
			parent := n.Parent()
			if web {
				parent.InsertBefore(parent, n, textNode(string(linkOpen)))
			}
			parent.InsertAfter(parent, n, textNode(number))
		}
	}
	var out bytes.Buffer
	if err := r.md.Renderer().Render(&out, pool.Bytes(), doc); err != nil {
		return "", err
	}
	rendered := strings.TrimRight(out.String(), "\n")
	rendered = hyperlinkMarkers(rendered, targets)
	if len(links) > 0 {
		rendered += "\n\n" + linkList(links, width, hyperlinks, st)
	}
	return rendered, nil
}

// hyperlinkTarget is a link's address as an OSC 8 target: printable
// ASCII (the terminal-safety filter keeps nothing else), escaped as URLs
// are.
func hyperlinkTarget(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.String()
	}
	return raw
}

// osc8 opens a hyperlink to target, or closes one when target is "".
func osc8(target string) string {
	if target == "" {
		return xansi.ResetHyperlink()
	}
	return xansi.SetHyperlink(target)
}

// hyperlinkMarkers turns the markers in rendered into OSC 8 hyperlinks,
// the k-th opening marker to the k-th target. A link whose text wraps is
// closed at the end of each line and opened again on the next, so no
// border or other pane is ever inside it. When the markers do not match
// the targets (glamour dropped or doubled some text) no link is made.
func hyperlinkMarkers(rendered string, targets []string) string {
	if len(targets) == 0 {
		return rendered
	}
	if strings.Count(rendered, string(linkOpen)) != len(targets) || strings.Count(rendered, string(linkClose)) != len(targets) {
		return strings.Map(func(c rune) rune {
			if c == linkOpen || c == linkClose {
				return -1
			}
			return c
		}, rendered)
	}
	var b strings.Builder
	b.Grow(len(rendered) + len(targets)*64)
	k, open := 0, ""
	for i, line := range strings.Split(rendered, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if open != "" {
			b.WriteString(osc8(open))
		}
		for _, c := range line {
			switch c {
			case linkOpen:
				open = targets[k]
				k++
				b.WriteString(osc8(open))
			case linkClose:
				open = ""
				b.WriteString(osc8(""))
			default:
				b.WriteRune(c)
			}
		}
		if open != "" {
			b.WriteString(osc8(""))
		}
	}
	return b.String()
}

// listMargin is the link list's left margin, glamour's document margin.
const listMargin = 2

// linkList is "[3] https://…" per link, each address hard-wrapped to width
// under itself: every character kept, in order, whatever its length.
func linkList(links []articles.Link, width int, hyperlinks bool, st linkListStyles) string {
	numW := len("[" + strconv.Itoa(links[len(links)-1].N) + "] ")
	avail := max(width-listMargin-numW, 8)
	pad := strings.Repeat(" ", listMargin+numW)
	var lines []string
	for _, l := range links {
		label := "[" + strconv.Itoa(l.N) + "]"
		label += strings.Repeat(" ", numW-len(label))
		address := termsafe.SafeLine(l.URL)
		target := ""
		if hyperlinks && termsafe.IsWebURL(l.URL) {
			target = hyperlinkTarget(l.URL)
		}
		for j, piece := range strings.Split(xansi.Hardwrap(address, avail, true), "\n") {
			prefix := pad
			if j == 0 {
				prefix = strings.Repeat(" ", listMargin) + st.number.Render(label)
			}
			piece = st.address.Render(piece)
			if target != "" {
				piece = osc8(target) + piece + osc8("")
			}
			lines = append(lines, prefix+piece)
		}
	}
	return strings.Join(lines, "\n")
}
