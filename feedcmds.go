package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/feed"
	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/termsafe"
)

// addCheckTimeout bounds the check `herald add` makes before it edits the
// list: a person is waiting at the prompt, so it is shorter than a refresh.
const addCheckTimeout = 15 * time.Second

func newFeedCmds(a *app) []*cobra.Command {
	return []*cobra.Command{
		newFetchCmd(a), newListCmd(a), newFeedsCmd(a),
		newAddCmd(a), newRemoveCmd(a), newImportCmd(a), newExportCmd(a),
	}
}

// interruptible is a context that Ctrl-C or SIGTERM cancels, so a fetch
// stops between feeds' transactions instead of dying inside one.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// withCache runs fn with the settings, a context Ctrl-C cancels and the
// open cache: what every command that reads or writes the cache needs.
func (a *app) withCache(fn func(ctx context.Context, cfg Config, st *store.Store) error) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	st, err := store.Open(cfg.DBPath)
	if err != nil {
		return fmt.Errorf("cache %s: %w", cfg.DBPath, err)
	}
	defer st.Close()
	return fn(ctx, cfg, st)
}

func newFetchCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "fetch",
		Short: "Refresh every feed in the feed list into the cache",
		Long: `Fetch every feed in the feed list and save new articles in the cache.
Prints a line per feed (new articles, not modified, or the reason it failed)
and a summary; on a terminal, a progress bar and then the failures. The exit
status is 1 when any feed failed. Ctrl-C stops the fetch; every feed already
fetched stays saved.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runFetch() },
	}
}

func (a *app) runFetch() error {
	if a.offline {
		return errors.New("fetch needs the network; --offline was given")
	}
	return a.withCache(a.fetch)
}

func (a *app) fetch(ctx context.Context, cfg Config, st *store.Store) error {
	entries, err := readFeedList(cfg)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		fmt.Fprintln(a.stdout, "no feeds: add one with herald add URL")
		return nil
	}

	var (
		done     int
		failures []string
		each     func(feedReport)
		finish   = func() {}
	)
	if a.isTerminal(a.stdout) {
		each, finish = a.fetchProgress(len(entries), &done, &failures)
	} else {
		each = func(r feedReport) {
			done++
			fmt.Fprintln(a.stdout, fetchLine(r))
		}
	}
	sum, err := refresh(ctx, cfg, st, entries, nil, each)
	finish()
	for _, f := range failures {
		fmt.Fprintln(a.stdout, f)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("fetch interrupted after %d of %d feeds; what was fetched is saved", done, len(entries))
	}
	fmt.Fprintln(a.stdout, "fetched "+sum.String())
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d of %d %s failed", sum.Failed, sum.Feeds, plural(sum.Feeds, "feed", "feeds"))
	}
	return nil
}

// fetchProgress draws a progress bar redrawn in place on one line; failures
// are kept for after it, so nothing scrolls while it runs.
func (a *app) fetchProgress(total int, done *int, failures *[]string) (each func(feedReport), finish func()) {
	bar := bar{width: 40}
	width := 0
	draw := func() {
		line := fmt.Sprintf("%s %d/%d feeds", bar.view(float64(*done)/float64(total)), *done, total)
		width = max(width, lipgloss.Width(line))
		fmt.Fprint(a.stdout, "\r"+line)
	}
	draw()
	each = func(r feedReport) {
		*done++
		if r.Err != nil {
			*failures = append(*failures, fetchLine(r))
		}
		draw()
	}
	// Blanks over the bar rather than an erase sequence: herald writes no
	// escape of its own.
	finish = func() { fmt.Fprint(a.stdout, "\r"+strings.Repeat(" ", width)+"\r") }
	return each, finish
}

// bar is a one-line progress bar, drawn without colour: a styled one
// would have lipgloss query the terminal for its colours first, and the
// answer would land in the user's shell. (bubbles/progress would also need
// github.com/charmbracelet/harmonica, which go.sum does not hold.)
type bar struct{ width int }

func (b bar) view(fraction float64) string {
	n := min(b.width, max(0, int(fraction*float64(b.width)+0.5)))
	return strings.Repeat("█", n) + strings.Repeat("░", b.width-n)
}

// fetchLine is one feed's outcome: "ok    BBC News  3 new (0.4s)".
func fetchLine(r feedReport) string {
	name := termsafe.SafeLine(r.Title)
	if name == "" {
		name = termsafe.SafeLine(r.URL)
	}
	switch {
	case r.Err != nil:
		return fmt.Sprintf("FAIL  %s  %s", name, termsafe.SafeLine(r.Err.Error()))
	case r.NotModified:
		return fmt.Sprintf("same  %s  not modified", name)
	}
	return fmt.Sprintf("ok    %s  %d new (%.1fs)", name, r.New, r.Duration.Seconds())
}

func newListCmd(a *app) *cobra.Command {
	var (
		filter  store.Filter
		feedArg string
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the cached feed articles, newest first",
		Long: `List the articles cached from your feeds, newest first, one per line:
