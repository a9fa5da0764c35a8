package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
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

// A PASSIVE checkpoint running beside a busy writer never catches up with
// it, and SQLite starts the WAL over from its beginning only once a
// checkpoint has: through a first refresh the file grew to the size of all
// that was saved (35 MB), every write extending it, and closing the cache
// then deleted it all at once. So once the WAL holds restartFrames pages
// the checkpointer asks the writer to checkpoint, between two of its
// transactions, what little it has not copied yet (see Store.write): the
// next transaction then writes the WAL from its start again.
const restartFrames = 2048

// checkpointer runs the background checkpoints of one Store.
type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	stop chan struct{}
	done sync.WaitGroup
	once sync.Once
	// restart is set when the WAL has grown past restartFrames.
	restart atomic.Bool
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

// wantsRestart reports, once, that the WAL has grown past restartFrames.
func (c *checkpointer) wantsRestart() bool {
	return c != nil && c.restart.Swap(false)
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
		var busy, frames, copied int
		err := c.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
		cancel()
		if err == nil && frames >= restartFrames {
			c.restart.Store(true)
		}
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
