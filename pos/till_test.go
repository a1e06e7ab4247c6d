package pos

import (
	"errors"
	"testing"
	"time"
)

func recurring(id, price string, iv Interval, n int) Product {
	p := prod(id, price)
	p.Prices[0].Type, p.Prices[0].Interval, p.Prices[0].IntervalCount = Recurring, iv, n
	return p
}

func crossSell(p Product, to string) Product { p.CrossSell = to; return p }

func offers(q *Quote) []string {
	var out []string
	for _, o := range q.CrossSellOffers {
		out = append(out, o.ProductID)
	}
	return out
}

func TestCrossSellAcceptRemoveAndOfferBack(t *testing.T) {
	f := newFixture(t, nil, []Product{crossSell(prod("plan", "300.00"), "deploy"), prod("deploy", "150.00")})
	f.add("plan", 1)
	if got := offers(f.q()); len(got) != 1 || got[0] != "deploy" {
		t.Fatalf("offers %v", got)
	}
	f.ok(f.till.AcceptCrossSell(ctx, "deploy"))
	if len(offers(f.q())) != 0 {
		t.Fatal("an accepted cross-sell is not offered again")
	}
	l := f.q().Lines[1]
	if !l.CrossSell || l.Quantity != 1 {
		t.Fatalf("cross-sell line %+v", l)
	}
	f.refused(f.till.SetQuantity(ctx, 2, 2), ENotAllowed)
	f.refused(f.till.AcceptCrossSell(ctx, "deploy"), EConflict)
	f.ok(f.till.RemoveLine(ctx, 2))
	if got := offers(f.q()); len(got) != 1 {
		t.Fatal("removing the cross-sell brings the offer back")
	}
	f.ok(f.till.AcceptCrossSell(ctx, "deploy"))
	// Removing the product that offered it leaves the accepted line.
	f.ok(f.till.RemoveLine(ctx, 1))
	if len(f.q().Lines) != 1 || !f.q().Lines[0].CrossSell {
		t.Fatalf("lines %+v", f.q().Lines)
	}
	// Adding the product as an ordinary line makes a new line.
	f.add("deploy", 1)
	if len(f.q().Lines) != 2 {
		t.Fatal("adding a product that is only a cross-sell line makes an ordinary line")
	}
}

func TestCrossSellOfferedOnceAndNotWhenInCart(t *testing.T) {
	f := newFixture(t, nil, []Product{crossSell(prod("a", "10.00"), "c"), crossSell(prod("b", "10.00"), "c"), prod("c", "5.00")})
	f.add("a", 1)
	f.add("b", 1)
	if got := offers(f.q()); len(got) != 1 {
		t.Fatalf("offered %v, want c once", got)
	}
	f.add("c", 1)
	if got := offers(f.q()); len(got) != 0 {
		t.Fatalf("offered %v while c is in the cart", got)
	}
}

func TestCrossSellEligibility(t *testing.T) {
	twoPrices := prod("two", "5.00")
	twoPrices.Prices = append(twoPrices.Prices, Price{ID: "two-b", Amount: money("6.00"), Type: OneTime, Active: true})
	inactive := prod("inactive", "5.00")
	inactive.Prices[0].Active = false
	euro := prod("euro", "5.00")
	euro.Prices[0].Amount = NewMoney(500, "EUR")
	monthly := recurring("monthly", "9.00", Month, 1)
	yearly := recurring("yearly", "90.00", Year, 1)
	noTax := prod("notax", "5.00")
	withTax := prod("withtax", "5.00")
	withTax.Prices[0].TaxBehavior = TaxInclusive
	catalog := []Product{twoPrices, inactive, euro, monthly, yearly, noTax, withTax}
	for _, tc := range []struct {
		name   string
		target string
		cart   CartOptions
		loc    Location
		offer  bool
	}{
		{"two active prices", "two", CartOptions{}, Location{}, false},
		{"no active price", "inactive", CartOptions{}, Location{}, false},
		{"other currency", "euro", CartOptions{}, Location{}, false},
		{"recurring in a payment cart", "monthly", CartOptions{}, Location{}, false},
		{"recurring, same interval", "monthly", CartOptions{Mode: SubscriptionMode, Interval: Month}, Location{}, true},
		{"recurring, other interval", "yearly", CartOptions{Mode: SubscriptionMode, Interval: Month}, Location{}, false},
		{"recurring, other interval count", "monthly", CartOptions{Mode: SubscriptionMode, Interval: Month, IntervalCount: 3}, Location{}, false},
		{"upgrade: one-time only", "monthly", CartOptions{Mode: SubscriptionMode, Interval: Month, Upgrade: true}, Location{}, false},
		{"upgrade: one-time ok", "withtax", CartOptions{Mode: SubscriptionMode, Interval: Month, Upgrade: true}, Location{}, true},
		{"automatic tax, no behavior, no default", "notax", CartOptions{}, Location{AutomaticTax: true}, false},
		{"automatic tax, inclusive price", "withtax", CartOptions{}, Location{AutomaticTax: true}, true},
		{"automatic tax, location default set", "notax", CartOptions{}, Location{AutomaticTax: true, DefaultTaxBehavior: TaxExclusive}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := tc.loc
			loc.ID, loc.Currency, loc.Pro = "shop", "USD", true
			host := crossSell(prod("host", "20.00"), tc.target)
			st := NewMemStore(Setup{Location: loc, Products: append([]Product{host}, catalog...)})
			till, err := NewTill(ctx, st, Options{Actor: testActor, Now: func() time.Time { return genNow }, Cart: tc.cart})
			if err != nil {
				t.Fatal(err)
			}
			if err := till.Add(ctx, "host", "", 1); err != nil {
				t.Fatal(err)
			}
			got := len(till.Quote().CrossSellOffers) == 1
			if got != tc.offer {
				t.Fatalf("offered = %v, want %v", got, tc.offer)
			}
			err = till.AcceptCrossSell(ctx, tc.target)
			if (err == nil) != tc.offer {
				t.Fatalf("accept: %v", err)
			}
		})
	}
}

