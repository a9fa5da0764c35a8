package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/herald-reader/herald/bench/fixture"
	"github.com/herald-reader/herald/store"
)

// The search benchmarks share one cache of 50,000 articles with ~5 KB
// bodies of Zipf-distributed words (bench/fixture), built once per run
// (a few minutes) in a folder TestMain removes; HERALD_BENCH_CACHE=PATH
// keeps it at PATH instead, built only when it is not there yet.
var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

func searchCache(b *testing.B) string {
	b.Helper()
	if path := os.Getenv("HERALD_BENCH_CACHE"); path != "" {
		fixtureOnce.Do(func() {
			if _, err := os.Stat(path); err != nil {
				fixtureErr = fixture.Cache(path, 200, 250, 5000)
			}
		})
		if fixtureErr != nil {
			b.Fatal(fixtureErr)
		}
		return path
	}
	fixtureOnce.Do(func() {
		if fixtureDir, fixtureErr = os.MkdirTemp("", "herald-search-bench"); fixtureErr != nil {
			return
		}
		fixtureErr = fixture.Cache(filepath.Join(fixtureDir, "herald.db"), 200, 250, 5000)
	})
	if fixtureErr != nil {
		b.Fatal(fixtureErr)
	}
	return filepath.Join(fixtureDir, "herald.db")
}

// The words searched for: by rank in the vocabulary, so by how many of the
// 50,000 articles hold them (counted when the benchmark starts).
var searchRanks = []int{50, 1000, 10000}

// BenchmarkSearch50k is the first 50 results of a one-word query, ranked
// (bm25, title above text), with their snippets: herald search's work.
func BenchmarkSearch50k(b *testing.B) {
	s, err := store.Open(searchCache(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, rank := range searchRanks {
		word := fixture.Word(rank)
		all, err := s.Search(ctx, `"`+word+`"`, store.SearchFilter{Limit: 100000})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rank%d-in-%d", rank, len(all)), func(b *testing.B) {
			store.Measure(b, func() {
				hits, err := s.Search(ctx, `"`+word+`"`, store.SearchFilter{})
				if err != nil || len(hits) != min(50, len(all)) {
					b.Fatal(len(hits), err)
				}
			})
		})
	}
}

// BenchmarkSearch50kUnread is the same with --unread: the index's matches
// meet the articles' rows.
func BenchmarkSearch50kUnread(b *testing.B) {
	s, err := store.Open(searchCache(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	word := fixture.Word(1000)
	store.Measure(b, func() {
		if _, err := s.Search(ctx, `"`+word+`"`, store.SearchFilter{Unread: true}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkLike50k is the same search as newsboat makes it: SQL LIKE over
// every title and body, newest first; "all" as newsboat runs it (every
// match), "first50" stopping at the 50 newest. Neither ranks nor quotes.
func BenchmarkLike50k(b *testing.B) {
	s, err := store.Open(searchCache(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, limit := range []int{-1, 50} {
		for _, rank := range searchRanks {
			word := fixture.Word(rank)
			name := fmt.Sprintf("all/rank%d", rank)
			if limit > 0 {
				name = fmt.Sprintf("first50/rank%d", rank)
			}
			b.Run(name, func(b *testing.B) {
				store.Measure(b, func() {
					if _, err := store.LikeSearch(ctx, s, word, limit); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

// BenchmarkIndexBuild50k is the migration of a cache from before the
// index: Open building the index of 50,000 articles. It reports the index's
// size against the text it holds.
func BenchmarkIndexBuild50k(b *testing.B) {
	path := searchCache(b)
	ctx := context.Background()
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	var elapsed time.Duration
	store.Measure(b, func() {
		b.StopTimer()
		if err := store.ForgetIndex(ctx, s); err != nil {
			b.Fatal(err)
		}
		s.Close()
		b.StartTimer()
		start := time.Now()
		if s, err = store.Open(path); err != nil {
			b.Fatal(err)
		}
		elapsed = time.Since(start)
	})
	index, text, err := store.IndexSizes(ctx, s)
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	b.ReportMetric(elapsed.Seconds(), "s-last")
	b.ReportMetric(float64(index)/(1<<20), "index-MiB")
	b.ReportMetric(float64(text)/(1<<20), "text-MiB")
	b.ReportMetric(float64(index)/float64(text), "index/text")
}
