package pos

import (
	"testing"
	"time"
)

// A cart open or parked when the set-up is reloaded (a change from the head
// office, an edit in the back office) keeps the rules it started with until
// it is completed or dropped: a code withdrawn meanwhile still applies to
// it, the old percentage stays, and a code entered on it is checked against
// its own rules. A cart started after the reload gets the new set-up; a
// parked cart resumed after a restart is priced with the set-up of the
// restart.
func TestOpenCartKeepsItsRulesAcrossAReload(t *testing.T) {
	ten := code(pctOff("ten", ClassOrder, "10"), "TEN")
	five := code(pctOff("five", ClassOrder, "5"), "FIVE")
	f := newFixture(t, nil, []Product{prod("tea", "10.00")}, ten, five)
	// Cart 1, parked with TEN; cart 2, open with TEN.
	f.add("tea", 1)
	f.ok(f.till.EnterCode(ctx, "ten"))
	f.ok(f.till.Park(ctx, "first"))
	f.add("tea", 2)
	f.ok(f.till.EnterCode(ctx, "ten"))
	f.total("18.00")

	// The set-up changes: TEN is withdrawn, FIVE becomes 50 %.
	ten.Enabled = false
	five.Value.Percent = percent("50")
	f.ok(f.st.SaveDiscount(ctx, ten))
	f.ok(f.st.SaveDiscount(ctx, five))
	f.ok(f.till.Reload(ctx))
	f.total("18.00") // re-priced with its own rules: unchanged
	f.add("tea", 1)  // and on its next change
	f.total("27.00")
	f.applied("ten")
	// A code entered on it is its own rules' code: FIVE at 5 %, not 50.
	f.ok(f.till.RemoveCode(ctx, "ten"))
	f.ok(f.till.EnterCode(ctx, "five"))
	f.total("28.50")
	o, err := f.till.Pay(ctx, []Tender{{Cash, money("28.50")}})
	f.ok(err)
	if o.Quote.Total.String() != "28.50" {
		t.Fatalf("the order took %s", o.Quote.Total)
	}

	// A new cart: the new set-up.
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	f.add("tea", 1)
	f.refused(f.till.EnterCode(ctx, "ten"), ENotAllowed)
	f.ok(f.till.EnterCode(ctx, "five"))
	f.total("5.00")

	// The parked cart kept TEN too.
	parked := f.till.Parked()
	if len(parked) != 1 {
		t.Fatalf("parked: %+v", parked)
	}
	if q := f.till.Preview(parked[0]); q.Total.String() != "9.00" {
		t.Fatalf("parked cart previewed at %s, want 9.00 (its own rules)", q.Total)
	}
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	f.ok(f.till.Resume(ctx, parked[0].ID))
	f.total("9.00")
	f.applied("ten")

	// Parked again, then a restart: the cart is priced with the set-up the
	// till starts on (TEN withdrawn). The pins live in memory only.
	f.ok(f.till.Park(ctx, "again"))
	till2, err := NewTill(ctx, f.st, Options{Actor: testActor, Now: func() time.Time { return genNow }})
	f.ok(err)
	var again *Cart
	for _, c := range till2.Parked() {
		if c.Label == "again" {
			again = c
		}
	}
	if again == nil {
		t.Fatal("the parked cart is gone after the restart")
	}
	f.ok(till2.Resume(ctx, again.ID))
	if q := till2.Quote(); q.Total.String() != "10.00" {
		t.Fatalf("resumed after a restart at %s, want 10.00 (TEN withdrawn)", q.Total)
	}
}

// The till forgets the rules of carts that are gone: after a reload, only
// live carts that have started (a line or a code) are pinned; an empty cart
// takes the new set-up.
func TestReloadForgetsTheRulesOfCartsGone(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("tea", "10.00")}, code(pctOff("ten", ClassOrder, "10"), "TEN"))
	for i := 0; i < 3; i++ {
		f.ok(f.till.NewCart(ctx, CartOptions{}))
		f.add("tea", 1)
		f.ok(f.till.Reload(ctx))
		_, err := f.till.Pay(ctx, []Tender{{Cash, money("10.00")}})
		f.ok(err)
	}
	pinned := func() int {
		f.till.mu.Lock()
		defer f.till.mu.Unlock()
		return len(f.till.rules)
	}
	f.ok(f.till.Reload(ctx))
	if n := pinned(); n != 0 { // the last cart is completed
		t.Fatalf("%d carts pinned, want 0", n)
	}
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	f.ok(f.till.Reload(ctx))
	if n := pinned(); n != 0 { // an empty cart takes the new set-up
		t.Fatalf("%d carts pinned, want 0", n)
	}
	f.add("tea", 1)
	f.ok(f.till.Reload(ctx))
	if n := pinned(); n != 1 { // the open cart, started
		t.Fatalf("%d carts pinned, want 1", n)
	}
}
