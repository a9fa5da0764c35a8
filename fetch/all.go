package fetch

import (
	"context"
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
// Memory stays bounded however many and large the feeds: bodies read but
// not processed hold at most about c.MaxPending bytes (shared with every
// other call on c, as the per-host limit is), and only a few
// responses (processSlots) are being processed or wait, processed, for each
// at any time, so a slow each holds back processing and, through the byte
// budget, reading. process must not keep the response's Body.
func All[T any](ctx context.Context, c *Client, reqs []Request, process func(Response) T, each func(T)) {
	c = c.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	global := make(chan struct{}, c.Concurrency)
	budget := c.shared.budget
	// A slot is taken before processing and given back by the loop below
	// once each is done with the result, so processed results cannot pile
	// up behind a slow each.
	slots := make(chan struct{}, processSlots())
	results := make(chan T)
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, ok := c.downloadLimited(ctx, r, c.shared.host(hostKey(r.URL), c.PerHost), global, budget)
			if !ok || ctx.Err() != nil {
				budget.release(d.held)
				return
			}
			// Outside the request's timeout: a healthy feed waiting its
			// turn behind slow processing must not time out.
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				budget.release(d.held)
				return
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
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for res := range results {
		if ctx.Err() == nil {
			each(res)
		}
		<-slots
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
