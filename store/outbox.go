package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Outbox kinds.
const (
	KindRead    = "read"
	KindStarred = "starred"
	// KindReadAll is "mark all read" of a scope (Pending.RemoteID):
	// ScopeFeed+ID, ScopeTag+ID or ScopeAll.
	KindReadAll = "readall"
)

// Mark-all-read scopes, as Pending.RemoteID spells them for KindReadAll.
const (
	ScopeFeed = "feed:"
	ScopeTag  = "tag:"
	ScopeAll  = "all"
)

// Pending is one change made here that the account's server has not taken
// yet.
type Pending struct {
	ID, Seq  int64
	Account  string
	Kind     string // KindRead, KindStarred or KindReadAll
	RemoteID string // the entry's id on the server, or the scope of a KindReadAll
	Value    bool   // read or starred; true for KindReadAll
	// Created is when the mark was made; KindReadAll covers what was
	// published before it.
	Created time.Time
}

// queueMark records in the outbox, inside tx, that an account's article
// changed column to on. Only the newest value of a mark matters to a
// server that is sent sets, so a second change replaces the first.
func queueMark(ctx context.Context, tx *sql.Tx, article int64, column string, on bool, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
INSERT INTO outbox (account, kind, remote_id, value, seq, created)
SELECT account, ?, remote_id, ?, (SELECT coalesce(max(seq), 0) + 1 FROM outbox), ?
FROM articles WHERE id = ? AND account <> ''
ON CONFLICT (account, kind, remote_id) DO UPDATE SET value = excluded.value, seq = excluded.seq, created = excluded.created`,
		column, on, now.UnixMilli(), article)
	return err
}

func queueReadAll(ctx context.Context, tx *sql.Tx, account, scope string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
INSERT INTO outbox (account, kind, remote_id, value, seq, created)
VALUES (?, 'readall', ?, 1, (SELECT coalesce(max(seq), 0) + 1 FROM outbox), ?)
ON CONFLICT (account, kind, remote_id) DO UPDATE SET seq = excluded.seq, created = excluded.created`,
		account, scope, now.UnixMilli())
	return err
}

// Outbox returns the account's pending changes in the order they were made.
func (s *Store) Outbox(ctx context.Context, account string) ([]Pending, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT id, seq, kind, remote_id, value, created FROM outbox WHERE account = ? ORDER BY seq`, account)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Pending
	for rows.Next() {
		p := Pending{Account: account}
		var created int64
		if err := rows.Scan(&p.ID, &p.Seq, &p.Kind, &p.RemoteID, &p.Value, &created); err != nil {
			return nil, err
		}
		p.Created = time.UnixMilli(created)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PendingCount is how many changes wait in the outbox, all accounts together.
func (s *Store) PendingCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&n)
	return n, err
}

// Pushed removes changes the server has taken. A row changed again since
// it was read (a new seq) stays: the newer mark has not been sent.
func (s *Store) Pushed(ctx context.Context, done []Pending) error {
	if len(done) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `DELETE FROM outbox WHERE id = ? AND seq = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, p := range done {
			if _, err := stmt.ExecContext(ctx, p.ID, p.Seq); err != nil {
				return err
			}
		}
		return nil
	})
}

// Scope is what MarkAllRead covers: one feed (its URL, herald's key), the
// feeds of one tag, or, when both are empty, everything.
type Scope struct {
	Feed string
	Tag  string
}

// MarkAllRead marks read every article in scope published up to now, and
// queues for each account concerned one mark-all-read of that scope, which
// the sync sends to the server's own endpoint: the server then covers its
// entries herald has never seen too. It returns how many articles changed.
func (s *Store) MarkAllRead(ctx context.Context, sc Scope) (int, error) {
	now := s.now()
	var changed int
	err := s.write(ctx, func(tx *sql.Tx) error {
		changed = 0
		cond, args := "", []any{now.UnixMilli()}
		switch {
		case sc.Feed != "":
			cond, args = " AND feed_url = ?", append(args, sc.Feed)
		case sc.Tag != "":
			cond, args = " AND feed_url IN (SELECT url FROM feeds WHERE tag = ?)", append(args, sc.Tag)
		}
		res, err := tx.ExecContext(ctx, `UPDATE articles SET read = 1 WHERE read = 0 AND published <= ?`+cond, args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		changed = int(n)

		// The scope on each server: the feed's id, the folder's id, or all.
		var q string
		var qargs []any
		switch {
		case sc.Feed != "":
			q, qargs = `SELECT account, 'feed:' || remote_id FROM feeds WHERE url = ? AND account <> ''`, []any{sc.Feed}
		case sc.Tag != "":
			q, qargs = `SELECT DISTINCT account, 'tag:' || tag_id FROM feeds WHERE tag = ? AND account <> '' AND removed = 0`, []any{sc.Tag}
		default:
			q = `SELECT DISTINCT account, 'all' FROM feeds WHERE account <> ''`
		}
		rows, err := tx.QueryContext(ctx, q, qargs...)
		if err != nil {
			return err
		}
		type target struct{ account, scope string }
		var targets []target
		for rows.Next() {
			var t target
			if err := rows.Scan(&t.account, &t.scope); err != nil {
				rows.Close()
				return err
			}
			targets = append(targets, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, t := range targets {
			if err := queueReadAll(ctx, tx, t.account, t.scope, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("mark all read: %w", err)
	}
	return changed, nil
}

// pendingSet is an account's outbox as a merge consults it: a pulled state
// never overrides a local change the server has not taken yet.
type pendingSet struct {
	marks map[string]bool // kind + "\x00" + remote id
	// readAll are the pending mark-all-reads: the scopes and their times.
	readAll []Pending
}

func loadPending(ctx context.Context, tx *sql.Tx, account string) (pendingSet, error) {
	ps := pendingSet{marks: map[string]bool{}}
	rows, err := tx.QueryContext(ctx, `SELECT kind, remote_id, created FROM outbox WHERE account = ?`, account)
	if err != nil {
		return ps, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, rid string
		var created int64
		if err := rows.Scan(&kind, &rid, &created); err != nil {
			return ps, err
		}
		if kind == KindReadAll {
			ps.readAll = append(ps.readAll, Pending{Kind: kind, RemoteID: rid, Created: time.UnixMilli(created)})
			continue
		}
		ps.marks[kind+"\x00"+rid] = true
	}
	return ps, rows.Err()
}

// readPending reports whether the entry's read mark is held by a local
// change: its own, or a mark-all-read that covers it.
func (ps pendingSet) readPending(rid, feedRemoteID, tagID string, published time.Time) bool {
	if ps.marks[KindRead+"\x00"+rid] {
		return true
	}
	for _, p := range ps.readAll {
		if published.After(p.Created) {
			continue
		}
		scope := p.RemoteID
		if scope == ScopeAll || scope == ScopeFeed+feedRemoteID || (tagID != "" && scope == ScopeTag+tagID) {
			return true
		}
	}
	return false
}

func (ps pendingSet) starPending(rid string) bool {
	return ps.marks[KindStarred+"\x00"+rid]
}
