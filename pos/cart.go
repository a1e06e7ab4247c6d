package pos

import (
	"time"
)

// CartMode is payment (one-off sale) or subscription.
type CartMode string

const (
	PaymentMode      CartMode = "payment"
	SubscriptionMode CartMode = "subscription"
)

// CartStatus tracks a cart's life.
type CartStatus string

const (
	CartOpen      CartStatus = "open"
	CartParked    CartStatus = "parked"
	CartCompleted CartStatus = "completed"
)

// Location is the shop a till belongs to.
type Location struct {
	ID       string
	Name     string
	Currency Currency
	Pro      bool // combining discounts needs a Pro location
	TaxRate  Rate // e.g. 8.25 % as Rate{33, 400}
	// DefaultTaxBehavior applies to prices whose behavior is unspecified;
	// "" means none set (exclusive is used).
	DefaultTaxBehavior TaxBehavior
	AutomaticTax       bool
	ReceiptHeader      string
	ReceiptFooter      string
}

// Validate checks a location set-up.
func (l *Location) Validate() error {
	if !l.Currency.Known() {
		return Errorf(EInvalid, "the location's currency %q is unknown", clip(string(l.Currency)))
	}
	switch l.DefaultTaxBehavior {
	case "", TaxInclusive, TaxExclusive:
	case TaxUnspecified:
		l.DefaultTaxBehavior = ""
	default:
		return Errorf(EInvalid, "the default tax behavior must be inclusive, exclusive or none")
	}
	if l.TaxRate.Cmp(Rate{1, 1}) > 0 {
		return Errorf(EInvalid, "a tax rate above 100%% is refused")
	}
	return nil
}

// TaxBehaviorOf resolves a price's behavior against the location's default.
func (l *Location) TaxBehaviorOf(b TaxBehavior) TaxBehavior {
	if b == TaxInclusive || b == TaxExclusive {
		return b
	}
	if l.DefaultTaxBehavior == TaxInclusive {
		return TaxInclusive
	}
	return TaxExclusive
}

// CustomDiscount is a discount a cashier typed on a line or on the cart.
type CustomDiscount struct {
	Type    ValueType
	Percent Rate  `json:",omitempty"`
	Amount  Money `json:",omitempty"`
	Reason  string
}

// Validate checks a custom discount's value in the cart's currency.
func (c CustomDiscount) Validate(cur Currency) error {
	if c.Type == FixedAmount && c.Amount.Currency() != cur {
		return Errorf(EInvalid, "the amount must be in %s", cur)
	}
	return Value{Type: c.Type, Percent: c.Percent, Amount: c.Amount}.Validate()
}

// Describe is "10%" or "5.00" for receipts and the cart.
func (c CustomDiscount) Describe() string {
	if c.Type == Percentage {
		return c.Percent.Percent().String() + "%"
	}
	return c.Amount.String()
}

// Line is one row of the cart. Its unit price is taken when it is added.
type Line struct {
	ID        int64 // unique in the cart, stable across removals
	ProductID string
	PriceID   string
	Title     string
	UnitPrice Money
	Quantity  int
	CrossSell bool
	Custom    *CustomDiscount `json:",omitempty"`
	// Sale marks a custom sale: no catalog product (ProductID ""), its
	// title and amount typed by the cashier. It takes no product discount.
	Sale bool `json:",omitempty"`
	// Exempt: a custom sale that bears no tax (else the location's default
	// tax behavior applies).
	Exempt bool `json:",omitempty"`
}

// Cart is a sale in progress. Its fields are exported so stores can persist
// it; change it only through the Till.
type Cart struct {
	ID            string
	Currency      Currency
	Mode          CartMode
	Interval      Interval `json:",omitempty"`
	IntervalCount int      `json:",omitempty"`
	Upgrade       bool     `json:",omitempty"`
	Lines         []Line
	NextLineID    int64
	Codes         []string // normalized codes, in the order entered
	CartDiscounts []CustomDiscount
	Shipping      Money
	// CrossSells is the product → cross-sell set-up as it was when the cart
	// started; later changes by a manager reach only later carts.
	CrossSells map[string]string
	Test       bool
	Status     CartStatus
	StartedAt  time.Time
	UpdatedAt  time.Time
	Label      string `json:",omitempty"` // a parked cart's name
	// Dismissed are the cross-sells the cashier dismissed on this cart
	// (product ids): they are not offered again on it.
	Dismissed []string `json:",omitempty"`
	// StaffID is who last changed the cart (who parked it, when parked).
	StaffID string `json:",omitempty"`
	// Approval is the custom discount level a manager approved on this
	// cart: later changes within it need no new approval.
	Approval *CustomApproval `json:",omitempty"`
	// Note is the cashier's note on the order (printed on the receipt).
	Note string `json:",omitempty"`
}

// CustomApproval is a manager's approval of custom discounts on a cart: up
// to Amount off a subtotal (before custom discounts) of Base, and the same
// share of any other subtotal.
type CustomApproval struct {
	By     string // the approving manager's id
	Amount Money
	Base   Money
}

// Covers reports whether amount off base is within the approval: at most
// the amount approved, and at most the share approved.
func (a *CustomApproval) Covers(amount, base Money) bool {
	if a == nil {
		return amount.Minor() <= 0
	}
	if amount.Currency() != a.Amount.Currency() || amount.Cmp(a.Amount) > 0 {
		return false
	}
	// amount/base ≤ a.Amount/a.Base
	if a.Base.Minor() <= 0 {
		return amount.Minor() <= 0 || base.Minor() <= 0
	}
	return withinRate(amount.Minor(), base.Minor(), Rate{a.Amount.Minor(), a.Base.Minor()})
}

// Units is the number of units in the cart.
func (c *Cart) Units() int {
	n := 0
	for _, l := range c.Lines {
		n += l.Quantity
	}
	return n
}

// HasProduct reports whether the product is on any line.
func (c *Cart) HasProduct(id string) bool {
	for _, l := range c.Lines {
		if l.ProductID == id {
			return true
		}
	}
	return false
}

// Clone returns a deep copy.
func (c *Cart) Clone() *Cart {
	n := *c
	n.Lines = make([]Line, len(c.Lines))
	for i, l := range c.Lines {
		if l.Custom != nil {
			cd := *l.Custom
			l.Custom = &cd
		}
		n.Lines[i] = l
	}
	n.Codes = append([]string(nil), c.Codes...)
	n.Dismissed = append([]string(nil), c.Dismissed...)
	n.CartDiscounts = append([]CustomDiscount(nil), c.CartDiscounts...)
	if c.Approval != nil {
		a := *c.Approval
		n.Approval = &a
	}
	n.CrossSells = make(map[string]string, len(c.CrossSells))
	for k, v := range c.CrossSells {
		n.CrossSells[k] = v
	}
	return &n
}

// line returns the line at position pos (from 1).
func (c *Cart) line(pos int) (*Line, error) {
	if pos < 1 || pos > len(c.Lines) {
		return nil, Errorf(ENotFound, "there is no line %d in the cart", pos)
	}
	return &c.Lines[pos-1], nil
}
