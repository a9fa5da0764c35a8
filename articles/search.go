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

// NotSearchedError comes with the hits of a search that could not look at
// every article: N of them are missing from the search index, which a
// read-only cache cannot bring up to date. The hits are still good.
type NotSearchedError struct{ N int }

func (e *NotSearchedError) Error() string {
	return Plural(e.N, "article") + " saved since the search index last caught up could not be searched: the cache is read-only (make it writable and search again)"
}
