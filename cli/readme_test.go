package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/herald-reader/herald/ui"
)

// The README's key table lists every action by its [keys] name with its
// default keys and screens, and its colour table every [theme] role: a
// binding or a role added without its row fails here.
func TestREADMEListsEveryActionAndColour(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, a := range ui.KeyActions() {
		keys := make([]string, len(a.Keys))
		for i, k := range a.Keys {
			if k == " " {
				k = "space"
			}
			keys[i] = "`" + k + "`"
		}
		row := "| `" + a.Name + "` | " + strings.Join(keys, " ") + " | " + strings.Join(a.Screens, ", ") + " | "
		if !strings.Contains(readme, row) {
			t.Errorf("README has no key row starting %q", row)
		}
	}
	for _, r := range ui.ColorRoles() {
		row := "| `" + r.Name + "` | `" + r.Default + "` | "
		if !strings.Contains(readme, row) {
			t.Errorf("README has no colour row starting %q", row)
		}
	}
}
