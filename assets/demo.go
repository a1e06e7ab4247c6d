// Package assets holds the files Caisse ships inside its binary, such as
// the demo shop a new database starts with.
package assets

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"caisse/pos"
)

//go:embed demo.json
var demoJSON []byte

// DemoSetup returns the demo shop: a coffee shop in USD (Pro, 8.25 % tax on
// top of prices) with a small catalog and a few discounts. The file uses the
// vocabulary of the scenario files (scenarios/FORMAT.md).
func DemoSetup() (pos.Setup, error) {
	return ParseSetup(demoJSON)
}

// ParseSetup reads a set-up written like demo.json and checks it as the till
// would: every amount exact, barcodes with a correct check digit, cross-sells
// in the catalog, codes unique.
func ParseSetup(data []byte) (pos.Setup, error) {
	var f setupFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return pos.Setup{}, fmt.Errorf("reading the set-up: %w", err)
	}
	s, err := f.setup()
	if err != nil {
		return pos.Setup{}, fmt.Errorf("reading the set-up: %w", err)
	}
	return s, nil
}

type setupFile struct {
	Location  locationJSON   `json:"location"`
	Products  []productJSON  `json:"products"`
	Discounts []discountJSON `json:"discounts"`
}

type locationJSON struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Currency           string `json:"currency"`
	Pro                bool   `json:"pro"`
	TaxRate            string `json:"tax_rate"`
	DefaultTaxBehavior string `json:"default_tax_behavior"`
	AutomaticTax       bool   `json:"automatic_tax"`
	ReceiptHeader      string `json:"receipt_header"`
	ReceiptFooter      string `json:"receipt_footer"`
}

type productJSON struct {
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	SKU         string      `json:"sku"`
	Barcode     string      `json:"barcode"`
	Collections []string    `json:"collections"`
	Prices      []priceJSON `json:"prices"`
	CrossSell   string      `json:"cross_sell"`
	Favourite   bool        `json:"favourite"`
	Archived    bool        `json:"archived"`
}

type priceJSON struct {
	ID            string `json:"id"`
	Amount        string `json:"amount"`
	Currency      string `json:"currency"`
	Type          string `json:"type"`
	Interval      string `json:"interval"`
	IntervalCount int    `json:"interval_count"`
	TaxBehavior   string `json:"tax_behavior"`
	Active        *bool  `json:"active"`
}

type valueJSON struct {
	Type         string `json:"type"`
	Percent      string `json:"percent"`
	Amount       string `json:"amount"`
	OncePerOrder bool   `json:"once_per_order"`
}

type ruleJSON struct {
	Quantity    int      `json:"quantity"`
	Products    []string `json:"products"`
	Collections []string `json:"collections"`
	Percent     string   `json:"percent"`
}

type combinesJSON struct {
	Product  bool `json:"product"`
	Order    bool `json:"order"`
	Shipping bool `json:"shipping"`
}

type discountJSON struct {
	ID           string       `json:"id"`
	Title        string       `json:"title"`
	Method       string       `json:"method"`
	Code         string       `json:"code"`
	Class        string       `json:"class"`
	Value        *valueJSON   `json:"value"`
	Products     []string     `json:"products"`
	Collections  []string     `json:"collections"`
	Buy          *ruleJSON    `json:"buy"`
	Get          *ruleJSON    `json:"get"`
	UsesPerOrder int          `json:"uses_per_order"`
	MinSubtotal  string       `json:"min_subtotal"`
	MinQuantity  int          `json:"min_quantity"`
	CombinesWith combinesJSON `json:"combines_with"`
	Enabled      *bool        `json:"enabled"`
	StartsAt     string       `json:"starts_at"`
	EndsAt       string       `json:"ends_at"`
	UsageLimit   int          `json:"usage_limit"`
}

func (f *setupFile) setup() (pos.Setup, error) {
	loc, err := f.Location.location()
	if err != nil {
		return pos.Setup{}, err
	}
	s := pos.Setup{Location: loc}
	for _, pj := range f.Products {
		p, err := pj.product()
		if err != nil {
			return pos.Setup{}, err
		}
		s.Products = append(s.Products, p)
	}
	if _, err := pos.NewCatalog(s.Products); err != nil {
		return pos.Setup{}, err
	}
	for _, dj := range f.Discounts {
		d, err := dj.discount(loc.Currency)
		if err != nil {
			return pos.Setup{}, err
		}
		s.Discounts = append(s.Discounts, d)
	}
	if _, err := pos.NewDiscountSet(s.Discounts); err != nil {
		return pos.Setup{}, err
	}
	return s, nil
}

