package app

// The two protocols' halves of a sync.

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/herald-reader/herald/remote"
	"github.com/herald-reader/herald/remote/greader"
	"github.com/herald-reader/herald/remote/miniflux"
	"github.com/herald-reader/herald/store"
)

type minifluxSync struct{ c *miniflux.Client }

// minifluxCursor is where the last pull left off: the highest entry id
// seen (new entries come after it) and the server's time to ask for
// changes after.
type minifluxCursor struct {
	AfterID      int64 `json:"after_id"`
	ChangedAfter int64 `json:"changed_after"` // Unix seconds, the server's clock
}

func int64s(ids []string) ([]int64, error) {
	out := make([]int64, len(ids))
	for i, s := range ids {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("entry id %q: %w", s, errBadID)
		}
		out[i] = n
	}
	return out, nil
}

func (m minifluxSync) push(ctx context.Context, pending []store.Pending, done func([]store.Pending, error) error) error {
	return pushRuns(ctx, pending, done,
		func(ctx context.Context, kind string, value bool, ids []string) error {
			nums, err := int64s(ids)
			if err != nil {
				return err
			}
			if kind == store.KindRead {
				return m.c.SetRead(ctx, nums, value)
			}
			return m.c.SetStarred(ctx, nums, value)
		},
		func(ctx context.Context, p store.Pending) error {
			switch scope := p.RemoteID; {
			case scope == store.ScopeAll:
				return m.c.MarkAllRead(ctx)
			case strings.HasPrefix(scope, store.ScopeFeed):
				id, err := strconv.ParseInt(strings.TrimPrefix(scope, store.ScopeFeed), 10, 64)
				if err != nil {
					return fmt.Errorf("feed id %q: %w", scope, errBadID)
				}
				return m.c.MarkFeedRead(ctx, id)
			case strings.HasPrefix(scope, store.ScopeTag):
				id, err := strconv.ParseInt(strings.TrimPrefix(scope, store.ScopeTag), 10, 64)
				if err != nil {
					return fmt.Errorf("folder id %q: %w", scope, errBadID)
				}
				return m.c.MarkCategoryRead(ctx, id)
			}
			return fmt.Errorf("mark-all-read of %q: %w", p.RemoteID, errBadID)
		})
}

func (m minifluxSync) pull(ctx context.Context, st *store.Store, account, cursor string, save func(string) error) (pulled, changes int, err error) {
	var cur minifluxCursor
	if cursor != "" {
		if err := json.Unmarshal([]byte(cursor), &cur); err != nil {
			return 0, 0, fmt.Errorf("the saved sync position is damaged: %w", err)
		}
	}
	feeds, err := m.c.Feeds(ctx)
	if err != nil {
		return 0, 0, err
	}
	if err := st.SaveAccountFeeds(ctx, account, accountFeeds(feeds)); err != nil {
		return 0, 0, err
	}
	saveCur := func() error {
		b, _ := json.Marshal(cur)
		return save(string(b))
	}
	// New entries, a page at a time, each page saved with the id it
	// reached: a pull cut short goes on from there.
	serverTime, _, err := m.c.Entries(ctx, miniflux.Query{AfterID: cur.AfterID}, func(page []remote.Entry) error {
		mg, err := st.MergeEntries(ctx, account, remoteEntries(page))
		if err != nil {
			return err
		}
		pulled += mg.Added
		changes += mg.Changed
		last, _ := strconv.ParseInt(page[len(page)-1].ID, 10, 64)
		cur.AfterID = max(cur.AfterID, last)
		return saveCur()
	})
	if err != nil {
		return pulled, changes, err
	}
	// Then the state changes of entries already here. A first pull took
	// every entry with its state just now; it has no changes to ask for.
	var latest time.Time
	if cur.ChangedAfter > 0 {
		_, _, err = m.c.Entries(ctx, miniflux.Query{ChangedAfter: time.Unix(cur.ChangedAfter, 0)}, func(page []remote.Entry) error {
			for _, e := range page {
				if e.Changed.After(latest) {
					latest = e.Changed
				}
			}
			mg, err := st.MergeEntries(ctx, account, remoteEntries(page))
			if err != nil {
				return err
			}
			pulled += mg.Added
			changes += mg.Changed
			return nil
		})
		if err != nil {
			return pulled, changes, err
		}
	}
	// The server's own clock, never herald's: when it first answered this
	// pull, or the latest change it reported if that is later, less an
	// overlap for transactions that were still open.
	from := serverTime
	if latest.After(from) {
		from = latest
	}
	switch {
	case from.IsZero() && cur.ChangedAfter == 0:
		// No Date header on a first pull: herald's clock, once, rather
		// than never asking for changes.
		from = time.Now()
	case from.IsZero():
		from = time.Unix(cur.ChangedAfter, 0).Add(syncOverlap)
	}
	cur.ChangedAfter = from.Add(-syncOverlap).Unix()
	return pulled, changes, saveCur()
}

func (m minifluxSync) subscribe(ctx context.Context, feedURL string) (string, error) {
	return m.c.Subscribe(ctx, feedURL)
}

func (m minifluxSync) unsubscribe(ctx context.Context, remoteID string) error {
	id, err := strconv.ParseInt(remoteID, 10, 64)
	if err != nil {
		return err
	}
	return m.c.Unsubscribe(ctx, id)
}

