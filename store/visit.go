package store

import (
	"context"
	"database/sql"
)

// Visit is how far the cache's articles went when herald was last opened:
// an article is new since that visit when it arrived after it. Article ids
// are handed out in the order articles arrive and never reused
// (AUTOINCREMENT), so the last id handed out is the whole record.
type Visit struct{ lastID int64 }

// LastVisit returns the visit RecordVisit last recorded; the zero Visit,
// after which every article is new, when none was.
func (s *Store) LastVisit(ctx context.Context) (Visit, error) {
	var v Visit
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'last_visit'`).Scan(&v.lastID)
	if err == sql.ErrNoRows {
		return Visit{}, nil
	}
	return v, err
}

// RecordVisit records a visit now: from here on LastVisit returns it, and
// only articles that arrive later are new after it.
func (s *Store) RecordVisit(ctx context.Context) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		// sqlite_sequence keeps the last id handed out even after
		// retention deleted that article; it has no row before the first.
		_, err := tx.ExecContext(ctx, `
INSERT INTO meta (key, value)
VALUES ('last_visit', coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'articles'), 0))
ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
		return err
	})
}
