package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestXDGPaths(t *testing.T) {
	env := map[string]string{"XDG_CONFIG_HOME": "/cfg", "XDG_DATA_HOME": "/data"}
	getenv := func(k string) string { return env[k] }
	if got := DefaultPath(getenv); got != filepath.FromSlash("/cfg/herald/config.toml") {
		t.Errorf("config path %q", got)
	}
	if got := DefaultDBPath(getenv); got != filepath.FromSlash("/data/herald/herald.db") {
		t.Errorf("db path %q", got)
	}
	// The XDG spec says relative values are ignored.
	env = map[string]string{"XDG_CONFIG_HOME": "relative", "XDG_DATA_HOME": "relative"}
	if got := DefaultPath(getenv); !filepath.IsAbs(got) || strings.HasPrefix(got, "relative") {
		t.Errorf("relative XDG_CONFIG_HOME was used: %q", got)
	}
	if got := DefaultDBPath(getenv); !filepath.IsAbs(got) || strings.HasPrefix(got, "relative") {
		t.Errorf("relative XDG_DATA_HOME was used: %q", got)
	}
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want int64
		ok   bool
	}{
		{"16MiB", 16 << 20, true},
		{"16 mib", 16 << 20, true},
		{"512KiB", 512 << 10, true},
		{"1GiB", 1 << 30, true},
		{"2MB", 2_000_000, true},
		{"4k", 4 << 10, true},
		{"100B", 100, true},
		{"1048576", 1 << 20, true},
		{int64(4096), 4096, true},
		{"", 0, false},
		{"MiB", 0, false},
		{"-1MiB", 0, false},
		{"1.5MiB", 0, false},
		{"16 parsecs", 0, false},
		{"99999999999GiB", 0, false},
		{true, 0, false},
	} {
		got, err := parseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseSize(%#v) = %d, %v; want %d, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
