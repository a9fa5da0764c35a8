package greader

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/remote"
	"github.com/herald-reader/herald/remote/greader/greadertest"
)

func client(t *testing.T, srv *greadertest.Server, pass string) *Client {
	t.Helper()
	c, err := New(remote.Options{BaseURL: srv.APIURL()}, "ann", pass)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWrongPasswordSaysTheServerRefusedIt(t *testing.T) {
	srv := greadertest.New("ann", "right")
	defer srv.Close()
	err := client(t, srv, "wrong").Check(context.Background())
	if !errors.Is(err, remote.ErrCredentials) || !strings.Contains(err.Error(), "refused the credentials") {
		t.Errorf("error %v", err)
	}
}

func TestAddressThatIsNotAGoogleReaderServerSaysSo(t *testing.T) {
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><body>My blog</body></html>")
	}))
	defer web.Close()
	for _, u := range []string{web.URL, web.URL + "/nothing-here"} {
		c, _ := New(remote.Options{BaseURL: u}, "ann", "pw")
		if err := c.Check(context.Background()); !errors.Is(err, remote.ErrNotServer) {
			t.Errorf("%s: error %v, want ErrNotServer", u, err)
		}
	}
	missing := httptest.NewServer(http.NotFoundHandler())
	defer missing.Close()
	c, _ := New(remote.Options{BaseURL: missing.URL}, "ann", "pw")
	if err := c.Check(context.Background()); !errors.Is(err, remote.ErrNotServer) {
		t.Errorf("404: error %v, want ErrNotServer", err)
	}
}

func TestIDSetsPageThroughOpaqueContinuations(t *testing.T) {
	srv := greadertest.New("ann", "pw")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", "News")
	var want []string
	for i := range 2500 {
		id := srv.AddItem(f, "item "+strconv.Itoa(i))
		if i%2 == 0 {
			srv.Set(id, true, i%10 == 0)
		}
		want = append(want, strconv.FormatInt(id, 10))
	}
	c := client(t, srv, "pw")
	ctx := context.Background()
	all, err := c.ItemIDs(ctx, IDs{Stream: ReadingList})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(all)
	if !slices.Equal(all, want) {
		t.Errorf("%d ids, want %d", len(all), len(want))
	}
	if n := srv.Requests("/reader/api/0/stream/items/ids"); n != 3 {
		t.Errorf("%d id pages for 2,500 items, want 3", n)
	}
	unread, err := c.ItemIDs(ctx, IDs{Stream: ReadingList, Exclude: ReadTag})
	if err != nil || len(unread) != 1250 {
		t.Errorf("unread: %d, %v", len(unread), err)
	}
	starred, err := c.ItemIDs(ctx, IDs{Stream: StarredTag})
	if err != nil || len(starred) != 250 {
		t.Errorf("starred: %d, %v", len(starred), err)
	}
}

func TestContentsCarryMarksAndTakeLongIDs(t *testing.T) {
	srv := greadertest.New("ann", "pw")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", "")
	a := srv.AddItem(f, "plain \x1b[2Jtitle")
	b := srv.AddItem(f, "b")
	srv.Set(b, true, true)
	srv.Delete(srv.AddItem(f, "gone"))
	c := client(t, srv, "pw")
	items, err := c.Contents(context.Background(), []string{strconv.FormatInt(a, 10), strconv.FormatInt(b, 10), "12345"})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 {
		t.Fatalf("%d items, want 2 (the unknown id is just missing)", len(items))
	}
	if items[0].ID != strconv.FormatInt(a, 10) || items[0].Read || items[0].Title != "plain title" || items[0].FeedID != f {
		t.Errorf("first item %+v", items[0])
	}
	if !items[1].Read || !items[1].Starred || items[1].URL == "" {
		t.Errorf("second item %+v", items[1])
	}
}

func TestSetMarksInBatchesWithAFreshTokenWhenTheOldOneIsStale(t *testing.T) {
	srv := greadertest.New("ann", "pw")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", "")
	var ids []string
	for range 600 {
		ids = append(ids, strconv.FormatInt(srv.AddItem(f, "x"), 10))
	}
	c := client(t, srv, "pw")
	ctx := context.Background()
	if err := c.SetRead(ctx, ids[:1], true); err != nil {
		t.Fatal(err)
	}
	srv.Rotate() // the session's T expires between two syncs
	if err := c.SetRead(ctx, ids, true); err != nil {
		t.Fatal(err)
	}
	if err := c.SetStarred(ctx, ids[:3], true); err != nil {
		t.Fatal(err)
	}
	if err := c.SetRead(ctx, ids[:2], false); err != nil {
		t.Fatal(err)
	}
	for i, s := range ids {
		id, _ := strconv.ParseInt(s, 10, 64)
		it, _ := srv.Get(id)
		if it.Read != (i >= 2) || it.Starred != (i < 3) {
			t.Fatalf("item %d: read=%v starred=%v", i, it.Read, it.Starred)
		}
	}
	for _, n := range srv.EditTagIDs {
		if n > itemBatch {
			t.Errorf("an edit-tag carried %d ids", n)
		}
	}
}

func TestMarkAllReadOfAFolder(t *testing.T) {
	srv := greadertest.New("ann", "pw")
	defer srv.Close()
	news := srv.AddFeed("https://a.example/feed", "A", "News")
	other := srv.AddFeed("https://b.example/feed", "B", "")
	a, b := srv.AddItem(news, "a"), srv.AddItem(other, "b")
	c := client(t, srv, "pw")
	subs, err := c.Subscriptions(context.Background())
	if err != nil || len(subs) != 2 || subs[0].Category != "News" || subs[0].CategoryID != Label("News") {
		t.Fatalf("subscriptions %+v, %v", subs, err)
	}
	if err := c.MarkAllRead(context.Background(), subs[0].CategoryID, timeNow()); err != nil {
		t.Fatal(err)
	}
	ia, _ := srv.Get(a)
	ib, _ := srv.Get(b)
	if !ia.Read || ib.Read {
		t.Errorf("after mark-all of News: a read=%v, b read=%v", ia.Read, ib.Read)
	}
}

func TestParseItemIDTakesBothForms(t *testing.T) {
	for in, want := range map[string]string{
		"1700000000123456": "1700000000123456",
		"tag:google.com,2005:reader/item/00000000000004d2": "1234",
		"tag:google.com,2005:reader/item/2f2":              "754",
	} {
		if got, err := ParseItemID(in); err != nil || got != want {
			t.Errorf("ParseItemID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "tag:google.com,2005:reader/item/zz", "0"} {
		if _, err := ParseItemID(bad); err == nil {
			t.Errorf("ParseItemID(%q) accepted", bad)
		}
	}
	if l, _ := longID("1234"); l != "tag:google.com,2005:reader/item/00000000000004d2" {
		t.Errorf("longID: %s", l)
	}
}

func timeNow() time.Time { return time.Now() }
