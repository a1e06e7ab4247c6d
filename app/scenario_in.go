package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"caisse/pos"
	"caisse/pos/setupjson"

	"github.com/shopspring/decimal"
)

// refusal wraps an error the till itself would give for a step: it goes to
// the output's errors, it does not make the file unusable.
type refusal struct{ err error }

func (r *refusal) Error() string { return r.err.Error() }

// The scenario file format (../shared/scenarios/FORMAT.md), as Go types.
// Unknown fields are refused: the decoder runs with DisallowUnknownFields.

// amount is a decimal written as a JSON string or number, read exactly.
type amount = setupjson.Amount

type fileIn struct {
	Currency  string               `json:"currency"`
	Now       string               `json:"now"`
	Location  *locationIn          `json:"location"`
	Cart      *cartIn              `json:"cart"`
	Products  []setupjson.Product  `json:"products"`
	Discounts []setupjson.Discount `json:"discounts"`
	Steps     []stepIn             `json:"steps"`
	Expect    json.RawMessage      `json:"expect"`
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

func (c *customIn) toCustom(cur pos.Currency, step int) (pos.CustomDiscount, error) {
	out := pos.CustomDiscount{Reason: c.Reason}
	switch {
	case c.Percent != nil && c.Amount != nil:
		return out, fmt.Errorf("step %d: give a percent or an amount, not both", step)
	case c.Percent != nil:
		if _, err := decimal.NewFromString(strings.TrimSpace(string(*c.Percent))); err != nil {
			return out, fmt.Errorf("step %d: %q is not a percentage", step, pos.Clip(string(*c.Percent), 80))
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
