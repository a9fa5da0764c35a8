package app

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/cli/browser"
	"github.com/herald-reader/herald/termsafe"
)

// browserGrace is how long openURL waits for a configured browser command
// before leaving it running: long enough to report a launcher that fails at
// once (a typo, a bad flag), short enough not to hold the status line.
const browserGrace = 750 * time.Millisecond

// OpenURL returns the function the UI calls to open a link. browserCmd is
// the configured command (config "browser", else $BROWSER); empty means the
// system opener, github.com/cli/browser: xdg-open and friends on Linux and
// BSD, open on macOS, and on Windows ShellExecute, a system call, not
// "cmd /c start", so a URL's & never reaches a shell. A configured command
// line is split on spaces and run directly, never through a shell, and the
// URL is always one argument of its own: it replaces a "%s" argument when
// there is one, else it comes last.
func OpenURL(browserCmd string) func(string) error {
	return openWith(strings.Fields(browserCmd))
}

// PlayURL returns the function the UI calls to play an attachment:
// playerCmd (config "player") run like the browser command, the URL its
// last argument or in place of "%s"; an empty player opens the attachment
// in the browser (browserCmd, as OpenURL takes it).
func PlayURL(playerCmd, browserCmd string) func(string) error {
	if strings.TrimSpace(playerCmd) == "" {
		return OpenURL(browserCmd)
	}
	return openWith(strings.Fields(playerCmd))
}

// openWith runs fields (empty: the system opener) on a web URL.
func openWith(fields []string) func(string) error {
	return func(rawURL string) error {
		// The UI checks too; this is the last line before a process starts.
		if !termsafe.IsWebURL(rawURL) {
			return errors.New("only http and https links are opened")
		}
		link := rawURL
		if len(fields) == 0 {
			return graced(func() error { return browser.OpenURL(link) })
		}
		return startBrowser(fields, link)
	}
}

// graced runs open and returns its error if it ends within browserGrace,
// else nil: the system opener waits on its helper (xdg-open and the like),
// which may never exit, and the status line must not wait with it.
func graced(open func() error) error {
	done := make(chan error, 1)
	go func() { done <- open() }()
	select {
	case err := <-done:
		return err
	case <-time.After(browserGrace):
		return nil
	}
}

// checkLauncher refuses, on Windows, a browser command that Windows would
// run through cmd.exe (a .bat or .cmd file, or cmd itself): cmd.exe reads
// a link's & as the end of one command and the start of another.
func checkLauncher(goos, name string) error {
	if goos != "windows" {
		return nil
	}
	base := strings.ToLower(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	switch {
	case strings.HasSuffix(base, ".bat"), strings.HasSuffix(base, ".cmd"), base == "cmd", base == "cmd.exe":
		return fmt.Errorf("%s runs through cmd.exe, which would read a link's & as a command; set browser to the browser's .exe (or leave it empty for the system's)", name)
	}
	return nil
}

func startBrowser(fields []string, link string) error {
	if err := checkLauncher(runtime.GOOS, fields[0]); err != nil {
		return err
	}
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
	// Waiting reaps the process whenever it exits, so a GUI browser that
	// keeps running leaves no zombie behind.
	return graced(func() error {
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("%s: %w", fields[0], err)
		}
		return nil
	})
}
