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
	ID     string `json:"id"`
	Source string `json:"source"` // feed title, site name, or "Bundled"
	Title  string `json:"title"`
	URL    string `json:"url"` // the source link, http(s) or empty
	Author string `json:"author,omitempty"`
	// Published is the date the feed or file gave; zero when it gave none.
	Published time.Time `json:"published"`
	// FirstSeen is when herald first saw a feed's article; zero for
	// bundled and local ones, and in lists for articles that are dated.
	FirstSeen time.Time `json:"-"`
	Sections  []Section `json:"sections"`
	// Links is every link and image of Sections, numbered in reading
	// order (FindLinks). The reader shows the numbers; the backend fills
	// it when it hands out an article with its sections.
	Links []Link `json:"links,omitempty"`
	// Enclosures are the item's attachments: a podcast's audio, a video,
	// a document.
	Enclosures []Enclosure `json:"enclosures,omitempty"`
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
	// HasEnclosures is set on listed articles that have attachments the
	// list leaves out: the library marks them without loading them.
	HasEnclosures bool `json:"-"`
	// FullText: Sections come from the article's web page (reader mode),
	// not from its feed. (Beside the other flags: a feed's articles are
	// held by the thousand, and the flags share one word.)
	FullText bool `json:"full_text,omitempty"`
}

// Link is one link or image of an article. N counts from 1 through the
// whole article; Section is the index of the section it is in.
type Link struct {
	N       int    `json:"n"`
	Text    string `json:"text"` // the link's text, an image's alt text
	URL     string `json:"url"`  // as written, made absolute where a base was known
	Image   bool   `json:"-"`
	Section int    `json:"-"`
}

// Enclosure is an attachment of a feed item.
type Enclosure struct {
	URL  string `json:"url"`
	Type string `json:"type"` // MIME type, "" when the feed gave none
	// Length is the size in bytes, 0 when unknown.
	Length int64 `json:"length"`
	// Duration is the playing time, 0 when unknown.
	Duration time.Duration `json:"-"`
}

// SortTime is when the article sorts in the library: its published date,
// else the time herald first saw it.
func (a Article) SortTime() time.Time {
	if a.Published.IsZero() {
		return a.FirstSeen
	}
	return a.Published
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
