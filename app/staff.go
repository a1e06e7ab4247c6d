package main

import (
	"context"

	"caisse/pos"
	"caisse/storage"
)

// Demo staff, written when a database has nobody yet (README): without a
// manager nobody could open the back office. Change the PINs in a real shop.
var demoStaff = []struct {
	id, name, pin string
	role          pos.Role
}{
	{"manager", "Manager", "1234", pos.Manager},
	{"cashier", "Cashier", "0000", pos.Cashier},
}

// seedStaff writes the demo manager and cashier when there is no staff.
func seedStaff(ctx context.Context, db *storage.DB) error {
	staff, err := db.Staff(ctx)
	if err != nil || len(staff) > 0 {
		return err
	}
	var list []pos.Staff
	for _, d := range demoStaff {
		h, err := pos.HashPIN(d.pin)
		if err != nil {
			return err
		}
		list = append(list, pos.Staff{ID: d.id, Name: d.name, Role: d.role, PINHash: h, Active: true})
	}
	_, err = db.SeedStaff(ctx, list)
	return err
}
