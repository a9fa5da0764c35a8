package cli

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

func newReadCmd(inv *invocation) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "read TARGET",
		Short: "Open a file (.md, .txt, .html), a URL or - (stdin) in the reader",
		Long: `Open a Markdown, plain text or HTML file, a web page, or standard input (-)
in the reader. When the output is not a terminal the article is printed as
Markdown instead (or as JSON with --json), free of escape sequences.`,
		Example: `  herald read notes.md
  curl -s https://example.com/post.html | herald read - | less`,
		Args: oneArg("read needs one target: a file, a URL, or - for standard input"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return inv.runRead(args[0], asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the parsed article as JSON")
	return cmd
}

func (inv *invocation) runRead(target string, asJSON bool) error {
	if app.IsURL(target) && !asJSON && inv.isTerminal(inv.stdout) {
		// On a terminal the page downloads inside the TUI, which shows
		// its address and a spinner at once, and esc or ctrl+c stops it.
		if inv.offline {
			return fmt.Errorf("read %s: not reading a URL with --offline", termsafe.Safe(target))
		}
		cfg, err := inv.config()
		if err != nil {
			return err
		}
		return inv.startTUI(cfg, tuiStart{url: target})
	}
	art, err := inv.readTarget(target)
	if err != nil {
		return err
	}
	if asJSON {
		return writeArticleJSON(inv.stdout, art)
	}
	if !inv.isTerminal(inv.stdout) {
		// Markdown() is built from parsed, already safe text; filtering
		// again costs little and keeps the promise if a parser slips.
		_, err := io.WriteString(inv.stdout, termsafe.Safe(art.Markdown()))
		return err
	}
	cfg, err := inv.config()
	if err != nil {
		return err
	}
	return inv.startTUI(cfg, tuiStart{article: &art})
}

// readTarget reads a file, standard input or, with the settings' timeout
// and size cap, a web page.
func (inv *invocation) readTarget(target string) (articles.Article, error) {
	if !app.IsURL(target) {
		return app.ReadFile(target, inv.stdin)
	}
	if inv.offline {
		// Said before the config is read: the flag is enough to know.
		return articles.Article{}, fmt.Errorf("read %s: not reading a URL with --offline", termsafe.Safe(target))
	}
	a, err := inv.app()
	if err != nil {
		return articles.Article{}, err
	}
	ctx, stop := interruptible()
	defer stop()
	return a.ReadURL(ctx, target)
}

// articleJSON is the stable shape of "herald read --json", for scripts. It
// is spelled out here rather than taken from Article's tags so a change to
// the model cannot change the output by accident.
type articleJSON struct {
	Title     string        `json:"title"`
	URL       string        `json:"url"`
	Source    string        `json:"source"`
	Published string        `json:"published"` // RFC 3339, empty when unknown
	Sections  []sectionJSON `json:"sections"`
}

type sectionJSON struct {
	Title    string `json:"title"`
	Level    int    `json:"level"`
	Markdown string `json:"markdown"`
}

func writeArticleJSON(w io.Writer, art articles.Article) error {
	out := articleJSON{
		Title:    termsafe.Safe(art.Title),
		URL:      termsafe.Safe(art.URL),
		Source:   termsafe.Safe(art.Source),
		Sections: make([]sectionJSON, 0, len(art.Sections)),
	}
	if !art.Published.IsZero() {
		out.Published = art.Published.Format(time.RFC3339)
	}
	for _, s := range art.Sections {
		out.Sections = append(out.Sections, sectionJSON{
			Title:    termsafe.Safe(s.Title),
			Level:    s.Level,
			Markdown: termsafe.Safe(s.Markdown),
		})
	}
	return writeJSON(w, out)
}

// oneArg accepts exactly one argument and otherwise says, in why, what the
// command needs: cobra's own message names only the count.
func oneArg(why string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != 1 {
			return errors.New(why)
		}
		return nil
	}
}
