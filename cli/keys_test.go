package cli

import (
	"reflect"
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

func TestKeysConfigReachesTheUI(t *testing.T) {
	ta := newTestApp(t)
	ta.terminal = true
	writeConfig(t, ta, `
[keys]
next_section = ["w", "Ctrl+N"]
prev_section = "h"
page_down = ["space", "f1"]
star = []`)
	if code := ta.run(); code != 0 {
		t.Fatalf("exit %d: %s", code, ta.errOut.String())
	}
	want := map[string][]string{
		"next_section": {"w", "ctrl+n"},
		"prev_section": {"h"},
		"page_down":    {" ", "f1"},
		"star":         {},
	}
	if !reflect.DeepEqual(ta.opts.Keys, want) {
		t.Errorf("the UI was given keys %q, want %q", ta.opts.Keys, want)
	}
}

func TestKeysConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"unknown action", "[keys]\nnext_sektion = [\"l\"]", []string{`[keys] unknown action "next_sektion"; did you mean "next_section"?`}},
		{"unknown action, nothing near", "[keys]\nteleport = [\"t\"]", []string{`[keys] unknown action "teleport"`, "README"}},
		{"unknown key name", "[keys]\nnext_section = [\"ctl+n\"]", []string{`[keys] next_section: "ctl+n" is not a key herald knows`}},
		{"shift on a letter", "[keys]\nstar = [\"shift+s\"]", []string{`star: "shift+s" is not a key`}},
		{"not strings", "[keys]\nstar = [1]", []string{"[keys] star: 1 is not a key"}},
		{"not a list", "[keys]\nstar = 1", []string{"[keys] star: write the keys as a list of strings"}},
		{"a table", "[keys.reader]\nstar = [\"s\"]", []string{"[keys] reader is a table"}},
		{"clash with a default", "[keys]\nnext_section = [\"n\"]", []string{`[keys] next_article and next_section both use "n" in the reader`}},
		{"clash between two", "[keys]\nstar = [\"x\"]\ntoggle_read = [\"x\"]", []string{`star and toggle_read both use "x" in the library`}},
		{"clash with help everywhere", "[keys]\nrefresh = [\"?\"]", []string{`both use "?" in the library`, "refresh"}},
		{"clash on space", "[keys]\nstar = [\"space\"]", []string{`both use "space" in the library`}},
		{"setting below the table", "[keys]\nstyle = \"dark\"", []string{`[keys] "style" is a setting, not an action: move it above the [keys] table`}},
		{"unknown colour", "[theme]\nbackground = 4", []string{`[theme] unknown colour "background"`, "accent"}},
		{"colour out of range", "[theme]\naccent = 300", []string{"[theme] accent: 300 is out of range"}},
		{"colour not a colour", "[theme]\nstar = \"gold\"", []string{`[theme] star: "gold" is not a colour`, "hex colour"}},
		{"short hex is fine, a bad one not", "[theme]\nstar = \"#fa0\"\nerror = \"#ff00\"", []string{`[theme] error: "#ff00" is not a colour`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ta := newTestApp(t)
			ta.terminal = true
			path := writeConfig(t, ta, tc.body)
			ta.assertOneErrorLine(t, ta.run(), "config "+path+": ")
			for _, want := range tc.want {
				if !strings.Contains(ta.errOut.String(), want) {
					t.Errorf("stderr %q does not say %q", ta.errOut.String(), want)
				}
			}
			if ta.ran {
				t.Error("the TUI started with a bad [keys] or [theme]")
			}
		})
	}
}

func TestThemeConfigReachesTheUI(t *testing.T) {
	ta := newTestApp(t)
	ta.terminal = true
	writeConfig(t, ta, "[theme]\naccent = \"#FF8700\"\nstar = 13\nerror = \"1\"")
	if code := ta.run(); code != 0 {
		t.Fatalf("exit %d: %s", code, ta.errOut.String())
	}
	want := map[string]string{"accent": "#ff8700", "star": "13", "error": "1"}
	if !reflect.DeepEqual(ta.opts.Theme, want) {
		t.Errorf("the UI was given the theme %q, want %q", ta.opts.Theme, want)
	}
}

// NO_COLOR still wins over a theme: the UI gets the theme and the Ascii
// profile, under which no colour is drawn (ui's TestThemeColoursTheChrome).
func TestNoColorWinsOverTheme(t *testing.T) {
	ta := newTestApp(t)
	ta.terminal = true
	ta.env["NO_COLOR"] = "1"
	writeConfig(t, ta, "[theme]\naccent = \"#ff8700\"")
	if code := ta.run(); code != 0 {
		t.Fatalf("exit %d: %s", code, ta.errOut.String())
	}
	if ta.opts.ColorProfile != termenv.Ascii {
		t.Errorf("NO_COLOR with a theme: profile %v, want Ascii", ta.opts.ColorProfile)
	}
}
