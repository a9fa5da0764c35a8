package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

func newFeedCmds(inv *invocation) []*cobra.Command {
	return []*cobra.Command{
		newFetchCmd(inv), newListCmd(inv), newFeedsCmd(inv), newSearchCmd(inv),
		newAddCmd(inv), newRemoveCmd(inv), newImportCmd(inv), newExportCmd(inv), newSyncCmd(inv),
	}
}

// interruptible is a context that Ctrl-C or SIGTERM cancels, so a fetch
// stops between feeds' transactions instead of dying inside one.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// withCache runs fn with a context Ctrl-C cancels and an App with the
// cache open: what every command that reads or writes the cache needs.
func (inv *invocation) withCache(fn func(ctx context.Context, a *app.App) error) error {
	cfg, err := inv.config()
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	a, err := app.Open(cfg, versionString(), app.WithIndexProgress(inv.indexProgress()))
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(ctx, a)
}

func newFetchCmd(inv *invocation) *cobra.Command {
	return &cobra.Command{
		Use:   "fetch",
		Short: "Refresh every feed in the feed list into the cache",
		Long: `Fetch every feed in the feed list and save new articles in the cache.
Prints a line per feed (new articles, not modified, or the reason it failed)
and a summary; on a terminal, a progress bar and then the failures. The exit
status is 1 when any feed failed. Ctrl-C stops the fetch; every feed already
fetched stays saved.`,
		Args:              cobra.NoArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(cmd *cobra.Command, _ []string) error { return inv.runFetch() },
	}
}

func (inv *invocation) runFetch() error {
	if inv.offline {
		return errors.New("fetch needs the network; --offline was given")
	}
	return inv.withCache(inv.fetch)
}

func (inv *invocation) fetch(ctx context.Context, a *app.App) error {
	var (
		total    int
		done     int
		failures []string
		each     func(app.FeedReport)
		finish   = func() {}
	)
	// The list is read by FetchList itself, so a feed removed once it is
	// read is not saved back; start says how many feeds it holds.
	start := func(n int) {
		total = n
		if inv.isTerminal(inv.stdout) && n > 0 {
			each, finish = inv.fetchProgress(n, &done, &failures)
			return
		}
		each = func(r app.FeedReport) {
			done++
			fmt.Fprintln(inv.stdout, fetchLine(r))
		}
	}
	sum, err := a.FetchList(ctx, start, func(r app.FeedReport) { each(r) })
	finish()
	if err != nil && done == 0 && ctx.Err() == nil {
		// Nothing was fetched (the cache or the list could not be
		// used): the error alone says why, without a summary of nothing.
		return err
	}
	if total == 0 {
		fmt.Fprintln(inv.stdout, "no feeds: add one with herald add URL")
		return nil
	}
	width := 0
	if inv.termWidth != nil {
		width = inv.termWidth(inv.stdout)
	}
	for _, f := range failures {
		fmt.Fprintln(inv.stdout, hangingWrap(f, width, fetchIndent))
	}
	if ctx.Err() != nil {
		return fmt.Errorf("fetch interrupted after %d of %d feeds; what was fetched is saved", done, total)
	}
	fmt.Fprintln(inv.stdout, "fetched "+summaryText(sum))
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d of %s failed", sum.Failed, articles.Plural(sum.Feeds, "feed"))
	}
	return nil
}

// summaryText is "6 feeds: 2 new articles, 3 not modified, 1 failed".
func summaryText(s app.Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", articles.Plural(s.Feeds, "feed"), articles.Plural(s.New, "new article"))
	if s.NotModified > 0 {
		fmt.Fprintf(&b, ", %d not modified", s.NotModified)
	}
	if s.Recovered > 0 {
		fmt.Fprintf(&b, ", %d recovered", s.Recovered)
	}
	fmt.Fprintf(&b, ", %d failed", s.Failed)
	if s.Removed > 0 {
		fmt.Fprintf(&b, ", %d removed meanwhile", s.Removed)
	}
	if s.FullText > 0 || s.FullTextFailed > 0 {
		fmt.Fprintf(&b, "; %s", fullTextCounts(s.FullText, s.FullTextFailed))
	}
	return b.String()
}

