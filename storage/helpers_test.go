package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"caisse/assets"
	"caisse/pos"
)

func init() { pos.PINCost = pos.TestPINCost }

// testActor is the trusted manager the tests' tills act as (Options.Actor).
var testActor = &pos.Staff{ID: "tester", Name: "Tester", Role: pos.Manager, Active: true}

// MustOpenDB opens a new database in a file of the test's temporary folder
// (never :memory:: the tests exercise the file, its journal and its locks)
// and closes it when the test ends.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	return MustOpenDBAt(tb, filepath.Join(tb.TempDir(), "caisse.db"))
}

// MustOpenDBAt opens the database at path and closes it when the test ends.
// MustOpenDemoDB opens a new database in a temp folder seeded with the demo
// shop, as the window's first run does.
func MustOpenDemoDB(tb testing.TB) *DB {
	tb.Helper()
	db := MustOpenDB(tb)
	demo, err := assets.DemoSetup()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Seed(context.Background(), demo); err != nil {
		tb.Fatal(err)
	}
	return db
}

func MustOpenDBAt(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(path)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db
}

const usd = pos.Currency("USD")

func money(minor int64) pos.Money { return pos.NewMoney(minor, usd) }

func mustPercent(tb testing.TB, s string) pos.Rate {
	tb.Helper()
	r, err := pos.ParsePercent(s)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func mustParsePercent(s string) pos.Rate {
	r, err := pos.ParsePercent(s)
	if err != nil {
		panic(err)
	}
	return r
}

// testSetup is a small shop with every kind of product and discount field.
func testSetup(tb testing.TB) pos.Setup {
	tb.Helper()
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			tb.Fatal(err)
		}
		return t.UTC()
	}
	return pos.Setup{
		Location: pos.Location{ID: "loc-1", Name: "Main Street", Currency: usd, Pro: true,
			TaxRate: mustPercent(tb, "8.25"), DefaultTaxBehavior: pos.TaxExclusive, AutomaticTax: true,
			ReceiptHeader: "Caisse Coffee", ReceiptFooter: "Merci !"},
		Products: []pos.Product{
			{ID: "pants", Title: "Pants", SKU: "P-1", Barcode: "2001234500012", Collections: []string{"bottoms", "sale"},
				Prices: []pos.Price{
					{ID: "pants-usd", Amount: money(10000), Type: pos.OneTime, TaxBehavior: pos.TaxExclusive, Active: true},
					{ID: "pants-eur", Amount: pos.NewMoney(9000, "EUR"), Type: pos.OneTime, TaxBehavior: pos.TaxInclusive, Active: false},
					{ID: "pants-jpy", Amount: pos.NewMoney(15000, "JPY"), Type: pos.OneTime, TaxBehavior: pos.TaxUnspecified, Active: true},
				}, CrossSell: "belt", Favourite: true},
			{ID: "belt", Title: "Belt", Collections: []string{"accessories"},
				Prices: []pos.Price{{ID: "belt-usd", Amount: money(2500), Type: pos.OneTime, TaxBehavior: pos.TaxUnspecified, Active: true}}},
			{ID: "beans", Title: "Beans", SKU: "B-1", Barcode: "2001234500029",
				Prices: []pos.Price{
					{ID: "beans-bag", Amount: money(1500), Type: pos.OneTime, TaxBehavior: pos.TaxExclusive, Active: true},
					{ID: "beans-monthly", Amount: money(1350), Type: pos.Recurring, Interval: pos.Month, IntervalCount: 3, TaxBehavior: pos.TaxExclusive, Active: true},
				}},
			{ID: "old", Title: "Old thing", Archived: true},
		},
		Discounts: []pos.Discount{
			{ID: "20offPants", Title: "$20 off pants", Method: pos.Automatic, Class: pos.ClassProduct,
				Value:    pos.Value{Type: pos.FixedAmount, Amount: money(2000)},
				Target:   pos.Target{Products: []string{"pants"}, Collections: []string{"sale"}},
				Combines: pos.Combines{Product: true, Order: true}, Enabled: true},
			{ID: "10offOrder", Title: "10% off", Method: pos.Code, Code: "tenoff", Class: pos.ClassOrder,
				Value: pos.Value{Type: pos.Percentage, Percent: mustPercent(tb, "12.345678")}, MinSubtotal: money(5000),
				MinQuantity: 2, Combines: pos.Combines{Product: true, Shipping: true}, Enabled: true,
				StartsAt: utc("2026-11-01T00:00:00.123456789Z"), EndsAt: utc("2027-01-01T00:00:00Z"), UsageLimit: 3},
			{ID: "bogo", Title: "Buy 2 get 1", Method: pos.Automatic, Class: pos.ClassProduct,
				Buy:          &pos.BuyRule{Quantity: 2, Target: pos.Target{Collections: []string{"bottoms"}}},
				Get:          &pos.GetRule{Quantity: 1, Target: pos.Target{Products: []string{"belt", "pants"}}, Percent: mustPercent(tb, "100")},
				UsesPerOrder: 2, Enabled: false},
			{ID: "ship", Method: pos.Code, Code: "FREESHIP", Class: pos.ClassShipping,
				Value: pos.Value{Type: pos.Percentage, Percent: mustPercent(tb, "100")}, Enabled: true,
				Combines: pos.Combines{Product: true, Order: true}},
			{ID: "once", Method: pos.Automatic, Class: pos.ClassProduct,
				Value: pos.Value{Type: pos.FixedAmount, Amount: money(500), OncePerOrder: true}, Enabled: true},
		},
	}
}

