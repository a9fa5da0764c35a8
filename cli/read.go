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
	var asJSON, whole bool
	cmd := &cobra.Command{
		Use:   "read TARGET",
		Short: "Open a file (.md, .txt, .html), a URL or - (stdin) in the reader",
		Long: `Open a Markdown, plain text or HTML file, a web page, or standard input (-)
in the reader. A web page, local or not, is read in reader mode: its main
text without navigation, sidebars and footers (--whole keeps all of it).
When the output is not a terminal the article is printed as Markdown instead
(or as JSON with --json), free of escape sequences.`,
		Example: `  herald read notes.md
  herald read saved-page.html
  curl -s https://example.com/post.html | herald read - | less`,
		Args: oneArg("read needs one target: a file, a URL, or - for standard input"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return inv.runRead(args[0], asJSON, whole)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the parsed article as JSON")
	cmd.Flags().BoolVar(&whole, "whole", false, "keep the whole web page, not only its main text")
	return cmd
}

func (inv *invocation) runRead(target string, asJSON, whole bool) error {
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
		cfg.WholePage = whole
		return inv.startTUI(cfg, tuiStart{url: target})
	}
	art, err := inv.readTarget(target, whole)
	if err != nil {
		return err
	}
	return inv.showArticle(art, asJSON, false)
}

// showArticle prints art as JSON, as Markdown when the output is not a
// terminal, or opens it in the reader: what read and show both do. cached
// says art is in the cache; a file or a page has no id of herald's.
func (inv *invocation) showArticle(art articles.Article, asJSON, cached bool) error {
	if asJSON {
		if !cached {
			art.ID = ""
		}
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
func (inv *invocation) readTarget(target string, whole bool) (articles.Article, error) {
	if !app.IsURL(target) {
		return app.ReadFile(target, inv.stdin, whole)
	}
	if inv.offline {
		// Said before the config is read: the flag is enough to know.
		return articles.Article{}, fmt.Errorf("read %s: not reading a URL with --offline", termsafe.Safe(target))
	}
	cfg, err := inv.config()
	if err != nil {
		return articles.Article{}, err
	}
	cfg.WholePage = whole
	a := app.New(cfg, versionString())
	ctx, stop := interruptible()
	defer stop()
	return a.ReadURL(ctx, target)
}

// articleJSON is the stable shape of "herald read --json" and "herald show
// --json", for scripts. It is spelled out here rather than taken from
// Article's tags so a change to the model cannot change the output by
// accident.
type articleJSON struct {
	ID         string          `json:"id"` // herald's, "" for a file or a page
	Title      string          `json:"title"`
	URL        string          `json:"url"`
	Source     string          `json:"source"`
	Feed       string          `json:"feed"` // the feed's URL, "" for a file or a page
	Author     string          `json:"author"`
	Published  string          `json:"published"` // RFC 3339, empty when unknown
	FullText   bool            `json:"full_text"`
	Sections   []sectionJSON   `json:"sections"`
	Links      []linkJSON      `json:"links"`
	Enclosures []enclosureJSON `json:"enclosures"`
}

type sectionJSON struct {
	Title    string `json:"title"`
	Level    int    `json:"level"`
	Markdown string `json:"markdown"`
}

type linkJSON struct {
	N    int    `json:"n"`
	Text string `json:"text"`
	URL  string `json:"url"`
}

// enclosureJSON is an attachment: length in bytes and duration in seconds,
// 0 when unknown.
type enclosureJSON struct {
	URL      string `json:"url"`
	Type     string `json:"type"`
	Length   int64  `json:"length"`
	Duration int64  `json:"duration"`
}

func enclosuresJSON(list []articles.Enclosure) []enclosureJSON {
	out := make([]enclosureJSON, 0, len(list))
	for _, e := range list {
		out = append(out, enclosureJSON{
			URL: termsafe.Safe(e.URL), Type: termsafe.Safe(e.Type),
			Length: e.Length, Duration: int64(e.Duration / time.Second),
		})
	}
	return out
}

func writeArticleJSON(w io.Writer, art articles.Article) error {
	out := articleJSON{
		ID:         termsafe.Safe(art.ID),
		Title:      termsafe.Safe(art.Title),
		URL:        termsafe.Safe(art.URL),
		Source:     termsafe.Safe(art.Source),
		Feed:       termsafe.Safe(art.FeedURL),
		Author:     termsafe.Safe(art.Author),
		FullText:   art.FullText,
		Sections:   make([]sectionJSON, 0, len(art.Sections)),
		Links:      make([]linkJSON, 0, len(art.Links)),
		Enclosures: enclosuresJSON(art.Enclosures),
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
	for _, l := range art.Links {
		out.Links = append(out.Links, linkJSON{N: l.N, Text: termsafe.Safe(l.Text), URL: termsafe.Safe(l.URL)})
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
