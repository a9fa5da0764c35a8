package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrBusy is returned (wrapped) by a write that waited writeWait for
// another herald's write and gave up.
var ErrBusy = errors.New("the cache is busy: another herald has been writing to it for too long; try again")

// writeWait is how long a write waits for another process's write to end.
// No writer of ours holds the lock for more than a chunk (see chunkItems),
// so the wait is short unless a peer is stuck; then the user hears of it
// instead of herald hanging.
const writeWait = 10 * time.Second

// writeRetry is how often a waiting write tries again. SQLite's own busy
// handler sleeps up to 100 ms between tries, and would almost never land
// in the few milliseconds a big save leaves free between its chunks
// (chunkPause): a writer would wait for the whole save, or give up.
const writeRetry = time.Millisecond

// write runs fn in one BEGIN IMMEDIATE transaction: either all of it lands or
// none of it does. Writers of this process queue on writeMu, where Go hands
// the lock straight to one that has waited; another process's writer is
// waited for by polling (see writeRetry) for up to writeWait.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.wdb == nil {
		return ErrReadOnly
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.begin(ctx)
	if err != nil {
		return damaged(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return damaged(err)
	}
	if err := tx.Commit(); err != nil {
		return damaged(err)
	}
	if s.ckpt.wantsRestart() {
		// Still holding writeMu: no write of ours lands between this
		// checkpoint and the next transaction, which can then start the
		// WAL over (checkpoint.go). A failed one is only a longer WAL.
		_, _ = s.wdb.ExecContext(context.WithoutCancel(ctx), `PRAGMA wal_checkpoint(PASSIVE)`)
	}
	s.ckpt.committed()
	return nil
}

// begin starts a write transaction on the writer's connection, trying again
// while another process holds the write lock.
func (s *Store) begin(ctx context.Context) (*sql.Tx, error) {
	deadline := time.Now().Add(s.writeWait)
	for {
		tx, err := s.wdb.BeginTx(ctx, nil)
		if err == nil {
			return tx, nil
		}
		if !isBusy(err) {
			return nil, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%w (waited %s)", ErrBusy, s.writeWait)
		}
		if err := sleep(ctx, writeRetry); err != nil {
			return nil, err
		}
	}
}

// isBusy reports whether err is SQLite's "database is locked": another
// connection holds the write lock.
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// writeChunks runs fn in one transaction after another until it says there
// is no more to do, leaving the write lock free between them: a pause of a
// twentieth of the time the transaction held the lock, and at least
// chunkPause, so that a writer polling every writeRetry gets in even when
// a loaded machine stretches every step, at a cost of about 5% to the
// long write. prepare, when not nil, runs before each transaction,
// without the lock: work that needs no cache is done there.
func (s *Store) writeChunks(ctx context.Context, prepare func() error, fn func(tx *sql.Tx) (more bool, err error)) error {
	for {
		if prepare != nil {
			if err := prepare(); err != nil {
				return err
			}
		}
		var more bool
		start := time.Now()
		err := s.write(ctx, func(tx *sql.Tx) error {
			var err error
			more, err = fn(tx)
			return err
		})
		if err != nil || !more {
			return err
		}
		if err := leaveLockFree(ctx, start); err != nil {
			return err
		}
	}
}

// leaveLockFree waits, between two transactions of one long write, for a
// twentieth of the time since start (when the last one began), and at
// least chunkPause: the gap writers of other processes need to get in.
func leaveLockFree(ctx context.Context, start time.Time) error {
	return sleep(ctx, max(chunkPause, time.Since(start)/20))
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
