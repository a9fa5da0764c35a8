package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/app"
)

// assertCleanText fails when s holds anything that could drive a terminal:
// ESC, other C0 controls but tab and newline, C1 controls, bidi overrides.
func assertCleanText(t *testing.T, what, s string) {
	t.Helper()
	for i, r := range s {
		bad := (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f ||
			(r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
		if bad {
			t.Errorf("%s holds %U at byte %d: %q", what, r, i, s[max(0, i-20):min(len(s), i+20)])
			return
		}
	}
}

func TestReadPipedPrintsMarkdown(t *testing.T) {
	for _, file := range []string{"article.md", "article.txt", "article.html"} {
		t.Run(file, func(t *testing.T) {
			ta := newTestApp(t)
			code := ta.run("read", filepath.Join("testdata", file))
			if code != 0 {
				t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
			}
			if ta.errOut.Len() != 0 {
				t.Errorf("stderr %q", ta.errOut.String())
			}
			if ta.ran {
				t.Error("piped read started the TUI")
			}
			out := ta.out.String()
			if !strings.HasPrefix(out, "# Tides of the North Sea\n") {
				t.Errorf("output does not start with the title:\n%s", out)
			}
			for _, heading := range []string{"## Why the tide turns\n", "## Reading a tide table\n"} {
				if !strings.Contains(out, heading) {
					t.Errorf("output lacks %q:\n%s", heading, out)
				}
			}
			if !strings.Contains(out, "heights are above chart datum") {
				t.Errorf("output lost the body text:\n%s", out)
			}
			assertCleanText(t, "piped output", out)
		})
	}
}

func TestReadMarkdownKeepsStructure(t *testing.T) {
	ta := newTestApp(t)
	if code := ta.run("read", filepath.Join("testdata", "article.md")); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	out := ta.out.String()
	// A nested heading stays nested, and a '#' inside a fence stays code.
	if !strings.Contains(out, "### Amphidromic points\n") {
		t.Errorf("the h3 lost its level:\n%s", out)
	}
	if strings.Contains(out, "\n## not a heading") || !strings.Contains(out, "# not a heading: a comment in a code fence") {
		t.Errorf("the fenced comment was taken for a heading:\n%s", out)
	}
}

func TestReadStdin(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "article.md"))
	if err != nil {
		t.Fatal(err)
	}
	ta := newTestApp(t)
	ta.stdin = bytes.NewReader(src)
	if code := ta.run("read", "-"); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	out := ta.out.String()
	if !strings.HasPrefix(out, "# Tides of the North Sea\n") || !strings.Contains(out, "## Why the tide turns\n") {
		t.Errorf("stdin read printed:\n%s", out)
	}

	// Plain text on stdin is sniffed, not mistaken for Markdown or refused.
	txt, err := os.ReadFile(filepath.Join("testdata", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ta = newTestApp(t)
	ta.stdin = bytes.NewReader(txt)
	if code := ta.run("read", "-"); code != 0 {
		t.Fatalf("text on stdin: exit status %d, stderr %q", code, ta.errOut.String())
	}
	if !strings.HasPrefix(ta.out.String(), "# Tides of the North Sea\n") {
		t.Errorf("text on stdin printed:\n%s", ta.out.String())
	}
}

func TestReadJSON(t *testing.T) {
	ta := newTestApp(t)
	if code := ta.run("read", "--json", filepath.Join("testdata", "article.md")); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	raw := ta.out.Bytes()
	if !bytes.HasPrefix(raw, []byte("{\n  \"id\": \"\",\n  \"title\": ")) {
		t.Errorf("JSON is not indented by two spaces:\n%s", raw)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, raw)
	}
	if got, want := sortedKeys(doc), []string{"author", "enclosures", "feed", "full_text", "id", "links", "published", "sections", "source", "title", "url"}; !slices.Equal(got, want) {
		t.Errorf("top-level keys %q, want %q", got, want)
	}
	if doc["title"] != "Tides of the North Sea" || doc["url"] != "https://example.com/tides" || doc["source"] != "Example Quarterly" {
		t.Errorf("title/url/source = %q, %q, %q", doc["title"], doc["url"], doc["source"])
	}
	published, _ := doc["published"].(string)
	if when, err := time.Parse(time.RFC3339, published); err != nil || when.Format("2006-01-02") != "2025-03-04" {
		t.Errorf("published %q is not RFC 3339 for 2025-03-04 (%v)", published, err)
	}
	sections, _ := doc["sections"].([]any)
	if len(sections) < 3 {
		t.Fatalf("sections: %v", doc["sections"])
	}
	var titles []string
	for _, s := range sections {
		sec, _ := s.(map[string]any)
		if got, want := sortedKeys(sec), []string{"level", "markdown", "title"}; !slices.Equal(got, want) {
			t.Errorf("section keys %q, want %q", got, want)
		}
		if _, ok := sec["level"].(float64); !ok {
			t.Errorf("section level %v is not a number", sec["level"])
		}
		title, _ := sec["title"].(string)
		titles = append(titles, title)
	}
	for _, want := range []string{"Why the tide turns", "Amphidromic points", "Reading a tide table"} {
		if !slices.Contains(titles, want) {
			t.Errorf("section titles %q lack %q", titles, want)
		}
	}
}

func TestReadJSONUnknownDateIsEmpty(t *testing.T) {
	ta := newTestApp(t)
	ta.stdin = strings.NewReader("# A title\n\nSome text.\n\n## Part\n\nMore text.\n")
	if code := ta.run("read", "--json", "-"); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	var doc struct {
		Published *string          `json:"published"`
		Sections  []map[string]any `json:"sections"`
	}
	if err := json.Unmarshal(ta.out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Published == nil || *doc.Published != "" {
		t.Errorf("published should be an empty string, got %v", doc.Published)
	}
	if doc.Sections == nil {
		t.Error("sections should be an array, never null")
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestReadBadTargets(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	empty := write("empty.md", nil)
	blank := write("blank.txt", []byte(" \n\t\n  \n"))
	binary := write("photo.md", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 256)...))
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: the size is what counts, no 33 MiB is written.
	if err := f.Truncate(app.MaxReadSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	sub := filepath.Join(dir, "folder")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, target, stdin, want string
	}{
		{"missing", "notes.md", "", "read notes.md: no such file"},
		{"directory", sub, "", "read " + sub + ": is a directory"},
		{"binary", binary, "", "read " + binary + ": the file is not text"},
		{"empty", empty, "", "read " + empty + ": the file is empty"},
		{"blank", blank, "", "read " + blank + ": the file is empty"},
		{"too large", huge, "", "read " + huge + ": is larger than 32 MiB"},
		{"empty stdin", "-", "", "read -: standard input is empty"},
		{"binary stdin", "-", "\x00\x01\x02\x03PK\x03\x04\x00\x00\x00", "read -: standard input is not text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ta := newTestApp(t)
			ta.stdin = strings.NewReader(tc.stdin)
			ta.assertOneErrorLine(t, ta.run("read", tc.target), tc.want)
			if ta.ran {
				t.Error("a bad target started the TUI")
			}
		})
	}

	ta := newTestApp(t)
	ta.assertOneErrorLine(t, ta.run("--offline", "read", "https://example.com/post"), "--offline")
}

// A file full of terminal escapes is printed without any of them.
// (This relies on termsafe.Safe, which every parser applies.)
func TestReadStripsEscapeSequences(t *testing.T) {
	hostile := "---\ntitle: \"Evil \x1b]0;pwned\x07title\"\n---\n\n" +
		"Intro \x1b[31mred\x1b[0m text with a C1 \u009b31m CSI and \u202eoverride\u202c.\n\n" +
		"## Head\x1b[2Jing\n\nBody \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ and a bell\x07 and \x1bP+q\x1b\\ DCS.\n"
	path := filepath.Join(t.TempDir(), "hostile.md")
	if err := os.WriteFile(path, []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}

	ta := newTestApp(t)
	if code := ta.run("read", path); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	assertCleanText(t, "piped output", ta.out.String())
	if !strings.Contains(ta.out.String(), "red") || !strings.Contains(ta.out.String(), "Body") {
		t.Errorf("the text around the escapes was lost:\n%q", ta.out.String())
	}

	ta = newTestApp(t)
	if code := ta.run("read", "--json", path); code != 0 {
		t.Fatalf("--json: exit status %d, stderr %q", code, ta.errOut.String())
	}
	var doc articleJSON
	if err := json.Unmarshal(ta.out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	assertCleanText(t, "JSON title", doc.Title)
	for _, s := range doc.Sections {
		assertCleanText(t, "JSON section title", s.Title)
		assertCleanText(t, "JSON section markdown", s.Markdown)
	}

	// A hostile file name is cleaned in the error line as well.
	ta = newTestApp(t)
	ta.assertOneErrorLine(t, ta.run("read", "missing\x1b[2J.md"), "no such file")
}

func TestReadOnTerminalOpensReader(t *testing.T) {
	ta := newTestApp(t)
	ta.terminal = true
	if code := ta.run("read", "--style", "light", filepath.Join("testdata", "article.md")); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	if !ta.ran {
		t.Fatal("read on a terminal did not start the TUI")
	}
	if ta.out.Len() != 0 {
		t.Errorf("read on a terminal also printed %q", ta.out.String())
	}
	if ta.opts.Start == nil || ta.opts.Start.Title != "Tides of the North Sea" {
		t.Errorf("the reader starts on %+v, want the file's article", ta.opts.Start)
	}
	if ta.opts.Backend == nil || ta.opts.Style != "light" {
		t.Errorf("backend %v, style %q", ta.opts.Backend, ta.opts.Style)
	}
}

// On a terminal, read URL starts the TUI at once and leaves the download
// to it, so the address and a spinner show and esc can stop it.
func TestReadURLOnTerminalDownloadsInTheTUI(t *testing.T) {
	ta := newTestApp(t)
	ta.terminal = true
	// Nothing listens here: a download before the TUI would fail the run.
	url := "http://127.0.0.1:9/never"
	if code := ta.run("read", url); code != 0 {
		t.Fatalf("exit status %d, stderr %q", code, ta.errOut.String())
	}
	if !ta.ran || ta.opts.StartURL != url || ta.opts.Start != nil {
		t.Fatalf("TUI ran %v on %q (article %v), want the URL to download", ta.ran, ta.opts.StartURL, ta.opts.Start)
	}
	if ta.opts.RefreshOnStart {
		t.Error("reading one page refreshes every feed")
	}
	ta = newTestApp(t)
	ta.terminal = true
	ta.assertOneErrorLine(t, ta.run("--offline", "read", url), "--offline")
}
