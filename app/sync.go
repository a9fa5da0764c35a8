package app

// Sync with the accounts of config.toml. The cache is the local truth and
// the server the shared one: a sync first pushes the outbox (the marks made
// here, each written there in the transaction that made it) as idempotent
// set requests in batches, then pulls what changed on the server, where a
// mark still waiting in the outbox wins over the server's. Each account
// syncs on its own: one that fails loses nothing and stops no other.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/remote"
	"github.com/herald-reader/herald/remote/greader"
	"github.com/herald-reader/herald/remote/miniflux"
	"github.com/herald-reader/herald/store"
)

// SyncReport is what one account's sync did.
type SyncReport struct {
	Account string
	Pushed  int // marks the server took
	// Refused is how many marks the server refused for what they were
	// (an entry it will not change, an id it cannot read), and Refusal
	// why, in the server's words. They leave the outbox instead of being
	// sent again: kept, they would fail every sync after, and with them
	// every mark made since. What the server holds for those entries
	// then comes down like any other change.
	Refused int
	Refusal string
	Pulled  int // entries new to the cache
	Changes int // marks the server changed here
	Err     error
}

// String is the summary line `herald sync` prints for the account.
func (r SyncReport) String() string {
	if r.Err != nil {
		return fmt.Sprintf("%s: failed: %v", r.Account, r.Err)
	}
	refused := ""
	if r.Refused > 0 {
		refused = fmt.Sprintf(" (the server refused %s: %s)", articles.Plural(r.Refused, "mark"), r.Refusal)
	}
	return fmt.Sprintf("%s: pushed %s%s, pulled %s and %s", r.Account,
		articles.Plural(r.Pushed, "mark"), refused, entries(r.Pulled), articles.Plural(r.Changes, "change"))
}

func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

// ErrSync is wrapped by Sync's error when an account failed; the reports
// say which.
var ErrSync = errors.New("sync failed")

// Accounts is the accounts of the config, in its order.
func (a *App) Accounts() []config.Account { return a.cfg.Accounts }

// syncer is one protocol's half of a sync.
type syncer interface {
	// push sends pending changes in order and calls done after each
	// request the server took, with the changes it carried, and with
	// the error of each change the server refused (see pushRuns).
	push(ctx context.Context, pending []store.Pending, done func(sent []store.Pending, refused error) error) error
	// pull brings the server's feeds, new entries and changed marks into
	// the cache, from cursor (the bookmark the last pull left, "" at first)
	// and saving a newer one as it goes.
	pull(ctx context.Context, st *store.Store, account, cursor string, save func(string) error) (pulled, changes int, err error)
	subscribe(ctx context.Context, feedURL string) (string, error)
	unsubscribe(ctx context.Context, remoteID string) error
}

func (a *App) syncerFor(acc config.Account) (syncer, error) {
	opts := remote.Options{BaseURL: acc.URL, Timeout: a.cfg.Timeout, UserAgent: a.userAgent}
	switch acc.Type {
	case config.Miniflux:
		c, err := miniflux.New(opts, miniflux.Credentials{Token: acc.Token.Reveal(), Username: acc.Username, Password: acc.Password.Reveal()})
		if err != nil {
			return nil, err
		}
		return minifluxSync{c}, nil
	case config.GReader:
		c, err := greader.New(opts, acc.Username, acc.Password.Reveal())
		if err != nil {
			return nil, err
		}
		return greaderSync{c}, nil
	}
	return nil, fmt.Errorf("account type %q is not known", acc.Type)
}

