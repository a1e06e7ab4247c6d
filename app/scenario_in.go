package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"caisse/pos"

	"github.com/shopspring/decimal"
)

// refusal wraps an error the till itself would give for a step: it goes to
// the output's errors, it does not make the file unusable.
type refusal struct{ err error }

func (r *refusal) Error() string { return r.err.Error() }

// The scenario file format (../shared/scenarios/FORMAT.md), as Go types.
// Unknown fields are refused: the decoder runs with DisallowUnknownFields.

// amount is a decimal written as a JSON string or number, kept as its text so
// that it is never read through a float.
type amount string

func (a *amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*a = amount(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("an amount must be a string or a number, not %s", b)
	}
	*a = amount(n.String())
	return nil
}

type fileIn struct {
	Currency  string          `json:"currency"`
	Now       string          `json:"now"`
	Location  *locationIn     `json:"location"`
	Cart      *cartIn         `json:"cart"`
	Products  []productIn     `json:"products"`
	Discounts []discountIn    `json:"discounts"`
	Steps     []stepIn        `json:"steps"`
	Expect    json.RawMessage `json:"expect"`
}

type locationIn struct {
	Name               string  `json:"name"`
	Pro                *bool   `json:"pro"`
	TaxRate            *amount `json:"tax_rate"`
	DefaultTaxBehavior *string `json:"default_tax_behavior"`
	AutomaticTax       bool    `json:"automatic_tax"`
}

type cartIn struct {
	Mode          string `json:"mode"`
	Interval      string `json:"interval"`
	IntervalCount int    `json:"interval_count"`
	Upgrade       bool   `json:"upgrade"`
}

type priceIn struct {
	ID            string `json:"id"`
	Amount        amount `json:"amount"`
	Currency      string `json:"currency"`
	Type          string `json:"type"`
	Interval      string `json:"interval"`
	IntervalCount int    `json:"interval_count"`
	TaxBehavior   string `json:"tax_behavior"`
	Active        *bool  `json:"active"`
}

type productIn struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	SKU         string    `json:"sku"`
	Barcode     string    `json:"barcode"`
	Collections []string  `json:"collections"`
	Prices      []priceIn `json:"prices"`
	CrossSell   string    `json:"cross_sell"`
	Favourite   bool      `json:"favourite"`
}

type valueIn struct {
	Type         string `json:"type"`
	Percent      amount `json:"percent"`
	Amount       amount `json:"amount"`
	OncePerOrder bool   `json:"once_per_order"`
}

type buyGetIn struct {
	Quantity    int      `json:"quantity"`
	Products    []string `json:"products"`
	Collections []string `json:"collections"`
	Percent     amount   `json:"percent"` // get only
}

type combinesIn struct {
	Product  bool `json:"product"`
	Order    bool `json:"order"`
	Shipping bool `json:"shipping"`
}

type discountIn struct {
	ID           string     `json:"id"`
	Title        string     `json:"title"`
	Method       string     `json:"method"`
	Code         string     `json:"code"`
	Class        string     `json:"class"`
	Value        *valueIn   `json:"value"`
	Products     []string   `json:"products"`
	Collections  []string   `json:"collections"`
	Buy          *buyGetIn  `json:"buy"`
	Get          *buyGetIn  `json:"get"`
	UsesPerOrder int        `json:"uses_per_order"`
	MinSubtotal  amount     `json:"min_subtotal"`
	MinQuantity  int        `json:"min_quantity"`
	CombinesWith combinesIn `json:"combines_with"`
	Enabled      *bool      `json:"enabled"`
	StartsAt     string     `json:"starts_at"`
	EndsAt       string     `json:"ends_at"`
	UsageLimit   int        `json:"usage_limit"`
}

type lineQty struct {
	Line     int `json:"line"`
	Quantity int `json:"quantity"`
}

type customIn struct {
	Line    int     `json:"line"`
	Percent *amount `json:"percent"`
	Amount  *amount `json:"amount"`
	Reason  string  `json:"reason"`
}

type tenderIn struct {
	Method string `json:"method"`
	Amount amount `json:"amount"`
}

type crossSellIn struct {
	Product   string  `json:"product"`
	CrossSell *string `json:"cross_sell"`
}

