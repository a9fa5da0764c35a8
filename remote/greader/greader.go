// Package greader is herald's client for the Google Reader API as Miniflux,
// FreshRSS and others serve it: ClientLogin, the subscription list, item id
// streams (the unread and starred sets, new items by time), item contents,
// edit-tag for read and starred, and mark-all-as-read for a feed, a folder
// or everything.
//
// The servers differ in small ways, all handled here: Miniflux takes the
// token for POSTs in the T field, FreshRSS wants the Authorization header
// and a separate T from /token; continuations are offsets on one and
// opaque strings on the other; ids come as decimals in id streams and as
// "tag:google.com,2005:reader/item/<hex>" in contents. herald always sends
// the long hex form, which no server reads two ways.
package greader

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/herald-reader/herald/remote"
)

// Streams and tags of the protocol.
const (
	ReadingList = "user/-/state/com.google/reading-list"
	ReadTag     = "user/-/state/com.google/read"
	StarredTag  = "user/-/state/com.google/starred"
	labelPrefix = "user/-/label/"
	itemPrefix  = "tag:google.com,2005:reader/item/"
)

// Sizes the servers accept: Miniflux gives at most 10,000 ids a page and
// FreshRSS fewer, so 1,000; contents and edit-tag take a form of ids, and
// 250 of them keep one form under the body limits servers set.
const (
	idPage    = 1000
	itemBatch = 250
)

// Client talks to one Google Reader API server as one user. It is safe for
// concurrent use.
type Client struct {
	http       *remote.HTTP
	user, pass string

	mu    sync.Mutex
	auth  string // from ClientLogin
	token string // T, from /token
}

// New returns a client for the server opts names: the address below which
// /accounts/ClientLogin and /reader/api/0 sit (for FreshRSS, .../api/greader.php).
// It does not connect.
func New(opts remote.Options, username, password string) (*Client, error) {
	if username == "" || password == "" {
		return nil, errors.New("the Google Reader API needs a username and a password")
	}
	h, err := remote.NewHTTP(opts)
	if err != nil {
		return nil, err
	}
	return &Client{http: h, user: username, pass: password}, nil
}

// Check logs in: it fails with remote.ErrCredentials or remote.ErrNotServer
// when the account is set up wrong.
func (c *Client) Check(ctx context.Context) error {
	_, err := c.login(ctx, true)
	return err
}

// login returns the Auth token, asking the server for one when there is
// none yet or fresh is set.
func (c *Client) login(ctx context.Context, fresh bool) (string, error) {
	c.mu.Lock()
	auth := c.auth
	c.mu.Unlock()
	if auth != "" && !fresh {
		return auth, nil
	}
	form := url.Values{"Email": {c.user}, "Passwd": {c.pass}}
	resp, err := c.http.Do(ctx, remote.Request{
		Method: http.MethodPost, Path: "/accounts/ClientLogin",
		Body: []byte(form.Encode()), ContentType: "application/x-www-form-urlencoded",
	})
	var se *remote.StatusError
	if errors.As(err, &se) {
		switch se.Status {
		case http.StatusUnauthorized, http.StatusForbidden:
			return "", fmt.Errorf("%s: %w", c.http.Host(), remote.ErrCredentials)
		case http.StatusNotFound, http.StatusMethodNotAllowed:
			return "", fmt.Errorf("%s: %w: no Google Reader login at %s/accounts/ClientLogin", c.http.Host(), remote.ErrNotServer, remote.Clean(c.http.Base()))
		}
		return "", fmt.Errorf("%s: login: %w", c.http.Host(), err)
	}
	if err != nil {
		return "", err
	}
	for line := range strings.SplitSeq(string(resp.Body), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Auth="); ok && v != "" {
			auth = v
		}
	}
	if auth == "" {
		return "", fmt.Errorf("%s: %w: the login answer has no Auth token", c.http.Host(), remote.ErrNotServer)
	}
	c.mu.Lock()
	c.auth, c.token = auth, ""
	c.mu.Unlock()
	return auth, nil
}

