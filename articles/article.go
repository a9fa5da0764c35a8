// Package articles holds herald's article model: sections split from
// Markdown, plain text or HTML, and the articles bundled in the binary.
package articles

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Section is one headed part of an article, the unit the reader shows.
type Section struct {
	Title    string `json:"title"`
	Level    int    `json:"level"` // 1-6; the section pane indents deeper levels
	Markdown string `json:"markdown"`
}

// Article is what the library lists and the reader opens. Articles listed
// from the cache may come without Sections; the reader loads them on open.
type Article struct {
	ID        string    `json:"id"`
	Source    string    `json:"source"` // feed title, site name, or "Bundled"
	Title     string    `json:"title"`
	URL       string    `json:"url"` // the source link, http(s) or empty
	Author    string    `json:"author,omitempty"`
	Published time.Time `json:"published"`
	Sections  []Section `json:"sections"`
	// Body is the text as its feed gave it (HTML or plain text), kept
	// instead of Sections when splitting waits until the article is opened:
	// converting HTML is the costliest step of a refresh, and most articles
	// are never read.
	Body string `json:"-"`

	// State kept by the cache; bundled and local articles leave them zero.
	FeedURL string `json:"-"`
	Read    bool   `json:"-"`
	Starred bool   `json:"-"`
	// New: the article arrived after herald was last opened.
	New bool `json:"-"`
}

// Errors a caller can show the user as they are.
var (
	ErrEmpty  = errors.New("the file is empty")
	ErrBinary = errors.New("the file is not text")
)

// ItemID is a feed item's identity across fetches: its guid (or Atom id),
// else its link, else a hash of its title and date as the feed wrote it, so
// an item keeps its identity even in feeds that give it none. It is the one
// definition; the parser and the cache both use it.
func ItemID(guid, link, title, date string) string {
	if guid != "" {
		return guid
	}
	if link != "" {
		return link
	}
	sum := sha256.Sum256([]byte(title + "\x00" + date))
	return hex.EncodeToString(sum[:])
}
