package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const acct = "home"

func remoteEntry(id, feed, title string, read, starred bool) RemoteEntry {
	return RemoteEntry{RemoteID: id, FeedRemoteID: feed, Title: title, URL: "https://srv.example/" + id,
		Body: "<p>" + title + "</p>", Published: day0, Read: read, Starred: starred}
}

func merge(t testing.TB, s *Store, entries ...RemoteEntry) Merged {
	t.Helper()
	m, err := s.MergeEntries(context.Background(), acct, entries)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func outbox(t testing.TB, s *Store) []Pending {
	t.Helper()
	p, err := s.Outbox(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAccountEntriesListBesideLocalOnesWithTheServersMarks(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	save(t, s, feedA, 0, item("1", "local", day0, "x"))
	if err := s.SaveAccountFeeds(ctx, acct, []AccountFeed{{RemoteID: "7", Link: feedA, Title: "Server A", Tag: "News", TagID: "3"}}); err != nil {
		t.Fatal(err)
	}
	m := merge(t, s, remoteEntry("100", "7", "read on the phone", true, false), remoteEntry("101", "7", "starred there", false, true))
	if m.Added != 2 {
		t.Errorf("added %d, want 2", m.Added)
	}
	l := list(t, s, Filter{})
	if len(l) != 3 {
		t.Fatalf("library: %s", titles(l))
	}
	if a := byTitle(t, l, "read on the phone"); !a.Read || a.Source != "Server A" {
		t.Errorf("pulled entry: read=%v source=%q", a.Read, a.Source)
	}
	if a := byTitle(t, l, "starred there"); !a.Starred || a.Read {
		t.Errorf("pulled entry: read=%v starred=%v", a.Read, a.Starred)
	}
	// The same address as a local feed and an account feed: two feeds.
	feeds, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 2 || feeds[1].Account != acct || feeds[1].Link != feedA || feeds[1].Tag != "News" {
		t.Errorf("feeds: %+v", feeds)
	}
	// A body from the server opens like a feed's.
	a, err := s.Load(ctx, byTitle(t, l, "starred there").ID)
	if err != nil || a.Body != "<p>starred there</p>" {
		t.Errorf("load: %q, %v", a.Body, err)
	}
}

func TestMarkOfAnAccountEntryIsQueuedWithIt(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	save(t, s, feedA, 0, item("1", "local", day0, "x"))
	merge(t, s, remoteEntry("100", "7", "remote", false, false), remoteEntry("101", "7", "other", false, false))
	l := list(t, s, Filter{})
	if err := s.SetRead(ctx, byTitle(t, l, "local").ID, true); err != nil {
		t.Fatal(err)
	}
	if n := len(outbox(t, s)); n != 0 {
		t.Fatalf("a local feed's mark went to the outbox (%d rows)", n)
	}
	id := byTitle(t, l, "remote").ID
	if err := s.SetRead(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRead(ctx, []string{byTitle(t, l, "other").ID, id}); err != nil {
		t.Fatal(err)
	}
	// Read, then unread again: one row with the newest value.
	if err := s.SetRead(ctx, id, false); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range outbox(t, s) {
		got[p.Kind+" "+p.RemoteID] = p.Value
	}
	want := map[string]bool{"read 100": false, "starred 100": true, "read 101": true}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outbox %v, want %v", got, want)
	}
}

func TestPullKeepsPendingLocalMarksAndTakesTheRest(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	merge(t, s, remoteEntry("100", "7", "mine", false, false), remoteEntry("101", "7", "theirs", false, false))
	l := list(t, s, Filter{})
	if err := s.SetRead(ctx, byTitle(t, l, "mine").ID, true); err != nil {
		t.Fatal(err)
	}
	// The server says both are unread and starred: the pending read of
	// "mine" wins, its star and everything about "theirs" come from the
	// server.
	m := merge(t, s, remoteEntry("100", "7", "mine", false, true), remoteEntry("101", "7", "theirs", true, true))
	l = list(t, s, Filter{})
	if a := byTitle(t, l, "mine"); !a.Read || !a.Starred {
		t.Errorf("mine: read=%v starred=%v, want read (pending) and starred (server)", a.Read, a.Starred)
	}
	if a := byTitle(t, l, "theirs"); !a.Read || !a.Starred {
		t.Errorf("theirs: read=%v starred=%v, want both from the server", a.Read, a.Starred)
	}
	if m.Changed != 2 {
		t.Errorf("changed %d, want 2", m.Changed)
	}
	// Once pushed, the server's word counts again.
	if err := s.Pushed(ctx, outbox(t, s)); err != nil {
		t.Fatal(err)
	}
	merge(t, s, remoteEntry("100", "7", "mine", false, true))
	if a := byTitle(t, list(t, s, Filter{}), "mine"); a.Read {
		t.Error("after the push the server's unread did not come through")
	}
}

func TestPushedKeepsAMarkChangedDuringThePush(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	merge(t, s, remoteEntry("100", "7", "e", false, false))
	id := list(t, s, Filter{})[0].ID
	if err := s.SetRead(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	sent := outbox(t, s)
	if err := s.SetRead(ctx, id, false); err != nil { // while the push is on the wire
		t.Fatal(err)
	}
	if err := s.Pushed(ctx, sent); err != nil {
		t.Fatal(err)
	}
	left := outbox(t, s)
	if len(left) != 1 || left[0].Value {
		t.Errorf("outbox after the push: %+v, want the newer unread", left)
	}
}

func TestEntryGoneFromTheServerKeepsItsState(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	merge(t, s, remoteEntry("100", "7", "kept", false, true), remoteEntry("101", "7", "other", false, false))
	// The server reports the marks of what it still has; 100 is not in
	// its unread set any more because it is gone, not because it was read.
	n, err := s.SetRemoteMarks(ctx, acct, KindRead, []string{"101"}, true)
	if err != nil || n != 1 {
		t.Fatalf("SetRemoteMarks: %d, %v", n, err)
	}
	if err := s.SaveAccountFeeds(ctx, acct, []AccountFeed{{RemoteID: "7", Title: "F"}}); err != nil {
		t.Fatal(err)
	}
	a := byTitle(t, list(t, s, Filter{}), "kept")
	if a.Read || !a.Starred {
		t.Errorf("entry gone from the server: read=%v starred=%v, want unread and starred", a.Read, a.Starred)
	}
}

func TestMarkAllReadQueuesTheScopeAndCoversLaterPulls(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if err := s.SaveAccountFeeds(ctx, acct, []AccountFeed{{RemoteID: "7", Title: "F", Tag: "News", TagID: "3"}, {RemoteID: "8", Title: "G"}}); err != nil {
		t.Fatal(err)
	}
	merge(t, s, remoteEntry("100", "7", "a", false, false), remoteEntry("101", "8", "b", false, false))
	n, err := s.MarkAllRead(ctx, Scope{Feed: AccountFeedKey(acct, "7")})
	if err != nil || n != 1 {
		t.Fatalf("MarkAllRead: %d, %v", n, err)
	}
	if _, err := s.MarkAllRead(ctx, Scope{Tag: "News"}); err != nil {
		t.Fatal(err)
	}
	var scopes []string
	for _, p := range outbox(t, s) {
		scopes = append(scopes, p.Kind+" "+p.RemoteID)
	}
	if fmt.Sprint(scopes) != "[readall feed:7 readall tag:3]" {
		t.Errorf("outbox %v", scopes)
	}
	// A pull before the push: the entry the scope covers stays read, even
	// one herald had not seen yet; the other feed's entry follows the server.
	merge(t, s, remoteEntry("100", "7", "a", false, false), remoteEntry("102", "7", "c", false, false), remoteEntry("101", "8", "b", true, false))
	l := list(t, s, Filter{})
	for _, title := range []string{"a", "b", "c"} {
		if !byTitle(t, l, title).Read {
			t.Errorf("%s unread after the pull", title)
		}
	}
}

func TestEnsureFeedsLeavesAccountFeedsAlone(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if err := s.SaveAccountFeeds(ctx, acct, []AccountFeed{{RemoteID: "7", Title: "F"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureFeeds(ctx, []FeedEntry{{URL: feedA}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	feeds, err := s.Feeds(ctx)
	if err != nil || len(feeds) != 2 {
		t.Errorf("feeds after EnsureFeeds: %+v, %v", feeds, err)
	}
}

// TestEveryOlderCacheOpensWithItsArticlesAndMarks builds a cache at each
// earlier schema version, as that herald left it, and opens it with this one.
func TestEveryOlderCacheOpensWithItsArticlesAndMarks(t *testing.T) {
	for v := 1; v < SchemaVersion(); v++ {
		t.Run(strconv.Itoa(v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "herald.db")
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range migrations[:v] {
				if _, err := db.Exec(m); err != nil {
					t.Fatal(err)
				}
			}
			// Version 1's columns only: every later version has them.
			for i, marks := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				if _, err := db.Exec(`INSERT OR IGNORE INTO feeds (url) VALUES (?)`, feedA); err != nil {
					t.Fatal(err)
				}
				if _, err := db.Exec(`INSERT INTO articles (feed_url, guid, title, published, first_seen, read, starred, list_entry)
VALUES (?, ?, ?, ?, ?, ?, ?, '')`, feedA, strconv.Itoa(i), "t"+strconv.Itoa(i), day0.UnixMilli(), day0.UnixMilli(), marks[0], marks[1]); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Exec(`UPDATE articles SET list_entry = id || char(0) || title || char(0) || url || char(0) || author || char(0) || feed_url`); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
				t.Fatal(err)
			}
			db.Close()

			s, err := Open(path)
			if err != nil {
				t.Fatalf("a version %d cache does not open: %v", v, err)
			}
			defer s.Close()
			l := list(t, s, Filter{})
			if len(l) != 4 {
				t.Fatalf("%d articles, want 4", len(l))
			}
			for i, marks := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				a := byTitle(t, l, "t"+strconv.Itoa(i))
				if a.Read != marks[0] || a.Starred != marks[1] {
					t.Errorf("t%d: read=%v starred=%v, want %v", i, a.Read, a.Starred, marks)
				}
			}
			// And the old articles' marks stay local: nothing is queued.
			if err := s.SetRead(context.Background(), byTitle(t, l, "t0").ID, true); err != nil {
				t.Fatal(err)
			}
			if n, _ := s.PendingCount(context.Background()); n != 0 {
				t.Errorf("%d outbox rows for a local feed's mark", n)
			}
		})
	}
}

// TestOutboxSurvivesAKillRightAfterTheMark marks an account entry in a
// child process that is killed the moment the mark returns.
func TestOutboxSurvivesAKillRightAfterTheMark(t *testing.T) {
	if path := os.Getenv("HERALD_OUTBOX_CHILD"); path != "" {
		s, err := Open(path)
		if err != nil {
			os.Exit(2)
		}
		l, _ := s.List(context.Background(), Filter{})
		if err := s.SetStarred(context.Background(), l[0].ID, true); err != nil {
			os.Exit(3)
		}
		fmt.Println("marked")
		time.Sleep(time.Minute) // killed here
		return
	}
	path := filepath.Join(t.TempDir(), "herald.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	merge(t, s, remoteEntry("100", "7", "e", false, false))
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestOutboxSurvivesAKillRightAfterTheMark$")
	cmd.Env = append(os.Environ(), "HERALD_OUTBOX_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	if _, err := out.Read(buf); err != nil || string(buf) != "marked" {
		cmd.Process.Kill()
		t.Fatalf("child: %q, %v", buf, err)
	}
	cmd.Process.Kill()
	cmd.Wait()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if a := list(t, s, Filter{})[0]; !a.Starred {
		t.Error("the star was lost")
	}
	if p := outbox(t, s); len(p) != 1 || p[0].Kind != KindStarred || !p[0].Value {
		t.Errorf("outbox after the kill: %+v", p)
	}
}

func TestRemoteIDLookupsUseTheIndex(t *testing.T) {
	s := openTemp(t)
	var plan, detail string
	var id, parent, notused int
	rows, err := s.db.Query(`EXPLAIN QUERY PLAN SELECT id FROM articles WHERE account = ? AND account <> '' AND remote_id = ?`, acct, "1")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "; "
	}
	if !strings.Contains(plan, "articles_remote") {
		t.Errorf("the lookup by server id scans: %s", plan)
	}
}
