package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/herald-reader/herald/store"
)

// The sync benchmarks run against the local Miniflux (scripts/sync-servers
// start); BENCHMARKS.md has the command and the figures.

// benchServer is a Miniflux user with 10,000 entries in 10 feeds.
func benchServer(b *testing.B) *realServer {
	b.Helper()
	m := realMiniflux(b)
	for i := range 10 {
		m.subscribe(feedServer(b, fmt.Sprint("bench", i), 1000).URL)
	}
	return m
}

func BenchmarkIntegrationFirstSync10000(b *testing.B) {
	m := benchServer(b)
	for b.Loop() {
		b.StopTimer()
		a := syncApp(b, m.account())
		b.StartTimer()
		r := syncOne(b, a)
		if r.Pulled != 10000 {
			b.Fatalf("first sync: %s", r)
		}
	}
}

func BenchmarkIntegrationSyncNothingNew(b *testing.B) {
	m := benchServer(b)
	a := syncApp(b, m.account())
	syncOne(b, a)
	// Steady state: a pull looks again at what changed in the overlap
	// before the last one, which right after the entries were made is all
	// of them.
	time.Sleep(syncOverlap + 2*time.Second)
	syncOne(b, a)
	for b.Loop() {
		if r := syncOne(b, a); r.Pushed+r.Pulled+r.Changes != 0 {
			b.Fatalf("idle sync: %s", r)
		}
	}
}

func BenchmarkIntegrationPush1000Marks(b *testing.B) {
	m := realMiniflux(b)
	m.subscribe(feedServer(b, "push", 1000).URL)
	a := syncApp(b, m.account())
	ctx := context.Background()
	syncOne(b, a)
	l, err := a.st.List(ctx, store.Filter{})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, len(l))
	for i, art := range l {
		ids[i] = art.ID
	}
	read := false
	for b.Loop() {
		b.StopTimer()
		read = !read
		if err := a.SetRead(ctx, ids, read); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if r := syncOne(b, a); r.Pushed != 1000 {
			b.Fatalf("push: %s", r)
		}
	}
}
