package cli

import (
	"runtime/debug"
	"testing"
)

func TestVersionFromBuildInfo(t *testing.T) {
	vcs := func(rev, modified, when string) []debug.BuildSetting {
		return []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: when},
			{Key: "vcs.modified", Value: modified},
		}
	}
	const rev = "4ec644e1b2c3d4e5f60718293a4b5c6d7e8f9012"
	for _, tc := range []struct {
		name      string
		version   string
		settings  []debug.BuildSetting
		want      string
		wantToken string
	}{
		{name: "go install @version", version: "v1.2.3", want: "v1.2.3", wantToken: "v1.2.3"},
		{name: "go install @commit", version: "v0.0.0-20260102150405-4ec644e1b2c3", want: "v0.0.0-20260102150405-4ec644e1b2c3", wantToken: "v0.0.0-20260102150405-4ec644e1b2c3"},
		{
			name:    "go build in a modified checkout",
			version: "v0.0.0-20260102150405-4ec644e1b2c3+dirty", settings: vcs(rev, "true", "2026-01-02T15:04:05Z"),
			want: "4ec644e1b2c3 (modified), commit of 2026-01-02 15:04 UTC", wantToken: "4ec644e1b2c3-modified",
		},
		{
			name:    "go build in a clean checkout",
			version: "v0.0.0-20260102150405-4ec644e1b2c3", settings: vcs(rev, "false", "2026-01-02T15:04:05Z"),
			want: "4ec644e1b2c3, commit of 2026-01-02 15:04 UTC", wantToken: "4ec644e1b2c3",
		},
		{
			name:    "go build of a tagged checkout",
			version: "v1.2.3", settings: vcs(rev, "false", "2026-01-02T15:04:05Z"),
			want: "v1.2.3", wantToken: "v1.2.3",
		},
		{
			name:    "go build of a tagged checkout with changes",
			version: "v1.2.3+dirty", settings: vcs(rev, "true", "2026-01-02T15:04:05Z"),
			want: "4ec644e1b2c3 (modified), commit of 2026-01-02 15:04 UTC", wantToken: "4ec644e1b2c3-modified",
		},
		{name: "go run, no VCS stamp", version: "(devel)", want: "dev", wantToken: "dev"},
		{name: "nothing at all", want: "dev", wantToken: "dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			info := &debug.BuildInfo{Main: debug.Module{Path: module, Version: tc.version}, Settings: tc.settings}
			v := versionFromBuildInfo(info)
			if got := v.String(); got != tc.want {
				t.Errorf("--version says %q, want %q", got, tc.want)
			}
			if got := v.Token(); got != tc.wantToken {
				t.Errorf("the User-Agent version is %q, want %q", got, tc.wantToken)
			}
		})
	}
}
