package ui

// glamour turns both kinds of line break in a paragraph into a newline,
// then either joins every line (its default: a hard break is lost) or keeps
// every one (WithPreservedNewLines: a soft break splits a line where the
// source happened to wrap). In list items it keeps them all whatever the
// option. So the Markdown it gets has its soft breaks joined first, and
// glamour keeps newlines: what is left is the hard breaks, which show as
// line breaks, and paragraphs reflow to the pane's width.

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// newBreakParser parses Markdown as glamour does (GFM and definition
// lists), so the same lines are paragraphs: a table is one to CommonMark.
func newBreakParser() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))
}

// joinSoftBreaks returns md with each soft line break (a newline inside a
// paragraph, a list item, a quote or a table cell's source) replaced by a
// space, together with the next line's indentation and container markers;
// hard breaks (two trailing spaces, a backslash) and everything else stay
// as they are.
func joinSoftBreaks(md string, p goldmark.Markdown) string {
	if strings.IndexByte(md, '\n') < 0 {
		return md
	}
	src := []byte(md)
	doc := p.Parser().Parse(text.NewReader(src))
	type span struct{ from, to int }
	var cuts []span
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !entering || !ok || !t.SoftLineBreak() || t.HardLineBreak() {
			return ast.WalkContinue, nil
		}
		if to, ok := nextLineStart(t, src); ok {
			cuts = append(cuts, span{t.Segment.Stop, to})
		}
		return ast.WalkContinue, nil
	})
	if len(cuts) == 0 {
		return md
	}
	var b strings.Builder
	b.Grow(len(md))
	last := 0
	for _, c := range cuts {
		if c.from < last {
			continue // never twice over the same bytes
		}
		b.Write(src[last:c.from])
		b.WriteByte(' ')
		last = c.to
	}
	b.Write(src[last:])
	return b.String()
}

// nextLineStart finds where the text after t's soft break starts: the
// first non-blank byte of the next line of t's block, past the line's
// container markers (a quote's ">", a list item's indent), which the
// block's lines already leave out. Only blanks, the newline and those
// markers lie between; anything else and it declines.
func nextLineStart(t *ast.Text, src []byte) (int, bool) {
	blk := t.Parent()
	for blk != nil && blk.Type() != ast.TypeBlock {
		blk = blk.Parent()
	}
	if blk == nil {
		return 0, false
	}
	lines := blk.Lines()
	stop := t.Segment.Stop
	for i := 0; i+1 < lines.Len(); i++ {
		line, next := lines.At(i), lines.At(i+1)
		if stop < line.Start || stop > line.Stop {
			continue
		}
		if next.Padding > 0 {
			return 0, false // a tab half used up as indent: leave it
		}
		gap := src[stop:next.Start]
		if strings.Count(string(gap), "\n") != 1 || strings.Trim(string(gap), " \t\r\n>") != "" {
			return 0, false
		}
		to := next.Start
		for to < len(src) && (src[to] == ' ' || src[to] == '\t') {
			to++
		}
		return to, true
	}
	return 0, false
}
