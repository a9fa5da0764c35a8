// Package store is herald's SQLite cache: the feeds herald follows with their
// HTTP validators and last fetch result, and the articles fetched from them
// with their read and starred marks.
//
// The cache is built to open at once however large it grows: the library's
// list query reads only the small article rows, while bodies live in a table
// of their own that is read when one article opens. Several herald processes
// may use one cache at the same time (a `herald fetch` while the TUI runs):
// the database is in WAL mode, so readers never wait for writers, and every
// write is a BEGIN IMMEDIATE transaction that waits its turn (write.go), so
// writers queue instead of failing. No transaction is long: a big feed is
// saved in chunks, its validators last, so a crash or a kill mid-fetch loses
// nothing already saved and the next fetch brings the rest.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is returned (wrapped) for an article id the cache does not hold.
var ErrNotFound = errors.New("not in the cache")

// ErrNewerSchema is returned (wrapped) by Open when the cache was written by
// a newer herald: this one refuses to touch it rather than risk damaging it.
var ErrNewerSchema = errors.New("the cache was written by a newer version of herald")

// ErrDamaged is returned (wrapped) when the cache file is not an SQLite
// database or its pages are corrupt. Nothing herald does repairs it; the
// user moves it aside and herald starts a fresh one.
var ErrDamaged = errors.New("the cache file is damaged")

// ErrReadOnly is returned (wrapped) by every write to a cache opened
// read-only (the file or its folder cannot be written): reading works.
var ErrReadOnly = errors.New("the cache is read-only")

// readBusyTimeout is how long a reader waits when SQLite asks it to (WAL
// recovery after a crash, a checkpoint resetting the log): rare, and short.
const readBusyTimeout = 10 * time.Second

// Store is an open cache. Its methods are safe for concurrent use.
type Store struct {
	// db serves reads; wdb, one connection, serves every write (nil when
	// the cache is read-only). wdb's busy timeout is zero: begin waits for
	// another process's writer itself.
	db, wdb *sql.DB
	path    string
	// writeMu queues this process's writers in Go, where the hand-off is
	// immediate.
	writeMu sync.Mutex
	// writeWait and chunkItems start as the constants; tests shorten them.
	writeWait  time.Duration
	chunkItems int
	now        func() time.Time
	// pendingMu guards pending, a read-only cache's temporary search
	// index (pendingindex.go), and the searches that use it.
	pendingMu sync.Mutex
	pending   *pendingIndex
	// stampMu guards lastStamp, the last seenStamp given.
	stampMu   sync.Mutex
	lastStamp int64
	// ckpt checkpoints the WAL off the writers' path (checkpoint.go); nil
	// when the cache is read-only.
	ckpt *checkpointer
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
// index up to date. A cache herald may not write (its file or its folder
// is read-only) opens read-only when its schema is current: reads work,
// writes fail with ErrReadOnly. A path that is not a regular file
// (/dev/null, a folder) is refused before SQLite creates anything beside
// it.
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
	if fi, err := os.Stat(abs); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("open cache %s: not a regular file; give --db the path of a file herald may create", abs)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	// Created here rather than by SQLite so the file (and the -wal and -shm
	// files, which SQLite gives the same mode) is private: it holds what the
	// user reads.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if _, statErr := os.Stat(abs); statErr == nil && notWritable(err) {
			return openUnwritable(abs)
		}
		return nil, fmt.Errorf("open cache: %w", err)
	}
	f.Close()

	db, err := sql.Open("sqlite", dsn(abs, readBusyTimeout, false))
	if err != nil {
		return nil, fmt.Errorf("open cache %s: %w", abs, err)
	}
	// Readers run side by side under WAL; a few connections are plenty and
	// keep memory bounded.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(0)
	// The writer leaves checkpoints to the checkpointer, unless it falls
	// far behind (a reader holding an old snapshot for long).
	wdb, err := sql.Open("sqlite", dsn(abs, 0, false, "wal_autocheckpoint(16000)"))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open cache %s: %w", abs, err)
	}
	// Writers are queued by writeMu: one connection is all they use.
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxIdleTime(0)

	s := newStore(db, wdb, abs)
	if err := s.migrate(context.Background()); err != nil {
		s.Close()
		if folderReadOnly(abs) {
			// The file may be written but its folder may not: SQLite
			// cannot make the -wal and -shm files beside it.
			return openUnwritable(abs)
		}
		return nil, fmt.Errorf("open cache %s: %w", abs, damaged(err))
	}
	if err := s.ensureIndex(context.Background(), o.indexProgress); err != nil {
		s.Close()
		return nil, fmt.Errorf("open cache %s: building the search index: %w", abs, damaged(err))
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
	return newStore(db, nil, abs), nil
}

