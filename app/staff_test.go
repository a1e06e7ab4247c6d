package main

import (
	"context"
	"path/filepath"
	"testing"

	"caisse/pos"
)

// A new database opened for the window gets the demo manager (PIN 1234)
// and cashier (PIN 0000), once; PINs are stored hashed.
func TestDemoStaffSeeded(t *testing.T) {
	ctx := context.Background()
	pos.PINCost = 4
	path := filepath.Join(t.TempDir(), "caisse.db")
	for i := 0; i < 2; i++ {
		db, _, err := openTill(ctx, path, "till-1", false)
		if err != nil {
			t.Fatal(err)
		}
		staff, err := db.Staff(ctx)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(staff) != 2 {
			t.Fatalf("open %d: %d staff, want 2", i+1, len(staff))
		}
		m, err := pos.FindByPIN(staff, "1234", pos.Manager)
		if err != nil || m.ID != "manager" || m.PINHash == "1234" {
			t.Fatalf("demo manager: %+v, %v", m, err)
		}
		if _, err := pos.FindByPIN(staff, "0000", pos.Manager); err == nil {
			t.Fatal("the cashier's PIN is a manager's")
		}
	}
}
