package cli

import (
	"net"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/ui"
)

// silentServer accepts connections on loopback and never answers: a sync
// server that hangs.
func silentServer(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	tb.Cleanup(func() { ln.Close() })
	return "http://" + ln.Addr().String()
}

// BenchmarkLibraryFirstFrame50kRefreshing is the first frame with a
// refresh started with the program, and BenchmarkLibraryFirstFrame50kHangingAccount
// the same with a sync account whose server never answers: the same wait,
// since the sync is a background task.
func BenchmarkLibraryFirstFrame50kRefreshing(b *testing.B) { benchStartFrame(b, false) }

func BenchmarkLibraryFirstFrame50kHangingAccount(b *testing.B) { benchStartFrame(b, true) }

func benchStartFrame(b *testing.B, account bool) {
	cfg := benchCache(b)
	cfg.Timeout = 200 * time.Millisecond
	if account {
		cfg.Accounts = []config.Account{{Name: "home", Type: config.Miniflux, URL: silentServer(b), Token: config.NewSecret("t")}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		lib, err := app.OpenLibrary(cfg, "bench")
		if err != nil || lib.Problem() != "" {
			b.Fatal(err, lib.Problem())
		}
		m := ui.New(ui.Options{Backend: lib, Style: "notty", CanRefresh: true, CanSync: account, RefreshOnStart: true})
		frame := frameShowing(m, "Article 0-0 about")
		b.StopTimer()
		if !strings.Contains(frame, "Article 0-0 about") {
			b.Fatalf("no first frame:\n%s", frame)
		}
		// The hanging sync gives up at its timeout; wait that out so it
		// does not run into the next start.
		time.Sleep(2 * cfg.Timeout)
		lib.Close()
		b.StartTimer()
	}
}

// frameShowing is firstFrame that goes on drawing, message by message,
// until the frame shows want: a task may speak first.
func frameShowing(m tea.Model, want string) string {
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := m.Update(m.Init()())
	msgs := make(chan tea.Msg, 64)
	launch := func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() { msgs <- c() }()
	}
	if batch, ok := cmd().(tea.BatchMsg); ok {
		for _, c := range batch {
			launch(c)
		}
	} else {
		launch(cmd)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case msg := <-msgs:
			if batch, ok := msg.(tea.BatchMsg); ok {
				for _, c := range batch {
					launch(c)
				}
				continue
			}
			var next tea.Cmd
			m, next = m.Update(msg)
			if v := m.View(); strings.Contains(v, want) {
				return v
			}
			launch(next)
		case <-deadline:
			return m.View()
		}
	}
}
