package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/herald-reader/herald/articles"
)

// Filter narrows List. Zero value: every article.
type Filter struct {
	Unread  bool   // only articles not read
	Starred bool   // only starred articles
	Feed    string // only this feed's articles (its URL); "" for all
	// Limit caps how many articles List returns (the newest); 0 for all.
	// A UI can draw its first frame from List(Limit: a screenful) and load
	// the rest in the background: the full list of 50,000 articles takes
	// tens of milliseconds, a screenful well under one.
	Limit int
	// Spare is room left in the returned slice for articles the caller
	// adds (herald's bundled ones), so adding them copies nothing.
	Spare int
	// FirstSeen also reads every article's first-seen time, which costs
	// the list a tenth more: herald list --json gives it, the library
	// needs it only for undated articles, which have it anyway.
	FirstSeen bool
	// Since marks the articles that arrived after this visit New.
	Since Visit
	// Enclosures loads every article's attachments (herald list --json).
	// Without it List only sets HasEnclosures, which is all the library
	// shows.
	Enclosures bool
}

// List returns the cached articles that pass f, newest first (by published
// date, or the first-seen time for items that gave none). It never reads
// bodies: Sections is nil, and Load fetches them. ID is herald's own
// article id, FeedURL the feed's address, Source its title (or its URL when
// it has none); Read and Starred carry the marks. An undated item has a
// zero Published and its FirstSeen set; a dated one its Published, and its
// FirstSeen only when f.FirstSeen asks.
func (s *Store) List(ctx context.Context, f Filter) ([]articles.Article, error) {
	l, err := s.list(ctx, f)
	return l, damaged(err)
}

