package pos

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// A UPC-A and its EAN-13 form (and an EAN-8 and its padded form) are one
// code: each finds the product stored with the other, and a catalog refuses
// two products with the same code in two forms.
func TestBarcodeForms(t *testing.T) {
	for _, tc := range []struct{ stored, scanned string }{
		{"036000291452", "0036000291452"},
		{"0036000291452", "036000291452"},
		{"036000291452", "036000291452"},
		{"96385074", "0000096385074"},
		{"0000096385074", "96385074"},
	} {
		p := prod("soup", "1.00")
		p.Barcode = tc.stored
		f := newFixture(t, nil, []Product{p})
		f.ok(f.till.Scan(ctx, tc.scanned))
		if n := len(f.q().Lines); n != 1 {
			t.Errorf("stored %s, scanned %s: %d lines", tc.stored, tc.scanned, n)
		}
	}
	a, b := prod("a", "1.00"), prod("b", "1.00")
	a.Barcode, b.Barcode = "036000291452", "0036000291452"
	if _, err := NewCatalog([]Product{a, b}); ErrorCode(err) != EInvalid {
		t.Errorf("two products with one code in two forms: %v", err)
	}
	if got := strings.Join(BarcodeForms("96385074"), ","); got != "0000096385074,000096385074,96385074" {
		t.Errorf("forms of an EAN-8: %s", got)
	}
	if got := strings.Join(BarcodeForms("4006381333931"), ","); got != "4006381333931" {
		t.Errorf("forms of an EAN-13 not starting with 0: %s", got)
	}
}

// Only the prices that fit the cart are offered, and a refusal names the
// product and its amount, never an internal id.
func TestPricesFor(t *testing.T) {
	house := prod("house", "4.50")
	house.Title = "House blend"
	monthly := recurring("x", "13.50", Month, 1).Prices[0]
	monthly.ID = "house-monthly-7f3a"
	house.Prices = append(house.Prices, monthly)
	two := prod("two", "3.00")
	two.Prices = append(two.Prices, Price{ID: "two-big", Amount: money("5.00"), Type: OneTime, Active: true})
	sub := recurring("sub", "9.00", Year, 1)
	f := newFixture(t, nil, []Product{house, two, sub})
	for _, tc := range []struct {
		id   string
		want []string
		code string
	}{
		{"house", []string{"house-usd"}, ""},
		{"two", []string{"two-usd", "two-big"}, ""},
		{"sub", nil, ENotAllowed},
		{"nope", nil, ENotFound},
	} {
		got, err := f.till.PricesFor(tc.id)
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.id, err, tc.code)
		}
		var ids []string
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if strings.Join(ids, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: prices %v, want %v", tc.id, ids, tc.want)
		}
	}
	err := f.till.Add(ctx, "house", "house-monthly-7f3a", 1)
	f.refused(err, ENotAllowed)
	if strings.Contains(err.Error(), "7f3a") || !strings.Contains(err.Error(), "House blend at 13.50") {
		t.Errorf("the refusal shows an id or no amount: %v", err)
	}
	f.ok(f.till.Add(ctx, "house", "", 1)) // the one price that fits
}

// A dismissed cross-sell is not offered again on this cart, even after it is
// parked and resumed; a new cart offers it.
func TestDismissCrossSell(t *testing.T) {
	f := newFixture(t, nil, []Product{crossSell(prod("a", "10.00"), "c"), crossSell(prod("b", "10.00"), "d"), prod("c", "5.00"), prod("d", "5.00")})
	f.add("a", 1)
	f.add("b", 1)
	if got := offers(f.q()); strings.Join(got, ",") != "c,d" {
		t.Fatalf("offers %v", got)
	}
	f.ok(f.till.DismissCrossSell(ctx, "c"))
	f.refused(f.till.DismissCrossSell(ctx, "c"), ENotFound)
	if got := offers(f.q()); strings.Join(got, ",") != "d" {
		t.Fatalf("after dismissing c: %v", got)
	}
	id := f.till.Cart().ID
	f.ok(f.till.Park(ctx, "later"))
	f.ok(f.till.Resume(ctx, id))
	if got := offers(f.q()); strings.Join(got, ",") != "d" {
		t.Fatalf("a resumed cart forgot the dismissal: %v", got)
	}
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	f.add("a", 1)
	if got := offers(f.q()); strings.Join(got, ",") != "c" {
		t.Fatalf("a new cart offers it again: %v", got)
	}
}

