// Command herald is a terminal news reader: it shows articles bundled in the
// binary, local files and (later) feeds, split into sections, with the
// selected section rendered as styled Markdown.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"runtime/debug"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/cli/browser"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/feed"
	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/termsafe"
	"github.com/herald-reader/herald/ui"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], newApp()))
}

// app is one invocation of herald: its streams, its view of the
// environment, the flags it was given, and the seams tests replace (the
// terminal checks and the Bubble Tea program itself).
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// isTerminal reports whether a stream (stdin or stdout) is a terminal.
	isTerminal func(stream any) bool
	// darkBackground asks the terminal for its background; it is called at
	// most once, before the program starts.
	darkBackground func() bool
	// runTUI runs the Bubble Tea program to the end.
	runTUI func(a *app, opts ui.Options, look style) error

	// Persistent flags.
	configPath string
	dbPath     string
	offline    bool
	style      string
}

func newApp() *app {
	return &app{
		stdin:          os.Stdin,
		stdout:         os.Stdout,
		stderr:         os.Stderr,
		getenv:         os.Getenv,
		isTerminal:     isTerminal,
		darkBackground: termenv.HasDarkBackground,
		runTUI:         runProgram,
	}
}

// run executes herald with args and returns the exit status. Every error
// reaches the user as one "herald: ..." line on stderr.
func run(args []string, a *app) (code int) {
	// A bug must not greet the user with a stack trace; the trace goes to
	// HERALD_DEBUG's file when one is set.
	defer func() {
		if r := recover(); r != nil {
			a.recordPanic(r, debug.Stack())
			fmt.Fprintf(a.stderr, "herald: internal error: %s (HERALD_DEBUG=FILE records details)\n", oneLine(termsafe.Safe(fmt.Sprint(r))))
			code = 1
		}
	}()
	cmd := newRootCmd(a)
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		fmt.Fprintf(a.stderr, "herald: %s\n", oneLine(termsafe.Safe(err.Error())))
		return 1
	}
	return 0
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "herald",
		Short: "A terminal news reader",
		Long: `herald is a terminal news reader. With no command it opens the library:
the articles bundled with herald and those cached from your feeds.`,
		Version:       versionString(),
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runLibrary()
		},
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetVersionTemplate("herald {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w (see %s --help)", err, c.CommandPath())
	})
	// The completion command would be the only one users did not ask for.
	root.CompletionOptions.DisableDefaultCmd = true

	pf := root.PersistentFlags()
	pf.StringVar(&a.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/herald/config.toml)")
	pf.StringVar(&a.dbPath, "db", "", "cache database (default $XDG_DATA_HOME/herald/herald.db)")
	pf.BoolVar(&a.offline, "offline", false, "no network at all: show bundled and cached articles only")
	pf.StringVar(&a.style, "style", "", `glamour style: "auto", a style name or a JSON style file`)

	root.AddCommand(newReadCmd(a))
	root.AddCommand(newFeedCmds(a)...)
	return root
}

func (a *app) recordPanic(r any, stack []byte) {
	path := a.getenv("HERALD_DEBUG")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "herald %s: panic: %v\n%s\n", versionString(), r, stack)
}

// versionString is the -ldflags version, else the module version recorded
// by "go install module@version", else "dev".
func versionString() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return version
}

// config loads the config file (creating it on first run when it is the
// default one) and applies the command line flags over it.
func (a *app) config() (Config, error) {
	path, create := a.configPath, false
	if path == "" {
		path, create = defaultConfigPath(a.getenv), true
	}
	cfg, err := loadConfig(path, create)
	if err != nil {
		return cfg, err
	}
	cfg.DBPath = a.dbPath
	if cfg.DBPath == "" {
		cfg.DBPath = defaultDBPath(a.getenv)
	}
	cfg.Offline = a.offline
	if a.style != "" {
		cfg.Style = a.style
	}
	return cfg, nil
}

// library is what the TUI reads: the bundled articles and the cache, with
// the feed list, or the bundled articles alone when the cache cannot open.
type library struct {
	backend ui.Backend
	store   *store.Store // nil without a cache
	entries []feed.Entry
	// problem says why the cache or feed list is missing; the TUI shows it.
	problem string
}

