package pos

import (
	"math/rand"
	"strings"
	"testing"
	"time"
)

// sale prices the fixture's cart and pays it in cash.
func (f *fixture) sale(tenders ...Tender) *Order {
	f.t.Helper()
	if len(tenders) == 0 {
		tenders = []Tender{{Method: Cash, Amount: f.q().Total}}
	}
	o, err := f.till.Pay(ctx, tenders)
	f.ok(err)
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	return o
}

// returnAll gives back every unit of o in chunks (sizes from r) plus the
// shipping, checking at each step that the returns never exceed the order
// and in the end add up exactly to it.
func returnAll(t *testing.T, o *Order, r *rand.Rand, allCash bool) []Return {
	t.Helper()
	var prev []Return
	left := map[int]int{}
	for _, l := range o.Quote.Lines {
		left[l.Pos] = l.Quantity
	}
	shipLeft := o.Quote.Shipping.Minor()-o.Quote.ShippingDiscount.Minor() > 0
	for {
		var req ReturnRequest
		for _, l := range o.Quote.Lines {
			if left[l.Pos] == 0 || r.Intn(2) == 0 {
				continue
			}
			n := 1 + r.Intn(left[l.Pos])
			req.Lines = append(req.Lines, ReturnLineRequest{Pos: l.Pos, Quantity: n})
		}
		if shipLeft && r.Intn(3) == 0 {
			req.Shipping = true
		}
		req.AllCash = allCash
		if len(req.Lines) == 0 && !req.Shipping {
			done := !shipLeft
			for _, n := range left {
				if n > 0 {
					done = false
				}
			}
			if done {
				break
			}
			continue
		}
		ret, err := Refund(o, prev, req)
		if err != nil {
			t.Fatalf("refund %+v: %v", req, err)
		}
		for _, lr := range req.Lines {
			left[lr.Pos] -= lr.Quantity
		}
		if req.Shipping {
			shipLeft = false
		}
		var tend int64
		for _, tn := range ret.Tenders {
			if tn.Amount.Minor() <= 0 {
				t.Fatalf("refund tender %+v", tn)
			}
			tend += tn.Amount.Minor()
		}
		if tend != ret.Total.Minor() {
			t.Fatalf("refund tenders %d ≠ total %s", tend, ret.Total)
		}
		for _, l := range ret.Lines {
			if l.Refund.IsNegative() {
				t.Fatalf("negative refund %+v", l)
			}
		}
		prev = append(prev, ret)
		var sum int64
		for _, p := range prev {
			sum += p.Total.Minor()
		}
		if sum > o.Quote.Total.Minor() {
			t.Fatalf("returns give back %d, the order took %s", sum, o.Quote.Total)
		}
	}
	var sum, tax int64
	disc := map[string]int64{}
	for _, p := range prev {
		sum += p.Total.Minor()
		tax += p.Tax.Minor()
		for _, l := range p.Lines {
			for _, d := range l.Discounts {
				disc[d.DiscountID] += d.Amount.Minor()
			}
		}
	}
	if sum != o.Quote.Total.Minor() {
		t.Fatalf("returning everything gave back %d, the order took %s", sum, o.Quote.Total)
	}
	if tax != o.Quote.Tax.Minor() {
		t.Fatalf("returning everything gave back tax %d, the order had %s", tax, o.Quote.Tax)
	}
	want := map[string]int64{}
	noShares := map[string]bool{} // order-level discounts stored without shares come back as "order"
	for _, d := range o.Quote.OrderDiscounts {
		if d.Shares == nil {
			noShares[d.DiscountID] = true
		}
	}
	for _, a := range o.Quote.Applied {
		switch {
		case a.Class == ClassShipping:
		case noShares[a.DiscountID]:
			want["order"] += a.Amount.Minor()
		default:
			want[a.DiscountID] += a.Amount.Minor()
		}
	}
	for id, w := range want {
		if disc[id] != w {
			t.Fatalf("discount %s: returns gave back %d, the order took %d", id, disc[id], w)
		}
	}
	// Nothing is left to return.
	if len(o.Quote.Lines) > 0 {
		if _, err := Refund(o, prev, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}}); ErrorCode(err) != ENotAllowed {
			t.Fatalf("a unit returned twice: %v", err)
		}
	}
	return prev
}