// editToken returns T, the token POSTs carry.
func (c *Client) editToken(ctx context.Context, fresh bool) (string, error) {
	c.mu.Lock()
	t := c.token
	c.mu.Unlock()
	if t != "" && !fresh {
		return t, nil
	}
	resp, err := c.call(ctx, http.MethodGet, "/reader/api/0/token", nil, nil)
	if err != nil {
		return "", err
	}
	t = strings.TrimSpace(string(resp.Body))
	if t == "" || strings.ContainsAny(t, "<{ \n") {
		return "", fmt.Errorf("%s: %w: /token gave no token", c.http.Host(), remote.ErrNotServer)
	}
	c.mu.Lock()
	c.token = t
	c.mu.Unlock()
	return t, nil
}

// call sends one authenticated request, logging in again once when the
// server says the Auth token went stale.
func (c *Client) call(ctx context.Context, method, path string, q url.Values, form url.Values) (*remote.Response, error) {
	for attempt := 0; ; attempt++ {
		auth, err := c.login(ctx, false)
		if err != nil {
			return nil, err
		}
		r := remote.Request{Method: method, Path: path, Query: q,
			Header: http.Header{"Authorization": {"GoogleLogin auth=" + auth}}}
		if form != nil {
			t, err := c.editToken(ctx, attempt > 0)
			if err != nil {
				return nil, err
			}
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set("T", t)
			r.Body, r.ContentType = []byte(f.Encode()), "application/x-www-form-urlencoded"
		}
		resp, err := c.http.Do(ctx, r)
		var se *remote.StatusError
		if !errors.As(err, &se) {
			return resp, err
		}
		switch se.Status {
		case http.StatusUnauthorized:
			if attempt == 0 {
				// A stale Auth, or a stale T (FreshRSS says which with
				// X-Reader-Google-Bad-Token): log in afresh, once.
				if _, err := c.login(ctx, true); err != nil {
					return nil, err
				}
				continue
			}
			return nil, fmt.Errorf("%s: %w", c.http.Host(), remote.ErrCredentials)
		case http.StatusNotFound:
			if resp != nil && strings.Contains(resp.Header.Get("Content-Type"), "json") {
				// The API's own 404: no such feed or folder.
				return nil, fmt.Errorf("%s: %w", c.http.Host(), remote.ErrNotFound)
			}
			return nil, fmt.Errorf("%s: %w: %s answers 404", c.http.Host(), remote.ErrNotServer, path)
		}
		return nil, fmt.Errorf("%s: %w", c.http.Host(), err)
	}
}

func (c *Client) getJSON(ctx context.Context, path string, q url.Values, v any) (*remote.Response, error) {
	if q == nil {
		q = url.Values{}
	}
	q.Set("output", "json")
	resp, err := c.call(ctx, http.MethodGet, path, q, nil)
	if err != nil {
		return nil, err
	}
	if err := remote.DecodeJSON(resp.Body, v, "a Google Reader API server"); err != nil {
		return nil, fmt.Errorf("%s: %w", c.http.Host(), err)
	}
	return resp, nil
}

// Subscriptions lists the user's feeds with their folders. Feed ids are
// stream ids ("feed/123"); CategoryID is the folder's stream id.
func (c *Client) Subscriptions(ctx context.Context) ([]remote.Feed, error) {
	var res struct {
		Subscriptions *[]struct {
			ID         string `json:"id"`
			Title      string `json:"title"`
			URL        string `json:"url"`
			HTMLURL    string `json:"htmlUrl"`
			Categories []struct {
				ID    string `json:"id"`
				Label string `json:"label"`
			} `json:"categories"`
		} `json:"subscriptions"`
	}
	if _, err := c.getJSON(ctx, "/reader/api/0/subscription/list", nil, &res); err != nil {
		return nil, err
	}
	if res.Subscriptions == nil {
		return nil, fmt.Errorf("%s: %w: no subscription list", c.http.Host(), remote.ErrNotServer)
	}
	out := make([]remote.Feed, 0, len(*res.Subscriptions))
	for _, s := range *res.Subscriptions {
		f := remote.Feed{ID: remote.Clean(s.ID), Title: remote.Clean(s.Title), URL: remote.Clean(s.URL), SiteURL: remote.Clean(s.HTMLURL)}
		for _, cat := range s.Categories {
			if label := labelOf(cat.ID, cat.Label); label != "" {
				f.Category, f.CategoryID = remote.Clean(label), labelPrefix+label
				break
			}
		}
		if f.URL == "" {
			f.URL, _ = strings.CutPrefix(f.ID, "feed/")
		}
		out = append(out, f)
	}
	return out, nil
}

