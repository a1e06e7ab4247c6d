package pos

import (
	"fmt"
	"math/rand"
	"testing"
)

// benchCase builds a cart of n lines and a discount set-up in which
// `qualifying` automatic discounts (plus `codes` entered codes) can apply and
// the rest of `configured` cannot (other products, unmet minimums, ended).
func benchCase(seed int64, n, configured, qualifying, codes int) (*Cart, *Catalog, *DiscountSet, *Location) {
	r := rand.New(rand.NewSource(seed))
	colls := []string{"tops", "bottoms", "shoes", "bags", "hats", "socks"}
	var products []Product
	for i := 0; i < 2000; i++ {
		p := prod(fmt.Sprintf("p%04d", i), fmt.Sprintf("%d.%02d", r.Intn(120)+2, r.Intn(100)), colls[r.Intn(len(colls))])
		products = append(products, p)
	}
	cat, _ := NewCatalog(products)
	c := &Cart{ID: "bench", Currency: "USD", Mode: PaymentMode, Shipping: money("12.00"), CrossSells: map[string]string{}, NextLineID: 1}
	for i := 0; i < n; i++ {
		p := products[i] // the cart holds p0000 … p(n-1)
		c.Lines = append(c.Lines, Line{ID: int64(i + 1), ProductID: p.ID, PriceID: p.Prices[0].ID, Title: p.Title, UnitPrice: p.Prices[0].Amount, Quantity: r.Intn(3) + 1})
	}
	flags := func() Combines { return Combines{r.Intn(3) != 0, r.Intn(2) == 0, r.Intn(2) == 0} }
	var ds []Discount
	for i := 0; i < configured; i++ {
		qualifies := i < qualifying+codes
		d := Discount{ID: fmt.Sprintf("d%04d", i), Title: fmt.Sprintf("Discount %d", i), Method: Automatic, Enabled: true, Combines: flags()}
		switch k := r.Intn(10); {
		case k < 5:
			d.Class = ClassProduct
			if qualifies {
				// a few products of the cart, or a collection
				if r.Intn(2) == 0 {
					d.Target.Collections = []string{colls[r.Intn(len(colls))]}
				} else {
					for j := 0; j < 1+r.Intn(6); j++ {
						d.Target.Products = append(d.Target.Products, products[r.Intn(n)].ID)
					}
				}
			} else {
				d.Target.Products = []string{products[n+r.Intn(len(products)-n)].ID}
			}
			switch r.Intn(6) {
			case 0:
				d.Value = Value{Type: FixedAmount, Amount: money(fmt.Sprintf("%d.00", 5+r.Intn(20)))}
			case 1:
				d.Value = Value{Type: FixedAmount, Amount: money(fmt.Sprintf("%d.00", 10+r.Intn(40))), OncePerOrder: true}
			default:
				d.Value = Value{Type: Percentage, Percent: percent(fmt.Sprint(5 * (1 + r.Intn(6))))}
			}
		case k < 8:
			d.Class = ClassOrder
			d.Value = Value{Type: Percentage, Percent: percent(fmt.Sprint(1 + r.Intn(15)))}
			if r.Intn(3) == 0 {
				d.MinSubtotal = money(fmt.Sprintf("%d.00", 100*(1+r.Intn(30))))
			}
			if !qualifies {
				d.MinSubtotal = money("99999999.00")
			}
		default:
			d.Class = ClassShipping
			d.Value = Value{Type: Percentage, Percent: percent("100")}
			if !qualifies {
				d.EndsAt = genNow.Add(-1)
			}
		}
		if i >= qualifying && i < qualifying+codes {
			d.Method, d.Code = Code, fmt.Sprintf("CODE%d", i)
			c.Codes = append(c.Codes, d.Code)
		}
		ds = append(ds, d)
	}
	set, err := NewDiscountSet(ds)
	if err != nil {
		panic(err)
	}
	loc := &Location{ID: "shop", Currency: "USD", Pro: true, TaxRate: percent("8.25"), DefaultTaxBehavior: TaxExclusive}
	return c, cat, set, loc
}

func benchPrice(b *testing.B, c *Cart, cat *Catalog, ds *DiscountSet, loc *Location) {
	e, _ := buildEngine(c, cat, ds, loc, genNow)
	e.optimize()
	if e.truncated {
		b.Fatal("the search hit its node cap: the result would not be proven optimal")
	}
	b.ReportMetric(float64(len(e.cands)), "candidates")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		PriceCart(c, cat, ds, loc, genNow)
	}
}

// 20 lines, 25 qualifying automatic discounts and 5 codes. Goal: ≤ 50 µs.
func BenchmarkQuote20Lines30Discounts(b *testing.B) {
	c, cat, ds, loc := benchCase(1, 20, 30, 25, 5)
	benchPrice(b, c, cat, ds, loc)
}

// 100 lines, 1,000 configured automatic discounts of which 40 qualify. Goal: ≤ 1 ms.
func BenchmarkQuote100Lines1000Discounts(b *testing.B) {
	c, cat, ds, loc := benchCase(2, 100, 1000, 40, 0)
	benchPrice(b, c, cat, ds, loc)
}