func taxed(rate string, b TaxBehavior) *Location {
	return &Location{ID: "shop", Currency: "USD", Pro: true, DefaultTaxBehavior: b, TaxRate: percent(rate)}
}

func TestRefundByDiscountKind(t *testing.T) {
	once := on(amtOff("once", ClassProduct, "10.00"), "a", "b")
	once.Value.OncePerOrder = true
	bxgy := Discount{ID: "b2g1", Title: "Buy 2 get 1", Method: Automatic, Class: ClassProduct, Enabled: true,
		Buy: &BuyRule{Quantity: 2}, Get: &GetRule{Quantity: 1, Percent: percent("100")}, UsesPerOrder: 1}
	for _, tc := range []struct {
		name     string
		loc      *Location
		disc     []Discount
		build    func(f *fixture)
		total    string // the order's total
		ret      ReturnRequest
		want     string // the first return's refund
		wantDisc string // what its units had taken off
	}{
		{name: "product percent", loc: taxed("10", TaxExclusive), disc: []Discount{pctOff("p10", ClassProduct, "10")},
			build: func(f *fixture) { f.add("a", 3) }, total: "29.70", // 3×10 −10% = 27 + 2.70 tax
			ret: ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}}, want: "9.90", wantDisc: "1.00"},
		{name: "fixed per unit", loc: taxed("0", TaxExclusive), disc: []Discount{on(amtOff("f1", ClassProduct, "1.50"), "a")},
			build: func(f *fixture) { f.add("a", 2) }, total: "17.00",
			ret: ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}}, want: "8.50", wantDisc: "1.50"},
		{name: "once per order", disc: []Discount{once},
			build: func(f *fixture) { f.add("a", 3); f.add("b", 1) }, total: "30.00", // 40 − 10 spread 7.50 / 2.50
			ret: ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}}, want: "7.50", wantDisc: "2.50"},
		{name: "buy x get y split line", disc: []Discount{bxgy},
			build: func(f *fixture) { f.add("a", 3) }, total: "20.00", // one of three free: the units paid 6.66/6.67/6.67
			ret: ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}}, want: "6.66", wantDisc: "3.34"},
		{name: "custom line", build: func(f *fixture) {
			f.add("a", 3)
			f.ok(f.till.SetLineDiscount(ctx, 1, CustomDiscount{Type: FixedAmount, Amount: money("1.00"), Reason: "scuffed"}))
		}, total: "29.00", ret: ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 2}}}, want: "19.33", wantDisc: "0.67"},
		{name: "order percent", loc: taxed("8.25", TaxExclusive), disc: []Discount{pctOff("o10", ClassOrder, "10")},
			build: func(f *fixture) { f.add("a", 1); f.add("b", 2) }, total: "29.23", // 30 − 3 = 27 + 2.23 tax
			ret: ReturnRequest{Lines: []ReturnLineRequest{{Pos: 2, Quantity: 1}}}, want: "9.75", wantDisc: "1.00"},
		{name: "custom cart, tax inside", loc: taxed("20", TaxInclusive), build: func(f *fixture) {
			f.add("a", 1)
			f.add("b", 2)
			f.ok(f.till.AddCartDiscount(ctx, CustomDiscount{Type: FixedAmount, Amount: money("1.00"), Reason: "loyal"}))
		}, total: "29.00", ret: ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}}, want: "9.67", wantDisc: "0.33"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.loc, []Product{prod("a", "10.00"), prod("b", "10.00")}, tc.disc...)
			tc.build(f)
			o := f.sale()
			f.eq("order total", o.Quote.Total, tc.total)
			r, err := Refund(o, nil, tc.ret)
			f.ok(err)
			f.eq("refund", r.Total, tc.want)
			f.eq("discounts given back", r.Discounts, tc.wantDisc)
			rest := ReturnRequest{}
			for _, l := range o.Quote.Lines {
				n := l.Quantity
				if l.Pos == tc.ret.Lines[0].Pos {
					n -= tc.ret.Lines[0].Quantity
				}
				if n > 0 {
					rest.Lines = append(rest.Lines, ReturnLineRequest{Pos: l.Pos, Quantity: n})
				}
			}
			r2, err := Refund(o, []Return{r}, rest)
			f.ok(err)
			if got := r.Total.Add(r2.Total); got != o.Quote.Total {
				t.Fatalf("both returns give back %s, the order took %s", got, o.Quote.Total)
			}
			for seed := int64(0); seed < 20; seed++ {
				returnAll(t, o, rand.New(rand.NewSource(seed)), false)
			}
		})
	}
}

