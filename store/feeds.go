package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Feed statuses, as Feed.Status reports them. A feed never fetched has "".
const (
	StatusOK          = "ok"
	StatusNotModified = "not modified"
	StatusError       = "error"
	// StatusRecovered is a feed that was broken but loaded: the parser
	// repaired it, and Feed.Error says what was wrong.
	StatusRecovered = "recovered"
)

// Feed is one followed feed with the outcome of its last fetch.
type Feed struct {
	URL string
	// Title is the user's title from the feed list when it has one, else the
	// title the feed gave itself, else "".
	Title string
	// ETag and LastModified are the validators for the next conditional GET.
	ETag, LastModified string
	LastFetch          time.Time // zero when never fetched
	RetryAt            time.Time // the server asked for no fetch before this; zero: none
	Status             string    // StatusOK, StatusNotModified, StatusError, StatusRecovered, or "" when never fetched
	// Error is the last fetch's failure (StatusError), or what was wrong
	// with a feed that loaded anyway (StatusRecovered); else "".
	Error            string
	Articles, Unread int

	// Account is the sync account the feed belongs to; "" for the feed
	// list's own feeds. An account feed's URL is herald's key for it; Link
	// is the feed's own address, RemoteID the server's id, Tag its folder.
	Account, Link, RemoteID, Tag string
}

// FeedEntry is one entry of the user's feed list, as EnsureFeeds takes it.
type FeedEntry struct {
	URL   string
	Title string // the user's own title; "" to use the feed's
}

// EnsureFeeds makes a row for every entry, so Feeds lists feeds never fetched
// yet, and records the user's titles and the list's order (Feeds follows it).
// Feeds already known keep their validators, status and articles. Feeds not
// in entries (deleted from the list by hand) are no longer listed by Feeds;
// their articles stay until RemoveFeed drops them.
//
// listed is when the feed list was read (zero: now). A feed that
// RemoveFeed took out at or after that time stays out: the list was read
// before the removal. One removed before it is followed again.
func (s *Store) EnsureFeeds(ctx context.Context, entries []FeedEntry, listed time.Time) error {
	if listed.IsZero() {
		listed = s.now()
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		names, err := feedNames(ctx, tx)
		if err != nil {
			return err
		}
		// Every feed is retired, then the listed ones come back: no list of
		// addresses has to survive a round trip through SQL.
		// Account feeds follow their server, not the list.
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET removed = 1 WHERE account = ''`); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `
INSERT INTO feeds (url, title, position) VALUES (?1, ?2, ?3)
ON CONFLICT (url) DO UPDATE SET title = excluded.title, position = excluded.position,
	removed = feeds.removed_at >= ?4,
	removed_at = CASE WHEN feeds.removed_at >= ?4 THEN feeds.removed_at ELSE 0 END`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, e := range entries {
			if e.URL == "" {
				continue
			}
			if _, err := stmt.ExecContext(ctx, e.URL, e.Title, i, listed.UnixMilli()); err != nil {
				return fmt.Errorf("feed %s: %w", e.URL, err)
			}
		}
		// A title the user changed is the feed's name in the index too.
		return pendRenamed(ctx, tx, names)
	})
}

// Feeds returns every followed feed in feed-list order, with its article and
// unread counts.
func (s *Store) Feeds(ctx context.Context) ([]Feed, error) {
	feeds, err := s.feeds(ctx)
	return feeds, damaged(err)
}

func (s *Store) feeds(ctx context.Context) ([]Feed, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT f.url, f.title, f.feed_title, f.etag, f.last_modified, f.last_fetch, f.retry_at, f.last_status, f.last_error,
       (SELECT count(*) FROM articles a WHERE a.feed_url = f.url),
       (SELECT count(*) FROM articles a WHERE a.feed_url = f.url AND a.read = 0),
       f.account, f.link, f.remote_id, f.tag
FROM feeds f
WHERE f.removed = 0
ORDER BY f.account, f.position, f.tag, f.feed_title, f.url`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var feeds []Feed
	for rows.Next() {
		var f Feed
		var feedTitle string
		var last sql.NullInt64
		var retry int64
		if err := rows.Scan(&f.URL, &f.Title, &feedTitle, &f.ETag, &f.LastModified, &last, &retry,
			&f.Status, &f.Error, &f.Articles, &f.Unread, &f.Account, &f.Link, &f.RemoteID, &f.Tag); err != nil {
			return nil, err
		}
		if f.Title == "" {
			f.Title = feedTitle
		}
		f.LastFetch = fromMillis(last)
		if retry > 0 {
			f.RetryAt = time.UnixMilli(retry)
		}
		feeds = append(feeds, f)
	}
	return feeds, rows.Err()
}

// Validators returns the ETag and Last-Modified stored by the feed's last
// successful fetch, for a conditional GET; both "" for a feed never fetched.
func (s *Store) Validators(ctx context.Context, feedURL string) (etag, lastModified string, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT etag, last_modified FROM feeds WHERE url = ?`, feedURL).
		Scan(&etag, &lastModified)
	if err == sql.ErrNoRows {
		return "", "", nil
	}
	return etag, lastModified, damaged(err)
}

// SaveNotModified records a fetch the server answered 304: the feed's
// articles and validators stay as they are. A recovered feed stays
// recovered, with its reason: what the cache holds of it is still what the
// parser repaired.
func (s *Store) SaveNotModified(ctx context.Context, feedURL string) error {
	now := s.now().UnixMilli()
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO feeds (url, last_fetch, last_status) VALUES (?1, ?2, ?3)
ON CONFLICT (url) DO UPDATE SET
	last_fetch = ?2, retry_at = 0,
	last_error = CASE WHEN last_status = ?4 THEN last_error ELSE '' END,
	last_status = CASE WHEN last_status = ?4 THEN ?4 ELSE ?3 END`,
			feedURL, now, StatusNotModified, StatusRecovered)
		return err
	})
	if err != nil {
		return fmt.Errorf("save feed %s: %w", feedURL, err)
	}
	return nil
}

