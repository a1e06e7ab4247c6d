package ui

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// ean13 completes 12 digits with their check digit.
func ean13(d12 string) string {
	sum := 0
	for i := 0; i < 12; i++ {
		d := int(d12[11-i] - '0')
		if i%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return d12 + strconv.Itoa((10-sum%10)%10)
}

func usd(s string) pos.Money {
	m, err := pos.ParseMoney(s, "USD")
	if err != nil {
		panic(err)
	}
	return m
}

func pct(s string) pos.Rate {
	r, err := pos.ParsePercent(s)
	if err != nil {
		panic(err)
	}
	return r
}

func product(id, title, price string, fav bool) pos.Product {
	return pos.Product{
		ID: id, Title: title, SKU: "SKU-" + id, Favourite: fav,
		Prices: []pos.Price{{ID: id + "-p", Amount: usd(price), Type: pos.OneTime, TaxBehavior: pos.TaxExclusive, Active: true}},
	}
}

// testSetup is a small coffee shop: favourites, a cross-sell, an automatic
// discount, a code, and a code the cart will not reach.
func testSetup() pos.Setup {
	beans := product("beans", "Coffee beans 1 kg", "24.00", true)
	beans.Barcode = ean13("376000000001")
	beans.CrossSell = "filters"
	beans.Collections = []string{"coffee"}
	mug := product("mug", "Enamel mug", "12.00", true)
	mug.Barcode = ean13("376000000002")
	grinder := product("grinder", "Hand grinder", "65.00", true)
	grinder.CrossSell = "brush"
	filters := product("filters", "Paper filters ×100", "4.50", false)
	brush := product("brush", "Cleaning brush", "6.00", false)
	tea := product("tea", "Green tea 100 g", "9.90", true)
	tea.Barcode = ean13("376000000003")
	return pos.Setup{
		Location: pos.Location{
			ID: "loc-1", Name: "Rue du Café", Currency: "USD", Pro: true,
			TaxRate: pct("8.25"), DefaultTaxBehavior: pos.TaxExclusive,
			ReceiptHeader: "Café Caisse\n12 rue du Café, Lyon", ReceiptFooter: "Merci, à bientôt !",
		},
		Products: []pos.Product{beans, mug, grinder, filters, brush, tea},
		Discounts: []pos.Discount{
			{ID: "coffee10", Title: "Coffee week −10%", Method: pos.Automatic, Class: pos.ClassProduct,
				Value: pos.Value{Type: pos.Percentage, Percent: pct("10")}, Target: pos.Target{Collections: []string{"coffee"}},
				Combines: pos.Combines{Product: true, Order: true, Shipping: true}, Enabled: true},
			{ID: "welcome", Title: "Welcome $5 off", Method: pos.Code, Code: "WELCOME5", Class: pos.ClassOrder,
				Value: pos.Value{Type: pos.FixedAmount, Amount: usd("5.00")}, MinSubtotal: usd("20.00"),
				Combines: pos.Combines{Product: true, Order: true, Shipping: true}, Enabled: true},
			{ID: "big", Title: "Big basket −15%", Method: pos.Automatic, Class: pos.ClassOrder,
				Value: pos.Value{Type: pos.Percentage, Percent: pct("15")}, MinSubtotal: usd("500.00"),
				Combines: pos.Combines{Product: true, Order: true, Shipping: true}, Enabled: true},
			{ID: "freeship", Title: "Free shipping", Method: pos.Code, Code: "SHIPFREE", Class: pos.ClassShipping,
				Value:    pos.Value{Type: pos.Percentage, Percent: pct("100")},
				Combines: pos.Combines{Product: true, Order: true, Shipping: true}, Enabled: true},
		},
	}
}

// bigSetup is testSetup with n generated products (benchmarks).
func bigSetup(n int) pos.Setup {
	s := testSetup()
	words := []string{"Arabica", "Robusta", "Ceramic", "Steel", "Organic", "Decaf", "Espresso", "Filter", "Travel", "Glass"}
	for i := 0; i < n; i++ {
		p := product(fmt.Sprintf("g%05d", i), fmt.Sprintf("%s %s item %d", words[i%10], words[(i/10)%10], i),
			fmt.Sprintf("%d.%02d", 1+i%90, i%100), i%500 == 0)
		p.Barcode = ean13(fmt.Sprintf("20%010d", i))
		s.Products = append(s.Products, p)
	}
	return s
}

// testManager is the trusted manager newFixture's till acts as.
var testManager = &pos.Staff{ID: "tester", Name: "Tester", Role: pos.Manager, Active: true}

// fixtureTheme, when set, is the theme of the next fixtures (golden images).
var fixtureTheme fyne.Theme

// fixtureNow, when set, is the clock of the next fixtures' till and window
// (golden images show times and dates).
var fixtureNow func() time.Time

type fixture struct {
	t     testing.TB
	store *pos.MemStore
	till  *pos.Till
	win   fyne.Window
	s     *Sell
}

func newFixture(t testing.TB, setup pos.Setup) *fixture {
	t.Helper()
	return newFixtureOpts(t, setup, Options{DataDir: t.TempDir()})
}

// newFixtureOpts is newFixture with the window's options (a joined till's
// sync status, say).
func newFixtureOpts(t testing.TB, setup pos.Setup, opts Options) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	if fixtureTheme != nil { // before the widgets take their colours
		a.Settings().SetTheme(fixtureTheme)
	}
	store := pos.NewMemStore(setup)
	till, err := pos.NewTill(context.Background(), store, pos.Options{Actor: testManager, Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	s := NewSell(till, opts, w)
	s.deliver = s.queue
	if fixtureNow != nil {
		s.lk.now = fixtureNow
	}
	s.Show()
	w.Resize(windowSize)
	return &fixture{t: t, store: store, till: till, win: w, s: s}
}

// settle (tests) waits for every till call started so far and shows its
// result, as the UI goroutine would.
func (w *worker) settle() {
	for {
		w.pending.Wait()
		w.qmu.Lock()
		q := w.queued
		w.queued = nil
		w.qmu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, f := range q {
			f()
		}
	}
}
