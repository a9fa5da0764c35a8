package feedlist

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)

	"github.com/herald-reader/herald/termsafe"
)

// sqliteHeader opens every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// IsSQLite reports whether the file at path is an SQLite database, by its
// first bytes: what herald import reads as a newsboat cache rather than as
// OPML or a urls file.
func IsSQLite(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return bytes.Equal(head, sqliteHeader)
}

// NewsboatFeed is one feed of a newsboat cache with its articles, newest
// first.
type NewsboatFeed struct {
	URL   string // the feed's address, as newsboat's urls file spelled it
	Title string // the feed's own title, as newsboat last saw it
	Items []NewsboatItem
}

// NewsboatItem is one article of a newsboat cache.
type NewsboatItem struct {
	// ID is the article's identity as herald's own fetch of the feed would
	// give it (articles.ItemID), so a later fetch finds the article rather
	// than adding it again. NewsboatGUID is newsboat's.
	ID           string
	NewsboatGUID string
	Title        string
	Author       string
	URL          string
	Published    time.Time // zero when newsboat had no date
	Content      string    // HTML or text, as the feed gave it
	Unread       bool
	// Flagged: newsboat's flags (letters the user set on the article) are
	// not empty, which herald takes as starred.
	Flagged bool
}

// ErrNotNewsboat is returned (wrapped) for an SQLite file that is not a
// newsboat cache.
var ErrNotNewsboat = errors.New("not a newsboat cache")

// ReadNewsboatCache reads the newsboat cache.db at path, read only, and
// hands each of its feeds with its articles to fn, one feed at a time so a
// cache of any size is never in memory at once. Articles newsboat marked
// deleted are left out. A feed whose address is not http or https (exec:,
// filter:) is skipped and named in the warnings. fn's error stops the read
// and is returned.
func ReadNewsboatCache(ctx context.Context, path string, fn func(NewsboatFeed) error) (warnings []string, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	// Read only: newsboat may be running, and its cache is not ours to
	// change; mode=ro writes no journal beside it either.
	q.Set("mode", "ro")
	q.Add("_pragma", "busy_timeout(5000)")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	cols, err := newsboatColumns(ctx, db)
	if err != nil {
		return nil, err
	}
	feeds, err := newsboatFeeds(ctx, db)
	if err != nil {
		return nil, err
	}
	itemQuery := `SELECT guid, title, author, url, pubDate, content, unread, ` + cols.flags + `
FROM rss_item WHERE feedurl = ? AND ` + cols.live + ` ORDER BY pubDate DESC, id DESC`
	for _, f := range feeds {
		if !termsafe.IsWebURL(f.URL) {
			warnings = append(warnings, fmt.Sprintf("skipped the feed %s: herald fetches only http and https feeds", termsafe.SafeLine(f.URL)))
			continue
		}
		if f.Items, err = newsboatItems(ctx, db, itemQuery, f.URL); err != nil {
			return warnings, fmt.Errorf("feed %s: %w", termsafe.SafeLine(f.URL), err)
		}
		if err := fn(f); err != nil {
			return warnings, err
		}
	}
	return warnings, nil
}

// newsboatSQL is the optional part of the item query: columns newsboat
// added in later schema versions, or stand-ins when a cache lacks them.
type newsboatSQL struct {
	flags string // the flags column, or ''
	live  string // the condition that leaves out deleted articles
}

// newsboatColumns checks the file has newsboat's tables and the columns
// herald reads, and says which optional ones it has.
func newsboatColumns(ctx context.Context, db *sql.DB) (newsboatSQL, error) {
	has := map[string][]string{}
	for _, table := range []string{"rss_feed", "rss_item"} {
		rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
		if err != nil {
			return newsboatSQL{}, sqliteProblem(err)
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return newsboatSQL{}, sqliteProblem(err)
			}
			has[table] = append(has[table], strings.ToLower(name))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return newsboatSQL{}, sqliteProblem(err)
		}
	}
	need := []struct {
		table string
		cols  []string
	}{
		{"rss_feed", []string{"rssurl", "title"}},
		{"rss_item", []string{"id", "guid", "title", "author", "url", "feedurl", "pubdate", "content", "unread"}},
	}
	for _, n := range need {
		table, cols := n.table, n.cols
		if len(has[table]) == 0 {
			return newsboatSQL{}, fmt.Errorf("%w: an SQLite database without newsboat's %s table", ErrNotNewsboat, table)
		}
		for _, c := range cols {
			if !slices.Contains(has[table], c) {
				return newsboatSQL{}, fmt.Errorf("%w: its %s table has no %s column", ErrNotNewsboat, table, c)
			}
		}
	}
	out := newsboatSQL{flags: "''", live: "1"}
	if slices.Contains(has["rss_item"], "flags") {
		out.flags = "coalesce(flags, '')"
	}
	if slices.Contains(has["rss_item"], "deleted") {
		out.live = "deleted = 0"
	}
	return out, nil
}

