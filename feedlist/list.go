// Package feedlist reads and edits herald's feed list (the `feeds` file
// beside config.toml), and imports and exports it as OPML and newsboat urls.
package feedlist

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/herald-reader/herald/termsafe"
)

// Entry is one feed in the list: its address, an optional title that
// overrides the feed's own, tags, and per-feed settings. Settings keys herald
// does not know are kept as written, so a newer herald's keys survive an
// older one's edits.
type Entry struct {
	URL      string
	Title    string
	Tags     []string
	Settings map[string]string
}

// FullTextKey is the setting that makes a refresh read the web page of
// each new article of the feed: fulltext=yes.
const FullTextKey = "fulltext"

// FullText reports whether the entry asks for its articles' full text.
func (e Entry) FullText() bool { return isYes(e.Settings[FullTextKey]) }

// isYes reads a yes/no setting; anything but a clear yes is no.
func isYes(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "true", "on", "1":
		return true
	}
	return false
}

// Errors the caller reports as notices rather than failures.
var (
	ErrDuplicate = errors.New("that feed is already in the list")
	ErrNotFound  = errors.New("that feed is not in the list")
)

// LoadList reads the feed list at path. A missing file is an empty list, so a
// first run needs no special case. A bad line is an error naming the file
// and the line.
func LoadList(path string) ([]Entry, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	lines, err := parseList(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Entry
	for _, l := range lines {
		if l.entry != nil {
			out = append(out, *l.entry)
		}
	}
	return out, nil
}

// Add appends e to the list at path, creating the file if needed, and
// rewrites it atomically with every comment and line kept in place. A URL
// already in the list gives ErrDuplicate and leaves the file as it was.
func Add(path string, e Entry) error {
	skipped, err := AddAll(path, []Entry{e})
	if err != nil {
		return err
	}
	if len(skipped) > 0 {
		return ErrDuplicate
	}
	return nil
}

// AddAll appends every entry whose URL is not yet in the list, in one atomic
// rewrite (an import of hundreds of feeds writes the file once). It returns
// the URLs it skipped as duplicates.
func AddAll(path string, entries []Entry) (skipped []string, err error) {
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	lines, err := parseList(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	seen := make(map[string]bool)
	for _, l := range lines {
		if l.entry != nil {
			seen[urlKey(l.entry.URL)] = true
		}
	}
	var buf bytes.Buffer
	buf.Write(data)
	if len(data) > 0 && data[len(data)-1] != '\n' {
		buf.WriteByte('\n')
	}
	added := 0
	for _, e := range entries {
		if err := checkFeedURL(e.URL); err != nil {
			return nil, err
		}
		k := urlKey(e.URL)
		if seen[k] {
			skipped = append(skipped, e.URL)
			continue
		}
		seen[k] = true
		buf.WriteString(FormatEntry(e))
		buf.WriteByte('\n')
		added++
	}
	if added == 0 {
		return skipped, nil
	}
	return skipped, writeAtomic(path, buf.Bytes())
}

// Remove deletes every line for url from the list at path, keeping the rest
// of the file byte for byte. An absent URL gives ErrNotFound.
func Remove(path, rawURL string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	lines, err := parseList(data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	key := urlKey(rawURL)
	var buf bytes.Buffer
	found := false
	for _, l := range lines {
		if l.entry != nil && urlKey(l.entry.URL) == key {
			found = true
			continue
		}
		buf.WriteString(l.raw)
	}
	if !found {
		return ErrNotFound
	}
	return writeAtomic(path, buf.Bytes())
}

// FormatEntry renders e as one line of the list file, quoting what needs it.
func FormatEntry(e Entry) string {
	parts := []string{quoteIfNeeded(e.URL)}
	for _, t := range e.Tags {
		// A leading "~" would read back as the title.
		t = strings.TrimLeft(t, "~")
		if t == "" {
			continue
		}
		if strings.Contains(t, "=") {
			parts = append(parts, quote(t)) // unquoted, it would be a setting
		} else {
			parts = append(parts, quoteIfNeeded(t))
		}
	}
	if e.Title != "" {
		parts = append(parts, quote("~"+e.Title))
	}
	keys := make([]string, 0, len(e.Settings))
	for k := range e.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+"="+quoteIfNeeded(e.Settings[k]))
	}
	return strings.Join(parts, " ")
}

// DefaultList is the commented starter list written on first run.
func DefaultList() string {
	return `# herald feed list: one feed per line.
#
#   URL [tag ...] ["~Custom title"] [key=value ...]
#
# Tags are single words (quote them to use spaces). A quoted "~Title"
# replaces the feed's own title. key=value pairs are per-feed settings.
# Lines starting with # are comments; herald keeps them when it edits this file
# (herald add, herald remove, herald import).

https://feeds.bbci.co.uk/news/rss.xml news world "~BBC News"
https://feeds.npr.org/1001/rss.xml news "~NPR News"
https://www.theguardian.com/world/rss news world "~The Guardian: World"
https://www.aljazeera.com/xml/rss/all.xml news world "~Al Jazeera"
https://feeds.arstechnica.com/arstechnica/index tech "~Ars Technica"
https://hnrss.org/frontpage tech "~Hacker News"
`
}

// listLine is one physical line of the list file: its raw text (newline
// included) and the entry on it, if any.
type listLine struct {
	raw   string
	entry *Entry
}

func parseList(data []byte) ([]listLine, error) {
	var out []listLine
	r := bufio.NewReader(bytes.NewReader(data))
	for n := 1; ; n++ {
		raw, err := r.ReadString('\n')
		if raw == "" && err != nil {
			break
		}
		l := listLine{raw: raw}
		text := strings.TrimSpace(strings.TrimPrefix(raw, "\ufeff"))
		if text != "" && !strings.HasPrefix(text, "#") {
			e, perr := parseEntry(text)
			if perr != nil {
				return nil, fmt.Errorf("line %d: %w", n, perr)
			}
			l.entry = &e
		}
		out = append(out, l)
		if err != nil {
			break
		}
	}
	return out, nil
}

// parseEntry reads `URL [tag ...] ["~Title"] [key=value ...]`.
func parseEntry(text string) (Entry, error) {
	toks, err := tokenize(text)
	if err != nil {
		return Entry{}, err
	}
	e := Entry{URL: toks[0].text}
	if err := checkFeedURL(e.URL); err != nil {
		return Entry{}, err
	}
	for _, t := range toks[1:] {
		switch {
		case strings.HasPrefix(t.text, "~") && (t.quoted || len(t.text) > 1):
			e.Title = strings.TrimSpace(t.text[1:])
		case !t.quoted && strings.Contains(t.text, "="):
			k, v, _ := strings.Cut(t.text, "=")
			if !validKey(k) {
				return Entry{}, fmt.Errorf("%q is not a valid setting name", k)
			}
			if e.Settings == nil {
				e.Settings = make(map[string]string)
			}
			e.Settings[k] = v
		default:
			e.Tags = append(e.Tags, t.text)
		}
	}
	return e, nil
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

func checkFeedURL(s string) error {
	if !termsafe.IsWebURL(s) {
		return fmt.Errorf("%q is not an http or https address", s)
	}
	return nil
}

// SameURL reports whether two feed addresses name the same feed: scheme and
// host compare in any case, the rest exactly.
func SameURL(x, y string) bool { return urlKey(x) == urlKey(y) }

// urlKey is the form two URLs are compared in: scheme and host are case
// insensitive, the rest is not.
func urlKey(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return s
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

type token struct {
	text   string
	quoted bool // the token began with a double quote
}

// tokenize splits a line on blanks; double quotes group text (the quotes
// themselves are dropped) and a backslash escapes the next character
// inside quotes.
func tokenize(s string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			break
		}
		var b strings.Builder
		t := token{quoted: s[i] == '"'}
		inQuote := false
		for i < len(s) {
			c := s[i]
			if !inQuote && (c == ' ' || c == '\t') {
				break
			}
			switch {
			case c == '"':
				inQuote = !inQuote
			case c == '\\' && inQuote && i+1 < len(s):
				i++
				b.WriteByte(s[i])
			default:
				b.WriteByte(c)
			}
			i++
		}
		if inQuote {
			return nil, errors.New("unterminated quote")
		}
		t.text = b.String()
		toks = append(toks, t)
	}
	if len(toks) == 0 {
		return nil, errors.New("empty entry")
	}
	return toks, nil
}

func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

func quoteIfNeeded(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\"\\") {
		return quote(s)
	}
	return s
}

// writeAtomic replaces path with data so that a crash leaves either the old
// file or the new one, never half of each: write a temporary file in the same
// folder, flush it to disk, then rename it over the original.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// The rename is durable only once the folder itself is flushed; failing
	// that is not worth an error, as the new file is already in place.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
