package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/termsafe"
)

// completionTimeout is a safety net: a completion is a person waiting at
// a prompt, and reading the feed list and one query take milliseconds.
const completionTimeout = 250 * time.Millisecond

// completionConfig is the paths a completion reads, from the flags and the
// environment alone: a completion never loads, creates or validates the
// config file, so it cannot fail on it or leave one behind.
func (inv *invocation) completionConfig() config.Config {
	cfg := config.Defaults()
	cfg.File = inv.configPath
	if cfg.File == "" {
		cfg.File = config.DefaultPath(inv.getenv)
	}
	cfg.DBPath = inv.dbPath
	if cfg.DBPath == "" {
		cfg.DBPath = config.DefaultDBPath(inv.getenv)
	}
	return cfg
}

// addCompletionCmd adds cobra's completion command (bash, zsh, fish and
// powershell scripts that ask herald itself for the candidates) and makes a
// shell it does not know an error rather than its help.
func addCompletionCmd(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Args = func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("no completion for the shell %q (bash, zsh, fish or powershell)", args[0])
			}
			return nil
		}
		c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	}
}

// completeFeeds completes a feed: the feed list's URLs, each described by
// its title, and with titles set the titles too (for --feed, which takes
// either). It stays silent on every error: the shell then offers nothing,
// and never files, since no feed is a file.
func (inv *invocation) completeFeeds(titles bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		const directive = cobra.ShellCompDirectiveNoFileComp
		ctx, cancel := context.WithTimeout(cmd.Context(), completionTimeout)
		defer cancel()
		feeds, err := app.KnownFeeds(ctx, inv.completionConfig())
		if err != nil {
			return nil, directive
		}
		var out []cobra.Completion
		lower := strings.ToLower(toComplete)
		for _, f := range feeds {
			// Completions reach the terminal through the shell: no
			// escapes, and no tab or newline, which end a completion.
			u, title := termsafe.SafeLine(f.URL), termsafe.SafeLine(f.Title)
			if strings.HasPrefix(u, toComplete) {
				out = append(out, cobra.CompletionWithDesc(u, title))
			}
			if titles && title != "" && strings.HasPrefix(strings.ToLower(title), lower) {
				out = append(out, cobra.CompletionWithDesc(title, u))
			}
		}
		return out, directive
	}
}

// completeAccounts completes --account with the names of the config's
// [[account]] tables. The config is read, never created; a missing or
// broken one offers nothing.
func (inv *invocation) completeAccounts(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	cfg, err := config.Load(inv.completionConfig().File, false, uiSpec())
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, a := range cfg.Accounts {
		if name := termsafe.SafeLine(a.Name); strings.HasPrefix(name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(name, termsafe.SafeLine(a.Type+" "+a.URL)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// firstArg completes the first positional argument with complete and
// nothing after it, for the commands that take one.
func firstArg(complete cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return complete(cmd, args, toComplete)
	}
}
