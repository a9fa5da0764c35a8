package fetch

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// processSlots is how many responses All processes, or holds processed
// waiting for each, at once. Processing (parsing) is CPU work, so more than
// the cores (and one to have the next result ready when each returns) only
// adds memory.
func processSlots() int {
	return runtime.GOMAXPROCS(0) + 1
}

// All fetches every request, at most c.Concurrency at a time and c.PerHost
// per host, hands each response to process and calls each with what process
// made of it, as results arrive. each is called from one goroutine at a
// time. All returns when every fetch is done or, once ctx is cancelled, as
// soon as the fetches in flight have stopped; once ctx is cancelled each is
// not called again, so no result cut short by the cancellation is reported.
//
// Memory stays bounded however many and large the feeds: a fixed set of
// goroutines does the work (c.Concurrency downloading, processSlots
// processing), not one per request, so 100,000 feeds cost their requests'
// few bytes each; bodies read but not processed hold at most about
// c.MaxPending bytes (shared with every other call on c, as the per-host
// limit is); and only a few responses (processSlots) are being processed
// or wait, processed, for each at any time, so a slow each holds back
// processing and, through the byte budget, reading. process must not keep
// the response's Body.
//
// A panic in a download or in process stops the fetch and is raised again
// on the caller's goroutine, where the program's own recovery (the TUI's,
// which restores the terminal) can see it; on the goroutines All starts it
// would kill the process with the terminal as the TUI left it.
func All[T any](ctx context.Context, c *Client, reqs []Request, process func(Response) T, each func(T)) {
	c = c.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var crash panicBox
	budget := c.shared.budget

	work := make(chan Request)
	finished := make(chan string, c.Concurrency) // a download's host, once it is done
	// Downloaded responses wait here for a processing goroutine; the byte
	// budget, not this buffer, bounds what they hold.
	fetched := make(chan downloaded, c.Concurrency)
	ahead := make(chan downloaded, c.Concurrency) // those of Ahead requests
	results := make(chan T)

	go crash.guard(cancel, func() { schedule(ctx, reqs, c.Concurrency, c.PerHost, work, finished) })

	var downloaders sync.WaitGroup
	for range min(c.Concurrency, len(reqs)) {
		downloaders.Go(func() {
			crash.guard(cancel, func() {
				for r := range work {
					// The scheduler keeps this call within PerHost; the
					// host's shared slots also count the pages other calls
					// read there meanwhile.
					d, ok := c.downloadLimited(ctx, r, c.shared.host(hostKey(r.URL), c.PerHost), nil, budget)
					finished <- hostKey(r.URL)
					if !ok {
						continue
					}
					queue := fetched
					if r.Ahead {
						queue = ahead
					}
					select {
					case queue <- d:
						if c.queued != nil {
							c.queued(r)
						}
					case <-ctx.Done():
						budget.release(d.held)
					}
				}
			})
		})
	}
	go func() {
		downloaders.Wait()
		close(fetched)
		close(ahead)
	}()
	// A slot is taken before processing and given back by the loop below
	// once each is done with the result, so processed results cannot pile
	// up behind a slow each.
	slots := make(chan struct{}, processSlots())
	var processors sync.WaitGroup
	for range min(processSlots(), len(reqs)) {
		processors.Go(func() {
			crash.guard(cancel, func() {
				for {
					d, ok := nextDownload(ahead, fetched)
					if !ok {
						return
					}
					select {
					case slots <- struct{}{}:
					case <-ctx.Done():
					}
					if ctx.Err() != nil {
						budget.release(d.held)
						continue
					}
					res := process(d.res)
					budget.release(d.held)
					// The raw body is garbage now: let it go while res waits.
					d = downloaded{}
					select {
					case results <- res:
					case <-ctx.Done():
						<-slots
					}
				}
			})
		})
	}
	go func() {
		processors.Wait()
		close(results)
	}()
	for res := range results {
		if ctx.Err() == nil {
			each(res)
		}
		<-slots
	}
	crash.raise()
}

// nextDownload takes a download from ahead before any from rest, and
// reports false once both are closed and empty. All closes them together,
// so once either says it is closed, what is left is only to drain.
func nextDownload(ahead, rest <-chan downloaded) (downloaded, bool) {
	select {
	case d, ok := <-ahead:
		if ok {
			return d, true
		}
	default:
	}
	select {
	case d, ok := <-ahead:
		if ok {
			return d, true
		}
	case d, ok := <-rest:
		if ok {
			return d, true
		}
	}
	if d, ok := <-ahead; ok {
		return d, true
	}
	d, ok := <-rest
	return d, ok
}

// schedule hands requests to the downloaders on work, oldest first but
// never more than perHost at once for one host, nor more than total in
// all, and closes work when every request has been handed out and every
// download has finished (finished tells of each), or ctx ends. Hosts take
// turns, so one host's long list does not keep the others waiting.
func schedule(ctx context.Context, reqs []Request, total, perHost int, work chan<- Request, finished <-chan string) {
	defer close(work)
	queues := make(map[string][]int) // host -> indexes into reqs, in order
	var ring []string                // hosts with requests left, in turn order
	for i, r := range reqs {
		h := hostKey(r.URL)
		if len(queues[h]) == 0 {
			ring = append(ring, h)
		}
		queues[h] = append(queues[h], i)
	}
	active := make(map[string]int)
	inFlight, next := 0, 0
	for len(ring) > 0 || inFlight > 0 {
		// The next host in turn that may take another request.
		pick := -1
		if inFlight < total {
			for k := range len(ring) {
				j := (next + k) % len(ring)
				if active[ring[j]] < perHost {
					pick = j
					break
				}
			}
		}
		var send chan<- Request
		var r Request
		if pick >= 0 {
			send, r = work, reqs[queues[ring[pick]][0]]
		}
		select {
		case send <- r:
			h := ring[pick]
			active[h]++
			inFlight++
			if queues[h] = queues[h][1:]; len(queues[h]) == 0 {
				delete(queues, h)
				ring = append(ring[:pick], ring[pick+1:]...)
				next = pick
			} else {
				next = pick + 1
			}
			if len(ring) > 0 {
				next %= len(ring)
			}
		case h := <-finished:
			active[h]--
			inFlight--
		case <-ctx.Done():
			return
		}
	}
}

// panicBox keeps the first panic of All's goroutines for the caller.
type panicBox struct {
	mu  sync.Mutex
	val any
	set bool
}

// guard runs fn, and on a panic keeps its value and cancels the fetch.
func (p *panicBox) guard(cancel context.CancelFunc, fn func()) {
	defer func() {
		if v := recover(); v != nil {
			p.mu.Lock()
			if !p.set {
				p.val, p.set = v, true
			}
			p.mu.Unlock()
			cancel()
		}
	}()
	fn()
}

// raise panics again with the value kept, if there is one.
func (p *panicBox) raise() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.set {
		panic(fmt.Sprintf("fetching feeds: %v", p.val))
	}
}

// downloadLimited is download within the host's and (when global is not
// nil) the call's limits on requests in flight. ok is false when ctx ended
// before it could start.
func (c *Client) downloadLimited(ctx context.Context, r Request, host, global chan struct{}, budget *byteBudget) (d downloaded, ok bool) {
	// The host slot is taken first: a worker waiting for a busy host must
	// not hold a global slot another host could use.
	select {
	case host <- struct{}{}:
	case <-ctx.Done():
		return d, false
	}
	defer func() { <-host }()
	if global != nil {
		select {
		case global <- struct{}{}:
		case <-ctx.Done():
			return d, false
		}
		defer func() { <-global }()
	}
	return c.download(ctx, r, budget), true
}
