package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"caisse/pos"
	"caisse/storage"
)

// openScenarioStore loads the scenario's store into a fresh SQLite file in a
// temporary folder, or with dbPath into that database (created when
// missing): the file's products and discounts are added or replace those
// with the same id; its location replaces the database's when the file
// gives one (or the database is new). Each run is a till of its own.
func openScenarioStore(ctx context.Context, dbPath string, s *scenario) (pos.Store, func(), error) {
	cleanup := func() {}
	if dbPath == "" {
		dir, err := os.MkdirTemp("", "caisse-scenario-")
		if err != nil {
			return nil, nil, err
		}
		dbPath = filepath.Join(dir, "scenario.db")
		cleanup = func() { os.RemoveAll(dir) }
	}
	db, err := storage.Open(dbPath)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	closeAll := func() { db.Close(); cleanup() }
	fail := func(err error) (pos.Store, func(), error) { closeAll(); return nil, nil, err }
	isNew, err := db.IsNew(ctx)
	if err != nil {
		return fail(err)
	}
	setup := pos.Setup{Location: s.setup.Location, Products: s.setup.Products, Discounts: s.setup.Discounts}
	if err := checkHQOwnsSetup(ctx, db, setup, s.hasLoc); err != nil { // headoffice.go
		return fail(err)
	}
	if !isNew && !s.hasLoc {
		have, err := db.LoadSetup(ctx)
		if err != nil {
			return fail(err)
		}
		if have.Location.Currency != s.cur {
			return fail(fmt.Errorf("the database's location is in %s, the file in %s", have.Location.Currency, s.cur))
		}
		setup.Location = have.Location
	}
	if err := db.SaveSetup(ctx, setup); err != nil {
		return fail(err)
	}
	return db.WithTill("scenario-" + pos.NewID(s.now)), closeAll, nil
}
