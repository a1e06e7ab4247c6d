package pos

import (
	"fmt"
	"math/big"
	"math/rand"
	"strings"
	"testing"
)

// The bounds keep every cart figure inside int64 with room to spare.
func TestBoundsProof(t *testing.T) {
	max := big.NewInt(1<<62 - 1)
	max.Lsh(max, 1).Add(max, big.NewInt(1)) // 2^63 − 1
	b := func(n int64) *big.Int { return big.NewInt(n) }
	sub := new(big.Int).Mul(b(MaxLines), b(MaxQuantity))
	sub.Mul(sub, b(MaxMinor))
	total := new(big.Int).Add(sub, b(MaxMinor)) // and shipping
	total.Mul(total, b(2))                      // tax ≤ 100 %
	if total.Cmp(b(MaxTotal)) != 0 {
		t.Fatalf("MaxTotal %d, want %s", MaxTotal, total)
	}
	if MaxTender < MaxTotal {
		t.Fatal("a cart at MaxTotal could not be paid at once")
	}
	tenders := new(big.Int).Mul(b(MaxTenders), b(MaxTender))
	if tenders.Cmp(max) >= 0 {
		t.Fatalf("MaxTenders × MaxTender = %s overflows", tenders)
	}
	// rate × amount: a rate is at most 1000 % (ParsePercent), so the 128-bit
	// product divided back is at most 10 × MaxTotal.
	if new(big.Int).Mul(b(10), b(MaxTotal)).Cmp(max) >= 0 {
		t.Fatal("10 × MaxTotal overflows")
	}
}

// Finding 4: 500 lines × 99,999 units × 1,000,000,000.00 with 100 %
// exclusive tax showed a negative total. Such a price is now refused,
// naming it, and the largest cart the bounds allow is exact.
func TestLargestCartIsExact(t *testing.T) {
	big := prod("big", "1000000000.00")
	if err := big.Validate(); err == nil || !strings.Contains(ErrorMessage(err), "price big-usd") {
		t.Fatalf("a price of 1,000,000,000.00: %v", err)
	}
	var products []Product
	for i := 0; i < MaxLines; i++ {
		p := prod(fmt.Sprintf("p%d", i), NewMoney(MaxMinor, "USD").String())
		products = append(products, p)
	}
	loc := &Location{ID: "shop", Currency: "USD", Pro: true, DefaultTaxBehavior: TaxExclusive, TaxRate: percent("100")}
	f := newFixture(t, loc, products)
	for i := 0; i < MaxLines; i++ {
		f.add(fmt.Sprintf("p%d", i), MaxQuantity)
	}
	f.refused(f.till.SetShipping(ctx, NewMoney(MaxMinor+1, "USD")), EInvalid)
	f.ok(f.till.SetShipping(ctx, NewMoney(MaxMinor, "USD")))
	q := f.q()
	checkInvariants(t, f.till.cart, q)
	wantSub := int64(MaxLines) * MaxQuantity * MaxMinor
	if q.Subtotal.Minor() != wantSub || q.Tax.Minor() < wantSub || q.Total.Minor() < 2*wantSub || q.Total.Minor() > MaxTotal {
		t.Fatalf("subtotal %s tax %s total %s", q.Subtotal, q.Tax, q.Total)
	}
	// Too many payments, or one too large, are refused in words.
	many := make([]Tender, MaxTenders+1)
	for i := range many {
		many[i] = Tender{Method: Cash, Amount: NewMoney(1, "USD")}
	}
	if _, err := f.till.Pay(ctx, many); ErrorCode(err) != EPayment {
		t.Fatalf("%d payments: %v", len(many), err)
	}
	if _, err := f.till.Pay(ctx, []Tender{{Method: Cash, Amount: NewMoney(MaxTender+1, "USD")}}); ErrorCode(err) != EPayment {
		t.Fatalf("a payment above MaxTender: %v", err)
	}
	// MaxTenders cash payments of MaxTender each: change is exact.
	all := make([]Tender, MaxTenders)
	for i := range all {
		all[i] = Tender{Method: Cash, Amount: NewMoney(MaxTender, "USD")}
	}
	o, err := f.till.Pay(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	if o.Paid.Minor() != MaxTenders*MaxTender || o.Change.Minor() != o.Paid.Minor()-q.Total.Minor() || o.Change.IsNegative() {
		t.Fatalf("paid %s change %s total %s", o.Paid, o.Change, q.Total)
	}
}

// Every bound refuses what is beyond it with the field named.
func TestAmountBoundsNameTheField(t *testing.T) {
	over := NewMoney(MaxMinor+1, "USD")
	pr := prod("p", "1.00")
	pr.Prices[0].Amount = over
	d := pctOff("d", ClassOrder, "10")
	d.MinSubtotal = NewMoney(MaxTotal+1, "USD")
	fixed := Discount{ID: "f", Method: Automatic, Class: ClassOrder, Value: Value{Type: FixedAmount, Amount: over}}
	bxgy := Discount{ID: "b", Method: Automatic, Class: ClassProduct, Buy: &BuyRule{Quantity: MaxQuantity + 1}, Get: &GetRule{Quantity: 1, Percent: percent("100")}, UsesPerOrder: 1}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"price", pr.Validate(), "price p-usd"},
		{"minimum subtotal", d.Validate(), "minimum subtotal"},
		{"fixed amount", fixed.Validate(), "fixed amount"},
		{"buy quantity", bxgy.Validate(), "buy and get quantities"},
		{"custom discount", CustomDiscount{Type: FixedAmount, Amount: over}.Validate("USD"), "fixed amount"},
		{"location tax", (&Location{Currency: "USD", TaxRate: percent("100.000001")}).Validate(), "tax rate"},
	} {
		if tc.err == nil || !strings.Contains(ErrorMessage(tc.err), tc.want) {
			t.Errorf("%s: %v, want a refusal naming %q", tc.name, tc.err, tc.want)
		}
	}
	if _, err := ParsePercent("1000.000001"); err == nil {
		t.Error("a percentage above 1000 was read")
	}
}

