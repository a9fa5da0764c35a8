package cli

import (
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/ui"
)

// uiSpec tells config what the interface has, so config can check the
// [keys] and [theme] tables and list them in the default file: ui owns the
// lists, and config does not import ui.
func uiSpec() config.UISpec {
	var spec config.UISpec
	for _, a := range ui.KeyActions() {
		spec.Actions = append(spec.Actions, config.KeyAction{Name: a.Name, Help: a.Help, Screens: a.Screens, Keys: a.Keys})
	}
	spec.KeyNames = ui.KeyNames()
	for _, r := range ui.ColorRoles() {
		spec.Roles = append(spec.Roles, config.ColorRole{Name: r.Name, Default: r.Default, Help: r.Help})
	}
	return spec
}
