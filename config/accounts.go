package config

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Account types.
const (
	Miniflux = "miniflux"
	GReader  = "greader"
)

// Account is one sync server from an [[account]] table.
type Account struct {
	Name     string // how herald names it in output and in the library
	Type     string // Miniflux or GReader
	URL      string // the server's address
	Username string
	// Token is Miniflux's API key; Password the account's (or, on a Google
	// Reader API server, its API password). Either may come from a file.
	Token, Password Secret
}

// Secret is a token or password. It prints as "[secret]" in every format,
// and in JSON, so no log line or --json output can carry it by mistake;
// Reveal gives the value to the code that sends it.
type Secret struct{ v string }

// NewSecret wraps s.
func NewSecret(s string) Secret { return Secret{v: s} }

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return s.v }

// Set reports whether there is a secret.
func (s Secret) Set() bool { return s.v != "" }

// String implements fmt.Stringer.
func (s Secret) String() string {
	if s.v == "" {
		return ""
	}
	return "[secret]"
}

// GoString implements fmt.GoStringer, for %#v.
func (s Secret) GoString() string { return s.String() }

// Format implements fmt.Formatter, so no verb prints the value.
func (s Secret) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }

// MarshalJSON implements json.Marshaler.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// MarshalText implements encoding.TextMarshaler.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

type fileAccount struct {
	Name         *string `toml:"name"`
	Type         *string `toml:"type"`
	URL          *string `toml:"url"`
	Username     *string `toml:"username"`
	Token        *string `toml:"token"`
	TokenFile    *string `toml:"token_file"`
	Password     *string `toml:"password"`
	PasswordFile *string `toml:"password_file"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}

// accounts validates the [[account]] tables. Errors name the account and
// the key; warnings are for files holding a secret that others can read.
func accounts(list []fileAccount, configDir string) (out []Account, warnings []string, err error) {
	seen := map[string]bool{}
	for i, fa := range list {
		a := Account{Name: str(fa.Name), Type: strings.ToLower(str(fa.Type)), URL: str(fa.URL), Username: str(fa.Username)}
		where := fmt.Sprintf("account %d", i+1)
		if a.Name != "" {
			where = fmt.Sprintf("account %q", a.Name)
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s: "+format, append([]any{where}, args...)...)
		}
		switch {
		case a.Name == "":
			return nil, nil, fail("name: missing (every [[account]] needs a name)")
		case !validName(a.Name):
			return nil, nil, fail("name: use letters, digits, '-', '_' or '.'")
		case seen[a.Name]:
			return nil, nil, fail("name: two accounts have this name")
		}
		seen[a.Name] = true
		if a.Type != Miniflux && a.Type != GReader {
			return nil, nil, fail("type: %q is not a known type (miniflux or greader)", str(fa.Type))
		}
		u, perr := url.Parse(a.URL)
		if a.URL == "" || perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, nil, fail("url: %q is not an http or https address", a.URL)
		}
		if u.User != nil {
			return nil, nil, fail("url: put the username and password in their own keys, not in the address")
		}
		var warn []string
		if a.Token, warn, err = secret(fa.Token, fa.TokenFile, "token", configDir); err != nil {
			return nil, nil, fail("%v", err)
		}
		warnings = append(warnings, prefix(where, warn)...)
		if a.Password, warn, err = secret(fa.Password, fa.PasswordFile, "password", configDir); err != nil {
			return nil, nil, fail("%v", err)
		}
		warnings = append(warnings, prefix(where, warn)...)
		switch a.Type {
		case Miniflux:
			if !a.Token.Set() && (a.Username == "" || !a.Password.Set()) {
				return nil, nil, fail("token: missing (give token or token_file, or username with password or password_file)")
			}
		case GReader:
			if a.Username == "" {
				return nil, nil, fail("username: missing (a Google Reader API server logs in with a username and a password)")
			}
			if !a.Password.Set() {
				return nil, nil, fail("password: missing (give password or password_file)")
			}
		}
		out = append(out, a)
	}
	return out, warnings, nil
}

func prefix(where string, list []string) []string {
	for i, w := range list {
		list[i] = where + ": " + w
	}
	return list
}

func validName(s string) bool {
	for _, r := range s {
		ok := r == '-' || r == '_' || r == '.' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !ok {
			return false
		}
	}
	return s != ""
}

// secret reads key's value, from the config or from the file key_file
// names (relative to the config's folder, or from ~/). The file's first
// line is the secret; a file others can read is a warning, not an error,
// so a shared machine's user learns of it without losing the sync.
func secret(inline, file *string, key, configDir string) (Secret, []string, error) {
	if inline != nil && file != nil {
		return Secret{}, nil, fmt.Errorf("%s and %s_file: give one of them, not both", key, key)
	}
	if inline != nil {
		if *inline == "" {
			return Secret{}, nil, fmt.Errorf("%s: empty", key)
		}
		return Secret{v: *inline}, nil, nil
	}
	if file == nil {
		return Secret{}, nil, nil
	}
	path := expandHome(str(file))
	if path == "" {
		return Secret{}, nil, fmt.Errorf("%s_file: empty", key)
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(configDir, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Secret{}, nil, fmt.Errorf("%s_file %s: %s", key, path, DescribeFileError(err))
	}
	line, _, _ := strings.Cut(string(data), "\n")
	line = strings.TrimSpace(line)
	if line == "" {
		return Secret{}, nil, fmt.Errorf("%s_file %s: the file is empty", key, path)
	}
	var warnings []string
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o044 != 0 {
		warnings = append(warnings, fmt.Sprintf("%s_file %s can be read by other users (chmod 600 %s)", key, path, path))
	}
	return Secret{v: line}, warnings, nil
}

func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

// AccountNamed returns the account called name.
func (c Config) AccountNamed(name string) (Account, error) {
	for _, a := range c.Accounts {
		if a.Name == name {
			return a, nil
		}
	}
	if len(c.Accounts) == 0 {
		return Account{}, fmt.Errorf("no account %q: %s has no [[account]] tables", name, c.File)
	}
	names := make([]string, len(c.Accounts))
	for i, a := range c.Accounts {
		names[i] = a.Name
	}
	return Account{}, fmt.Errorf("no account %q (the config has %s)", name, strings.Join(names, ", "))
}