// stepIn holds one step; exactly one action key may be set ("quantity" and
// "price" go with "add").
type stepIn struct {
	Add                 *string      `json:"add"`
	Quantity            *int         `json:"quantity"`
	Price               string       `json:"price"`
	SetQuantity         *lineQty     `json:"set_quantity"`
	RemoveLine          *int         `json:"remove_line"`
	Code                *string      `json:"code"`
	RemoveCode          *string      `json:"remove_code"`
	LineDiscount        *customIn    `json:"line_discount"`
	RemoveLineDiscount  *int         `json:"remove_line_discount"`
	CartDiscount        *customIn    `json:"cart_discount"`
	RemoveCartDiscounts *bool        `json:"remove_cart_discounts"`
	Shipping            *amount      `json:"shipping"`
	AcceptCrossSell     *string      `json:"accept_cross_sell"`
	ConfigureCrossSell  *crossSellIn `json:"configure_cross_sell"`
	NewCart             *cartIn      `json:"new_cart"`
	Pay                 *[]tenderIn  `json:"pay"`
}

func (s *stepIn) actions() []string {
	var keys []string
	add := func(set bool, k string) {
		if set {
			keys = append(keys, k)
		}
	}
	add(s.Add != nil, "add")
	add(s.SetQuantity != nil, "set_quantity")
	add(s.RemoveLine != nil, "remove_line")
	add(s.Code != nil, "code")
	add(s.RemoveCode != nil, "remove_code")
	add(s.LineDiscount != nil, "line_discount")
	add(s.RemoveLineDiscount != nil, "remove_line_discount")
	add(s.CartDiscount != nil, "cart_discount")
	add(s.RemoveCartDiscounts != nil, "remove_cart_discounts")
	add(s.Shipping != nil, "shipping")
	add(s.AcceptCrossSell != nil, "accept_cross_sell")
	add(s.ConfigureCrossSell != nil, "configure_cross_sell")
	add(s.NewCart != nil, "new_cart")
	add(s.Pay != nil, "pay")
	return keys
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time", s)
	}
	return t, nil
}

func percentOf(a amount, what string) (pos.Rate, error) {
	r, err := pos.ParsePercent(string(a))
	if err != nil {
		return pos.Rate{}, fmt.Errorf("%s: %s", what, pos.ErrorMessage(err))
	}
	return r, nil
}

func moneyOf(a amount, cur pos.Currency, what string) (pos.Money, error) {
	m, err := pos.ParseMoney(string(a), cur)
	if err != nil {
		return pos.Money{}, fmt.Errorf("%s: %s", what, pos.ErrorMessage(err))
	}
	return m, nil
}

func (l *locationIn) toLocation(cur pos.Currency) (pos.Location, error) {
	loc := pos.Location{ID: "scenario", Name: "Scenario", Currency: cur, Pro: true, DefaultTaxBehavior: pos.TaxExclusive}
	if l == nil {
		return loc, nil
	}
	if l.Name != "" {
		loc.Name = l.Name
	}
	if l.Pro != nil {
		loc.Pro = *l.Pro
	}
	if l.TaxRate != nil {
		r, err := percentOf(*l.TaxRate, "location.tax_rate")
		if err != nil {
			return loc, err
		}
		loc.TaxRate = r
	}
	if l.DefaultTaxBehavior != nil {
		loc.DefaultTaxBehavior = pos.TaxBehavior(*l.DefaultTaxBehavior)
	}
	loc.AutomaticTax = l.AutomaticTax
	if err := loc.Validate(); err != nil {
		return loc, err
	}
	return loc, nil
}

func (c *cartIn) toOptions() pos.CartOptions {
	if c == nil {
		return pos.CartOptions{Mode: pos.PaymentMode}
	}
	return pos.CartOptions{Mode: pos.CartMode(c.Mode), Interval: pos.Interval(c.Interval), IntervalCount: c.IntervalCount, Upgrade: c.Upgrade}
}

