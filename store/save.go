package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/herald-reader/herald/articles"
)

// ErrRemoved is returned (wrapped) by SaveItems for a feed that herald
// remove took out after the fetch began: the removal wins, and nothing of
// the fetch is kept.
var ErrRemoved = errors.New("the feed was removed while it was being fetched")

// A big feed is saved in chunks of at most chunkItems items or chunkBytes
// of text, each its own transaction, with a pause between them
// (writeChunks): another writer (a mark in the TUI, another herald's fetch)
// gets the lock within a chunk's time, well under a second, instead of
// waiting out the whole feed (200,000 items took 14-25 s in one
// transaction). The pause is paid only by feeds bigger than one chunk.
const (
	chunkItems = 250
	chunkBytes = 2 << 20
	chunkPause = 2 * time.Millisecond
	// retentionBatch is how many old articles one retention transaction
	// deletes.
	retentionBatch = 1000
)

// Fetched is one successful fetch of a feed, as SaveItems stores it.
type Fetched struct {
	Feed               string // the feed's URL, as the feed list spells it
	Title              string // the feed's own title; empty keeps the one stored
	ETag, LastModified string // validators for the next conditional GET
	Items              []articles.Article
	// Keep is how many of the feed's articles retention keeps; 0 keeps all.
	Keep int
	// Recovered says what was wrong with a feed that loaded anyway (the
	// parser repaired it); the feed's status is then StatusRecovered, with
	// this as its Error. "" for a sound feed.
	Recovered string
	// Started is when the fetch began, before the feed list was read: a
	// feed removed (RemoveFeed) at or after it is not saved (ErrRemoved).
	// Zero is the time SaveItems is called.
	Started time.Time
}

// SaveItems stores one successful fetch of a feed: every item, matched to
// what the cache holds by its identity (Items[i].ID, else articles.ItemID of
// what the item has), then the feed's title, validators and status (ok or
// recovered, error cleared). A new item is added unread, dated by its
// Published time or, without one, by the time it was first seen (and kept
// marked undated). An item seen before takes the new title, link, author,
// date, attachments and body and keeps its read and starred marks (and its
// full text).
//
// A big feed is saved in several transactions (see chunkItems), the feed's
// validators in the last: a crash or a kill part-way keeps the items saved
// so far, and the next fetch, without the new validators, gets the whole
// feed again and saves the rest. Each transaction first checks that the
// feed was not removed since f.Started; once it was, SaveItems stops with
// ErrRemoved, and RemoveFeed has deleted (or will delete) what came before.
//
// Then retention: when Keep > 0, only the newest Keep articles of the feed
// stay, plus every starred one, plus every item of this fetch (an item the
// feed still serves is never dropped, or it would come back as new and
// unread on the next fetch).
//
// It returns how many items were new.
func (s *Store) SaveItems(ctx context.Context, f Fetched) (added int, err error) {
	started := f.Started
	if started.IsZero() {
		started = s.now()
	}
	now := s.seenStamp()
	status := StatusOK
	if f.Recovered != "" {
		status = StatusRecovered
	}
	start := 0
	var rows []row // the items of the next chunk, from start
	// The feed's name before, for the search index: a feed that renames
	// itself renames all its articles' feed field.
	var oldTitle, oldFeedTitle string
	existed := true
	prepare := func() (err error) {
		rows, err = prepareRows(f.Items[start:min(start+s.chunkItems, len(f.Items))], rows)
		return err
	}
	err = s.writeChunks(ctx, prepare, func(tx *sql.Tx) (more bool, err error) {
		if start == 0 {
			switch err := tx.QueryRowContext(ctx, `SELECT title, feed_title FROM feeds WHERE url = ?`, f.Feed).Scan(&oldTitle, &oldFeedTitle); err {
			case nil:
			case sql.ErrNoRows:
				existed = false
			default:
				return false, err
			}
		}
		if err := checkNotRemoved(ctx, tx, f.Feed, started); err != nil {
			return false, err
		}
		end := start + chunkEnd(rows)
		n, err := saveChunk(ctx, tx, f.Feed, rows[:end-start], now)
		if err != nil {
			return false, err
		}
		// A failed commit fails SaveItems, whatever these counted.
		start, added = end, added+n
		if end < len(f.Items) {
			return true, nil
		}
		_, err = tx.ExecContext(ctx, `
INSERT INTO feeds (url, feed_title, etag, last_modified, last_fetch, last_status, last_error)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET
	feed_title = CASE WHEN excluded.feed_title <> '' THEN excluded.feed_title ELSE feeds.feed_title END,
	etag = excluded.etag, last_modified = excluded.last_modified, last_fetch = excluded.last_fetch,
	last_status = excluded.last_status, last_error = excluded.last_error, retry_at = 0`,
			f.Feed, f.Title, f.ETag, f.LastModified, now, status, f.Recovered)
		if err == nil && existed && f.Title != "" && feedName(oldTitle, f.Title) != feedName(oldTitle, oldFeedTitle) {
			// The feed renamed itself: all its articles carry the name.
			err = markFeedPending(ctx, tx, f.Feed)
		}
		return false, err
	})
	if err != nil {
		return added, fmt.Errorf("save feed %s: %w", f.Feed, err)
	}
	if f.Keep > 0 {
		if err := s.retain(ctx, f.Feed, f.Keep, now); err != nil {
			return added, fmt.Errorf("save feed %s: %w", f.Feed, err)
		}
	}
	return added, nil
}

