package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

func newListCmd(inv *invocation) *cobra.Command {
	var (
		filter app.ListFilter
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the cached feed articles, newest first",
		Long: `List the articles cached from your feeds, newest first, one per line:
an unread mark (●), a star (★) when starred, the date, the feed and the title.
An article whose feed gave no date is "undated" and sorts by when herald
first saw it ("first_seen" in --json).
The articles bundled with herald are not listed: they are not in the cache.`,
		Args:              cobra.NoArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return inv.withCache(func(ctx context.Context, a *app.App) error {
				return inv.list(ctx, a, filter, asJSON)
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&filter.Unread, "unread", false, "only unread articles")
	f.BoolVar(&filter.Starred, "starred", false, "only starred articles")
	f.StringVar(&filter.Feed, "feed", "", "only this feed's articles (its URL or title)")
	_ = cmd.RegisterFlagCompletionFunc("feed", inv.completeFeeds(true))
	f.BoolVar(&asJSON, "json", false, `print a JSON array of {"id", "feed", "title", "url", "author", "published", "first_seen", "read", "starred", "enclosures"}`)
	return cmd
}

// listJSON is the stable shape of "herald list --json", for scripts.
type listJSON struct {
	ID         string          `json:"id"`
	Feed       string          `json:"feed"` // the feed's URL
	Title      string          `json:"title"`
	URL        string          `json:"url"`
	Author     string          `json:"author"`
	Published  string          `json:"published"`  // RFC 3339, "" when the feed gave no date
	FirstSeen  string          `json:"first_seen"` // RFC 3339: when herald first saw it, which undated articles sort by
	Read       bool            `json:"read"`
	Starred    bool            `json:"starred"`
	Enclosures []enclosureJSON `json:"enclosures"`
}

func (inv *invocation) list(ctx context.Context, a *app.App, filter app.ListFilter, asJSON bool) error {
	filter.FirstSeen = asJSON
	list, err := a.Articles(ctx, filter)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]listJSON, 0, len(list))
		for _, art := range list {
			j := listJSON{
				ID: art.ID, Feed: termsafe.Safe(art.FeedURL), Title: termsafe.Safe(art.Title),
				URL: termsafe.Safe(art.URL), Author: termsafe.Safe(art.Author),
				Read: art.Read, Starred: art.Starred, Enclosures: enclosuresJSON(art.Enclosures),
			}
			j.Published, j.FirstSeen = rfc3339(art.Published), rfc3339(art.FirstSeen)
			out = append(out, j)
		}
		return writeJSON(inv.stdout, out)
	}
	if len(list) == 0 && inv.isTerminal(inv.stdout) {
		fmt.Fprintln(inv.stdout, "no cached articles match; herald fetch fills the cache")
		return nil
	}
	for _, art := range list {
		fmt.Fprintln(inv.stdout, articleLine(art))
	}
	return nil
}

// articleLine is an article as list and search print it: "●★ 2026-01-15
// Feed title  Article title" (● unread, ★ starred).
func articleLine(art articles.Article) string {
	mark, star, date := " ", " ", "          "
	if !art.Read {
		mark = "●"
	}
	if art.Starred {
		star = "★"
	}
	switch {
	case !art.Published.IsZero():
		date = art.Published.Local().Format("2006-01-02")
	case !art.FirstSeen.IsZero():
		// It sorts by when herald first saw it; --json gives that.
		date = "undated   "
	}
	return fmt.Sprintf("%s%s %s  %s  %s", mark, star, date, termsafe.SafeLine(art.Source), termsafe.SafeLine(art.Title))
}

func newFeedsCmd(inv *invocation) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "feeds",
		Short: "Show the feed list with each feed's last status",
		Long: `Show every feed in the feed list: its title and URL, the status of its
last fetch (ok, not modified, recovered, error or never fetched), its article
and unread counts, when it was last fetched, and the error if it failed. A
recovered feed was broken but loaded: what was wrong with it is shown (and
is its "error" in --json).`,
		Args:              cobra.NoArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return inv.withCache(func(ctx context.Context, a *app.App) error {
				return inv.feeds(ctx, a, asJSON)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false,
		`print a JSON array of {"url","title","tags","last_fetch","status","error","articles","unread","account","fulltext"}`)
	return cmd
}

// feedJSON is the stable shape of "herald feeds --json", for scripts.
type feedJSON struct {
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Tags      []string `json:"tags"`
	LastFetch string   `json:"last_fetch"` // RFC 3339, "" when never fetched
	Status    string   `json:"status"`
	Error     string   `json:"error"`
	Articles  int      `json:"articles"`
	Unread    int      `json:"unread"`
	Account   string   `json:"account"`  // the sync account it belongs to; "" for the feed list's
	FullText  bool     `json:"fulltext"` // fulltext=yes: every refresh reads new articles' pages
}

func (inv *invocation) feeds(ctx context.Context, a *app.App, asJSON bool) error {
	feeds, err := a.ListedFeeds(ctx)
	if err != nil {
		return err
	}
	out := make([]feedJSON, 0, len(feeds))
	for _, f := range feeds {
		j := feedJSON{
			URL: termsafe.Safe(f.URL), Title: termsafe.Safe(f.Title), Tags: []string{},
			Status: f.Status, Error: termsafe.Safe(f.Error), Articles: f.Articles, Unread: f.Unread,
			Account: termsafe.Safe(f.Account), FullText: f.FullText,
		}
		if f.Account != "" {
			j.URL = termsafe.Safe(f.Link) // the key is herald's; the address is the user's
		}
		for _, t := range f.Tags {
			j.Tags = append(j.Tags, termsafe.Safe(t))
		}
		if !f.LastFetch.IsZero() {
			j.LastFetch = f.LastFetch.Format(time.RFC3339)
		}
		out = append(out, j)
	}
	if asJSON {
		return writeJSON(inv.stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(inv.stdout, "no feeds: add one with herald add URL")
		return nil
	}
	for _, f := range out {
		name := termsafe.SafeLine(f.URL)
		if t := termsafe.SafeLine(f.Title); t != "" {
			name = t + "  " + name
		}
		line := fmt.Sprintf("%-13s %s  %s, %d unread", f.Status, name, articles.Plural(f.Articles, "article"), f.Unread)
		if f.FullText {
			line += ", full text"
		}
		if f.LastFetch != "" {
			t, _ := time.Parse(time.RFC3339, f.LastFetch)
			verb := "fetched"
			if f.Account != "" {
				verb = "synced"
			}
			line += ", " + verb + " " + t.Local().Format("2006-01-02 15:04")
		}
		if f.Account != "" {
			line += ", account " + termsafe.SafeLine(f.Account)
		}
		fmt.Fprintln(inv.stdout, line)
		if f.Error != "" {
			fmt.Fprintf(inv.stdout, "%-13s %s\n", "", termsafe.SafeLine(f.Error))
		}
	}
	return nil
}

// rfc3339 is t for JSON: RFC 3339, "" when unknown.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// writeJSON prints v indented, without \u003c-style escapes: titles and
// Markdown are full of < > &, and scripts read the JSON as text too.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
