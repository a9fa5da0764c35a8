package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/cli/browser"
	"github.com/muesli/termenv"
	"golang.org/x/term"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/termsafe"
	"github.com/herald-reader/herald/ui"
)

// runLibrary opens the TUI on the library.
func (inv *invocation) runLibrary() error {
	if !inv.isTerminal(inv.stdout) {
		return errors.New("the library needs a terminal; to print an article use: herald read FILE")
	}
	cfg, err := inv.config()
	if err != nil {
		return err
	}
	return inv.startTUI(cfg, tuiStart{})
}

// tuiStart is what the TUI opens on: the library (zero), an article read
// from a file, or a web page it downloads itself.
type tuiStart struct {
	article *articles.Article
	url     string
}

// startTUI resolves the style, opens the library and runs the program,
// opening the reader on start when it is set.
func (inv *invocation) startTUI(cfg config.Config, start tuiStart) error {
	look, err := inv.resolveStyle(cfg.Style)
	if err != nil {
		return err
	}
	a, err := app.OpenLibrary(cfg, versionString(), app.WithIndexProgress(inv.indexProgress()))
	if err != nil {
		return err
	}
	defer a.Close()
	browserCmd := cfg.Browser
	if browserCmd == "" {
		browserCmd = inv.getenv("BROWSER")
	}
	// From the environment (TERM, COLORTERM), not by asking the terminal.
	profile := termenv.NewOutput(inv.stdout).EnvColorProfile()
	if look.NoColor {
		profile = termenv.Ascii
	}
	// A read-only cache can be browsed but not refreshed: the start-up
	// problem line says why, and r stays off.
	canRefresh := a.HasCache() && !cfg.Offline && !a.ReadOnly()
	opts := ui.Options{
		Backend:      a,
		OpenURL:      app.OpenURL(browserCmd),
		Play:         app.PlayURL(cfg.Player, browserCmd),
		Hyperlinks:   cfg.Hyperlinks,
		Style:        look.Name,
		Keys:         cfg.Keys,
		Theme:        cfg.Theme,
		ColorProfile: profile,
		Start:        start.article,
		StartURL:     start.url,
		Now:          time.Now,
		Problem:      a.Problem(),
		ProblemTag:   a.ProblemTag(),
		// OSC 52 goes to the program's own output: the terminal puts the
		// link on the clipboard, also over ssh.
		Copy:       ui.OSC52Copier(inv.stdout),
		HasFeeds:   a.HasCache(),
		CanRefresh: canRefresh,
		CanSync:    canRefresh && a.HasAccounts(),
		// Reading one file (herald read) is no reason to hit the network.
		RefreshOnStart: canRefresh && cfg.RefreshOnStart && (a.FeedCount() > 0 || a.HasAccounts()) && start == (tuiStart{}),
	}
	err = inv.runTUI(inv, opts, look)
	if opts.CanSync {
		inv.pushOnQuit(a)
	}
	return err
}

// quitPushTimeout bounds the push after the TUI: the user has asked to
// leave, so a slow server gets a few seconds, then the marks wait.
const quitPushTimeout = 5 * time.Second

// pushOnQuit sends the marks made in the TUI to their servers, now that the
// terminal is the user's again, so a phone sees them without waiting for
// the next sync. Whatever does not go out waits in the outbox, and says so.
func (inv *invocation) pushOnQuit(a *app.App) {
	ctx, cancel := context.WithTimeout(context.Background(), quitPushTimeout)
	defer cancel()
	for _, r := range a.PushOutbox(ctx) {
		if r.Err != nil {
			fmt.Fprintf(inv.stderr, "herald: %s: marks kept for the next sync: %s\n", termsafe.SafeLine(r.Account), oneLine(termsafe.Safe(r.Err.Error())))
		}
	}
}

// resolveStyle resolves a style value for this terminal.
func (inv *invocation) resolveStyle(value string) (config.Style, error) {
	return config.ResolveStyle(value, config.Terminal{
		NoColor:        inv.getenv("NO_COLOR") != "",
		IsTTY:          inv.isTerminal(inv.stdout),
		DarkBackground: inv.darkBackground,
	})
}

// runProgram runs the Bubble Tea program on the real terminal.
func runProgram(inv *invocation, opts ui.Options, _ config.Style) error {
	// Nothing but the program may write to the terminal while it runs:
	// library logs go to HERALD_DEBUG's file or nowhere, and the system
	// browser opener's chatter is dropped.
	if path := inv.getenv("HERALD_DEBUG"); path != "" {
		f, err := tea.LogToFile(path, "herald")
		if err != nil {
			return fmt.Errorf("HERALD_DEBUG %s: %s", path, config.DescribeFileError(err))
		}
		defer f.Close()
	} else {
		log.SetOutput(io.Discard)
	}
	browser.Stdout, browser.Stderr = io.Discard, io.Discard

	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithOutput(inv.stdout)}
	if inv.isTerminal(inv.stdin) {
		popts = append(popts, tea.WithInput(inv.stdin))
	} else {
		// "herald read -" has used stdin up; keys come from the terminal.
		popts = append(popts, tea.WithInputTTY())
	}
	final, err := tea.NewProgram(ui.New(opts), popts...).Run()
	if errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	if errors.Is(err, tea.ErrProgramPanic) {
		return errors.New("internal error: the interface crashed (HERALD_DEBUG=FILE logs details)")
	}
	if err != nil {
		return err
	}
	// Marks quitting could not wait for are said once the terminal is back.
	if m, ok := final.(ui.Model); ok && m.ExitNote() != "" {
		return errors.New(m.ExitNote())
	}
	return nil
}

func isTerminal(stream any) bool {
	f, ok := stream.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

func termWidth(stream any) int {
	f, ok := stream.(interface{ Fd() uintptr })
	if !ok {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}
