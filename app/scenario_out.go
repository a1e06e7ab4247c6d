package main

import (
	"caisse/pos"
)

// output is the runner's JSON, field for field as FORMAT.md's "Output".
type output struct {
	Currency         string          `json:"currency"`
	Lines            []lineOut       `json:"lines"`
	Subtotal         string          `json:"subtotal"`
	OrderDiscounts   []discountAmt   `json:"order_discounts"`
	Shipping         string          `json:"shipping"`
	ShippingDiscount string          `json:"shipping_discount"`
	Tax              string          `json:"tax"`
	Total            string          `json:"total"`
	Applied          []appliedOut    `json:"applied"`
	NotApplied       []notAppliedOut `json:"not_applied"`
	Codes            []string        `json:"codes"`
	CrossSellOffers  []string        `json:"cross_sell_offers"`
	Errors           []stepError     `json:"errors"`
	SearchComplete   bool            `json:"search_complete"` // the best set of discounts is proven best (FORMAT.md)
	Order            *orderOut       `json:"order,omitempty"`
}

type lineOut struct {
	Line      int           `json:"line"`
	Product   string        `json:"product"`
	Price     string        `json:"price"`
	Quantity  int           `json:"quantity"`
	UnitPrice string        `json:"unit_price"`
	Subtotal  string        `json:"subtotal"`
	Discounts []discountAmt `json:"discounts"`
	Amount    string        `json:"amount"`
	Tax       string        `json:"tax"`
	CrossSell bool          `json:"cross_sell"`
	Split     bool          `json:"split"`
}

type discountAmt struct {
	Discount string `json:"discount"`
	Amount   string `json:"amount"`
}

type appliedOut struct {
	Discount string `json:"discount"`
	Class    string `json:"class"`
	Source   string `json:"source"`
	Amount   string `json:"amount"`
}

type notAppliedOut struct {
	Discount string `json:"discount"`
	Reason   string `json:"reason"`
	Detail   string `json:"detail"`
}

type stepError struct {
	Step    int    `json:"step"`
	Message string `json:"message"`
}

type orderOut struct {
	ID     string `json:"id"`
	Number int64  `json:"number"`
	Test   bool   `json:"test"`
	Paid   string `json:"paid"`
	Change string `json:"change"`
}

func (o *output) fill(q *pos.Quote, order *pos.Order) {
	o.Currency = string(q.Currency)
	o.Lines = []lineOut{}
	for _, l := range q.Lines {
		lo := lineOut{Line: l.Pos, Product: l.ProductID, Price: l.PriceID, Quantity: l.Quantity, UnitPrice: l.UnitPrice.String(),
			Subtotal: l.Subtotal.String(), Discounts: []discountAmt{}, Amount: l.Amount.String(), Tax: l.Tax.String(),
			CrossSell: l.CrossSell, Split: l.Split}
		for _, d := range l.Discounts {
			lo.Discounts = append(lo.Discounts, discountAmt{d.DiscountID, d.Amount.String()})
		}
		o.Lines = append(o.Lines, lo)
	}
	o.Subtotal = q.Subtotal.String()
	o.OrderDiscounts = []discountAmt{}
	for _, d := range q.OrderDiscounts {
		o.OrderDiscounts = append(o.OrderDiscounts, discountAmt{d.DiscountID, d.Amount.String()})
	}
	o.Shipping, o.ShippingDiscount = q.Shipping.String(), q.ShippingDiscount.String()
	o.Tax, o.Total = q.Tax.String(), q.Total.String()
	o.Applied = []appliedOut{}
	for _, a := range q.Applied {
		o.Applied = append(o.Applied, appliedOut{a.DiscountID, string(a.Class), string(a.Source), a.Amount.String()})
	}
	o.NotApplied = []notAppliedOut{}
	for _, n := range q.NotApplied {
		o.NotApplied = append(o.NotApplied, notAppliedOut{n.DiscountID, n.Reason, n.Detail()})
	}
	o.Codes = append([]string{}, q.Codes...)
	o.SearchComplete = q.SearchComplete
	o.CrossSellOffers = []string{}
	for _, of := range q.CrossSellOffers {
		o.CrossSellOffers = append(o.CrossSellOffers, of.ProductID)
	}
	if order != nil {
		o.Order = &orderOut{ID: order.ID, Number: order.Number, Test: order.Test, Paid: order.Paid.String(), Change: order.Change.String()}
	}
}
