// Package config is herald's settings: config.toml with its defaults and
// validation, the XDG paths of the config, the feed list and the cache, and
// the glamour style, resolved before the TUI starts.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/adrg/xdg"
)

// Config is herald's settings after defaults, the config file and the
// command line flags have been applied, in that order.
type Config struct {
	File    string // the config file read (or written on first run)
	DBPath  string // the SQLite cache
	Offline bool   // --offline: no network at all
	// WholePage: herald read --whole, a web page converted whole, not in
	// reader mode. A flag, not a key of the file.
	WholePage bool

	Style          string        // "auto", a glamour style name or a JSON style file
	RefreshOnStart bool          // refresh every feed when the TUI starts
	Concurrency    int           // feeds fetched at once
	PerHost        int           // feeds fetched at once from one host
	Timeout        time.Duration // one feed: connect and whole body
	MaxFeedSize    int64         // bytes, counted after decompression
	KeepPerFeed    int           // articles kept per feed; starred always kept
	Browser        string        // command that opens links; empty: $BROWSER, then the system opener
	Player         string        // command that plays attachments; empty: the browser
	Hyperlinks     bool          // links in articles are OSC 8 hyperlinks too

	Accounts []Account // sync servers, from [[account]] tables
	// Warnings are problems worth telling the user that do not stop herald
	// (a secret file others can read).
	Warnings []string

	// Keys is the [keys] table: the keys of each action it rebinds, in
	// Bubble Tea's names; actions it leaves out keep their defaults.
	Keys map[string][]string
	// Theme is the [theme] table: a colour for each role it sets, an ANSI
	// number ("12") or a hex colour ("#ff8700").
	Theme map[string]string
}

// Bounds for the numeric settings: wide enough for any real use, narrow
// enough that a typo (an extra zero, a missing unit) is caught.
const (
	maxConcurrency = 1024
	maxTimeout     = 10 * time.Minute
	minFeedSize    = 1 << 10
	maxFeedSize    = 1 << 30
)

// Defaults is herald's settings before the config file and the flags.
func Defaults() Config {
	return Config{
		Style:          "auto",
		RefreshOnStart: true,
		Concurrency:    256,
		PerHost:        4,
		Timeout:        20 * time.Second,
		MaxFeedSize:    16 << 20,
		KeepPerFeed:    500,
		Browser:        "",
		Player:         "",
		Hyperlinks:     true,
	}
}

// DefaultFile is written on first run: the settings, then the [theme] and
// [keys] tables with every colour and action the interface has. Every key
// is commented out so later changes to a default reach users who never
// edited that key; the test suite uncomments them all and checks they
// equal the defaults.
func DefaultFile(ui UISpec) string {
	return defaultSettings + themeSection(ui.Roles) + keysSection(ui)
}

const defaultSettings = `# herald configuration (TOML).
# Every key is listed with its default value; remove the leading "# " from a
# line to change it.

# Glamour style for articles: "auto" (dark or light, detected at start;
# "notty" when NO_COLOR is set or the output is not a terminal), a standard
# style name (ascii, dark, dracula, light, notty, pink, tokyo-night) or the
# path to a JSON style file. The --style flag overrides it.
# style = "auto"

# Refresh every feed in the background when herald starts.
# refresh_on_start = true

# How many feeds are fetched at once, and at most how many from one host.
# concurrency = 256
# per_host = 4

# Time limit for one feed, covering the connection and the whole body.
# timeout = "20s"

# Largest feed accepted, counted after decompression ("16MiB", "512KiB" or
# a number of bytes).
# max_feed_size = "16MiB"

# Articles kept per feed in the cache; starred articles are always kept.
# keep_per_feed = 500

# Command that opens links. It gets the URL as its last argument (or in
# place of a "%s" argument) and never runs through a shell. Empty: $BROWSER,
# then the system opener.
# browser = ""

# Command that plays an article's attachment (a podcast's audio, a video),
# such as "mpv --no-video". Like browser, it gets the URL as its last
# argument or in place of "%s", and never runs through a shell. Empty: the
# attachment opens in the browser.
# player = ""

# Links in articles are clickable in terminals that support OSC 8
# hyperlinks. Set to false if your terminal shows them as stray characters.
# hyperlinks = true

# Sync servers: one [[account]] table each. herald reads and marks their
# entries beside the feed list's, and the server does the fetching.
# type is "miniflux" (a token, or a username and password) or "greader"
# (any Google Reader API server, such as FreshRSS: a username and password;
# for FreshRSS the url ends in /api/greader.php). A secret may sit in a file
# of its own instead: token_file or password_file (keep it chmod 600).
# For example:
#   [[account]]
#   name = "home"
#   type = "miniflux"
#   url = "https://miniflux.example.org"
#   token_file = "~/.config/herald/miniflux-token"
`

