package store

// The search index: an FTS5 table over every article's title, author, feed
// name and text (schema.go, migration 5). It is contentless: it holds the
// words and where they are, not a second copy of the text, which the cache
// already has in articles_body.
//
// The index is exact whenever it is read. A save does not index what it
// writes: it lists the articles it added or changed in search_pending, in
// the same transaction, which costs a save almost nothing, while indexing
// a 5 KB article costs FTS5 (in this pure-Go SQLite) more than saving it.
// Search indexes whatever is pending before it reads the index, the TUI
// does so in the background after a refresh, and a trigger drops an
// article's rows whenever the article goes (retention, RemoveFeed, a
// feed's row deleted), so no write path can leave the index stale.

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// indexVersion is the version of what the index holds. Open rebuilds an
// index older than this, so a change to what is indexed (another text
// source, another way of splitting words) reaches existing caches by
// bumping it.
const indexVersion = 1

// indexSelect reads what the index holds of articles: the feed's text and
// the full text read from the article's page, where there is one. With
// scanIndexRow it is the one place that says what is indexed: another text
// source is a join and a column here and an argument to bodyText there,
// and a call to markPending where that source is written (SaveFullText).
const indexSelect = `
SELECT a.id, a.title, a.author, f.title, f.feed_title, coalesce(b.sections, ''), coalesce(b.raw, ''), coalesce(t.sections, '')
FROM articles a
JOIN feeds f ON f.url = a.feed_url
LEFT JOIN articles_body b ON b.id = a.id
LEFT JOIN articles_fulltext t ON t.id = a.id`

// indexRow is one article as the index holds it.
type indexRow struct {
	id                        int64
	title, author, feed, text string
}

func scanIndexRow(sc interface{ Scan(...any) error }) (indexRow, error) {
	var r indexRow
	var userTitle, feedTitle, sections, raw, fullText string
	if err := sc.Scan(&r.id, &r.title, &r.author, &userTitle, &feedTitle, &sections, &raw, &fullText); err != nil {
		return r, err
	}
	r.feed = feedName(userTitle, feedTitle)
	r.text = bodyText(sections, raw, fullText)
	return r, nil
}

// readIndexRows reads every row of a query of indexSelect and closes it.
func readIndexRows(rows *sql.Rows, err error) ([]indexRow, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []indexRow
	for rows.Next() {
		r, err := scanIndexRow(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, r)
	}
	return docs, rows.Err()
}

// feedName is the feed's name as the index holds it: the user's title, else
// the feed's own. Not its address: every article would match "https".
func feedName(title, feedTitle string) string {
	if title != "" {
		return title
	}
	return feedTitle
}

// markPending lists article id for the index to take in. indexed says the
// index may hold an older row for it, which then goes first. An article
// listed already keeps its first entry: nothing has indexed it since.
const markPending = `INSERT INTO search_pending (id, indexed) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`

// markFeedPending lists every article of a feed, after the feed's name
// changed.
func markFeedPending(ctx context.Context, tx *sql.Tx, feedURL string) error {
	_, err := tx.ExecContext(ctx, `
INSERT INTO search_pending (id, indexed) SELECT id, 1 FROM articles WHERE feed_url = ?
ON CONFLICT (id) DO NOTHING`, feedURL)
	return err
}