type greaderSync struct{ c *greader.Client }

// greaderCursor is when the last pull ran, by herald's clock: the protocol
// has no change feed, so only new items are asked for by time (ot), and
// state comes from comparing id sets.
type greaderCursor struct {
	Since int64 `json:"since"` // Unix seconds
}

// greaderFirstItems is how many of the newest items a first pull takes
// besides every unread and starred one: a server's whole history may be
// years of read items nobody reads again.
const greaderFirstItems = 1000

// greaderSinceOverlap is how far before the last pull new items are asked
// for: ot is by the server's clock (and Miniflux's by publication date), so
// herald's clock gets a wide margin; items already here cost an id each.
const greaderSinceOverlap = time.Hour

func (g greaderSync) push(ctx context.Context, pending []store.Pending, done func([]store.Pending, error) error) error {
	return pushRuns(ctx, pending, done,
		func(ctx context.Context, kind string, value bool, ids []string) error {
			if kind == store.KindRead {
				return g.c.SetRead(ctx, ids, value)
			}
			return g.c.SetStarred(ctx, ids, value)
		},
		func(ctx context.Context, p store.Pending) error {
			stream := greader.ReadingList
			switch {
			case strings.HasPrefix(p.RemoteID, store.ScopeFeed):
				stream = strings.TrimPrefix(p.RemoteID, store.ScopeFeed)
			case strings.HasPrefix(p.RemoteID, store.ScopeTag):
				stream = strings.TrimPrefix(p.RemoteID, store.ScopeTag)
			}
			return g.c.MarkAllRead(ctx, stream, p.Created)
		})
}

func (g greaderSync) pull(ctx context.Context, st *store.Store, account, cursor string, save func(string) error) (pulled, changes int, err error) {
	var cur greaderCursor
	if cursor != "" {
		if err := json.Unmarshal([]byte(cursor), &cur); err != nil {
			return 0, 0, fmt.Errorf("the saved sync position is damaged: %w", err)
		}
	}
	started := time.Now()
	feeds, err := g.c.Subscriptions(ctx)
	if err != nil {
		return 0, 0, err
	}
	if err := st.SaveAccountFeeds(ctx, account, accountFeeds(feeds)); err != nil {
		return 0, 0, err
	}
	unread, err := g.c.ItemIDs(ctx, greader.IDs{Stream: greader.ReadingList, Exclude: greader.ReadTag})
	if err != nil {
		return 0, 0, err
	}
	starred, err := g.c.ItemIDs(ctx, greader.IDs{Stream: greader.StarredTag})
	if err != nil {
		return 0, 0, err
	}
	q := greader.IDs{Stream: greader.ReadingList, Limit: greaderFirstItems}
	if cur.Since > 0 {
		q = greader.IDs{Stream: greader.ReadingList, Since: time.Unix(cur.Since, 0).Add(-greaderSinceOverlap)}
	}
	recent, err := g.c.ItemIDs(ctx, q)
	if err != nil {
		return 0, 0, err
	}
	local, err := st.AccountMarks(ctx, account)
	if err != nil {
		return 0, 0, err
	}
	unreadSet, starredSet := set(unread), set(starred)

	// Items to fetch whole: those herald has never seen, and those whose
	// mark seems to have changed but may instead be gone from the server,
	// which is told apart by asking for them: a gone item is not in the
	// answer and keeps its state here.
	var fetch []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			fetch = append(fetch, id)
		}
	}
	for _, list := range [][]string{unread, starred, recent} {
		for _, id := range list {
			if _, ok := local[id]; !ok {
				add(id)
			}
		}
	}
	var nowUnread, nowStarred []string
	for id, mk := range local {
		switch {
		case !mk.Read && !unreadSet[id]:
			add(id) // read there, or gone
		case mk.Read && unreadSet[id]:
			nowUnread = append(nowUnread, id)
		}
		switch {
		case mk.Starred && !starredSet[id]:
			add(id) // unstarred there, or gone
		case !mk.Starred && starredSet[id]:
			nowStarred = append(nowStarred, id)
		}
	}
	for _, batch := range remote.Batches(fetch, 1000) {
		items, err := g.c.Contents(ctx, batch)
		if err != nil {
			return pulled, changes, err
		}
		mg, err := st.MergeEntries(ctx, account, remoteEntries(items))
		if err != nil {
			return pulled, changes, err
		}
		pulled += mg.Added
		changes += mg.Changed
	}
	n, err := st.SetRemoteMarks(ctx, account, store.KindRead, nowUnread, false)
	changes += n
	if err != nil {
		return pulled, changes, err
	}
	n, err = st.SetRemoteMarks(ctx, account, store.KindStarred, nowStarred, true)
	changes += n
	if err != nil {
		return pulled, changes, err
	}
	b, _ := json.Marshal(greaderCursor{Since: started.Unix()})
	return pulled, changes, save(string(b))
}

func set(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func (g greaderSync) subscribe(ctx context.Context, feedURL string) (string, error) {
	return g.c.Subscribe(ctx, feedURL)
}

func (g greaderSync) unsubscribe(ctx context.Context, remoteID string) error {
	return g.c.Unsubscribe(ctx, remoteID)
}