// fileConfig is the config file's keys, as decodeFile found them. Pointers
// tell "absent" from a zero value, so a missing key keeps its default and
// "concurrency = 0" is caught.
type fileConfig struct {
	Style          *string
	RefreshOnStart *bool
	Concurrency    *int
	PerHost        *int
	Timeout        *string
	MaxFeedSize    any // "16MiB" or a number of bytes
	KeepPerFeed    *int
	Browser        *string
	Player         *string
	Hyperlinks     *bool
	Accounts       []fileAccount

	Keys  map[string]any // [keys]: action = ["key", ...]
	Theme map[string]any // [theme]: role = 12 or "#ff8700"
}

// envDir returns the XDG base directory in variable name, read at call time
// so tests (and users) that set it after start are honoured; the spec says a
// relative value is ignored. fallback is adrg/xdg's platform default.
func envDir(getenv func(string) string, name, fallback string) string {
	if v := getenv(name); v != "" && filepath.IsAbs(v) {
		return v
	}
	return fallback
}

// DefaultPath is $XDG_CONFIG_HOME/herald/config.toml.
func DefaultPath(getenv func(string) string) string {
	return filepath.Join(envDir(getenv, "XDG_CONFIG_HOME", xdg.ConfigHome), "herald", "config.toml")
}

// DefaultDBPath is $XDG_DATA_HOME/herald/herald.db.
func DefaultDBPath(getenv func(string) string) string {
	return filepath.Join(envDir(getenv, "XDG_DATA_HOME", xdg.DataHome), "herald", "herald.db")
}

// Load reads the config file at path over the defaults, checking [keys]
// and [theme] against what the interface has (ui). When create is set and
// the file does not exist, its folder and a commented default file are
// written first (herald's first run); otherwise a missing file is an
// error, so a mistyped --config is not silently replaced.
func Load(path string, create bool, ui UISpec) (Config, error) {
	cfg := Defaults()
	cfg.File = path

	if create {
		if err := CreateOnce(path, DefaultFile(ui), "config"); err != nil {
			return cfg, err
		}
	}

	data, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("config %s: %s", path, DescribeFileError(err))
	}
	fc, undecoded, err := decodeFile(string(data))
	if err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	if len(undecoded) > 0 {
		slices.Sort(undecoded)
		unknown := make([]string, len(undecoded))
		for i, k := range undecoded {
			unknown[i] = strconv.Quote(k)
		}
		word := "key"
		if len(unknown) > 1 {
			word = "keys"
		}
		return cfg, fmt.Errorf("config %s: unknown %s %s (known keys: %s; [[account]] tables: %s; and the tables [theme] and [keys])", path, word, strings.Join(unknown, ", "),
			strings.Join(Keys(), ", "), strings.Join(AccountKeys(), ", "))
	}
	if err := fc.apply(&cfg); err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	if cfg.Accounts, cfg.Warnings, err = accounts(fc.Accounts, filepath.Dir(path)); err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	for i, w := range cfg.Warnings {
		cfg.Warnings[i] = fmt.Sprintf("config %s: %s", path, w)
	}
	if cfg.Keys, err = parseKeys(fc.Keys, ui); err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	if cfg.Theme, err = parseTheme(fc.Theme, ui.Roles); err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// AccountKeys lists the keys of an [[account]] table.
func AccountKeys() []string {
	return []string{"name", "type", "url", "username", "token", "token_file", "password", "password_file"}
}

// Keys lists the config file's top-level keys, in the order the default
// file shows them.
func Keys() []string {
	return []string{"style", "refresh_on_start", "concurrency", "per_host", "timeout", "max_feed_size", "keep_per_feed", "browser", "player", "hyperlinks"}
}

