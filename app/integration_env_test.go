package app

// The integration tests run against a real Miniflux (and its Google Reader
// API) that scripts/sync-servers starts on loopback; that script sets
// HERALD_INTEGRATION and the addresses below. Without it they skip, so
// `go test ./...` passes on a machine without PostgreSQL; .ci/run always
// starts the servers, and a server that cannot start fails the run.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-reader/herald/config"
)

type realServer struct {
	t    testing.TB
	url  string
	user string
	pass string
	// token is the user's API key.
	token string
}

var testUsers atomic.Int64

// realMiniflux gives the test a fresh user of its own on the local
// Miniflux, with an API key and the Google Reader API on.
func realMiniflux(t testing.TB) *realServer {
	t.Helper()
	if os.Getenv("HERALD_INTEGRATION") == "" {
		if os.Getenv("HERALD_INTEGRATION_REQUIRED") != "" {
			t.Fatal("the sync servers are not running, and .ci/run requires them: scripts/sync-servers start failed")
		}
		t.Skip("integration test: run scripts/sync-servers start first (see README)")
	}
	m := &realServer{t: t, url: os.Getenv("HERALD_MINIFLUX_URL"), pass: "integration-password"}
	m.user = fmt.Sprintf("t%d_%d", time.Now().UnixNano(), testUsers.Add(1))
	admin := strings.SplitN(os.Getenv("HERALD_MINIFLUX_ADMIN"), ":", 2)
	if len(admin) != 2 || m.url == "" {
		t.Fatal("HERALD_MINIFLUX_URL or HERALD_MINIFLUX_ADMIN is not set: start the servers with scripts/sync-servers start")
	}
	m.call("POST", "/v1/users", admin[0], admin[1], map[string]any{"username": m.user, "password": m.pass}, nil)
	var key struct {
		Token string `json:"token"`
	}
	m.call("POST", "/v1/api-keys", m.user, m.pass, map[string]any{"description": "herald"}, &key)
	m.token = key.Token
	m.sql(fmt.Sprintf(`UPDATE integrations SET googlereader_enabled = true, googlereader_username = '%s',
		googlereader_password = (SELECT password FROM users WHERE username = '%s')
		WHERE user_id = (SELECT id FROM users WHERE username = '%s')`, m.user, m.user, m.user))
	return m
}

// call is one REST call to the server as a person would make it with curl.
func (m *realServer) call(method, path, user, pass string, body, out any) {
	m.t.Helper()
	var r *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	} else {
		r = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, m.url+path, r)
	req.SetBasicAuth(user, pass)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		m.t.Fatalf("the local Miniflux does not answer (%v): is scripts/sync-servers running?", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		var buf bytes.Buffer
		buf.ReadFrom(resp.Body)
		m.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, buf.String())
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			m.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

func (m *realServer) as(method, path string, body, out any) {
	m.t.Helper()
	m.call(method, path, m.user, m.pass, body, out)
}

// sql runs a statement on Miniflux's database, for what its API cannot do
// (delete one entry, as its clean-up does).
func (m *realServer) sql(stmt string) {
	m.t.Helper()
	out, err := exec.Command("psql", os.Getenv("HERALD_MINIFLUX_DB"), "-v", "ON_ERROR_STOP=1", "-qAtc", stmt).CombinedOutput()
	if err != nil {
		m.t.Fatalf("psql: %v: %s", err, out)
	}
}

// servers runs scripts/sync-servers with cmd (stop-miniflux, kill-miniflux,
// start-miniflux).
func servers(t testing.TB, cmd string) {
	t.Helper()
	out, err := exec.Command(os.Getenv("HERALD_SYNC_SERVERS"), cmd).CombinedOutput()
	if err != nil {
		t.Fatalf("sync-servers %s: %v: %s", cmd, err, out)
	}
}

// feedServer serves an RSS feed of n items on loopback for Miniflux to
// fetch; prefix keeps two feeds' items apart.
func feedServer(t testing.TB, prefix string, n int) *httptest.Server {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>` + prefix + `</title><link>http://127.0.0.1/</link><description>d</description>`)
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>%s %d</title><link>http://127.0.0.1/%s/%d</link><guid>%s-%d</guid><pubDate>%s</pubDate><description>&lt;p&gt;Story %d of %s.&lt;/p&gt;</description></item>`,
			prefix, i, prefix, i, prefix, i, base.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z), i, prefix)
	}
	b.WriteString(`</channel></rss>`)
	body := b.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// subscribe makes Miniflux fetch the feed; it returns the feed's id.
func (m *realServer) subscribe(feedURL string) int64 {
	m.t.Helper()
	var res struct {
		FeedID int64 `json:"feed_id"`
	}
	m.as("POST", "/v1/feeds", map[string]any{"feed_url": feedURL}, &res)
	return res.FeedID
}

// entry is an entry as Miniflux's API shows it.
type mfEntry struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Status  string `json:"status"`
	Starred bool   `json:"starred"`
}

func (m *realServer) entries() map[string]mfEntry {
	m.t.Helper()
	out := map[string]mfEntry{}
	for offset := 0; ; offset += 1000 {
		var res struct {
			Entries []mfEntry `json:"entries"`
		}
		m.as("GET", fmt.Sprintf("/v1/entries?limit=1000&offset=%d&order=id", offset), nil, &res)
		for _, e := range res.Entries {
			out[e.Title] = e
		}
		if len(res.Entries) < 1000 {
			return out
		}
	}
}

func (m *realServer) account() config.Account {
	return config.Account{Name: "miniflux", Type: config.Miniflux, URL: m.url, Token: config.NewSecret(m.token)}
}

func (m *realServer) greaderAccount() config.Account {
	return config.Account{Name: "greader", Type: config.GReader, URL: m.url, Username: m.user, Password: config.NewSecret(m.pass)}
}

// waitUp waits for Miniflux to answer after a restart.
func (m *realServer) waitUp() {
	m.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(m.url + "/healthcheck"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	m.t.Fatal("Miniflux did not come back")
}
