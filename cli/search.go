package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

func newSearchCmd(inv *invocation) *cobra.Command {
	var (
		opts   app.SearchOptions
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search the text of every cached article",
		Long: `Search the titles, authors, feed names and text of every cached article,
best match first: a word in the title counts for more than the same word in
the text. Each match is one line: an unread mark (●), a star (★) when
starred, the date, the feed, the title and a snippet of the text.

The query is SQLite FTS5's syntax: words (all of them must be there),
"a phrase", prefix* , OR, NOT, parentheses, and title:, author:, feed: or
text: before a word to look only there. Words are matched without regard to
case or accents; Chinese and Japanese are found anywhere in the text.
Several arguments are one query. No match prints nothing.`,
		Example: `  herald search volcano
  herald search '"climate change" NOT opinion' --unread
  herald search 'title:rust*' --feed "Hacker News" --limit 5`,
		Args: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(strings.Join(args, " ")) == "" {
				return fmt.Errorf("search needs something to look for (see %s --help)", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return inv.withCache(func(ctx context.Context, a *app.App) error {
				return inv.search(ctx, a, strings.Join(args, " "), opts, asJSON)
			})
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.Unread, "unread", false, "only unread articles")
	f.BoolVar(&opts.Starred, "starred", false, "only starred articles")
	f.StringVar(&opts.Feed, "feed", "", "only this feed's articles (its URL or title)")
	f.IntVar(&opts.Limit, "limit", 20, "at most this many matches")
	f.BoolVar(&asJSON, "json", false, `print a JSON array of {"id","feed","title","url","published","read","starred","snippet","rank"}`)
	return cmd
}

// searchJSON is the stable shape of "herald search --json", for scripts.
type searchJSON struct {
	ID        string  `json:"id"`
	Feed      string  `json:"feed"` // the feed's URL
	Title     string  `json:"title"`
	URL       string  `json:"url"`
	Published string  `json:"published"` // RFC 3339, "" when unknown
	Read      bool    `json:"read"`
	Starred   bool    `json:"starred"`
	Snippet   string  `json:"snippet"`
	Rank      float64 `json:"rank"` // bm25: lower is a better match
}

func (inv *invocation) search(ctx context.Context, a *app.App, query string, opts app.SearchOptions, asJSON bool) error {
	if opts.Limit < 1 {
		return fmt.Errorf("--limit must be at least 1, not %d", opts.Limit)
	}
	// Articles saved since the index last caught up (by herald fetch, say)
	// are taken in first; that can take a moment after a large fetch.
	if err := a.IndexPending(ctx, inv.indexProgress()); err != nil {
		return err
	}
	hits, err := a.SearchWith(ctx, query, opts)
	var partial *articles.NotSearchedError
	if errors.As(err, &partial) {
		// What was found is still printed; the warning says what is missing.
		defer fmt.Fprintf(inv.stderr, "herald: warning: %s\n", partial.Error())
	} else if err != nil {
		return err
	}
	if asJSON {
		out := make([]searchJSON, 0, len(hits))
		for _, h := range hits {
			art := h.Article
			j := searchJSON{
				ID: art.ID, Feed: termsafe.Safe(art.FeedURL), Title: termsafe.Safe(art.Title), URL: termsafe.Safe(art.URL),
				Read: art.Read, Starred: art.Starred, Snippet: h.Snippet.Text, Rank: h.Rank,
			}
			if !art.Published.IsZero() {
				j.Published = art.Published.Format(time.RFC3339)
			}
			out = append(out, j)
		}
		return writeJSON(inv.stdout, out)
	}
	bold := func(s string) string { return s }
	if inv.isTerminal(inv.stdout) && inv.getenv("NO_COLOR") == "" {
		// Bold needs no colour, so the profile from the environment is
		// enough and the terminal is never asked anything.
		r := lipgloss.NewRenderer(inv.stdout)
		r.SetColorProfile(termenv.ANSI)
		st := r.NewStyle().Bold(true)
		bold = func(s string) string { return st.Render(s) }
	}
	for _, h := range hits {
		line := articleLine(h.Article)
		if s := markSnippet(h.Snippet, bold); s != "" {
			line += "  —  " + s
		}
		fmt.Fprintln(inv.stdout, line)
	}
	return nil
}

// markSnippet is the snippet with what matched passed through mark.
func markSnippet(s articles.Snippet, mark func(string) string) string {
	var b strings.Builder
	pos := 0
	for _, m := range s.Marks {
		b.WriteString(s.Text[pos:m.Start])
		b.WriteString(mark(s.Text[m.Start:m.End]))
		pos = m.End
	}
	b.WriteString(s.Text[pos:])
	return b.String()
}

// indexProgress reports the search index taking in articles on stderr, once
// it has taken more than a second: on a terminal one line redrawn in place,
// else a line when it starts to show and one when it is done.
func (inv *invocation) indexProgress() app.IndexProgress {
	shown, width := false, 0
	tty := inv.isTerminal(inv.stderr)
	return func(done, total int, elapsed time.Duration) {
		if !shown && (elapsed < time.Second || done == total) {
			return
		}
		line := fmt.Sprintf("herald: indexing articles for search: %d of %d", done, total)
		switch {
		case tty:
			width = max(width, len(line))
			fmt.Fprint(inv.stderr, "\r"+line+strings.Repeat(" ", width-len(line)))
			if done == total {
				fmt.Fprintf(inv.stderr, " (%.0f s)\n", elapsed.Seconds())
			}
		case !shown:
			fmt.Fprintln(inv.stderr, line+"…")
		case done == total:
			fmt.Fprintf(inv.stderr, "herald: indexed %s for search in %.0f s\n", articles.Plural(total, "article"), elapsed.Seconds())
		}
		shown = true
	}
}
