// Package store is herald's SQLite cache: the feeds herald follows with their
// HTTP validators and last fetch result, and the articles fetched from them
// with their read and starred marks.
//
// The cache is built to open at once however large it grows: the library's
// list query reads only the small article rows, while bodies live in a table
// of their own that is read when one article opens. Several herald processes
// may use one cache at the same time (a `herald fetch` while the TUI runs):
// the database is in WAL mode, so readers never wait for writers, and every
// write is a BEGIN IMMEDIATE transaction behind a busy timeout, so writers
// queue instead of failing. Each feed's items land in one transaction, so a
// crash or a kill mid-fetch leaves the cache as it was before that feed.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

// ErrNotFound is returned (wrapped) for an article id the cache does not hold.
var ErrNotFound = errors.New("not in the cache")

// ErrNewerSchema is returned (wrapped) by Open when the cache was written by
// a newer herald: this one refuses to touch it rather than risk damaging it.
var ErrNewerSchema = errors.New("the cache was written by a newer version of herald")

// busyTimeout is how long a write waits for another process's write to end.
// A whole feed's transaction takes milliseconds; ten seconds covers a busy
// machine without letting a stuck peer hang herald for ever.
const busyTimeout = 10 * time.Second

// Store is an open cache. Its methods are safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	// writeMu queues this process's writers in Go, where the hand-off is
	// immediate; SQLite's busy handler, which only another process's writer
	// meets, sleeps in steps of up to 100 ms.
	writeMu sync.Mutex
	now     func() time.Time
}

// Option changes how Open opens a cache.
type Option func(*openOptions)

type openOptions struct {
	indexProgress IndexProgress
}

// WithIndexProgress has Open report the building of the search index,
// which an existing cache without one needs once (about half a minute for
// 50,000 articles).
func WithIndexProgress(p IndexProgress) Option {
	return func(o *openOptions) { o.indexProgress = p }
}

// Open opens the cache at path, creating its folder (mode 0700) and the file
// (mode 0600) when they are missing, and brings the schema and the search
// index up to date.
func Open(path string, opts ...Option) (*Store, error) {
	var o openOptions
	for _, opt := range opts {
		opt(&o)
	}
	if path == "" {
		return nil, errors.New("open cache: no path given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	// Created here rather than by SQLite so the file (and the -wal and -shm
	// files, which SQLite gives the same mode) is private: it holds what the
	// user reads.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	f.Close()

	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("open cache %s: %w", abs, err)
	}
	// Readers run side by side under WAL; writers are queued by writeMu, so
	// a few connections are plenty and keep memory bounded.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(0)

	s := &Store{db: db, path: abs, now: time.Now}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open cache %s: %w", abs, err)
	}
	if err := s.ensureIndex(context.Background(), o.indexProgress); err != nil {
		db.Close()
		return nil, fmt.Errorf("open cache %s: building the search index: %w", abs, err)
	}
	return s, nil
}

// OpenReadOnly opens an existing cache for reading only, for the shell's
// completion, which must be quick and must never write: no file or folder
// is created, not even SQLite's -wal and -shm beside the cache, and the
// schema is not migrated; a missing file is an error. The price of
// immutable is that a write still in another herald's WAL is not seen (and
// a query racing a checkpoint may fail): callers that use this are the
// ones for whom an answer a moment old, or none, will do.
func OpenReadOnly(path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("immutable", "1")
	q.Add("_pragma", "query_only(1)")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return &Store{db: db, path: abs, now: time.Now}, nil
}

// dsn builds a file: URI so that any character in the path ('?', '#', '%')
// reaches SQLite intact instead of being read as the start of the options.
func dsn(abs string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(busyTimeout.Milliseconds(), 10)+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)") // in WAL mode a kill loses nothing committed
	q.Add("_pragma", "foreign_keys(ON)")
	// 512 KiB of page cache a connection, not 2 MiB: the list query scans
	// once and gains nothing from more, and the TUI's peak memory at 50,000
	// articles drops by about 5 MB.
	q.Add("_pragma", "cache_size(-512)")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	// url.URL writes "file:///abs"; SQLite accepts that form.
	return u.String()
}

// Path is the absolute path of the cache file.
func (s *Store) Path() string { return s.path }

// Close closes the cache. Writes already returned are on disk.
func (s *Store) Close() error {
	return s.db.Close()
}

// write runs fn in one BEGIN IMMEDIATE transaction: either all of it lands or
// none of it does.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Times are stored as Unix milliseconds; NULL or 0 means unknown.
func toMillis(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

func fromMillis(n sql.NullInt64) time.Time {
	if !n.Valid || n.Int64 == 0 {
		return time.Time{}
	}
	return time.UnixMilli(n.Int64)
}

// parseID reads herald's article id, the decimal string List returns.
func parseID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("article %q: %w", id, ErrNotFound)
	}
	return n, nil
}

// oneRow turns a write that touched no row into ErrNotFound for article id:
// an id the cache does not hold, or no longer (retention removed it).
func oneRow(res sql.Result, id string) error {
	k, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if k == 0 {
		return fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	return nil
}