// chunkEnd is how many of rows (at most chunkItems, from prepareRows) one
// chunk saves: all of them, or fewer once chunkBytes of text are in, and
// always at least one.
func chunkEnd(rows []row) int {
	size := 0
	for i := range rows {
		size += rows[i].size
		if size >= chunkBytes {
			return i + 1
		}
	}
	return len(rows)
}

// row is an item as saveChunk writes it. Everything that takes only CPU is
// worked out by prepareRows before the write lock is taken, so that the
// feeds of a refresh do it side by side instead of one after another.
type row struct {
	guid, url, title, author string
	published                sql.NullInt64
	sections, body           string
	enclosures               string
	hash                     int64
	size                     int // bytes of text, for chunkEnd
}

// prepareRows makes the rows of items, reusing buf.
func prepareRows(items []articles.Article, buf []row) ([]row, error) {
	rows := slices.Grow(buf[:0], len(items))[:len(items)]
	for i := range items {
		it := &items[i]
		sections, err := json.Marshal(it.Sections)
		if err != nil {
			return nil, err
		}
		enclosures, err := encodeEnclosures(it.Enclosures)
		if err != nil {
			return nil, err
		}
		h := fnv.New64a()
		h.Write(sections)
		h.Write([]byte(it.Body))
		rows[i] = row{
			guid: itemGUID(it), url: noNUL(it.URL), title: noNUL(it.Title), author: noNUL(it.Author),
			published: toMillis(it.Published), sections: string(sections), body: it.Body,
			enclosures: enclosures, hash: int64(h.Sum64()),
			size: len(it.Body) + len(it.Title) + len(it.URL) + len(sections),
		}
	}
	return rows, nil
}

// checkNotRemoved fails with ErrRemoved when herald remove took the feed
// out at or after started. It makes the feed's row when there is none, so
// the articles' foreign key holds.
func checkNotRemoved(ctx context.Context, tx *sql.Tx, feedURL string, started time.Time) error {
	var removedAt int64
	err := tx.QueryRowContext(ctx, `SELECT removed_at FROM feeds WHERE url = ?`, feedURL).Scan(&removedAt)
	switch {
	case err == sql.ErrNoRows:
		_, err = tx.ExecContext(ctx, `INSERT INTO feeds (url) VALUES (?)`, feedURL)
		return err
	case err != nil:
		return err
	case removedAt != 0 && removedAt >= started.UnixMilli():
		return ErrRemoved
	}
	return nil
}

// saveChunk saves items inside tx, each marked seen at now, and returns
// how many were new.
//
// A new item is one INSERT with its id and list_entry already worked out,
// and a feed the cache holds nothing of skips the lookup of each item: on
// a first refresh that is two statements in five saved, most of its cost
// after the commits. The id is the one AUTOINCREMENT would give:
// sqlite_sequence holds the largest id ever used, and no other writer runs
// inside this transaction.
func saveChunk(ctx context.Context, tx *sql.Tx, feedURL string, rows []row, now int64) (added int, err error) {
	// The driver watches a context that can end with a goroutine for each
	// statement, three statements an item. A chunk is short, and a
	// cancelled save stops between chunks instead.
	ctx = context.WithoutCancel(ctx)
	var known bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE feed_url = ?)`, feedURL).Scan(&known); err != nil {
		return 0, err
	}
	var lastID int64
	if err := tx.QueryRowContext(ctx,
		`SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'articles'), (SELECT max(id) FROM articles), 0)`).Scan(&lastID); err != nil {
		return 0, err
	}
	find, err := tx.PrepareContext(ctx, `SELECT id, body_hash, title, author FROM articles WHERE feed_url = ? AND guid = ?`)
	if err != nil {
		return 0, err
	}
	defer find.Close()
	insert, err := tx.PrepareContext(ctx, `