// feedNames maps every feed's URL to its name as the index holds it, so a
// write that may rename feeds can tell which ones it renamed.
func feedNames(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT url, title, feed_title FROM feeds`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var u, title, feedTitle string
		if err := rows.Scan(&u, &title, &feedTitle); err != nil {
			return nil, err
		}
		m[u] = feedName(title, feedTitle)
	}
	return m, rows.Err()
}

// pendRenamed lists the articles of every feed whose name is no longer the
// one in before.
func pendRenamed(ctx context.Context, tx *sql.Tx, before map[string]string) error {
	after, err := feedNames(ctx, tx)
	if err != nil {
		return err
	}
	for u, name := range after {
		if old, ok := before[u]; ok && old != name {
			if err := markFeedPending(ctx, tx, u); err != nil {
				return err
			}
		}
	}
	return nil
}

// IndexProgress reports the index taking in articles: done of total, and
// the time since it began. It is called every few hundred articles and
// once at the end, from the goroutine that asked.
type IndexProgress func(done, total int, elapsed time.Duration)

// indexBatch is how many articles one transaction of IndexPending takes in:
// a few hundred milliseconds of work, so marks and saves from the TUI wait
// no longer than that behind it, and the reads stay bounded.
const indexBatch = 250

// IndexPending has the search index take in every article saved since it
// last did, and returns how many it took. Each batch is one transaction:
// a herald killed part-way loses nothing, and the next call goes on from
// there. Search calls it first; the TUI calls it after a refresh so the
// next search need not wait.
func (s *Store) IndexPending(ctx context.Context, progress IndexProgress) (int, error) {
	return s.indexPending(ctx, progress, indexBatch)
}

// buildBatch is how many articles a transaction of the first build takes
// in: no TUI waits behind it yet, and fewer, larger segments leave FTS5
// less merging to do.
const buildBatch = 2500

// Unindexed is how many articles a search of this Store leaves out: those
// saved since the index last caught up, on a read-only cache whose
// temporary index of them (pendingindex.go) could not be made. A writable
// cache has none, since Search indexes them first.
func (s *Store) Unindexed(ctx context.Context) (int, error) {
	if s.wdb != nil {
		return 0, nil
	}
	s.pendingMu.Lock()
	defer s.pendingMu.Unlock()
	stamp, err := s.pendingStamp(ctx)
	if err != nil {
		return 0, err
	}
	if p := s.pending; stamp[0] == 0 || (p != nil && p.stamp == stamp) {
		return 0, nil
	}
	return int(stamp[0]), nil
}

func (s *Store) indexPending(ctx context.Context, progress IndexProgress, batch int) (int, error) {
	if s.wdb == nil {
		// A read-only cache: the index stays as the last herald that could
		// write left it, and searches find what it holds.
		return 0, nil
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM search_pending`).Scan(&total); err != nil || total == 0 {
		return 0, err
	}
	start, done := time.Now(), 0
	for {
		began := time.Now()
		n, err := s.indexBatch(ctx, batch)
		if err != nil {
			return done, fmt.Errorf("search index: %w", err)
		}
		done += n
		if progress != nil && (n > 0 || done < total) {
			progress(min(done, total), total, time.Since(start))
		}
		if n < batch {
			if progress != nil && done < total {
				progress(total, total, time.Since(start)) // some went while it ran
			}
			return done, nil
		}
		// As a big save does, the lock is left free between batches for
		// another herald's mark.
		if err := leaveLockFree(ctx, began); err != nil {
			return done, err
		}
	}
}

// indexBatch indexes up to batch pending articles, oldest first.
func (s *Store) indexBatch(ctx context.Context, batch int) (n int, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		// Read under the write lock, so two heralds never index one
		// article twice.
		const next = `SELECT id FROM search_pending ORDER BY id LIMIT ?`
		indexed := map[int64]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT id, indexed FROM search_pending ORDER BY id LIMIT ?`, batch)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var was bool
			if err := rows.Scan(&id, &was); err != nil {
				rows.Close()
				return err
			}
			indexed[id] = was
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(indexed) == 0 {
			return err
		}
		docs, err := readIndexRows(tx.QueryContext(ctx, indexSelect+` WHERE a.id IN (`+next+`)`, batch))
		if err != nil {
			return err
		}
		del, err := tx.PrepareContext(ctx, `DELETE FROM articles_fts WHERE rowid = ?`)
		if err != nil {
			return err
		}
		defer del.Close()
		ins, err := tx.PrepareContext(ctx, `INSERT INTO articles_fts (rowid, title, author, feed, text) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, r := range docs {
			if indexed[r.id] {
				if _, err := del.ExecContext(ctx, r.id); err != nil {
					return err
				}
			}
			if _, err := ins.ExecContext(ctx, r.id, spread(r.title), spread(r.author), spread(r.feed), spread(r.text)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_pending WHERE id IN (`+next+`)`, batch); err != nil {
			return err
		}
		n = len(indexed)
		return nil
	})
	return n, err
}

// ensureIndex starts the index again when the cache's is missing or older
// than this herald's, then fills it, reporting progress: the migration of
// an existing cache. Starting again is one transaction; filling is
// IndexPending, so a herald killed part-way goes on from there next time.
func (s *Store) ensureIndex(ctx context.Context, progress IndexProgress) error {
	current := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) (bool, error) {
		var v int
		err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'search_index'`).Scan(&v)
		if err == sql.ErrNoRows {
			return false, nil
		}
		return v >= indexVersion, err
	}
	if ok, err := current(s.db); err != nil || ok {
		return err
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		// Again under the write lock: another herald may have done it.
		if ok, err := current(tx); err != nil || ok {
			return err
		}
		for _, q := range []string{
			`INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')`,
			`DELETE FROM search_pending`,
			`INSERT INTO search_pending (id, indexed) SELECT id, 0 FROM articles`,
			// Room in FTS5's buffer for a whole build batch (it flushes
			// a segment whenever the buffer is full).
			`INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 16777216)`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('search_index', ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value`, indexVersion)
		return err
	})
	if err != nil {
		return err
	}
	if _, err = s.indexPending(ctx, progress, buildBatch); err != nil {
		return err
	}
	// The default buffer again, for the saves' small batches.
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 1048576)`)
		return err
	})
}
