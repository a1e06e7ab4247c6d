package main

import (
	"context"

	"caisse/pos"
)

// openScenarioStore returns the store a scenario runs in.
func openScenarioStore(ctx context.Context, dbPath string, s *scenario) (pos.Store, func(), error) {
	return pos.NewMemStore(s.setup), func() {}, nil
}
