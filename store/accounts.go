package store

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"strings"
	"time"
)

// AccountFeedKey is herald's key (the feeds table's url) for a feed of an
// account: a scheme no feed list entry has, so it never meets a local feed
// of the same address.
func AccountFeedKey(account, remoteID string) string {
	return "account:" + account + ":" + remoteID
}

// AccountFeed is a subscription as an account's server lists it.
type AccountFeed struct {
	RemoteID    string
	Link, Title string // the feed's own address and title
	Tag, TagID  string // the server's folder: its name and its id
}

// SaveAccountFeeds records the account's subscriptions. A feed the server
// no longer lists goes the way RemoveFeed takes: its starred articles stay.
func (s *Store) SaveAccountFeeds(ctx context.Context, account string, feeds []AccountFeed) error {
	now := s.now().UnixMilli()
	err := s.write(ctx, func(tx *sql.Tx) error {
		names, err := feedNames(ctx, tx)
		if err != nil {
			return err
		}
		keep := make(map[string]bool, len(feeds))
		stmt, err := tx.PrepareContext(ctx, `
INSERT INTO feeds (url, account, remote_id, link, feed_title, tag, tag_id, last_fetch, last_status, removed)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ok', 0)
ON CONFLICT (url) DO UPDATE SET link = excluded.link, feed_title = excluded.feed_title, tag = excluded.tag,
	tag_id = excluded.tag_id, last_fetch = excluded.last_fetch, last_status = 'ok', last_error = '', removed = 0`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, f := range feeds {
			key := AccountFeedKey(account, f.RemoteID)
			keep[key] = true
			if _, err := stmt.ExecContext(ctx, key, account, f.RemoteID, f.Link, f.Title, f.Tag, f.TagID, now); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT url FROM feeds WHERE account = ? AND removed = 0`, account)
		if err != nil {
			return err
		}
		var gone []string
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return err
			}
			if !keep[u] {
				gone = append(gone, u)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, u := range gone {
			if err := removeFeedTx(ctx, tx, u); err != nil {
				return err
			}
		}
		// A feed the server renamed: its articles carry the name.
		return pendRenamed(ctx, tx, names)
	})
	if err != nil {
		return fmt.Errorf("save the feeds of %s: %w", account, err)
	}
	return nil
}

// removeFeedTx is RemoveFeed inside a transaction.
func removeFeedTx(ctx context.Context, tx *sql.Tx, feedURL string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE feed_url = ? AND starred = 0`, feedURL); err != nil {
		return err
	}
	var left int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE feed_url = ?`, feedURL).Scan(&left); err != nil {
		return err
	}
	if left == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM feeds WHERE url = ?`, feedURL)
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE feeds SET removed = 1, etag = '', last_modified = '' WHERE url = ?`, feedURL)
	return err
}

// RemoteEntry is an entry as an account's server gives it.
type RemoteEntry struct {
	RemoteID, FeedRemoteID string
	URL, Title, Author     string
	Body                   string // the server's HTML, split when opened
	Published              time.Time
	Read, Starred          bool
}

// Merged counts what a merge changed in the cache.
type Merged struct {
	Added   int // entries new to the cache
	Changed int // known entries whose read or starred mark changed
}

// MergeEntries stores entries pulled from the account's server, in one
// transaction. A new entry is added with the server's marks; a known one
// takes the server's text and marks. A mark with a local change still in
// the outbox keeps the local value: the push will carry it to the server.
func (s *Store) MergeEntries(ctx context.Context, account string, entries []RemoteEntry) (Merged, error) {
	var m Merged
	now := s.now().UnixMilli()
	err := s.write(ctx, func(tx *sql.Tx) error {
		m = Merged{}
		ps, err := loadPending(ctx, tx, account)
		if err != nil {
			return err
		}
		tags, err := feedTags(ctx, tx, account)
		if err != nil {
			return err
		}
		ensureFeed, err := tx.PrepareContext(ctx, `
INSERT INTO feeds (url, account, remote_id, last_status) VALUES (?, ?, ?, 'ok') ON CONFLICT (url) DO NOTHING`)
		if err != nil {
			return err
		}
		defer ensureFeed.Close()
		// account <> '' lets SQLite use the partial index articles_remote,
		// which it cannot prove for a bound parameter: without it every
		// lookup scans the table, and a first sync of 10,000 entries
		// takes seconds instead of milliseconds.
		find, err := tx.PrepareContext(ctx, `SELECT id, read, starred, body_hash, title, author FROM articles WHERE account = ? AND account <> '' AND remote_id = ?`)
		if err != nil {
			return err
		}
		defer find.Close()
		insert, err := tx.PrepareContext(ctx, `
INSERT INTO articles (feed_url, guid, account, remote_id, published, first_seen, read, starred, undated)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insert.Close()
		update, err := tx.PrepareContext(ctx, `
UPDATE articles SET url = ?1, title = ?2, author = ?3, published = coalesce(?4, published), body_hash = ?5, read = ?6, starred = ?7,
	undated = CASE WHEN ?4 IS NULL THEN undated ELSE 0 END,
	list_entry = id || char(0) || ?2 || char(0) || ?1 || char(0) || ?3 || char(0) || feed_url
WHERE id = ?8`)
		if err != nil {
			return err
		}
		defer update.Close()
		body, err := tx.PrepareContext(ctx, `
INSERT INTO articles_body (id, sections, raw) VALUES (?, 'null', ?)
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
		seenFeed := map[string]bool{}
		for _, e := range entries {
			key := AccountFeedKey(account, e.FeedRemoteID)
			if !seenFeed[key] {
				// An entry can arrive before its feed is listed (it was
				// added on the server in between).
				if _, err := ensureFeed.ExecContext(ctx, key, account, e.FeedRemoteID); err != nil {
					return err
				}
				seenFeed[key] = true
			}
			h := fnv.New64a()
			h.Write([]byte(e.Body))
			hash := int64(h.Sum64())
			// An entry the server gives no date sorts by when it was
			// first seen, and shows as undated (as SaveItems does).
			published, dated := toMillis(e.Published), toMillis(e.Published)
			if !published.Valid {
				published.Int64, published.Valid = now, true
			}
			read, starred := e.Read, e.Starred
			var id, oldHash int64
			var oldRead, oldStarred, isNew bool
			var oldTitle, oldAuthor string
			switch err := find.QueryRowContext(ctx, account, e.RemoteID).Scan(&id, &oldRead, &oldStarred, &oldHash, &oldTitle, &oldAuthor); err {
			case sql.ErrNoRows:
				isNew = true
				if ps.readPending(e.RemoteID, e.FeedRemoteID, tags[e.FeedRemoteID], e.Published) {
					read = true // a pending mark-all-read covers it
				}
				res, err := insert.ExecContext(ctx, key, e.RemoteID, account, e.RemoteID, published, now, read, starred, !dated.Valid)
				if err != nil {
					return err
				}
				if id, err = res.LastInsertId(); err != nil {
					return err
				}
				oldHash = hash + 1
				m.Added++
			case nil:
				if ps.readPending(e.RemoteID, e.FeedRemoteID, tags[e.FeedRemoteID], e.Published) {
					read = oldRead
				}
				if ps.starPending(e.RemoteID) {
					starred = oldStarred
				}
				if read != oldRead || starred != oldStarred {
					m.Changed++
				}
			default:
				return err
			}
			if _, err := update.ExecContext(ctx, noNUL(e.URL), noNUL(e.Title), noNUL(e.Author), dated, hash, read, starred, id); err != nil {
				return err
			}
			if hash != oldHash {
				if _, err := body.ExecContext(ctx, id, e.Body); err != nil {
					return err
				}
			}
			// For the search index, as SaveItems does.
			if isNew || hash != oldHash || oldTitle != noNUL(e.Title) || oldAuthor != noNUL(e.Author) {
				if _, err := pend.ExecContext(ctx, id, !isNew); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return Merged{}, fmt.Errorf("save the entries of %s: %w", account, err)
	}
	return m, nil
}

// feedTags maps the account's feeds (server ids) to their folders' ids.
func feedTags(ctx context.Context, tx *sql.Tx, account string) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT remote_id, tag_id FROM feeds WHERE account = ?`, account)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var id, tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return nil, err
		}
		m[id] = tag
	}
	return m, rows.Err()
}

