package main

import (
	"testing"
	"time"

	"caisse/pos"
	"caisse/storage"
)

// A run's carts live in memory, but the audit entries of a cart change
// (trust: an approval, a test mode switch) are the database's: written
// before the cart is kept, and a refused entry keeps no cart.
func TestRunStoreWritesACartsAuditEntries(t *testing.T) {
	db, err := storage.Open(t.TempDir() + "/shop.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := t.Context()
	s := &runStore{DB: db.WithTill("scenario-x"), carts: map[string]*pos.Cart{}}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	e, err := pos.NewAuditEntry(at, pos.ScenarioRunner.ID, pos.AuditApproval, "cart-1", nil, map[string]any{"amount": "5.00"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveCart(ctx, &pos.Cart{ID: "cart-1", Status: pos.CartOpen, Currency: "USD"}, e); err != nil {
		t.Fatal(err)
	}
	log, err := db.Audit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, got := range log {
		found = found || (got.Action == pos.AuditApproval && got.StaffID == pos.ScenarioRunner.ID && got.Subject == "cart-1")
	}
	if !found {
		t.Fatalf("the cart's audit entry was not written: %+v", log)
	}
	if carts, _ := s.LoadCarts(ctx); len(carts) != 1 {
		t.Fatalf("%d carts in memory, want 1", len(carts))
	}
	// An entry the database refuses (no one named): no cart either.
	if err := s.SaveCart(ctx, &pos.Cart{ID: "cart-2", Status: pos.CartOpen, Currency: "USD"}, pos.AuditEntry{At: at, Action: pos.AuditApproval}); err == nil {
		t.Fatal("an audit entry naming nobody was accepted")
	}
	if carts, _ := s.LoadCarts(ctx); len(carts) != 1 {
		t.Fatalf("%d carts in memory after a refused entry, want 1", len(carts))
	}
}
