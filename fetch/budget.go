package fetch

import (
	"context"
	"io"
	"sync"
	"time"
)

// deadline is a per-feed timeout that can stop while the feed waits on
// something other than its server. Only the goroutine fetching the feed
// pauses and resumes it.
type deadline struct {
	timer    *time.Timer
	left     time.Duration // when running: as of since
	since    time.Time
	paused   time.Duration // in all
	pausedAt time.Time
}

// newDeadline returns a context that ends with cause errTimeout once d of
// running time has passed.
func newDeadline(ctx context.Context, d time.Duration) (context.Context, *deadline, func()) {
	dctx, cancel := context.WithCancelCause(ctx)
	dl := &deadline{left: d, since: time.Now()}
	dl.timer = time.AfterFunc(d, func() { cancel(errTimeout) })
	return dctx, dl, func() {
		dl.timer.Stop()
		cancel(context.Canceled)
	}
}

// pause stops the clock; false means it had already run out.
func (dl *deadline) pause() bool {
	if !dl.timer.Stop() {
		return false
	}
	dl.pausedAt = time.Now()
	dl.left -= dl.pausedAt.Sub(dl.since)
	return true
}

func (dl *deadline) resume() {
	dl.since = time.Now()
	dl.paused += dl.since.Sub(dl.pausedAt)
	dl.timer.Reset(dl.left)
}

// budgetChunk is how much a body reader takes from the budget at a time:
// large enough that taking it is rare next to the reading, small enough
// that 256 readers holding one each is little.
const budgetChunk = 64 << 10

// byteBudget bounds the bytes of bodies being read or read but not yet
// parsed. A reader asks for room before reading more and waits while there
// is none: a body read in full will be parsed and free its share. When no
// such body is left, every byte is held by a reader still reading, and they
// could wait on one another for ever; then the oldest of them goes on
// regardless. The bound can thus be passed by one body (f.MaxBytes) at most.
type byteBudget struct {
	mu       sync.Mutex
	max      int64
	used     int64
	finished int64    // of used, by bodies read in full
	reading  []uint64 // readers still reading, oldest first
	next     uint64
	changed  chan struct{} // closed, and replaced, when room may have appeared
}

func newByteBudget(max int64) *byteBudget {
	return &byteBudget{max: max, changed: make(chan struct{})}
}

// wake tells the waiting readers to look again; b.mu is held.
func (b *byteBudget) wake() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// release gives back the bytes of a body read in full.
func (b *byteBudget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.used -= n
	b.finished -= n
	b.wake()
	b.mu.Unlock()
}

// acquire takes n bytes for reader id, pausing dl while it waits.
func (b *byteBudget) acquire(ctx context.Context, id uint64, n int64, dl *deadline) error {
	paused := false
	defer func() {
		if paused {
			dl.resume()
		}
	}()
	for {
		b.mu.Lock()
		if b.used+n <= b.max || (b.finished == 0 && b.reading[0] == id) {
			b.used += n
			b.mu.Unlock()
			return nil
		}
		changed := b.changed
		b.mu.Unlock()
		if !paused {
			// Past the deadline already: the context is ending, and the
			// wait below with it.
			paused = dl.pause()
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// reader reads r within the budget; its done method must be called once
// reading is over.
func (b *byteBudget) reader(ctx context.Context, r io.Reader, dl *deadline) *budgetReader {
	b.mu.Lock()
	id := b.next
	b.next++
	b.reading = append(b.reading, id)
	b.mu.Unlock()
	return &budgetReader{b: b, id: id, ctx: ctx, r: r, dl: dl}
}

type budgetReader struct {
	b     *byteBudget
	id    uint64
	ctx   context.Context
	r     io.Reader
	dl    *deadline
	taken int64 // from the budget
	room  int64 // of taken, not yet filled
}

func (br *budgetReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return br.r.Read(p)
	}
	if br.room == 0 {
		if err := br.b.acquire(br.ctx, br.id, budgetChunk, br.dl); err != nil {
			return 0, err
		}
		br.taken += budgetChunk
		br.room = budgetChunk
	}
	n, err := br.r.Read(p[:min(int64(len(p)), br.room)])
	br.room -= int64(n)
	return n, err
}

// reserve takes n bytes at once, for a buffer about to be made.
func (br *budgetReader) reserve(n int64) error {
	if err := br.b.acquire(br.ctx, br.id, n, br.dl); err != nil {
		return err
	}
	br.taken += n
	br.room += n
	return nil
}

// done ends the reading, gives back the room not filled and returns the
// bytes the body still holds.
func (br *budgetReader) done() int64 {
	b := br.b
	b.mu.Lock()
	for i, id := range b.reading {
		if id == br.id {
			b.reading = append(b.reading[:i], b.reading[i+1:]...)
			break
		}
	}
	held := br.taken - br.room
	b.used -= br.room
	b.finished += held
	// A new oldest reader may go ahead.
	b.wake()
	b.mu.Unlock()
	br.taken, br.room = 0, 0
	return held
}