// orderSpec describes a hand-built order.
type orderSpec struct {
	Lines    int
	Test     bool
	Till     string
	Location string
	At       time.Time
	Limited  string // id of a code discount with a usage limit, applied to the order
}

// buildOrder builds a consistent order by hand, without the pricing engine:
// a 10% product discount on every other line, a 5% order discount spread
// over the lines, a shipping charge taken off by a shipping discount, 8.25%
// exclusive tax, paid by card and cash.
func buildOrder(s orderSpec) *pos.Order {
	if s.Lines == 0 {
		s.Lines = 10
	}
	if s.At.IsZero() {
		s.At = time.Now().UTC()
	}
	if s.Location == "" {
		s.Location = "loc-1"
	}
	ten, five, tax := mustParsePercent("10"), mustParsePercent("5"), mustParsePercent("8.25")
	q := pos.Quote{Currency: usd}
	var subtotal, productDiscounts int64
	amounts := make([]int64, s.Lines)
	for i := 0; i < s.Lines; i++ {
		unit, qty := int64(100*(i%7+1)+99), 1+i%3
		sub := unit * int64(qty)
		l := pos.QuoteLine{Pos: i + 1, LineID: int64(i + 1), ProductID: fmt.Sprintf("p%d", i%7), PriceID: fmt.Sprintf("p%d-usd", i%7),
			Title: fmt.Sprintf("Product %d", i%7), Quantity: qty, UnitPrice: money(unit), Subtotal: money(sub),
			Amount: money(sub), TaxBehavior: pos.TaxExclusive, CrossSell: i == s.Lines-1 && s.Lines > 1}
		if i%2 == 0 {
			d := ten.Of(sub)
			l.Discounts = []pos.LineDiscount{{DiscountID: "tenPct", Title: "10% off", Source: pos.Automatic, Amount: money(d), Units: qty}}
			l.Amount = money(sub - d)
			productDiscounts += d
		}
		amounts[i] = l.Amount.Minor()
		subtotal += l.Amount.Minor()
		q.Lines = append(q.Lines, l)
	}
	orderDisc := five.Of(subtotal)
	shares := pos.Split(orderDisc, amounts)
	od := pos.OrderDiscount{DiscountID: "fivePct", Title: "5% off", Source: pos.Code, Amount: money(orderDisc)}
	var taxTotal int64
	for i := range q.Lines {
		l := &q.Lines[i]
		l.OrderShare = money(shares[i])
		l.Net = money(amounts[i] - shares[i])
		l.Tax = money(tax.Of(l.Net.Minor()))
		taxTotal += l.Tax.Minor()
		od.Shares = append(od.Shares, money(shares[i]))
	}
	q.Subtotal = money(subtotal)
	q.OrderDiscounts = []pos.OrderDiscount{od}
	q.Shipping, q.ShippingDiscount = money(500), money(500)
	q.Tax, q.ExclusiveTax = money(taxTotal), money(taxTotal)
	q.Total = money(subtotal - orderDisc + taxTotal)
	q.Applied = []pos.AppliedDiscount{
		{DiscountID: "tenPct", Title: "10% off", Class: pos.ClassProduct, Source: pos.Automatic, Amount: money(productDiscounts)},
		{DiscountID: "fivePct", Title: "5% off", Class: pos.ClassOrder, Source: pos.Code, Amount: money(orderDisc), Code: "FIVE"},
		{DiscountID: "ship", Title: "Free shipping", Class: pos.ClassShipping, Source: pos.Code, Amount: money(500), Code: "FREESHIP"},
	}
	if s.Limited != "" {
		q.Applied = append(q.Applied, pos.AppliedDiscount{DiscountID: s.Limited, Class: pos.ClassOrder, Source: pos.Code, Amount: money(0), Code: "LIMITED"})
	}
	q.Codes = []string{"FIVE", "FREESHIP"}
	for _, l := range q.Lines {
		q.Units += l.Quantity
	}
	card := min(int64(1000), q.Total.Minor())
	cash := (q.Total.Minor() - card + 99) / 100 * 100
	tenders := []pos.Tender{{Method: pos.Card, Amount: money(card)}}
	if cash > 0 {
		tenders = append(tenders, pos.Tender{Method: pos.Cash, Amount: money(cash)})
	}
	return &pos.Order{ID: pos.NewID(s.At), Test: s.Test, LocationID: s.Location, TillID: s.Till, CartID: pos.NewID(s.At),
		CreatedAt: s.At, Currency: usd, Quote: q, Tenders: tenders,
		Paid: money(card + cash), Change: money(card + cash - q.Total.Minor())}
}

