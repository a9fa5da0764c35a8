package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAccountsLoadWithSecretsInlineAndFromFiles(t *testing.T) {
	path := writeConfig(t, `
[[account]]
name = "home"
type = "miniflux"
url = "http://127.0.0.1:8080"
token_file = "mf-token"

[[account]]
name = "fresh"
type = "greader"
url = "https://fresh.example/api/greader.php"
username = "ann"
password = "hunter2"
`)
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "mf-token"), []byte("tok-123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, false, UISpec{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Accounts) != 2 || len(cfg.Warnings) != 0 {
		t.Fatalf("accounts %+v, warnings %v", cfg.Accounts, cfg.Warnings)
	}
	home, fresh := cfg.Accounts[0], cfg.Accounts[1]
	if home.Type != Miniflux || home.Token.Reveal() != "tok-123" || fresh.Password.Reveal() != "hunter2" || fresh.Username != "ann" {
		t.Errorf("accounts: %+v %+v", home, fresh)
	}
	// No way of printing an account shows its secret.
	j, _ := json.Marshal(cfg.Accounts)
	for _, s := range []string{fmt.Sprint(cfg.Accounts), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg.Accounts), fmt.Sprintf("%q %x %s", home.Token, home.Token, fresh.Password), string(j)} {
		if strings.Contains(s, "tok-123") || strings.Contains(s, "hunter2") {
			t.Errorf("a secret was printed: %s", s)
		}
	}
	if a, err := cfg.AccountNamed("fresh"); err != nil || a.URL != "https://fresh.example/api/greader.php" {
		t.Errorf("AccountNamed: %+v, %v", a, err)
	}
	if _, err := cfg.AccountNamed("work"); err == nil || !strings.Contains(err.Error(), "home, fresh") {
		t.Errorf("unknown account: %v", err)
	}
}

func TestSecretFileReadableByOthersIsAWarning(t *testing.T) {
	path := writeConfig(t, `
[[account]]
name = "home"
type = "greader"
url = "http://127.0.0.1:8080"
username = "ann"
password_file = "pw"
`)
	pw := filepath.Join(filepath.Dir(path), "pw")
	if err := os.WriteFile(pw, []byte("hunter2"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, false, UISpec{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Warnings) != 1 || !strings.Contains(cfg.Warnings[0], pw) || !strings.Contains(cfg.Warnings[0], "other users") ||
		strings.Contains(cfg.Warnings[0], "hunter2") {
		t.Errorf("warnings: %q", cfg.Warnings)
	}
}

func TestAccountErrorsNameTheFileAndTheKey(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`[[account]]
type = "miniflux"`, `account 1: name: missing`},
		{`[[account]]
name = "home"
type = "newsblur"
url = "http://x"`, `account "home": type: "newsblur" is not a known type`},
		{`[[account]]
name = "home"
type = "miniflux"
url = "ftp://x"`, `account "home": url: "ftp://x" is not an http or https address`},
		{`[[account]]
name = "home"
type = "miniflux"
url = "http://x"`, `account "home": token: missing`},
		{`[[account]]
name = "home"
type = "miniflux"
url = "http://x"
token = "a"
token_file = "b"`, `token and token_file: give one of them, not both`},
		{`[[account]]
name = "home"
type = "greader"
url = "http://x"
username = "ann"
password_file = "nowhere"`, `password_file `},
		{`[[account]]
name = "home"
type = "miniflux"
url = "http://x"
token = "a"
[[account]]
name = "home"
type = "miniflux"
url = "http://y"
token = "b"`, `two accounts have this name`},
		{`[[account]]
name = "home"
type = "miniflux"
url = "http://x"
tokn = "a"`, `unknown key "account.tokn"`},
	} {
		path := writeConfig(t, tc.body)
		_, err := Load(path, false, UISpec{})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("config %q: error %v, want one naming %s and saying %q", tc.body, err, path, tc.want)
		}
		if err != nil && strings.Contains(tc.want, "password_file") && !strings.Contains(err.Error(), "no such file") {
			t.Errorf("missing secret file: %v", err)
		}
	}
}
