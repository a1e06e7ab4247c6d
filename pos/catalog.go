package pos

import (
	"sort"
	"strings"
)

// PriceType is one_time or recurring.
type PriceType string

const (
	OneTime   PriceType = "one_time"
	Recurring PriceType = "recurring"
)

// Interval of a recurring price or a subscription cart.
type Interval string

const (
	Day   Interval = "day"
	Week  Interval = "week"
	Month Interval = "month"
	Year  Interval = "year"
)

// TaxBehavior says whether tax is inside a price, on top of it, or left to
// the location's default.
type TaxBehavior string

const (
	TaxUnspecified TaxBehavior = "unspecified"
	TaxInclusive   TaxBehavior = "inclusive"
	TaxExclusive   TaxBehavior = "exclusive"
	// TaxExempt is a custom sale's that bears no tax (never a catalog
	// price's).
	TaxExempt TaxBehavior = "exempt"
)

// Price is one way to sell a product.
type Price struct {
	ID            string
	Amount        Money
	Type          PriceType
	Interval      Interval // recurring only
	IntervalCount int      // recurring only, ≥ 1
	TaxBehavior   TaxBehavior
	Active        bool
}

// MaxIntervalCount bounds a recurring price's interval count.
const MaxIntervalCount = 1000

// Validate checks a price on its own.
func (p *Price) Validate() error {
	switch {
	case strings.TrimSpace(p.ID) == "":
		return Errorf(EInvalid, "a price needs an id")
	case !p.Amount.Currency().Known():
		return Errorf(EInvalid, "price %s: unknown currency %q", p.ID, clip(string(p.Amount.Currency())))
	case p.Amount.IsNegative():
		return Errorf(EInvalid, "price %s: the amount cannot be negative", p.ID)
	case p.Amount.Minor() > MaxMinor:
		return Errorf(EInvalid, "price %s: the amount %s is above the largest price, %s", p.ID, p.Amount, NewMoney(MaxMinor, p.Amount.Currency()))
	case p.IntervalCount < 0 || p.IntervalCount > MaxIntervalCount:
		return Errorf(EInvalid, "price %s: the interval count must be between 1 and %d", p.ID, MaxIntervalCount)
	}
	switch p.Type {
	case OneTime:
		if p.Interval != "" {
			return Errorf(EInvalid, "price %s: a one-time price has no interval", p.ID)
		}
	case Recurring:
		switch p.Interval {
		case Day, Week, Month, Year:
		default:
			return Errorf(EInvalid, "price %s: a recurring price needs an interval (day, week, month or year)", p.ID)
		}
		if p.IntervalCount < 1 {
			return Errorf(EInvalid, "price %s: the interval count must be at least 1", p.ID)
		}
	default:
		return Errorf(EInvalid, "price %s: type must be one_time or recurring", p.ID)
	}
	switch p.TaxBehavior {
	case "", TaxUnspecified, TaxInclusive, TaxExclusive: // "" is unspecified
	default:
		return Errorf(EInvalid, "price %s: tax behavior must be inclusive, exclusive or unspecified", p.ID)
	}
	return nil
}

// Product is something the shop sells.
type Product struct {
	ID          string
	Title       string
	SKU         string
	Barcode     string
	Collections []string
	Prices      []Price
	CrossSell   string // product id offered with this one, "" for none
	Archived    bool
	Favourite   bool // shown on the till's grid
	// sale marks the stand-in for a custom sale's line while pricing: no
	// product discount targets it.
	sale bool
}

// Validate checks a product on its own (cross-sell targets are checked by the catalog).
func (p *Product) Validate() error {
	if strings.TrimSpace(p.ID) == "" {
		return Errorf(EInvalid, "a product needs an id")
	}
	if strings.TrimSpace(p.Title) == "" {
		return Errorf(EInvalid, "product %s needs a title", p.ID)
	}
	seen := map[string]bool{}
	for i := range p.Prices {
		if err := p.Prices[i].Validate(); err != nil {
			return Errorf(EInvalid, "product %s: %s", p.ID, ErrorMessage(err))
		}
		if seen[p.Prices[i].ID] {
			return Errorf(EInvalid, "product %s: price %s appears twice", p.ID, p.Prices[i].ID)
		}
		seen[p.Prices[i].ID] = true
	}
	if p.CrossSell == p.ID && p.ID != "" {
		return Errorf(EInvalid, "product %s cannot be its own cross-sell", p.ID)
	}
	return nil
}

