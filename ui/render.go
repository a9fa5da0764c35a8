package ui

import (
	"container/list"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"os"
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/ansi"
	glamourstyles "github.com/charmbracelet/glamour/styles"
	"github.com/herald-reader/herald/termsafe"
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

// maxRenderers bounds the renderers kept per (width, style). Dragging a
// window edge produces a run of widths; only the last few matter.
const maxRenderers = 8

// renderKey names one rendered section. sum is a hash of the section's
// Markdown, so an article whose text changed under the same ID (a feed item
// seen again, two local files without an ID) never shows stale output.
type renderKey struct {
	article string
	section int
	width   int
	style   string
	sum     uint64
}

type rendererKey struct {
	width int
	style string
}

type renderEntry struct {
	key   renderKey
	lines []string
	size  int
}

// renderCache holds glamour output, least recently used first out, bounded
// by bytes, and the renderers that produce it. Output is kept as lines cut
// and padded to exactly the render width, so showing a cached section costs
// no width measuring at all. The root owns one for the
// program's life, so leaving and re-opening an article costs nothing. It is
// used only from Update (a single goroutine): glamour's TermRenderer is not
// safe to share between goroutines, and the cache needs no lock.
type renderCache struct {
	maxBytes  int
	bytes     int
	lru       *list.List // front is the most recently used *renderEntry
	entries   map[renderKey]*list.Element
	renderers map[rendererKey]*glamour.TermRenderer
	// custom holds the JSON style files New parsed, by path, so building a
	// renderer for a new width never reads a file.
	custom  map[string]ansi.StyleConfig
	profile termenv.Profile // Options.ColorProfile
	seed    maphash.Seed
}

// newRenderCache returns an empty cache bounded to maxBytes of rendered
// text, rendering in profile's colours; maxBytes <= 0 picks the default
// (32 MiB).
func newRenderCache(maxBytes int, profile termenv.Profile) *renderCache {
	if maxBytes <= 0 {
		maxBytes = defaultRenderCacheBytes
	}
	return &renderCache{
		maxBytes:  maxBytes,
		lru:       list.New(),
		entries:   make(map[renderKey]*list.Element),
		renderers: make(map[rendererKey]*glamour.TermRenderer),
		custom:    make(map[string]ansi.StyleConfig),
		profile:   profile,
		seed:      maphash.MakeSeed(),
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

// render returns the section rendered for k, from the cache when it is
// there: lines of exactly k.width cells (glamour lets long words and code
// overflow its wrap width; they are cut) that have passed
// termsafe.SafeRendered.
func (c *renderCache) render(k renderKey, markdown string) ([]string, error) {
	if lines, ok := c.get(k); ok {
		return lines, nil
	}
	r, err := c.renderer(rendererKey{width: k.width, style: k.style})
	if err != nil {
		return nil, err
	}
	out, err := r.Render(termsafe.Safe(markdown))
	if err != nil {
		// A failed render may leave the renderer's block stack unbalanced;
		// the next render gets a fresh one.
		delete(c.renderers, rendererKey{width: k.width, style: k.style})
		return nil, err
	}
	// glamour can rebuild an ESC from entities split across Markdown nodes
	// (glamour PR #615), so its output is filtered like outside text.
	out = termsafe.SafeRendered(strings.TrimRight(out, "\n"))
	lines := fitLines(strings.Split(out, "\n"), k.width)
	c.put(k, lines)
	return lines, nil
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

// renderer returns the glamour renderer for a width and style, building it
// the first time. Building costs ~70 µs; rendering is what is worth caching.
func (c *renderCache) renderer(rk rendererKey) (*glamour.TermRenderer, error) {
	if r, ok := c.renderers[rk]; ok {
		return r, nil
	}
	// A style file New parsed, else a standard style. A name that is
	// neither fails here, and the reader shows the text unrendered. The
	// standard styles are taken from glamour's table, not by name: glamour
	// would answer "auto" by querying the terminal.
	cfg, ok := c.custom[rk.style]
	if !ok {
		std, found := glamourstyles.DefaultStyles[rk.style]
		if !found {
			return nil, fmt.Errorf("glamour: %s: style not found", rk.style)
		}
		cfg = *std
	}
	r, err := glamour.NewTermRenderer(
		glamour.WithStyles(cfg),
		glamour.WithWordWrap(rk.width),
		// glamour would otherwise assume true colour.
		glamour.WithColorProfile(c.profile),
	)
	if err != nil {
		return nil, err
	}
	if len(c.renderers) >= maxRenderers {
		clear(c.renderers)
	}
	c.renderers[rk] = r
	return r, nil
}

// addStyle makes a parsed JSON style available under its path.
func (c *renderCache) addStyle(path string, cfg ansi.StyleConfig) {
	c.custom[path] = cfg
}

// loadStyle reads and parses a JSON style file once, before the program
// starts, so no renderer ever reads it inside Update. A standard style name
// comes back as it is, with no config. An empty style, or a file that
// cannot be used, gives the default for profile ("notty" without colour,
// else "dark"); for the file, with the reason.
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
		return fallback, nil, fmt.Errorf("glamour: error reading file: %w", err)
	}
	var parsed ansi.StyleConfig
	if err := json.Unmarshal(data, &parsed); err != nil {
		return fallback, nil, fmt.Errorf("glamour: %s: %w", style, err)
	}
	return style, &parsed, nil
}
