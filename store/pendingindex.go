package store

// A read-only cache cannot bring its search index up to date: what was
// saved since the index last caught up (by a herald fetch just before the
// cache became read-only, say) would stay out of every search. So a search
// of such a cache indexes those articles itself, in a temporary FTS5 table
// of one connection it keeps (SQLite allows temporary tables on a
// read-only database), and searches that table beside the cache's index.
// The table is made once and made again only when the pending list
// changes, which on a read-only cache only another herald can do.

import (
	"context"
	"database/sql"
)

// pendingIndex is the temporary index of one read-only Store.
type pendingIndex struct {
	conn *sql.Conn
	// stamp is the count and largest id of search_pending the table was
	// built from; -1s, which no search_pending has, while it is being
	// built or after a build failed.
	stamp [2]int64
}

// pendingBatch is how many articles one read of the pending index's build
// takes: their texts are held until they are inserted.
const pendingBatch = 500

// searchConn returns the connection a search runs on when the Store has
// pending articles it cannot index for good, with its temporary index
// up to date; nil when the cache's own index is all there is (a writable
// cache, or nothing pending). Its caller holds s.pendingMu, on a Store
// opened read-only.
func (s *Store) searchConn(ctx context.Context) (*sql.Conn, error) {
	stamp, err := s.pendingStamp(ctx)
	if err != nil {
		return nil, err
	}
	p := s.pending
	if stamp[0] == 0 && p == nil {
		return nil, nil
	}
	// Once made, the connection serves every search (with its table
	// emptied when nothing is pending): the Store may have no other.
	if p != nil && p.stamp == stamp {
		return p.conn, nil
	}
	if p == nil {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		p = &pendingIndex{conn: conn}
		s.pending = p
	}
	p.stamp = [2]int64{-1, -1}
	if err := p.build(ctx); err != nil {
		return nil, err
	}
	p.stamp = stamp
	return p.conn, nil
}

// pendingStamp says what search_pending holds now: its count and largest
// id. It asks on the kept connection once there is one, which a Store with
// a single connection (OpenReadOnly) would otherwise wait for forever.
func (s *Store) pendingStamp(ctx context.Context) (stamp [2]int64, err error) {
	const q = `SELECT count(*), coalesce(max(id), 0) FROM search_pending`
	var row *sql.Row
	if s.pending != nil {
		row = s.pending.conn.QueryRowContext(ctx, q)
	} else {
		row = s.db.QueryRowContext(ctx, q)
	}
	err = row.Scan(&stamp[0], &stamp[1])
	return stamp, err
}

func (p *pendingIndex) build(ctx context.Context) error {
	for _, q := range []string{
		`PRAGMA temp_store = MEMORY`,
		`DROP TABLE IF EXISTS temp.pending_fts`,
		// As articles_fts (schema.go, migration 5), so the two rank alike.
		`CREATE VIRTUAL TABLE temp.pending_fts USING fts5 (
	title, author, feed, text,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
)`,
	} {
		if _, err := p.conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for last := int64(-1 << 62); ; {
		docs, err := readIndexRows(p.conn.QueryContext(ctx, indexSelect+`
WHERE a.id IN (SELECT id FROM search_pending WHERE id > ?) ORDER BY a.id LIMIT ?`, last, pendingBatch))
		if err != nil {
			return err
		}
		for _, r := range docs {
			if _, err := p.conn.ExecContext(ctx, `INSERT INTO temp.pending_fts (rowid, title, author, feed, text) VALUES (?, ?, ?, ?, ?)`,
				r.id, spread(r.title), spread(r.author), spread(r.feed), spread(r.text)); err != nil {
				return err
			}
		}
		if len(docs) < pendingBatch {
			return nil
		}
		last = docs[len(docs)-1].id
	}
}

// close gives the connection back.
func (p *pendingIndex) close() error {
	if p == nil {
		return nil
	}
	return p.conn.Close()
}
