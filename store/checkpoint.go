package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// SQLite copies the WAL back into the cache file (a checkpoint, with two
// fsyncs) inside whichever commit takes the WAL past 1,000 pages: the
// writer that happens to cross the line waits for the disk. On a first
// refresh that was a third of the wall time, every save queued behind it.
// Here the writer's connection never checkpoints; a goroutine of the
// Store does, on a reading connection, while the next saves go on, since
// a PASSIVE checkpoint takes no write lock.
//
// checkpointGap spaces the checkpoints of a long refresh; a checkpoint
// with nothing new to copy touches no disk.
const checkpointGap = 50 * time.Millisecond

// checkpointer runs the background checkpoints of one Store.
type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	stop chan struct{}
	done sync.WaitGroup
	once sync.Once
}

func startCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), stop: make(chan struct{})}
	c.done.Add(1)
	go c.run()
	return c
}

// committed tells the checkpointer a write landed; it never blocks.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer c.done.Done()
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		// PASSIVE copies what no reader still needs and waits for no one.
		// A failed checkpoint is tried again after the next write.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_, _ = c.db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
		cancel()
		t := time.NewTimer(checkpointGap)
		select {
		case <-c.stop:
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// shut stops the checkpointer and waits for a checkpoint in progress;
// closing the last connection then checkpoints what is left.
func (c *checkpointer) shut() {
	c.once.Do(func() { close(c.stop) })
	c.done.Wait()
}