func newStore(db, wdb *sql.DB, abs string) *Store {
	s := &Store{db: db, wdb: wdb, path: abs, writeWait: writeWait, chunkItems: chunkItems, now: time.Now}
	if wdb != nil {
		s.ckpt = startCheckpointer(db)
	}
	return s
}

// openUnwritable opens a cache that herald may read but not write. SQLite
// needs the -shm file of a WAL database; when the folder is read-only and
// the last writer removed that file, the cache is opened as immutable,
// which a folder nobody may write makes true.
func openUnwritable(abs string) (*Store, error) {
	var lastErr error
	for _, extra := range []string{"", "&immutable=1"} {
		db, err := sql.Open("sqlite", dsn(abs, readBusyTimeout, true)+extra)
		if err != nil {
			return nil, fmt.Errorf("open cache %s: %w", abs, err)
		}
		db.SetMaxOpenConns(4)
		var v int
		if lastErr = db.QueryRow("PRAGMA user_version").Scan(&v); lastErr != nil {
			db.Close()
			continue
		}
		if v != len(migrations) {
			db.Close()
			if v > len(migrations) {
				return nil, fmt.Errorf("open cache %s: %w", abs, newerErr(v))
			}
			return nil, fmt.Errorf("open cache %s: %w, and an older herald wrote it: this one must update it first, so make it writable", abs, ErrReadOnly)
		}
		// A read-only cache can still be a broken file.
		if lastErr = db.QueryRow("SELECT count(*) FROM feeds").Scan(&v); lastErr != nil {
			db.Close()
			continue
		}
		return newStore(db, nil, abs), nil
	}
	return nil, fmt.Errorf("open cache %s (read-only): %w", abs, damaged(lastErr))
}

// notWritable reports whether err says a file may not be written.
func notWritable(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// folderReadOnly reports whether the folder holding abs cannot be written.
func folderReadOnly(abs string) bool {
	f, err := os.CreateTemp(filepath.Dir(abs), ".herald-probe-*")
	if err != nil {
		return notWritable(err)
	}
	f.Close()
	os.Remove(f.Name())
	return false
}

// ReadOnly reports whether the cache was opened read-only.
func (s *Store) ReadOnly() bool { return s.wdb == nil }

// damaged wraps err in ErrDamaged, saying in words what SQLite found, when
// the file is not a database or is corrupt; other errors pass unchanged.
func damaged(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return &DamagedError{Reason: "it is not an SQLite database"}
		case sqlite3.SQLITE_CORRUPT:
			return &DamagedError{Reason: "some of its pages are corrupt"}
		}
	}
	return err
}

// DamagedError is ErrDamaged with what SQLite found, in words.
type DamagedError struct{ Reason string }

func (e *DamagedError) Error() string        { return ErrDamaged.Error() + ": " + e.Reason }
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// dsn builds a file: URI so that any character in the path ('?', '#', '%')
// reaches SQLite intact instead of being read as the start of the options.
// busy is the connection's busy timeout; readOnly opens it with mode=ro.
func dsn(abs string, busy time.Duration, readOnly bool, pragmas ...string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(busy.Milliseconds(), 10)+")")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)") // in WAL mode a kill loses nothing committed
	}
	q.Add("_pragma", "foreign_keys(ON)")
	// 512 KiB of page cache a connection, not 2 MiB: the list query scans
	// once and gains nothing from more, and the TUI's peak memory at 50,000
	// articles drops by about 5 MB.
	q.Add("_pragma", "cache_size(-512)")
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	// url.URL writes "file:///abs"; SQLite accepts that form.
	return u.String()
}

// seenStamp is the time (Unix ms) a save marks its items seen at: now, but
// always after the last save's. Retention tells the items the last fetch
// served by this stamp, so two saves of a feed in one millisecond must not
// share it.
func (s *Store) seenStamp() int64 {
	s.stampMu.Lock()
	defer s.stampMu.Unlock()
	s.lastStamp = max(s.now().UnixMilli(), s.lastStamp+1)
	return s.lastStamp
}

// Path is the absolute path of the cache file.
func (s *Store) Path() string { return s.path }

// Close closes the cache. Writes already returned are on disk.
func (s *Store) Close() error {
	if s.ckpt != nil {
		s.ckpt.shut()
	}
	s.pendingMu.Lock()
	pendingErr := s.pending.close()
	s.pending = nil
	s.pendingMu.Unlock()
	err := errors.Join(pendingErr, s.db.Close())
	if s.wdb != nil {
		err = errors.Join(err, s.wdb.Close())
	}
	return err
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
