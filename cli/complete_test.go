package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/herald-reader/herald/store"
)

func TestCompletionScripts(t *testing.T) {
	for _, tc := range []struct {
		shell  string
		marker string
		check  []string // a syntax check, when the shell is installed
	}{
		{"bash", "# bash completion V2 for herald", []string{"bash", "-n"}},
		{"zsh", "#compdef herald", []string{"zsh", "-n"}},
		{"fish", "complete -c herald", []string{"fish", "--no-execute"}},
		{"powershell", "Register-ArgumentCompleter", nil},
	} {
		t.Run(tc.shell, func(t *testing.T) {
			ta := newTestApp(t)
			script := ta.runOK(t, "completion", tc.shell)
			if !strings.Contains(script, tc.marker) {
				t.Fatalf("completion %s lacks %q:\n%.300s", tc.shell, tc.marker, script)
			}
			// The scripts ask herald itself for the candidates.
			if !strings.Contains(script, "__complete") {
				t.Errorf("completion %s does not call herald __complete", tc.shell)
			}
			if tc.check == nil {
				return
			}
			if _, err := exec.LookPath(tc.check[0]); err != nil {
				t.Logf("%s is not installed: syntax not checked", tc.check[0])
				return
			}
			path := filepath.Join(t.TempDir(), "herald."+tc.shell)
			if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(tc.check[0], append(tc.check[1:], path)...).CombinedOutput(); err != nil {
				t.Errorf("%s rejects the script: %v\n%s", tc.shell, err, out)
			}
		})
	}

	ta := newTestApp(t)
	ta.runFail(t, `no completion for the shell "tcsh"`, "completion", "tcsh")
}

// completions runs herald's completion request as the shell scripts do and
// returns the candidates (without the directive line).
func (ta *testApp) completions(t *testing.T, args ...string) []string {
	t.Helper()
	out := ta.runOK2(t, append([]string{"__complete"}, args...)...)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) == 0 || lines[len(lines)-1] != ":4" {
		t.Fatalf("__complete %q: the last line is not the no-file directive :4: %q", args, out)
	}
	return lines[:len(lines)-1]
}

// runOK2 is runOK for __complete, which always writes cobra's debug line
// to stderr (the shell scripts discard it).
func (ta *testApp) runOK2(t *testing.T, args ...string) string {
	t.Helper()
	ta.out.Reset()
	ta.errOut.Reset()
	if code := ta.run(args...); code != 0 {
		t.Fatalf("herald %s: exit %d, stderr %q", strings.Join(args, " "), code, ta.errOut.String())
	}
	if e := ta.errOut.String(); e != "" && !strings.HasPrefix(e, "Completion ended with directive:") {
		t.Errorf("herald %s said more than cobra's debug line on stderr: %q", strings.Join(args, " "), e)
	}
	return ta.out.String()
}

