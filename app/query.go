package app

// A search as the user types it, read into the query the index takes. The
// syntax is FTS5's (words, "phrases", prefix*, AND, OR, NOT, parentheses,
// title:/author:/feed:/text:), read forgivingly where FTS5 is strict: a
// word with punctuation in it ("covid-19", "don't", "http://x") is searched
// as the words it holds instead of being a syntax error, and what cannot
// be read is said in words, not as SQLite's error.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/termsafe"
)

// queryColumns are the index's columns a search may name, as in title:word.
var queryColumns = []string{"title", "author", "feed", "text"}

// query is a search read: what the index is asked, and the words that
// should show highlighted in what it finds.
type query struct {
	fts   string
	terms []term
}

// term is a word or a phrase the matches contain: its folded words in
// order, the last one a prefix when prefix is set.
type term struct {
	words  []string
	prefix bool
}

type tokKind int

const (
	tokWord tokKind = iota
	tokPhrase
	tokOpen
	tokClose
	tokAnd
	tokOr
	tokNot
	tokColumn // text is the column's name
)

type qtok struct {
	kind   tokKind
	text   string
	prefix bool
}

// queryErr is a search that cannot be read, said for the user.
func queryErr(format string, args ...any) error {
	return fmt.Errorf("cannot search for that: "+format, args...)
}

// lexQuery splits what the user typed into tokens.
func lexQuery(s string) ([]qtok, error) {
	var toks []qtok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, qtok{kind: tokOpen})
			i++
		case c == ')':
			toks = append(toks, qtok{kind: tokClose})
			i++
		case c == '"':
			// FTS5 writes a quote inside a phrase twice.
			var b strings.Builder
			j := i + 1
			for {
				k := strings.IndexByte(s[j:], '"')
				if k < 0 {
					return nil, queryErr(`a " is not closed`)
				}
				b.WriteString(s[j : j+k])
				j += k + 1
				if j < len(s) && s[j] == '"' {
					b.WriteByte('"')
					j++
					continue
				}
				break
			}
			t := qtok{kind: tokPhrase, text: b.String()}
			if j < len(s) && s[j] == '*' {
				t.prefix = true
				j++
			}
			toks = append(toks, t)
			i = j
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()\"", rune(s[j])) {
				j++
			}
			w := s[i:j]
			i = j
			if name, rest, ok := strings.Cut(w, ":"); ok && isQueryColumn(name) {
				toks = append(toks, qtok{kind: tokColumn, text: strings.ToLower(name)})
				if rest == "" {
					continue
				}
				w = rest
			}
			switch w {
			case "AND":
				toks = append(toks, qtok{kind: tokAnd})
				continue
			case "OR":
				toks = append(toks, qtok{kind: tokOr})
				continue
			case "NOT":
				toks = append(toks, qtok{kind: tokNot})
				continue
			}
			t := qtok{kind: tokWord, text: w}
			if strings.HasSuffix(w, "*") {
				t.text, t.prefix = strings.TrimRight(w, "*"), true
				if t.text == "" {
					return nil, queryErr(`"*" goes at the end of a word: "photo*" finds photos and photography`)
				}
			}
			toks = append(toks, t)
		}
	}
	return toks, nil
}

func isQueryColumn(name string) bool {
	for _, c := range queryColumns {
		if strings.EqualFold(c, name) {
			return true
		}
	}
	return false
}

// qnode is the search's tree: a leaf (a word or phrase, perhaps limited to
// a column), or an operator over its two sides.
type qnode struct {
	op          tokKind // tokWord for a leaf, else tokAnd, tokOr, tokNot
	left, right *qnode
	column      string // a leaf's or a group's column, "" for all
	t           term
	text        string // a leaf's text, as the index is to read it
}

type queryParser struct {
	toks []qtok
	pos  int
}

func (p *queryParser) peek() (qtok, bool) {
	if p.pos >= len(p.toks) {
		return qtok{}, false
	}
	return p.toks[p.pos], true
}

// parseQuery reads what the user typed. NOT binds closest, then AND (also
// between words side by side), then OR; the query the index gets spells
// that out with parentheses, so FTS5's own precedence never matters.
func parseQuery(s string) (query, error) {
	toks, err := lexQuery(s)
	if err != nil {
		return query{}, err
	}
	p := &queryParser{toks: toks}
	n, err := p.or()
	if err != nil {
		return query{}, err
	}
	if t, ok := p.peek(); ok {
		if t.kind == tokClose {
			return query{}, queryErr(`a ")" has no "(" before it`)
		}
		return query{}, queryErr("%s needs something to search for on both sides", opName(t.kind))
	}
	if n == nil {
		return query{}, queryErr("it has no letters or digits to look for")
	}
	var q query
	q.fts = n.fts()
	n.positive(&q.terms)
	return q, nil
}

func opName(k tokKind) string {
	switch k {
	case tokAnd:
		return `"AND"`
	case tokOr:
		return `"OR"`
	case tokNot:
		return `"NOT"`
	}
	return "that"
}

