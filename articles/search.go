package articles

// Hit is an article a search found, with a snippet of its text around what
// matched.
type Hit struct {
	// Article is as the library lists it: no sections.
	Article Article
	Snippet Snippet
	// Rank orders hits: lower is a better match.
	Rank float64
}

// Snippet is a short quote of an article's text on one line, safe for the
// terminal; Marks are the spans of Text that matched, in order.
type Snippet struct {
	Text  string
	Marks []Span
}

// Span is a byte range [Start, End) of a string.
type Span struct{ Start, End int }