an unread mark (●), a star (★) when starred, the date, the feed and the title.
The articles bundled with herald are not listed: they are not in the cache.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runList(filter, feedArg, asJSON)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&filter.Unread, "unread", false, "only unread articles")
	f.BoolVar(&filter.Starred, "starred", false, "only starred articles")
	f.StringVar(&feedArg, "feed", "", "only this feed's articles (its URL or title)")
	f.BoolVar(&asJSON, "json", false, `print a JSON array of {"id","feed","title","url","author","published","read","starred"}`)
	return cmd
}

// listJSON is the stable shape of "herald list --json", for scripts.
type listJSON struct {
	ID        string `json:"id"`
	Feed      string `json:"feed"` // the feed's URL
	Title     string `json:"title"`
	URL       string `json:"url"`
	Author    string `json:"author"`
	Published string `json:"published"` // RFC 3339, "" when unknown
	Read      bool   `json:"read"`
	Starred   bool   `json:"starred"`
}

func (a *app) runList(filter store.Filter, feedArg string, asJSON bool) error {
	return a.withCache(func(ctx context.Context, _ Config, st *store.Store) error {
		return a.list(ctx, st, filter, feedArg, asJSON)
	})
}

func (a *app) list(ctx context.Context, st *store.Store, filter store.Filter, feedArg string, asJSON bool) error {
	if feedArg != "" {
		var err error
		if filter.Feed, err = findFeed(ctx, st, feedArg); err != nil {
			return err
		}
	}
	list, err := st.List(ctx, filter)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]listJSON, 0, len(list))
		for _, art := range list {
			j := listJSON{
				ID: art.ID, Feed: termsafe.Safe(art.FeedURL), Title: termsafe.Safe(art.Title),
				URL: termsafe.Safe(art.URL), Author: termsafe.Safe(art.Author),
				Read: art.Read, Starred: art.Starred,
			}
			if !art.Published.IsZero() {
				j.Published = art.Published.Format(time.RFC3339)
			}
			out = append(out, j)
		}
		return writeJSON(a.stdout, out)
	}
	if len(list) == 0 && a.isTerminal(a.stdout) {
		fmt.Fprintln(a.stdout, "no cached articles match; herald fetch fills the cache")
		return nil
	}
	for _, art := range list {
		mark, star, date := " ", " ", "          "
		if !art.Read {
			mark = "●"
		}
		if art.Starred {
			star = "★"
		}
		if !art.Published.IsZero() {
			date = art.Published.Local().Format("2006-01-02")
		}
		fmt.Fprintf(a.stdout, "%s%s %s  %s  %s\n", mark, star, date, termsafe.SafeLine(art.Source), termsafe.SafeLine(art.Title))
	}
	return nil
}

