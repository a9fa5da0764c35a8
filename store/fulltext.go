package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/herald-reader/herald/articles"
)

// FullText is what the cache knows of an article's web page.
type FullText struct {
	// Sections is the page's main text; nil when no fetch has succeeded.
	Sections []articles.Section
	PageURL  string // the page after redirects
	Fetched  time.Time
	// Tried is the last attempt, Failures the failed ones in a row and
	// Error why the last one failed.
	Tried    time.Time
	Failures int
	Error    string
}

// LoadFullText returns the article's full text, the zero FullText when
// none was ever fetched. An article the cache does not hold wraps
// ErrNotFound.
func (s *Store) LoadFullText(ctx context.Context, id string) (FullText, error) {
	n, err := parseID(id)
	if err != nil {
		return FullText{}, err
	}
	var (
		ft             FullText
		sections       sql.NullString
		pageURL, msg   sql.NullString
		fetched, tried sql.NullInt64
		failures       sql.NullInt64
	)
	err = s.db.QueryRowContext(ctx, `
SELECT t.sections, t.page_url, t.fetched, t.tried, t.failures, t.error
FROM articles a LEFT JOIN articles_fulltext t ON t.id = a.id
WHERE a.id = ?`, n).Scan(&sections, &pageURL, &fetched, &tried, &failures, &msg)
	if err == sql.ErrNoRows {
		return FullText{}, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return FullText{}, fmt.Errorf("load the full text of article %s: %w", id, err)
	}
	if sections.String != "" {
		if err := json.Unmarshal([]byte(sections.String), &ft.Sections); err != nil {
			return FullText{}, fmt.Errorf("load the full text of article %s: damaged: %w", id, err)
		}
		if ft.Sections == nil {
			ft.Sections = []articles.Section{}
		}
	}
	ft.PageURL, ft.Error, ft.Failures = pageURL.String, msg.String, int(failures.Int64)
	ft.Fetched, ft.Tried = fromMillis(fetched), fromMillis(tried)
	return ft, nil
}

// SaveFullText stores an article's full text, read from pageURL now.
func (s *Store) SaveFullText(ctx context.Context, id string, sections []articles.Section, pageURL string) error {
	n, err := parseID(id)
	if err != nil {
		return err
	}
	data, err := json.Marshal(sections)
	if err != nil {
		return err
	}
	now := s.now().UnixMilli()
	return s.writeFullText(ctx, id, func(tx *sql.Tx) (sql.Result, error) {
		res, err := tx.ExecContext(ctx, `
INSERT INTO articles_fulltext (id, sections, page_url, fetched, tried, failures, error)
SELECT id, ?, ?, ?, ?, 0, '' FROM articles WHERE id = ?
ON CONFLICT (id) DO UPDATE SET sections = excluded.sections, page_url = excluded.page_url,
	fetched = excluded.fetched, tried = excluded.tried, failures = 0, error = ''`,
			string(data), noNUL(pageURL), now, now, n)
		if err != nil {
			return nil, err
		}
		// The search index takes the full text in before it is next read
		// (index.go). An article gone meanwhile rolls this back with the
		// rest (writeFullText).
		if _, err := tx.ExecContext(ctx, markPending, n, true); err != nil {
			return nil, err
		}
		return res, nil
	})
}

// SaveFullTextFailure records a failed attempt at an article's web page:
// its time and why, and nothing else. A full text fetched before stays.
func (s *Store) SaveFullTextFailure(ctx context.Context, id, msg string) error {
	n, err := parseID(id)
	if err != nil {
		return err
	}
	now := s.now().UnixMilli()
	return s.writeFullText(ctx, id, func(tx *sql.Tx) (sql.Result, error) {
		return tx.ExecContext(ctx, `
INSERT INTO articles_fulltext (id, tried, failures, error)
SELECT id, ?, 1, ? FROM articles WHERE id = ?
ON CONFLICT (id) DO UPDATE SET tried = excluded.tried, failures = articles_fulltext.failures + 1, error = excluded.error`,
			now, msg, n)
	})
}

// writeFullText runs one full-text write; an article retention removed in
// the meantime is ErrNotFound, not a silent no-op.
func (s *Store) writeFullText(ctx context.Context, id string, exec func(*sql.Tx) (sql.Result, error)) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := exec(tx)
		if err != nil {
			return err
		}
		return oneRow(res, id)
	})
	if err != nil {
		return fmt.Errorf("save the full text of article %s: %w", id, err)
	}
	return nil
}

// FullTextTarget is an article whose web page a refresh should read.
type FullTextTarget struct {
	ID, URL string
	// Body and Sections are the feed's text, as SaveItems kept it, to
	// tell a page with more to say from one with less.
	Body     string
	Sections []articles.Section
}

// FullTextTargets lists a feed's articles that want their web page read,
// newest first, at most limit: those first seen at or after newSince that
// were never tried, and those whose last attempt failed before retryBefore,
// fewer than maxFailures times in a row. Articles without a link have no
// page to read.
func (s *Store) FullTextTargets(ctx context.Context, feedURL string, newSince, retryBefore time.Time, maxFailures, limit int) ([]FullTextTarget, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT a.id, a.url, coalesce(b.raw, ''), coalesce(b.sections, '')
FROM articles a
LEFT JOIN articles_fulltext t ON t.id = a.id
LEFT JOIN articles_body b ON b.id = a.id
WHERE a.feed_url = ? AND a.url <> ''
  AND ((t.id IS NULL AND a.first_seen >= ?) OR (t.sections = '' AND t.tried < ? AND t.failures < ?))
ORDER BY a.published DESC, a.id DESC
LIMIT ?`, feedURL, newSince.UnixMilli(), retryBefore.UnixMilli(), maxFailures, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FullTextTarget
	for rows.Next() {
		var (
			id             int64
			t              FullTextTarget
			body, sections string
		)
		if err := rows.Scan(&id, &t.URL, &body, &sections); err != nil {
			return nil, err
		}
		t.ID, t.Body = strconv.FormatInt(id, 10), body
		if sections != "" && sections != "null" {
			if err := json.Unmarshal([]byte(sections), &t.Sections); err != nil {
				return nil, fmt.Errorf("article %d: damaged body: %w", id, err)
			}
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// enclosureJSON is an attachment as the cache keeps it: the duration in
// whole seconds.
type enclosureJSON struct {
	URL      string `json:"url"`
	Type     string `json:"type,omitempty"`
	Length   int64  `json:"length,omitempty"`
	Duration int64  `json:"duration,omitempty"`
}

// encodeEnclosures is the articles.enclosures column: "" for none, so the
// list query tells the articles that have some with one comparison.
func encodeEnclosures(list []articles.Enclosure) (string, error) {
	if len(list) == 0 {
		return "", nil
	}
	out := make([]enclosureJSON, len(list))
	for i, e := range list {
		out[i] = enclosureJSON{URL: noNUL(e.URL), Type: noNUL(e.Type), Length: e.Length, Duration: int64(e.Duration / time.Second)}
	}
	data, err := json.Marshal(out)
	return string(data), err
}

func decodeEnclosures(s string) ([]articles.Enclosure, error) {
	if s == "" {
		return nil, nil
	}
	var in []enclosureJSON
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	out := make([]articles.Enclosure, len(in))
	for i, e := range in {
		out[i] = articles.Enclosure{URL: e.URL, Type: e.Type, Length: e.Length, Duration: time.Duration(e.Duration) * time.Second}
	}
	return out, nil
}