func TestRefundShippingOnlyWhenAskedAndOnce(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("a", "10.00")})
	f.add("a", 2)
	f.ok(f.till.SetShipping(ctx, money("5.00")))
	o := f.sale()
	f.eq("total", o.Quote.Total, "25.00")
	r1, err := Refund(o, nil, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 2}}})
	f.ok(err)
	f.eq("without shipping", r1.Total, "20.00")
	r2, err := Refund(o, []Return{r1}, ReturnRequest{Shipping: true})
	f.ok(err)
	f.eq("shipping", r2.Total, "5.00")
	_, err = Refund(o, []Return{r1, r2}, ReturnRequest{Shipping: true})
	f.refused(err, EConflict)
	_, err = Refund(o, nil, ReturnRequest{})
	f.refused(err, EInvalid)
	_, err = Refund(o, nil, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 3}}})
	f.refused(err, ENotAllowed)
	_, err = Refund(o, nil, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 9, Quantity: 1}}})
	f.refused(err, ENotFound)
}

func TestRefundTendersCardFirstThenCash(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("a", "10.00")})
	f.add("a", 3)
	o := f.sale(Tender{Method: Card, Amount: money("12.00")}, Tender{Method: Cash, Amount: money("20.00")}) // 2.00 change
	r1, err := Refund(o, nil, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	f.ok(err)
	if len(r1.Tenders) != 1 || r1.Tenders[0].Method != Card || r1.Tenders[0].Amount != money("10.00") {
		t.Fatalf("first return tenders %+v", r1.Tenders)
	}
	r2, err := Refund(o, []Return{r1}, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	f.ok(err)
	if len(r2.Tenders) != 2 || r2.Tenders[0] != (Tender{Card, money("2.00")}) || r2.Tenders[1] != (Tender{Cash, money("8.00")}) {
		t.Fatalf("second return tenders %+v", r2.Tenders)
	}
	r3, err := Refund(o, []Return{r1, r2}, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}, AllCash: true})
	f.ok(err)
	if len(r3.Tenders) != 1 || r3.Tenders[0] != (Tender{Cash, money("10.00")}) {
		t.Fatalf("all-cash tenders %+v", r3.Tenders)
	}
}

func TestTestOrdersAreRefundedAsTestReturns(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("a", "10.00")})
	f.ok(f.till.SetTestMode(ctx, true))
	f.till.SetRequireShift(true) // test orders take no money: no shift needed
	f.add("a", 1)
	o := f.sale()
	if !o.Test {
		t.Fatal("not a test order")
	}
	r, err := f.till.Return(ctx, o.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	f.ok(err)
	if !r.Test || r.NumberLabel() != "TEST-R-1" {
		t.Fatalf("return %s test=%v", r.NumberLabel(), r.Test)
	}
}