// Marks are an entry's read and starred marks.
type Marks struct{ Read, Starred bool }

// AccountMarks returns the marks of every entry of the account the cache
// holds, by the server's id, for a sync that compares sets.
func (s *Store) AccountMarks(ctx context.Context, account string) (map[string]Marks, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT remote_id, read, starred FROM articles WHERE account = ? AND account <> ''`, account)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]Marks{}
	for rows.Next() {
		var id string
		var mk Marks
		if err := rows.Scan(&id, &mk.Read, &mk.Starred); err != nil {
			return nil, err
		}
		m[id] = mk
	}
	return m, rows.Err()
}

// SetRemoteMarks sets one mark (KindRead or KindStarred) on the account's
// entries with the given server ids, as the server reported them, except
// where a local change still waits in the outbox. It returns how many
// changed.
func (s *Store) SetRemoteMarks(ctx context.Context, account, kind string, ids []string, on bool) (int, error) {
	if kind != KindRead && kind != KindStarred {
		return 0, fmt.Errorf("no such mark %q", kind)
	}
	var changed int
	err := s.write(ctx, func(tx *sql.Tx) error {
		changed = 0
		ps, err := loadPending(ctx, tx, account)
		if err != nil {
			return err
		}
		tags, err := feedTags(ctx, tx, account)
		if err != nil {
			return err
		}
		find, err := tx.PrepareContext(ctx, `
SELECT a.id, a.`+kind+`, f.remote_id, a.published FROM articles a JOIN feeds f ON f.url = a.feed_url
WHERE a.account = ? AND a.account <> '' AND a.remote_id = ?`)
		if err != nil {
			return err
		}
		defer find.Close()
		set, err := tx.PrepareContext(ctx, `UPDATE articles SET `+kind+` = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer set.Close()
		for _, rid := range ids {
			var id, published int64
			var old bool
			var feedID string
			switch err := find.QueryRowContext(ctx, account, rid).Scan(&id, &old, &feedID, &published); err {
			case sql.ErrNoRows:
				continue
			case nil:
			default:
				return err
			}
			if old == on {
				continue
			}
			if kind == KindRead && ps.readPending(rid, feedID, tags[feedID], time.UnixMilli(published)) {
				continue
			}
			if kind == KindStarred && ps.starPending(rid) {
				continue
			}
			if _, err := set.ExecContext(ctx, on, id); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("save the marks of %s: %w", account, err)
	}
	return changed, nil
}

