package greader

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/herald-reader/herald/remote"
)

type item struct {
	ID            string   `json:"id"`
	Categories    []string `json:"categories"`
	Title         string   `json:"title"`
	Author        string   `json:"author"`
	Published     int64    `json:"published"`
	TimestampUsec string   `json:"timestampUsec"`
	Alternate     []struct {
		Href string `json:"href"`
	} `json:"alternate"`
	Canonical []struct {
		Href string `json:"href"`
	} `json:"canonical"`
	Content *struct {
		Content string `json:"content"`
	} `json:"content"`
	Summary *struct {
		Content string `json:"content"`
	} `json:"summary"`
	Origin struct {
		StreamID string `json:"streamId"`
	} `json:"origin"`
}

func (it item) entry() (remote.Entry, error) {
	id, err := ParseItemID(it.ID)
	if err != nil {
		return remote.Entry{}, err
	}
	e := remote.Entry{
		ID: id, FeedID: remote.Clean(it.Origin.StreamID),
		Title: remote.Clean(it.Title), Author: remote.Clean(it.Author),
	}
	for _, l := range append(it.Canonical, it.Alternate...) {
		if l.Href != "" {
			e.URL = remote.Clean(l.Href)
			break
		}
	}
	switch {
	case it.Content != nil && it.Content.Content != "":
		e.Content = it.Content.Content
	case it.Summary != nil:
		e.Content = it.Summary.Content
	}
	if it.Published > 0 {
		e.Published = time.Unix(it.Published, 0)
	} else if us, err := strconv.ParseInt(it.TimestampUsec, 10, 64); err == nil && us > 0 {
		e.Published = time.UnixMicro(us)
	}
	for _, c := range it.Categories {
		// Miniflux writes user/<id>/state/..., FreshRSS user/-/state/...
		switch {
		case strings.HasSuffix(c, "/state/com.google/read"):
			e.Read = true
		case strings.HasSuffix(c, "/state/com.google/starred"):
			e.Starred = true
		}
	}
	return e, nil
}

// Contents returns the items with the given ids (decimals), in batches. An
// id the server no longer has is simply missing from the answer.
func (c *Client) Contents(ctx context.Context, ids []string) ([]remote.Entry, error) {
	out := make([]remote.Entry, 0, len(ids))
	for _, b := range remote.Batches(ids, itemBatch) {
		long, err := longIDs(b)
		if err != nil {
			return out, err
		}
		var res struct {
			Items *[]item `json:"items"`
		}
		resp, err := c.call(ctx, http.MethodPost, "/reader/api/0/stream/items/contents",
			url.Values{"output": {"json"}}, url.Values{"i": long})
		if err != nil {
			return out, err
		}
		if err := remote.DecodeJSON(resp.Body, &res, "a Google Reader API server"); err != nil {
			return out, fmt.Errorf("%s: %w", c.http.Host(), err)
		}
		if res.Items == nil {
			return out, fmt.Errorf("%s: %w: no items in the contents", c.http.Host(), remote.ErrNotServer)
		}
		for _, it := range *res.Items {
			e, err := it.entry()
			if err != nil {
				return out, fmt.Errorf("%s: %w", c.http.Host(), err)
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// SetRead sets items read or unread, in batches; a set, never a toggle.
func (c *Client) SetRead(ctx context.Context, ids []string, read bool) error {
	return c.editTag(ctx, ids, ReadTag, read)
}

// SetStarred stars or unstars items, in batches.
func (c *Client) SetStarred(ctx context.Context, ids []string, starred bool) error {
	return c.editTag(ctx, ids, StarredTag, starred)
}

func (c *Client) editTag(ctx context.Context, ids []string, tag string, on bool) error {
	op := "r"
	if on {
		op = "a"
	}
	for _, b := range remote.Batches(ids, itemBatch) {
		long, err := longIDs(b)
		if err != nil {
			return err
		}
		if _, err := c.call(ctx, http.MethodPost, "/reader/api/0/edit-tag", nil, url.Values{"i": long, op: {tag}}); err != nil {
			return err
		}
	}
	return nil
}

// Label is the stream of a folder, for MarkAllRead.
func Label(name string) string { return labelPrefix + name }

// MarkAllRead marks read, on the server, every item of stream (a feed's
// id, a Label, or ReadingList for everything) older than before.
func (c *Client) MarkAllRead(ctx context.Context, stream string, before time.Time) error {
	form := url.Values{"s": {stream}}
	if !before.IsZero() {
		form.Set("ts", strconv.FormatInt(before.UnixMicro(), 10))
	}
	_, err := c.call(ctx, http.MethodPost, "/reader/api/0/mark-all-as-read", nil, form)
	return err
}

// Subscribe adds a feed on the server and returns its stream id.
func (c *Client) Subscribe(ctx context.Context, feedURL string) (string, error) {
	resp, err := c.call(ctx, http.MethodPost, "/reader/api/0/subscription/quickadd",
		url.Values{"output": {"json"}}, url.Values{"quickadd": {feedURL}})
	if err != nil {
		return "", err
	}
	var res struct {
		NumResults int    `json:"numResults"`
		StreamID   string `json:"streamId"`
	}
	if err := remote.DecodeJSON(resp.Body, &res, "a Google Reader API server"); err != nil {
		return "", fmt.Errorf("%s: %w", c.http.Host(), err)
	}
	if res.NumResults == 0 || res.StreamID == "" {
		return "", fmt.Errorf("%s: found no feed at %s", c.http.Host(), remote.Clean(feedURL))
	}
	return remote.Clean(res.StreamID), nil
}

// Unsubscribe removes a feed (its stream id) from the server.
func (c *Client) Unsubscribe(ctx context.Context, streamID string) error {
	_, err := c.call(ctx, http.MethodPost, "/reader/api/0/subscription/edit", nil,
		url.Values{"ac": {"unsubscribe"}, "s": {streamID}})
	return err
}