// FuzzRefundInvariant: on random carts and set-ups, returning every unit
// and the shipping in random chunks gives back exactly what the order took,
// and never more along the way.
func FuzzRefundInvariant(f *testing.F) {
	for _, seed := range []int64{1, 2, 3, 42, 1234, 99991} {
		f.Add(seed, uint8(4), uint8(6))
	}
	f.Fuzz(func(t *testing.T, seed int64, lines, discounts uint8) {
		r := rand.New(rand.NewSource(seed))
		sp := genSpec{lines: int(lines%8) + 1, discounts: int(discounts % 10), products: 4, pooled: true, custom: true, thresholds: true}
		c, cat, ds, loc := genCase(r, sp)
		q := PriceCart(c, cat, ds, loc, genNow)
		if len(q.Lines) == 0 {
			return
		}
		o := &Order{ID: "o", Number: 1, Currency: q.Currency, Quote: *q, CreatedAt: genNow,
			Tenders: []Tender{{Method: Card, Amount: NewMoney(q.Total.Minor()/2, q.Currency)}, {Method: Cash, Amount: NewMoney(q.Total.Minor()-q.Total.Minor()/2, q.Currency)}}}
		returnAll(t, o, r, seed%2 == 0)
	})
}

func TestUnitsPrefixIsLargestRemainder(t *testing.T) {
	for x := int64(0); x < 50; x++ {
		for q := 1; q < 8; q++ {
			w := make([]int64, q)
			for i := range w {
				w[i] = 1
			}
			parts := Split(x, w)
			var sum int64
			for r := 0; r <= q; r++ {
				if got := unitsPrefix(x, r, q); got != sum {
					t.Fatalf("prefix(%d, %d, %d) = %d, Split gives %d", x, r, q, got, sum)
				}
				if r < q {
					sum += parts[r]
				}
			}
		}
	}
}

func TestShiftToZReport(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("a", "10.00"), prod("b", "4.00")}, pctOff("o10", ClassOrder, "10"))
	till, err := NewTill(ctx, f.st, Options{Actor: testActor, TillID: "t1", Now: func() time.Time { return f.now }, RequireShift: true})
	f.ok(err)
	f.till = till
	f.add("a", 2) // 20 − 2 = 18.00
	_, err = f.till.Pay(ctx, []Tender{{Method: Cash, Amount: money("18.00")}})
	f.refused(err, ENotAllowed)
	_, err = f.till.OpenShift(ctx, money("100.00"))
	f.ok(err)
	_, err = f.till.OpenShift(ctx, money("100.00"))
	f.refused(err, EConflict)
	o1 := f.sale(Tender{Method: Cash, Amount: money("20.00")}) // 18.00, 2.00 change
	f.add("b", 5)                                              // 20 − 2 = 18.00
	f.now = f.now.Add(time.Minute)
	o2 := f.sale(Tender{Method: Card, Amount: money("18.00")})
	_ = o2
	// Return one a of the cash sale: 9.00 (10 − its 1.00 share of the order discount), all cash.
	r, err := f.till.Return(ctx, o1.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1, Restock: true}}})
	f.ok(err)
	f.eq("refund", r.Total, "9.00")
	f.refused(f.till.CashMove(ctx, money("-50.00"), " "), EInvalid)
	f.ok(f.till.CashMove(ctx, money("-50.00"), "bank drop"))
	f.ok(f.till.CashMove(ctx, money("5.00"), "change from the bank"))
	z, err := f.till.CloseShift(ctx, money("63.50"))
	f.ok(err)
	// By hand: sales 18 + 18 = 36; discounts 2 + 2 = 4, 1 given back → 3;
	// cash: 100 float + 18 (20 less 2 change) − 9 refund − 50 + 5 = 64.00;
	// counted 63.50: 0.50 short.
	if z.Orders != 2 || z.Returns != 1 {
		t.Fatalf("orders %d returns %d", z.Orders, z.Returns)
	}
	f.eq("sales", z.Sales, "36.00")
	f.eq("refunds", z.Refunds, "9.00")
	f.eq("discounts", z.DiscountsNet, "3.00")
	if len(z.Discounts) != 1 || z.Discounts[0].DiscountID != "o10" || z.Discounts[0].Given != money("4.00") || z.Discounts[0].Returned != money("1.00") {
		t.Fatalf("discounts %+v", z.Discounts)
	}
	f.eq("cash sales", z.CashSales, "18.00")
	f.eq("cash refunds", z.CashRefunds, "9.00")
	f.eq("cash out", z.CashOut, "50.00")
	f.eq("cash in", z.CashIn, "5.00")
	f.eq("expected", z.ExpectedCash, "64.00")
	f.eq("difference", z.Difference, "-0.50")
	if len(z.Tenders) != 2 || z.Tenders[0] != (TenderSum{Cash, money("18.00"), money("9.00")}) || z.Tenders[1] != (TenderSum{Card, money("18.00"), money("0.00")}) {
		t.Fatalf("tenders %+v", z.Tenders)
	}
	// Closed: sales refused again.
	f.add("a", 1)
	_, err = f.till.Pay(ctx, []Tender{{Method: Cash, Amount: money("9.00")}})
	f.refused(err, ENotAllowed)
}

