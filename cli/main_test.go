package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/ui"
)

// testApp is an app wired for in-process runs: captured streams, a private
// environment (temporary XDG folders) and a fake program runner.
type testApp struct {
	*invocation
	out, errOut bytes.Buffer
	env         map[string]string
	terminal    bool // what isTerminal answers for every stream
	dark        bool // what darkBackground answers

	ran     bool // the TUI was started
	opts    ui.Options
	look    config.Style
	tuiErr  error
	asked   bool // darkBackground was called
	cfgHome string
}

func newTestApp(t testing.TB) *testApp {
	t.Helper()
	ta := &testApp{dark: true}
	ta.cfgHome = t.TempDir()
	ta.env = map[string]string{
		"XDG_CONFIG_HOME": ta.cfgHome,
		"XDG_DATA_HOME":   t.TempDir(),
	}
	ta.invocation = &invocation{
		stdin:      strings.NewReader(""),
		stdout:     &ta.out,
		stderr:     &ta.errOut,
		getenv:     func(k string) string { return ta.env[k] },
		isTerminal: func(any) bool { return ta.terminal },
		darkBackground: func() bool {
			ta.asked = true
			return ta.dark
		},
		runTUI: func(_ *invocation, opts ui.Options, look config.Style) error {
			ta.ran, ta.opts, ta.look = true, opts, look
			return ta.tuiErr
		},
	}
	return ta
}

// run executes herald in-process and returns its exit status.
func (ta *testApp) run(args ...string) int {
	return run(args, ta.invocation)
}

// assertOneErrorLine checks the failure users see: exit 1, nothing on
// stdout, and exactly one "herald: " line on stderr holding want.
func (ta *testApp) assertOneErrorLine(t *testing.T, code int, want string) {
	t.Helper()
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if ta.out.Len() != 0 {
		t.Errorf("stdout should be empty on error, got %q", ta.out.String())
	}
	assertErrorLine(t, ta.errOut.String(), want)
}

func assertErrorLine(t *testing.T, stderr, want string) {
	t.Helper()
	if !strings.HasPrefix(stderr, "herald: ") || !strings.HasSuffix(stderr, "\n") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr should be one \"herald: ...\" line, got %q", stderr)
	}
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not say %q", stderr, want)
	}
	for _, bad := range []string{"goroutine", "panic", "\x1b"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("stderr holds %q: %q", bad, stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	ta := newTestApp(t)
	if code := ta.run("--version"); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	if got, want := ta.out.String(), "herald "+readVersion().String()+"\n"; got != want {
		t.Errorf("--version printed %q, want %q", got, want)
	}
	if ta.ran {
		t.Error("--version started the TUI")
	}
}

func TestHelp(t *testing.T) {
	ta := newTestApp(t)
	if code := ta.run("--help"); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	help := ta.out.String()
	for _, want := range []string{"herald", "read", "--config", "--db", "--offline", "--style", "--version"} {
		if !strings.Contains(help, want) {
			t.Errorf("--help does not mention %q:\n%s", want, help)
		}
	}
	if ta.ran {
		t.Error("--help started the TUI")
	}
	// Help must not create the config either: it touches nothing.
	if _, err := os.Stat(filepath.Join(ta.cfgHome, "herald")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--help created the config folder (stat: %v)", err)
	}

	ta = newTestApp(t)
	if code := ta.run("read", "--help"); code != 0 || !strings.Contains(ta.out.String(), "--json") {
		t.Errorf("read --help: exit %d, output %q", code, ta.out.String())
	}
}

func TestUsageErrorsAreOneLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"bogus"}, `unknown command "bogus" (herald --help lists the commands)`},
		{[]string{"ad"}, `unknown command "ad"; did you mean "add"?`},
		{[]string{"ad", "https://example.com/feed"}, `did you mean "add"?`},
		{[]string{"fech"}, `did you mean "fetch"?`},
		{[]string{"feed"}, `unknown command "feed"; did you mean "feeds"?`},
		{[]string{"--bogus"}, "unknown flag: --bogus"},
		{[]string{"read"}, "read needs one target"},
		{[]string{"read", "a", "b"}, "read needs one target"},
		{[]string{"read", "--json=maybe", "x"}, "invalid argument"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			ta := newTestApp(t)
			ta.assertOneErrorLine(t, ta.run(tc.args...), tc.want)
		})
	}
}

