package setupjson

import (
	"os"
	"reflect"
	"testing"
	"time"

	"caisse/pos"
)

// Encode writes what Parse reads back to the same set-up: the demo shop,
// and a set-up using every field (recurring and inactive prices, tax
// behaviours, buy X get Y, dates, a disabled code, a limit).
func TestEncodeParsesBackToTheSameSetup(t *testing.T) {
	demo, err := os.ReadFile("../../assets/demo.json")
	if err != nil {
		t.Fatal(err)
	}
	demoSetup, err := Parse(demo)
	if err != nil {
		t.Fatal(err)
	}
	usd := func(s string) pos.Money {
		m, err := pos.ParseMoney(s, "USD")
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	pct := func(s string) pos.Rate {
		r, err := pos.ParsePercent(s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	full := pos.Setup{
		Location: pos.Location{ID: "lyon", Name: "Lyon", Currency: "USD", Pro: true, TaxRate: pct("8.25"),
			DefaultTaxBehavior: pos.TaxInclusive, AutomaticTax: true, ReceiptHeader: "Hello", ReceiptFooter: "Bye"},
		Products: []pos.Product{
			{ID: "tea", Title: "Tea", SKU: "T-1", Barcode: "4006381333931", Collections: []string{"hot"}, CrossSell: "cake", Favourite: true,
				Prices: []pos.Price{
					{ID: "cup", Amount: usd("3.50"), Type: pos.OneTime, TaxBehavior: pos.TaxExclusive, Active: true},
					{ID: "old", Amount: usd("3.00"), Type: pos.OneTime, TaxBehavior: pos.TaxUnspecified, Active: false},
					{ID: "club", Amount: usd("20.00"), Type: pos.Recurring, Interval: pos.Interval("month"), IntervalCount: 3, TaxBehavior: pos.TaxInclusive, Active: true},
				}},
			{ID: "cake", Title: "Cake", Archived: true, Prices: []pos.Price{{ID: "slice", Amount: usd("4.00"), Type: pos.OneTime, TaxBehavior: pos.TaxUnspecified, Active: true}}},
		},
		Discounts: []pos.Discount{
			{ID: "b2g1", Title: "Buy 2 get 1", Method: pos.Automatic, Class: pos.ClassProduct,
				Buy:          &pos.BuyRule{Quantity: 2, Target: pos.Target{Collections: []string{"hot"}}},
				Get:          &pos.GetRule{Quantity: 1, Target: pos.Target{Products: []string{"tea"}}, Percent: pct("50")},
				UsesPerOrder: 2, Combines: pos.Combines{Product: true}, Enabled: true},
			{ID: "ten", Title: "Ten off", Method: pos.Code, Code: "TEN", Class: pos.ClassOrder,
				Value: pos.Value{Type: pos.FixedAmount, Amount: usd("10.00")}, MinSubtotal: usd("50.00"), MinQuantity: 2,
				Enabled: false, StartsAt: time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC), EndsAt: time.Date(2027, 1, 1, 0, 0, 0, 0, time.FixedZone("", -5*3600)),
				UsageLimit: 50, Combines: pos.Combines{Order: false, Shipping: true}},
			{ID: "mugs", Title: "Mugs", Method: pos.Code, Code: "MUG", Class: pos.ClassProduct,
				Value: pos.Value{Type: pos.FixedAmount, Amount: usd("1.00"), OncePerOrder: true}, Target: pos.Target{Products: []string{"tea", "cake"}}, Enabled: true},
			{ID: "pct", Method: pos.Automatic, Class: pos.ClassOrder, Value: pos.Value{Type: pos.Percentage, Percent: pct("12.5")}, Enabled: true},
		},
	}
	for name, s := range map[string]pos.Setup{"demo": demoSetup, "every field": full} {
		t.Run(name, func(t *testing.T) {
			b, err := Encode(s)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse(b)
			if err != nil {
				t.Fatalf("Parse(Encode(s)): %v\n%s", err, b)
			}
			for i := range s.Products {
				if !reflect.DeepEqual(back.Products[i], s.Products[i]) {
					t.Errorf("product %d:\n%+v\nread back as\n%+v", i, s.Products[i], back.Products[i])
				}
			}
			for i := range s.Discounts {
				a, b := s.Discounts[i], back.Discounts[i]
				if !a.StartsAt.Equal(b.StartsAt) || !a.EndsAt.Equal(b.EndsAt) {
					t.Errorf("discount %s's dates %v–%v read back as %v–%v", a.ID, a.StartsAt, a.EndsAt, b.StartsAt, b.EndsAt)
				}
				a.StartsAt, a.EndsAt, b.StartsAt, b.EndsAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
				if !reflect.DeepEqual(a, b) {
					t.Errorf("discount %d:\n%+v\nread back as\n%+v", i, a, b)
				}
			}
			if back.Location != s.Location || len(back.Products) != len(s.Products) || len(back.Discounts) != len(s.Discounts) {
				t.Errorf("read back %+v, want %+v", back, s)
			}
			// Encoding again gives the same bytes: one document per set-up.
			again, err := Encode(back)
			if err != nil || string(again) != string(b) {
				t.Errorf("encoded again:\n%s\nfirst:\n%s", again, b)
			}
		})
	}
}
