package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

func newAddCmd(inv *invocation) *cobra.Command {
	var (
		title    string
		tags     []string
		account  string
		fullText bool
	)
	cmd := &cobra.Command{
		Use:   "add URL",
		Short: "Add a feed (or the feed a web page advertises) to the feed list",
		Long: `Add a feed to the feed list. herald fetches the address first: a feed is
added under its own title; a web page is searched for the feed it advertises
(its alternate link) and that feed is added instead; an address that does
not answer adds nothing. With --offline the address is added unchecked.

With --fulltext every refresh also reads the web page of each new article
(fulltext=yes in the feed list), for feeds that carry only summaries.

With --account NAME the feed is subscribed on that account's server instead,
which fetches it from then on; herald pulls it at once.`,
		Example: `  herald add https://example.com/feed.xml
  herald add https://blog.example.com --title "A blog" --tag tech --tag friends
  herald add https://news.example.com/rss --fulltext
  herald add https://example.com/feed.xml --account home`,
		Args:              oneArg("add needs one feed address (http or https)"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			if account != "" {
				return inv.runAddToAccount(args[0], account)
			}
			return inv.runAdd(args[0], title, tags, fullText)
		},
	}
	cmd.Flags().StringVar(&account, "account", "", "subscribe on this account's server (its name in config.toml)")
	_ = cmd.RegisterFlagCompletionFunc("account", inv.completeAccounts)
	cmd.Flags().StringVar(&title, "title", "", "title to show instead of the feed's own")
	cmd.Flags().StringSliceVar(&tags, "tag", nil, "tag the feed (repeat for more)")
	cmd.Flags().BoolVar(&fullText, "fulltext", false, "read each new article's web page at every refresh")
	return cmd
}

func (inv *invocation) runAdd(raw, title string, tags []string, fullText bool) error {
	a, err := inv.app()
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	res, err := a.Add(ctx, raw, title, tags, fullText)
	if res.Found != "" {
		fmt.Fprintf(inv.stdout, "found the feed of that page: %s\n", termsafe.SafeLine(res.Found))
	}
	switch {
	case err != nil:
		return err
	case res.Already:
		fmt.Fprintf(inv.stdout, "already in your feed list: %s\n", termsafe.SafeLine(res.URL))
	default:
		fmt.Fprintf(inv.stdout, "added %s (%s)\n", termsafe.SafeLine(res.Name), termsafe.SafeLine(res.URL))
	}
	return nil
}

func newRemoveCmd(inv *invocation) *cobra.Command {
	return &cobra.Command{
		Use:   "remove URL",
		Short: "Remove a feed from the feed list and its articles from the cache",
		Long: `Remove a feed from the feed list and its articles from the cache. Starred
articles stay in the library. A feed of a sync account is unsubscribed on
its server.`,
		Args:              oneArg("remove needs one feed address (herald feeds lists them)"),
		ValidArgsFunction: firstArg(inv.completeFeeds(false)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return inv.withCache(func(ctx context.Context, a *app.App) error {
				removed, err := a.RemoveAnywhere(ctx, args[0])
				if err != nil {
					return err
				}
				if removed.Account != "" {
					fmt.Fprintf(inv.stdout, "unsubscribed on %s: %s\n", termsafe.SafeLine(removed.Account), termsafe.SafeLine(removed.URL))
					return nil
				}
				fmt.Fprintf(inv.stdout, "removed %s\n", termsafe.SafeLine(removed.URL))
				return nil
			})
		},
	}
}

func newImportCmd(inv *invocation) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Add the feeds of an OPML file, a newsboat urls file or a newsboat cache.db",
		Long: `Add every feed of an OPML 1.0/2.0 file (folders become tags) or a newsboat
urls file to the feed list. Feeds already in the list are skipped. newsboat's
query:, exec: and filter: lines are skipped with a warning and never run. A
file with an error changes nothing. - reads standard input.

Given newsboat's cache.db, herald brings its history along: every feed it
holds (added to the feed list when missing) and their articles, read or
unread as they were, flagged ones starred. Articles are matched by guid, so
importing again adds nothing, and an article herald already has keeps its
own marks. The newsboat file is only read.`,
		Example: `  herald import subscriptions.opml
  herald import ~/.newsboat/urls
  herald import ~/.newsboat/cache.db`,
		Args: oneArg("import needs one file (OPML, newsboat urls or cache.db), or - for standard input"),
		RunE: func(cmd *cobra.Command, args []string) error { return inv.runImport(args[0]) },
	}
}

func (inv *invocation) runImport(target string) error {
	if target != "-" && app.IsSQLite(target) {
		return inv.withCache(func(ctx context.Context, a *app.App) error {
			return inv.importNewsboatCache(ctx, a, target)
		})
	}
	data, err := app.ReadInput(target, inv.stdin)
	if err != nil {
		return fmt.Errorf("import %s: %s", termsafe.SafeLine(target), err)
	}
	a, err := inv.app()
	if err != nil {
		return err
	}
	res, err := a.Import(target, data)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(inv.stdout, termsafe.SafeLine(w))
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(inv.stdout, "already in your feed list: %s\n", termsafe.SafeLine(s))
	}
	fmt.Fprintf(inv.stdout, "imported %s (%d already present)\n", articles.Plural(res.Added, "feed"), len(res.Skipped))
	return nil
}

func (inv *invocation) importNewsboatCache(ctx context.Context, a *app.App, path string) error {
	res, err := a.ImportNewsboatCache(ctx, path)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(inv.stdout, termsafe.SafeLine(w))
	}
	fmt.Fprintf(inv.stdout, "imported newsboat's cache: %s (%d new to your feed list), %s (%d unread, %d starred)",
		articles.Plural(res.Feeds, "feed"), res.AddedFeeds, articles.Plural(res.Added, "new article"), res.Unread, res.Starred)
	if res.Present > 0 {
		fmt.Fprintf(inv.stdout, "; %s already in the cache, left as they were", articles.Plural(res.Present, "article"))
	}
	fmt.Fprintln(inv.stdout)
	return nil
}

func newExportCmd(inv *invocation) *cobra.Command {
	return &cobra.Command{
		Use:               "export",
		Short:             "Print the feed list as OPML 2.0",
		Long:              "Print the feed list as an OPML 2.0 document, tags as categories, for other feed readers.",
		Args:              cobra.NoArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := inv.app()
			if err != nil {
				return err
			}
			return a.Export(inv.stdout)
		},
	}
}
