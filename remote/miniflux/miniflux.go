// Package miniflux is herald's client for Miniflux's REST API (v1): the
// user's feeds and folders, entries new since an id or changed since a
// time, read and starred state set in batches, and mark-all-read for a
// feed, a folder or everything.
package miniflux

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/herald-reader/herald/remote"
)

// Page sizes the server allows: GET /v1/entries takes at most 1,000 a page.
// PUT /v1/entries has no stated limit; 1,000 ids keep one request small
// (about 8 KB) and a failed batch cheap to send again.
const (
	pageSize  = 1000
	batchSize = 1000
)

// Credentials are an API token, or a username and password.
type Credentials struct {
	Token              string
	Username, Password string
}

// Client talks to one Miniflux server as one user. It is safe for
// concurrent use.
type Client struct {
	http *remote.HTTP
	cred Credentials
	mu   sync.Mutex
	// userID is the user's id on the server, asked once (mark-all-read of
	// everything needs it).
	userID int64
}

// New returns a client for the server opts names. It does not connect.
func New(opts remote.Options, cred Credentials) (*Client, error) {
	if cred.Token == "" && (cred.Username == "" || cred.Password == "") {
		return nil, errors.New("miniflux needs a token, or a username and a password")
	}
	h, err := remote.NewHTTP(opts)
	if err != nil {
		return nil, err
	}
	return &Client{http: h, cred: cred}, nil
}

func (c *Client) do(ctx context.Context, method, path string, q url.Values, body any) (*remote.Response, error) {
	r := remote.Request{Method: method, Path: path, Query: q, Header: http.Header{"Accept": {"application/json"}}}
	if c.cred.Token != "" {
		r.Header.Set("X-Auth-Token", c.cred.Token)
	} else {
		r.Header.Set("Authorization", "Basic "+basic(c.cred.Username, c.cred.Password))
	}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r.Body, r.ContentType = b, "application/json"
	}
	resp, err := c.http.Do(ctx, r)
	var se *remote.StatusError
	if errors.As(err, &se) {
		switch se.Status {
		case http.StatusUnauthorized:
			return nil, fmt.Errorf("%s: %w", c.http.Host(), remote.ErrCredentials)
		case http.StatusNotFound:
			if resp != nil && !isJSON(resp) {
				return nil, fmt.Errorf("%s: %w: %s answers 404", c.http.Host(), remote.ErrNotServer, path)
			}
			return nil, fmt.Errorf("%s: %w", c.http.Host(), remote.ErrNotFound)
		}
		return nil, fmt.Errorf("%s: %w", c.http.Host(), err)
	}
	return resp, err
}

func isJSON(r *remote.Response) bool {
	ct := r.Header.Get("Content-Type")
	return len(ct) >= 16 && ct[:16] == "application/json"
}

func (c *Client) get(ctx context.Context, path string, q url.Values, v any) (*remote.Response, error) {
	resp, err := c.do(ctx, http.MethodGet, path, q, nil)
	if err != nil {
		return nil, err
	}
	if err := remote.DecodeJSON(resp.Body, v, "Miniflux"); err != nil {
		return nil, fmt.Errorf("%s: %w", c.http.Host(), err)
	}
	return resp, nil
}

// Check asks who the user is: it fails with remote.ErrCredentials or
// remote.ErrNotServer when the account is set up wrong.
func (c *Client) Check(ctx context.Context) error {
	_, err := c.me(ctx)
	return err
}

func (c *Client) me(ctx context.Context) (int64, error) {
	c.mu.Lock()
	known := c.userID
	c.mu.Unlock()
	if known != 0 {
		return known, nil
	}
	var me struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
	}
	if _, err := c.get(ctx, "/v1/me", nil, &me); err != nil {
		return 0, err
	}
	if me.ID == 0 {
		return 0, fmt.Errorf("%s: %w: /v1/me gave no user", c.http.Host(), remote.ErrNotServer)
	}
	c.mu.Lock()
	c.userID = me.ID
	c.mu.Unlock()
	return me.ID, nil
}

type feed struct {
	ID       int64  `json:"id"`
	FeedURL  string `json:"feed_url"`
	SiteURL  string `json:"site_url"`
	Title    string `json:"title"`
	Category *struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	} `json:"category"`
}

func (f feed) remote() remote.Feed {
	out := remote.Feed{
		ID: strconv.FormatInt(f.ID, 10), URL: remote.Clean(f.FeedURL),
		Title: remote.Clean(f.Title), SiteURL: remote.Clean(f.SiteURL),
	}
	if f.Category != nil {
		out.Category = remote.Clean(f.Category.Title)
		out.CategoryID = strconv.FormatInt(f.Category.ID, 10)
	}
	return out
}

// Feeds lists the user's subscriptions with their folders.
func (c *Client) Feeds(ctx context.Context) ([]remote.Feed, error) {
	var feeds []feed
	if _, err := c.get(ctx, "/v1/feeds", nil, &feeds); err != nil {
		return nil, err
	}
	out := make([]remote.Feed, len(feeds))
	for i, f := range feeds {
		out[i] = f.remote()
	}
	return out, nil
}

