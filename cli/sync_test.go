package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/herald-reader/herald/remote/miniflux/minifluxtest"
)

func TestSyncPrintsALinePerAccountAndNamesTheOneThatFailed(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "Server feed", 1)
	srv.AddEntry(f, "one")
	srv.AddEntry(f, "two")
	down := minifluxtest.New("tok")
	down.Close() // a server that is not there

	ta := newTestApp(t)
	tokenFile := filepath.Join(ta.cfgHome, "token")
	if err := os.WriteFile(tokenFile, []byte("tok\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	writeConfig(t, ta, `
[[account]]
name = "home"
type = "miniflux"
url = "`+srv.URL+`"
token_file = "`+tokenFile+`"

[[account]]
name = "work"
type = "miniflux"
url = "`+down.URL+`"
token = "tok"`)
	if err := os.WriteFile(filepath.Join(ta.cfgHome, "herald", "feeds"), []byte("# none\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	code := ta.run("sync")
	out := ta.out.String()
	if code != 1 || !strings.Contains(out, "home: pushed 0 marks, pulled 2 entries and 0 changes\n") ||
		!strings.Contains(out, "work: failed: pull: cannot reach") {
		t.Fatalf("exit %d, stdout:\n%s", code, out)
	}
	assertErrorLine(t, ta.errOut.String(), "sync failed: work")
	if strings.Contains(out+ta.errOut.String(), "tok") {
		t.Error("the token was printed")
	}

	// Only the account asked for; its feed is listed with its account.
	ta.out.Reset()
	ta.errOut.Reset()
	if code := ta.run("sync", "--account", "home"); code != 0 || strings.Count(ta.out.String(), "\n") != 1 {
		t.Errorf("sync --account home: exit %d, %q %q", code, ta.out.String(), ta.errOut.String())
	}
	ta.out.Reset()
	if code := ta.run("feeds", "--json"); code != 0 {
		t.Fatalf("feeds: %d %s", code, ta.errOut.String())
	}
	var feeds []map[string]any
	if err := json.Unmarshal(ta.out.Bytes(), &feeds); err != nil || len(feeds) != 1 ||
		feeds[0]["account"] != "home" || feeds[0]["url"] != "https://a.example/feed" || feeds[0]["unread"] != float64(2) {
		t.Errorf("feeds --json: %s (%v)", ta.out.String(), err)
	}
	ta.errOut.Reset()
	if code := ta.run("sync", "--account", "nowhere"); code != 1 || !strings.Contains(ta.errOut.String(), `no account "nowhere" (the config has home, work)`) {
		t.Errorf("unknown account: %d %q", code, ta.errOut.String())
	}
}

func TestSecretFileOthersCanReadIsWarnedAbout(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	ta := newTestApp(t)
	tokenFile := filepath.Join(ta.cfgHome, "token")
	if err := os.WriteFile(tokenFile, []byte("tok\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeConfig(t, ta, `
[[account]]
name = "home"
type = "miniflux"
url = "`+srv.URL+`"
token_file = "`+tokenFile+`"`)
	if code := ta.run("sync"); code != 0 {
		t.Fatalf("sync: %d %s", code, ta.errOut.String())
	}
	if !strings.Contains(ta.errOut.String(), "herald: warning:") || !strings.Contains(ta.errOut.String(), "chmod 600 "+tokenFile) {
		t.Errorf("stderr %q", ta.errOut.String())
	}
}
