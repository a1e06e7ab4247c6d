// Package setupjson reads a shop's set-up written in the vocabulary of the
// scenario files (../shared/scenarios/FORMAT.md): products with their
// prices, discounts and a location. The scenario runner reads the products
// and discounts of a scenario with it, and the demo shop is written in it.
// Amounts are decimal strings or JSON numbers, read exactly as written.
package setupjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"caisse/pos"
)

// Amount is a decimal written as a JSON string or number, kept as its text so
// that it is never read through a float.
type Amount string

// UnmarshalJSON keeps the text of a string or a number.
func (a *Amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*a = Amount(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("an amount must be a string or a number, not %s", b)
	}
	*a = Amount(n.String())
	return nil
}

// Money reads the amount in cur; what names the field in the error.
func (a Amount) Money(cur pos.Currency, what string) (pos.Money, error) {
	m, err := pos.ParseMoney(string(a), cur)
	if err != nil {
		return pos.Money{}, fmt.Errorf("%s: %s", what, pos.ErrorMessage(err))
	}
	return m, nil
}

// Percent reads the amount as a percentage.
func (a Amount) Percent(what string) (pos.Rate, error) {
	r, err := pos.ParsePercent(string(a))
	if err != nil {
		return pos.Rate{}, fmt.Errorf("%s: %s", what, pos.ErrorMessage(err))
	}
	return r, nil
}

// Price is one price of a product.
type Price struct {
	ID            string `json:"id"`
	Amount        Amount `json:"amount"`
	Currency      string `json:"currency"`
	Type          string `json:"type"`
	Interval      string `json:"interval,omitempty"`
	IntervalCount int    `json:"interval_count,omitempty"`
	TaxBehavior   string `json:"tax_behavior,omitempty"`
	Active        *bool  `json:"active,omitempty"` // default true
}

// Product is a product with its prices.
type Product struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	SKU         string   `json:"sku,omitempty"`
	Barcode     string   `json:"barcode,omitempty"`
	Collections []string `json:"collections,omitempty"`
	Prices      []Price  `json:"prices,omitempty"`
	CrossSell   string   `json:"cross_sell,omitempty"`
	Favourite   bool     `json:"favourite,omitempty"`
	Archived    bool     `json:"archived,omitempty"`
}

// Product converts and checks a product (a missing title is its id).
func (pj *Product) Product() (pos.Product, error) {
	p := pos.Product{ID: pj.ID, Title: pj.Title, SKU: pj.SKU, Barcode: pj.Barcode, Collections: pj.Collections,
		CrossSell: pj.CrossSell, Favourite: pj.Favourite, Archived: pj.Archived}
	if p.Title == "" {
		p.Title = p.ID
	}
	if p.Barcode != "" {
		if err := pos.CheckBarcode(p.Barcode); err != nil {
			return p, fmt.Errorf("product %s: %s", p.ID, pos.ErrorMessage(err))
		}
	}
	for _, pr := range pj.Prices {
		what := fmt.Sprintf("product %s, price %s", pj.ID, pr.ID)
		cur, err := pos.ParseCurrency(pr.Currency)
		if err != nil {
			return p, fmt.Errorf("%s: %s", what, pos.ErrorMessage(err))
		}
		m, err := pr.Amount.Money(cur, what)
		if err != nil {
			return p, err
		}
		price := pos.Price{ID: pr.ID, Amount: m, Type: pos.PriceType(pr.Type), Interval: pos.Interval(pr.Interval),
			IntervalCount: pr.IntervalCount, TaxBehavior: pos.TaxBehavior(pr.TaxBehavior), Active: pr.Active == nil || *pr.Active}
		if price.Type == "" {
			price.Type = pos.OneTime
		}
		if price.TaxBehavior == "" {
			price.TaxBehavior = pos.TaxUnspecified
		}
		if price.Type == pos.Recurring && price.IntervalCount == 0 {
			price.IntervalCount = 1
		}
		p.Prices = append(p.Prices, price)
	}
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("%s", pos.ErrorMessage(err))
	}
	return p, nil
}