func TestCrossSellChangeReachesOnlyLaterCarts(t *testing.T) {
	f := newFixture(t, nil, []Product{crossSell(prod("plan", "300.00"), "deploy"), prod("deploy", "150.00"), prod("support", "50.00")})
	f.add("plan", 1)
	f.ok(f.till.ConfigureCrossSell(ctx, "plan", "support"))
	if got := offers(f.q()); len(got) != 1 || got[0] != "deploy" {
		t.Fatalf("open cart offers %v, want what it was offered (deploy)", got)
	}
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	f.add("plan", 1)
	if got := offers(f.q()); len(got) != 1 || got[0] != "support" {
		t.Fatalf("new cart offers %v, want support", got)
	}
	f.ok(f.till.ConfigureCrossSell(ctx, "plan", ""))
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	f.add("plan", 1)
	if got := offers(f.q()); len(got) != 0 {
		t.Fatalf("removed cross-sell still offered: %v", got)
	}
	f.refused(f.till.ConfigureCrossSell(ctx, "plan", "nope"), ENotFound)
}

func TestAddingProducts(t *testing.T) {
	multi := prod("multi", "10.00")
	multi.Prices = append(multi.Prices, Price{ID: "multi-big", Amount: money("18.00"), Type: OneTime, Active: true})
	sub := recurring("sub", "9.00", Month, 1)
	f := newFixture(t, nil, []Product{prod("pen", "2.00"), multi, sub})
	f.add("pen", 1)
	f.add("pen", 2)
	if l := f.q().Lines; len(l) != 1 || l[0].Quantity != 3 {
		t.Fatalf("same product and price raises the quantity: %+v", l)
	}
	f.refused(f.till.Add(ctx, "multi", "", 1), EConflict)
	f.ok(f.till.Add(ctx, "multi", "multi-big", 1))
	f.refused(f.till.Add(ctx, "sub", "", 1), ENotAllowed)
	f.refused(f.till.Add(ctx, "nope", "", 1), ENotFound)
	f.refused(f.till.Add(ctx, "pen", "", 0), EInvalid)
	f.refused(f.till.SetQuantity(ctx, 1, 0), EInvalid)
	f.refused(f.till.SetQuantity(ctx, 9, 1), ENotFound)
	f.refused(f.till.RemoveLine(ctx, 0), ENotFound)
	f.refused(f.till.SetLineDiscount(ctx, 1, CustomDiscount{Type: Percentage, Percent: percent("101")}), EInvalid)
	f.refused(f.till.SetLineDiscount(ctx, 1, CustomDiscount{Type: FixedAmount, Amount: money("-1.00")}), EInvalid)
	f.refused(f.till.AddCartDiscount(ctx, CustomDiscount{Type: FixedAmount, Amount: money("0")}), EInvalid)
	f.refused(f.till.SetShipping(ctx, money("-1")), EInvalid)
	g := newFixture(t, nil, []Product{sub})
	g.ok(g.till.NewCart(ctx, CartOptions{Mode: SubscriptionMode, Interval: Month}))
	g.add("sub", 1)
}

