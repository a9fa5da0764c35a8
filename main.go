// Command herald is a terminal news reader: it shows articles bundled in the
// binary, local files and articles fetched from feeds, split into sections,
// with the selected section rendered as styled Markdown.
package main

import (
	"os"

	"github.com/herald-reader/herald/cli"
)

func main() {
	os.Exit(cli.Main())
}
