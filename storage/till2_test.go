package storage

import (
	"testing"
	"time"

	"caisse/assets"
	"caisse/pos"
)

// TestOrderNoteStored: the note on a cart survives a restart of the till
// (the cart is saved with it), is kept on the order and read back.
func TestOrderNoteStored(t *testing.T) {
	db := MustOpenDB(t)
	demo, err := assets.DemoSetup()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Seed(ctx, demo); err != nil {
		t.Fatal(err)
	}
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