// labelOf is a folder's name, from its label or its stream id
// ("user/1/label/News" on Miniflux, "user/-/label/News" on FreshRSS).
func labelOf(id, label string) string {
	if i := strings.Index(id, "/label/"); i >= 0 && strings.HasPrefix(id, "user/") {
		return id[i+len("/label/"):]
	}
	return label
}

// IDs is a query for an id stream.
type IDs struct {
	Stream  string    // ReadingList, StarredTag, a feed or a label
	Exclude string    // a tag to leave out: ReadTag for unread items only
	Since   time.Time // items newer than this (the protocol's ot); zero for all
	// Limit stops after this many ids, the newest first; 0 for all.
	Limit int
}

// ItemIDs lists the ids q selects, newest first, as decimals, following
// continuations a page at a time.
func (c *Client) ItemIDs(ctx context.Context, q IDs) ([]string, error) {
	var ids []string
	cont := ""
	for {
		v := url.Values{"s": {q.Stream}, "n": {strconv.Itoa(idPage)}}
		if q.Exclude != "" {
			v.Set("xt", q.Exclude)
		}
		if !q.Since.IsZero() {
			v.Set("ot", strconv.FormatInt(q.Since.Unix(), 10))
		}
		if cont != "" {
			v.Set("c", cont)
		}
		var res struct {
			ItemRefs *[]struct {
				ID string `json:"id"`
			} `json:"itemRefs"`
			Continuation flexString `json:"continuation"`
		}
		if _, err := c.getJSON(ctx, "/reader/api/0/stream/items/ids", v, &res); err != nil {
			return ids, err
		}
		if res.ItemRefs == nil {
			// Both servers send "itemRefs": [] for an empty stream.
			return ids, fmt.Errorf("%s: %w: no itemRefs in the id stream", c.http.Host(), remote.ErrNotServer)
		}
		for _, r := range *res.ItemRefs {
			id, err := ParseItemID(r.ID)
			if err != nil {
				return ids, fmt.Errorf("%s: %w", c.http.Host(), err)
			}
			ids = append(ids, id)
			if q.Limit > 0 && len(ids) >= q.Limit {
				return ids, nil
			}
		}
		next := string(res.Continuation)
		if next == "" || next == "0" || next == cont || len(*res.ItemRefs) == 0 {
			return ids, nil
		}
		cont = next
	}
}

// flexString takes a JSON string or number: FreshRSS sends continuations as
// strings, some servers as numbers.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*f = ""
		return nil
	}
	if uq, err := strconv.Unquote(s); err == nil {
		*f = flexString(uq)
		return nil
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return fmt.Errorf("continuation %s is neither a string nor a number", s)
	}
	*f = flexString(s)
	return nil
}

// ParseItemID reads an item id in either of the protocol's forms, the
// decimal one or "tag:google.com,2005:reader/item/<hex>", and returns it as
// a decimal.
func ParseItemID(s string) (string, error) {
	if hex, ok := strings.CutPrefix(s, itemPrefix); ok {
		n, err := strconv.ParseUint(hex, 16, 64)
		if err != nil || n == 0 {
			return "", fmt.Errorf("%w: item id %q", remote.ErrNotServer, remote.Clean(s))
		}
		return strconv.FormatUint(n, 10), nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return "", fmt.Errorf("%w: item id %q", remote.ErrNotServer, remote.Clean(s))
	}
	return strconv.FormatUint(n, 10), nil
}

// longID is the form herald sends: no server reads it two ways (a bare
// 16-digit decimal looks like hex to Miniflux).
func longID(decimal string) (string, error) {
	n, err := strconv.ParseUint(decimal, 10, 64)
	if err != nil {
		return "", fmt.Errorf("item id %q is not a decimal", decimal)
	}
	return fmt.Sprintf("%s%016x", itemPrefix, n), nil
}

func longIDs(ids []string) ([]string, error) {
	out := make([]string, len(ids))
	for i, id := range ids {
		l, err := longID(id)
		if err != nil {
			return nil, err
		}
		out[i] = l
	}
	return out, nil
}