func TestPayment(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("tea", "10.00")})
	_, err := f.till.Pay(ctx, []Tender{{Cash, money("5.00")}})
	f.refused(err, EInvalid) // empty cart
	f.add("tea", 3)
	_, err = f.till.Pay(ctx, []Tender{{Card, money("31.00")}})
	f.refused(err, EPayment) // card above what is due
	_, err = f.till.Pay(ctx, []Tender{{Card, money("10.00")}, {Cash, money("19.99")}})
	f.refused(err, EPayment) // does not cover: refused whole
	_, err = f.till.Pay(ctx, []Tender{{Cash, money("0")}, {Cash, money("40")}})
	f.refused(err, EPayment)
	if len(f.st.Orders) != 0 {
		t.Fatal("a refused payment left an order")
	}
	o, err := f.till.Pay(ctx, []Tender{{Card, money("10.00")}, {Cash, money("50.00")}})
	f.ok(err)
	if o.Paid.String() != "60.00" || o.Change.String() != "30.00" || o.Number != 1 || o.ID == "" {
		t.Fatalf("order %+v", o)
	}
	f.refused(f.till.Add(ctx, "tea", "", 1), EClosed)
	_, err = f.till.Pay(ctx, []Tender{{Cash, money("50.00")}})
	f.refused(err, EClosed)
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	f.add("tea", 1)
	o2, err := f.till.Pay(ctx, []Tender{{Card, money("10.00")}})
	f.ok(err)
	if o2.Change.String() != "0.00" || o2.Number != 2 {
		t.Fatalf("second order %+v", o2)
	}
}

func TestFailedCommitKeepsTheCartOpen(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("tea", "10.00")})
	f.add("tea", 1)
	f.st.FailComplete = errors.New("disk full")
	_, err := f.till.Pay(ctx, []Tender{{Cash, money("10.00")}})
	f.refused(err, EInternal)
	f.st.FailComplete = nil
	f.add("tea", 1) // still open
	_, err = f.till.Pay(ctx, []Tender{{Cash, money("20.00")}})
	f.ok(err)
}

func TestParkAndResumeSurviveRestart(t *testing.T) {
	f := newFixture(t, nil, []Product{crossSell(prod("plan", "300.00"), "deploy"), prod("deploy", "150.00")}, code(pctOff("ten", ClassOrder, "10"), "TEN"))
	f.add("plan", 1)
	f.ok(f.till.EnterCode(ctx, "ten"))
	f.ok(f.till.AcceptCrossSell(ctx, "deploy"))
	f.ok(f.till.Park(ctx, "red coat"))
	if len(f.q().Lines) != 0 || len(f.till.Parked()) != 1 {
		t.Fatal("parking starts a new cart")
	}
	f.ok(f.till.SetTestMode(ctx, true))
	// restart: a new till on the same store
	till2, err := NewTill(ctx, f.st, Options{Actor: testActor, Now: func() time.Time { return genNow }})
	f.ok(err)
	parked := till2.Parked()
	if len(parked) != 1 || parked[0].Label != "red coat" {
		t.Fatalf("parked after restart: %+v", parked)
	}
	f.ok(till2.Resume(ctx, parked[0].ID))
	q := till2.Quote()
	if len(q.Lines) != 2 || !q.Lines[1].CrossSell || len(q.Codes) != 1 || q.Total.String() != "405.00" {
		t.Fatalf("resumed cart %+v", q)
	}
	f.refused(till2.Resume(ctx, "nope"), ENotFound)
}

func TestOpenCartSurvivesRestart(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("tea", "10.00")})
	f.add("tea", 2)
	till2, err := NewTill(ctx, f.st, Options{Actor: testActor, Now: func() time.Time { return genNow }})
	f.ok(err)
	if q := till2.Quote(); len(q.Lines) != 1 || q.Lines[0].Quantity != 2 {
		t.Fatalf("cart after restart %+v", q.Lines)
	}
}

func TestUsageLimit(t *testing.T) {
	d := code(pctOff("once", ClassOrder, "10"), "ONCE")
	d.UsageLimit = 1
	f := newFixture(t, nil, []Product{prod("tea", "10.00")}, d)
	f.add("tea", 1)
	f.ok(f.till.EnterCode(ctx, "once"))
	_, err := f.till.Pay(ctx, []Tender{{Cash, money("9.00")}})
	f.ok(err)
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	f.add("tea", 1)
	f.refused(f.till.EnterCode(ctx, "once"), ELimit)
}

func TestBarcodes(t *testing.T) {
	for _, tc := range []struct {
		code string
		ok   bool
	}{{"4006381333931", true}, {"4006381333932", false}, {"96385074", true}, {"036000291452", true}, {"12345", false}, {"400638133393x", false}} {
		if err := CheckBarcode(tc.code); (err == nil) != tc.ok {
			t.Errorf("CheckBarcode(%s) = %v, want ok=%v", tc.code, err, tc.ok)
		}
	}
	p := prod("tea", "10.00")
	p.Barcode = "4006381333931"
	f := newFixture(t, nil, []Product{p})
	f.ok(f.till.Scan(ctx, "4006381333931"))
	f.refused(f.till.Scan(ctx, "4006381333932"), EInvalid)
	f.refused(f.till.Scan(ctx, "5901234123457"), ENotFound)
	if len(f.q().Lines) != 1 {
		t.Fatal("a bad scan added something")
	}
}
