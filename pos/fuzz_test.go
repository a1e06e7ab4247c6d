package pos

import (
	"math/rand"
	"reflect"
	"slices"
	"testing"
)

// FuzzPriceInvariants checks, on random carts and set-ups, what must hold
// for every quote: no amount below zero, parts that add up to their wholes,
// the same input giving the same output, and no panic. Small carts are also
// checked against the brute force (bruteForce): the same total, the same
// applied set (ties included), and the "saves $Z more" amounts; buy X get Y
// whose get items overlap its buy items included.
func FuzzPriceInvariants(f *testing.F) {
	for _, seed := range []int64{1, 2, 3, 42, 1234, 99991} {
		f.Add(seed, uint8(3), uint8(5), true, seed%2 == 0)
	}
	f.Fuzz(func(t *testing.T, seed int64, lines, discounts uint8, pooled, overlap bool) {
		r := rand.New(rand.NewSource(seed))
		sp := genSpec{lines: int(lines%8) + 1, discounts: int(discounts % 10), products: 4, pooled: pooled, custom: true, thresholds: true, overlap: overlap}
		c, cat, ds, loc := genCase(r, sp)
		q := PriceCart(c, cat, ds, loc, genNow)
		checkInvariants(t, c, q)
		again := PriceCart(c, cat, ds, loc, genNow)
		if !reflect.DeepEqual(q, again) {
			t.Fatal("the same input gave another quote")
		}
		if e, _ := buildEngine(c, cat, ds, loc, genNow); len(e.cands) <= 7 && len(e.lines) <= 5 {
			want, set, with := bruteForce(e)
			got, _ := e.optimize()
			if got.total != want || !slices.Equal(e.ids(got.set), e.ids(set)) {
				t.Fatalf("optimiser %d %v, brute force %d %v", got.total, e.ids(got.set), want, e.ids(set))
			}
			if err := checkSavesMore(e, q, set, want, with); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func checkInvariants(t *testing.T, c *Cart, q *Quote) {
	t.Helper()
	neg := func(what string, m Money) {
		if m.IsNegative() {
			t.Fatalf("%s is negative: %s", what, m)
		}
	}
	var sum, taxSum, shareSum, netPlusShare int64
	for _, l := range q.Lines {
		neg("line amount", l.Amount)
		neg("line net", l.Net)
		neg("line tax", l.Tax)
		off := int64(0)
		for _, d := range l.Discounts {
			neg("line discount", d.Amount)
			off += d.Amount.Minor()
		}
		if l.Subtotal.Minor()-off != l.Amount.Minor() {
			t.Fatalf("line %d: subtotal %s − discounts %d ≠ amount %s", l.Pos, l.Subtotal, off, l.Amount)
		}
		if l.Subtotal.Minor() != l.UnitPrice.Minor()*int64(l.Quantity) {
			t.Fatalf("line %d: subtotal is not unit × quantity", l.Pos)
		}
		sum += l.Amount.Minor()
		taxSum += l.Tax.Minor()
		shareSum += l.OrderShare.Minor()
		netPlusShare += l.Net.Minor() + l.OrderShare.Minor()
	}
	if sum != q.Subtotal.Minor() {
		t.Fatalf("lines add up to %d, subtotal %s", sum, q.Subtotal)
	}
	if netPlusShare != sum {
		t.Fatal("net + order share ≠ amount")
	}
	var orderOff int64
	for _, od := range q.OrderDiscounts {
		neg("order discount", od.Amount)
		orderOff += od.Amount.Minor()
		var s int64
		for _, sh := range od.Shares {
			neg("share", sh)
			s += sh.Minor()
		}
		if s != od.Amount.Minor() {
			t.Fatalf("%s: shares add up to %d, not %s", od.DiscountID, s, od.Amount)
		}
	}
	// each line's shares add up to its order share
	for i, l := range q.Lines {
		var s int64
		for _, od := range q.OrderDiscounts {
			s += od.Shares[i].Minor()
		}
		if s != l.OrderShare.Minor() {
			t.Fatalf("line %d: shares %d ≠ order share %s", l.Pos, s, l.OrderShare)
		}
	}
	if orderOff != shareSum {
		t.Fatalf("order discounts %d spread as %d", orderOff, shareSum)
	}
	if taxSum != q.Tax.Minor() {
		t.Fatal("line taxes do not add up to the tax")
	}
	neg("subtotal", q.Subtotal)
	neg("shipping", q.Shipping)
	neg("shipping discount", q.ShippingDiscount)
	neg("tax", q.Tax)
	neg("total", q.Total)
	if q.ShippingDiscount.Minor() > q.Shipping.Minor() {
		t.Fatal("shipping discount above shipping")
	}
	want := q.Subtotal.Minor() - orderOff + q.ExclusiveTax.Minor() + q.Shipping.Minor() - q.ShippingDiscount.Minor()
	if q.Total.Minor() != want {
		t.Fatalf("total %s ≠ subtotal − order discounts + exclusive tax + shipping after discount (%d)", q.Total, want)
	}
	var applied int64
	for _, a := range q.Applied {
		if a.Amount.Minor() <= 0 {
			t.Fatalf("applied %s with amount %s", a.DiscountID, a.Amount)
		}
		applied += a.Amount.Minor()
	}
	var gross int64
	for _, l := range q.Lines {
		gross += l.Subtotal.Minor()
	}
	if gross-applied+q.Shipping.Minor()+q.ExclusiveTax.Minor() != q.Total.Minor() {
		t.Fatalf("gross %d − applied %d + shipping + tax ≠ total %s", gross, applied, q.Total)
	}
	seen := map[string]bool{}
	for _, a := range q.Applied {
		if a.Source != Custom && seen[a.DiscountID] {
			t.Fatalf("%s applied twice", a.DiscountID)
		}
		seen[a.DiscountID] = true
	}
	for _, n := range q.NotApplied {
		if seen[n.DiscountID] {
			t.Fatalf("%s both applied and not applied", n.DiscountID)
		}
		if n.Detail() == "" || n.Reason == "" {
			t.Fatalf("%s not applied without a reason", n.DiscountID)
		}
	}
}