// Cursor returns the sync bookmark saved for the account; "" before its
// first sync.
func (s *Store) Cursor(ctx context.Context, account string) (string, error) {
	var c string
	err := s.db.QueryRowContext(ctx, `SELECT cursor FROM accounts WHERE name = ?`, account).Scan(&c)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return c, err
}

// SaveCursor records the bookmark a sync reached and when.
func (s *Store) SaveCursor(ctx context.Context, account, cursor string) error {
	now := s.now().UnixMilli()
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO accounts (name, cursor, last_sync, last_error) VALUES (?, ?, ?, '')
ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, last_sync = excluded.last_sync, last_error = ''`,
			account, cursor, now)
		return err
	})
}

// SaveSyncError records why the account's last sync failed; its feeds show
// it as their error.
func (s *Store) SaveSyncError(ctx context.Context, account, msg string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `
INSERT INTO accounts (name, last_error) VALUES (?, ?)
ON CONFLICT (name) DO UPDATE SET last_error = excluded.last_error`, account, msg); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE feeds SET last_status = 'error', last_error = ? WHERE account = ? AND removed = 0`, msg, account)
		return err
	})
}

// AccountFeedsByLink finds the account feeds whose own address is link,
// for removing one on its server.
func (s *Store) AccountFeedsByLink(ctx context.Context, link string) ([]Feed, error) {
	all, err := s.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	var out []Feed
	for _, f := range all {
		if f.Account != "" && strings.TrimSuffix(f.Link, "/") == strings.TrimSuffix(link, "/") {
			out = append(out, f)
		}
	}
	return out, nil
}
