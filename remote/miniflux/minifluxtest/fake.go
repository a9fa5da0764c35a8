// Package minifluxtest is a small Miniflux REST API (v1) for tests that
// must run without PostgreSQL: the calls herald makes, with Miniflux's page
// limit, its changed_at bookkeeping and its error shape. The integration
// tests run against a real Miniflux as well.
package minifluxtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Entry is one entry on the fake server.
type Entry struct {
	ID, FeedID    int64
	Title, URL    string
	Content       string
	Published     time.Time
	Changed       time.Time
	Read, Starred bool
}

type feed struct {
	id, category int64
	url, title   string
}

// Server is the fake. Its methods are safe to call while clients use it.
type Server struct {
	*httptest.Server
	token string

	mu         sync.Mutex
	feeds      []feed
	categories map[int64]string
	entries    map[int64]*Entry
	nextID     int64
	// Toggles counts calls to the toggle endpoints, which herald must
	// never use.
	Toggles int
	// PutIDs is how many ids each PUT /v1/entries carried.
	PutIDs []int
	// Fail, when set, answers a request instead of the fake; return false
	// to let it through.
	Fail func(w http.ResponseWriter, r *http.Request) bool
}

// New starts a fake for one user with an API token, on loopback.
func New(token string) *Server {
	s := &Server{token: token, categories: map[int64]string{1: "All"}, entries: map[int64]*Entry{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// AddCategory adds a folder and returns its id.
func (s *Server) AddCategory(title string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := int64(len(s.categories) + 1)
	s.categories[id] = title
	return id
}

// AddFeed adds a subscription and returns its id.
func (s *Server) AddFeed(url, title string, category int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := int64(len(s.feeds) + 1)
	s.feeds = append(s.feeds, feed{id: id, category: category, url: url, title: title})
	return id
}

// AddEntry adds an unread entry and returns its id.
func (s *Server) AddEntry(feedID int64, title string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	now := time.Now()
	s.entries[s.nextID] = &Entry{ID: s.nextID, FeedID: feedID, Title: title, URL: "https://site.example/" + strconv.FormatInt(s.nextID, 10),
		Content: "<p>" + title + "</p>", Published: now, Changed: now}
	return s.nextID
}

// Get returns a copy of an entry; ok is false once it is deleted.
func (s *Server) Get(id int64) (Entry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[id]
	if !ok {
		return Entry{}, false
	}
	return *e, true
}

// Set changes an entry's marks as another client would, and its changed_at.
func (s *Server) Set(id int64, read, starred bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[id]; ok {
		e.Read, e.Starred, e.Changed = read, starred, time.Now()
	}
}

// Delete removes an entry, as the server's clean-up does.
func (s *Server) Delete(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.entries, id)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error_message": msg})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.Fail != nil && s.Fail(w, r) {
		return
	}
	if r.Header.Get("X-Auth-Token") != s.token {
		fail(w, http.StatusUnauthorized, "Access Unauthorized")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	route := r.Method + " " + r.URL.Path
	switch {
	case route == "GET /v1/me":
		writeJSON(w, 200, map[string]any{"id": 1, "username": "ann"})
	case route == "GET /v1/feeds":
		var out []map[string]any
		for _, f := range s.feeds {
			out = append(out, map[string]any{"id": f.id, "feed_url": f.url, "site_url": f.url, "title": f.title,
				"category": map[string]any{"id": f.category, "title": s.categories[f.category]}})
		}
		writeJSON(w, 200, out)
	case route == "POST /v1/feeds":
		var req struct {
			FeedURL string `json:"feed_url"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		for _, f := range s.feeds {
			if f.url == req.FeedURL {
				fail(w, 400, "This feed already exists.")
				return
			}
		}
		id := int64(len(s.feeds) + 1)
		s.feeds = append(s.feeds, feed{id: id, category: 1, url: req.FeedURL, title: req.FeedURL})
		writeJSON(w, 201, map[string]any{"feed_id": id})
	case r.Method == "DELETE" && len(parts) == 3 && parts[1] == "feeds":
		id, _ := strconv.ParseInt(parts[2], 10, 64)
		s.feeds = slices.DeleteFunc(s.feeds, func(f feed) bool { return f.id == id })
		for k, e := range s.entries {
			if e.FeedID == id {
				delete(s.entries, k)
			}
		}
		w.WriteHeader(204)
	case route == "GET /v1/entries":
		s.list(w, r)
	case route == "PUT /v1/entries":
		var req struct {
			IDs     []int64 `json:"entry_ids"`
			Status  string  `json:"status"`
			Starred *bool   `json:"starred"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.IDs) == 0 {
			fail(w, 400, "the list of entries cannot be empty")
			return
		}
		s.PutIDs = append(s.PutIDs, len(req.IDs))
		for _, id := range req.IDs {
			if e, ok := s.entries[id]; ok {
				if req.Status != "" {
					e.Read = req.Status == "read"
				}
				if req.Starred != nil {
					e.Starred = *req.Starred
				}
				e.Changed = time.Now()
			}
		}
		w.WriteHeader(204)
	case r.Method == "PUT" && len(parts) == 4 && parts[1] == "entries" && (parts[3] == "star" || parts[3] == "bookmark"):
		s.Toggles++
		w.WriteHeader(204)
	case r.Method == "PUT" && len(parts) == 4 && parts[3] == "mark-all-as-read":
		id, _ := strconv.ParseInt(parts[2], 10, 64)
		now := time.Now()
		for _, e := range s.entries {
			in := parts[1] == "users" ||
				(parts[1] == "feeds" && e.FeedID == id) ||
				(parts[1] == "categories" && s.category(e.FeedID) == id)
			if in && !e.Read && e.Published.Before(now) {
				e.Read, e.Changed = true, now
			}
		}
		w.WriteHeader(204)
	default:
		fail(w, 404, "Not Found")
	}
}

func (s *Server) category(feedID int64) int64 {
	for _, f := range s.feeds {
		if f.id == feedID {
			return f.category
		}
	}
	return 0
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 100
	if v := q.Get("limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	if limit > 1000 {
		fail(w, 400, "limit value should be <= 1000")
		return
	}
	after, _ := strconv.ParseInt(q.Get("after_entry_id"), 10, 64)
	changedAfter, _ := strconv.ParseInt(q.Get("changed_after"), 10, 64)
	var ids []int64
	for id, e := range s.entries {
		if id > after && (changedAfter == 0 || e.Changed.After(time.Unix(changedAfter, 0))) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	total := len(ids)
	ids = ids[:min(len(ids), limit)]
	out := []map[string]any{}
	for _, id := range ids {
		e := s.entries[id]
		status := "unread"
		if e.Read {
			status = "read"
		}
		out = append(out, map[string]any{"id": e.ID, "feed_id": e.FeedID, "status": status, "title": e.Title, "url": e.URL,
			"content": e.Content, "published_at": e.Published, "changed_at": e.Changed, "starred": e.Starred, "author": ""})
	}
	writeJSON(w, 200, map[string]any{"total": total, "entries": out})
}