func (p *queryParser) or() (*qnode, error) {
	left, err := p.and()
	if err != nil {
		return nil, err
	}
	for {
		t, ok := p.peek()
		if !ok || t.kind != tokOr {
			return left, nil
		}
		p.pos++
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		if left == nil && right == nil {
			return nil, queryErr(`"OR" needs something to search for on both sides`)
		}
		left = join(tokOr, left, right)
	}
}

func (p *queryParser) and() (*qnode, error) {
	left, err := p.not()
	if err != nil {
		return nil, err
	}
	for {
		t, ok := p.peek()
		if !ok || t.kind == tokOr || t.kind == tokClose {
			return left, nil
		}
		if t.kind == tokAnd {
			p.pos++
		}
		right, err := p.not()
		if err != nil {
			return nil, err
		}
		left = join(tokAnd, left, right)
	}
}

func (p *queryParser) not() (*qnode, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t, ok := p.peek()
		if !ok || t.kind != tokNot {
			return left, nil
		}
		p.pos++
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		switch {
		case left == nil:
			return nil, queryErr(`"NOT" needs something before it: "cats NOT dogs" finds cats without dogs`)
		case right != nil:
			left = &qnode{op: tokNot, left: left, right: right}
		}
	}
}

// unary reads a leaf or a group, with the column it is limited to. A leaf
// with no letters or digits in it is nil: the index holds no such word.
func (p *queryParser) unary() (*qnode, error) {
	t, ok := p.peek()
	if !ok {
		return nil, p.missing()
	}
	column := ""
	if t.kind == tokColumn {
		column = t.text
		p.pos++
		if t, ok = p.peek(); !ok || (t.kind != tokWord && t.kind != tokPhrase && t.kind != tokOpen) {
			return nil, queryErr("%q needs a word after it", column+":")
		}
	}
	p.pos++
	var n *qnode
	switch t.kind {
	case tokWord, tokPhrase:
		n = leaf(t)
	case tokOpen:
		inner, err := p.or()
		if err != nil {
			return nil, err
		}
		if c, ok := p.peek(); !ok || c.kind != tokClose {
			return nil, queryErr(`a "(" is not closed`)
		}
		p.pos++
		if inner == nil {
			return nil, queryErr(`"()" holds nothing to search for`)
		}
		n = &qnode{op: tokOpen, left: inner}
	case tokClose:
		p.pos--
		return nil, p.missing()
	case tokNot:
		return nil, queryErr(`"NOT" needs something before it: "cats NOT dogs" finds cats without dogs`)
	default:
		return nil, queryErr("%s needs something to search for on both sides", opName(t.kind))
	}
	if n != nil {
		n.column = column
	}
	return n, nil
}

// missing is the error for an operator with nothing after it.
func (p *queryParser) missing() error {
	if p.pos > 0 {
		switch k := p.toks[p.pos-1].kind; k {
		case tokAnd, tokOr, tokNot:
			return queryErr("%s needs something to search for on both sides", opName(k))
		case tokOpen:
			if p.pos >= len(p.toks) {
				return queryErr(`a "(" is not closed`)
			}
		}
	}
	if t, ok := p.peek(); ok && t.kind == tokClose {
		return queryErr(`"()" holds nothing to search for`)
	}
	return queryErr("it has no letters or digits to look for")
}

func leaf(t qtok) *qnode {
	n := &qnode{op: tokWord, text: t.text, t: term{prefix: t.prefix}}
	store.Words(t.text, func(_, _ int, w string) { n.t.words = append(n.t.words, w) })
	if len(n.t.words) == 0 {
		return nil
	}
	return n
}

// join is left op right, where a side without words drops out.
func join(op tokKind, left, right *qnode) *qnode {
	switch {
	case left == nil:
		return right
	case right == nil:
		return left
	}
	return &qnode{op: op, left: left, right: right}
}

// fts spells the node out in FTS5's syntax. Every leaf is a quoted string,
// which FTS5 always accepts and splits with the index's own tokenizer.
func (n *qnode) fts() string {
	var s string
	switch n.op {
	case tokWord:
		s = `"` + strings.ReplaceAll(termsafe.Safe(n.text), `"`, `""`) + `"`
		if n.t.prefix {
			s += "*"
		}
	case tokOpen:
		s = "(" + n.left.fts() + ")"
	case tokAnd:
		s = "(" + n.left.fts() + " AND " + n.right.fts() + ")"
	case tokOr:
		s = "(" + n.left.fts() + " OR " + n.right.fts() + ")"
	case tokNot:
		s = "(" + n.left.fts() + " NOT " + n.right.fts() + ")"
	}
	if n.column != "" {
		s = n.column + " : " + s
	}
	return s
}

// positive collects the terms a match contains: all but those after NOT.
func (n *qnode) positive(out *[]term) {
	switch n.op {
	case tokWord:
		*out = append(*out, n.t)
	case tokOpen:
		n.left.positive(out)
	case tokNot:
		n.left.positive(out)
	default:
		n.left.positive(out)
		n.right.positive(out)
	}
}

// errBadQuery wraps what the index could not read of a query we built:
// nothing the user typed should reach it, but if it does it is said in
// words with FTS5's reason.
var errBadQuery = errors.New("cannot search for that")
