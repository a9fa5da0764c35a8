// Package greadertest is a Google Reader API server for tests, shaped like
// FreshRSS where FreshRSS differs from Miniflux: it lives below
// /api/greader.php, wants the Authorization header on POSTs as well as a T
// token of its own from /token (and answers a stale one with
// X-Reader-Google-Bad-Token), numbers items by their crawl time in
// microseconds, filters ot by crawl time, pages with opaque continuation
// strings, and has no change feed for state: a client learns of read and
// starred changes only by comparing id sets.
package greadertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Path is where the API sits below the server's address.
const Path = "/api/greader.php"

// Item is one entry on the fake server.
type Item struct {
	ID            int64 // crawl time in microseconds, as FreshRSS numbers them
	Feed          string
	Title, Link   string
	Content       string
	Published     time.Time
	Read, Starred bool
}

type feed struct{ id, url, title, label string }

// Server is the fake. Its methods are safe to call while clients use it.
type Server struct {
	*httptest.Server
	user, pass string

	mu     sync.Mutex
	feeds  []feed
	items  map[int64]*Item
	nextID int64
	// T is the edit token; Rotate changes it, as a FreshRSS session expiry does.
	t string
	// Requests counts requests by path, for tests of batching.
	requests map[string]int
	// EditTagIDs is how many ids each edit-tag carried.
	EditTagIDs []int
	// Fail, when set, answers the request instead of the fake (a dead or
	// throttling server); return false to let the request through.
	Fail func(w http.ResponseWriter, r *http.Request) bool
}

// New starts a fake for one user on loopback.
func New(user, pass string) *Server {
	s := &Server{user: user, pass: pass, items: map[int64]*Item{}, t: "T0", requests: map[string]int{},
		nextID: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// APIURL is the address a client is configured with.
func (s *Server) APIURL() string { return s.URL + Path }

// AddFeed subscribes the user to a feed and returns its stream id.
func (s *Server) AddFeed(url, title, label string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := "feed/" + strconv.Itoa(len(s.feeds)+1)
	s.feeds = append(s.feeds, feed{id: id, url: url, title: title, label: label})
	return id
}

// AddItem adds an unread item to a feed and returns its id.
func (s *Server) AddItem(feedID, title string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID += 1000
	id := s.nextID
	s.items[id] = &Item{ID: id, Feed: feedID, Title: title, Link: "https://site.example/" + strconv.FormatInt(id, 10),
		Content: "<p>" + title + "</p>", Published: time.UnixMicro(id)}
	return id
}

// Get returns a copy of an item; ok is false once it is deleted.
func (s *Server) Get(id int64) (Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return Item{}, false
	}
	return *it, true
}

// Set changes an item's marks, as another client of the server would.
func (s *Server) Set(id int64, read, starred bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if it, ok := s.items[id]; ok {
		it.Read, it.Starred = read, starred
	}
}

// Delete removes an item, as the server's clean-up does.
func (s *Server) Delete(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.items, id)
}

// Rotate changes the edit token.
func (s *Server) Rotate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t += "x"
}

// Requests is how many requests reached path (below Path).
func (s *Server) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

