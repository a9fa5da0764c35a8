// Package cli is herald's command line: the cobra commands, their flags and
// their output (text, --json, a progress bar). The work itself is done by
// package app; the TUI by package ui.
package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/termsafe"
	"github.com/herald-reader/herald/ui"
)

// Main runs herald with the process's arguments and streams and returns the
// exit status.
func Main() int {
	return run(os.Args[1:], &invocation{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
		// Bubble Tea's init has already asked the terminal through
		// lipgloss's default renderer; this reads its answer rather than
		// asking a second time.
		darkBackground: lipgloss.HasDarkBackground,
		isTerminal:     isTerminal,
		termWidth:      termWidth,
		runTUI:         runProgram,
	})
}

// invocation is one run of herald: its streams, its view of the
// environment, the flags it was given, and the seams tests replace (the
// terminal checks and the Bubble Tea program itself).
type invocation struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// isTerminal reports whether a stream (stdin or stdout) is a terminal.
	isTerminal func(stream any) bool
	// termWidth is a terminal stream's width in cells, 0 when unknown.
	termWidth func(stream any) int
	// darkBackground asks the terminal for its background; it is called at
	// most once, before the program starts.
	darkBackground func() bool
	// runTUI runs the Bubble Tea program to the end.
	runTUI func(inv *invocation, opts ui.Options, look config.Style) error

	// Persistent flags.
	configPath string
	dbPath     string
	offline    bool
	style      string
}

// run executes herald with args and returns the exit status. Every error
// reaches the user as one "herald: ..." line on stderr.
func run(args []string, inv *invocation) (code int) {
	// A bug must not greet the user with a stack trace; the trace goes to
	// HERALD_DEBUG's file when one is set.
	defer func() {
		if r := recover(); r != nil {
			inv.recordPanic(r, debug.Stack())
			fmt.Fprintf(inv.stderr, "herald: internal error: %s (HERALD_DEBUG=FILE records details)\n", oneLine(termsafe.Safe(fmt.Sprint(r))))
			code = 1
		}
	}()
	cmd := newRootCmd(inv)
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		fmt.Fprintf(inv.stderr, "herald: %s\n", oneLine(termsafe.Safe(err.Error())))
		return 1
	}
	return 0
}

func newRootCmd(inv *invocation) *cobra.Command {
	root := &cobra.Command{
		Use:   "herald",
		Short: "A terminal news reader",
		Long: `herald is a terminal news reader. With no command it opens the library:
the articles bundled with herald and those cached from your feeds.`,
		Version:       readVersion().String(),
		Args:          unknownCommand,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return inv.runLibrary()
		},
	}
	root.SetIn(inv.stdin)
	root.SetOut(inv.stdout)
	root.SetErr(inv.stderr)
	root.SetVersionTemplate("herald {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w (see %s --help)", err, c.CommandPath())
	})

	pf := root.PersistentFlags()
	pf.StringVar(&inv.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/herald/config.toml)")
	pf.StringVar(&inv.dbPath, "db", "", "cache database (default $XDG_DATA_HOME/herald/herald.db)")
	pf.BoolVar(&inv.offline, "offline", false, "no network at all: show bundled and cached articles only")
	pf.StringVar(&inv.style, "style", "", `glamour style: "auto", a style name or a JSON style file`)

	root.AddCommand(newReadCmd(inv), newShowCmd(inv))
	root.AddCommand(newFeedCmds(inv)...)
	root.AddCommand(newManCmd(inv))
	addCompletionCmd(root)
	return root
}

// unknownCommand is the root's check of its arguments: it takes none, so a
// word here is a command herald does not have, and the closest one it has
// is suggested (cobra's own suggestion only runs for a root without Args).
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	// The nearest first: one typo away (or a prefix) before two, so "ad"
	// suggests add and not read as well.
	var s []string
	for d := 1; d <= 2 && len(s) == 0; d++ {
		cmd.SuggestionsMinimumDistance = d
		s = cmd.SuggestionsFor(args[0])
	}
	switch len(s) {
	case 0:
		return fmt.Errorf("%s (herald --help lists the commands)", msg)
	case 1:
		return fmt.Errorf("%s; did you mean %q?", msg, s[0])
	default:
		quoted := make([]string, len(s))
		for i, c := range s {
			quoted[i] = strconv.Quote(c)
		}
		return fmt.Errorf("%s; did you mean %s?", msg, strings.Join(quoted, " or "))
	}
}

func (inv *invocation) recordPanic(r any, stack []byte) {
	path := inv.getenv("HERALD_DEBUG")
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

// config loads the config file (creating it on first run when it is the
// default one) and applies the command line flags over it.
func (inv *invocation) config() (config.Config, error) {
	path, create := inv.configPath, false
	if path == "" {
		path, create = config.DefaultPath(inv.getenv), true
	}
	cfg, err := config.Load(path, create, uiSpec())
	if err != nil {
		return cfg, err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintf(inv.stderr, "herald: warning: %s\n", oneLine(termsafe.Safe(w)))
	}
	cfg.DBPath = inv.dbPath
	if cfg.DBPath == "" {
		cfg.DBPath = config.DefaultDBPath(inv.getenv)
	}
	cfg.Offline = inv.offline
	if inv.style != "" {
		cfg.Style = inv.style
	}
	return cfg, nil
}

// app is the App for commands that need no cache.
func (inv *invocation) app() (*app.App, error) {
	cfg, err := inv.config()
	if err != nil {
		return nil, err
	}
	return app.New(cfg, versionString()), nil
}

// oneLine keeps the first line of a message; the rest is library detail.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