// Value is a discount's value.
type Value struct {
	Type         string `json:"type"`
	Percent      Amount `json:"percent,omitempty"`
	Amount       Amount `json:"amount"`
	OncePerOrder bool   `json:"once_per_order,omitempty"`
}

// Rule is the buy or the get half of buy X get Y.
type Rule struct {
	Quantity    int      `json:"quantity"`
	Products    []string `json:"products,omitempty"`
	Collections []string `json:"collections,omitempty"`
	Percent     Amount   `json:"percent,omitempty"` // get only; default 100 (free)
}

// Combines is combines_with.
type Combines struct {
	Product  bool `json:"product"`
	Order    bool `json:"order"`
	Shipping bool `json:"shipping"`
}

// Discount is an automatic or code discount.
type Discount struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Method       string   `json:"method"`
	Code         string   `json:"code,omitempty"`
	Class        string   `json:"class"`
	Value        *Value   `json:"value,omitempty"`
	Products     []string `json:"products,omitempty"`
	Collections  []string `json:"collections,omitempty"`
	Buy          *Rule    `json:"buy,omitempty"`
	Get          *Rule    `json:"get,omitempty"`
	UsesPerOrder int      `json:"uses_per_order,omitempty"` // buy X get Y; default 1
	MinSubtotal  Amount   `json:"min_subtotal,omitempty"`
	MinQuantity  int      `json:"min_quantity,omitempty"`
	CombinesWith Combines `json:"combines_with"`
	Enabled      *bool    `json:"enabled,omitempty"` // default true
	StartsAt     string   `json:"starts_at,omitempty"`
	EndsAt       string   `json:"ends_at,omitempty"`
	UsageLimit   int      `json:"usage_limit,omitempty"`
}

// Discount converts and checks a discount; amounts are in cur.
func (dj *Discount) Discount(cur pos.Currency) (pos.Discount, error) {
	what := "discount " + dj.ID
	d := pos.Discount{ID: dj.ID, Title: dj.Title, Method: pos.Source(dj.Method), Code: strings.TrimSpace(dj.Code),
		Class: pos.Class(dj.Class), Target: pos.Target{Products: dj.Products, Collections: dj.Collections},
		UsesPerOrder: dj.UsesPerOrder, MinQuantity: dj.MinQuantity, UsageLimit: dj.UsageLimit,
		Combines: pos.Combines(dj.CombinesWith), Enabled: dj.Enabled == nil || *dj.Enabled}
	var err error
	if d.StartsAt, err = ParseTime(dj.StartsAt); err != nil {
		return d, fmt.Errorf("%s: starts_at: %w", what, err)
	}
	if d.EndsAt, err = ParseTime(dj.EndsAt); err != nil {
		return d, fmt.Errorf("%s: ends_at: %w", what, err)
	}
	if dj.MinSubtotal != "" {
		if d.MinSubtotal, err = dj.MinSubtotal.Money(cur, what+": min_subtotal"); err != nil {
			return d, err
		}
	}
	if v := dj.Value; v != nil {
		d.Value = pos.Value{Type: pos.ValueType(v.Type), OncePerOrder: v.OncePerOrder}
		if v.Percent != "" {
			if d.Value.Percent, err = v.Percent.Percent(what + ": value.percent"); err != nil {
				return d, err
			}
		}
		if v.Amount != "" {
			if d.Value.Amount, err = v.Amount.Money(cur, what+": value.amount"); err != nil {
				return d, err
			}
		}
	}
	if dj.Buy != nil {
		d.Buy = &pos.BuyRule{Quantity: dj.Buy.Quantity, Target: pos.Target{Products: dj.Buy.Products, Collections: dj.Buy.Collections}}
	}
	if g := dj.Get; g != nil {
		d.Get = &pos.GetRule{Quantity: g.Quantity, Target: pos.Target{Products: g.Products, Collections: g.Collections}}
		pct := g.Percent
		if pct == "" {
			pct = "100"
		}
		if d.Get.Percent, err = pct.Percent(what + ": get.percent"); err != nil {
			return d, err
		}
		if d.UsesPerOrder == 0 {
			d.UsesPerOrder = 1
		}
	}
	if err := d.Validate(); err != nil {
		return d, fmt.Errorf("%s", pos.ErrorMessage(err))
	}
	return d, nil
}

