package storage

import (
	"testing"
	"time"

	"caisse/pos"
)

// TestOrderNoteStored: the note on a cart survives a restart of the till
// (the cart is saved with it), is kept on the order and read back.
func TestOrderNoteStored(t *testing.T) {
	db := MustOpenDemoDB(t)
	clock := func() time.Time { return time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC) }
	open := func() *pos.Till {
		till, err := pos.NewTill(ctx, db.WithTill("till-1"), pos.Options{Actor: testActor, TillID: "till-1", Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		return till
	}
	till := open()
	if err := till.Add(ctx, "latte", "", 1); err != nil {
		t.Fatal(err)
	}
	if err := till.SetNote(ctx, "  Gift: wrap it, please  "); err != nil {
		t.Fatal(err)
	}
	till = open() // the note was saved with the cart
	if got := till.Cart().Note; got != "Gift: wrap it, please" {
		t.Fatalf("note after restart %q", got)
	}
	o, err := till.Pay(ctx, []pos.Tender{{Method: pos.Card, Amount: till.Quote().Total}})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := db.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Note != "Gift: wrap it, please" || o.Note != stored.Note {
		t.Fatalf("stored note %q, order %q", stored.Note, o.Note)
	}
}

// TestCustomSaleStored: a custom sale (no catalog product, tax exempt) is
// kept with the cart across a restart, stored on the order like any line,
// read back the same, and returned.
func TestCustomSaleStored(t *testing.T) {
	db := MustOpenDemoDB(t)
	clock := func() time.Time { return time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC) }
	open := func() *pos.Till {
		till, err := pos.NewTill(ctx, db.WithTill("till-1"), pos.Options{Actor: testActor, TillID: "till-1", Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		return till
	}
	till := open()
	cur := till.Location().Currency
	if err := till.Add(ctx, "latte", "", 1); err != nil {
		t.Fatal(err)
	}
	if err := till.AddCustomSale(ctx, "Donation", pos.NewMoney(500, cur), true); err != nil {
		t.Fatal(err)
	}
	till = open()
	if l := till.Cart().Lines; len(l) != 2 || !l[1].Sale || !l[1].Exempt {
		t.Fatalf("the custom sale after a restart: %+v", l)
	}
	o, err := till.Pay(ctx, []pos.Tender{{Method: pos.Card, Amount: till.Quote().Total}})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := db.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "stored lines", stored.Quote.Lines, o.Quote.Lines)
	if l := stored.Quote.Lines[1]; l.Title != "Donation" || l.ProductID != "" || l.TaxBehavior != pos.TaxExempt || !l.Tax.IsZero() {
		t.Fatalf("stored custom sale %+v", l)
	}
	r, err := till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 2, Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != pos.NewMoney(500, cur) {
		t.Fatalf("refund %s", r.Total)
	}
}