// SyncAccounts syncs every account, or only the one named, one after the other,
// calling each (if not nil) with each account's report as it ends. An
// account that failed makes the error wrap ErrSync; its report says why.
func (a *App) SyncAccounts(ctx context.Context, only string, each func(SyncReport)) ([]SyncReport, error) {
	if a.st == nil {
		return nil, errNoCache
	}
	if a.cfg.Offline {
		return nil, errors.New("not syncing with --offline")
	}
	accounts := a.cfg.Accounts
	if only != "" {
		acc, err := a.cfg.AccountNamed(only)
		if err != nil {
			return nil, err
		}
		accounts = []config.Account{acc}
	}
	if len(accounts) == 0 {
		return nil, fmt.Errorf("no accounts to sync: add an [[account]] table to %s", a.cfg.File)
	}
	var reports []SyncReport
	var failed []string
	for _, acc := range accounts {
		r := a.syncAccount(ctx, acc)
		if r.Err != nil {
			failed = append(failed, acc.Name)
			_ = a.st.SaveSyncError(context.WithoutCancel(ctx), acc.Name, r.Err.Error())
		}
		reports = append(reports, r)
		if each != nil {
			each(r)
		}
		if ctx.Err() != nil {
			return reports, ctx.Err()
		}
	}
	if len(failed) > 0 {
		return reports, fmt.Errorf("%w: %s", ErrSync, strings.Join(failed, ", "))
	}
	return reports, nil
}

// Sync is SyncAccounts for the TUI's background task: Total is the number
// of accounts, Done those finished, Failed those that failed, New the
// entries pulled.
func (a *App) Sync(ctx context.Context, progress func(articles.Progress)) error {
	p := articles.Progress{Total: len(a.cfg.Accounts)}
	progress(p)
	_, err := a.SyncAccounts(ctx, "", func(r SyncReport) {
		p.Done++
		p.New += r.Pulled
		if r.Err != nil {
			p.Failed++
		}
		progress(p)
	})
	if err != nil {
		return err
	}
	// As after a refresh: the index takes in what was pulled now.
	_, err = a.st.IndexPending(ctx, nil)
	return err
}

// HasAccounts reports whether any sync account is configured.
func (a *App) HasAccounts() bool { return len(a.cfg.Accounts) > 0 }

// PushOutbox sends every account's waiting marks, and pulls nothing: for
// the moment the TUI quits. Accounts with nothing waiting are not called.
func (a *App) PushOutbox(ctx context.Context) []SyncReport {
	if a.st == nil || a.cfg.Offline {
		return nil
	}
	var out []SyncReport
	for _, acc := range a.cfg.Accounts {
		pending, err := a.st.Outbox(ctx, acc.Name)
		if err != nil || len(pending) == 0 {
			continue
		}
		r := SyncReport{Account: acc.Name}
		s, err := a.syncerFor(acc)
		if err == nil {
			err = a.push(ctx, s, pending, &r)
		}
		r.Err = err
		out = append(out, r)
	}
	return out
}

func (a *App) push(ctx context.Context, s syncer, pending []store.Pending, r *SyncReport) error {
	return s.push(ctx, pending, func(done []store.Pending, refused error) error {
		// Saved after each request, so a push cut short sends again only
		// what the server may not have taken.
		if err := a.st.Pushed(context.WithoutCancel(ctx), done); err != nil {
			return err
		}
		if refused != nil {
			if r.Refused == 0 {
				r.Refusal = refused.Error()
			}
			r.Refused += len(done)
			return nil
		}
		r.Pushed += len(done)
		return nil
	})
}

func (a *App) syncAccount(ctx context.Context, acc config.Account) SyncReport {
	r := SyncReport{Account: acc.Name}
	s, err := a.syncerFor(acc)
	if err != nil {
		r.Err = err
		return r
	}
	// Push first: the server must hear of the marks made here before its
	// own state is taken, or a pull would have to guess which side is newer.
	pending, err := a.st.Outbox(ctx, acc.Name)
	if err != nil {
		r.Err = err
		return r
	}
	if err := a.push(ctx, s, pending, &r); err != nil {
		r.Err = fmt.Errorf("push: %w", err)
		return r
	}
	cursor, err := a.st.Cursor(ctx, acc.Name)
	if err != nil {
		r.Err = err
		return r
	}
	r.Pulled, r.Changes, err = s.pull(ctx, a.st, acc.Name, cursor, func(c string) error {
		return a.st.SaveCursor(context.WithoutCancel(ctx), acc.Name, c)
	})
	if err != nil {
		r.Err = fmt.Errorf("pull: %w", err)
	}
	return r
}

