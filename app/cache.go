package app

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/herald-reader/herald/store"
)

// cacheError is a cache herald cannot use as it is, in words, with what the
// user can do about it.
type cacheError struct {
	path, text string
	err        error
}

func (e *cacheError) Error() string { return e.text }
func (e *cacheError) Unwrap() error { return e.err }

// describeCacheError puts what the user can do into a cache error they
// cannot fix by trying again: a damaged file, or a read-only one asked to
// change. Other errors pass unchanged.
func describeCacheError(path string, err error) error {
	var ce *cacheError
	var de *store.DamagedError
	switch {
	case err == nil || errors.As(err, &ce):
		return err
	case errors.As(err, &de):
		return &cacheError{path: path, err: err, text: fmt.Sprintf(
			"the cache %s is damaged (%s): move it aside, e.g. rename it to %s.broken, and herald starts a fresh cache, keeping your config and feed list",
			path, de.Reason, filepath.Base(path))}
	case errors.Is(err, store.ErrReadOnly):
		return &cacheError{path: path, err: err, text: fmt.Sprintf(
			"the cache %s is read-only: nothing is saved (reading works); make the file and its folder writable to fetch and keep marks", path)}
	}
	return err
}

// cacheErr is describeCacheError for this App's cache.
func (a *App) cacheErr(err error) error {
	return describeCacheError(a.cfg.DBPath, err)
}

// ReadOnly reports whether the cache is open but may not be written: the
// library can be read, nothing can be saved.
func (a *App) ReadOnly() bool { return a.st != nil && a.st.ReadOnly() }