// CreateOnce creates path, and its folder, holding content, unless the file
// is already there: what the user has is never replaced. O_EXCL keeps two
// herald processes starting together from clobbering each other or a file
// the user just wrote. what names the file in errors ("config").
func CreateOnce(path, content, what string) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("%s folder %s: %s", what, filepath.Dir(path), DescribeFileError(err))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s %s: %s", what, path, DescribeFileError(err))
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		return fmt.Errorf("%s %s: %v", what, path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s %s: %v", what, path, err)
	}
	return nil
}

// apply validates each key present in the file and sets it on cfg. Errors
// name the key and say what is allowed.
func (fc fileConfig) apply(cfg *Config) error {
	if fc.Style != nil {
		if strings.TrimSpace(*fc.Style) == "" {
			return errors.New(`style: empty (use "auto", a style name or a JSON style file)`)
		}
		cfg.Style = *fc.Style
	}
	if fc.RefreshOnStart != nil {
		cfg.RefreshOnStart = *fc.RefreshOnStart
	}
	if fc.Concurrency != nil {
		if *fc.Concurrency < 1 || *fc.Concurrency > maxConcurrency {
			return fmt.Errorf("concurrency: %d is out of range (1 to %d)", *fc.Concurrency, maxConcurrency)
		}
		cfg.Concurrency = *fc.Concurrency
	}
	if fc.PerHost != nil {
		if *fc.PerHost < 1 || *fc.PerHost > maxConcurrency {
			return fmt.Errorf("per_host: %d is out of range (1 to %d)", *fc.PerHost, maxConcurrency)
		}
		cfg.PerHost = *fc.PerHost
	}
	if fc.Timeout != nil {
		d, err := time.ParseDuration(strings.TrimSpace(*fc.Timeout))
		if err != nil {
			return fmt.Errorf("timeout: %q is not a duration (write it like \"20s\" or \"1m30s\")", *fc.Timeout)
		}
		if d <= 0 || d > maxTimeout {
			return fmt.Errorf("timeout: %s is out of range (more than 0s, at most %s)", d, maxTimeout)
		}
		cfg.Timeout = d
	}
	if fc.MaxFeedSize != nil {
		n, err := parseSize(fc.MaxFeedSize)
		if err != nil {
			return fmt.Errorf("max_feed_size: %v", err)
		}
		if n < minFeedSize || n > maxFeedSize {
			return fmt.Errorf("max_feed_size: %d bytes is out of range (1KiB to 1GiB)", n)
		}
		cfg.MaxFeedSize = n
	}
	if fc.KeepPerFeed != nil {
		if *fc.KeepPerFeed < 1 {
			return fmt.Errorf("keep_per_feed: %d is out of range (at least 1)", *fc.KeepPerFeed)
		}
		cfg.KeepPerFeed = *fc.KeepPerFeed
	}
	if fc.Browser != nil {
		cfg.Browser = strings.TrimSpace(*fc.Browser)
	}
	if fc.Player != nil {
		cfg.Player = strings.TrimSpace(*fc.Player)
	}
	if fc.Hyperlinks != nil {
		cfg.Hyperlinks = *fc.Hyperlinks
	}
	return nil
}

// parseSize reads a byte count written as a TOML integer or a string such as
// "16MiB", "512 KiB" or "1048576".
func parseSize(v any) (int64, error) {
	switch v := v.(type) {
	case int64:
		return v, nil
	case string:
		// Longest suffix first, so "MiB" is not read as "B".
		units := []struct {
			suffix string
			scale  int64
		}{
			{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
			{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9},
			{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30},
			{"b", 1},
		}
		s := strings.ToLower(strings.TrimSpace(v))
		scale := int64(1)
		for _, u := range units {
			if strings.HasSuffix(s, u.suffix) {
				s, scale = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.scale
				break
			}
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > (1<<62)/scale {
			return 0, fmt.Errorf("%q is not a size (write it like \"16MiB\", \"512KiB\" or a number of bytes)", v)
		}
		return n * scale, nil
	default:
		return 0, fmt.Errorf("%v is not a size (write it like \"16MiB\", \"512KiB\" or a number of bytes)", v)
	}
}

// DescribeFileError turns an os error into the short reason users expect,
// without repeating the path the caller already names.
func DescribeFileError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// FeedListPath is the user's feed list: beside the config file, so --config
// moves both.
func FeedListPath(cfg Config) string {
	return filepath.Join(filepath.Dir(cfg.File), "feeds")
}
