package store

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"

	"github.com/herald-reader/herald/articles"
)

// Imported is one feed's articles from another reader's cache, as
// ImportArticles takes them: each with its identity (ID, the key herald's
// own fetch of the feed gives it), its body unsplit (Body) and its marks
// (Read, Starred).
type Imported struct {
	Feed  string // the feed's URL, as the feed list spells it
	Title string // the feed's own title; empty keeps the one stored
	Items []articles.Article
}

// ImportResult is what ImportArticles did.
type ImportResult struct {
	Added   int // articles new to the cache
	Present int // articles the cache already had: left as they were
	Unread  int // of those added, unread
	Starred int // of those added, starred
}

// ImportArticles adds another reader's articles of one feed in one
// transaction. An article the cache already holds (the same feed and
// identity) is left exactly as it is, marks and all, so importing twice
// adds nothing the second time and never undoes a mark made in herald.
// The feed itself is recorded as never fetched by herald: its validators
// stay empty, so the next refresh fetches it whole. Retention applies at
// that fetch, as to every article.
func (s *Store) ImportArticles(ctx context.Context, im Imported) (ImportResult, error) {
	var res ImportResult
	now := s.now().UnixMilli()
	err := s.write(ctx, func(tx *sql.Tx) error {
		res = ImportResult{}
		if _, err := tx.ExecContext(ctx, `
INSERT INTO feeds (url, feed_title) VALUES (?, ?)
ON CONFLICT (url) DO UPDATE SET
	feed_title = CASE WHEN feeds.feed_title = '' THEN excluded.feed_title ELSE feeds.feed_title END,
	removed = 0`, im.Feed, noNUL(im.Title)); err != nil {
			return err
		}
		insert, err := tx.PrepareContext(ctx, `
INSERT INTO articles (feed_url, guid, url, title, author, published, first_seen, body_hash, read, starred)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (feed_url, guid) DO NOTHING`)
		if err != nil {
			return err
		}
		defer insert.Close()
		entry, err := tx.PrepareContext(ctx, `
UPDATE articles SET list_entry = id || char(0) || title || char(0) || url || char(0) || author || char(0) || feed_url
WHERE id = ?`)
		if err != nil {
			return err
		}
		defer entry.Close()
		body, err := tx.PrepareContext(ctx, `INSERT INTO articles_body (id, sections, raw) VALUES (?, 'null', ?)`)
		if err != nil {
			return err
		}
		defer body.Close()

		for i := range im.Items {
			it := &im.Items[i]
			published := now
			if p := toMillis(it.Published); p.Valid {
				published = p.Int64
			}
			// The hash a fetch compares against: sections (none yet) and
			// body, as SaveItems computes it, so a fetch of an unchanged
			// item does not rewrite the body it finds.
			h := fnv.New64a()
			h.Write([]byte("null"))
			h.Write([]byte(it.Body))
			r, err := insert.ExecContext(ctx, im.Feed, itemGUID(it), noNUL(it.URL), noNUL(it.Title), noNUL(it.Author),
				published, now, int64(h.Sum64()), it.Read, it.Starred)
			if err != nil {
				return err
			}
			if n, err := r.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				res.Present++
				continue
			}
			id, err := r.LastInsertId()
			if err != nil {
				return err
			}
			if _, err := entry.ExecContext(ctx, id); err != nil {
				return err
			}
			if _, err := body.ExecContext(ctx, id, it.Body); err != nil {
				return err
			}
			res.Added++
			if !it.Read {
				res.Unread++
			}
			if it.Starred {
				res.Starred++
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import into feed %s: %w", im.Feed, err)
	}
	return res, nil
}
