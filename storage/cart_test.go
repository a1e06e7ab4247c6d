package storage

import (
	"testing"
	"time"

	"caisse/pos"
)

func testCart(id string, started time.Time) *pos.Cart {
	return &pos.Cart{
		ID: id, Currency: usd, Mode: pos.SubscriptionMode, Interval: pos.Month, IntervalCount: 3, Upgrade: true,
		Lines: []pos.Line{
			{ID: 1, ProductID: "pants", PriceID: "pants-usd", Title: "Pants", UnitPrice: money(10000), Quantity: 2,
				Custom: &pos.CustomDiscount{Type: pos.Percentage, Percent: mustParsePercent("12.5"), Reason: "damaged"}},
			{ID: 3, ProductID: "belt", PriceID: "belt-usd", Title: "Belt", UnitPrice: money(2500), Quantity: 1, CrossSell: true},
		},
		NextLineID:    4,
		Codes:         []string{"TENOFF"},
		CartDiscounts: []pos.CustomDiscount{{Type: pos.FixedAmount, Amount: money(500), Reason: "regular"}},
		Shipping:      money(2000),
		CrossSells:    map[string]string{"pants": "belt"},
		Test:          true, Status: pos.CartOpen, StartedAt: started, UpdatedAt: started.Add(time.Minute),
	}
}

func TestCartsRoundTrip(t *testing.T) {
	db := MustOpenDB(t)
	t0 := time.Date(2026, 11, 22, 12, 0, 0, 123456789, time.UTC)
	older, newer := testCart("B-older", t0), testCart("A-newer", t0.Add(time.Hour))
	newer.Status, newer.Label, newer.Test = pos.CartParked, "Mrs Smith", false
	for _, c := range []*pos.Cart{newer, older} {
		if err := db.SaveCart(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.LoadCarts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "carts, oldest first", got, []*pos.Cart{older, newer})

	older.Lines[0].Quantity = 5
	older.Codes = nil
	if err := db.SaveCart(ctx, older); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteCart(ctx, newer.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteCart(ctx, "never-there"); err != nil {
		t.Errorf("deleting a missing cart: %v", err)
	}
	got, err = db.LoadCarts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "carts after a change and a delete", got, []*pos.Cart{older})

	older.Status = pos.CartCompleted
	if err := db.SaveCart(ctx, older); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.LoadCarts(ctx); len(got) != 0 {
		t.Errorf("a completed cart is kept: %d carts", len(got))
	}
}

func TestCartsPerTill(t *testing.T) {
	db := MustOpenDB(t)
	till1, till2 := db.WithTill("till-1"), db.WithTill("till-2")
	now := time.Now().UTC()
	if err := till1.SaveCart(ctx, testCart("one", now)); err != nil {
		t.Fatal(err)
	}
	if err := till2.SaveCart(ctx, testCart("two", now)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		db   *DB
		want string
	}{{till1, "one"}, {till2, "two"}} {
		got, err := tc.db.LoadCarts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != tc.want {
			t.Errorf("till %s sees %d carts, want only %s", tc.db.tillID, len(got), tc.want)
		}
	}
}