// sqliteCode is the result code the driver puts after its messages.
var sqliteCode = regexp.MustCompile(`\s*\(\d+\)$`)

// sqliteProblem says why a file SQLite cannot read is no newsboat cache.
func sqliteProblem(err error) error {
	return fmt.Errorf("%w: SQLite cannot read it: %s", ErrNotNewsboat, sqliteCode.ReplaceAllString(err.Error(), ""))
}

// newsboatFeeds lists the cache's feeds: those newsboat recorded, then
// any its articles name that it did not.
func newsboatFeeds(ctx context.Context, db *sql.DB) ([]NewsboatFeed, error) {
	rows, err := db.QueryContext(ctx, `
SELECT rssurl, title FROM rss_feed
UNION ALL
SELECT DISTINCT feedurl, '' FROM rss_item WHERE feedurl NOT IN (SELECT rssurl FROM rss_feed)`)
	if err != nil {
		return nil, sqliteProblem(err)
	}
	defer rows.Close()
	var feeds []NewsboatFeed
	for rows.Next() {
		var f NewsboatFeed
		var title sql.NullString
		if err := rows.Scan(&f.URL, &title); err != nil {
			return nil, sqliteProblem(err)
		}
		f.URL = strings.TrimSpace(f.URL)
		f.Title = termsafe.SafeLine(title.String)
		feeds = append(feeds, f)
	}
	return feeds, rows.Err()
}

func newsboatItems(ctx context.Context, db *sql.DB, query, feedURL string) ([]NewsboatItem, error) {
	rows, err := db.QueryContext(ctx, query, feedURL)
	if err != nil {
		return nil, sqliteProblem(err)
	}
	defer rows.Close()
	var items []NewsboatItem
	for rows.Next() {
		var (
			it                        NewsboatItem
			guid, title, author, link sql.NullString
			content, flags            sql.NullString
			pub                       sql.NullInt64
			unread                    sql.NullInt64
		)
		if err := rows.Scan(&guid, &title, &author, &link, &pub, &content, &unread, &flags); err != nil {
			return nil, sqliteProblem(err)
		}
		it.NewsboatGUID = guid.String
		it.Title = termsafe.SafeLine(title.String)
		it.Author = termsafe.SafeLine(author.String)
		it.URL = termsafe.Safe(strings.TrimSpace(link.String))
		if pub.Valid && pub.Int64 > 0 {
			it.Published = time.Unix(pub.Int64, 0).UTC()
		}
		it.Content = content.String
		it.Unread = unread.Int64 != 0
		it.Flagged = strings.TrimSpace(flags.String) != ""
		it.ID = heraldID(it.NewsboatGUID, it.URL)
		items = append(items, it)
	}
	return items, rows.Err()
}

// yearish finds a year in what newsboat appended to a link.
var yearish = regexp.MustCompile(`\b(19|20)\d\d\b`)

// heraldID is the identity herald's own fetch gives the article newsboat
// knows by guid. Both readers use the feed's guid when it has one. Without
// one, newsboat takes the link followed by the date as the feed wrote it
// (else the link, else the title), where herald takes the link (else a
// hash of the title and date): so "link + a date" becomes the link. An
// article with neither guid nor link keeps newsboat's identity, which
// herald's fetch cannot reproduce (newsboat kept no date as written).
func heraldID(guid, link string) string {
	guid = termsafe.Safe(strings.TrimSpace(guid))
	if link != "" {
		if rest, ok := strings.CutPrefix(guid, link); ok && rest != "" && yearish.MatchString(rest) && !strings.ContainsAny(rest[:1], "/?#&") {
			return link
		}
	}
	if guid == "" {
		return link
	}
	return guid
}
