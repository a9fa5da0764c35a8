package store

import (
	"context"
	"testing"
)

// What the external benchmarks (search_bench_test.go, package store_test,
// which can use bench/fixture) need of the package's insides.

// Measure is measure: the benchmark loop with CPU time and MiB per op.
func Measure(b *testing.B, op func()) { measure(b, op) }

// IndexSizes is the bytes the search index takes in the file (its FTS5
// tables) and the bytes of text it holds: every article's title, author,
// feed name and text, as bodyText makes it.
func IndexSizes(ctx context.Context, s *Store) (index, text int64, err error) {
	if err := s.db.QueryRowContext(ctx, `SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_fts%'`).Scan(&index); err != nil {
		return 0, 0, err
	}
	rows, err := s.db.QueryContext(ctx, indexSelect)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanIndexRow(rows)
		if err != nil {
			return 0, 0, err
		}
		text += int64(len(r.title) + len(r.author) + len(r.feed) + len(r.text))
	}
	return index, text, rows.Err()
}

// ForgetIndex makes the next Open build the search index again, as it
// does for a cache from before the index.
func ForgetIndex(ctx context.Context, s *Store) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM meta WHERE key = 'search_index'`)
	return err
}

// LikeSearch is the search newsboat runs: SQL LIKE over every title and
// body, newest first, here over the bodies herald keeps; limit < 0 for
// every match, as newsboat asks.
func LikeSearch(ctx context.Context, s *Store, word string, limit int) (int, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT a.id FROM articles a JOIN articles_body b ON b.id = a.id
WHERE a.title LIKE ?1 OR b.raw LIKE ?1 OR b.sections LIKE ?1
ORDER BY a.published DESC LIMIT ?2`, "%"+word+"%", limit)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}
