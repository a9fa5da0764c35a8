package store

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
)

// fixture fills a cache at dir with feeds*perFeed articles whose bodies are
// about bodySize bytes each, as a long-used herald would hold, and returns its
// path.
func fixture(b *testing.B, dir string, feeds, perFeed, bodySize int) string {
	b.Helper()
	path := filepath.Join(dir, "herald.db")
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	para := strings.Repeat("The quick brown fox jumps over the lazy dog. ", bodySize/45/4+1)
	for f := range feeds {
		feedURL := fmt.Sprintf("https://site%d.example/feed.xml", f)
		items := make([]articles.Article, perFeed)
		for i := range items {
			g := fmt.Sprintf("%d-%d", f, i)
			items[i] = articles.Article{
				ID:        "tag:site.example,2026:" + g,
				Title:     "Article number " + g + " about something that happened today",
				URL:       "https://site.example/2026/01/" + g + "/a-fairly-long-slug-for-the-article",
				Author:    "A. Writer",
				Published: day0.Add(-time.Duration(f*perFeed+i) * time.Minute),
				Sections: []articles.Section{
					{Title: "Introduction", Level: 1, Markdown: g + " " + para},
					{Title: "What happened", Level: 2, Markdown: para},
					{Title: "Why it matters", Level: 2, Markdown: para},
					{Title: "What next", Level: 3, Markdown: para},
				},
			}
		}
		if _, err := s.SaveItems(context.Background(), Fetched{Feed: feedURL, Title: fmt.Sprintf("Site %d", f), Items: items}); err != nil {
			b.Fatal(err)
		}
	}
	return path
}

// measure runs the benchmark loop, reporting the process's CPU time per
// operation (cpu-ms/op) and the bytes allocated per operation in MiB
// (MiB/op) beside Go's own figures.
func measure(b *testing.B, op func()) {
	b.Helper()
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	alloc0, cpu0, n := ms.TotalAlloc, cpuTime(), 0
	for b.Loop() {
		op()
		n++
	}
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(ms.TotalAlloc-alloc0)/(1<<20)/float64(n), "MiB/op")
}

// BenchmarkList50k is the library's list query over 50,000 cached articles
// with ~5 KB bodies each.
func BenchmarkList50k(b *testing.B) {
	path := fixture(b, b.TempDir(), 200, 250, 5000)
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var n int
	measure(b, func() {
		l, err := s.List(ctx, Filter{})
		if err != nil {
			b.Fatal(err)
		}
		n = len(l)
	})
	if n != 50000 {
		b.Fatalf("listed %d articles, want 50000", n)
	}
}

