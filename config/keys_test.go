package config

import (
	"strings"
	"testing"
)

func TestNormalizeKey(t *testing.T) {
	named := []string{"enter", "ctrl+d", "shift+tab", "f5", "pgdown"}
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"n", "n", true},
		{"N", "N", true},
		{"é", "é", true},
		{"?", "?", true},
		{"space", " ", true},
		{"Space", " ", true},
		{"Ctrl+D", "ctrl+d", true},
		{"ENTER", "enter", true},
		{"alt+G", "alt+G", true},
		{"ALT+g", "alt+g", true},
		{"alt+enter", "alt+enter", true},
		{"alt+space", "alt+ ", true},
		{"shift+tab", "shift+tab", true},
		{"", "", false},
		{" ", "", false},
		{"\t", "", false},
		{"ctl+d", "", false},
		{"shift+a", "", false},
		{"alt+", "", false},
		{"nn", "", false},
	} {
		got, ok := normalizeKey(tc.in, named)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("normalizeKey(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestKeysConflictNamesTheReboundActionSecond(t *testing.T) {
	spec := UISpec{Actions: []KeyAction{
		{Name: "next_article", Screens: []string{"reader"}, Keys: []string{"n"}},
		{Name: "next_section", Screens: []string{"reader"}, Keys: []string{"]"}},
		{Name: "star", Screens: []string{"library"}, Keys: []string{"s"}},
	}}
	if _, err := parseKeys(map[string]any{"next_section": []any{"n"}}, spec); err == nil ||
		!strings.Contains(err.Error(), `next_article and next_section both use "n" in the reader`) {
		t.Errorf("got %v", err)
	}
	// Different screens may share a key.
	if _, err := parseKeys(map[string]any{"star": []any{"n"}}, spec); err != nil {
		t.Errorf("a key on two screens: %v", err)
	}
	// Swapping two keys is fine when both are rebound.
	if _, err := parseKeys(map[string]any{"next_section": []any{"n"}, "next_article": []any{"]"}}, spec); err != nil {
		t.Errorf("a swap: %v", err)
	}
}
