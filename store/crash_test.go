package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
)

// crashChildEnv names the cache the child process writes to; set only in the
// child that TestKillMidWriteKeepsEveryReadMark starts.
const crashChildEnv = "HERALD_STORE_CRASH_CHILD"

const churnFeed = "https://churn.example/feed"

// hugeFeed is saved whole every few marks, in several transactions; its
// ETag names the round, so the parent can tell which round's save ended.
const hugeFeed = "https://huge.example/feed"

// hugeItems is how many items each round of hugeFeed has: several chunks.
const hugeItems = 2*chunkItems + 17

// TestCrashChild is the child process: it marks the seeded articles read one
// by one, printing each id once its mark is committed, and between marks
// saves big batches of items (with retention), so that a kill lands inside a
// transaction more often than not. Every twentieth mark it also saves a feed of
// several chunks, saying "huge N" as it starts round N. It waits for the
// kill when done.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("only runs as the child of TestKillMidWriteKeepsEveryReadMark")
	}
	ctx := context.Background()
	s, err := Open(path)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	unread, err := s.List(ctx, Filter{Unread: true, Feed: feedA})
	if err != nil {
		fmt.Println("list:", err)
		os.Exit(2)
	}
	body := strings.Repeat("lorem ipsum dolor sit amet ", 200)
	for n, a := range unread {
		if n%20 == 19 {
			round := fmt.Sprint(time.Now().UnixNano())
			fmt.Println("huge", round)
			var items []articles.Article
			for i := range hugeItems {
				g := fmt.Sprintf("%s-%d", round, i)
				items = append(items, item(g, g, time.Now(), "short"))
			}
			if _, err := s.SaveItems(ctx, Fetched{Feed: hugeFeed, ETag: round, Items: items, Keep: hugeItems}); err != nil {
				fmt.Println("save:", err)
				os.Exit(2)
			}
		}
		if err := s.SetRead(ctx, a.ID, true); err != nil {
			fmt.Println("setread:", err)
			os.Exit(2)
		}
		fmt.Println("read", a.ID) // os.Stdout is unbuffered: printed means committed
		var items []articles.Article
		for i := range 30 {
			g := fmt.Sprintf("%s-%d-%d", a.ID, time.Now().UnixNano(), i)
			items = append(items, item(g, g, time.Now(), body))
		}
		if _, err := s.SaveItems(ctx, Fetched{Feed: churnFeed, Title: "churn", Items: items, Keep: 100}); err != nil {
			fmt.Println("save:", err)
			os.Exit(2)
		}
	}
	fmt.Println("done")
	select {} // wait for the kill
}

// TestKillMidWriteKeepsEveryReadMark kills a writing herald with SIGKILL at
// random moments and checks that the cache still opens, passes SQLite's
// integrity check, holds every read mark committed before the kill, and
// holds no half-saved article (every article has its body). A feed saved in
// several transactions and killed part-way keeps what it saved, and its
// validators never claim a save that did not end: when the stored ETag
// names a round, every item of that round is there (else the next fetch
// would get 304 Not Modified and never bring the missing ones).
func TestKillMidWriteKeepsEveryReadMark(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "herald.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var seed []articles.Article
	for i := range 2000 {
		seed = append(seed, item(fmt.Sprint("seed", i), fmt.Sprint("seed", i), day0.Add(time.Duration(i)*time.Minute), "x"))
	}
	save(t, s, feedA, 0, seed...)
	s.Close()

	committed := map[string]bool{} // id -> read, as the child last reported
	for kill := range 4 {
		// Odd kills land inside the save of the huge feed.
		midHuge := kill%2 == 1
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		wantMarks := 40 + rand.IntN(80)
		var marks []string
		var failure string
		hugeStarted := false
		for (len(marks) < wantMarks || midHuge && !hugeStarted) && lines.Scan() {
			switch line := lines.Text(); {
			case strings.HasPrefix(line, "read "):
				marks = append(marks, strings.TrimPrefix(line, "read "))
				hugeStarted = false
			case strings.HasPrefix(line, "huge "):
				hugeStarted = len(marks) >= wantMarks
			case line == "done":
				failure = "the child read every article before it was killed"
			default:
				failure = line
			}
			if failure != "" {
				break
			}
		}
		if failure != "" || len(marks) < wantMarks {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child stopped early after %d marks: %s", len(marks), failure)
		}
		// Mid-transaction: the child is now inside a 30-item SaveItems, or
		// somewhere in the huge feed's chunks.
		if midHuge {
			time.Sleep(time.Duration(rand.IntN(150_000)) * time.Microsecond)
		} else {
			time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		// Lines already in the pipe were committed before the kill.
		for lines.Scan() {
			if line := lines.Text(); strings.HasPrefix(line, "read ") {
				marks = append(marks, strings.TrimPrefix(line, "read "))
			}
		}
		cmd.Wait()
		for _, id := range marks {
			committed[id] = true
		}

		t.Logf("kill %d after %d marks at %v", kill, len(marks), time.Now())
		s, err := Open(path)
		if err != nil {
			t.Fatalf("kill %d: cache does not open: %v", kill, err)
		}
		var check string
		if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
			t.Fatalf("kill %d: integrity_check %q %v", kill, check, err)
		}
		read := map[string]bool{}
		for _, a := range list(t, s, Filter{Feed: feedA}) {
			read[a.ID] = a.Read
		}
		lost := 0
		for id := range committed {
			if !read[id] {
				lost++
			}
		}
		if lost > 0 {
			t.Errorf("kill %d: %d of %d committed read marks lost", kill, lost, len(committed))
		}
		var arts, bodies int
		s.db.QueryRow("SELECT count(*) FROM articles").Scan(&arts)
		s.db.QueryRow("SELECT count(*) FROM articles_body").Scan(&bodies)
		if arts != bodies {
			t.Errorf("kill %d: %d articles but %d bodies: an article was half saved", kill, arts, bodies)
		}
		if etag, _, err := s.Validators(context.Background(), hugeFeed); err != nil {
			t.Errorf("kill %d: %v", kill, err)
		} else if etag != "" {
			var n int
			s.db.QueryRow("SELECT count(*) FROM articles WHERE feed_url = ? AND guid LIKE ? || '-%'", hugeFeed, etag).Scan(&n)
			if n != hugeItems {
				t.Errorf("kill %d: the huge feed's ETag says round %s was saved, but %d of its %d items are", kill, etag, n, hugeItems)
			}
		}
		s.Close()
	}
}
