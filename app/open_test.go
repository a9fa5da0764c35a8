package app

import (
	"errors"
	"strings"
	"testing"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/fetch"
)

func TestSystemOpenerThatNeverReturnsDoesNotHang(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	if err := graced(func() error { <-block; return nil }); err != nil {
		t.Fatalf("a launcher still running is not an error: %v", err)
	}
	if err := graced(func() error { return errors.New("no opener found") }); err == nil || err.Error() != "no opener found" {
		t.Fatalf("a launcher that fails at once must say why, got %v", err)
	}
}

func TestWindowsLauncherNeverGoesThroughCmd(t *testing.T) {
	for _, tc := range []struct {
		goos, name string
		refused    bool
	}{
		{"windows", `C:\Program Files\Mozilla Firefox\firefox.exe`, false},
		{"windows", "firefox", false},
		{"windows", `C:\tools\open-link.bat`, true},
		{"windows", `C:\tools\OPEN.CMD`, true},
		{"windows", "cmd", true},
		{"windows", `C:\Windows\System32\cmd.exe`, true},
		{"linux", "/usr/local/bin/open-link.cmd", false},
	} {
		err := checkLauncher(tc.goos, tc.name)
		if (err != nil) != tc.refused {
			t.Errorf("%s on %s: refused %v, want %v (%v)", tc.name, tc.goos, err != nil, tc.refused, err)
		}
	}
}

// A panic while opening the browser is an error for that link, not the end
// of the program (on its own goroutine it would skip the TUI's recovery and
// leave the terminal raw).
func TestOpenerThatPanicsIsAnError(t *testing.T) {
	err := graced(func() error { panic("no display") })
	if err == nil || !strings.Contains(err.Error(), "could not be started") {
		t.Errorf("graced = %v, want an error saying the browser could not start", err)
	}
}

// Reader mode that panics on a page is an error for that page: a refresh
// extracts pages on goroutines of its own, where the panic used to end the
// program with the TUI's terminal still raw.
func TestReaderModeThatPanicsIsThePagesError(t *testing.T) {
	boom := func([]byte, string, string) (articles.Article, error) { panic("reader mode bug") }
	_, err := extractWith(boom, fetch.Page{URL: "https://a.example/p", Body: []byte("<p>x</p>")}, 0)
	if !errors.Is(err, errReaderMode) {
		t.Fatalf("extract = %v, want the page's error", err)
	}
	if strings.Contains(err.Error(), "reader mode bug") {
		t.Errorf("the error shows the panic's own words: %v", err)
	}
}
