// Command cachefill writes a herald cache of synthetic feed articles
// (bench/fixture), the one bench/firstframe.sh starts herald on.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/herald-reader/herald/bench/fixture"
)

func main() {
	db := flag.String("db", "", "cache file to write (required)")
	feeds := flag.Int("feeds", 200, "feeds")
	perFeed := flag.Int("per-feed", 250, "articles per feed")
	body := flag.Int("body", 5000, "bytes of HTML per article, about")
	words := flag.String("words", "", "print the vocabulary's words of these ranks (1,50,...) and stop")
	flag.Parse()
	if *words != "" {
		var out []string
		for _, r := range strings.Split(*words, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(r))
			if err != nil || n < 1 || n > fixture.VocabularySize {
				fmt.Fprintf(os.Stderr, "cachefill: -words: %q is not a rank from 1 to %d\n", r, fixture.VocabularySize)
				os.Exit(2)
			}
			out = append(out, fixture.Word(n))
		}
		fmt.Println(strings.Join(out, " "))
		return
	}
	if *db == "" {
		fmt.Fprintln(os.Stderr, "cachefill: -db is required")
		os.Exit(2)
	}
	if err := fixture.Cache(*db, *feeds, *perFeed, *body); err != nil {
		fmt.Fprintln(os.Stderr, "cachefill:", err)
		os.Exit(1)
	}
}