// findFeed resolves --feed: a feed's URL, or its title, either in any case.
func findFeed(ctx context.Context, st *store.Store, arg string) (string, error) {
	feeds, err := st.Feeds(ctx)
	if err != nil {
		return "", err
	}
	var byTitle []string
	for _, f := range feeds {
		if feed.SameURL(f.URL, arg) {
			return f.URL, nil
		}
		if strings.EqualFold(strings.TrimSpace(f.Title), strings.TrimSpace(arg)) {
			byTitle = append(byTitle, f.URL)
		}
	}
	switch len(byTitle) {
	case 0:
		return "", fmt.Errorf("no feed has the URL or title %q (herald feeds lists them)", termsafe.SafeLine(arg))
	case 1:
		return byTitle[0], nil
	}
	return "", fmt.Errorf("%d feeds have the title %q; give the feed's URL", len(byTitle), termsafe.SafeLine(arg))
}

func newFeedsCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "feeds",
		Short: "Show the feed list with each feed's last status",
		Long: `Show every feed in the feed list: its title and URL, the status of its
last fetch (ok, not modified, error or never fetched), its article and
unread counts, when it was last fetched, and the error if it failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runFeeds(asJSON) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false,
		`print a JSON array of {"url","title","tags","last_fetch","status","error","articles","unread"}`)
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
}

func (a *app) runFeeds(asJSON bool) error {
	return a.withCache(func(ctx context.Context, cfg Config, st *store.Store) error {
		return a.feeds(ctx, cfg, st, asJSON)
	})
}

func (a *app) feeds(ctx context.Context, cfg Config, st *store.Store, asJSON bool) error {
	entries, err := readFeedList(cfg)
	if err != nil {
		return err
	}
	cached, err := st.Feeds(ctx)
	if err != nil {
		return err
	}
	byURL := make(map[string]store.Feed, len(cached))
	for _, f := range cached {
		byURL[f.URL] = f
	}
	// The list file is the truth: a feed deleted from it by hand is no
	// longer followed even though the cache still knows it.
	out := make([]feedJSON, 0, len(entries))
	for _, e := range entries {
		f := byURL[e.URL]
		j := feedJSON{
			URL: termsafe.Safe(e.URL), Title: termsafe.Safe(f.Title), Tags: []string{},
			Status: f.Status, Error: termsafe.Safe(f.Error), Articles: f.Articles, Unread: f.Unread,
		}
		if j.Title == "" {
			j.Title = termsafe.Safe(e.Title)
		}
		for _, t := range e.Tags {
			j.Tags = append(j.Tags, termsafe.Safe(t))
		}
		if j.Status == "" {
			j.Status = "never fetched"
		}
		if !f.LastFetch.IsZero() {
			j.LastFetch = f.LastFetch.Format(time.RFC3339)
		}
		out = append(out, j)
	}
	if asJSON {
		return writeJSON(a.stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(a.stdout, "no feeds: add one with herald add URL")
		return nil
	}
	for _, f := range out {
		name := termsafe.SafeLine(f.URL)
		if t := termsafe.SafeLine(f.Title); t != "" {
			name = t + "  " + name
		}
		line := fmt.Sprintf("%-13s %s  %d %s, %d unread", f.Status, name,
			f.Articles, plural(f.Articles, "article", "articles"), f.Unread)
		if f.LastFetch != "" {
			t, _ := time.Parse(time.RFC3339, f.LastFetch)
			line += ", fetched " + t.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintln(a.stdout, line)
		if f.Error != "" {
			fmt.Fprintf(a.stdout, "%-13s %s\n", "", termsafe.SafeLine(f.Error))
		}
	}
	return nil
}

// writeJSON prints v indented, without \u003c-style escapes: titles and
// Markdown are full of < > &, and scripts read the JSON as text too.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func newAddCmd(a *app) *cobra.Command {
	var (
		title string
		tags  []string
	)
	cmd := &cobra.Command{
		Use:   "add URL",
		Short: "Add a feed (or the feed a web page advertises) to the feed list",
		Long: `Add a feed to the feed list. herald fetches the address first: a feed is
