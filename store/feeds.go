package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/herald-reader/herald/articles"
)

// Feed statuses, as Feed.Status reports them. A feed never fetched has "".
const (
	StatusOK          = "ok"
	StatusNotModified = "not modified"
	StatusError       = "error"
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
	Status             string    // StatusOK, StatusNotModified, StatusError, or "" when never fetched
	Error              string    // the last fetch's failure; "" unless Status is StatusError
	Articles, Unread   int

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
func (s *Store) EnsureFeeds(ctx context.Context, entries []FeedEntry) error {
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
INSERT INTO feeds (url, title, position) VALUES (?, ?, ?)
ON CONFLICT (url) DO UPDATE SET title = excluded.title, position = excluded.position, removed = 0`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, e := range entries {
			if e.URL == "" {
				continue
			}
			if _, err := stmt.ExecContext(ctx, e.URL, e.Title, i); err != nil {
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
	return etag, lastModified, err
}

// Fetched is one successful fetch of a feed, as SaveItems stores it.
type Fetched struct {
	Feed               string // the feed's URL, as the feed list spells it
	Title              string // the feed's own title; empty keeps the one stored
	ETag, LastModified string // validators for the next conditional GET
	Items              []articles.Article
	// Keep is how many of the feed's articles retention keeps; 0 keeps all.
	Keep int
}

// SaveItems stores one successful fetch of a feed in one transaction: the
// feed's title and validators (status ok, error cleared), then every item,
// matched to what the cache holds by its identity (Items[i].ID, else
// articles.ItemID of what the item has). A new item is
// added unread, dated by its Published time or, without one, by now. An item
// seen before takes the new title, link, author, date, attachments and body
// and keeps its read and starred marks (and its full text).
//
// Then retention: when Keep > 0, only the newest Keep articles of the feed
// stay, plus every starred one, plus every item of this fetch (an item the
// feed still serves is never dropped, or it would come back as new and
// unread on the next fetch).
//
// It returns how many items were new.
func (s *Store) SaveItems(ctx context.Context, f Fetched) (added int, err error) {
	feedURL, items, keep := f.Feed, f.Items, f.Keep
	now := s.now().UnixMilli()
	err = s.write(ctx, func(tx *sql.Tx) error {
		added = 0
		// The feed's name before, for the index: a feed that renames
		// itself renames all its articles' feed field.
		var oldTitle, oldFeedTitle string
		existed := true
		switch err := tx.QueryRowContext(ctx, `SELECT title, feed_title FROM feeds WHERE url = ?`, feedURL).Scan(&oldTitle, &oldFeedTitle); err {
		case nil:
		case sql.ErrNoRows:
			existed = false
		default:
			return err
		}
		if _, err := tx.ExecContext(ctx, `
INSERT INTO feeds (url, feed_title, etag, last_modified, last_fetch, last_status, last_error)
VALUES (?, ?, ?, ?, ?, 'ok', '')
ON CONFLICT (url) DO UPDATE SET
	feed_title = CASE WHEN excluded.feed_title <> '' THEN excluded.feed_title ELSE feeds.feed_title END,
	etag = excluded.etag, last_modified = excluded.last_modified, last_fetch = excluded.last_fetch,
	last_status = 'ok', last_error = '', retry_at = 0, removed = 0`,
			feedURL, f.Title, f.ETag, f.LastModified, now); err != nil {
			return err
		}

		find, err := tx.PrepareContext(ctx, `SELECT id, body_hash, title, author FROM articles WHERE feed_url = ? AND guid = ?`)
		if err != nil {
			return err
		}
		defer find.Close()
		insert, err := tx.PrepareContext(ctx, `
INSERT INTO articles (feed_url, guid, url, title, author, published, first_seen, body_hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insert.Close()
		// A missing date keeps the one stored, which is the first-seen time
		// or a date an earlier version of the item gave. Inserts come here
		// too, for list_entry, which needs the new id.
		update, err := tx.PrepareContext(ctx, `
UPDATE articles SET url = ?1, title = ?2, author = ?3, published = coalesce(?4, published), body_hash = ?5,
	list_entry = id || char(0) || ?2 || char(0) || ?1 || char(0) || ?3 || char(0) || feed_url,
	enclosures = ?7
WHERE id = ?6`)
		if err != nil {
			return err
		}
		defer update.Close()
		body, err := tx.PrepareContext(ctx, `
INSERT INTO articles_body (id, sections, raw) VALUES (?, ?, ?)
ON CONFLICT (id) DO UPDATE SET sections = excluded.sections, raw = excluded.raw`)
		if err != nil {
			return err
		}
		defer body.Close()
		pend, err := tx.PrepareContext(ctx, markPending)
		if err != nil {
			return err
		}
		defer pend.Close()

		fetched := make([]int64, 0, len(items))
		for i := range items {
			it := &items[i]
			sections, err := json.Marshal(it.Sections)
			if err != nil {
				return err
			}
			enclosures, err := encodeEnclosures(it.Enclosures)
			if err != nil {
				return err
			}
			h := fnv.New64a()
			h.Write(sections)
			h.Write([]byte(it.Body))
			hash := int64(h.Sum64())
			guid := itemGUID(it)
			published := toMillis(it.Published)

			var id, oldHash int64
			var title, author string
			writeBody, isNew := true, false
			switch err := find.QueryRowContext(ctx, feedURL, guid).Scan(&id, &oldHash, &title, &author); err {
			case sql.ErrNoRows:
				isNew = true
				p := now
				if published.Valid {
					p = published.Int64
				}
				res, err := insert.ExecContext(ctx, feedURL, guid, noNUL(it.URL), noNUL(it.Title), noNUL(it.Author), p, now, hash)
				if err != nil {
					return err
				}
				if id, err = res.LastInsertId(); err != nil {
					return err
				}
				added++
			case nil:
				// Most re-fetched items are unchanged; skipping their
				// bodies keeps a warm fetch from rewriting megabytes.
				writeBody = hash != oldHash
			default:
				return err
			}
			if _, err := update.ExecContext(ctx, noNUL(it.URL), noNUL(it.Title), noNUL(it.Author), published, hash, id, enclosures); err != nil {
				return err
			}
			if writeBody {
				if _, err := body.ExecContext(ctx, id, string(sections), it.Body); err != nil {
					return err
				}
			}
			// The index takes it in before it is next read (index.go);
			// an item seen before and unchanged costs it nothing.
			if isNew || writeBody || title != noNUL(it.Title) || author != noNUL(it.Author) {
				if _, err := pend.ExecContext(ctx, id, !isNew); err != nil {
					return err
				}
			}
			fetched = append(fetched, id)
		}
		if existed && f.Title != "" && feedName(oldTitle, f.Title) != feedName(oldTitle, oldFeedTitle) {
			// The feed renamed itself: all its articles carry the name.
			if err := markFeedPending(ctx, tx, feedURL); err != nil {
				return err
			}
		}

		if keep <= 0 {
			return nil
		}
		ids, err := json.Marshal(fetched)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
DELETE FROM articles
WHERE feed_url = ? AND starred = 0
  AND id NOT IN (SELECT id FROM articles WHERE feed_url = ? ORDER BY published DESC, id DESC LIMIT ?)
  AND id NOT IN (SELECT value FROM json_each(?))`,
			feedURL, feedURL, keep, string(ids))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("save feed %s: %w", feedURL, err)
	}
	return added, nil
}

// noNUL drops NUL bytes, which List uses as its field separator; they are
// control characters termsafe.Safe would remove before display anyway.
func noNUL(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "")
}

// itemGUID is the key that recognises an item across fetches.
func itemGUID(it *articles.Article) string {
	if it.ID != "" {
		return it.ID
	}
	date := ""
	if !it.Published.IsZero() {
		date = it.Published.UTC().Format(time.RFC3339)
	}
	return articles.ItemID("", it.URL, it.Title, date)
}

// SaveNotModified records a fetch the server answered 304: the feed's
// articles and validators stay as they are.
func (s *Store) SaveNotModified(ctx context.Context, feedURL string) error {
	return s.saveStatus(ctx, feedURL, StatusNotModified, "", time.Time{})
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
func (s *Store) RemoveFeed(ctx context.Context, feedURL string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		return removeFeedTx(ctx, tx, feedURL)
	})
	if err != nil {
		return fmt.Errorf("remove feed %s: %w", feedURL, err)
	}
	return nil
}
