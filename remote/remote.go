// Package remote holds what herald's sync clients share: the entries and
// feeds a server gives, the errors a user can act on, and one careful HTTP
// client (a timeout on every call, a size cap on every body, Retry-After
// honoured, credentials never sent to another host). One package per
// protocol sits below it: remote/miniflux and remote/greader.
package remote

import (
	"errors"
	"fmt"
	"time"

	"github.com/herald-reader/herald/termsafe"
)

// Entry is one article as a server keeps it. Every string but Content has
// been through termsafe; Content is the server's HTML, which goes through
// the article pipeline like a feed's body.
type Entry struct {
	ID        string // the server's id for the entry, in decimal
	FeedID    string // the server's id for its feed
	URL       string
	Title     string
	Author    string
	Content   string
	Published time.Time
	Read      bool
	Starred   bool
	// Changed is when the server last changed the entry's state; zero when
	// the protocol does not say.
	Changed time.Time
}

// Feed is one subscription on a server.
type Feed struct {
	ID       string // the server's id for it
	URL      string // the feed's own address
	Title    string
	SiteURL  string
	Category string // the folder it sits in; herald shows it as a tag
	// CategoryID is the server's id for the folder, for mark-all-read.
	CategoryID string
}

// Errors a user can act on. Each is wrapped with the server's address and
// what was asked.
var (
	// ErrCredentials: the server refused the token or password.
	ErrCredentials = errors.New("the server refused the credentials")
	// ErrNotServer: the address answered, but not as this kind of server.
	ErrNotServer = errors.New("not such a server")
	// ErrOtherHost: the server redirected to another host, which herald
	// does not follow with the credentials.
	ErrOtherHost = errors.New("the server redirected to another host; not following with the credentials")
	// ErrNotFound: the server has no such feed, entry or folder.
	ErrNotFound = errors.New("the server has no such thing")
)

// StatusError is an answer the server gave with an error status.
type StatusError struct {
	Status int
	// Message is the server's own explanation, made safe and cut to one
	// short line; "" when it gave none.
	Message string
	// RetryAfter is how long the server asked us to wait (429, 503); 0
	// when it did not say.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("the server answered %d", e.Status)
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (asked to wait %s)", e.RetryAfter.Round(time.Second))
	}
	return s
}

// Clean makes a server string safe for the terminal and one line; it is the
// one door every server string passes.
func Clean(s string) string { return termsafe.SafeLine(s) }

// short cuts a server's message to a line a user will read.
func short(s string) string {
	s = Clean(s)
	const max = 200
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xc0 == 0x80 { // not inside a UTF-8 sequence
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
