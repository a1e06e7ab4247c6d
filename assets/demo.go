// Package assets holds the files Caisse ships inside its binary, such as
// the demo shop a new database starts with.
package assets

import (
	_ "embed"
	"fmt"

	"caisse/pos"
	"caisse/pos/setupjson"
)

//go:embed demo.json
var demoJSON []byte

// DemoSetup returns the demo shop: a coffee shop in USD (Pro, 8.25 % tax on
// top of prices) with a small catalog and a few discounts. The file uses the
// vocabulary of the scenario files (scenarios/FORMAT.md).
func DemoSetup() (pos.Setup, error) {
	return ParseSetup(demoJSON)
}

// ParseSetup reads a set-up written like demo.json (setupjson's format) and
// checks it as the till would.
func ParseSetup(data []byte) (pos.Setup, error) {
	s, err := setupjson.Parse(data)
	if err != nil {
		return pos.Setup{}, fmt.Errorf("reading the set-up: %w", err)
	}
	return s, nil
}
