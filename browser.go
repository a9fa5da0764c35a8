package main

import (
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
	"time"

	"github.com/cli/browser"
)

// browserGrace is how long openURL waits for a configured browser command
// before leaving it running: long enough to report a launcher that fails at
// once (a typo, a bad flag), short enough not to hold the status line.
const browserGrace = 750 * time.Millisecond

// openURL returns the function the UI calls to open a link. browserCmd is
// the configured command (config "browser", else $BROWSER); empty means the
// system opener. The command line is split on spaces and run directly,
// never through a shell, and the URL is always one argument of its own:
// it replaces a "%s" argument when there is one, else it comes last.
func openURL(browserCmd string) func(string) error {
	fields := strings.Fields(browserCmd)
	return func(rawURL string) error {
		// The UI checks too; this is the last line before a process starts.
		u, err := url.Parse(rawURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errors.New("only http and https links are opened")
		}
		link := u.String()
		if len(fields) == 0 {
			return browser.OpenURL(link)
		}
		return startBrowser(fields, link)
	}
}

func startBrowser(fields []string, link string) error {
	args := make([]string, 0, len(fields))
	placed := false
	for _, f := range fields[1:] {
		if f == "%s" {
			f, placed = link, true
		}
		args = append(args, f)
	}
	if !placed {
		args = append(args, link)
	}
	// Stdin, stdout and stderr stay nil (/dev/null): the TUI owns the
	// terminal and a browser's chatter would corrupt the screen.
	cmd := exec.Command(fields[0], args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", fields[0], err)
	}
	done := make(chan error, 1)
	// Waiting in a goroutine reaps the process whenever it exits, so a GUI
	// browser that keeps running leaves no zombie behind.
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%s: %w", fields[0], err)
		}
		return nil
	case <-time.After(browserGrace):
		return nil
	}
}
