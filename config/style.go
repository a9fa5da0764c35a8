package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/glamour/styles"
)

// Style is the glamour style the UI renders with, resolved before the
// program starts so nothing queries the terminal while the UI owns it.
type Style struct {
	Name    string // a standard glamour style name or an absolute JSON file path
	NoColor bool   // NO_COLOR is set: no colour anywhere
}

// Terminal is what style resolution needs to know of the terminal.
type Terminal struct {
	NoColor bool // NO_COLOR is set
	IsTTY   bool // the output is a terminal
	// DarkBackground asks the terminal for its background; it is called
	// at most once, and only for "auto" on a terminal.
	DarkBackground func() bool
}

// ResolveStyle turns the configured value ("auto", a name or a JSON file)
// into a style the UI can use, or a clear error.
func ResolveStyle(value string, term Terminal) (Style, error) {
	noColor := term.NoColor
	value = strings.TrimSpace(value)
	if value == "" || value == "auto" {
		switch {
		case noColor || !term.IsTTY:
			return Style{Name: "notty", NoColor: noColor}, nil
		case term.DarkBackground != nil && term.DarkBackground():
			return Style{Name: "dark"}, nil
		default:
			return Style{Name: "light"}, nil
		}
	}
	if _, ok := styles.DefaultStyles[value]; ok {
		return Style{Name: value, NoColor: noColor}, nil
	}
	if strings.HasSuffix(strings.ToLower(value), ".json") || strings.ContainsRune(value, filepath.Separator) {
		path, err := filepath.Abs(value)
		if err != nil {
			return Style{}, fmt.Errorf("style file %s: %v", value, err)
		}
		info, err := os.Stat(path)
		if err != nil {
			return Style{}, fmt.Errorf("style file %s: %s", value, DescribeFileError(err))
		}
		if info.IsDir() {
			return Style{}, fmt.Errorf("style file %s: is a directory", value)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return Style{}, fmt.Errorf("style file %s: %s", value, DescribeFileError(err))
		}
		// Decoded as glamour decodes it, so an error can be put in words.
		var cfg ansi.StyleConfig
		if err := json.Unmarshal(data, &cfg); err != nil {
			return Style{}, fmt.Errorf("style file %s: not a glamour style: %s", value, describeJSONError(err))
		}
		return Style{Name: path, NoColor: noColor}, nil
	}
	return Style{}, fmt.Errorf("unknown style %q (use auto, %s, or the path to a JSON style file)", value, strings.Join(StyleNames(), ", "))
}

// StyleNames lists glamour's standard styles, sorted.
func StyleNames() []string {
	names := make([]string, 0, len(styles.DefaultStyles))
	for name := range styles.DefaultStyles {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