func (s *Store) list(ctx context.Context, f Filter) ([]articles.Article, error) {
	// One read transaction: the feeds, the count and the rows come from one
	// snapshot even while another herald writes.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	srcs, err := feedSources(ctx, tx)
	if err != nil {
		return nil, err
	}

	// The partial indexes answer these filters without visiting other rows.
	where, args := marksWhere("", f.Unread, f.Starred, f.Feed, nil)
	cond := ""
	if len(where) > 0 {
		cond = "WHERE " + strings.Join(where, " AND ")
	}

	// Sized up front: growing a slice to 50,000 articles would copy it
	// many times over and leave the copies to the collector.
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM articles "+cond, args...).Scan(&n); err != nil {
		return nil, err
	}
	limit := ""
	if f.Limit > 0 {
		limit = " LIMIT " + strconv.Itoa(f.Limit)
		n = min(n, f.Limit)
	}
	// Two columns, not eight: with this driver every column read costs a
	// few locked calls into SQLite and often an allocation, which at 50,000
	// rows is most of the query's time. The id and the text fields come in
	// list_entry (see the schema); the date, both marks, whether there
	// are attachments, whether the article is new and whether its date is
	// the first-seen time in one integer.
	cols := "published * 32 + read + 2 * starred + 4 * (enclosures <> '') + 8 * (id > ?) + 16 * undated, list_entry"
	if f.FirstSeen {
		cols += ", first_seen"
	}
	if f.Enclosures {
		cols += ", enclosures"
	}
	rows, err := tx.QueryContext(ctx, `
SELECT `+cols+`
FROM articles `+cond+`
ORDER BY published DESC, id DESC`+limit, append([]any{f.Since.lastID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	list := make([]articles.Article, 0, n+max(f.Spare, 0))
	var dateMarks, seen int64
	var entry, enclosures string
	dest := []any{&dateMarks, &entry}
	if f.FirstSeen {
		dest = append(dest, &seen)
	}
	if f.Enclosures {
		dest = append(dest, &enclosures)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		a, err := unpackEntry(dateMarks>>5, dateMarks&31, entry, srcs)
		if err != nil {
			return nil, err
		}
		if f.FirstSeen {
			a.FirstSeen = fromMillis(sql.NullInt64{Int64: seen, Valid: true})
		}
		if a.Enclosures, err = decodeEnclosures(enclosures); err != nil {
			return nil, fmt.Errorf("article %s: damaged attachments: %w", a.ID, err)
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// unpackEntry builds List's article from its row. The strings share the
// memory of entry: one allocation per article for all its text. SaveItems
// keeps NUL out of the fields; the feed URL, which may hold anything, is last.
func unpackEntry(published, flags int64, entry string, sources map[string]source) (articles.Article, error) {
	var a articles.Article
	var ok0, ok1, ok2, ok3 bool
	a.ID, entry, ok0 = strings.Cut(entry, "\x00")
	a.Title, entry, ok1 = strings.Cut(entry, "\x00")
	a.URL, entry, ok2 = strings.Cut(entry, "\x00")
	a.Author, entry, ok3 = strings.Cut(entry, "\x00")
	if !ok0 || !ok1 || !ok2 || !ok3 {
		return articles.Article{}, fmt.Errorf("article %s: damaged row", a.ID)
	}
	setDates(&a, published, published, flags&16 != 0)
	a.Read, a.Starred = flags&1 != 0, flags&2 != 0
	a.HasEnclosures, a.New = flags&4 != 0, flags&8 != 0
	// Every article of a feed shares the feed's two strings.
	if src, ok := sources[entry]; ok {
		a.FeedURL, a.Source = src.url, src.title
	} else {
		a.FeedURL, a.Source = entry, entry
	}
	return a, nil
}

// setDates sets a's dates from the row's: an undated item's published is
// its first-seen time, and it shows as undated.
func setDates(a *articles.Article, published, firstSeen int64, undated bool) {
	if undated {
		a.FirstSeen = fromMillis(sql.NullInt64{Int64: firstSeen, Valid: true})
		return
	}
	a.Published = fromMillis(sql.NullInt64{Int64: published, Valid: true})
}

type source struct{ url, title string }

// feedSources maps every feed URL (removed feeds too: their starred articles
// stay listed) to the name the library shows for it.
func feedSources(ctx context.Context, tx *sql.Tx) (map[string]source, error) {
	rows, err := tx.QueryContext(ctx, `SELECT url, title, feed_title FROM feeds`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := make(map[string]source)
	for rows.Next() {
		var u, title, feedTitle string
		if err := rows.Scan(&u, &title, &feedTitle); err != nil {
			return nil, err
		}
		m[u] = source{url: u, title: sourceName(u, title, feedTitle)}
	}
	return m, rows.Err()
}

func sourceName(url, title, feedTitle string) string {
	switch {
	case title != "":
		return title
	case feedTitle != "":
		return feedTitle
	}
	return url
}

// Load returns one article with its sections, or with Body when it was
// saved unsplit (the caller splits it). An id the cache does not hold
// (never did, or retention removed it) gives an error wrapping ErrNotFound.
func (s *Store) Load(ctx context.Context, id string) (articles.Article, error) {
	n, err := parseID(id)
	if err != nil {
		return articles.Article{}, err
	}
	var (
		a                articles.Article
		published, seen  int64
		undated          bool
		body, raw        sql.NullString
		title, feedTitle string
		enclosures       string
	)
	err = s.db.QueryRowContext(ctx, `
SELECT a.feed_url, a.title, a.url, a.author, a.published, a.first_seen, a.undated, a.read, a.starred,
       a.enclosures, b.sections, b.raw, f.title, f.feed_title
FROM articles a
JOIN feeds f ON f.url = a.feed_url
LEFT JOIN articles_body b ON b.id = a.id
WHERE a.id = ?`, n).Scan(&a.FeedURL, &a.Title, &a.URL, &a.Author, &published, &seen, &undated, &a.Read, &a.Starred,
		&enclosures, &body, &raw, &title, &feedTitle)
	if err == sql.ErrNoRows {
		return articles.Article{}, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return articles.Article{}, fmt.Errorf("load article %s: %w", id, damaged(err))
	}
	a.ID = strconv.FormatInt(n, 10)
	a.Source = sourceName(a.FeedURL, title, feedTitle)
	setDates(&a, published, seen, undated)
	a.FirstSeen = fromMillis(sql.NullInt64{Int64: seen, Valid: true})
	a.Body = raw.String
	if a.Enclosures, err = decodeEnclosures(enclosures); err != nil {
		return articles.Article{}, fmt.Errorf("load article %s: damaged attachments: %w", id, err)
	}
	a.HasEnclosures = len(a.Enclosures) > 0
	if body.Valid {
		if err := json.Unmarshal([]byte(body.String), &a.Sections); err != nil {
			// encoding/json's reason names Go types; the user needs to
			// know only that the stored copy is unreadable.
			return articles.Article{}, fmt.Errorf("load article %s: its stored text is damaged", id)
		}
	}
	return a, nil
}

// SetRead marks one article read or unread.
func (s *Store) SetRead(ctx context.Context, id string, read bool) error {
	return s.setFlag(ctx, id, "read", read)
}

// SetStarred stars or unstars one article. Starred articles survive
// retention and RemoveFeed.
func (s *Store) SetStarred(ctx context.Context, id string, starred bool) error {
	return s.setFlag(ctx, id, "starred", starred)
}

// setFlag sets column (a constant of ours, never outside text) on one
// article. A change to an account's article is queued in the outbox in the
// same transaction, so the server hears of it at the next sync whatever
// happens in between.
func (s *Store) setFlag(ctx context.Context, id, column string, on bool) error {
	n, err := parseID(id)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var old bool
		var account string
		err := tx.QueryRowContext(ctx, "SELECT "+column+", account FROM articles WHERE id = ?", n).Scan(&old, &account)
		if err == sql.ErrNoRows {
			return fmt.Errorf("article %s: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if old == on {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "UPDATE articles SET "+column+" = ? WHERE id = ?", on, n); err != nil {
			return err
		}
		if account != "" {
			return queueMark(ctx, tx, n, column, on, s.now())
		}
		return nil
	})
}

// MarkRead marks every article in ids read, in one transaction. Ids the
// cache no longer holds (retention may have removed them since they were
// listed) are skipped; an id that is not one of herald's is an error and
// marks nothing.
func (s *Store) MarkRead(ctx context.Context, ids []string) error {
	nums := make([]int64, len(ids))
	for i, id := range ids {
		n, err := parseID(id)
		if err != nil {
			return err
		}
		nums[i] = n
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `UPDATE articles SET read = 1 WHERE id = ? AND read = 0 RETURNING account`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		now := s.now()
		for _, n := range nums {
			var account string
			switch err := stmt.QueryRowContext(ctx, n).Scan(&account); {
			case err == sql.ErrNoRows:
				continue // already read, or gone
			case err != nil:
				return err
			}
			if account != "" {
				if err := queueMark(ctx, tx, n, "read", true, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Counts returns how many articles the cache holds and how many are unread,
// from the indexes alone.
func (s *Store) Counts(ctx context.Context) (total, unread int, err error) {
	err = s.db.QueryRowContext(ctx, `
SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles WHERE read = 0)`).Scan(&total, &unread)
	return total, unread, damaged(err)
}

// marksWhere is the conditions of List's and Search's filters on the
// articles table (named by prefix, "" or "a."), with their arguments
// appended to args.
func marksWhere(prefix string, unread, starred bool, feed string, args []any) ([]string, []any) {
	var where []string
	if unread {
		where = append(where, prefix+"read = 0")
	}
	if starred {
		where = append(where, prefix+"starred = 1")
	}
	if feed != "" {
		where = append(where, prefix+"feed_url = ?")
		args = append(args, feed)
	}
	return where, args
}