// Price returns the price with that id.
func (p *Product) Price(id string) (*Price, bool) {
	for i := range p.Prices {
		if p.Prices[i].ID == id {
			return &p.Prices[i], true
		}
	}
	return nil, false
}

// ActivePrices returns the product's active prices.
func (p *Product) ActivePrices() []*Price {
	var out []*Price
	for i := range p.Prices {
		if p.Prices[i].Active {
			out = append(out, &p.Prices[i])
		}
	}
	return out
}

// InCollection reports whether the product belongs to collection c.
func (p *Product) InCollection(c string) bool {
	for _, x := range p.Collections {
		if x == c {
			return true
		}
	}
	return false
}

// CanBeCrossSell says whether the product can be picked as another product's
// cross-sell, and if not, why (a manager sees the reason greyed out).
func (p *Product) CanBeCrossSell() (bool, string) {
	if p.Archived {
		return false, "archived"
	}
	if n := len(p.ActivePrices()); n != 1 {
		if n == 0 {
			return false, "it has no active price"
		}
		return false, "it has more than one active price"
	}
	return true, ""
}

// Catalog is an immutable snapshot of the products. A manager's change builds
// a new Catalog; a cart keeps the snapshot it started with for its cross-sells.
type Catalog struct {
	products map[string]*Product
	order    []string
	barcodes map[string]string
}

// NewCatalog validates and indexes products. Cross-sells must name a product
// of the catalog.
func NewCatalog(products []Product) (*Catalog, error) {
	c := &Catalog{products: make(map[string]*Product, len(products)), barcodes: map[string]string{}}
	for i := range products {
		p := products[i]
		if err := p.Validate(); err != nil {
			return nil, err
		}
		if _, dup := c.products[p.ID]; dup {
			return nil, Errorf(EInvalid, "product %s appears twice", p.ID)
		}
		c.products[p.ID] = &p
		c.order = append(c.order, p.ID)
		if p.Barcode != "" {
			key := NormalizeBarcode(p.Barcode)
			if other, dup := c.barcodes[key]; dup {
				return nil, Errorf(EInvalid, "products %s and %s have the same barcode %s", other, p.ID, p.Barcode)
			}
			c.barcodes[key] = p.ID
		}
	}
	for _, id := range c.order {
		p := c.products[id]
		if p.CrossSell == "" {
			continue
		}
		if _, ok := c.products[p.CrossSell]; !ok {
			return nil, Errorf(EInvalid, "product %s: cross-sell %s is not in the catalog", p.ID, p.CrossSell)
		}
	}
	return c, nil
}

// Product returns the product with that id.
func (c *Catalog) Product(id string) (*Product, bool) {
	p, ok := c.products[id]
	return p, ok
}

// ByBarcode returns the product with that barcode, in any of its forms: a
// UPC-A finds the product stored with its EAN-13 form and the other way
// round (NormalizeBarcode).
func (c *Catalog) ByBarcode(code string) (*Product, bool) {
	id, ok := c.barcodes[NormalizeBarcode(code)]
	if !ok {
		return nil, false
	}
	return c.products[id], true
}

// Products returns the products in the order they were given.
func (c *Catalog) Products() []*Product {
	out := make([]*Product, 0, len(c.order))
	for _, id := range c.order {
		out = append(out, c.products[id])
	}
	return out
}

// Len is the number of products.
func (c *Catalog) Len() int { return len(c.order) }

// WithProduct returns a new catalog with p added or replacing the product with its id.
func (c *Catalog) WithProduct(p Product) (*Catalog, error) {
	list := make([]Product, 0, len(c.order)+1)
	replaced := false
	for _, id := range c.order {
		if id == p.ID {
			list = append(list, p)
			replaced = true
			continue
		}
		list = append(list, *c.products[id])
	}
	if !replaced {
		list = append(list, p)
	}
	return NewCatalog(list)
}

// CrossSellChoices lists, for a manager picking product id's cross-sell, every
// other product with whether it can be one and why not.
func (c *Catalog) CrossSellChoices(id string) []CrossSellChoice {
	var out []CrossSellChoice
	for _, pid := range c.order {
		if pid == id {
			continue
		}
		p := c.products[pid]
		ok, why := p.CanBeCrossSell()
		out = append(out, CrossSellChoice{Product: p, Eligible: ok, Reason: why})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Eligible && !out[j].Eligible })
	return out
}

// CrossSellChoice is one line of the manager's cross-sell picker.
type CrossSellChoice struct {
	Product  *Product
	Eligible bool
	Reason   string
}