// Removing a line can be undone: it comes back where it was, as it was. The
// removal of a line priced with discounts is audited (line_removed), and so
// is its return (line_restored): each entry is written with the cart save,
// in the same store call (a failed audit write keeps neither), and names the
// member of staff signed in.
func TestRemoveLineUndoAndAudit(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("a", "10.00"), prod("b", "20.00"), prod("c", "30.00")},
		on(pctOff("b10", ClassProduct, "10"), "b"))
	mh, _ := HashPIN(miaPIN)
	ch, _ := HashPIN(camPIN)
	f.st.StaffList = []Staff{
		{ID: "mia", Name: "Mia", Role: Manager, PINHash: mh, Active: true},
		{ID: "cam", Name: "Cam", Role: Cashier, PINHash: ch, Active: true},
	}
	signIn := func(who, pin string) {
		t.Helper()
		f.till.Lock()
		if _, err := f.till.SignIn(ctx, who, pin); err != nil {
			t.Fatalf("sign in %s: %v", who, err)
		}
	}
	entries := func() []AuditEntry {
		t.Helper()
		log, err := f.st.Audit(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i, j := 0, len(log)-1; i < j; i, j = i+1, j-1 {
			log[i], log[j] = log[j], log[i]
		}
		return log
	}
	// stored is the cart as the store holds it: what a restart would load.
	stored := func() []string {
		t.Helper()
		f.st.mu.Lock()
		defer f.st.mu.Unlock()
		var ids []string
		for _, l := range f.st.carts[f.till.Cart().ID].Lines {
			ids = append(ids, l.ProductID)
		}
		return ids
	}
	signIn("cam", camPIN)
	f.add("a", 1)
	f.add("b", 2)
	f.add("c", 1)
	f.ok(f.till.SetLineDiscount(ctx, 1, CustomDiscount{Type: FixedAmount, Amount: money("1.00")}))
	f.ok(f.till.RemoveLine(ctx, 3)) // no discount: not audited
	f.ok(f.till.UndoRemoveLine(ctx))
	if log := entries(); len(log) != 0 {
		t.Fatalf("a line with no discount was audited: %+v", log)
	}

	// The audit entry cannot be written: the cart is not saved either.
	f.st.FailAudit = errors.New("disk full")
	f.refused(f.till.RemoveLine(ctx, 2), EInternal)
	if got := strings.Join(stored(), ","); got != "a,b,c" || len(f.q().Lines) != 3 {
		t.Fatalf("the removal was kept without its audit entry: stored %s, till %d lines", got, len(f.q().Lines))
	}
	f.refused(f.till.UndoRemoveLine(ctx), ENotFound) // nothing was removed
	f.st.FailAudit = nil

	f.now = f.now.Add(time.Minute)
	f.ok(f.till.RemoveLine(ctx, 2))
	log := entries()
	if len(log) != 1 {
		t.Fatalf("the discounted line's removal: %+v", log)
	}
	if e := log[0]; e.Action != AuditLineRemoved || e.StaffID != "cam" || e.Subject != f.till.Cart().ID ||
		!e.At.Equal(f.now) || !strings.Contains(e.Before, `"b10"`) || e.After != "" {
		t.Fatalf("the removal's entry: %+v", e)
	}
	if got := strings.Join(stored(), ","); got != "a,c" {
		t.Fatalf("stored cart after the removal: %s", got)
	}

	// A manager takes over and puts it back: the return names her.
	signIn("mia", miaPIN)
	f.ok(f.till.UndoRemoveLine(ctx))
	q := f.q()
	if len(q.Lines) != 3 || q.Lines[1].ProductID != "b" || q.Lines[1].Quantity != 2 || len(q.Lines[1].Discounts) != 1 {
		t.Fatalf("the line did not come back as it was: %+v", q.Lines)
	}
	log = entries()
	if len(log) != 2 || log[1].Action != AuditLineRestored || log[1].StaffID != "mia" || !strings.Contains(log[1].After, `"b"`) {
		t.Fatalf("the return is audited: %+v", log)
	}
	if got := strings.Join(stored(), ","); got != "a,b,c" {
		t.Fatalf("stored cart after the undo: %s", got)
	}
	f.refused(f.till.UndoRemoveLine(ctx), ENotFound) // only once
	f.ok(f.till.RemoveLine(ctx, 1))
	if log := entries(); len(log) != 3 || log[2].StaffID != "mia" {
		t.Fatalf("a custom-discounted line's removal is audited: %+v", log)
	}

	// Nobody signed in: nothing is removed, nothing audited.
	f.till.Lock()
	f.refused(f.till.RemoveLine(ctx, 1), ESignIn)
	f.refused(f.till.UndoRemoveLine(ctx), ESignIn)
	if n := len(entries()); n != 3 {
		t.Fatalf("%d entries while locked", n)
	}
	signIn("cam", camPIN)
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	f.refused(f.till.UndoRemoveLine(ctx), ENotFound) // another cart
}
