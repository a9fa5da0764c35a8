package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/bench/fixture"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/ui"
)

// firstFrame runs the model's Init as the program would, every Cmd on its
// own goroutine, and draws the frame after the first message that arrives.
// It returns that frame and a wait for the other Cmds to end.
func firstFrame(m tea.Model, w, h int) (string, func()) {
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m, cmd := m.Update(m.Init()())
	cmds := []tea.Cmd{cmd}
	if batch, ok := cmd().(tea.BatchMsg); ok {
		cmds = batch
	}
	msgs := make(chan tea.Msg, len(cmds))
	for _, c := range cmds {
		go func() { msgs <- c() }()
	}
	m, _ = m.Update(<-msgs)
	return m.View(), func() {
		for range len(cmds) - 1 {
			<-msgs
		}
	}
}

func benchCache(b *testing.B) config.Config {
	dir := b.TempDir()
	cfg := config.Defaults()
	cfg.File = filepath.Join(dir, "config", "config.toml")
	cfg.DBPath = filepath.Join(dir, "data", "herald.db")
	if err := os.MkdirAll(filepath.Dir(cfg.File), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(config.FeedListPath(cfg), []byte("# none\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	// HERALD_BENCH_CACHE=PATH: a cache bench/cachefill made, used in
	// place, instead of minutes spent making one for each benchmark.
	if path := os.Getenv("HERALD_BENCH_CACHE"); path != "" {
		cfg.DBPath = path
		return cfg
	}
	if err := fixture.Cache(cfg.DBPath, 200, 250, 5000); err != nil {
		b.Fatal(err)
	}
	return cfg
}

// BenchmarkLibraryFirstFrame50k is what a user waits for on start with
// 50,000 cached articles: open the cache, read the feed list, and draw the
// library at 120x40 from the first answer (the newest screenful).
func BenchmarkLibraryFirstFrame50k(b *testing.B) {
	cfg := benchCache(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		lib, err := app.OpenLibrary(cfg, "bench")
		if err != nil || lib.Problem() != "" {
			b.Fatal(err, lib.Problem())
		}
		frame, rest := firstFrame(ui.New(ui.Options{Backend: lib, Style: "notty"}), 120, 40)
		b.StopTimer()
		if !strings.Contains(frame, "Article 0-0 about") {
			b.Fatalf("the first frame does not show the newest article:\n%s", frame)
		}
		rest()
		lib.Close()
		b.StartTimer()
	}
}

// BenchmarkLibraryWholeList50k is the same start until every one of the
// 50,000 articles is listed and counted.
func BenchmarkLibraryWholeList50k(b *testing.B) {
	cfg := benchCache(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		lib, err := app.OpenLibrary(cfg, "bench")
		if err != nil {
			b.Fatal(err)
		}
		m := ui.New(ui.Options{Backend: lib, Style: "notty"})
		var model tea.Model = m
		model, _ = model.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		var msg tea.Msg
		model, msg = listMsg(b, model)
		model, _ = model.Update(msg)
		if v := model.View(); !strings.Contains(v, "50002 articles") {
			b.Fatalf("the library does not count every article:\n%s", v)
		}
		lib.Close()
	}
}

// listMsg runs m's Init and returns the model that asked for its lists and
// the message with the whole list: the one the newest-screenful message
// does not stand for.
func listMsg(b *testing.B, m tea.Model) (tea.Model, tea.Msg) {
	m, cmd := m.Update(m.Init()())
	batch, ok := cmd().(tea.BatchMsg)
	if !ok {
		b.Fatal("Init's lists are not a batch")
	}
	return m, batch[0]()
}

// BenchmarkLibraryKeystrokeWhileSearching50k is a key typed into the
// library's filter over 50,000 cached articles while a search of their
// text runs in the background, as it does while the user types: the
// search is another goroutine searching the cache for a frequent word
// again and again. The keystroke is its Update and the frame drawn;
// "alone" is the same keystroke with no search running, for comparison.
func BenchmarkLibraryKeystrokeWhileSearching50k(b *testing.B) {
	cfg := benchCache(b)
	lib, err := app.OpenLibrary(cfg, "bench")
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	var model tea.Model = ui.New(ui.Options{Backend: lib, Style: "notty"})
	model, _ = model.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	var msg tea.Msg
	model, msg = listMsg(b, model)
	model, _ = model.Update(msg)
	for _, k := range "/abo" {
		model, _ = model.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{k}})
	}
	keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune{'u'}}, {Type: tea.KeyBackspace}}
	for _, searching := range []bool{false, true} {
		name := "alone"
		if searching {
			name = "searching"
		}
		b.Run(name, func(b *testing.B) {
			ctx, cancel := context.WithCancel(context.Background())
			searches := make(chan int, 1)
			go func() {
				n := 0
				for searching && ctx.Err() == nil {
					if _, err := lib.Search(ctx, fixture.Word(50), 100); err == nil {
						n++
					}
				}
				searches <- n
			}()
			i := 0
			for b.Loop() {
				next, _ := model.Update(keys[i%2])
				_ = next.View()
				model = next
				i++
			}
			cancel()
			if n := <-searches; searching && n == 0 {
				b.Fatal("no search ran while the keys were typed")
			}
		})
	}
}