func (s *Server) auth() string { return s.user + "/" + "fake-auth-token" }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.Fail != nil && s.Fail(w, r) {
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	r.ParseForm()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[path]++
	if path == "/accounts/ClientLogin" {
		if r.Method != http.MethodPost || r.PostForm.Get("Email") != s.user || r.PostForm.Get("Passwd") != s.pass {
			http.Error(w, "Unauthorized!", http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, "SID=%s\nLSID=null\nAuth=%s\n", s.auth(), s.auth())
		return
	}
	if r.Header.Get("Authorization") != "GoogleLogin auth="+s.auth() {
		http.Error(w, "Unauthorized!", http.StatusUnauthorized)
		return
	}
	if r.Method == http.MethodPost && r.PostForm.Get("T") != s.t {
		w.Header().Set("X-Reader-Google-Bad-Token", "true")
		http.Error(w, "Unauthorized!", http.StatusUnauthorized)
		return
	}
	switch path {
	case "/reader/api/0/token":
		fmt.Fprintln(w, s.t)
	case "/reader/api/0/subscription/list":
		s.subscriptions(w)
	case "/reader/api/0/stream/items/ids":
		s.ids(w, r)
	case "/reader/api/0/stream/items/contents":
		s.contents(w, r)
	case "/reader/api/0/edit-tag":
		s.editTag(w, r)
	case "/reader/api/0/mark-all-as-read":
		s.markAll(w, r)
	case "/reader/api/0/subscription/quickadd":
		u := r.PostForm.Get("quickadd")
		id := "feed/" + strconv.Itoa(len(s.feeds)+1)
		s.feeds = append(s.feeds, feed{id: id, url: u, title: u})
		writeJSON(w, map[string]any{"numResults": 1, "query": u, "streamId": id, "streamName": u})
	case "/reader/api/0/subscription/edit":
		if r.PostForm.Get("ac") == "unsubscribe" {
			id := r.PostForm.Get("s")
			s.feeds = slices.DeleteFunc(s.feeds, func(f feed) bool { return f.id == id })
			for k, it := range s.items {
				if it.Feed == id {
					delete(s.items, k)
				}
			}
		}
		fmt.Fprint(w, "OK")
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	json.NewEncoder(w).Encode(v)
}

func (s *Server) subscriptions(w http.ResponseWriter) {
	type cat struct {
		ID    string `json:"id"`
		Label string `json:"label"`
	}
	var subs []map[string]any
	for _, f := range s.feeds {
		cats := []cat{}
		if f.label != "" {
			cats = append(cats, cat{ID: "user/-/label/" + f.label, Label: f.label})
		}
		subs = append(subs, map[string]any{"id": f.id, "title": f.title, "url": f.url, "htmlUrl": f.url, "iconUrl": "", "categories": cats})
	}
	writeJSON(w, map[string]any{"subscriptions": subs})
}

// selected lists the ids of a stream, newest first.
func (s *Server) selected(stream, exclude string, ot int64) []int64 {
	var ids []int64
	for id, it := range s.items {
		switch {
		case stream == "user/-/state/com.google/starred" && !it.Starred,
			strings.HasPrefix(stream, "feed/") && it.Feed != stream,
			strings.HasPrefix(stream, "user/-/label/") && s.label(it.Feed) != strings.TrimPrefix(stream, "user/-/label/"),
			exclude == "user/-/state/com.google/read" && it.Read,
			ot > 0 && id < ot*1_000_000:
			continue
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	slices.Reverse(ids)
	return ids
}

func (s *Server) label(feedID string) string {
	for _, f := range s.feeds {
		if f.id == feedID {
			return f.label
		}
	}
	return ""
}

func (s *Server) ids(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("output") != "json" {
		http.Error(w, "output", http.StatusBadRequest)
		return
	}
	ot, _ := strconv.ParseInt(q.Get("ot"), 10, 64)
	n, _ := strconv.Atoi(q.Get("n"))
	if n <= 0 {
		n = 20
	}
	n = min(n, 1000)
	ids := s.selected(q.Get("s"), q.Get("xt"), ot)
	// The continuation is the id to go on from: opaque to the client.
	if c := q.Get("c"); c != "" {
		from, _ := strconv.ParseInt(c, 10, 64)
		i, _ := slices.BinarySearchFunc(ids, from, func(a, b int64) int { return int(b - a) })
		ids = ids[i:]
	}
	res := map[string]any{}
	refs := []map[string]string{}
	for i, id := range ids {
		if i == n {
			res["continuation"] = strconv.FormatInt(id, 10)
			break
		}
		refs = append(refs, map[string]string{"id": strconv.FormatInt(id, 10)})
	}
	res["itemRefs"] = refs
	writeJSON(w, res)
}

// parseID takes both forms, as FreshRSS does.
func parseID(s string) int64 {
	if hex, ok := strings.CutPrefix(s, "tag:google.com,2005:reader/item/"); ok {
		n, _ := strconv.ParseUint(hex, 16, 64)
		return int64(n)
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func (s *Server) contents(w http.ResponseWriter, r *http.Request) {
	items := []map[string]any{}
	for _, raw := range r.PostForm["i"] {
		it, ok := s.items[parseID(raw)]
		if !ok {
			continue
		}
		cats := []string{"user/-/state/com.google/reading-list"}
		if it.Read {
			cats = append(cats, "user/-/state/com.google/read")
		}
		if it.Starred {
			cats = append(cats, "user/-/state/com.google/starred")
		}
		items = append(items, map[string]any{
			"id":            fmt.Sprintf("tag:google.com,2005:reader/item/%016x", it.ID),
			"crawlTimeMsec": strconv.FormatInt(it.ID/1000, 10),
			"timestampUsec": strconv.FormatInt(it.ID, 10),
			"published":     it.Published.Unix(),
			"title":         it.Title,
			"author":        "",
			"categories":    cats,
			"origin":        map[string]string{"streamId": it.Feed},
			"canonical":     []map[string]string{{"href": it.Link}},
			"alternate":     []map[string]string{{"href": it.Link, "type": "text/html"}},
			"summary":       map[string]string{"content": it.Content},
		})
	}
	writeJSON(w, map[string]any{"id": "user/-/state/com.google/reading-list", "items": items})
}

func (s *Server) editTag(w http.ResponseWriter, r *http.Request) {
	s.EditTagIDs = append(s.EditTagIDs, len(r.PostForm["i"]))
	for _, raw := range r.PostForm["i"] {
		it, ok := s.items[parseID(raw)]
		if !ok {
			continue
		}
		for _, tag := range r.PostForm["a"] {
			switch tag {
			case "user/-/state/com.google/read":
				it.Read = true
			case "user/-/state/com.google/starred":
				it.Starred = true
			}
		}
		for _, tag := range r.PostForm["r"] {
			switch tag {
			case "user/-/state/com.google/read":
				it.Read = false
			case "user/-/state/com.google/starred":
				it.Starred = false
			}
		}
	}
	fmt.Fprint(w, "OK")
}

func (s *Server) markAll(w http.ResponseWriter, r *http.Request) {
	stream := r.PostForm.Get("s")
	ts, _ := strconv.ParseInt(r.PostForm.Get("ts"), 10, 64)
	for _, id := range s.selected(stream, "", 0) {
		if ts == 0 || id <= ts || s.items[id].Published.UnixMicro() <= ts {
			s.items[id].Read = true
		}
	}
	fmt.Fprint(w, "OK")
}
