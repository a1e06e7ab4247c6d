package pos

import (
	"fmt"
	"math/rand"
	"sync"
	"testing"
	"time"
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
	cpu0 := quoteCPU()
	for i := 0; i < b.N; i++ {
		PriceCart(c, cat, ds, loc, genNow)
	}
	reportQuoteCPU(b, cpu0)
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

// The hardest carts of issue 14, seeded. Every discount is automatic and
// combines with every class unless said.

const F3MIN = 950 // the minimum, in ‰ of the subtotal with no discount

var famColls = []string{"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"}

// famProducts are n products, each in 2 or 3 of famColls (so collections overlap).
func famProducts(r *rand.Rand, n int) []Product {
	var ps []Product
	for i := 0; i < n; i++ {
		var cs []string
		for _, k := range r.Perm(len(famColls))[:2+r.Intn(2)] {
			cs = append(cs, famColls[k])
		}
		ps = append(ps, prod(fmt.Sprintf("f%03d", i), fmt.Sprintf("%d.%02d", 3+r.Intn(80), r.Intn(100)), cs...))
	}
	return ps
}

func famCart(r *rand.Rand, ps []Product) *Cart {
	c := &Cart{ID: "fam", Currency: "USD", Mode: PaymentMode, Shipping: money("0.00"), CrossSells: map[string]string{}, NextLineID: 1}
	for i, p := range ps {
		c.Lines = append(c.Lines, Line{ID: int64(i + 1), ProductID: p.ID, PriceID: p.Prices[0].ID, Title: p.Title, UnitPrice: p.Prices[0].Amount, Quantity: 1 + r.Intn(3)})
	}
	c.NextLineID = int64(len(ps) + 1)
	return c
}

var allCombine = Combines{true, true, true}

// famOnceAndPercent is the F1 kind: once-per-order fixed product discounts
// over one or two collections ($5 to $30), and percentage ones.
func famOnceAndPercent(r *rand.Rand, once, percents int) []Discount {
	var ds []Discount
	for i := 0; i < once+percents; i++ {
		d := Discount{ID: fmt.Sprintf("f%02d", i), Title: fmt.Sprintf("F %d", i), Method: Automatic, Class: ClassProduct, Enabled: true, Combines: allCombine}
		for _, k := range r.Perm(len(famColls))[:1+r.Intn(2)] {
			d.Target.Collections = append(d.Target.Collections, famColls[k])
		}
		if i < once {
			d.Value = Value{Type: FixedAmount, Amount: money(fmt.Sprintf("%d.00", 5+r.Intn(26))), OncePerOrder: true}
		} else {
			d.Value = Value{Type: Percentage, Percent: percent(fmt.Sprint(5 * (1 + r.Intn(4))))}
		}
		ds = append(ds, d)
	}
	return ds
}

func famLocation() *Location {
	return &Location{ID: "shop", Currency: "USD", Pro: true, TaxRate: percent("8.25"), DefaultTaxBehavior: TaxExclusive}
}

func famCase(ps []Product, c *Cart, ds []Discount) (*Cart, *Catalog, *DiscountSet, *Location) {
	cat, err := NewCatalog(ps)
	if err != nil {
		panic(err)
	}
	set, err := NewDiscountSet(ds)
	if err != nil {
		panic(err)
	}
	return c, cat, set, famLocation()
}

// F1: 100 lines; 20 once-per-order fixed product discounts over overlapping
// collections, plus 10 percentage ones.
func familyF1(seed int64) (*Cart, *Catalog, *DiscountSet, *Location) {
	r := rand.New(rand.NewSource(seed))
	ps := famProducts(r, 100)
	return famCase(ps, famCart(r, ps), famOnceAndPercent(r, 20, 10))
}

// F2: 20 lines; 40 discounts of the F1 kind (27 once per order, 13 percentages).
func familyF2(seed int64) (*Cart, *Catalog, *DiscountSet, *Location) {
	r := rand.New(rand.NewSource(seed))
	ps := famProducts(r, 20)
	return famCase(ps, famCart(r, ps), famOnceAndPercent(r, 27, 13))
}

// F3: 20 lines, each with its own 10% product discount, plus a 10% order
// discount whose minimum sits between the subtotal with every product
// discount and the subtotal with none.
func familyF3(seed int64) (*Cart, *Catalog, *DiscountSet, *Location) {
	r := rand.New(rand.NewSource(seed))
	ps := famProducts(r, 20)
	c := famCart(r, ps)
	var ds []Discount
	var sub int64
	for i, p := range ps {
		d := pctOff(fmt.Sprintf("own%02d", i), ClassProduct, "10")
		d.Target.Products, d.Combines = []string{p.ID}, allCombine
		ds = append(ds, d)
		sub += c.Lines[i].UnitPrice.Minor() * int64(c.Lines[i].Quantity)
	}
	o := pctOff("order10", ClassOrder, "10")
	o.Combines = allCombine
	// 95% of the subtotal, plus a few odd cents: taking every product
	// discount (90%) falls below it, so the search picks which to leave out.
	o.MinSubtotal = NewMoney(sub*F3MIN/1000+int64(r.Intn(97)), "USD")
	ds = append(ds, o)
	return famCase(ps, c, ds)
}

// F4: 100 lines; 10,000 configured discounts, 400 qualifying, mixed flags.
func familyF4(seed int64) (*Cart, *Catalog, *DiscountSet, *Location) {
	return benchCase(seed, 100, 10000, 400, 0)
}

// F5: 5,000 lines; 10 order discounts (percentages and fixed amounts).
func familyF5(seed int64) (*Cart, *Catalog, *DiscountSet, *Location) {
	r := rand.New(rand.NewSource(seed))
	ps := famProducts(r, 200)
	c := &Cart{ID: "fam", Currency: "USD", Mode: PaymentMode, Shipping: money("0.00"), CrossSells: map[string]string{}, NextLineID: 1}
	for i := 0; i < 5000; i++ {
		p := ps[r.Intn(len(ps))]
		c.Lines = append(c.Lines, Line{ID: int64(i + 1), ProductID: p.ID, PriceID: p.Prices[0].ID, Title: p.Title, UnitPrice: p.Prices[0].Amount, Quantity: 1 + r.Intn(3)})
	}
	var ds []Discount
	for i := 0; i < 10; i++ {
		var d Discount
		if i%2 == 0 {
			d = pctOff(fmt.Sprintf("o%d", i), ClassOrder, fmt.Sprint(1+r.Intn(10)))
		} else {
			d = amtOff(fmt.Sprintf("o%d", i), ClassOrder, fmt.Sprintf("%d.00", 5+r.Intn(50)))
		}
		d.Combines = allCombine
		ds = append(ds, d)
	}
	return famCase(ps, c, ds)
}

// benchFamily prices the family's cart for seeds 1..4 in turn and reports
// the search's nodes per quote.
func benchFamily(b *testing.B, gen func(int64) (*Cart, *Catalog, *DiscountSet, *Location)) {
	type tc struct {
		c   *Cart
		cat *Catalog
		ds  *DiscountSet
		loc *Location
	}
	var cases []tc
	nodes, capped := 0, 0
	for seed := int64(1); seed <= 4; seed++ {
		c, cat, ds, loc := gen(seed)
		e, _ := buildEngine(c, cat, ds, loc, genNow)
		e.optimize()
		capped += b2i(e.truncated)
		nodes += e.nodes
		cases = append(cases, tc{c, cat, ds, loc})
	}
	b.ResetTimer()
	cpu0 := quoteCPU()
	for i := 0; i < b.N; i++ {
		x := cases[i%len(cases)]
		PriceCart(x.c, x.cat, x.ds, x.loc, genNow)
	}
	reportQuoteCPU(b, cpu0)
	b.ReportMetric(float64(nodes)/float64(len(cases)), "nodes/quote")
	b.ReportMetric(float64(capped), "capped-of-4")
}

func BenchmarkF1(b *testing.B) { benchFamily(b, familyF1) }
func BenchmarkF2(b *testing.B) { benchFamily(b, familyF2) }
func BenchmarkF3(b *testing.B) { benchFamily(b, familyF3) }
func BenchmarkF4(b *testing.B) { benchFamily(b, familyF4) }
func BenchmarkF5(b *testing.B) { benchFamily(b, familyF5) }

// Through the till: F1's 100 lines added one by one (each add re-prices the
// cart), with F1's discounts and without any. Goal: with ≤ 4× without.
// The same steps as app/testdata/bench/till-f1-lines*.json (tillF1Scenario).
func benchTillF1(b *testing.B, discounts bool) {
	ps, ds := tillF1(discounts)
	if discounts {
		mean, most := tillF1Nodes()
		b.ResetTimer()
		b.ReportMetric(mean, "nodes/add")
		b.ReportMetric(float64(most), "max-nodes/add")
	}
	cpu0 := quoteCPU()
	defer reportQuoteCPU(b, cpu0)
	for i := 0; i < b.N; i++ {
		st := NewMemStore(Setup{Location: *famLocation(), Products: ps, Discounts: ds})
		till, err := NewTill(ctx, st, Options{Actor: testActor, TillID: "t1", Now: func() time.Time { return genNow }})
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range ps {
			if err := till.Add(ctx, p.ID, "", 1); err != nil {
				b.Fatal(err)
			}
			if !till.Quote().SearchComplete {
				b.Fatalf("%s added: the search hit its node cap", p.ID)
			}
		}
	}
}

// tillF1Nodes is the search's nodes per add over the scenario (mean and
// most), each partial cart priced once (computed once per process).
var tillF1Nodes = sync.OnceValues(func() (float64, int) {
	ps, ds := tillF1(true)
	cat, _ := NewCatalog(ps)
	set, _ := NewDiscountSet(ds)
	c := &Cart{ID: "f1", Currency: "USD", Mode: PaymentMode, Shipping: money("0.00"), CrossSells: map[string]string{}, NextLineID: 1}
	sum, most := 0, 0
	for _, p := range ps {
		c.Lines = append(c.Lines, Line{ID: c.NextLineID, ProductID: p.ID, PriceID: p.Prices[0].ID, Title: p.Title, UnitPrice: p.Prices[0].Amount, Quantity: 1})
		c.NextLineID++
		e, _ := buildEngine(c, cat, set, famLocation(), genNow)
		e.optimize()
		sum, most = sum+e.nodes, max(most, e.nodes)
	}
	return float64(sum) / float64(len(ps)), most
})

func BenchmarkTillF1Lines(b *testing.B)            { benchTillF1(b, true) }
func BenchmarkTillF1LinesNoDiscounts(b *testing.B) { benchTillF1(b, false) }
