package storage

import (
	"testing"
	"time"

	"caisse/pos"
)

// TestTillOnStorage drives the till service on a database as the window
// does: the demo shop, a sale with a code and a cross-sell, a parked cart
// that a restarted till finds again.
func TestTillOnStorage(t *testing.T) {
	db := MustOpenDemoDB(t)
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	open := func() *pos.Till {
		till, err := pos.NewTill(ctx, db.WithTill("till-1"), pos.Options{Actor: testActor, TillID: "till-1", Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		return till
	}
	till := open()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(pos.ErrorMessage(err))
		}
	}
	must(till.Add(ctx, "latte", "", 2))
	must(till.Scan(ctx, "2001234500197")) // a ceramic mug
	must(till.EnterCode(ctx, "mug3"))
	must(till.AcceptCrossSell(ctx, "croissant"))
	q := till.Quote()
	o, err := till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: pos.NewMoney(q.Total.Minor()+500, "USD")}})
	must(err)
	if o.Number != 1 || o.Change.Minor() != 500 {
		t.Errorf("order %s, change %s", o.NumberLabel(), o.Change)
	}
	stored, err := db.Order(ctx, o.ID)
	must(err)
	assertSameJSON(t, "stored order", stored.Quote.Lines, o.Quote.Lines)
	if !stored.Quote.Lines[2].CrossSell || stored.Quote.Total != o.Quote.Total {
		t.Errorf("stored order = %+v", stored.Quote)
	}

	must(till.NewCart(ctx, pos.CartOptions{}))
	must(till.Add(ctx, "house-blend", "house-blend-bag", 1))
	must(till.Park(ctx, "Mrs Smith"))
	must(till.Add(ctx, "espresso", "", 1))

	again := open() // the till restarts: its open cart and parked cart are there
	if c := again.Cart(); len(c.Lines) != 1 || c.Lines[0].ProductID != "espresso" {
		t.Errorf("open cart after a restart: %+v", c.Lines)
	}
	if p := again.Parked(); len(p) != 1 || p[0].Label != "Mrs Smith" || p[0].Lines[0].ProductID != "house-blend" {
		t.Errorf("parked carts after a restart: %d", len(p))
	}
	other, err := pos.NewTill(ctx, db.WithTill("till-2"), pos.Options{Actor: testActor, TillID: "till-2", Now: clock})
	must(err)
	if c := other.Cart(); len(c.Lines) != 0 || len(other.Parked()) != 0 {
		t.Errorf("another till sees till-1's carts")
	}
	r, err := db.DailySales(ctx, now)
	must(err)
	if r.Orders != 1 || r.Total != o.Quote.Total {
		t.Errorf("report = %+v", r)
	}
}
