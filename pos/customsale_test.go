package pos

import (
	"strings"
	"testing"
	"time"
)

// TestCustomSale: a custom sale is priced by the same engine as any line:
// no product discount takes it (not even one for every product, nor a buy
// X get Y), an order discount is spread over it, it is taxed as the
// location's default or not at all when exempt; it is stored on the order
// and can be returned.
func TestCustomSale(t *testing.T) {
	loc := &Location{ID: "shop", Currency: "USD", Pro: true, TaxRate: percent("10"), DefaultTaxBehavior: TaxExclusive}
	everything := combines(pctOff("all10", ClassProduct, "10"), true, true, true)
	order := combines(pctOff("order10", ClassOrder, "10"), true, true, true)
	f := newFixture(t, loc, []Product{prod("lamp", "50.00")}, everything, order)

	f.add("lamp", 1) // 50.00 − 10% = 45.00
	f.ok(f.till.AddCustomSale(ctx, "  Gift   wrapping ", money("5.00"), false))
	f.ok(f.till.AddCustomSale(ctx, "Donation", money("10.00"), true))
	q := f.q()
	if len(q.Lines) != 3 {
		t.Fatalf("%d lines", len(q.Lines))
	}
	wrap, gift := q.Lines[1], q.Lines[2]
	if wrap.Title != "Gift wrapping" || wrap.ProductID != "" || wrap.Quantity != 1 {
		t.Fatalf("custom sale line %+v", wrap)
	}
	if len(wrap.Discounts) != 0 || len(gift.Discounts) != 0 || wrap.Amount != money("5.00") {
		t.Fatalf("a custom sale takes no product discount: %+v", wrap.Discounts)
	}
	if len(q.Lines[0].Discounts) != 1 {
		t.Fatalf("the lamp takes its product discount: %+v", q.Lines[0].Discounts)
	}
	// Subtotal 45 + 5 + 10 = 60; order 10% = 6.00, spread 4.50 / 0.50 / 1.00.
	f.eq("subtotal", q.Subtotal, "60.00")
	f.eq("wrap's share", wrap.OrderShare, "0.50")
	f.eq("gift's share", gift.OrderShare, "1.00")
	f.eq("wrap's tax", wrap.Tax, "0.45")
	f.eq("exempt tax", gift.Tax, "0.00")
	if wrap.TaxBehavior != TaxExclusive || gift.TaxBehavior != TaxExempt {
		t.Fatalf("tax behaviors %s, %s", wrap.TaxBehavior, gift.TaxBehavior)
	}
	f.eq("tax", q.Tax, "4.50") // 40.50 × 10% = 4.05, + 0.45
	f.total("58.50")           // 54.00 + 4.50

	o := f.sale()
	if o.Quote.Lines[1].Title != "Gift wrapping" || o.Quote.Lines[2].TaxBehavior != TaxExempt {
		t.Fatalf("stored %+v", o.Quote.Lines[1:])
	}
	r, err := f.till.Return(ctx, o.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 3, Quantity: 1}}})
	f.ok(err)
	f.eq("refund of the exempt donation", r.Total, "9.00") // 10.00 less its 1.00 share, no tax
	day := genNow.Truncate(24 * time.Hour)
	rep := MakeReport(f.st.Orders, f.st.ReturnsMade, "USD", day, day.AddDate(0, 0, 1))
	found := false
	for _, p := range rep.Products {
		found = found || (p.Title == "Gift wrapping" && p.Revenue == money("4.50"))
	}
	if !found {
		t.Errorf("the report lists the custom sale: %+v", rep.Products)
	}
}

// TestCustomSaleTakesNoBuyXGetY: a buy X get Y for every product neither
// counts a custom sale as bought nor gives it.
func TestCustomSaleTakesNoBuyXGetY(t *testing.T) {
	d := Discount{ID: "b1g1", Title: "b1g1", Method: Automatic, Class: ClassProduct, Enabled: true,
		Value: Value{Type: Percentage, Percent: percent("100")}}
	d.Buy = &BuyRule{Quantity: 1}
	d.Get = &GetRule{Quantity: 1, Percent: percent("100")}
	d.UsesPerOrder = 1
	f := newFixture(t, nil, []Product{prod("lamp", "50.00")}, d)
	f.add("lamp", 1)
	f.ok(f.till.AddCustomSale(ctx, "Repair", money("20.00"), false))
	for _, l := range f.q().Lines {
		if len(l.Discounts) != 0 {
			t.Fatalf("line %s discounted: %+v", l.Title, l.Discounts)
		}
	}
	f.total("70.00")
}

func TestCustomSaleRefused(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("lamp", "50.00")})
	for _, tc := range []struct {
		name   string
		title  string
		amount Money
		code   string
	}{
		{"no title", "   ", money("5.00"), EInvalid},
		{"title too long", strings.Repeat("x", MaxSaleTitleLen+1), money("5.00"), EInvalid},
		{"zero", "Repair", money("0.00"), EInvalid},
		{"another currency", "Repair", NewMoney(500, "EUR"), EInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.refused(f.till.AddCustomSale(ctx, tc.title, tc.amount, false), tc.code)
			if len(f.till.Cart().Lines) != 0 {
				t.Fatal("nothing added")
			}
		})
	}
}
