package config

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ColorRole is one colour of herald's chrome that [theme] can set, as the
// UI describes it (ui.ColorRoles).
type ColorRole struct {
	Name    string // the name in [theme]: "accent"
	Default string // an ANSI palette number: "12"
	Help    string // where it shows: "titles and the app name"
}

// UISpec is what config needs to know of the interface to check the
// [keys] and [theme] tables and to write them in the default file: the
// interface owns these lists, and the command line hands them over.
type UISpec struct {
	Actions []KeyAction
	// KeyNames is every key the UI tells apart that is not one character:
	// "enter", "ctrl+d", "f5", ...
	KeyNames []string
	Roles    []ColorRole
}

var hexColor = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// parseTheme checks the [theme] table: each role a known one, each value an
// ANSI palette number (0 to 255, which follows the terminal's own theme for
// 0 to 15) or a hex colour. The result maps a role to lipgloss's spelling.
func parseTheme(table map[string]any, roles []ColorRole) (map[string]string, error) {
	if len(table) == 0 {
		return nil, nil
	}
	names := make([]string, 0, len(table))
	for name := range table {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make(map[string]string, len(table))
	for _, name := range names {
		if !slices.ContainsFunc(roles, func(r ColorRole) bool { return r.Name == name }) {
			known := make([]string, len(roles))
			for i, r := range roles {
				known[i] = r.Name
			}
			if slices.Contains(Keys(), name) {
				return nil, fmt.Errorf("[theme] %q is a setting, not a colour: move it above the [theme] table", name)
			}
			return nil, fmt.Errorf("[theme] unknown colour %q (the colours are %s)", name, strings.Join(known, ", "))
		}
		c, err := colorValue(table[name])
		if err != nil {
			return nil, fmt.Errorf("[theme] %s: %v", name, err)
		}
		out[name] = c
	}
	return out, nil
}

func colorValue(v any) (string, error) {
	const how = `write an ANSI colour number from 0 to 255 (the terminal's own palette for 0 to 15) or a hex colour like "#ff8700"`
	switch v := v.(type) {
	case int64:
		if v < 0 || v > 255 {
			return "", fmt.Errorf("%d is out of range; %s", v, how)
		}
		return strconv.FormatInt(v, 10), nil
	case string:
		s := strings.TrimSpace(v)
		if hexColor.MatchString(s) {
			return strings.ToLower(s), nil
		}
		if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 255 {
			return strconv.Itoa(n), nil
		}
		return "", fmt.Errorf("%q is not a colour; %s", v, how)
	}
	return "", fmt.Errorf("%v is not a colour; %s", v, how)
}

// themeSection is the [theme] part of the default file.
func themeSection(roles []ColorRole) string {
	var b strings.Builder
	b.WriteString(`
# Colours of herald's own chrome (the article text takes the style above).
# By default they are numbers of the terminal's ANSI palette (0 to 15), so
# they follow its theme, light or dark. Give a role another number (0 to
# 255) or a hex colour ("#ff8700"). NO_COLOR turns every colour off.
[theme]
`)
	width := 0
	for _, r := range roles {
		width = max(width, len(r.Name)+len(r.Default))
	}
	for _, r := range roles {
		pad := strings.Repeat(" ", width-len(r.Name)-len(r.Default))
		fmt.Fprintf(&b, "# %s = %s%s  # %s\n", r.Name, r.Default, pad, r.Help)
	}
	return b.String()
}
