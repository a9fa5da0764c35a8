package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/articles"
)

func newShowCmd(inv *invocation) *cobra.Command {
	var full, asJSON bool
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Open a cached article (IDs as herald list --json prints them) in the reader",
		Long: `Open an article from the cache in the reader, or, when the output is not a
terminal, print it as herald read does: Markdown, or JSON with --json. It
shows the text the feed gave; --full shows the article's whole text from its
web page instead, read in reader mode and cached (with --offline only a full
text already cached). A page that cannot be read is one error line and exit
status 1; the feed's text stays as it was.`,
		Example: `  herald list --json | jq -r '.[0].id'
  herald show 42
  herald show 42 --full > article.md`,
		Args: oneArg("show needs one article id (herald list --json prints them)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return inv.runShow(args[0], full, asJSON)
		},
	}
	cmd.Flags().BoolVar(&full, "full", false, "the whole article from its web page, fetched and cached first")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the article as JSON (the shape of herald read --json)")
	return cmd
}

func (inv *invocation) runShow(id string, full, asJSON bool) error {
	var art articles.Article
	err := inv.withCache(func(ctx context.Context, a *app.App) error {
		var err error
		if art, err = a.Show(ctx, id, full); err != nil {
			return err
		}
		if !asJSON && inv.isTerminal(inv.stdout) && !art.Read {
			// Opened in the reader, as from the library, where opening
			// an article marks it read.
			if err := a.SetRead(ctx, []string{art.ID}, true); err != nil {
				return err
			}
			art.Read = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The cache is closed again: the reader opens the library itself.
	return inv.showArticle(art, asJSON, true)
}
