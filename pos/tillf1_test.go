package pos

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

// The issue 14 till scenario: F1's 100 products added one by one through
// the till, with F1's discounts and without any. BenchmarkTillF1Lines runs it
// in process; app/testdata/bench holds it as a pair of scenario files for
// `caisse scenario` (and app's BenchmarkScenarioTillF1Lines), generated here.

var updateF1 = flag.Bool("update-f1-scenarios", false, "rewrite app/testdata/bench/till-f1-lines*.json")

// tillF1 returns F1's products and, with discounts, F1's discounts: the same
// seeded draw as familyF1(1) (its cart's quantities drawn and dropped).
func tillF1(discounts bool) ([]Product, []Discount) {
	r := rand.New(rand.NewSource(1))
	ps := famProducts(r, 100)
	if !discounts {
		return ps, nil
	}
	famCart(r, ps)
	return ps, famOnceAndPercent(r, 20, 10)
}

// tillF1Files are the scenario files' names, by "with discounts".
var tillF1Files = map[bool]string{true: "till-f1-lines.json", false: "till-f1-lines-no-discounts.json"}

// tillF1Scenario is the scenario file: the set-up, one add step per product,
// and what the last quote must say (the cart priced cold, in one go).
func tillF1Scenario(discounts bool) []byte {
	ps, ds := tillF1(discounts)
	type price struct {
		ID       string `json:"id"`
		Amount   string `json:"amount"`
		Currency string `json:"currency"`
		Type     string `json:"type"`
	}
	type product struct {
		ID          string   `json:"id"`
		Title       string   `json:"title"`
		Collections []string `json:"collections"`
		Prices      []price  `json:"prices"`
	}
	type value struct {
		Type         string `json:"type"`
		Percent      string `json:"percent,omitempty"`
		Amount       string `json:"amount,omitempty"`
		OncePerOrder bool   `json:"once_per_order,omitempty"`
	}
	type discount struct {
		ID           string          `json:"id"`
		Title        string          `json:"title"`
		Method       string          `json:"method"`
		Class        string          `json:"class"`
		Value        value           `json:"value"`
		Collections  []string        `json:"collections"`
		CombinesWith map[string]bool `json:"combines_with"`
	}
	type applied struct {
		Discount string `json:"discount"`
		Amount   string `json:"amount"`
	}
	type expect struct {
		Subtotal       string    `json:"subtotal"`
		Tax            string    `json:"tax"`
		Total          string    `json:"total"`
		Applied        []applied `json:"applied"`
		SearchComplete bool      `json:"search_complete"`
	}
	file := struct {
		Currency  string           `json:"currency"`
		Now       string           `json:"now"`
		Location  map[string]any   `json:"location"`
		Products  []product        `json:"products"`
		Discounts []discount       `json:"discounts"`
		Steps     []map[string]any `json:"steps"`
		Expect    expect           `json:"expect"`
	}{Currency: "USD", Now: genNow.Format("2006-01-02T15:04:05Z07:00"), Discounts: []discount{},
		Location: map[string]any{"pro": true, "tax_rate": "8.25", "default_tax_behavior": "exclusive"}}
	cart := &Cart{ID: "f1", Currency: "USD", Mode: PaymentMode, Shipping: money("0.00"), CrossSells: map[string]string{}, NextLineID: 1}
	for _, p := range ps {
		pr := p.Prices[0]
		file.Products = append(file.Products, product{p.ID, p.Title, p.Collections, []price{{pr.ID, pr.Amount.String(), "USD", "one_time"}}})
		file.Steps = append(file.Steps, map[string]any{"add": p.ID})
		cart.Lines = append(cart.Lines, Line{ID: cart.NextLineID, ProductID: p.ID, PriceID: pr.ID, Title: p.Title, UnitPrice: pr.Amount, Quantity: 1})
		cart.NextLineID++
	}
	for _, d := range ds {
		v := value{Type: string(d.Value.Type), OncePerOrder: d.Value.OncePerOrder}
		if d.Value.Type == Percentage {
			v.Percent = d.Value.Percent.Percent().String()
		} else {
			v.Amount = d.Value.Amount.String()
		}
		file.Discounts = append(file.Discounts, discount{d.ID, d.Title, "automatic", string(d.Class), v, d.Target.Collections,
			map[string]bool{"product": d.Combines.Product, "order": d.Combines.Order, "shipping": d.Combines.Shipping}})
	}
	cat, err := NewCatalog(ps)
	if err != nil {
		panic(err)
	}
	set, err := NewDiscountSet(ds)
	if err != nil {
		panic(err)
	}
	q := PriceCart(cart, cat, set, famLocation(), genNow)
	file.Expect = expect{Subtotal: q.Subtotal.String(), Tax: q.Tax.String(), Total: q.Total.String(), Applied: []applied{}, SearchComplete: q.SearchComplete}
	for _, a := range q.Applied {
		file.Expect.Applied = append(file.Expect.Applied, applied{a.DiscountID, a.Amount.String()})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(file); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// The committed scenario pair is what the generator writes today (run with
// -update-f1-scenarios to rewrite it), and its last quote is proven best.
func TestTillF1ScenarioFilesAreGenerated(t *testing.T) {
	for _, discounts := range []bool{true, false} {
		path := filepath.Join("..", "app", "testdata", "bench", tillF1Files[discounts])
		want := tillF1Scenario(discounts)
		if *updateF1 {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./pos -run TestTillF1ScenarioFilesAreGenerated -update-f1-scenarios)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what the generator writes: run go test ./pos -run TestTillF1ScenarioFilesAreGenerated -update-f1-scenarios", path)
		}
		var f struct {
			Steps  []json.RawMessage
			Expect struct {
				SearchComplete bool `json:"search_complete"`
				Applied        []json.RawMessage
			}
		}
		if err := json.Unmarshal(got, &f); err != nil {
			t.Fatal(err)
		}
		if len(f.Steps) != 100 || !f.Expect.SearchComplete || (len(f.Expect.Applied) > 0) != discounts {
			t.Errorf("%s: %d steps, search_complete %v, %d applied", path, len(f.Steps), f.Expect.SearchComplete, len(f.Expect.Applied))
		}
	}
}
