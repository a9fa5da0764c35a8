package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/feed"
	"github.com/herald-reader/herald/termsafe"
)

// maxReadSize caps what "herald read" loads: far above any article, low
// enough that a wrong file (a disk image, /dev/zero) fails fast.
const maxReadSize = 32 << 20

func newReadCmd(a *app) *cobra.Command {
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
			return a.runRead(args[0], asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the parsed article as JSON")
	return cmd
}

func (a *app) runRead(target string, asJSON bool) error {
	art, err := a.loadTarget(target)
	if err != nil {
		return err
	}
	if asJSON {
		return writeArticleJSON(a.stdout, art)
	}
	if !a.isTerminal(a.stdout) {
		// Markdown() is built from parsed, already safe text; filtering
		// again costs little and keeps the promise if a parser slips.
		_, err := io.WriteString(a.stdout, termsafe.Safe(art.Markdown()))
		return err
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	return a.startTUI(cfg, &art)
}

// loadTarget reads and parses a file, standard input ("-") or a URL. Its
// errors are complete sentences for the one stderr line.
func (a *app) loadTarget(target string) (articles.Article, error) {
	shown := termsafe.Safe(target)
	lower := strings.ToLower(target)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		if a.offline {
			return articles.Article{}, fmt.Errorf("read %s: not reading a URL with --offline", shown)
		}
		return a.loadURL(target)
	}

	src, err := a.readTarget(target)
	if err != nil {
		return articles.Article{}, fmt.Errorf("read %s: %s", shown, err)
	}
	// Parse rejects empty input too; checking here gives the same message
	// for a file of nothing but blank lines whatever the parser decides.
	if len(strings.TrimSpace(string(src))) == 0 {
		return articles.Article{}, fmt.Errorf("read %s: %s", shown, parseFailure(target, articles.ErrEmpty))
	}
	art, err := articles.Parse(target, src)
	if err != nil {
		return articles.Article{}, fmt.Errorf("read %s: %s", shown, parseFailure(target, err))
	}
	if art.Source == "" && target != "-" {
		art.Source = termsafe.Safe(filepath.Base(target))
	}
	return art, nil
}

// parseFailure words a parser error for the one stderr line.
func parseFailure(target string, err error) string {
	if target == "-" {
		switch {
		case errors.Is(err, articles.ErrEmpty):
			return "standard input is empty"
		case errors.Is(err, articles.ErrBinary):
			return "standard input is not text"
		}
	}
	switch {
	case errors.Is(err, articles.ErrEmpty):
		return articles.ErrEmpty.Error()
	case errors.Is(err, articles.ErrBinary):
		return articles.ErrBinary.Error()
	}
	return termsafe.Safe(err.Error())
}

// readFile reads a local file up to maxReadSize, refusing directories.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errors.New(describeFileError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, errors.New(describeFileError(err))
	}
	if info.IsDir() {
		return nil, errors.New("is a directory, not a file")
	}
	if info.Mode().IsRegular() && info.Size() > maxReadSize {
		return nil, tooLarge()
	}
	// Pipes and devices have no size; the cap applies while reading.
	return readCapped(f)
}

// readTarget reads a file, or standard input for "-", under the size cap.
func (a *app) readTarget(target string) ([]byte, error) {
	if target == "-" {
		return readCapped(a.stdin)
	}
	return readFile(target)
}

func readCapped(r io.Reader) ([]byte, error) {
	src, err := io.ReadAll(io.LimitReader(r, maxReadSize+1))
	if err != nil {
		return nil, errors.New(describeFileError(err))
	}
	if len(src) > maxReadSize {
		return nil, tooLarge()
	}
	return src, nil
}

func tooLarge() error {
	return fmt.Errorf("is larger than %d MiB, too large to be an article", maxReadSize>>20)
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

// loadURL fetches a web page and extracts its main text (reader mode) under
// the configured timeout and size cap.
func (a *app) loadURL(target string) (articles.Article, error) {
	shown := termsafe.Safe(target)
	cfg, err := a.config()
	if err != nil {
		return articles.Article{}, err
	}
	ctx, stop := interruptible()
	defer stop()
	art, err := feed.FetchPage(ctx, newFetcher(cfg), target)
	if err != nil {
		return articles.Article{}, fmt.Errorf("read %s: %s", shown, termsafe.Safe(err.Error()))
	}
	if art.ID == "" {
		art.ID = target
	}
	if art.Source == "" {
		if u, err := url.Parse(target); err == nil {
			art.Source = termsafe.Safe(u.Hostname())
		}
	}
	return art, nil
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
