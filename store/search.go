package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/herald-reader/herald/articles"
)

// ErrQuery is returned (wrapped, with SQLite's reason) for a query the
// search index cannot read.
var ErrQuery = errors.New("the search index cannot read the query")

// SearchFilter narrows Search. Zero value: every article, the default limit.
type SearchFilter struct {
	Unread  bool   // only articles not read
	Starred bool   // only starred articles
	Feed    string // only this feed's articles (its URL); "" for all
	Limit   int    // at most this many hits; 0 for DefaultSearchLimit
}

// DefaultSearchLimit is how many hits Search returns unless asked otherwise.
const DefaultSearchLimit = 50

// Hit is one article a search found.
type Hit struct {
	// Article is as List gives it: no sections.
	Article articles.Article
	// Text is the article's text as the index holds it (bodyText), for a
	// snippet.
	Text string
	// Rank is bm25's: lower is better.
	Rank float64
}

// Weights of the index's columns in bm25 (title, author, feed, text): a
// word in the title says more about what an article is about than the
// same word anywhere in its text.
const rankExpr = `bm25(articles_fts, ` + rankWeights + `)`

// rankWeights are bm25's column weights, for any index of the same columns.
const rankWeights = `10.0, 3.0, 2.0, 1.0`

// Search returns the articles matching query, best first. query is FTS5's
// syntax (phrases in quotes, AND, OR, NOT, prefix*, column:); runs of
// Chinese or Japanese in it are found anywhere in a word (see spread). A
// query the index cannot read gives an error wrapping ErrQuery.
func (s *Store) Search(ctx context.Context, query string, f SearchFilter) ([]Hit, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	// What was saved since the index last caught up, first: a search
	// always sees every article.
	if _, err := s.IndexPending(ctx, nil); err != nil {
		return nil, err
	}
	// On a read-only cache, what the index lacks is searched in a
	// temporary index beside it (pendingindex.go), on its connection.
	var conn *sql.Conn
	if s.wdb == nil {
		s.pendingMu.Lock()
		defer s.pendingMu.Unlock()
		var err error
		if conn, err = s.searchConn(ctx); err != nil {
			// The cache's own index still answers; Unindexed says
			// what it left out.
			conn = nil
		}
	}
	where, args := marksWhere("a.", f.Unread, f.Starred, f.Feed, []any{spread(query)})
	args = append(args, limit)
	// The best hits first, then their rows and bodies: sorting only ids
	// and ranks keeps bodies out of the sort, whatever the number of
	// matches. Without a filter the index alone ranks: reaching each
	// match's article row would cost more than ranking it.
	ranked := `SELECT rowid AS id, ` + rankExpr + ` AS rank FROM articles_fts
	WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?`
	if len(where) > 0 {
		ranked = `SELECT a.id AS id, ` + rankExpr + ` AS rank
	FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
	WHERE articles_fts MATCH ? AND ` + strings.Join(where, " AND ") + `
	ORDER BY rank LIMIT ?`
	}
	var db interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	} = s.db
	if conn != nil {
		db, ranked = conn, pendingRanked(where)
	}
	rows, err := db.QueryContext(ctx, `
WITH hits AS (`+ranked+`)
SELECT h.id, h.rank, a.feed_url, a.title, a.url, a.author, a.published, a.first_seen, a.undated, a.read, a.starred,
       f.title, f.feed_title, coalesce(b.sections, ''), coalesce(b.raw, ''), coalesce(t.sections, '')
FROM hits h
JOIN articles a ON a.id = h.id
JOIN feeds f ON f.url = a.feed_url
LEFT JOIN articles_body b ON b.id = h.id
LEFT JOIN articles_fulltext t ON t.id = h.id
ORDER BY h.rank, h.id`, args...)
	if err != nil {
		return nil, queryErr(err)
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var (
			h                Hit
			id, published    int64
			seen             int64
			undated          bool
			title, feedTitle string
			sections, raw    string
			fullText         string
			a                = &h.Article
		)
		if err := rows.Scan(&id, &h.Rank, &a.FeedURL, &a.Title, &a.URL, &a.Author, &published, &seen, &undated, &a.Read, &a.Starred,
			&title, &feedTitle, &sections, &raw, &fullText); err != nil {
			return nil, err
		}
		a.ID = strconv.FormatInt(id, 10)
		a.Source = sourceName(a.FeedURL, title, feedTitle)
		setDates(a, published, seen, undated)
		a.FirstSeen = fromMillis(sql.NullInt64{Int64: seen, Valid: true})
		h.Text = bodyText(sections, raw, fullText)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, queryErr(err)
	}
	return hits, nil
}

// pendingRanked is Search's ranking over the cache's index and the
// temporary one of a read-only cache together: an article pending is
// taken from the temporary index only, since the cache's may hold an older
// version of it. Its parameters are Search's: the query (?1, used twice),
// the filter's, the limit.
func pendingRanked(where []string) string {
	q := `SELECT u.id AS id, u.rank AS rank FROM (
	SELECT rowid AS id, ` + rankExpr + ` AS rank FROM articles_fts
	WHERE articles_fts MATCH ?1 AND rowid NOT IN (SELECT id FROM search_pending)
	UNION ALL
	SELECT rowid, bm25(pending_fts, ` + rankWeights + `) FROM temp.pending_fts WHERE pending_fts MATCH ?1
) u`
	if len(where) > 0 {
		q += ` JOIN articles a ON a.id = u.id WHERE ` + strings.Join(where, " AND ")
	}
	return q + ` ORDER BY u.rank LIMIT ?`
}

// queryErr tells a query FTS5 could not read (SQLITE_ERROR, with FTS5's
// reason) from a cache that failed.
func queryErr(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code() != sqlite3.SQLITE_ERROR {
		return err
	}
	msg := se.Error()
	// "SQL logic error: fts5: syntax error near "x" (1)"
	msg = strings.TrimPrefix(msg, "SQL logic error: ")
	msg = strings.TrimSuffix(msg, " (1)")
	msg = strings.TrimPrefix(msg, "fts5: ")
	return fmt.Errorf("%w: %s", ErrQuery, msg)
}
