package cli

import (
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/herald-reader/herald"

// layers is every package of herald and the herald packages it may import
// (outside its tests). The arrows point one way: the front-ends (cli, ui)
// over the use-cases (app) over the parts, and ui reaches data only through
// the interface it declares, so it imports nothing but the article model
// and the terminal-safety filter.
var layers = map[string][]string{
	"":         {"cli"},
	"cli":      {"app", "ui", "config", "articles", "termsafe"},
	"app":      {"config", "store", "feed", "fetch", "page", "feedlist", "articles", "termsafe", "remote", "remote/miniflux", "remote/greader"},
	"ui":       {"articles", "termsafe"},
	"config":   {},
	"store":    {"articles"},
	"feed":     {"articles", "termsafe"},
	"page":     {"articles", "termsafe"},
	"fetch":    {"termsafe"},
	"feedlist": {"termsafe"},
	"articles": {"termsafe"},
	"termsafe": {},
	// The sync clients: one per protocol over what they share, and
	// nothing of herald's but the safety filter. Their test servers
	// stand alone.
	"remote":                       {"termsafe", "articles"},
	"remote/miniflux":              {"remote"},
	"remote/greader":               {"remote"},
	"remote/miniflux/minifluxtest": {},
	"remote/greader/greadertest":   {},
	"bench/feedserver":             {},
	"bench/cachefill":              {"bench/fixture"},
	"bench/marksave":               {"store"},
	"bench/fixture":                {"store", "articles"},
}

// TestLayers fails when a package imports one of herald's packages it must
// not, or when a package appears that the layers above do not place.
func TestLayers(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if _, none := err.(*build.NoGoError); none {
			return nil
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			rel = ""
		}
		seen[rel] = true
		allowed, known := layers[rel]
		if !known {
			t.Errorf("package %q has no place in the layers: add it to layers in layers_test.go", rel)
			return nil
		}
		for _, imp := range pkg.Imports {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
			if !slices.Contains(allowed, dep) {
				t.Errorf("%s imports %s, which it must not (allowed: %v)", orRoot(rel), dep, allowed)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range layers {
		if !seen[pkg] {
			t.Errorf("layers names %q, which is not a package any more", pkg)
		}
	}
}

func orRoot(rel string) string {
	if rel == "" {
		return "main"
	}
	return rel
}

// maxFileLines is where a file becomes two files waiting to be split.
const maxFileLines = 600

// TestFileSizes keeps every non-test Go file under maxFileLines lines and
// the root package down to main.go.
func TestFileSizes(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if filepath.Dir(path) == root && d.Name() != "main.go" {
			t.Errorf("%s: the root package holds only main.go", d.Name())
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if n := strings.Count(string(data), "\n"); n > maxFileLines {
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s has %d lines, more than %d", rel, n, maxFileLines)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
