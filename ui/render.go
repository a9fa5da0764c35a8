package ui

// The render cache: glamour output by (article, section, width, style,
// text). Only Update reads and writes it, so it needs no lock; the renders
// themselves run in Cmds (renderers.go) and come back as messages that
// Update puts here.

import (
	"container/list"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"

	"github.com/charmbracelet/glamour/ansi"
	glamourstyles "github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"
)

// defaultRenderCacheBytes bounds the rendered sections kept in memory. A
// 500-word section renders to roughly 5-20 KB with styling, so this holds
// thousands of sections: every section of dozens of articles at a few widths.
const defaultRenderCacheBytes = 32 << 20

// minRenderWidth keeps glamour away from degenerate widths: its document
// margin and list indents need room, and a narrower pane is truncated by the
// viewport anyway.
const minRenderWidth = 8

// renderKey names one rendered section. sum is a hash of the section's
// Markdown, so an article whose text changed under the same ID (a feed item
// seen again, two local files without an ID) never shows stale output.
type renderKey struct {
	article string
	section int
	width   int
	style   string
	sum     uint64
	// firstLink is the number of the section's first link: the same text
	// after other sections with more or fewer links renders other numbers.
	firstLink int
}

type renderEntry struct {
	key   renderKey
	lines []string
	size  int
}

// renderCache holds glamour output, least recently used first out, bounded
// by bytes. Output is kept as lines cut and padded to exactly the render
// width, so showing a cached section costs no width measuring at all. The
// root owns one for the program's life, so leaving and re-opening an
// article costs nothing.
type renderCache struct {
	maxBytes int
	bytes    int
	lru      *list.List // front is the most recently used *renderEntry
	entries  map[renderKey]*list.Element
	seed     maphash.Seed
}

// newRenderCache returns an empty cache bounded to maxBytes of rendered
// text; maxBytes <= 0 picks the default (32 MiB).
func newRenderCache(maxBytes int) *renderCache {
	if maxBytes <= 0 {
		maxBytes = defaultRenderCacheBytes
	}
	return &renderCache{
		maxBytes: maxBytes,
		lru:      list.New(),
		entries:  make(map[renderKey]*list.Element),
		seed:     maphash.MakeSeed(),
	}
}

// key builds the cache key of one section at one width and style.
func (c *renderCache) key(articleID string, section, width int, style, markdown string) renderKey {
	return renderKey{
		article: articleID,
		section: section,
		width:   max(width, minRenderWidth),
		style:   style,
		sum:     maphash.String(c.seed, markdown),
	}
}

// get returns a cached rendering and marks it recently used. The lines are
// shared: callers must not modify them.
func (c *renderCache) get(k renderKey) ([]string, bool) {
	el, ok := c.entries[k]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*renderEntry).lines, true
}

func (c *renderCache) put(k renderKey, lines []string) {
	size := entrySize(k, lines)
	if size > c.maxBytes {
		return
	}
	if el, ok := c.entries[k]; ok {
		c.bytes -= el.Value.(*renderEntry).size
		c.lru.Remove(el)
	}
	c.entries[k] = c.lru.PushFront(&renderEntry{key: k, lines: lines, size: size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		el := c.lru.Back()
		e := el.Value.(*renderEntry)
		c.lru.Remove(el)
		delete(c.entries, e.key)
		c.bytes -= e.size
	}
}

// entrySize approximates an entry's memory: its strings and their headers
// plus map and list overhead.
func entrySize(k renderKey, lines []string) int {
	n := len(k.article) + len(k.style) + 128
	for _, l := range lines {
		n += len(l) + 16
	}
	return n
}

// loadStyle reads and parses a JSON style file once, before the program
// starts, so no render ever reads it. A standard style name comes back as
// it is, with no config. An empty style, or a file that cannot be used,
// gives the default for profile ("notty" without colour, else "dark"); for
// the file, with the reason.
func loadStyle(style string, profile termenv.Profile) (name string, cfg *ansi.StyleConfig, err error) {
	fallback := "dark"
	if profile == termenv.Ascii {
		fallback = "notty"
	}
	if style == "" {
		return fallback, nil, nil
	}
	if _, ok := glamourstyles.DefaultStyles[style]; ok {
		return style, nil, nil
	}
	data, err := os.ReadFile(style)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is said already
		}
		return fallback, nil, fmt.Errorf("%s: %v", style, err)
	}
	var parsed ansi.StyleConfig
	if err := json.Unmarshal(data, &parsed); err != nil {
		return fallback, nil, fmt.Errorf("%s: %s", style, styleFileProblem(err))
	}
	return style, &parsed, nil
}

// styleFileProblem says in words why a style file did not decode, not in
// encoding/json's Go types ("cannot unmarshal string into Go struct field
// StyleConfig.document of type ansi.StyleBlock"). main has checked the
// file once already (config.ResolveStyle, which says more); this is for
// a file that changed since.
func styleFileProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("not valid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("%q has a value of the wrong kind", typ.Field)
	}
	return "not a glamour style"
}