// SaveError records a failed fetch with its reason. The feed's articles,
// their marks and the validators stay as they were.
func (s *Store) SaveError(ctx context.Context, feedURL, msg string) error {
	return s.saveStatus(ctx, feedURL, StatusError, msg, time.Time{})
}

// SaveRetryAfter records a fetch the server turned away (429, 503) and the
// time it asked us to wait for; Feeds reports it as RetryAt.
func (s *Store) SaveRetryAfter(ctx context.Context, feedURL, msg string, until time.Time) error {
	return s.saveStatus(ctx, feedURL, StatusError, msg, until)
}

func (s *Store) saveStatus(ctx context.Context, feedURL, status, msg string, retryAt time.Time) error {
	var retry int64
	if !retryAt.IsZero() {
		retry = retryAt.UnixMilli()
	}
	now := s.now().UnixMilli()
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO feeds (url, last_fetch, last_status, last_error, retry_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET
	last_fetch = excluded.last_fetch, last_status = excluded.last_status, last_error = excluded.last_error,
	retry_at = excluded.retry_at`,
			feedURL, now, status, msg, retry)
		return err
	})
	if err != nil {
		return fmt.Errorf("save feed %s: %w", feedURL, err)
	}
	return nil
}

// RemoveFeed forgets a feed and its articles, except starred ones: those
// stay in the library (under the feed's title) until unstarred and the feed
// is removed again, or for ever. Feeds no longer lists the feed. Removing a
// feed the cache does not know is not an error.
//
// The feed's row stays as a tombstone that records when: from the first
// transaction on, a fetch that began before it cannot save the feed back
// (SaveItems fails with ErrRemoved), nor can a list read before it make
// EnsureFeeds follow the feed again. The articles then go in batches, so a
// feed of 200,000 articles does not hold the write lock for seconds; a
// kill part-way leaves some, which removing the feed again deletes.
func (s *Store) RemoveFeed(ctx context.Context, feedURL string) error {
	now := s.now().UnixMilli()
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO feeds (url, removed, removed_at) VALUES (?1, 1, ?2)
ON CONFLICT (url) DO UPDATE SET removed = 1, removed_at = ?2, etag = '', last_modified = ''`, feedURL, now)
		return err
	})
	if err == nil {
		err = s.writeChunks(ctx, nil, func(tx *sql.Tx) (more bool, err error) {
			res, err := tx.ExecContext(ctx, `
DELETE FROM articles WHERE id IN (
	SELECT id FROM articles WHERE feed_url = ? AND starred = 0 LIMIT ?)`, feedURL, retentionBatch)
			if err != nil {
				return false, err
			}
			gone, err := res.RowsAffected()
			return gone == retentionBatch, err
		})
	}
	if err != nil {
		return fmt.Errorf("remove feed %s: %w", feedURL, err)
	}
	return nil
}

// Unlisted returns the feeds the cache still holds articles of that are
// not in listed, the feed list as the caller read it: taken out of the list
// by hand (whether or not a fetch has noticed since), or left by a removal
// that was cut short. Articles counts them all; Starred is how many are
// starred, which RemoveFeed keeps. Feeds of a sync account are not the
// list's and are never returned.
func (s *Store) Unlisted(ctx context.Context, listed []string) ([]UnlistedFeed, error) {
	followed := make(map[string]bool, len(listed))
	for _, u := range listed {
		followed[u] = true
	}
	rows, err := s.db.QueryContext(ctx, `
SELECT f.url, count(*), sum(a.starred)
FROM feeds f JOIN articles a ON a.feed_url = f.url
WHERE f.account = ''
GROUP BY f.url
ORDER BY f.url`)
	if err != nil {
		return nil, damaged(err)
	}
	defer rows.Close()
	var out []UnlistedFeed
	for rows.Next() {
		var f UnlistedFeed
		if err := rows.Scan(&f.URL, &f.Articles, &f.Starred); err != nil {
			return nil, err
		}
		if !followed[f.URL] {
			out = append(out, f)
		}
	}
	return out, damaged(rows.Err())
}

// UnlistedFeed is a feed Unlisted returns.
type UnlistedFeed struct {
	URL               string
	Articles, Starred int
}