// fullTextCounts is "3 full texts" or "3 full texts, 1 page failed".
func fullTextCounts(got, failed int) string {
	text := articles.Plural(got, "full text")
	if failed > 0 {
		text += ", " + articles.Plural(failed, "page") + " failed"
	}
	return text
}

// fetchProgress draws a progress bar redrawn in place on one line; failures
// (and feeds recovered or removed) are kept for after it, so nothing
// scrolls while it runs.
func (inv *invocation) fetchProgress(total int, done *int, failures *[]string) (each func(app.FeedReport), finish func()) {
	bar := bar{width: 40}
	width := 0
	draw := func() {
		line := fmt.Sprintf("%s %d/%d feeds", bar.view(float64(*done)/float64(total)), *done, total)
		width = max(width, lipgloss.Width(line))
		fmt.Fprint(inv.stdout, "\r"+line)
	}
	draw()
	each = func(r app.FeedReport) {
		*done++
		if r.Err != nil || r.Recovered != "" || r.Removed {
			*failures = append(*failures, fetchLine(r))
		}
		draw()
	}
	// Blanks over the bar rather than an erase sequence: herald writes no
	// escape of its own.
	finish = func() { fmt.Fprint(inv.stdout, "\r"+strings.Repeat(" ", width)+"\r") }
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

// fetchIndent is how far a fetch line's continuation is indented: past
// its status word ("FAIL  ").
const fetchIndent = 6

// hangingWrap wraps line at spaces to width cells, indenting the lines
// after the first by indent, so a long reason on a terminal neither
// breaks mid-word nor runs back under the status words. width 0 (not a
// terminal, or unknown) leaves it one line, for scripts.
func hangingWrap(line string, width, indent int) string {
	if width <= indent+20 || ansi.StringWidth(line) <= width {
		return line
	}
	first, rest, _ := strings.Cut(ansi.Wrap(line, width, ""), "\n")
	if rest == "" {
		return first
	}
	pad := strings.Repeat(" ", indent)
	rest = ansi.Wrap(strings.ReplaceAll(rest, "\n", " "), width-indent, "")
	return first + "\n" + pad + strings.ReplaceAll(rest, "\n", "\n"+pad)
}

// fetchLine is one feed's outcome: "ok    BBC News  3 new (0.4s)".
func fetchLine(r app.FeedReport) string {
	name := termsafe.SafeLine(r.Title)
	if name == "" {
		name = termsafe.SafeLine(r.URL)
	}
	switch {
	case r.Err != nil:
		return fmt.Sprintf("FAIL  %s  %s", name, termsafe.SafeLine(r.Err.Error()))
	case r.Removed:
		return fmt.Sprintf("gone  %s  removed while it was being fetched; nothing saved", name)
	case r.NotModified && (r.FullText > 0 || r.FullTextFailed > 0):
		return fmt.Sprintf("same  %s  not modified, %s", name, fullTextCounts(r.FullText, r.FullTextFailed))
	case r.NotModified:
		return fmt.Sprintf("same  %s  not modified", name)
	case r.Recovered != "":
		return fmt.Sprintf("fixed %s  %d new (%.1fs); recovered: %s", name, r.New, r.Duration.Seconds(), termsafe.SafeLine(r.Recovered))
	}
	if r.FullText > 0 || r.FullTextFailed > 0 {
		return fmt.Sprintf("ok    %s  %d new, %s (%.1fs)", name, r.New, fullTextCounts(r.FullText, r.FullTextFailed), r.Duration.Seconds())
	}
	return fmt.Sprintf("ok    %s  %d new (%.1fs)", name, r.New, r.Duration.Seconds())
}
