package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/page"
	"github.com/herald-reader/herald/termsafe"
)

// MaxReadSize caps what ReadInput loads: far above any article, low enough
// that a wrong file (a disk image, /dev/zero) fails fast.
const MaxReadSize = 32 << 20

// IsURL reports a target to read from the web rather than from a file.
func IsURL(target string) bool {
	lower := strings.ToLower(target)
	return strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")
}

// ReadFile reads and parses a file, or standard input ("-", read from
// stdin). A web page goes through reader mode, as one read from the web
// does, unless whole asks for all of it. It needs no settings, so a broken
// config does not stop it. Its errors are complete sentences for the one
// stderr line.
func ReadFile(target string, stdin io.Reader, whole bool) (articles.Article, error) {
	shown := termsafe.Safe(target)
	src, err := ReadInput(target, stdin)
	if err != nil {
		return articles.Article{}, fmt.Errorf("read %s: %s", shown, err)
	}
	// Parse rejects empty input too; checking here gives the same message
	// for a file of nothing but blank lines whatever the parser decides.
	if len(strings.TrimSpace(string(src))) == 0 {
		return articles.Article{}, fmt.Errorf("read %s: %s", shown, parseFailure(target, articles.ErrEmpty))
	}
	var art articles.Article
	if err = articles.CheckText(src); err == nil {
		switch {
		case !articles.IsHTML(target, src):
			art, err = articles.Parse(target, src)
		case whole:
			art, err = page.Whole(src, "", "")
		default:
			art, err = page.Article(src, "", "")
		}
	}
	if err != nil {
		return articles.Article{}, fmt.Errorf("read %s: %s", shown, parseFailure(target, err))
	}
	if art.Title == "" {
		art.Title = titleFromName(target)
	}
	if art.Source == "" && target != "-" {
		art.Source = termsafe.Safe(filepath.Base(target))
	}
	return art.WithLinks(), nil
}

// titleFromName is a file's title when its text names none: its name
// without the extension.
func titleFromName(target string) string {
	if target == "-" {
		return "Untitled"
	}
	base := filepath.Base(target)
	if t := termsafe.SafeLine(strings.TrimSuffix(base, filepath.Ext(base))); t != "" {
		return t
	}
	return "Untitled"
}

// parseFailure words a parser error for the one stderr line.
func parseFailure(target string, err error) string {
	if target == "-" {
		switch {
		case errors.Is(err, articles.ErrEmpty):
			return "standard input is empty"
		case errors.Is(err, articles.ErrBinary):
			return "standard input is not text"
		}
	}
	switch {
	case errors.Is(err, articles.ErrEmpty):
		return articles.ErrEmpty.Error()
	case errors.Is(err, articles.ErrBinary):
		return articles.ErrBinary.Error()
	}
	return termsafe.Safe(err.Error())
}

// ReadInput reads a file, or stdin for "-", under the size cap, refusing
// directories. Its errors say what is wrong without repeating the name.
func ReadInput(target string, stdin io.Reader) ([]byte, error) {
	if target == "-" {
		return readCapped(stdin)
	}
	f, err := os.Open(target)
	if err != nil {
		return nil, errors.New(config.DescribeFileError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, errors.New(config.DescribeFileError(err))
	}
	if info.IsDir() {
		return nil, errors.New("is a directory, not a file")
	}
	if info.Mode().IsRegular() && info.Size() > MaxReadSize {
		return nil, tooLarge()
	}
	// Pipes and devices have no size; the cap applies while reading.
	return readCapped(f)
}

func readCapped(r io.Reader) ([]byte, error) {
	src, err := io.ReadAll(io.LimitReader(r, MaxReadSize+1))
	if err != nil {
		return nil, errors.New(config.DescribeFileError(err))
	}
	if len(src) > MaxReadSize {
		return nil, tooLarge()
	}
	return src, nil
}

func tooLarge() error {
	return fmt.Errorf("is larger than %d MiB, too large to be an article", MaxReadSize>>20)
}

// ReadURL fetches a web page and extracts its main text (reader mode, or
// the whole page with the WholePage setting, herald read --whole) under the
// configured timeout and size cap.
func (a *App) ReadURL(ctx context.Context, target string) (articles.Article, error) {
	whole := a.cfg.WholePage
	shown := termsafe.Safe(target)
	if a.cfg.Offline {
		return articles.Article{}, fmt.Errorf("read %s: not reading a URL with --offline", shown)
	}
	p, err := a.client.Page(ctx, target, page.Accept)
	var art articles.Article
	switch {
	case err != nil:
	case whole:
		art, err = page.Whole(p.Body, p.ContentType, p.URL)
	default:
		art, err = page.Article(p.Body, p.ContentType, p.URL)
	}
	if err != nil {
		return articles.Article{}, fmt.Errorf("read %s: %s", shown, termsafe.Safe(err.Error()))
	}
	if art.ID == "" {
		art.ID = target
	}
	if art.Source == "" {
		if u, err := url.Parse(target); err == nil {
			art.Source = termsafe.Safe(u.Hostname())
		}
	}
	return art.WithLinks(), nil
}