// checkAddsUp reports an order whose parts do not add up to its total.
func checkAddsUp(o *pos.Order) error {
	q := &o.Quote
	var sub, net, shares, tenders int64
	for _, l := range q.Lines {
		sub += l.Amount.Minor()
		net += l.Amount.Minor() - l.OrderShare.Minor()
	}
	for _, d := range q.OrderDiscounts {
		var s int64
		for _, x := range d.Shares {
			s += x.Minor()
		}
		if s != d.Amount.Minor() {
			return fmt.Errorf("order %s: shares of %s add up to %d, not %d", o.ID, d.DiscountID, s, d.Amount.Minor())
		}
		shares += s
	}
	for _, t := range o.Tenders {
		tenders += t.Amount.Minor()
	}
	switch {
	case len(q.Lines) == 0:
		return fmt.Errorf("order %s has no lines", o.ID)
	case sub != q.Subtotal.Minor():
		return fmt.Errorf("order %s: lines add up to %d, subtotal is %d", o.ID, sub, q.Subtotal.Minor())
	case net+q.ExclusiveTax.Minor()+q.Shipping.Minor()-q.ShippingDiscount.Minor() != q.Total.Minor():
		return fmt.Errorf("order %s: lines, tax and shipping add up to %d, total is %d", o.ID,
			net+q.ExclusiveTax.Minor()+q.Shipping.Minor()-q.ShippingDiscount.Minor(), q.Total.Minor())
	case tenders != o.Paid.Minor() || o.Paid.Minor()-o.Change.Minor() != q.Total.Minor():
		return fmt.Errorf("order %s: tenders %d, paid %d, change %d, total %d", o.ID, tenders, o.Paid.Minor(), o.Change.Minor(), q.Total.Minor())
	case len(o.Tenders) == 0:
		return fmt.Errorf("order %s has no tenders", o.ID)
	}
	return nil
}

// mustJSON is v as indented JSON, to compare values whose Money and Rate
// have several equal representations (a zero Rate, a currency-less zero).
func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func assertSameJSON(tb testing.TB, what string, got, want any) {
	tb.Helper()
	g, w := mustJSON(tb, got), mustJSON(tb, want)
	if g != w {
		tb.Errorf("%s differs:\n%s", what, diffLines(g, w))
	}
}

// diffLines shows the first lines that differ.
func diffLines(got, want string) string {
	gl, wl := bytes.Split([]byte(got), []byte("\n")), bytes.Split([]byte(want), []byte("\n"))
	var out bytes.Buffer
	shown := 0
	for i := 0; i < max(len(gl), len(wl)) && shown < 8; i++ {
		var g, w []byte
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if !bytes.Equal(g, w) {
			fmt.Fprintf(&out, "line %d:\n  got  %s\n  want %s\n", i+1, g, w)
			shown++
		}
	}
	return out.String()
}

var ctx = context.Background()