func (p *productIn) toProduct() (pos.Product, error) {
	out := pos.Product{ID: p.ID, Title: p.Title, SKU: p.SKU, Barcode: p.Barcode, Collections: p.Collections, CrossSell: p.CrossSell, Favourite: p.Favourite}
	if out.Title == "" {
		out.Title = p.ID
	}
	for _, pr := range p.Prices {
		cur, err := pos.ParseCurrency(pr.Currency)
		if err != nil {
			return out, fmt.Errorf("product %s, price %s: %s", p.ID, pr.ID, pos.ErrorMessage(err))
		}
		m, err := moneyOf(pr.Amount, cur, fmt.Sprintf("product %s, price %s", p.ID, pr.ID))
		if err != nil {
			return out, err
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
		out.Prices = append(out.Prices, price)
	}
	return out, nil
}

func (d *discountIn) toDiscount(cur pos.Currency) (pos.Discount, error) {
	what := "discount " + d.ID
	out := pos.Discount{ID: d.ID, Title: d.Title, Method: pos.Source(d.Method), Code: d.Code, Class: pos.Class(d.Class),
		Target: pos.Target{Products: d.Products, Collections: d.Collections}, UsesPerOrder: d.UsesPerOrder,
		MinQuantity: d.MinQuantity, UsageLimit: d.UsageLimit, Enabled: d.Enabled == nil || *d.Enabled,
		Combines: pos.Combines{Product: d.CombinesWith.Product, Order: d.CombinesWith.Order, Shipping: d.CombinesWith.Shipping}}
	var err error
	if out.StartsAt, err = parseTime(d.StartsAt); err != nil {
		return out, fmt.Errorf("%s: starts_at: %v", what, err)
	}
	if out.EndsAt, err = parseTime(d.EndsAt); err != nil {
		return out, fmt.Errorf("%s: ends_at: %v", what, err)
	}
	if d.MinSubtotal != "" {
		if out.MinSubtotal, err = moneyOf(d.MinSubtotal, cur, what+": min_subtotal"); err != nil {
			return out, err
		}
	}
	if d.Value != nil {
		out.Value = pos.Value{Type: pos.ValueType(d.Value.Type), OncePerOrder: d.Value.OncePerOrder}
		if d.Value.Percent != "" {
			if out.Value.Percent, err = percentOf(d.Value.Percent, what+": value.percent"); err != nil {
				return out, err
			}
		}
		if d.Value.Amount != "" {
			if out.Value.Amount, err = moneyOf(d.Value.Amount, cur, what+": value.amount"); err != nil {
				return out, err
			}
		}
	}
	if d.Buy != nil {
		out.Buy = &pos.BuyRule{Quantity: d.Buy.Quantity, Target: pos.Target{Products: d.Buy.Products, Collections: d.Buy.Collections}}
	}
	if d.Get != nil {
		out.Get = &pos.GetRule{Quantity: d.Get.Quantity, Target: pos.Target{Products: d.Get.Products, Collections: d.Get.Collections}}
		pct := d.Get.Percent
		if pct == "" {
			pct = "100"
		}
		if out.Get.Percent, err = percentOf(pct, what+": get.percent"); err != nil {
			return out, err
		}
		if out.UsesPerOrder == 0 {
			out.UsesPerOrder = 1
		}
	}
	if err := out.Validate(); err != nil {
		return out, err
	}
	if out.Method == pos.Code {
		out.Code = strings.TrimSpace(out.Code)
	}
	return out, nil
}

func (c *customIn) toCustom(cur pos.Currency, step int) (pos.CustomDiscount, error) {
	out := pos.CustomDiscount{Reason: c.Reason}
	switch {
	case c.Percent != nil && c.Amount != nil:
		return out, fmt.Errorf("step %d: give a percent or an amount, not both", step)
	case c.Percent != nil:
		if _, err := decimal.NewFromString(strings.TrimSpace(string(*c.Percent))); err != nil {
			return out, fmt.Errorf("step %d: %q is not a percentage", step, *c.Percent)
		}
		d, err := pos.ParsePercent(string(*c.Percent))
		if err != nil {
			// A number the till refuses (negative, too precise): a refusal, not a bad file.
			return out, &refusal{err}
		}
		out.Type, out.Percent = pos.Percentage, d
	case c.Amount != nil:
		m, err := moneyOf(*c.Amount, cur, fmt.Sprintf("step %d", step))
		if err != nil {
			return out, err
		}
		out.Type, out.Amount = pos.FixedAmount, m
	default:
		return out, fmt.Errorf("step %d: a custom discount needs a percent or an amount", step)
	}
	return out, nil
}
