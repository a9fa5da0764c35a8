package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations bring the schema from version i to i+1 (PRAGMA user_version).
// Append only: a released migration never changes, because caches out there
// have already run it.
var migrations = []string{
	// 1: feeds, articles, and bodies in their own table so the list query
	// never pages through them.
	`
CREATE TABLE feeds (
	url           TEXT PRIMARY KEY,
	title         TEXT NOT NULL DEFAULT '', -- the user's, from the feed list
	feed_title    TEXT NOT NULL DEFAULT '', -- the feed's own
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_fetch    INTEGER,                  -- Unix ms
	last_status   TEXT NOT NULL DEFAULT '', -- '', 'ok', 'not modified', 'error'
	last_error    TEXT NOT NULL DEFAULT '',
	position      INTEGER NOT NULL DEFAULT 1000000000,
	removed       INTEGER NOT NULL DEFAULT 0 -- kept only for starred articles
);

CREATE TABLE articles (
	-- AUTOINCREMENT: an id is never reused, so an id a UI still holds can
	-- never open another article after retention deleted its own.
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	feed_url   TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
	guid       TEXT NOT NULL,
	url        TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL DEFAULT '',
	author     TEXT NOT NULL DEFAULT '',
	published  INTEGER NOT NULL, -- Unix ms; the first-seen time when the feed gave none
	first_seen INTEGER NOT NULL, -- Unix ms
	body_hash  INTEGER NOT NULL DEFAULT 0,
	-- id, title, url, author and feed_url again, joined by NUL bytes: List
	-- reads this one column instead of five, which halves its time at
	-- 50,000 rows.
	list_entry TEXT NOT NULL DEFAULT '',
	read       INTEGER NOT NULL DEFAULT 0,
	starred    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (feed_url, guid)
);

CREATE TABLE articles_body (
	id       INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	sections TEXT NOT NULL, -- JSON array of {"title","level","markdown"}
	raw      TEXT NOT NULL DEFAULT '' -- the feed's own body, when it is split only on open
);

CREATE INDEX articles_newest ON articles (published DESC, id DESC);
CREATE INDEX articles_feed_newest ON articles (feed_url, published DESC, id DESC);
CREATE INDEX articles_unread ON articles (published DESC, id DESC) WHERE read = 0;
CREATE INDEX articles_starred ON articles (published DESC, id DESC) WHERE starred = 1;
`,
	// 2: when a server answered 429/503 with Retry-After, no fetch before
	// this time (Unix ms).
	`ALTER TABLE feeds ADD COLUMN retry_at INTEGER NOT NULL DEFAULT 0;`,
	// 3: sync accounts. An account's feeds and entries carry the account's
	// name and the server's ids; the outbox holds the marks made here that
	// the server has not taken yet, written in the same transaction as the
	// mark itself so that no crash can separate them.
	`
ALTER TABLE feeds ADD COLUMN account   TEXT NOT NULL DEFAULT ''; -- '' for the feed list's own feeds
ALTER TABLE feeds ADD COLUMN remote_id TEXT NOT NULL DEFAULT '';
-- An account feed's url is herald's key for it (account:NAME:ID, which no
-- feed list entry can spell); link is the feed's own address.
ALTER TABLE feeds ADD COLUMN link      TEXT NOT NULL DEFAULT '';
ALTER TABLE feeds ADD COLUMN tag       TEXT NOT NULL DEFAULT ''; -- the server's folder
ALTER TABLE feeds ADD COLUMN tag_id    TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN account   TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN remote_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX articles_remote ON articles (account, remote_id) WHERE account <> '';

CREATE TABLE outbox (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	account   TEXT NOT NULL,
	kind      TEXT NOT NULL,    -- 'read', 'starred', or 'readall' (mark all read)
	-- the entry's id on the server; for readall the scope: feed:ID, tag:ID or all
	remote_id TEXT NOT NULL,
	value     INTEGER NOT NULL DEFAULT 0,
	-- the order marks were made in; a newer mark of the same thing takes
	-- the row over with a new seq, so a push that read the old one cannot
	-- delete the new one
	seq       INTEGER NOT NULL,
	created   INTEGER NOT NULL, -- Unix ms: readall covers what was published before it
	UNIQUE (account, kind, remote_id)
);

CREATE TABLE accounts (
	name      TEXT PRIMARY KEY,
	cursor    TEXT NOT NULL DEFAULT '', -- the sync client's own bookmark (JSON)
	last_sync INTEGER,                  -- Unix ms of the last sync that reached the server
	last_error TEXT NOT NULL DEFAULT ''
);
`,
	// 4: attachments, and the full text of articles read from their web
	// pages. Attachments sit in the article's row, not with the body: the
	// library marks the articles that have some, and the list query must
	// not reach into bodies. A full text dies with its article (retention,
	// herald remove) by the foreign key.
	`
ALTER TABLE articles ADD COLUMN enclosures TEXT NOT NULL DEFAULT ''; -- JSON [{"url","type","length","duration"}], '' for none

CREATE TABLE articles_fulltext (
	id       INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	sections TEXT NOT NULL DEFAULT '', -- JSON like articles_body's; '' until a fetch succeeds
	page_url TEXT NOT NULL DEFAULT '', -- the page after redirects
	fetched  INTEGER NOT NULL DEFAULT 0, -- Unix ms of the fetch that gave sections
	tried    INTEGER NOT NULL DEFAULT 0, -- Unix ms of the last attempt, failed or not
	failures INTEGER NOT NULL DEFAULT 0, -- failed attempts in a row
	error    TEXT NOT NULL DEFAULT ''    -- why the last attempt failed
);
`,
	// 5: the search index (index.go). Contentless: the words and their
	// places, not a second copy of the text, which articles_body and
	// articles_fulltext hold.
	// search_pending lists the articles saved since the index last caught
	// up; an article's rows go with the article through the trigger,
	// whatever deletes it. Open fills the index (ensureIndex, with
	// progress); meta records its version and the last visit.
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
	title, author, feed, text,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE search_pending (
	id      INTEGER PRIMARY KEY, -- an article's
	indexed INTEGER NOT NULL     -- 1: the index may hold an older row for it
);

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	DELETE FROM articles_fts WHERE rowid = old.id;
	DELETE FROM search_pending WHERE id = old.id;
END;
`,
	// 6: herald remove leaves the feed's row as a tombstone: removed_at
	// (Unix ms) is when, so a fetch that read the feed list before it does
	// not save the feed back, and a list read after it (the user added the
	// feed again) brings the feed back.
	`ALTER TABLE feeds ADD COLUMN removed_at INTEGER NOT NULL DEFAULT 0;`,
	// 7: an item that gave no date sorts by its first-seen time (published
	// holds it, as before) but is shown as undated. Until now such an item
	// was saved with published = first_seen to the millisecond, which a
	// feed's own date all but never matches. seen_at is when a fetch last
	// served the item (Unix ms): retention keeps what the last fetch
	// served by comparing it, instead of a list of every id the fetch
	// saved, which at 200,000 items made one statement take seconds.
	`
ALTER TABLE articles ADD COLUMN undated INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET undated = 1 WHERE published = first_seen;
ALTER TABLE articles ADD COLUMN seen_at INTEGER NOT NULL DEFAULT 0;
`,
}

// SchemaVersion is the schema version this herald writes.
func SchemaVersion() int { return len(migrations) }

// migrate applies the migrations the cache lacks, all in one transaction, and
// refuses a cache from a newer herald before writing anything to it.
func (s *Store) migrate(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	if v > len(migrations) {
		return newerErr(v)
	}
	if v == len(migrations) {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		// Read again under the write lock: another herald may have migrated
		// between the check above and this transaction.
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return err
		}
		if v > len(migrations) {
			return newerErr(v)
		}
		for i := v; i < len(migrations); i++ {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return fmt.Errorf("migrate schema to version %d: %w", i+1, err)
			}
		}
		// PRAGMA takes no parameters; the value is our own integer.
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations)))
		return err
	})
}

func newerErr(v int) error {
	return fmt.Errorf("%w (schema version %d, this herald knows up to %d): upgrade herald or use another --db",
		ErrNewerSchema, v, len(migrations))
}