func TestLibraryStartsTUI(t *testing.T) {
	ta := newTestApp(t)
	ta.terminal = true
	ta.env["BROWSER"] = "true"
	if code := ta.run(); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	if !ta.ran {
		t.Fatal("herald did not start the TUI")
	}
	if ta.opts.Backend == nil || ta.opts.OpenURL == nil || ta.opts.Now == nil {
		t.Errorf("options miss a dependency: %+v", ta.opts)
	}
	if ta.opts.Start != nil {
		t.Errorf("the library opened an article: %+v", ta.opts.Start)
	}
	if ta.opts.Style != "dark" {
		t.Errorf("style %q, want dark on a dark terminal", ta.opts.Style)
	}
	if !ta.opts.RefreshOnStart {
		t.Error("refresh_on_start defaults to true")
	}
	// The first run wrote the default config.
	if _, err := os.Stat(filepath.Join(ta.cfgHome, "herald", "config.toml")); err != nil {
		t.Errorf("first run did not write config.toml: %v", err)
	}

	ta = newTestApp(t)
	ta.terminal = true
	if code := ta.run("--offline"); code != 0 {
		t.Fatalf("--offline: exit status %d, stderr %q", code, ta.errOut.String())
	}
	if ta.opts.RefreshOnStart {
		t.Error("--offline must not refresh on start")
	}
}

func TestLibraryNeedsTerminal(t *testing.T) {
	ta := newTestApp(t)
	ta.assertOneErrorLine(t, ta.run(), "needs a terminal")
	if ta.ran {
		t.Error("the TUI started without a terminal")
	}
}

func TestTUIErrorIsOneLine(t *testing.T) {
	ta := newTestApp(t)
	ta.terminal = true
	ta.tuiErr = errors.New("could not open a new TTY: open /dev/tty: no such device\nmore detail")
	ta.assertOneErrorLine(t, ta.run(), "could not open a new TTY")
}

