package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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
	// The file's set-up changes the shop: audited, signed by the runner.
	if err := db.SaveSetupAudited(ctx, setup, pos.ScenarioRunner.ID, s.now); err != nil {
		return fail(err)
	}
	return &runStore{DB: db.WithTill("scenario-" + pos.NewID(s.now)), carts: map[string]*pos.Cart{}}, closeAll, nil
}

// runStore is the database as a scenario run sees it: orders, set-up and
// discount uses are the database's, but the run's carts live only in
// memory. A run that stops without paying, fails or is killed leaves no cart
// in the database (finding 3); carts that runs of older builds left behind
// (till "scenario-...") are cleared by migration 0009.
type runStore struct {
	*storage.DB
	carts map[string]*pos.Cart
	order []string
}

// SaveCart keeps the cart in memory. The change's audit entries (a test
// mode switch, an approval) are the database's, written before the cart
// changes here: both or neither, as storage.DB.SaveCart does.
func (s *runStore) SaveCart(ctx context.Context, c *pos.Cart, audit ...pos.AuditEntry) error {
	if len(audit) > 0 {
		if err := s.AppendAudit(ctx, audit...); err != nil {
			return err
		}
	}
	if c.Status == pos.CartCompleted {
		s.forget(c.ID)
		return nil
	}
	if _, ok := s.carts[c.ID]; !ok {
		s.order = append(s.order, c.ID)
	}
	s.carts[c.ID] = c
	return nil
}

func (s *runStore) DeleteCart(_ context.Context, id string) error {
	s.forget(id)
	return nil
}

func (s *runStore) forget(id string) {
	delete(s.carts, id)
	for i, x := range s.order {
		if x == id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

func (s *runStore) LoadCarts(context.Context) ([]*pos.Cart, error) {
	out := make([]*pos.Cart, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.carts[id])
	}
	return out, nil
}

// knownProducts lists the ids of the products a run may name: the file's,
// and with dbPath those the database already has (read without writing to
// it). ok is false when the database cannot be read yet (an older schema):
// the run then checks its steps after opening it.
func knownProducts(dbPath string, s *scenario) (ids map[string]bool, ok bool, err error) {
	ids = map[string]bool{}
	for _, p := range s.setup.Products {
		ids[p.ID] = true
	}
	if dbPath == "" {
		return ids, true, nil
	}
	if _, err := os.Stat(dbPath); errors.Is(err, fs.ErrNotExist) {
		return ids, true, nil
	}
	db, err := storage.OpenReadOnly(dbPath)
	switch {
	case errors.Is(err, storage.ErrNeedsUpgrade):
		return ids, false, nil
	case err != nil:
		return nil, false, err
	}
	defer db.Close()
	have, err := db.LoadSetup(context.Background())
	if err != nil {
		return nil, false, err
	}
	for _, p := range have.Products {
		ids[p.ID] = true
	}
	return ids, true, nil
}
