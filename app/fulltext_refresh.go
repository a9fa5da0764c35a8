package app

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/herald-reader/herald/page"
	"github.com/herald-reader/herald/store"
)

// How a refresh reads the pages of fulltext=yes feeds: politely, and never
// at the feeds' cost.
const (
	// pagesInFlight bounds the pages being downloaded at once, across
	// every feed, beside the per-host limit the pages share with the feeds.
	// At 32, ten fulltext=yes sites at the per-host limit (4) were kept
	// below it; what the pages hold in memory is bounded by the client's
	// byte budget either way.
	pagesInFlight = 64
	// pagesPerFeed bounds the pages one refresh reads for one feed: a feed
	// turned to fulltext=yes with hundreds of new items is read over a few
	// refreshes, not all at once.
	pagesPerFeed = 50
	// pageRetryAfter is how long a failed page waits before it is asked
	// again, and pageMaxFailures how many failures in a row end the asking.
	pageRetryAfter  = 24 * time.Hour
	pageMaxFailures = 3
)

// pageReader reads the full texts of one refresh. Each page goes through
// three gates: the host's slot (shared with the feeds, inside the fetch
// client), one of pagesInFlight, and, once downloaded and counted in the
// client's byte budget, one of the extraction slots, as reader mode is CPU
// work that more goroutines than cores would only slow down.
type pageReader struct {
	a        *App
	ctx      context.Context
	inFlight chan struct{}
	extract  chan struct{}
	wg       sync.WaitGroup
}

func (a *App) newPageReader(ctx context.Context) *pageReader {
	return &pageReader{
		a: a, ctx: ctx,
		inFlight: make(chan struct{}, pagesInFlight),
		extract:  make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
}

// targets lists a feed's articles whose pages this refresh reads: the new
// ones (first seen since the refresh began) and the failed ones due again.
func (p *pageReader) targets(feedURL string, since time.Time) ([]store.FullTextTarget, error) {
	return p.a.st.FullTextTargets(p.ctx, feedURL, since, time.Now().Add(-pageRetryAfter), pageMaxFailures, pagesPerFeed)
}

// read reads every target's page in the background and calls done once,
// when the last is over, with how many full texts were saved and how many
// pages failed; after a cancellation it does not call done at all.
func (p *pageReader) read(targets []store.FullTextTarget, done func(got, failed int)) {
	var got, failed, left atomic.Int32
	left.Store(int32(len(targets)))
	for _, t := range targets {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			switch err := p.one(t); {
			case p.ctx.Err() != nil:
			case err != nil:
				failed.Add(1)
			default:
				got.Add(1)
			}
			if left.Add(-1) == 0 && p.ctx.Err() == nil {
				done(int(got.Load()), int(failed.Load()))
			}
		}()
	}
}

// one reads one page and saves its full text, or the failure's time and
// reason.
func (p *pageReader) one(t store.FullTextTarget) error {
	st := p.a.st
	pg, release, err := p.a.client.HeldPage(p.ctx, t.URL, page.Accept, p.inFlight)
	if err == nil {
		select {
		case p.extract <- struct{}{}:
			var text pageText
			text, err = extract(pg, feedWords(t))
			<-p.extract
			release()
			if err == nil {
				return st.SaveFullText(p.ctx, t.ID, text.sections, text.pageURL)
			}
		case <-p.ctx.Done():
			release()
			return p.ctx.Err()
		}
	}
	if p.ctx.Err() != nil {
		return p.ctx.Err()
	}
	// A failure is recorded so the page waits a day before it is asked
	// again; if even that fails, the page is simply asked next time.
	_ = st.SaveFullTextFailure(p.ctx, t.ID, err.Error())
	return err
}

// wait returns once every page is read (or the refresh was cancelled).
func (p *pageReader) wait() { p.wg.Wait() }
