package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/termsafe"
)

// AddToAccount subscribes the account to a feed on its server, which
// fetches it from then on, and pulls the account so the feed and its
// entries are in the library at once. It returns the sync's report.
func (a *App) AddToAccount(ctx context.Context, raw, account string) (SyncReport, error) {
	raw = strings.TrimSpace(raw)
	if !termsafe.IsWebURL(raw) {
		return SyncReport{}, fmt.Errorf("add: %s is not an http or https address", termsafe.SafeLine(raw))
	}
	if a.st == nil {
		return SyncReport{}, errNoCache
	}
	if a.cfg.Offline {
		return SyncReport{}, fmt.Errorf("add --account needs the server; not with --offline")
	}
	acc, err := a.cfg.AccountNamed(account)
	if err != nil {
		return SyncReport{}, err
	}
	s, err := a.syncerFor(acc)
	if err != nil {
		return SyncReport{}, err
	}
	if _, err := s.subscribe(ctx, raw); err != nil {
		return SyncReport{}, fmt.Errorf("%s: subscribe to %s: %w", acc.Name, termsafe.SafeLine(raw), err)
	}
	r := a.syncAccount(ctx, acc)
	return r, r.Err
}

// RemovedFrom is where Remove took a feed off: the feed list, or an
// account's server.
type RemovedFrom struct {
	URL     string
	Account string // "" for the feed list
}

// RemoveAnywhere removes a feed from the feed list, or, when an account
// has it, unsubscribes it on that account's server. Starred articles stay.
func (a *App) RemoveAnywhere(ctx context.Context, raw string) (RemovedFrom, error) {
	raw = strings.TrimSpace(raw)
	if a.st == nil {
		return RemovedFrom{}, errNoCache
	}
	accountFeeds, err := a.st.AccountFeedsByLink(ctx, raw)
	if err != nil {
		return RemovedFrom{}, err
	}
	if len(accountFeeds) == 0 {
		u, err := a.Remove(ctx, raw)
		return RemovedFrom{URL: u}, err
	}
	if len(accountFeeds) > 1 {
		return RemovedFrom{}, fmt.Errorf("%d accounts have %s; remove it on one of their servers", len(accountFeeds), termsafe.SafeLine(raw))
	}
	f := accountFeeds[0]
	if a.cfg.Offline {
		return RemovedFrom{}, fmt.Errorf("%s belongs to the account %s, whose server removes it; not with --offline", termsafe.SafeLine(raw), f.Account)
	}
	acc, err := a.cfg.AccountNamed(f.Account)
	if err != nil {
		return RemovedFrom{}, err
	}
	s, err := a.syncerFor(acc)
	if err != nil {
		return RemovedFrom{}, err
	}
	if err := s.unsubscribe(ctx, f.RemoteID); err != nil {
		return RemovedFrom{}, fmt.Errorf("%s: unsubscribe %s: %w", acc.Name, termsafe.SafeLine(raw), err)
	}
	if err := a.st.RemoveFeed(ctx, f.URL); err != nil {
		return RemovedFrom{}, fmt.Errorf("unsubscribed on %s, but not removed from the cache: %w", acc.Name, err)
	}
	return RemovedFrom{URL: f.Link, Account: acc.Name}, nil
}

// MarkAllReadIn marks read every article of a feed (its URL, as the library
// knows it), of a tag, or, with both empty, of the whole library. For an
// account the server is told with its own mark-all-read at the next sync,
// so entries herald has not pulled yet are covered too.
func (a *App) MarkAllReadIn(ctx context.Context, feedURL, tag string) (int, error) {
	if a.st == nil {
		return 0, errNoCache
	}
	if feedURL == "" && tag == "" {
		for _, art := range a.bundled.all() {
			_ = a.bundled.mark(art.ID, func(b *articles.Article) { b.Read = true })
		}
	}
	return a.st.MarkAllRead(ctx, store.Scope{Feed: feedURL, Tag: tag})
}

// MarkAllRead is MarkAllReadIn for a feed or, with "", everything: the
// TUI's M on a whole view.
func (a *App) MarkAllRead(ctx context.Context, feedURL string) error {
	_, err := a.MarkAllReadIn(ctx, feedURL, "")
	return err
}
