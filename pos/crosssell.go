package pos

// crossSellOf returns the product's cross-sell as the cart saw it when it
// started: the cart's recorded value if a manager changed it since, else the
// catalog's.
func crossSellOf(c *Cart, cat *Catalog, productID string) string {
	if v, ok := c.CrossSells[productID]; ok {
		return v
	}
	if p, ok := cat.Product(productID); ok {
		return p.CrossSell
	}
	return ""
}

// crossSellEligible returns the price the product would be offered at, or
// why it cannot be offered for this cart (PRICING.md, Cross-sells).
func crossSellEligible(p *Product, c *Cart, loc *Location) (*Price, string) {
	if p.Archived {
		return nil, "it is archived"
	}
	active := p.ActivePrices()
	switch len(active) {
	case 0:
		return nil, "it has no active price"
	case 1:
	default:
		return nil, "it has more than one active price"
	}
	pr := active[0]
	if pr.Amount.Currency() != c.Currency {
		return nil, "its price is in " + string(pr.Amount.Currency()) + ", the cart is in " + string(c.Currency)
	}
	if pr.Type == Recurring {
		if c.Mode != SubscriptionMode {
			return nil, "its price is recurring and this is not a subscription cart"
		}
		if c.Upgrade {
			return nil, "a subscription upgrade only takes one-time prices"
		}
		if pr.Interval != c.Interval || pr.IntervalCount != c.IntervalCount {
			return nil, "its price recurs on another interval than the subscription"
		}
	}
	if loc.AutomaticTax && loc.DefaultTaxBehavior == "" && pr.TaxBehavior != TaxInclusive && pr.TaxBehavior != TaxExclusive {
		return nil, "its price has no tax behavior and the location computes tax automatically"
	}
	return pr, ""
}

// crossSellOffers lists what the cart offers: each line's cross-sell, once,
// when it is eligible, not already on any line and not dismissed.
func crossSellOffers(c *Cart, cat *Catalog, loc *Location) []Offer {
	var out []Offer
	seen := map[string]bool{}
	for _, l := range c.Lines {
		id := crossSellOf(c, cat, l.ProductID)
		if id == "" || seen[id] || c.HasProduct(id) || c.dismissed(id) {
			continue
		}
		seen[id] = true
		p, ok := cat.Product(id)
		if !ok {
			continue
		}
		pr, why := crossSellEligible(p, c, loc)
		if why != "" {
			continue
		}
		out = append(out, Offer{ProductID: id, Title: p.Title, PriceID: pr.ID, Price: pr.Amount, OfferedBy: l.ProductID})
	}
	return out
}

// dismissed reports a cross-sell the cashier dismissed on this cart.
func (c *Cart) dismissed(productID string) bool {
	for _, id := range c.Dismissed {
		if id == productID {
			return true
		}
	}
	return false
}
