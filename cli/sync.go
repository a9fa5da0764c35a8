package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/termsafe"
)

func newSyncCmd(inv *invocation) *cobra.Command {
	var account string
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Two-way sync with the accounts in config.toml",
		Long: `Sync with the servers of the [[account]] tables in config.toml (Miniflux, or
any Google Reader API server such as FreshRSS). Marks made here go up first,
then the server's feeds, new entries and changed marks come down; a mark
made here that the server has not taken yet wins over the server's.

Prints a line per account: what went up and what came down. When an account
fails, its line says why, the marks wait for the next sync, and the exit
status is 1.`,
		Example: `  herald sync
  herald sync --account home`,
		Args:              cobra.NoArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return inv.withCache(func(ctx context.Context, a *app.App) error {
				_, err := a.SyncAccounts(ctx, account, func(r app.SyncReport) {
					fmt.Fprintln(inv.stdout, termsafe.SafeLine(r.String()))
				})
				return err
			})
		},
	}
	cmd.Flags().StringVar(&account, "account", "", "sync only this account (its name in config.toml)")
	_ = cmd.RegisterFlagCompletionFunc("account", inv.completeAccounts)
	return cmd
}

// runAddToAccount is herald add URL --account NAME.
func (inv *invocation) runAddToAccount(raw, account string) error {
	return inv.withCache(func(ctx context.Context, a *app.App) error {
		r, err := a.AddToAccount(ctx, raw, account)
		if err != nil {
			return err
		}
		fmt.Fprintf(inv.stdout, "subscribed on %s: %s\n", termsafe.SafeLine(account), termsafe.SafeLine(raw))
		fmt.Fprintln(inv.stdout, termsafe.SafeLine(r.String()))
		return nil
	})
}