INSERT INTO articles (id, feed_url, guid, url, title, author, published, first_seen, body_hash, undated, seen_at, list_entry, enclosures)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer insert.Close()
	// A missing date keeps the one stored, which is the first-seen time
	// (still undated) or a date an earlier version of the item gave.
	update, err := tx.PrepareContext(ctx, `
UPDATE articles SET url = ?1, title = ?2, author = ?3, published = coalesce(?4, published), body_hash = ?5,
	undated = CASE WHEN ?4 IS NULL THEN undated ELSE 0 END, seen_at = ?7,
	list_entry = id || char(0) || ?2 || char(0) || ?1 || char(0) || ?3 || char(0) || feed_url,
	enclosures = ?8
WHERE id = ?6`)
	if err != nil {
		return 0, err
	}
	defer update.Close()
	body, err := tx.PrepareContext(ctx, `
INSERT INTO articles_body (id, sections, raw) VALUES (?, ?, ?)
ON CONFLICT (id) DO UPDATE SET sections = excluded.sections, raw = excluded.raw`)
	if err != nil {
		return 0, err
	}
	defer body.Close()
	pend, err := tx.PrepareContext(ctx, markPending)
	if err != nil {
		return 0, err
	}
	defer pend.Close()

	// A feed may serve one item twice: the second time it is known.
	var inserted map[string]bool
	if !known {
		inserted = make(map[string]bool, len(rows))
	}
	for i := range rows {
		r := &rows[i]
		guid, url, title, author, published := r.guid, r.url, r.title, r.author, r.published
		var id, oldHash int64
		var oldTitle, oldAuthor string
		lookup := sql.ErrNoRows
		if known || inserted[guid] {
			lookup = find.QueryRowContext(ctx, feedURL, guid).Scan(&id, &oldHash, &oldTitle, &oldAuthor)
		}
		isNew := lookup == sql.ErrNoRows
		switch {
		case isNew:
			p := now
			if published.Valid {
				p = published.Int64
			}
			lastID++
			id = lastID
			entry := strings.Join([]string{strconv.FormatInt(id, 10), title, url, author, feedURL}, "\x00")
			if _, err := insert.ExecContext(ctx, id, feedURL, guid, url, title, author, p, now, r.hash, !published.Valid, now, entry, r.enclosures); err != nil {
				return 0, err
			}
			if inserted != nil {
				inserted[guid] = true
			}
			added++
		case lookup == nil:
			if _, err := update.ExecContext(ctx, url, title, author, published, r.hash, id, now, r.enclosures); err != nil {
				return 0, err
			}
		default:
			return 0, lookup
		}
		// Most re-fetched items are unchanged; skipping their bodies
		// keeps a warm fetch from rewriting megabytes.
		writeBody := isNew || r.hash != oldHash
		if writeBody {
			if _, err := body.ExecContext(ctx, id, r.sections, r.body); err != nil {
				return 0, err
			}
		}
		// The index takes it in before it is next read (index.go); an
		// item seen before and unchanged costs it nothing.
		if writeBody || oldTitle != title || oldAuthor != author {
			if _, err := pend.ExecContext(ctx, id, !isNew); err != nil {
				return 0, err
			}
		}
	}
	return added, nil
}

// retain deletes the feed's articles beyond the newest keep, except starred
// ones and those the fetch of time seen served, in transactions of
// retentionBatch. A kill part-way leaves a few old articles for the next
// fetch to drop.
func (s *Store) retain(ctx context.Context, feedURL string, keep int, seen int64) error {
	// Most feeds hold fewer than keep articles: a read that walks at most
	// keep index entries spares them a write transaction.
	var over bool
	if err := s.db.QueryRowContext(ctx, `
SELECT EXISTS (SELECT 1 FROM articles WHERE feed_url = ? ORDER BY published DESC, id DESC LIMIT 1 OFFSET ?)`,
		feedURL, keep).Scan(&over); err != nil {
		return err
	}
	if !over {
		return nil
	}
	return s.writeChunks(ctx, nil, func(tx *sql.Tx) (more bool, err error) {
		res, err := tx.ExecContext(ctx, `
DELETE FROM articles WHERE id IN (
	SELECT id FROM articles
	WHERE feed_url = ?1 AND starred = 0 AND seen_at <> ?3
	  AND id NOT IN (SELECT id FROM articles WHERE feed_url = ?1 ORDER BY published DESC, id DESC LIMIT ?2)
	LIMIT ?4)`,
			feedURL, keep, seen, retentionBatch)
		if err != nil {
			return false, err
		}
		gone, err := res.RowsAffected()
		return gone == retentionBatch, err
	})
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