func TestCheckedArithmetic(t *testing.T) {
	const maxI = int64(1<<63 - 1)
	const minI = -maxI - 1
	for _, tc := range []struct {
		a, b, sum int64
		ok        bool
	}{{1, 2, 3, true}, {maxI, 1, 0, false}, {minI, -1, 0, false}, {maxI, minI, -1, true}} {
		if s, ok := AddChecked(tc.a, tc.b); ok != tc.ok || (ok && s != tc.sum) {
			t.Errorf("AddChecked(%d, %d) = %d %v", tc.a, tc.b, s, ok)
		}
	}
	for _, tc := range []struct {
		a, b, p int64
		ok      bool
	}{{3, -4, -12, true}, {maxI, 2, 0, false}, {1 << 32, 1 << 31, 0, false}, {-(1 << 32), 1 << 31, minI, true}, {minI, -1, 0, false}} {
		if p, ok := MulChecked(tc.a, tc.b); ok != tc.ok || (ok && p != tc.p) {
			t.Errorf("MulChecked(%d, %d) = %d %v", tc.a, tc.b, p, ok)
		}
	}
}

// FuzzExtremeAmounts drives the largest and smallest allowed prices,
// quantities, tax rates, shipping and discounts through pricing, tax and
// payment: no figure is ever negative, the parts add up (checkInvariants),
// the subtotal equals the exact sum of unit × quantity (big integers), the
// tax is within a minor unit a line of rate × amount, and paying the total
// gives no change.
func FuzzExtremeAmounts(f *testing.F) {
	f.Add(int64(1), uint16(500), uint8(0), uint8(0), uint8(0), false, uint8(0))
	f.Add(int64(2), uint16(1), uint8(1), uint8(1), uint8(1), true, uint8(1))
	f.Add(int64(3), uint16(37), uint8(2), uint8(2), uint8(2), false, uint8(2))
	f.Fuzz(func(t *testing.T, seed int64, nLines uint16, priceMode, qtyMode, taxMode uint8, inclusive bool, discMode uint8) {
		r := rand.New(rand.NewSource(seed))
		n := int(nLines)%MaxLines + 1
		pick := func(mode uint8, lo, hi int64) int64 {
			switch mode % 4 {
			case 0:
				return hi
			case 1:
				return lo
			case 2:
				return hi - r.Int63n(3)
			}
			return lo + r.Int63n(hi-lo+1)
		}
		var products []Product
		for i := 0; i < n; i++ {
			p := prod(fmt.Sprintf("p%d", i), "1.00")
			p.Prices[0].Amount = NewMoney(pick(priceMode, 0, MaxMinor), "USD")
			if inclusive {
				p.Prices[0].TaxBehavior = TaxInclusive
			}
			products = append(products, p)
		}
		rate := Rate{pick(taxMode, 0, 1_000_000), 1_000_000}
		loc := &Location{ID: "shop", Currency: "USD", Pro: true, DefaultTaxBehavior: TaxExclusive, TaxRate: rate}
		var ds []Discount
		switch discMode % 4 {
		case 1:
			ds = append(ds, pctOff("pct", ClassOrder, "100"))
		case 2:
			ds = append(ds, Discount{ID: "fix", Method: Automatic, Class: ClassOrder, Value: Value{Type: FixedAmount, Amount: NewMoney(MaxMinor, "USD")}, Enabled: true})
		case 3:
			d := pctOff("prod", ClassProduct, "33.333333")
			d.Combines = Combines{Product: true, Order: true, Shipping: true}
			ds = append(ds, d)
		}
		fx := newFixture(t, loc, products, ds...)
		gross := new(big.Int)
		for i := 0; i < n; i++ {
			q := int(pick(qtyMode, 1, MaxQuantity))
			fx.add(fmt.Sprintf("p%d", i), q)
			gross.Add(gross, new(big.Int).Mul(big.NewInt(products[i].Prices[0].Amount.Minor()), big.NewInt(int64(q))))
		}
		fx.ok(fx.till.SetShipping(ctx, NewMoney(pick(priceMode+1, 0, MaxMinor), "USD")))
		q := fx.q()
		checkInvariants(t, fx.till.cart, q)
		var g int64
		for _, l := range q.Lines {
			g += l.Subtotal.Minor()
		}
		if gross.Cmp(big.NewInt(g)) != 0 {
			t.Fatalf("gross %d, exactly %s", g, gross)
		}
		if q.Total.Minor() > MaxTotal {
			t.Fatalf("total %s above MaxTotal", q.Total)
		}
		var net int64
		for _, l := range q.Lines {
			net += l.Net.Minor()
		}
		if !inclusive && !rate.IsZero() {
			want := new(big.Int).Mul(big.NewInt(net), big.NewInt(rate.num))
			want.Quo(want, big.NewInt(rate.den))
			diff := new(big.Int).Sub(big.NewInt(q.Tax.Minor()), want)
			if diff.CmpAbs(big.NewInt(int64(n)+2+rate.Of(q.Shipping.Minor()))) > 0 {
				t.Fatalf("tax %s, rate × net is %s", q.Tax, want)
			}
		}
		if q.Total.IsZero() {
			return
		}
		o, err := fx.till.Pay(ctx, []Tender{{Method: Card, Amount: q.Total}})
		if err != nil {
			t.Fatal(err)
		}
		if o.Quote.Total != q.Total || o.Paid != q.Total || !o.Change.IsZero() {
			t.Fatalf("order total %s paid %s change %s", o.Quote.Total, o.Paid, o.Change)
		}
	})
}
