// Command cachefill writes a herald cache of synthetic feed articles, the
// fixture bench/firstframe.sh starts herald on: -feeds × -per-feed articles
// with HTML bodies of about -body bytes, saved unsplit as herald fetch saves
// them, the newest titled "Article 0-0 …".
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/store"
)

func main() {
	db := flag.String("db", "", "cache file to write (required)")
	feeds := flag.Int("feeds", 200, "feeds")
	perFeed := flag.Int("per-feed", 250, "articles per feed")
	body := flag.Int("body", 5000, "bytes of HTML per article, about")
	flag.Parse()
	if *db == "" {
		fmt.Fprintln(os.Stderr, "cachefill: -db is required")
		os.Exit(2)
	}
	if err := fill(*db, *feeds, *perFeed, *body); err != nil {
		fmt.Fprintln(os.Stderr, "cachefill:", err)
		os.Exit(1)
	}
}

func fill(path string, feeds, perFeed, bodySize int) error {
	st, err := store.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	para := "<p>" + strings.Repeat("The quick brown fox jumps over the lazy dog. ", bodySize/45/3+1) + "</p>"
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for f := range feeds {
		items := make([]articles.Article, perFeed)
		for i := range items {
			g := fmt.Sprintf("%d-%d", f, i)
			items[i] = articles.Article{
				ID:        "tag:site.example,2026:" + g,
				Title:     "Article " + g + " about something that happened",
				URL:       "https://site.example/2026/" + g,
				Published: day.Add(-time.Duration(f*perFeed+i) * time.Minute),
				Body:      "<h2>What happened</h2>" + para + "<h2>Why</h2>" + para + para,
			}
		}
		if _, err := st.SaveItems(context.Background(), store.Fetched{
			Feed: fmt.Sprintf("https://site%d.example/feed", f), Title: fmt.Sprintf("Site %d", f), Items: items,
		}); err != nil {
			return err
		}
	}
	return nil
}
