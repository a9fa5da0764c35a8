// Command marksave measures what a big save does to everyone else writing
// the cache: it serves a feed of -items items on loopback and runs
// -fetchers `herald fetch` at once, each saving its own copy of it into one
// cache, while a second process (this one, through store, as another
// herald would) marks an article every -every. It prints how the marks
// fared, how long each fetch took and whether it succeeded.
//
// Build it in the tree whose store is measured (copy the folder into an
// older checkout to measure that), and give it that tree's herald:
//
//	go build -o /tmp/marksave ./bench/marksave && go build -o /tmp/herald .
//	/tmp/marksave -herald /tmp/herald -items 200000
//	/tmp/marksave -herald /tmp/herald -items 200000 -fetchers 3 -every 0
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/herald-reader/herald/store"
)

func main() {
	herald := flag.String("herald", "", "herald binary to run (required)")
	items := flag.Int("items", 200000, "items in the big feed")
	fetchers := flag.Int("fetchers", 1, "herald fetch processes at once, each with its own copy of the big feed")
	every := flag.Duration("every", 20*time.Millisecond, "time between marks; 0 makes none")
	keep := flag.Bool("keep", false, "keep the temporary folder")
	flag.Parse()
	if *herald == "" {
		fmt.Fprintln(os.Stderr, "marksave: -herald is required")
		os.Exit(2)
	}
	if err := run(*herald, *items, *fetchers, *every, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "marksave:", err)
		os.Exit(1)
	}
}

func run(herald string, items, fetchers int, every time.Duration, keep bool) error {
	dir, err := os.MkdirTemp("", "marksave")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(dir)
	} else {
		fmt.Println("folder:", dir)
	}
	big := bigFeed(items)
	small := bigFeed(10)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		if strings.HasPrefix(r.URL.Path, "/big") {
			w.Write(big)
			return
		}
		w.Write(small)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	db := filepath.Join(dir, "herald.db")

	// Each fetcher is a user of its own (config, list) on the one cache;
	// the first fetch saves the small feed, whose articles are marked.
	configs := make([]string, fetchers)
	for i := range configs {
		configs[i] = filepath.Join(dir, fmt.Sprintf("config%d", i))
		if err := os.MkdirAll(filepath.Join(configs[i], "herald"), 0o700); err != nil {
			return err
		}
		conf := "max_feed_size = \"256MiB\"\ntimeout = \"600s\"\n"
		if err := os.WriteFile(filepath.Join(configs[i], "herald", "config.toml"), []byte(conf), 0o600); err != nil {
			return err
		}
	}
	list := func(i int, feeds ...string) error {
		return os.WriteFile(filepath.Join(configs[i], "herald", "feeds"), []byte(strings.Join(feeds, "\n")+"\n"), 0o600)
	}
	if err := list(0, base+"/small.xml"); err != nil {
		return err
	}
	if out, err := fetch(herald, configs[0], db); err != nil {
		return fmt.Errorf("the first fetch: %v: %s", err, out)
	}
	for i := range configs {
		if err := list(i, fmt.Sprintf("%s/big%d.xml", base, i)); err != nil {
			return err
		}
	}

	s, err := store.Open(db)
	if err != nil {
		return err
	}
	defer s.Close()
	seed, err := s.List(context.Background(), store.Filter{})
	if err != nil || len(seed) == 0 {
		return fmt.Errorf("no article to mark (%v)", err)
	}
	ctx, stop := context.WithCancel(context.Background())
	marks := make(chan markStats, 1)
	go func() { marks <- mark(ctx, s, seed[0].ID, every) }()

	type result struct {
		wall time.Duration
		out  string
		err  error
	}
	results := make([]result, fetchers)
	var wg sync.WaitGroup
	for i := range configs {
		wg.Go(func() {
			start := time.Now()
			out, err := fetch(herald, configs[i], db)
			results[i] = result{time.Since(start), out, err}
		})
	}
	wg.Wait()
	stop()
	m := <-marks

	fmt.Printf("%d items, %d fetcher(s)\n", items, fetchers)
	for i, r := range results {
		status := "ok"
		if r.err != nil {
			status = "FAILED: " + lastLine(r.out)
		}
		fmt.Printf("fetch %d: %.1f s, %s\n", i, r.wall.Seconds(), status)
	}
	if every > 0 {
		fmt.Printf("marks: %d, failed %d, slowest %d ms, 99th percentile %d ms\n",
			m.n, m.failed, m.slowest().Milliseconds(), m.percentile(99).Milliseconds())
		if m.firstErr != nil {
			fmt.Printf("first failure: %v\n", m.firstErr)
		}
	}
	n, err := s.List(context.Background(), store.Filter{})
	if err != nil {
		return err
	}
	fmt.Printf("articles in the cache: %d (want %d)\n", len(n), 10+items*fetchers)
	return nil
}

func fetch(herald, config, db string) (string, error) {
	cmd := exec.Command(herald, "--db", db, "fetch")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+config)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

type markStats struct {
	n, failed int
	waits     []time.Duration
	firstErr  error
}

func (m markStats) slowest() time.Duration {
	if len(m.waits) == 0 {
		return 0
	}
	return slices.Max(m.waits)
}

func (m markStats) percentile(p int) time.Duration {
	if len(m.waits) == 0 {
		return 0
	}
	w := slices.Clone(m.waits)
	slices.Sort(w)
	return w[min(len(w)*p/100, len(w)-1)]
}

// mark toggles id's read mark every period until ctx ends, timing each.
func mark(ctx context.Context, s *store.Store, id string, period time.Duration) markStats {
	var m markStats
	if period <= 0 {
		<-ctx.Done()
		return m
	}
	tick := time.NewTicker(period)
	defer tick.Stop()
	read := false
	for {
		select {
		case <-ctx.Done():
			return m
		case <-tick.C:
		}
		read = !read
		start := time.Now()
		err := s.SetRead(context.Background(), id, read)
		m.waits = append(m.waits, time.Since(start))
		m.n++
		if err != nil && !errors.Is(err, context.Canceled) {
			m.failed++
			if m.firstErr == nil {
				m.firstErr = err
			}
		}
	}
}

// bigFeed is an RSS feed of n short items, a minute apart.
func bigFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>http://big.example/</link>`)
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>http://big.example/%d</link><guid>item-%d</guid><pubDate>%s</pubDate><description>The text of item %d, a sentence or two long, as many feeds give.</description></item>\n",
			i, i, i, day.Add(-time.Duration(i)*time.Minute).Format(time.RFC1123Z), i)
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String())
}
