package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// KeyAction is one action the [keys] table can rebind, as the UI describes
// it (ui.KeyActions): config checks a [keys] table against these and lists
// them in the default file. The UI owns the list so that a new binding is
// one line there.
type KeyAction struct {
	Name    string   // the name in [keys]: "next_section"
	Help    string   // what it does: "next section"
	Screens []string // where it works: "reader", "library", "feeds", ...
	Keys    []string // its default keys, in Bubble Tea's names
}

// screenNames says where a screen's keys work, for errors.
var screenNames = map[string]string{"reader": "the reader", "library": "the library", "feeds": "the feeds view"}

func screenName(s string) string {
	if n, ok := screenNames[s]; ok {
		return n
	}
	return "the " + s
}

// keysError is a problem in the [keys] table, said in words.
func keysError(format string, args ...any) error {
	return fmt.Errorf("[keys] "+format, args...)
}

// parseKeys checks the [keys] table against spec and returns the keys of
// each action it names, in Bubble Tea's names. An action given an empty
// list has no key. Two actions that share a screen may not share a key,
// counting the defaults of the actions the table leaves alone.
func parseKeys(table map[string]any, spec UISpec) (map[string][]string, error) {
	if len(table) == 0 {
		return nil, nil
	}
	byName := make(map[string]KeyAction, len(spec.Actions))
	for _, a := range spec.Actions {
		byName[a.Name] = a
	}
	names := make([]string, 0, len(table))
	for name := range table {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make(map[string][]string, len(table))
	for _, name := range names {
		if _, ok := table[name].(map[string]any); ok {
			return nil, keysError("%s is a table; [keys] takes one line per action, like next_section = [\"]\", \"w\"]", name)
		}
		if _, ok := byName[name]; !ok {
			return nil, unknownAction(name, spec)
		}
		keys, err := keyList(name, table[name])
		if err != nil {
			return nil, err
		}
		for i, k := range keys {
			norm, ok := normalizeKey(k, spec.KeyNames)
			if !ok {
				return nil, keysError("%s: %q is not a key herald knows (write keys like \"n\", \"N\", \"?\", \"ctrl+n\", \"alt+n\", \"enter\", \"space\", \"tab\", \"pgdown\" or \"f5\")", name, k)
			}
			keys[i] = norm
		}
		out[name] = slices.Compact(keys)
	}
	return out, checkConflicts(spec.Actions, out)
}

// keyList reads one action's value: a list of strings, or one string.
func keyList(name string, v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		return []string{v}, nil
	case []any:
		keys := make([]string, 0, len(v))
		for _, k := range v {
			s, ok := k.(string)
			if !ok {
				return nil, keysError("%s: %v is not a key; write the keys as strings, like %s = [\"n\", \"ctrl+n\"]", name, k, name)
			}
			keys = append(keys, s)
		}
		return keys, nil
	}
	return nil, keysError("%s: write the keys as a list of strings, like %s = [\"n\", \"ctrl+n\"]", name, name)
}

// normalizeKey turns a key as a user writes it into Bubble Tea's name:
// one character stays as it is ("G" is not "g"), a name is matched in any
// case ("Ctrl+D" is "ctrl+d"), and "space" is " ".
func normalizeKey(k string, named []string) (string, bool) {
	if utf8.RuneCountInString(k) == 1 {
		r, _ := utf8.DecodeRuneInString(k)
		return k, r > ' ' && r != 0x7f
	}
	lower := strings.ToLower(strings.TrimSpace(k))
	if lower == "space" {
		return " ", true
	}
	if rest, ok := strings.CutPrefix(lower, "alt+"); ok {
		// alt+ goes with any key, and the character after it keeps its case.
		orig := strings.TrimSpace(k)[len("alt+"):]
		if utf8.RuneCountInString(orig) == 1 {
			n, ok := normalizeKey(orig, named)
			return "alt+" + n, ok
		}
		n, ok := normalizeKey(rest, named)
		return "alt+" + n, ok
	}
	if slices.Contains(named, lower) {
		return lower, true
	}
	return "", false
}

// checkConflicts finds two actions that share a screen and a key, with
// the keys the table gives and the defaults of the rest.
func checkConflicts(actions []KeyAction, bound map[string][]string) error {
	for _, screen := range screensOf(actions) {
		seen := map[string]string{}
		for _, a := range actions {
			if !slices.Contains(a.Screens, screen) {
				continue
			}
			keys := a.Keys
			if b, ok := bound[a.Name]; ok {
				keys = b
			}
			for _, k := range keys {
				if other, ok := seen[k]; ok && other != a.Name {
					first, second := other, a.Name
					// Name the rebound action second: it is the one the
					// user just wrote.
					if _, ok := bound[first]; ok {
						first, second = second, first
					}
					return keysError("%s and %s both use %s in %s; give one of them another key", first, second, writtenKey(k), screenName(screen))
				}
				seen[k] = a.Name
			}
		}
	}
	return nil
}

// screensOf lists the screens the actions name, in the order first named.
func screensOf(actions []KeyAction) []string {
	var out []string
	for _, a := range actions {
		for _, s := range a.Screens {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// unknownAction says a [keys] name is no action, with the nearest one, or
// a hint when it is a top-level setting written below the table.
func unknownAction(name string, spec UISpec) error {
	if slices.Contains(Keys(), name) {
		return keysError("%q is a setting, not an action: move it above the [keys] table", name)
	}
	best, bestD := "", 4
	for _, a := range spec.Actions {
		if d := editDistance(name, a.Name); d < bestD {
			best, bestD = a.Name, d
		}
	}
	if best != "" {
		return keysError("unknown action %q; did you mean %q? (the default config and the README list them all)", name, best)
	}
	return keysError("unknown action %q (the default config and the README list them all)", name)
}

// editDistance is Levenshtein's distance between a and b, for suggestions.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// writtenKey is a key as [keys] writes it, quoted: "space" for " ".
func writtenKey(k string) string {
	if k == " " {
		k = "space"
	}
	return strconv.Quote(k)
}

// keysSection is the [keys] part of the default file: every action,
// commented out at its defaults, with where it works and what it does.
func keysSection(spec UISpec) string {
	var b strings.Builder
	b.WriteString(`
# Keys: every action of the interface with its default keys. Keys are
# written as Bubble Tea names them: a character ("n", "N", "?"), or "enter",
# "esc", "tab", "space", "backspace", "up", "down", "left", "right", "home",
# "end", "pgup", "pgdown", "delete", "f1".."f20", with "ctrl+", "alt+" or
# "shift+" in front ("ctrl+d", "alt+n", "shift+tab"). An empty list leaves
# the action without a key. Two actions that work on one screen cannot share
# a key.
[keys]
`)
	width := 0
	lines := make([]string, len(spec.Actions))
	for i, a := range spec.Actions {
		quoted := make([]string, len(a.Keys))
		for j, k := range a.Keys {
			quoted[j] = writtenKey(k)
		}
		lines[i] = fmt.Sprintf("# %s = [%s]", a.Name, strings.Join(quoted, ", "))
		// A long list (jump_to_section's nine) is not worth pushing every
		// other comment out for.
		if n := utf8.RuneCountInString(lines[i]); n <= 40 {
			width = max(width, n)
		}
	}
	for i, a := range spec.Actions {
		pad := strings.Repeat(" ", max(width-utf8.RuneCountInString(lines[i]), 0))
		fmt.Fprintf(&b, "%s%s  # %s: %s\n", lines[i], pad, strings.Join(a.Screens, ", "), a.Help)
	}
	return b.String()
}
