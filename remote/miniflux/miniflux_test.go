package miniflux

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/herald-reader/herald/remote"
	"github.com/herald-reader/herald/remote/miniflux/minifluxtest"
)

func client(t *testing.T, url, token string) *Client {
	t.Helper()
	c, err := New(remote.Options{BaseURL: url}, Credentials{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWrongTokenSaysTheServerRefusedIt(t *testing.T) {
	srv := minifluxtest.New("right")
	defer srv.Close()
	if err := client(t, srv.URL, "wrong").Check(context.Background()); !errors.Is(err, remote.ErrCredentials) {
		t.Errorf("error %v", err)
	}
}

func TestAddressThatIsNotMinifluxSaysSo(t *testing.T) {
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/me" {
			fmt.Fprint(w, "<html>hello</html>")
			return
		}
		http.NotFound(w, r)
	}))
	defer web.Close()
	if err := client(t, web.URL, "t").Check(context.Background()); !errors.Is(err, remote.ErrNotServer) {
		t.Errorf("HTML answer: %v", err)
	}
	missing := httptest.NewServer(http.NotFoundHandler())
	defer missing.Close()
	if err := client(t, missing.URL, "t").Check(context.Background()); !errors.Is(err, remote.ErrNotServer) {
		t.Errorf("404: %v", err)
	}
}

func TestEntriesComeInPagesTheServerAllows(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", 1)
	for i := range 2500 {
		srv.AddEntry(f, fmt.Sprint("entry ", i))
	}
	c := client(t, srv.URL, "tok")
	var pages, n int
	_, maxID, err := c.Entries(context.Background(), Query{}, func(es []remote.Entry) error {
		pages++
		n += len(es)
		return nil
	})
	if err != nil || n != 2500 || pages != 3 || maxID != 2500 {
		t.Errorf("%d entries in %d pages, max id %d, %v", n, pages, maxID, err)
	}
	// Only what is new after the highest id.
	srv.AddEntry(f, "newer")
	n = 0
	_, maxID, err = c.Entries(context.Background(), Query{AfterID: maxID}, func(es []remote.Entry) error { n += len(es); return nil })
	if err != nil || n != 1 || maxID != 2501 {
		t.Errorf("after: %d entries, max %d, %v", n, maxID, err)
	}
	// And what changed after a time.
	srv.Set(7, true, true)
	var changed []remote.Entry
	_, _, err = c.Entries(context.Background(), Query{ChangedAfter: time.Now().Add(-time.Second)}, func(es []remote.Entry) error {
		changed = append(changed, es...)
		return nil
	})
	found := false
	for _, e := range changed {
		if e.ID == "7" {
			found = e.Read && e.Starred
		}
	}
	if err != nil || !found {
		t.Errorf("changed: %d entries, 7 read and starred: %v, %v", len(changed), found, err)
	}
}

func TestMarksAreSetInBatchesNeverToggled(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", 1)
	var ids []int64
	for range 2100 {
		ids = append(ids, srv.AddEntry(f, "x"))
	}
	c := client(t, srv.URL, "tok")
	ctx := context.Background()
	// Twice: a set sent again changes nothing.
	for range 2 {
		if err := c.SetRead(ctx, ids, true); err != nil {
			t.Fatal(err)
		}
		if err := c.SetStarred(ctx, ids[:5], true); err != nil {
			t.Fatal(err)
		}
	}
	if e, _ := srv.Get(ids[4]); !e.Read || !e.Starred {
		t.Errorf("entry: %+v", e)
	}
	if e, _ := srv.Get(ids[2099]); !e.Read || e.Starred {
		t.Errorf("last entry: %+v", e)
	}
	if srv.Toggles != 0 {
		t.Errorf("%d toggle calls", srv.Toggles)
	}
	for _, n := range srv.PutIDs {
		if n > batchSize {
			t.Errorf("a PUT carried %d ids", n)
		}
	}
}

func TestMarkAllReadOfAFolderAndOfEverything(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	news := srv.AddCategory("News")
	a := srv.AddEntry(srv.AddFeed("https://a.example/feed", "A", news), "a")
	b := srv.AddEntry(srv.AddFeed("https://b.example/feed", "B", 1), "b")
	time.Sleep(5 * time.Millisecond) // Miniflux marks what was published before now
	c := client(t, srv.URL, "tok")
	ctx := context.Background()
	if err := c.MarkCategoryRead(ctx, news); err != nil {
		t.Fatal(err)
	}
	ea, _ := srv.Get(a)
	eb, _ := srv.Get(b)
	if !ea.Read || eb.Read {
		t.Errorf("after the folder: a %v, b %v", ea.Read, eb.Read)
	}
	if err := c.MarkAllRead(ctx); err != nil {
		t.Fatal(err)
	}
	if eb, _ := srv.Get(b); !eb.Read {
		t.Error("mark all read left b unread")
	}
}
