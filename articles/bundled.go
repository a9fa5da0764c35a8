package articles

import (
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// bundledFiles are the articles shipped in the binary; a first run
// teaches itself with them.
//
//go:embed bundled/*.md
var bundledFiles embed.FS

// BundledSource is the Source of a bundled article whose front matter
// names no site.
const BundledSource = "Bundled"

// Bundled returns the articles embedded in the binary, newest first. IDs
// are "bundled:<file stem>"; Source is the front matter's site name, or
// "Bundled".
func Bundled() ([]Article, error) {
	names, err := fs.Glob(bundledFiles, "bundled/*.md")
	if err != nil {
		return nil, err
	}
	out := make([]Article, 0, len(names))
	for _, name := range names {
		src, err := bundledFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		a, err := ParseMarkdown(src)
		if err != nil {
			return nil, fmt.Errorf("bundled article %s: %w", name, err)
		}
		a.ID = "bundled:" + strings.TrimSuffix(path.Base(name), ".md")
		if a.Source == "" {
			a.Source = BundledSource
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(x, y Article) int {
		if c := y.Published.Compare(x.Published); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	return out, nil
}