// An order stored without the per-line shares of its order discount still
// refunds each unit's part of it (from the line's net).
func TestRefundWithoutStoredShares(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("a", "10.00"), prod("b", "10.00")}, pctOff("o10", ClassOrder, "10"))
	f.add("a", 3)
	f.add("b", 1)
	o := f.sale()
	for i := range o.Quote.OrderDiscounts {
		o.Quote.OrderDiscounts[i].Shares = nil
	}
	r, err := Refund(o, nil, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	f.ok(err)
	f.eq("refund", r.Total, "9.00")
	for seed := int64(0); seed < 10; seed++ {
		returnAll(t, o, rand.New(rand.NewSource(seed)), false)
	}
}

// TestNeedsShift: a till that requires shifts asks for one before a live
// cart is sold (the window offers to open it before the first item); test
// carts and tills that require none never do; Pay refuses as before.
func TestNeedsShift(t *testing.T) {
	for _, tc := range []struct {
		name          string
		require, test bool
		open          bool
		want          bool
	}{
		{"live cart, no shift", true, false, false, true},
		{"live cart, shift open", true, false, true, false},
		{"test cart, no shift", true, true, false, false},
		{"shifts not required", false, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil, []Product{prod("a", "10.00")})
			if tc.test {
				f.ok(f.till.SetTestMode(ctx, true))
			}
			f.till.SetRequireShift(tc.require)
			if tc.open {
				_, err := f.till.OpenShift(ctx, money("100.00"))
				f.ok(err)
			}
			got, err := f.till.NeedsShift(ctx)
			f.ok(err)
			if got != tc.want {
				t.Fatalf("NeedsShift = %v, want %v", got, tc.want)
			}
			f.add("a", 1)
			_, err = f.till.Pay(ctx, []Tender{{Method: Cash, Amount: f.till.Quote().Total}})
			if refused := err != nil; refused != tc.want {
				t.Fatalf("Pay refused = %v (%v), NeedsShift said %v", refused, err, tc.want)
			}
		})
	}
}

// TestSetNote: a note is trimmed, kept on the cart, copied to the order;
// too long is refused and leaves the cart as it was; "" removes it.
func TestSetNote(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("a", "10.00")})
	f.add("a", 1)
	f.ok(f.till.SetNote(ctx, "  Deliver Friday  "))
	if got := f.till.Cart().Note; got != "Deliver Friday" {
		t.Fatalf("note %q", got)
	}
	long := strings.Repeat("é", MaxNoteLen+1)
	if err := f.till.SetNote(ctx, long); ErrorCode(err) != EInvalid || f.till.Cart().Note != "Deliver Friday" {
		t.Fatalf("too long: %v, note %q", err, f.till.Cart().Note)
	}
	f.ok(f.till.SetNote(ctx, strings.Repeat("é", MaxNoteLen)))
	f.ok(f.till.SetNote(ctx, ""))
	if f.till.Cart().Note != "" {
		t.Fatal("an empty note removes it")
	}
	f.ok(f.till.SetNote(ctx, "Gift"))
	if o := f.sale(); o.Note != "Gift" {
		t.Fatalf("order note %q", o.Note)
	}
}
