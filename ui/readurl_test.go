package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/herald-reader/herald/articles"
)

// pageHarness opens the UI on herald read URL, with ReadURL answering with
// read.
func pageHarness(t *testing.T, read func(context.Context, string) (articles.Article, error)) *appHarness {
	t.Helper()
	return newAppHarness(t, libArticles(), func(o *Options, b *recBackend) {
		o.StartURL = "https://example.com/a/long/path/to/the/article?with=query"
		b.readURL = read
	})
}

func TestReadURLShowsTheAddressAtOnceAndCancels(t *testing.T) {
	t.Parallel()
	started, stopped := make(chan string, 1), make(chan error, 1)
	h := pageHarness(t, func(ctx context.Context, url string) (articles.Article, error) {
		started <- url
		<-ctx.Done() // a slow server
		stopped <- ctx.Err()
		return articles.Article{}, ctx.Err()
	})
	v := h.m.View()
	if !strings.Contains(v, "https://example.com/a/long/path") || !strings.Contains(v, "fetching the page") {
		t.Fatalf("no address and spinner while the page downloads:\n%s", v)
	}
	if !strings.Contains(v, "esc/q cancel") {
		t.Errorf("the screen does not say how to cancel:\n%s", v)
	}
	select {
	case url := <-started:
		if url != "https://example.com/a/long/path/to/the/article?with=query" {
			t.Errorf("ReadURL got %q", url)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the download never started")
	}
	cmd := h.key("esc")
	select {
	case err := <-stopped:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the download stopped with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("esc did not cancel the download")
	}
	if cmd == nil {
		t.Fatal("esc gave no Cmd")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("esc while the page downloads does not quit")
	}
}

func TestReadURLCtrlCCancels(t *testing.T) {
	t.Parallel()
	stopped := make(chan error, 1)
	h := pageHarness(t, func(ctx context.Context, _ string) (articles.Article, error) {
		<-ctx.Done()
		stopped <- ctx.Err()
		return articles.Article{}, ctx.Err()
	})
	if _, ok := h.key("ctrl+c")().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c does not quit")
	}
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("ctrl+c did not cancel the download")
	}
}

func TestReadURLOpensTheReader(t *testing.T) {
	t.Parallel()
	h := pageHarness(t, func(context.Context, string) (articles.Article, error) {
		return articles.Article{ID: "page", Title: "The page itself", Sections: []articles.Section{{Title: "Introduction", Level: 2, Markdown: "Its text."}}}, nil
	})
	h.awaitScreen(screenReader)
	if v := h.m.View(); !strings.Contains(v, "The page itself") || !strings.Contains(v, "Its text.") {
		t.Errorf("the reader does not show the page:\n%s", v)
	}
}

func TestReadURLFailureSaysWhy(t *testing.T) {
	t.Parallel()
	h := pageHarness(t, func(context.Context, string) (articles.Article, error) {
		return articles.Article{}, errors.New("read https://example.com/a/long/path/to/the/article?with=query: the server answered 404 Not Found")
	})
	deadline := time.Now().Add(5 * time.Second)
	for h.m.page.err == "" && time.Now().Before(deadline) {
		select {
		case msg := <-h.late:
			h.waiting--
			h.settle(msg)
		case <-time.After(100 * time.Millisecond):
		}
	}
	v := h.m.View()
	if !strings.Contains(v, "could not read the page: the server answered 404 Not Found") || strings.Contains(v, "fetching") || !strings.Contains(v, "esc/q quit") {
		t.Fatalf("a failed download is not explained:\n%s", v)
	}
	if _, ok := h.key("q")().(tea.QuitMsg); !ok {
		t.Error("q after a failed download does not quit")
	}
}