// BenchmarkList50kUnread is the unread view of the same cache, a fifth read.
func BenchmarkList50kUnread(b *testing.B) {
	path := fixture(b, b.TempDir(), 200, 250, 5000)
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	l, _ := s.List(ctx, Filter{})
	var ids []string
	for i, a := range l {
		if i%5 != 0 {
			ids = append(ids, a.ID)
		}
	}
	if err := s.MarkRead(ctx, ids); err != nil {
		b.Fatal(err)
	}
	measure(b, func() {
		if _, err := s.List(ctx, Filter{Unread: true}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkOpen is the TUI's path to its first frame: open the cache holding
// 50,000 articles, list them, and count unread for the header.
func BenchmarkOpen(b *testing.B) {
	path := fixture(b, b.TempDir(), 200, 250, 5000)
	ctx := context.Background()
	measure(b, func() {
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.List(ctx, Filter{}); err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.Counts(ctx); err != nil {
			b.Fatal(err)
		}
		s.Close()
	})
}

// BenchmarkFirstFrame is the quicker path to the TUI's first frame: open the
// cache of 50,000 articles, list the newest screenful and count unread; the
// full list then loads in the background.
func BenchmarkFirstFrame(b *testing.B) {
	path := fixture(b, b.TempDir(), 200, 250, 5000)
	ctx := context.Background()
	measure(b, func() {
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if l, err := s.List(ctx, Filter{Limit: 200}); err != nil || len(l) != 200 {
			b.Fatal(len(l), err)
		}
		if _, _, err := s.Counts(ctx); err != nil {
			b.Fatal(err)
		}
		s.Close()
	})
}

// BenchmarkSaveItems saves one fetch of a feed of 30 items (~5 KB bodies),
// alternating between a fetch of all-new items and a re-fetch of the same
// ones, into a cache that already holds 5,000 articles.
func BenchmarkSaveItems(b *testing.B) { benchSave(b, false) }

// BenchmarkSaveItemsAndIndex is BenchmarkSaveItems with the search index
// taking in each save at once, as a search right after it would: the cost
// the index adds to a refresh, paid later (index.go says why).
func BenchmarkSaveItemsAndIndex(b *testing.B) { benchSave(b, true) }

func benchSave(b *testing.B, index bool) {
	path := fixture(b, b.TempDir(), 20, 250, 5000)
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.IndexPending(ctx, nil); err != nil { // the fixture's own
		b.Fatal(err)
	}
	para := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 28)
	batch := func(round int) []articles.Article {
		items := make([]articles.Article, 30)
		for i := range items {
			g := fmt.Sprintf("r%d-%d", round, i)
			items[i] = item(g, "Item "+g, day0.Add(time.Duration(round*30+i)*time.Minute), g+para+para+para+para)
		}
		return items
	}
	round := 0
	measure(b, func() {
		// New items every other round; the rounds between re-save them
		// unchanged, as a feed without validators does.
		if _, err := s.SaveItems(ctx, Fetched{Feed: "https://bench.example/feed", Title: "Bench", ETag: `"e"`, Items: batch(round / 2), Keep: 300}); err != nil {
			b.Fatal(err)
		}
		if index {
			if _, err := s.IndexPending(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
		round++
	})
}

// BenchmarkMarkDuringBigSave is a mark made from another process (a second
// Store on the file) every 5 ms while a refresh saves a feed of 20,000
// items: worst-mark-ms is the longest a mark waited. "one transaction" is
// the save as it was before chunks (all items in one write), for
// comparison; the marks then wait for the whole feed.
func BenchmarkMarkDuringBigSave(b *testing.B) {
	for _, tc := range []struct {
		name  string
		chunk int
	}{{"chunked", chunkItems}, {"one transaction", 1 << 30}} {
		b.Run(tc.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "herald.db")
			saver, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer saver.Close()
			saver.chunkItems = tc.chunk
			marker, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer marker.Close()
			marker.writeWait = time.Minute // measure the wait, do not fail it
			ctx := context.Background()
			if _, err := saver.SaveItems(ctx, Fetched{Feed: "https://seed.example/feed", Items: []articles.Article{item("seed", "seed", day0, "x")}}); err != nil {
				b.Fatal(err)
			}
			seed, _ := marker.List(ctx, Filter{})
			var worst time.Duration
			round := 0
			for b.Loop() {
				round++
				items := make([]articles.Article, 20000)
				for i := range items {
					g := fmt.Sprintf("r%d-%d", round, i)
					items[i] = item(g, g, day0.Add(time.Duration(i)*time.Minute), "a body of a few words")
				}
				done := make(chan struct{})
				go func() {
					defer close(done)
					if _, err := saver.SaveItems(ctx, Fetched{Feed: fmt.Sprintf("https://big%d.example/feed", round), Items: items}); err != nil {
						b.Error(err)
					}
				}()
				for on := true; ; on = !on {
					select {
					case <-done:
					case <-time.After(5 * time.Millisecond):
						t := time.Now()
						if err := marker.SetRead(ctx, seed[0].ID, on); err != nil {
							b.Fatal(err)
						}
						worst = max(worst, time.Since(t))
						continue
					}
					break
				}
			}
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-mark-ms")
		})
	}
}

// BenchmarkSaveNewFeeds is the saving half of a first refresh: 200 feeds
// of 30 new items (~5 KB bodies each, kept unsplit as a refresh keeps
// them) into an empty cache, retention on as by default, one after
// another. BenchmarkSaveNewFeedsSideBySide saves them from four
// goroutines, as a refresh's processors do: what each save does before
// it takes the write lock then overlaps with another's write.
func BenchmarkSaveNewFeeds(b *testing.B)           { benchSaveNewFeeds(b, 1) }
func BenchmarkSaveNewFeedsSideBySide(b *testing.B) { benchSaveNewFeeds(b, 4) }

func benchSaveNewFeeds(b *testing.B, savers int) {
	// A refresh's context ends on ctrl+c, and the driver watches such a
	// context, which context.Background would spare it.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	para := strings.Repeat("<p>The quick brown fox jumps over the lazy dog.</p> ", 100)
	fetches := make([]Fetched, 200)
	for f := range fetches {
		items := make([]articles.Article, 30)
		for i := range items {
			g := fmt.Sprintf("%d-%d", f, i)
			items[i] = articles.Article{ID: g, Title: "Item " + g, URL: "https://s.example/" + g, Published: day0.Add(time.Duration(i) * time.Minute), Body: para}
		}
		fetches[f] = Fetched{Feed: fmt.Sprintf("https://feed%d.example/rss", f), Title: "Bench", Items: items, Keep: 1000}
	}
	for b.Loop() {
		b.StopTimer()
		s, err := Open(filepath.Join(b.TempDir(), "herald.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		next := make(chan Fetched)
		var wg sync.WaitGroup
		for range savers {
			wg.Go(func() {
				for f := range next {
					if _, err := s.SaveItems(ctx, f); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, f := range fetches {
			next <- f
		}
		close(next)
		wg.Wait()
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
