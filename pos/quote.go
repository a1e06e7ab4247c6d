package pos

// Quote is everything a screen or a receipt shows about a priced cart. It is
// the output of Price and is never edited afterwards.
type Quote struct {
	Currency         Currency
	Lines            []QuoteLine
	Subtotal         Money // sum of Lines[].Amount
	OrderDiscounts   []OrderDiscount
	Shipping         Money
	ShippingDiscount Money
	Tax              Money // all tax, inside inclusive prices and on top of exclusive ones
	ExclusiveTax     Money // the part added to the total
	Total            Money
	Applied          []AppliedDiscount
	NotApplied       []NotApplied
	Codes            []string // entered codes, as the discount spells them
	CrossSellOffers  []Offer
	Units            int
	// SearchComplete is set when the search for the combination of
	// discounts that saves the most went through every candidate: the plan
	// is proven the best. When it is false the search stopped at its limit
	// (maxNodes) and the discounts are the best it found; the till says so.
	// A quote read back with a stored order does not keep it (false).
	SearchComplete bool `json:",omitempty"`
}

// QuoteLine is one priced line.
type QuoteLine struct {
	Pos         int // position in the cart, from 1
	LineID      int64
	ProductID   string
	PriceID     string
	Title       string
	Quantity    int
	UnitPrice   Money
	Subtotal    Money // unit price × quantity
	Discounts   []LineDiscount
	Amount      Money // after the product and custom line discounts
	OrderShare  Money // this line's part of the order and custom cart discounts
	Net         Money // Amount − OrderShare: what the tax is computed on
	Tax         Money
	TaxBehavior TaxBehavior // resolved: inclusive or exclusive (exempt: a custom sale with no tax)
	CrossSell   bool
	Split       bool // the line's units carry different product discounts
}

// LineDiscount is one discount's amount on one line.
type LineDiscount struct {
	DiscountID string // "custom" for a custom line discount
	Title      string
	Source     Source
	Amount     Money
	Units      int    // buy X get Y: how many units it discounted; otherwise the line's quantity
	Reason     string `json:",omitempty"` // custom discounts
}

// OrderDiscount is an order-level discount (order class or custom cart) with
// each line's share of it, split by largest remainder.
type OrderDiscount struct {
	DiscountID string // "custom" for a custom cart discount
	Title      string
	Source     Source
	Amount     Money
	Reason     string  `json:",omitempty"`
	Shares     []Money // per line, same order as Quote.Lines
}

// AppliedDiscount is one discount that applies, with its whole amount.
type AppliedDiscount struct {
	DiscountID string
	Title      string
	Class      Class
	Source     Source
	Amount     Money
	Line       int    `json:",omitempty"` // custom line discounts: the line position
	Code       string `json:",omitempty"`
}

// Reason codes for a discount that does not apply.
const (
	ReasonNotCombinable = "not_combinable"
	ReasonRequirement   = "requirement_not_met"
	ReasonNoEligible    = "no_eligible_items"
	ReasonNotActive     = "not_active"
	ReasonNotPro        = "not_pro"
	ReasonLimitReached  = "limit_reached"
)

// NotApplied is an automatic discount or entered code that does not apply, and why.
type NotApplied struct {
	DiscountID string
	Title      string
	Source     Source
	Reason     string
	Why        Sentence // a sentence a cashier can read, as a format and arguments
}

// Detail is the reason in English words.
func (n NotApplied) Detail() string { return n.Why.String() }

// Offer is a cross-sell the till offers for this cart.
type Offer struct {
	ProductID string
	Title     string
	PriceID   string
	Price     Money
	OfferedBy string // the product whose cross-sell it is
}

// Due is what the customer has to pay.
func (q *Quote) Due() Money { return q.Total }

// Line returns the quote line at position pos (from 1).
func (q *Quote) Line(pos int) (*QuoteLine, bool) {
	if pos < 1 || pos > len(q.Lines) {
		return nil, false
	}
	return &q.Lines[pos-1], true
}

// DiscountTotal is all money the discounts take off, shipping included.
func (q *Quote) DiscountTotal() Money {
	t := Zero(q.Currency)
	for _, a := range q.Applied {
		t = t.Add(a.Amount)
	}
	return t
}
