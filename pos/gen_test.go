package pos

import (
	"fmt"
	"math/rand"
	"time"
)

// Random carts and discount set-ups for the reference test, the fuzz
// targets and the benchmarks.

var genNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

type genSpec struct {
	lines, discounts int
	products         int
	pooled           bool // allow once-per-order and buy X get Y
	custom           bool // custom line and cart discounts
	thresholds       bool
	overlap          bool // buy X get Y whose get items include its buy items
}

func usd(minor int64) Money { return NewMoney(minor, "USD") }

func pct(n int64) Rate { r, _ := PercentFromDecimalString(fmt.Sprint(n)); return r }

// PercentFromDecimalString is ParsePercent for tests.
func PercentFromDecimalString(s string) (Rate, error) { return ParsePercent(s) }

// genCase builds a catalog, a discount set and a cart from a seed.
func genCase(r *rand.Rand, sp genSpec) (*Cart, *Catalog, *DiscountSet, *Location) {
	colls := []string{"a", "b", "c"}
	var products []Product
	for i := 0; i < sp.products; i++ {
		unit := int64(r.Intn(60)+1) * 100
		if r.Intn(3) == 0 {
			unit += int64(r.Intn(100))
		}
		p := Product{ID: fmt.Sprintf("p%d", i), Title: fmt.Sprintf("Product %d", i),
			Prices: []Price{{ID: fmt.Sprintf("p%d-usd", i), Amount: usd(unit), Type: OneTime, TaxBehavior: []TaxBehavior{TaxExclusive, TaxInclusive, TaxUnspecified}[r.Intn(3)], Active: true}}}
		for _, c := range colls {
			if r.Intn(2) == 0 {
				p.Collections = append(p.Collections, c)
			}
		}
		products = append(products, p)
	}
	cat, err := NewCatalog(products)
	if err != nil {
		panic(err)
	}
	target := func() Target {
		switch r.Intn(4) {
		case 0:
			return Target{}
		case 1:
			return Target{Collections: []string{colls[r.Intn(len(colls))]}}
		default:
			return Target{Products: []string{products[r.Intn(len(products))].ID, products[r.Intn(len(products))].ID}}
		}
	}
	var ds []Discount
	codes := []string{}
	for i := 0; i < sp.discounts; i++ {
		d := Discount{ID: fmt.Sprintf("d%d", i), Title: fmt.Sprintf("Discount %d", i), Method: Automatic, Enabled: true,
			Combines: Combines{Product: r.Intn(2) == 0, Order: r.Intn(2) == 0, Shipping: r.Intn(2) == 0}}
		if r.Intn(3) == 0 {
			d.Method, d.Code = Code, fmt.Sprintf("CODE%d", i)
			codes = append(codes, d.Code)
		}
		switch r.Intn(5) {
		case 0, 1:
			d.Class = ClassProduct
			d.Target = target()
		case 2, 3:
			d.Class = ClassOrder
		default:
			d.Class = ClassShipping
		}
		if r.Intn(2) == 0 {
			d.Value = Value{Type: Percentage, Percent: pct(int64([]int{5, 10, 15, 20, 25, 50, 100}[r.Intn(7)]))}
		} else {
			d.Value = Value{Type: FixedAmount, Amount: usd(int64(r.Intn(40)+1) * 100)}
		}
		if sp.pooled && d.Class == ClassProduct {
			switch r.Intn(4) {
			case 0:
				d.Value = Value{Type: FixedAmount, Amount: usd(int64(r.Intn(60)+1) * 100), OncePerOrder: true}
			case 1:
				d.Target = Target{}
				d.Buy = &BuyRule{Quantity: r.Intn(2) + 1, Target: target()}
				d.Get = &GetRule{Quantity: r.Intn(2) + 1, Target: target(), Percent: pct(int64([]int{50, 100}[r.Intn(2)]))}
				d.UsesPerOrder = r.Intn(2) + 1
				d.Value = Value{}
				if sp.overlap && r.Intn(3) != 0 {
					// the get items are the buy items and one more collection
					d.Get.Target = d.Buy.Target
					if !d.Get.Target.All() {
						d.Get.Target.Collections = append(append([]string(nil), d.Buy.Target.Collections...), colls[r.Intn(len(colls))])
					}
				}
			}
		}
		if sp.thresholds && r.Intn(2) == 0 {
			d.MinSubtotal = usd(int64(r.Intn(150)) * 100)
		}
		if r.Intn(6) == 0 {
			d.MinQuantity = r.Intn(4) + 1
		}
		ds = append(ds, d)
	}
	set, err := NewDiscountSet(ds)
	if err != nil {
		panic(err)
	}
	loc := &Location{ID: "l", Currency: "USD", Pro: r.Intn(6) != 0, TaxRate: pct(int64(r.Intn(3) * 5)), DefaultTaxBehavior: TaxExclusive}
	c := &Cart{ID: "c", Currency: "USD", Mode: PaymentMode, Shipping: usd(0), CrossSells: map[string]string{}, NextLineID: 1}
	for i := 0; i < sp.lines; i++ {
		p := products[r.Intn(len(products))]
		l := Line{ID: c.NextLineID, ProductID: p.ID, PriceID: p.Prices[0].ID, Title: p.Title, UnitPrice: p.Prices[0].Amount, Quantity: r.Intn(3) + 1}
		c.NextLineID++
		if sp.custom && r.Intn(4) == 0 {
			if r.Intn(2) == 0 {
				l.Custom = &CustomDiscount{Type: Percentage, Percent: pct(10)}
			} else {
				l.Custom = &CustomDiscount{Type: FixedAmount, Amount: usd(int64(r.Intn(30)+1) * 100)}
			}
		}
		c.Lines = append(c.Lines, l)
	}
	if r.Intn(2) == 0 {
		c.Shipping = usd(int64(r.Intn(3)+1) * 500)
	}
	if sp.custom && r.Intn(4) == 0 {
		c.CartDiscounts = append(c.CartDiscounts, CustomDiscount{Type: Percentage, Percent: pct(10)})
	}
	for _, code := range codes {
		if r.Intn(3) != 0 {
			c.Codes = append(c.Codes, code)
		}
	}
	return c, cat, set, loc
}