// openLibrary opens the cache and reads the feed list. A cache that cannot
// open (another herald's newer schema, a broken file) does not stop the
// reader: the bundled articles still show, with the reason in the status line.
func openLibrary(cfg Config) (library, func(), error) {
	bundled, err := articles.Bundled()
	if err != nil {
		return library{}, func() {}, fmt.Errorf("bundled articles: %w", err)
	}
	mem := ui.NewMemoryBackend(bundled)
	st, err := store.Open(cfg.DBPath)
	if err != nil {
		return library{backend: mem, problem: "cache unavailable: " + err.Error()}, func() {}, nil
	}
	lib := library{backend: cacheBackend{store: st, bundled: mem}, store: st}
	if lib.entries, err = readFeedList(cfg); err != nil {
		lib.problem = err.Error()
	}
	return lib, func() { st.Close() }, nil
}

// runLibrary opens the TUI on the library.
func (a *app) runLibrary() error {
	if !a.isTerminal(a.stdout) {
		return errors.New("the library needs a terminal; to print an article use: herald read FILE")
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	return a.startTUI(cfg, nil)
}

// startTUI resolves the style, opens the backend and runs the program,
// opening the reader on start when it is set.
func (a *app) startTUI(cfg Config, start *articles.Article) error {
	look, err := a.resolveStyle(cfg.Style)
	if err != nil {
		return err
	}
	lib, cleanup, err := openLibrary(cfg)
	if err != nil {
		return err
	}
	defer cleanup()
	browserCmd := cfg.Browser
	if browserCmd == "" {
		browserCmd = a.getenv("BROWSER")
	}
	opts := ui.Options{
		Backend: lib.backend,
		OpenURL: openURL(browserCmd),
		Style:   look.name,
		Start:   start,
		Now:     time.Now,
		Problem: lib.problem,
		// OSC 52 goes to the program's own output: the terminal puts the
		// link on the clipboard, also over ssh.
		Copy: ui.OSC52Copier(a.stdout),
	}
	if st := lib.store; st != nil {
		opts.Feeds = func(ctx context.Context) ([]ui.FeedStatus, error) {
			if entries, err := readFeedList(cfg); err == nil {
				// Best effort: the view still shows the cache's feeds
				// when another herald holds the write lock too long.
				_ = ensureFeeds(ctx, st, entries)
			}
			return feedStatuses(ctx, st)
		}
		if !cfg.Offline {
			opts.Refresh = func(ctx context.Context, progress chan<- ui.RefreshProgress) {
				refreshTUI(ctx, cfg, st, progress)
			}
			// Reading one file (herald read) is no reason to hit the network.
			opts.RefreshOnStart = cfg.RefreshOnStart && len(lib.entries) > 0 && start == nil
		}
	}
	return a.runTUI(a, opts, look)
}

// runProgram runs the Bubble Tea program on the real terminal.
func runProgram(a *app, opts ui.Options, look style) error {
	// Nothing but the program may write to the terminal while it runs:
	// library logs go to HERALD_DEBUG's file or nowhere, and the system
	// browser opener's chatter is dropped.
	if path := a.getenv("HERALD_DEBUG"); path != "" {
		f, err := tea.LogToFile(path, "herald")
		if err != nil {
			return fmt.Errorf("HERALD_DEBUG %s: %s", path, describeFileError(err))
		}
		defer f.Close()
	} else {
		log.SetOutput(io.Discard)
	}
	browser.Stdout, browser.Stderr = io.Discard, io.Discard
	if look.noColor {
		lipgloss.SetColorProfile(termenv.Ascii)
	}

	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithOutput(a.stdout)}
	if a.isTerminal(a.stdin) {
		popts = append(popts, tea.WithInput(a.stdin))
	} else {
		// "herald read -" has used stdin up; keys come from the terminal.
		popts = append(popts, tea.WithInputTTY())
	}
	_, err := tea.NewProgram(ui.New(opts), popts...).Run()
	if errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	if errors.Is(err, tea.ErrProgramPanic) {
		return errors.New("internal error: the interface crashed (HERALD_DEBUG=FILE logs details)")
	}
	return err
}

func isTerminal(stream any) bool {
	f, ok := stream.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

// oneLine keeps the first line of a message; the rest is library detail.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
