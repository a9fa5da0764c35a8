package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/config"
)

// writeConfig writes body as the test app's config.toml at the default
// location.
func writeConfig(t *testing.T, ta *testApp, body string) string {
	t.Helper()
	path := filepath.Join(ta.cfgHome, "herald", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFirstRunWritesCommentedConfig(t *testing.T) {
	ta := newTestApp(t)
	cfg, err := ta.config()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ta.cfgHome, "herald", "config.toml")
	if cfg.File != path {
		t.Errorf("config file %q, want %q", cfg.File, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("first run did not write %s: %v", path, err)
	}
	for _, key := range config.Keys() {
		if !strings.Contains(string(data), "# "+key+" = ") {
			t.Errorf("the default config does not show %q", key)
		}
	}
	want := config.Defaults()
	want.File = path
	want.DBPath = filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db")
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("first run config\n got %+v\nwant %+v", cfg, want)
	}

	// A second run reads the file and leaves the user's edits alone.
	edited := strings.Replace(string(data), "# per_host = 4", "per_host = 2", 1)
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err = ta.config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.PerHost != 2 {
		t.Errorf("per_host %d after editing the file, want 2", cfg.PerHost)
	}
	if after, _ := os.ReadFile(path); string(after) != edited {
		t.Error("a second run rewrote the user's config")
	}
}

// The values the default file documents are the values herald uses: every
// commented key, colour and action, uncommented, must decode to the
// defaults exactly.
func TestDefaultConfigDocumentsTheDefaults(t *testing.T) {
	spec := uiSpec()
	uncomment := regexp.MustCompile(`(?m)^# ([a-z_]+ = )`)
	body := uncomment.ReplaceAllString(config.DefaultFile(spec), "$1")
	wantLines := len(config.Keys()) + len(spec.Actions) + len(spec.Roles)
	if got := len(regexp.MustCompile(`(?m)^[a-z_]+ = `).FindAllString(body, -1)); got != wantLines {
		t.Fatalf("uncommented %d keys, want %d:\n%s", got, wantLines, body)
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path, false, spec)
	if err != nil {
		t.Fatal(err)
	}
	want := config.Defaults()
	want.File = path
	want.Keys = map[string][]string{}
	for _, a := range spec.Actions {
		want.Keys[a.Name] = a.Keys
	}
	want.Theme = map[string]string{}
	for _, r := range spec.Roles {
		want.Theme[r.Name] = r.Default
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("documented defaults\n got %+v\nwant %+v", cfg, want)
	}
}

func TestConfigValues(t *testing.T) {
	ta := newTestApp(t)
	writeConfig(t, ta, `
style = "light"
refresh_on_start = false
concurrency = 8
per_host = 2
timeout = "1m30s"
max_feed_size = "512KiB"
keep_per_feed = 50
browser = "firefox --new-tab"
player = " mpv --no-video "
hyperlinks = false`)
	cfg, err := ta.config()
	if err != nil {
		t.Fatal(err)
	}
	want := config.Config{
		File:           cfg.File,
		DBPath:         cfg.DBPath,
		Style:          "light",
		RefreshOnStart: false,
		Concurrency:    8,
		PerHost:        2,
		Timeout:        90 * time.Second,
		MaxFeedSize:    512 << 10,
		KeepPerFeed:    50,
		Browser:        "firefox --new-tab",
		Player:         "mpv --no-video",
		Hyperlinks:     false,
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("\n got %+v\nwant %+v", cfg, want)
	}

	// A byte count may be a plain integer too.
	writeConfig(t, ta, `max_feed_size = 2097152`)
	if cfg, err := ta.config(); err != nil || cfg.MaxFeedSize != 2<<20 {
		t.Errorf("max_feed_size = 2097152 gave %d, %v", cfg.MaxFeedSize, err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"unknown key", `colour = "red"`, []string{`unknown key "colour"`, "known keys: style"}},
		{"unknown table", "[feeds]\nurl = \"https://example.com/feed\"", []string{`unknown key "feeds"`}},
		{"two unknown keys", "a = 1\nb = 2", []string{`unknown keys "a", "b"`}},
		{"timeout not a duration", `timeout = "abc"`, []string{"timeout", `"abc" is not a duration`}},
		{"timeout zero", `timeout = "0s"`, []string{"timeout", "out of range"}},
		{"timeout too long", `timeout = "2h"`, []string{"timeout", "out of range"}},
		{"concurrency zero", `concurrency = 0`, []string{"concurrency: 0 is out of range"}},
		{"per_host negative", `per_host = -1`, []string{"per_host: -1 is out of range"}},
		{"keep_per_feed zero", `keep_per_feed = 0`, []string{"keep_per_feed: 0 is out of range"}},
		{"concurrency a string", `concurrency = "many"`, []string{`concurrency must be a whole number, like 256, not the text "many"`}},
		{"refresh_on_start a string", `refresh_on_start = "yes"`, []string{`refresh_on_start must be true or false, not the text "yes"`}},
		{"timeout a number", `timeout = 20`, []string{`timeout must be a duration in quotes, like "20s", not the number 20`}},
		{"style a table", "[style]\nname = \"dark\"", []string{`style must be a style name or a file in quotes, like "auto", not a table`}},
		{"browser a list", `browser = ["firefox", "--new-tab"]`, []string{`browser must be a command in quotes, like "firefox", not a list`}},
		{"keep_per_feed a float", `keep_per_feed = 2.5`, []string{`keep_per_feed must be a whole number, like 500, not the number 2.5`}},
		{"size a date", `max_feed_size = 2026-01-01`, []string{`max_feed_size must be a size in quotes or a number of bytes, like "16MiB", not a date or time`}},
		{"number too large", `concurrency = 99999999999999999999`, []string{"line 1", "the number is too large"}},
		{"size not a size", `max_feed_size = "huge"`, []string{"max_feed_size", `"huge" is not a size`}},
		{"size a float", `max_feed_size = 1.5`, []string{"max_feed_size must be", "not the number 1.5"}},
		{"size too small", `max_feed_size = "10B"`, []string{"max_feed_size", "out of range"}},
		{"empty style", `style = ""`, []string{"style: empty"}},
		{"syntax error", "# herald\nstyle = \"dark\"\ntimeout = \n", []string{"line 3"}},
		{"unterminated string", "style = \"dark\n", []string{"line 1"}},
		{"table name not closed", "[keys\nrefresh = [\"r\"]\n", []string{"line 1: ", "got the end of the line"}},
		{"a key set twice", "style = \"dark\"\nstyle = \"light\"\n", []string{`line 2 (last key "style"): "style" is set twice`}},
		{"UTF-16", "\xff\xfes\x00t\x00", []string{"the file is UTF-16 text; save it as UTF-8"}},
		{"latin-1", "# caf\xe9\nstyle = \"dark\"\n", []string{"line 1: the file is not UTF-8 text"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ta := newTestApp(t)
			ta.terminal = true
			path := writeConfig(t, ta, tc.body)
			code := ta.run()
			ta.assertOneErrorLine(t, code, "config "+path+": ")
			for _, want := range tc.want {
				if !strings.Contains(ta.errOut.String(), want) {
					t.Errorf("stderr %q does not say %q", ta.errOut.String(), want)
				}
			}
			for _, internal := range []string{"int64", "float64", "destination", "incompatible types", "map[", "[]interface", "struct", `'\n'`, "Key '"} {
				if strings.Contains(ta.errOut.String(), internal) {
					t.Errorf("stderr %q quotes Go internals (%q)", ta.errOut.String(), internal)
				}
			}
			if ta.ran {
				t.Error("the TUI started with a bad config")
			}
		})
	}
}

func TestConfigFlagAndDBFlag(t *testing.T) {
	ta := newTestApp(t)
	custom := filepath.Join(t.TempDir(), "elsewhere.toml")
	if err := os.WriteFile(custom, []byte("per_host = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "cache.db")
	ta.configPath, ta.dbPath = custom, db
	cfg, err := ta.config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.File != custom || cfg.PerHost != 3 || cfg.DBPath != db {
		t.Errorf("--config/--db gave file %q per_host %d db %q", cfg.File, cfg.PerHost, cfg.DBPath)
	}
	if _, err := os.Stat(filepath.Join(ta.cfgHome, "herald")); !os.IsNotExist(err) {
		t.Error("--config still created the default config folder")
	}

	// A named config that does not exist is an error, not a new file: a
	// typo must not silently start from defaults.
	ta = newTestApp(t)
	ta.terminal = true
	missing := filepath.Join(t.TempDir(), "typo.toml")
	ta.assertOneErrorLine(t, ta.run("--config", missing), "config "+missing+": no such file")
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Error("--config created the missing file")
	}
}
