package pos

import "time"

// PriceCart prices a cart. It is a pure function: no I/O, no clock, no globals.
func PriceCart(c *Cart, cat *Catalog, ds *DiscountSet, loc *Location, now time.Time) *Quote {
	q := &Quote{Currency: c.Currency}
	var sub int64
	for i, l := range c.Lines {
		s := l.UnitPrice.Minor() * int64(l.Quantity)
		sub += s
		q.Lines = append(q.Lines, QuoteLine{Pos: i + 1, LineID: l.ID, ProductID: l.ProductID, PriceID: l.PriceID, Title: l.Title,
			Quantity: l.Quantity, UnitPrice: l.UnitPrice, Subtotal: NewMoney(s, c.Currency), Amount: NewMoney(s, c.Currency), CrossSell: l.CrossSell})
	}
	q.Subtotal = NewMoney(sub, c.Currency)
	q.Shipping = c.Shipping
	q.Total = q.Subtotal.Add(c.Shipping)
	q.CrossSellOffers = crossSellOffers(c, cat, loc)
	return q
}