// pushRuns sends pending in order: consecutive marks of one kind and value
// go together (sendMarks batches them further), a mark-all-read goes alone.
// Order matters only between a mark-all-read and the marks around it.
//
// A request the server refuses for what it carries (refusal) is split
// until the marks it refuses are found; those are handed to done with the
// refusal and the rest are sent. Any other error stops the push, to be
// tried again whole.
func pushRuns(ctx context.Context, pending []store.Pending, done func([]store.Pending, error) error,
	sendMarks func(ctx context.Context, kind string, value bool, ids []string) error,
	sendReadAll func(ctx context.Context, p store.Pending) error) error {
	for i := 0; i < len(pending); {
		p := pending[i]
		if p.Kind == store.KindReadAll {
			// A feed or folder gone from the server has nothing left to
			// mark; kept, it would fail every sync after.
			err := sendReadAll(ctx, p)
			if errors.Is(err, remote.ErrNotFound) {
				err = nil
			}
			if err != nil && !refusal(err) {
				return err
			}
			if err := done(pending[i:i+1], err); err != nil {
				return err
			}
			i++
			continue
		}
		j := i
		for j < len(pending) && pending[j].Kind == p.Kind && pending[j].Value == p.Value && j-i < pushRun {
			j++
		}
		if err := sendOrSplit(ctx, pending[i:j], done, sendMarks); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// sendOrSplit sends run, marks of one kind and value, as one request or,
// when the server refuses it, as two halves, down to the marks it refuses.
// A few bad marks among a thousand cost about twenty requests each.
func sendOrSplit(ctx context.Context, run []store.Pending, done func([]store.Pending, error) error,
	sendMarks func(ctx context.Context, kind string, value bool, ids []string) error) error {
	ids := make([]string, len(run))
	for k, p := range run {
		ids[k] = p.RemoteID
	}
	err := sendMarks(ctx, run[0].Kind, run[0].Value, ids)
	switch {
	case err == nil:
		return done(run, nil)
	case !refusal(err):
		return err
	case len(run) == 1:
		return done(run, err)
	}
	if err := sendOrSplit(ctx, run[:len(run)/2], done, sendMarks); err != nil {
		return err
	}
	return sendOrSplit(ctx, run[len(run)/2:], done, sendMarks)
}

// errBadID is an entry id this protocol cannot send.
var errBadID = errors.New("not an entry id of this server")

// refusal reports whether err is the server refusing a request for what it
// carries, which sending it again cannot change: a 400, 404, 409, 410 or
// 422, or an id the client cannot even put in a request. Credentials, rate
// limits, timeouts and the server's own failures pass, and are tried again.
func refusal(err error) bool {
	var se *remote.StatusError
	if errors.As(err, &se) {
		switch se.Status {
		case http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusGone, http.StatusUnprocessableEntity:
			return true
		}
	}
	return errors.Is(err, remote.ErrNotFound) || errors.Is(err, errBadID)
}

// pushRun is how many marks are sent before the outbox is told: a larger
// run is split into the servers' own batches by the clients.
const pushRun = 1000

// syncOverlap is how far before the last pull a pull looks again: a change
// the server made in a transaction still open when it answered carries an
// earlier time than the answer, and must not be missed.
const syncOverlap = 15 * time.Second

func remoteEntries(list []remote.Entry) []store.RemoteEntry {
	out := make([]store.RemoteEntry, len(list))
	for i, e := range list {
		out[i] = store.RemoteEntry{
			RemoteID: e.ID, FeedRemoteID: e.FeedID, URL: e.URL, Title: e.Title, Author: e.Author,
			Body: e.Content, Published: e.Published, Read: e.Read, Starred: e.Starred,
		}
	}
	return out
}

func accountFeeds(list []remote.Feed) []store.AccountFeed {
	out := make([]store.AccountFeed, len(list))
	for i, f := range list {
		out[i] = store.AccountFeed{RemoteID: f.ID, Link: f.URL, Title: f.Title, Tag: f.Category, TagID: f.CategoryID}
	}
	return out
}