type entry struct {
	ID        int64     `json:"id"`
	FeedID    int64     `json:"feed_id"`
	Status    string    `json:"status"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Author    string    `json:"author"`
	Content   string    `json:"content"`
	Published time.Time `json:"published_at"`
	Changed   time.Time `json:"changed_at"`
	Starred   bool      `json:"starred"`
}

// Query selects entries: those after an id (new ones), or those whose
// state changed after a time, or both.
type Query struct {
	AfterID      int64
	ChangedAfter time.Time
}

// Entries hands page every entry q selects, a page at a time in id order,
// and returns the server's clock at the first answer and the highest id
// seen. page may keep the slice. A failure part-way returns what was seen
// up to it with the error: the pages already handed over stay handed over.
func (c *Client) Entries(ctx context.Context, q Query, page func([]remote.Entry) error) (serverTime time.Time, maxID int64, err error) {
	after := q.AfterID
	maxID = q.AfterID
	for {
		v := url.Values{
			"order": {"id"}, "direction": {"asc"},
			"limit": {strconv.Itoa(pageSize)},
		}
		if after > 0 {
			v.Set("after_entry_id", strconv.FormatInt(after, 10))
		}
		if !q.ChangedAfter.IsZero() {
			v.Set("changed_after", strconv.FormatInt(q.ChangedAfter.Unix(), 10))
		}
		var res struct {
			Total   int      `json:"total"`
			Entries *[]entry `json:"entries"`
		}
		resp, err := c.get(ctx, "/v1/entries", v, &res)
		if err != nil {
			return serverTime, maxID, err
		}
		if res.Entries == nil {
			return serverTime, maxID, fmt.Errorf("%s: %w: /v1/entries gave no entries", c.http.Host(), remote.ErrNotServer)
		}
		if serverTime.IsZero() {
			serverTime = resp.Date
		}
		list := *res.Entries
		out := make([]remote.Entry, len(list))
		for i, e := range list {
			out[i] = remote.Entry{
				ID: strconv.FormatInt(e.ID, 10), FeedID: strconv.FormatInt(e.FeedID, 10),
				URL: remote.Clean(e.URL), Title: remote.Clean(e.Title), Author: remote.Clean(e.Author),
				Content: e.Content, Published: e.Published, Changed: e.Changed,
				Read: e.Status == "read", Starred: e.Starred,
			}
			after = max(after, e.ID)
		}
		if len(out) > 0 {
			if err := page(out); err != nil {
				return serverTime, maxID, err
			}
			maxID = after
		}
		if len(list) < pageSize {
			return serverTime, maxID, nil
		}
	}
}

// SetRead sets entries read or unread: a set, never a toggle, so sending it
// twice is harmless.
func (c *Client) SetRead(ctx context.Context, ids []int64, read bool) error {
	status := "unread"
	if read {
		status = "read"
	}
	for _, b := range remote.Batches(ids, batchSize) {
		if _, err := c.do(ctx, http.MethodPut, "/v1/entries", nil, map[string]any{"entry_ids": b, "status": status}); err != nil {
			return err
		}
	}
	return nil
}

// SetStarred stars or unstars entries, with the set request (the /star
// endpoint toggles, which a retry would undo).
func (c *Client) SetStarred(ctx context.Context, ids []int64, starred bool) error {
	for _, b := range remote.Batches(ids, batchSize) {
		if _, err := c.do(ctx, http.MethodPut, "/v1/entries", nil, map[string]any{"entry_ids": b, "starred": starred}); err != nil {
			return err
		}
	}
	return nil
}

// MarkFeedRead marks every entry of a feed read, on the server.
func (c *Client) MarkFeedRead(ctx context.Context, feedID int64) error {
	_, err := c.do(ctx, http.MethodPut, "/v1/feeds/"+strconv.FormatInt(feedID, 10)+"/mark-all-as-read", nil, nil)
	return err
}

// MarkCategoryRead marks every entry of a folder read, on the server.
func (c *Client) MarkCategoryRead(ctx context.Context, categoryID int64) error {
	_, err := c.do(ctx, http.MethodPut, "/v1/categories/"+strconv.FormatInt(categoryID, 10)+"/mark-all-as-read", nil, nil)
	return err
}

// MarkAllRead marks every entry of the user read, on the server.
func (c *Client) MarkAllRead(ctx context.Context) error {
	id, err := c.me(ctx)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, http.MethodPut, "/v1/users/"+strconv.FormatInt(id, 10)+"/mark-all-as-read", nil, nil)
	return err
}

// Subscribe adds a feed on the server, which fetches it from then on, and
// returns the server's id for it.
func (c *Client) Subscribe(ctx context.Context, feedURL string) (string, error) {
	resp, err := c.do(ctx, http.MethodPost, "/v1/feeds", nil, map[string]any{"feed_url": feedURL})
	if err != nil {
		return "", err
	}
	var res struct {
		FeedID int64 `json:"feed_id"`
	}
	if err := remote.DecodeJSON(resp.Body, &res, "Miniflux"); err != nil || res.FeedID == 0 {
		return "", fmt.Errorf("%s: %w: no feed id in the answer", c.http.Host(), remote.ErrNotServer)
	}
	return strconv.FormatInt(res.FeedID, 10), nil
}

// Unsubscribe removes a feed, and its entries, from the server.
func (c *Client) Unsubscribe(ctx context.Context, feedID int64) error {
	_, err := c.do(ctx, http.MethodDelete, "/v1/feeds/"+strconv.FormatInt(feedID, 10), nil, nil)
	return err
}

func basic(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}
