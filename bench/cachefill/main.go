// Command cachefill writes a herald cache of synthetic feed articles
// (bench/fixture), the one bench/firstframe.sh starts herald on.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/herald-reader/herald/bench/fixture"
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
	if err := fixture.Cache(*db, *feeds, *perFeed, *body); err != nil {
		fmt.Fprintln(os.Stderr, "cachefill:", err)
		os.Exit(1)
	}
}