// ParseTime reads an RFC 3339 time; "" is no time.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time", s)
	}
	return t, nil
}

// Location is a shop's location as a set-up file gives it.
type Location struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Currency           string `json:"currency"`
	Pro                bool   `json:"pro,omitempty"`
	TaxRate            Amount `json:"tax_rate,omitempty"`
	DefaultTaxBehavior string `json:"default_tax_behavior,omitempty"`
	AutomaticTax       bool   `json:"automatic_tax,omitempty"`
	ReceiptHeader      string `json:"receipt_header,omitempty"`
	ReceiptFooter      string `json:"receipt_footer,omitempty"`
}

// Location converts and checks a location.
func (l *Location) Location() (pos.Location, error) {
	cur, err := pos.ParseCurrency(l.Currency)
	if err != nil {
		return pos.Location{}, fmt.Errorf("location: %s", pos.ErrorMessage(err))
	}
	loc := pos.Location{ID: l.ID, Name: l.Name, Currency: cur, Pro: l.Pro,
		DefaultTaxBehavior: pos.TaxBehavior(l.DefaultTaxBehavior), AutomaticTax: l.AutomaticTax,
		ReceiptHeader: l.ReceiptHeader, ReceiptFooter: l.ReceiptFooter}
	if l.TaxRate != "" {
		if loc.TaxRate, err = l.TaxRate.Percent("location: tax_rate"); err != nil {
			return loc, err
		}
	}
	if err := loc.Validate(); err != nil {
		return loc, fmt.Errorf("location: %s", pos.ErrorMessage(err))
	}
	return loc, nil
}

// File is a whole set-up: a location, products and discounts.
type File struct {
	Location  Location   `json:"location"`
	Products  []Product  `json:"products,omitempty"`
	Discounts []Discount `json:"discounts,omitempty"`
}

// Parse reads a set-up file (unknown fields refused) and checks it as the
// till would: amounts exact, barcodes valid, cross-sells in the catalog,
// ids and codes unique.
func Parse(data []byte) (pos.Setup, error) {
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return pos.Setup{}, err
	}
	loc, err := f.Location.Location()
	if err != nil {
		return pos.Setup{}, err
	}
	s := pos.Setup{Location: loc}
	if s.Products, s.Discounts, err = Convert(f.Products, f.Discounts, loc.Currency); err != nil {
		return pos.Setup{}, err
	}
	if _, err := pos.NewCatalog(s.Products); err != nil {
		return pos.Setup{}, fmt.Errorf("%s", pos.ErrorMessage(err))
	}
	return s, nil
}

// Convert converts products and discounts (discount amounts in cur) and
// checks that ids and codes are unique. Cross-sells are checked where the
// whole catalog is known (Parse; the store for a scenario run on a database).
func Convert(products []Product, discounts []Discount, cur pos.Currency) ([]pos.Product, []pos.Discount, error) {
	var ps []pos.Product
	seen := map[string]bool{}
	for i := range products {
		p, err := products[i].Product()
		if err != nil {
			return nil, nil, err
		}
		if seen[p.ID] {
			return nil, nil, fmt.Errorf("product %s appears twice", p.ID)
		}
		seen[p.ID] = true
		ps = append(ps, p)
	}
	var ds []pos.Discount
	for i := range discounts {
		d, err := discounts[i].Discount(cur)
		if err != nil {
			return nil, nil, err
		}
		ds = append(ds, d)
	}
	if _, err := pos.NewDiscountSet(ds); err != nil {
		return nil, nil, fmt.Errorf("%s", pos.ErrorMessage(err))
	}
	return ps, ds, nil
}