func (l locationJSON) location() (pos.Location, error) {
	cur, err := pos.ParseCurrency(l.Currency)
	if err != nil {
		return pos.Location{}, err
	}
	loc := pos.Location{ID: l.ID, Name: l.Name, Currency: cur, Pro: l.Pro,
		DefaultTaxBehavior: pos.TaxBehavior(l.DefaultTaxBehavior), AutomaticTax: l.AutomaticTax,
		ReceiptHeader: l.ReceiptHeader, ReceiptFooter: l.ReceiptFooter}
	if l.TaxRate != "" {
		if loc.TaxRate, err = pos.ParsePercent(l.TaxRate); err != nil {
			return pos.Location{}, err
		}
	}
	if err := loc.Validate(); err != nil {
		return pos.Location{}, err
	}
	return loc, nil
}

func (pj productJSON) product() (pos.Product, error) {
	p := pos.Product{ID: pj.ID, Title: pj.Title, SKU: pj.SKU, Barcode: pj.Barcode,
		Collections: pj.Collections, CrossSell: pj.CrossSell, Favourite: pj.Favourite, Archived: pj.Archived}
	if p.Barcode != "" {
		if err := pos.CheckBarcode(p.Barcode); err != nil {
			return p, fmt.Errorf("product %s: %w", p.ID, err)
		}
	}
	for _, prj := range pj.Prices {
		pr, err := prj.price()
		if err != nil {
			return p, fmt.Errorf("product %s: %w", p.ID, err)
		}
		p.Prices = append(p.Prices, pr)
	}
	return p, p.Validate()
}

func (pj priceJSON) price() (pos.Price, error) {
	cur, err := pos.ParseCurrency(pj.Currency)
	if err != nil {
		return pos.Price{}, err
	}
	amount, err := pos.ParseMoney(pj.Amount, cur)
	if err != nil {
		return pos.Price{}, fmt.Errorf("price %s: %w", pj.ID, err)
	}
	pr := pos.Price{ID: pj.ID, Amount: amount, Type: pos.PriceType(pj.Type), Interval: pos.Interval(pj.Interval),
		IntervalCount: pj.IntervalCount, TaxBehavior: pos.TaxBehavior(pj.TaxBehavior), Active: pj.Active == nil || *pj.Active}
	if pr.TaxBehavior == "" {
		pr.TaxBehavior = pos.TaxUnspecified
	}
	if pr.Type == pos.Recurring && pr.IntervalCount == 0 {
		pr.IntervalCount = 1
	}
	return pr, nil
}

func (dj discountJSON) discount(cur pos.Currency) (pos.Discount, error) {
	d := pos.Discount{ID: dj.ID, Title: dj.Title, Method: pos.Source(dj.Method), Code: dj.Code,
		Class: pos.Class(dj.Class), Target: pos.Target{Products: dj.Products, Collections: dj.Collections},
		UsesPerOrder: dj.UsesPerOrder, MinQuantity: dj.MinQuantity, UsageLimit: dj.UsageLimit,
		Combines: pos.Combines(dj.CombinesWith), Enabled: dj.Enabled == nil || *dj.Enabled}
	bad := func(err error) (pos.Discount, error) { return d, fmt.Errorf("discount %s: %w", dj.ID, err) }
	var err error
	if dj.Value != nil {
		if d.Value, err = dj.Value.value(cur); err != nil {
			return bad(err)
		}
	}
	if dj.Buy != nil || dj.Get != nil {
		if d.Buy, d.Get, err = buyGet(dj.Buy, dj.Get); err != nil {
			return bad(err)
		}
		if d.UsesPerOrder == 0 {
			d.UsesPerOrder = 1
		}
	}
	if dj.MinSubtotal != "" {
		if d.MinSubtotal, err = pos.ParseMoney(dj.MinSubtotal, cur); err != nil {
			return bad(err)
		}
	}
	if d.StartsAt, err = parseTime(dj.StartsAt); err != nil {
		return bad(err)
	}
	if d.EndsAt, err = parseTime(dj.EndsAt); err != nil {
		return bad(err)
	}
	return d, d.Validate()
}

func (v valueJSON) value(cur pos.Currency) (pos.Value, error) {
	out := pos.Value{Type: pos.ValueType(v.Type), OncePerOrder: v.OncePerOrder}
	var err error
	switch out.Type {
	case pos.Percentage:
		out.Percent, err = pos.ParsePercent(v.Percent)
	case pos.FixedAmount:
		out.Amount, err = pos.ParseMoney(v.Amount, cur)
	}
	return out, err
}

func buyGet(b, g *ruleJSON) (*pos.BuyRule, *pos.GetRule, error) {
	if b == nil || g == nil {
		return nil, nil, fmt.Errorf("buy X get Y needs both buy and get")
	}
	pct, err := pos.ParsePercent(g.Percent)
	if err != nil {
		return nil, nil, err
	}
	return &pos.BuyRule{Quantity: b.Quantity, Target: pos.Target{Products: b.Products, Collections: b.Collections}},
		&pos.GetRule{Quantity: g.Quantity, Target: pos.Target{Products: g.Products, Collections: g.Collections}, Percent: pct},
		nil
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, s)
}