func TestCompleteFeeds(t *testing.T) {
	ta := newTestApp(t)
	writeFeedList(t, ta,
		"https://go.dev/blog/feed.atom",
		`https://example.com/lights.xml "~Lighthouse Keepers"`,
		"https://example.org/tides.rss",
	)
	// The cache knows the Go blog's own title from a fetch.
	st, err := store.Open(filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveItems(context.Background(), store.Fetched{Feed: "https://go.dev/blog/feed.atom", Title: "The Go Blog"}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	want := []string{
		"https://go.dev/blog/feed.atom\tThe Go Blog",
		"https://example.com/lights.xml\tLighthouse Keepers",
		"https://example.org/tides.rss",
	}
	if got := ta.completions(t, "remove", ""); !slices.Equal(got, want) {
		t.Errorf("remove <tab> offers %q, want %q", got, want)
	}
	if got := ta.completions(t, "remove", "https://example.o"); !slices.Equal(got, want[2:]) {
		t.Errorf("remove https://example.o<tab> offers %q, want %q", got, want[2:])
	}
	if got := ta.completions(t, "remove", "https://go.dev/blog/feed.atom", ""); len(got) != 0 {
		t.Errorf("remove takes one feed, yet a second is offered: %q", got)
	}
	// --feed takes a title too, in any case.
	if got, want := ta.completions(t, "list", "--feed", "li"), []string{"Lighthouse Keepers\thttps://example.com/lights.xml"}; !slices.Equal(got, want) {
		t.Errorf("list --feed li<tab> offers %q, want %q", got, want)
	}
	if got := ta.completions(t, "list", "--feed", ""); len(got) != 5 {
		t.Errorf("list --feed <tab> offers %d candidates, want 3 URLs and 2 titles: %q", len(got), got)
	}
	// --db and --config given before the argument are honoured.
	other := newTestApp(t)
	if got := other.completions(t, "--config", filepath.Join(ta.cfgHome, "herald", "config.toml"), "remove", "https://go"); len(got) != 1 || !strings.HasPrefix(got[0], "https://go.dev/blog/feed.atom") {
		t.Errorf("remove --config OTHER offers %q, want the other config's feed", got)
	}
}

func TestCompletionWritesNothingAndStaysSilent(t *testing.T) {
	ta := newTestApp(t)
	for _, args := range [][]string{{"remove", ""}, {"list", "--feed", ""}, {"read", ""}, {""}} {
		ta.runOK2(t, append([]string{"__complete"}, args...)...)
	}
	for _, dir := range []string{ta.cfgHome, ta.env["XDG_DATA_HOME"]} {
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("completion wrote %s/%s on a first run", dir, entries[0].Name())
		}
	}

	// A feed list with a bad line and a cache that is not one: nothing to
	// offer, nothing said.
	writeFeedList(t, ta, "https://example.com/feed.xml", "this is not a feed line at all")
	if got := ta.completions(t, "remove", ""); len(got) != 0 {
		t.Errorf("a broken feed list offers %q", got)
	}
	writeFeedList(t, ta, "https://example.com/feed.xml")
	db := filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db")
	if err := os.MkdirAll(filepath.Dir(db), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, []byte("not a database\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, want := ta.completions(t, "remove", ""), []string{"https://example.com/feed.xml"}; !slices.Equal(got, want) {
		t.Errorf("with a broken cache, remove <tab> offers %q, want the list's URLs %q", got, want)
	}
	if data, _ := os.ReadFile(db); string(data) != "not a database\n" {
		t.Error("completion changed the cache file")
	}
	if entries, _ := os.ReadDir(filepath.Dir(db)); len(entries) != 1 {
		t.Errorf("completion left files beside the cache: %d entries", len(entries))
	}
}

func TestCompleteAccounts(t *testing.T) {
	ta := newTestApp(t)
	writeConfig(t, ta, `
[[account]]
name = "home"
type = "miniflux"
url = "https://rss.example"
token = "secret-token"

[[account]]
name = "work"
type = "greader"
url = "https://fresh.example/api/greader.php"
username = "ann"
password = "secret-password"`)
	got := ta.completions(t, "sync", "--account", "")
	want := []string{"home\tminiflux https://rss.example", "work\tgreader https://fresh.example/api/greader.php"}
	if !slices.Equal(got, want) {
		t.Errorf("sync --account <tab> offers %q, want %q", got, want)
	}
	if got := ta.completions(t, "add", "--account", "w"); len(got) != 1 || !strings.HasPrefix(got[0], "work\t") {
		t.Errorf("add --account w<tab> offers %q", got)
	}
	for _, c := range got {
		if strings.Contains(c, "secret") {
			t.Errorf("a completion shows a secret: %q", c)
		}
	}
}

// BenchmarkCompleteFeeds is one completion of a feed in-process, on a feed
// list of 300 feeds and the cache that knows their titles: everything a
// tab press costs but starting the process.
func BenchmarkCompleteFeeds(b *testing.B) {
	ta := newTestApp(b)
	lines := make([]string, 300)
	entries := make([]store.FeedEntry, 300)
	for i := range lines {
		lines[i] = fmt.Sprintf("https://site%d.example/feed.xml", i)
		entries[i] = store.FeedEntry{URL: lines[i], Title: fmt.Sprintf("Site number %d", i)}
	}
	if err := os.MkdirAll(filepath.Join(ta.cfgHome, "herald"), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ta.cfgHome, "herald", "feeds"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db"))
	if err != nil {
		b.Fatal(err)
	}
	if err := st.EnsureFeeds(context.Background(), entries); err != nil {
		b.Fatal(err)
	}
	st.Close()
	b.ReportAllocs()
	for b.Loop() {
		ta.out.Reset()
		ta.errOut.Reset()
		if code := ta.run("__complete", "list", "--feed", "Site number 1"); code != 0 || !strings.Contains(ta.out.String(), "Site number 199") {
			b.Fatalf("exit %d: %q", code, ta.out.String())
		}
	}
}
