package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/ui"
)

// pagesSite is a summary feed whose items' pages do each thing a page can
// do to a reader: answer, vanish, hang, be a PDF, be too big, say nothing,
// or answer only once slow is closed.
func pagesSite(t *testing.T, slow <-chan struct{}) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	pages := map[string]http.HandlerFunc{
		"river": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, tidesPage)
		},
		"slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-slow:
			case <-r.Context().Done():
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, tidesPage)
		},
		"gone": func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
		"hang": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
		"pdf": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.7")
		},
		"big": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body>"+strings.Repeat("<p>padding, padding and more padding</p>", 3000)+"</body></html>")
		},
		"thin": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><article><p>Subscribe to read.</p></article></body></html>")
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Pages</title><link>%s/</link>`, srv.URL)
		for i, name := range []string{"river", "slow", "gone", "hang", "pdf", "big", "thin"} {
			fmt.Fprintf(w, `<item><title>Story %s</title><link>%s/%s.html</link><guid>%s</guid>
<pubDate>%s</pubDate><description>A summary of the %s story, in a few words.</description></item>`,
				name, srv.URL, name, name, time.Date(2026, 11, 27-i, 9, 0, 0, 0, time.UTC).Format(time.RFC1123Z), name)
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
	for name, h := range pages {
		mux.HandleFunc("/"+name+".html", h)
	}
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func runeKey(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// withProgram makes the test app run the real UI under teatest at 100x30,
// over the real App (its backend), and hands it to drive.
func withProgram(t *testing.T, ta *testApp, drive func(tm *teatest.TestModel)) {
	ta.terminal = true
	ta.runTUI = func(_ *invocation, opts ui.Options, _ config.Style) error {
		opts.Style, opts.ColorProfile = "notty", termenv.Ascii
		tm := teatest.NewTestModel(t, ui.New(opts), teatest.WithInitialTermSize(100, 30))
		drive(tm)
		if err := tm.Quit(); err != nil {
			t.Fatal(err)
		}
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		return nil
	}
}

// waitFor waits until the program has drawn every one of want. What
// WaitFor reads is gone from the output, so all that one frame shows is
// waited for at once.
func waitFor(t *testing.T, tm *teatest.TestModel, want ...string) {
	t.Helper()
	var seen strings.Builder
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		seen.Write(b)
		for _, w := range want {
			if !strings.Contains(seen.String(), w) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// f in the reader, through the App and its HTTP client, against real
// pages: the full text, and every failure in words with the feed's text
// kept.
func TestFInTheReaderAgainstPages(t *testing.T) {
	site := pagesSite(t, nil)
	ta := newTestApp(t)
	writeConfig(t, ta, "refresh_on_start = false\ntimeout = \"1s\"\nmax_feed_size = \"64KiB\"\n")
	writeFeedList(t, ta, site.URL+"/feed.xml")
	ta.runOK(t, "fetch")
	ids := map[string]string{}
	for _, a := range ta.jsonArray(t, "list", "--json") {
		ids[strings.TrimPrefix(a["title"].(string), "Story ")] = a["id"].(string)
	}
	for name, want := range map[string]string{
		"river": "full text: 3 sections from the web page",
		"gone":  "HTTP 404 Not Found; the feed's text stays",
		"hang":  "timed out after 1s; the feed's text stays",
		"pdf":   "not a web page: the server sent application/pdf",
		"big":   "response larger than 64 KiB",
		"thin":  "the page has less text than the feed",
	} {
		t.Run(name, func(t *testing.T) {
			withProgram(t, ta, func(tm *teatest.TestModel) {
				waitFor(t, tm, "A summary of the "+name+" story")
				tm.Send(runeKey("f"))
				if name != "river" {
					waitFor(t, tm, want)
					return
				}
				waitFor(t, tm, want, "Spring and neap")
				tm.Send(runeKey("l"))
				waitFor(t, tm, "━ Links ━", "More tables")
			})
			ta.runOK(t, "show", ids[name])
		})
	}
}

// The page arrives after the user has gone back to the library: it is
// saved, the library stays, and the article opens with it next time.
func TestALateFullTextWaitsInTheCache(t *testing.T) {
	slow := make(chan struct{})
	site := pagesSite(t, slow)
	ta := newTestApp(t)
	writeConfig(t, ta, "refresh_on_start = false\n")
	writeFeedList(t, ta, site.URL+"/feed.xml")
	ta.runOK(t, "fetch")
	withProgram(t, ta, func(tm *teatest.TestModel) {
		waitFor(t, tm, "Story slow")
		for _, k := range []tea.KeyMsg{runeKey("/"), runeKey("slow"), {Type: tea.KeyEnter}, {Type: tea.KeyEnter}} {
			tm.Send(k)
		}
		waitFor(t, tm, "A summary of the slow story")
		tm.Send(runeKey("f"))
		waitFor(t, tm, "full text: Story slow")
		tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
		waitFor(t, tm, " unread") // the library's header
		close(slow)
		waitFor(t, tm, "the full text of “Story slow” is saved")
		tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		waitFor(t, tm, "Spring and neap")
	})
	ta.runOK(t) // the library
}
