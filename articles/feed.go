package articles

import (
	"strconv"
	"time"
)

// Feed is a feed as the library shows it: what the feed list says of it and
// how its last fetch went.
type Feed struct {
	URL, Title string
	Tags       []string
	LastFetch  time.Time // zero when never fetched
	Status     string    // "ok", "not modified", "error", "never fetched"
	Error      string
	Articles   int
	Unread     int
	// Account is the sync account the feed belongs to, "" for the feed
	// list's own. An account feed's URL is herald's key for it, and Link the
	// feed's own address.
	Account, Link string
	// FullText: the feed list asks for the web page of every new article
	// (fulltext=yes).
	FullText bool
}

// Progress is how far a background job (a refresh, later a sync) has come.
type Progress struct {
	Done, Total int
	Failed      int
	New         int // articles added so far
}

// Plural is "1 article" or "3 articles": count and noun, the noun plural
// by adding s unless n is 1.
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