func TestStyleResolution(t *testing.T) {
	dir := t.TempDir()
	goodJSON := filepath.Join(dir, "mine.json")
	if err := os.WriteFile(goodJSON, []byte(`{"document": {"margin": 1}, "h2": {"prefix": "## "}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	badJSON := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(badJSON, []byte(`{"document": `), 0o644); err != nil {
		t.Fatal(err)
	}
	wrongJSON := filepath.Join(dir, "wrong.json")
	if err := os.WriteFile(wrongJSON, []byte(`{"document": "blue", "h1": {"bold": "yes"}}`), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name       string
		flag       string
		configured string // config file's style, if any
		noColor    bool
		terminal   bool
		dark       bool
		want       string // resolved style; empty when an error is expected
		wantErr    string
		wantAsked  bool
	}{
		{name: "auto on a dark terminal", terminal: true, dark: true, want: "dark", wantAsked: true},
		{name: "auto on a light terminal", terminal: true, dark: false, want: "light", wantAsked: true},
		{name: "auto with NO_COLOR", terminal: true, dark: true, noColor: true, want: "notty"},
		{name: "auto when not a terminal", terminal: false, want: "notty"},
		{name: "config style", configured: "dracula", terminal: true, want: "dracula"},
		{name: "flag beats config", flag: "pink", configured: "dracula", terminal: true, want: "pink"},
		{name: "flag auto beats config", flag: "auto", configured: "dracula", terminal: true, dark: false, want: "light", wantAsked: true},
		{name: "json style file", flag: goodJSON, terminal: true, want: goodJSON},
		{name: "bad name", flag: "solarized", terminal: true, wantErr: `unknown style "solarized"`},
		{name: "bad name in config", configured: "solarized", terminal: true, wantErr: `unknown style "solarized"`},
		{name: "missing json file", flag: filepath.Join(dir, "nope.json"), terminal: true, wantErr: "nope.json: no such file"},
		{name: "broken json file", flag: badJSON, terminal: true, wantErr: "broken.json: not a glamour style: the JSON ends too soon"},
		{name: "json of the wrong kind", flag: wrongJSON, terminal: true, wantErr: `wrong.json: not a glamour style: "document" must be an object in braces, not a string`},
		{name: "directory", flag: dir + string(filepath.Separator), terminal: true, wantErr: "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ta := newTestApp(t)
			ta.terminal, ta.dark = tc.terminal, tc.dark
			if tc.noColor {
				ta.env["NO_COLOR"] = "1"
			}
			if tc.configured != "" {
				writeConfig(t, ta, `style = "`+tc.configured+`"`)
			}
			args := []string{}
			if tc.flag != "" {
				args = append(args, "--style", tc.flag)
			}
			// The library needs a terminal; "read" resolves the style the
			// same way and works either way.
			if tc.terminal {
				code := ta.run(args...)
				if tc.wantErr != "" {
					ta.assertOneErrorLine(t, code, tc.wantErr)
					if ta.ran {
						t.Error("the TUI started despite a bad style")
					}
					return
				}
				if code != 0 {
					t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
				}
				if ta.opts.Style != tc.want {
					t.Errorf("style %q, want %q", ta.opts.Style, tc.want)
				}
				if ta.look.NoColor != tc.noColor {
					t.Errorf("noColor %v, want %v", ta.look.NoColor, tc.noColor)
				}
			} else {
				look, err := ta.resolveStyle("auto")
				if err != nil || look.Name != tc.want {
					t.Errorf("resolveStyle(auto) = %q, %v; want %q", look.Name, err, tc.want)
				}
			}
			if ta.asked != tc.wantAsked {
				t.Errorf("asked the terminal for its background: %v, want %v", ta.asked, tc.wantAsked)
			}
		})
	}
}

func TestBadStyleListsValidNames(t *testing.T) {
	ta := newTestApp(t)
	ta.terminal = true
	ta.assertOneErrorLine(t, ta.run("--style", "nope"), `unknown style "nope"`)
	for _, name := range []string{"auto", "dark", "light", "notty", "dracula"} {
		if !strings.Contains(ta.errOut.String(), name) {
			t.Errorf("the error does not offer %q: %q", name, ta.errOut.String())
		}
	}
}

// fakeBrowser writes a script that records each argument on its own line,
// and returns its path and the record file.
func fakeBrowser(t *testing.T, exitCode int) (script, record string) {
	t.Helper()
	dir := t.TempDir()
	record = filepath.Join(dir, "args")
	script = filepath.Join(dir, "browser")
	body := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + record + "'\nexit " + strconv.Itoa(exitCode) + "\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return script, record
}

// waitForFile waits for a process started in the background to write path.
func waitForFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s was never written", path)
	return ""
}

func TestOpenURLPassesURLAsOneArgument(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	// Shell metacharacters stay inert: no shell ever sees the URL.
	link := "https://example.com/a?b=1&c=$(touch${IFS}pwned);echo`id`"
	for _, tc := range []struct {
		name   string
		cmd    func(script string) string
		before []string
		after  []string
	}{
		{name: "URL last", cmd: func(s string) string { return s + " --new-window" }, before: []string{"--new-window"}},
		{name: "URL in place of %s", cmd: func(s string) string { return s + " --a %s --b" }, before: []string{"--a"}, after: []string{"--b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			script, record := fakeBrowser(t, 0)
			t.Chdir(t.TempDir())
			if err := app.OpenURL(tc.cmd(script))(link); err != nil {
				t.Fatalf("openURL: %v", err)
			}
			got := strings.Split(strings.TrimSuffix(waitForFile(t, record), "\n"), "\n")
			want := append(append(append([]string{}, tc.before...), link), tc.after...)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("browser got args %q, want %q", got, want)
			}
			if _, err := os.Stat("pwned"); err == nil {
				t.Error("the URL was run through a shell")
			}
		})
	}
}

func TestOpenURLRefusesOtherSchemes(t *testing.T) {
	script, record := fakeBrowser(t, 0)
	open := app.OpenURL(script)
	for _, link := range []string{"javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/", "//example.com", "", "http://"} {
		if err := open(link); err == nil {
			t.Errorf("app.OpenURL(%q) succeeded, want a refusal", link)
		}
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := os.Stat(record); err == nil {
		t.Error("the browser ran for a refused URL")
	}
}

func TestOpenURLReportsFailingBrowser(t *testing.T) {
	script, _ := fakeBrowser(t, 3)
	if err := app.OpenURL(script)("https://example.com/"); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("a browser exiting 3 gave %v, want an error saying so", err)
	}
	if err := app.OpenURL(filepath.Join(t.TempDir(), "no-such-browser"))("https://example.com/"); err == nil {
		t.Error("a missing browser command gave no error")
	}
}

func TestBrowserFromEnvironment(t *testing.T) {
	script, record := fakeBrowser(t, 0)
	ta := newTestApp(t)
	ta.terminal = true
	ta.env["BROWSER"] = script
	if code := ta.run(); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	if err := ta.opts.OpenURL("https://example.com/x"); err != nil {
		t.Fatal(err)
	}
	if got := waitForFile(t, record); got != "https://example.com/x\n" {
		t.Errorf("$BROWSER got %q", got)
	}

	// The config's browser wins over $BROWSER.
	script2, record2 := fakeBrowser(t, 0)
	ta = newTestApp(t)
	ta.terminal = true
	ta.env["BROWSER"] = script
	writeConfig(t, ta, `browser = "`+script2+`"`)
	if code := ta.run(); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	if err := ta.opts.OpenURL("https://example.com/y"); err != nil {
		t.Fatal(err)
	}
	if got := waitForFile(t, record2); got != "https://example.com/y\n" {
		t.Errorf("config browser got %q", got)
	}
}

// The binary itself, built once: exit statuses and streams as a shell sees
// them, beyond what the in-process runs show.
var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func heraldBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "herald-test-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "herald")
		out, err := exec.Command("go", "build", "-o", binPath, "..").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

func runBinary(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(heraldBinary(t), args...)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(), "NO_COLOR=")
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

func TestBinary(t *testing.T) {
	out, errOut, code := runBinary(t, "", "--version")
	if code != 0 || !strings.HasPrefix(out, "herald ") || errOut != "" {
		t.Errorf("--version: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	out, errOut, code = runBinary(t, "", "read", "no-such-notes.md")
	if code != 1 || out != "" {
		t.Errorf("read of a missing file: exit %d, stdout %q", code, out)
	}
	if errOut != "herald: read no-such-notes.md: no such file\n" {
		t.Errorf("read of a missing file: stderr %q", errOut)
	}

	// Piped output: no TUI, no escape sequences.
	out, errOut, code = runBinary(t, "", "read", filepath.Join("testdata", "article.md"))
	if code != 0 || errOut != "" {
		t.Fatalf("read testdata/article.md: exit %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(out, "# Tides of the North Sea") || strings.ContainsRune(out, 0x1b) {
		t.Errorf("piped read printed %q", out)
	}

	// Not a terminal: the library refuses instead of drawing into a pipe.
	_, errOut, code = runBinary(t, "")
	if code != 1 {
		t.Errorf("herald on a pipe: exit %d", code)
	}
	assertErrorLine(t, errOut, "needs a terminal")
}

func TestPanicIsOneLine(t *testing.T) {
	ta := newTestApp(t)
	ta.terminal = true
	logPath := filepath.Join(t.TempDir(), "debug.log")
	ta.env["HERALD_DEBUG"] = logPath
	ta.runTUI = func(*invocation, ui.Options, config.Style) error { panic("index out of range [3] with length 2") }
	ta.assertOneErrorLine(t, ta.run(), "internal error: index out of range")
	logged, err := os.ReadFile(logPath)
	if err != nil || !strings.Contains(string(logged), "goroutine") {
		t.Errorf("HERALD_DEBUG did not get the stack trace (%v): %q", err, logged)
	}
}

func TestReadingAFileInTheTerminalDoesNotRefreshFeeds(t *testing.T) {
	ta := newTestApp(t)
	ta.terminal = true
	path := filepath.Join(t.TempDir(), "note.md")
	if err := os.WriteFile(path, []byte("# Note\n\nSome text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := ta.run("read", path); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	if !ta.ran || ta.opts.Start == nil || ta.opts.Start.Title != "Note" {
		t.Fatalf("herald read did not open the note in the reader: %+v", ta.opts.Start)
	}
	if ta.opts.RefreshOnStart {
		t.Error("herald read FILE started a refresh of every feed")
	}
	if !ta.opts.CanRefresh {
		t.Error("r should still refresh from the library")
	}
}
