package cli

import (
	"regexp"
	"runtime/debug"
	"time"
)

// version is set at release time with
// -ldflags "-X github.com/herald-reader/herald/cli.version=v1.2.3".
var version = "dev"

// buildVersion is what herald knows of the build it is: a release version,
// or the commit it was built from.
type buildVersion struct {
	release  string    // "v1.2.3", or a pseudo-version from go install @commit
	revision string    // the commit, in full; "" when not built from a checkout
	modified bool      // the checkout had changes not committed
	time     time.Time // the commit's date
}

// pseudoVersion matches the tail Go gives a version that is not a tag
// (v0.0.0-20260102150405-abcdef123456): since Go 1.24, go build in a
// checkout stamps one, and the commit says more than it.
var pseudoVersion = regexp.MustCompile(`\d{14}-[0-9a-f]{12}(\+dirty)?$`)

// readVersion reads the build: the -ldflags version first, then the build
// info Go records.
func readVersion() buildVersion {
	if version != "dev" {
		return buildVersion{release: version}
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return buildVersion{}
	}
	return versionFromBuildInfo(info)
}

// versionFromBuildInfo picks, from what Go recorded: the module version when
// it is a real tag (go install module@v1.2.3, or a build of a clean tagged
// checkout); else the VCS revision, whether it was modified and its date
// (go build in a checkout); else whatever version go install recorded.
func versionFromBuildInfo(info *debug.BuildInfo) buildVersion {
	var v buildVersion
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.revision = s.Value
		case "vcs.modified":
			v.modified = s.Value == "true"
		case "vcs.time":
			v.time, _ = time.Parse(time.RFC3339, s.Value)
		}
	}
	mv := info.Main.Version
	if mv == "(devel)" {
		mv = ""
	}
	tagged := mv != "" && !pseudoVersion.MatchString(mv)
	if tagged && !v.modified || v.revision == "" {
		v.release = mv
	}
	return v
}

// String is what --version prints: "v1.2.3", or
// "4ec644e1b2c3 (modified) built from the commit of 2026-01-02 15:04 UTC",
// or "dev" when nothing is known.
func (v buildVersion) String() string {
	if v.release != "" {
		return v.release
	}
	if v.revision == "" {
		return "dev"
	}
	s := shortRevision(v.revision)
	if v.modified {
		s += " (modified)"
	}
	if !v.time.IsZero() {
		s += ", commit of " + v.time.UTC().Format("2006-01-02 15:04 UTC")
	}
	return s
}

// Token is the version as one word, for the User-Agent and logs:
// "v1.2.3", "4ec644e1b2c3", "4ec644e1b2c3-modified" or "dev".
func (v buildVersion) Token() string {
	switch {
	case v.release != "":
		return v.release
	case v.revision == "":
		return "dev"
	case v.modified:
		return shortRevision(v.revision) + "-modified"
	}
	return shortRevision(v.revision)
}

// shortRevision is the first 12 characters of a commit hash, as Go's own
// pseudo-versions write it.
func shortRevision(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// versionString is the one-word version every component reports.
func versionString() string { return readVersion().Token() }