added under its own title; a web page is searched for the feed it advertises
(<link rel="alternate">) and that feed is added instead; an address that does
not answer adds nothing. With --offline the address is added unchecked.`,
		Example: `  herald add https://example.com/feed.xml
  herald add https://blog.example.com --title "A blog" --tag tech --tag friends`,
		Args: oneArg("add needs one feed address (http or https)"),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runAdd(args[0], title, tags) },
	}
	cmd.Flags().StringVar(&title, "title", "", "title to show instead of the feed's own")
	cmd.Flags().StringSliceVar(&tags, "tag", nil, "tag the feed (repeat for more)")
	return cmd
}

// checkWebURL accepts only absolute http and https addresses.
func checkWebURL(raw string) error {
	if !termsafe.IsWebURL(raw) {
		return fmt.Errorf("%s is not an http or https address", termsafe.SafeLine(raw))
	}
	return nil
}

func (a *app) runAdd(raw, title string, tags []string) error {
	raw = strings.TrimSpace(raw)
	if err := checkWebURL(raw); err != nil {
		return fmt.Errorf("add: %w", err)
	}
	cfg, path, err := a.listToEdit()
	if err != nil {
		return err
	}
	entries, err := feed.LoadList(path)
	if err != nil {
		return err
	}
	inList := func(u string) bool {
		for _, e := range entries {
			if feed.SameURL(e.URL, u) {
				return true
			}
		}
		return false
	}
	if inList(raw) {
		fmt.Fprintf(a.stdout, "already in your feed list: %s\n", termsafe.SafeLine(raw))
		return nil
	}

	feedURL, feedTitle := raw, ""
	if !a.offline {
		ctx, stop := interruptible()
		defer stop()
		check := cfg
		check.Timeout = min(cfg.Timeout, addCheckTimeout)
		f := newFetcher(check)
		res := f.Fetch(ctx, feed.Request{URL: raw})
		if errors.Is(res.Err, feed.ErrNotFeed) {
			found, err := f.Discover(ctx, raw)
			if err != nil {
				return fmt.Errorf("add %s: not a feed, and %s; nothing added", termsafe.SafeLine(raw), termsafe.SafeLine(err.Error()))
			}
			feedURL = found
			fmt.Fprintf(a.stdout, "found the feed of that page: %s\n", termsafe.SafeLine(found))
			if inList(found) {
				fmt.Fprintf(a.stdout, "already in your feed list: %s\n", termsafe.SafeLine(found))
				return nil
			}
			res = f.Fetch(ctx, feed.Request{URL: found})
		}
		if res.Err != nil {
			return fmt.Errorf("add %s: %s; nothing added (--offline adds it unchecked)", termsafe.SafeLine(feedURL), termsafe.SafeLine(res.Err.Error()))
		}
		feedTitle = res.Title
	}

	err = feed.Add(path, feed.Entry{URL: feedURL, Title: strings.TrimSpace(title), Tags: tags})
	if errors.Is(err, feed.ErrDuplicate) {
		fmt.Fprintf(a.stdout, "already in your feed list: %s\n", termsafe.SafeLine(feedURL))
		return nil
	}
	if err != nil {
		return fmt.Errorf("add %s: %w", termsafe.SafeLine(feedURL), err)
	}
	name := strings.TrimSpace(title)
	if name == "" {
		name = feedTitle
	}
	if name == "" {
		name = feedURL
	}
	fmt.Fprintf(a.stdout, "added %s (%s)\n", termsafe.SafeLine(name), termsafe.SafeLine(feedURL))
	return nil
}

// listToEdit is the settings and the feed list that add and import write
// to, created (without starter feeds) when missing.
func (a *app) listToEdit() (Config, string, error) {
	cfg, err := a.config()
	if err != nil {
		return cfg, "", err
	}
	path := feedListPath(cfg)
	return cfg, path, ensureListHeader(path)
}

// ensureListHeader creates a missing feed list with the starter list's
// explanatory comments but none of its feeds: someone whose first command
// adds or imports feeds has said which feeds they want.
func ensureListHeader(path string) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	var header strings.Builder
	for _, line := range strings.SplitAfter(feed.DefaultList(), "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			break
		}
		header.WriteString(line)
	}
	return createOnce(path, header.String(), "feed list")
}

func newRemoveCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "remove URL",
		Short: "Remove a feed from the feed list and its articles from the cache",
		Long: `Remove a feed from the feed list and its articles from the cache. Starred
articles stay in the library.`,
		Args: oneArg("remove needs one feed address (herald feeds lists them)"),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runRemove(args[0]) },
	}
}

func (a *app) runRemove(raw string) error {
	raw = strings.TrimSpace(raw)
	return a.withCache(func(ctx context.Context, cfg Config, st *store.Store) error {
		return a.remove(ctx, cfg, st, raw)
	})
}

func (a *app) remove(ctx context.Context, cfg Config, st *store.Store, raw string) error {
	path := feedListPath(cfg)
	entries, err := feed.LoadList(path)
	if err != nil {
		return err
	}
	// The cache knows the feed by the address as the list spells it.
	feedURL := ""
	for _, e := range entries {
		if feed.SameURL(e.URL, raw) {
			feedURL = e.URL
			break
		}
	}
	if feedURL == "" {
		return fmt.Errorf("not in your feed list: %s", termsafe.SafeLine(raw))
	}
	if err := feed.Remove(path, feedURL); errors.Is(err, feed.ErrNotFound) {
		return fmt.Errorf("not in your feed list: %s", termsafe.SafeLine(raw))
	} else if err != nil {
		return fmt.Errorf("remove %s: %w", termsafe.SafeLine(raw), err)
	}
	if err := st.RemoveFeed(ctx, feedURL); err != nil {
		return fmt.Errorf("removed %s from the feed list, but not from the cache: %w", termsafe.SafeLine(feedURL), err)
	}
	fmt.Fprintf(a.stdout, "removed %s\n", termsafe.SafeLine(feedURL))
	return nil
}

func newImportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Add the feeds of an OPML file or a newsboat urls file (- for stdin)",
		Long: `Add every feed of an OPML 1.0/2.0 file (folders become tags) or a newsboat
urls file to the feed list. Feeds already in the list are skipped. newsboat's
query:, exec: and filter: lines are skipped with a warning and never run. A
file with an error changes nothing.`,
		Example: `  herald import subscriptions.opml
  herald import ~/.newsboat/urls`,
		Args: oneArg("import needs one file (OPML or newsboat urls), or - for standard input"),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runImport(args[0]) },
	}
}

func (a *app) runImport(target string) error {
	data, err := a.readTarget(target)
	if err != nil {
		return fmt.Errorf("import %s: %s", termsafe.SafeLine(target), err)
	}
	entries, warnings, err := feed.Import(data)
	if err != nil {
		return fmt.Errorf("import %s: %s; nothing imported", termsafe.SafeLine(target), termsafe.SafeLine(err.Error()))
	}
	_, path, err := a.listToEdit()
	if err != nil {
		return err
	}
	skipped, err := feed.AddAll(path, entries)
	if err != nil {
		return fmt.Errorf("import %s: %s; nothing imported", termsafe.SafeLine(target), termsafe.SafeLine(err.Error()))
	}
	for _, w := range warnings {
		fmt.Fprintln(a.stdout, termsafe.SafeLine(w))
	}
	for _, s := range skipped {
		fmt.Fprintf(a.stdout, "already in your feed list: %s\n", termsafe.SafeLine(s))
	}
	n := len(entries) - len(skipped)
	fmt.Fprintf(a.stdout, "imported %d %s (%d already present)\n", n, plural(n, "feed", "feeds"), len(skipped))
	return nil
}

func newExportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "export",
		Short: "Print the feed list as OPML 2.0",
		Long:  "Print the feed list as an OPML 2.0 document, tags as categories, for other feed readers.",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.runExport() },
	}
}

func (a *app) runExport() error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	entries, err := readFeedList(cfg)
	if err != nil {
		return err
	}
	return feed.ExportOPML(a.stdout, entries)
}
