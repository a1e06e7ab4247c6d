package pos

import (
	"strings"
	"time"
)

// Class is what a discount takes money off: lines, the subtotal, or shipping.
type Class string

const (
	ClassProduct  Class = "product"
	ClassOrder    Class = "order"
	ClassShipping Class = "shipping"
)

// Source says how a discount came to the cart.
type Source string

const (
	Automatic Source = "automatic"
	Code      Source = "code"
	Custom    Source = "custom"
)

// ValueType is percentage or fixed_amount.
type ValueType string

const (
	Percentage  ValueType = "percentage"
	FixedAmount ValueType = "fixed_amount"
)

// Value is how much a discount takes.
type Value struct {
	Type    ValueType
	Percent Rate  // percentage: 0 < p ≤ 100 %
	Amount  Money // fixed_amount: > 0
	// OncePerOrder: a fixed product discount taken once and spread over the
	// eligible lines, instead of off each eligible unit.
	OncePerOrder bool
}

// Validate checks a value (0 < percent ≤ 100, amount > 0).
func (v Value) Validate() error {
	switch v.Type {
	case Percentage:
		if v.Percent.IsZero() || v.Percent.Cmp(Rate{1, 1}) > 0 {
			return Errorf(EInvalid, "a percentage must be more than 0 and at most 100")
		}
	case FixedAmount:
		if v.Amount.Minor() <= 0 {
			return Errorf(EInvalid, "a fixed amount must be more than 0")
		}
		if v.Amount.Minor() > MaxMinor {
			return Errorf(EInvalid, "the fixed amount %s is above the largest allowed, %s", v.Amount, NewMoney(MaxMinor, v.Amount.Currency()))
		}
	default:
		return Errorf(EInvalid, "a discount value must be a percentage or a fixed amount")
	}
	return nil
}

// Target says which products a product discount applies to. Both lists
// empty means every product.
type Target struct {
	Products    []string
	Collections []string
}

// All reports a target that matches every product.
func (t Target) All() bool { return len(t.Products) == 0 && len(t.Collections) == 0 }

// Matches reports whether product p is targeted.
func (t Target) Matches(p *Product) bool {
	if p.sale { // a custom sale takes no product discount
		return false
	}
	if t.All() {
		return true
	}
	for _, id := range t.Products {
		if id == p.ID {
			return true
		}
	}
	for _, c := range t.Collections {
		if p.InCollection(c) {
			return true
		}
	}
	return false
}

// BuyRule is the "buy X" half of a buy X get Y discount.
type BuyRule struct {
	Quantity int
	Target
}

// GetRule is the "get Y" half: Quantity units of the targeted products at Percent off.
type GetRule struct {
	Quantity int
	Target
	Percent Rate
}

// Combines says which classes a discount combines with.
type Combines struct {
	Product, Order, Shipping bool
}

// With reports whether the flag for class c is set.
func (c Combines) With(class Class) bool {
	switch class {
	case ClassProduct:
		return c.Product
	case ClassOrder:
		return c.Order
	case ClassShipping:
		return c.Shipping
	}
	return false
}

// Discount is an automatic or code discount a manager set up.
type Discount struct {
	ID     string
	Title  string
	Method Source // Automatic or Code
	Code   string // Code only; matched trimmed and case-insensitive
	Class  Class
	Value  Value // unused by buy X get Y
	Target       // product class: which lines
	Buy    *BuyRule
	Get    *GetRule
	// UsesPerOrder caps how many times buy X get Y applies in one order (default 1).
	UsesPerOrder int
	MinSubtotal  Money // zero: no minimum
	MinQuantity  int   // zero: no minimum
	Combines     Combines
	Enabled      bool
	StartsAt     time.Time // zero: no start
	EndsAt       time.Time // zero: no end
	UsageLimit   int       // total redemptions across all orders; 0: unlimited
}

// IsBuyXGetY reports a buy X get Y discount.
func (d *Discount) IsBuyXGetY() bool { return d.Buy != nil && d.Get != nil }

// Name is how a cashier sees the discount: its title, else its code, else its id.
func (d *Discount) Name() string {
	switch {
	case d.Title != "":
		return d.Title
	case d.Code != "":
		return d.Code
	}
	return d.ID
}

// NormalizeCode trims and upper-cases a code as typed.
func NormalizeCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// Active reports whether the discount is enabled and now is in [StartsAt, EndsAt).
func (d *Discount) Active(now time.Time) bool {
	if !d.Enabled {
		return false
	}
	if !d.StartsAt.IsZero() && now.Before(d.StartsAt) {
		return false
	}
	if !d.EndsAt.IsZero() && !now.Before(d.EndsAt) {
		return false
	}
	return true
}

// Validate checks a discount set-up and says what is wrong in words.
func (d *Discount) Validate() error {
	bad := func(format string, args ...any) error {
		return Errorf(EInvalid, "discount %s: "+format, append([]any{d.ID}, args...)...)
	}
	if strings.TrimSpace(d.ID) == "" {
		return Errorf(EInvalid, "a discount needs an id")
	}
	switch d.Method {
	case Automatic:
		if d.Code != "" {
			return bad("an automatic discount has no code")
		}
	case Code:
		if NormalizeCode(d.Code) == "" {
			return bad("a code discount needs a code")
		}
	default:
		return bad("method must be automatic or code")
	}
	switch d.Class {
	case ClassProduct, ClassOrder, ClassShipping:
	default:
		return bad("class must be product, order or shipping")
	}
	if (d.Buy == nil) != (d.Get == nil) {
		return bad("buy X get Y needs both buy and get")
	}
	if d.IsBuyXGetY() {
		if d.Class != ClassProduct {
			return bad("buy X get Y is a product discount")
		}
		if d.Buy.Quantity < 1 || d.Get.Quantity < 1 {
			return bad("buy and get quantities must be at least 1")
		}
		if d.Buy.Quantity > MaxQuantity || d.Get.Quantity > MaxQuantity {
			return bad("buy and get quantities must be at most %d", MaxQuantity)
		}
		if d.Get.Percent.IsZero() || d.Get.Percent.Cmp(Rate{1, 1}) > 0 {
			return bad("the get percentage must be more than 0 and at most 100")
		}
		if d.UsesPerOrder < 1 {
			return bad("uses per order must be at least 1")
		}
		if d.UsesPerOrder > MaxLines*MaxQuantity {
			return bad("uses per order must be at most %d", MaxLines*MaxQuantity)
		}
	} else {
		if err := d.Value.Validate(); err != nil {
			return bad("%s", ErrorMessage(err))
		}
		if d.Value.OncePerOrder && (d.Class != ClassProduct || d.Value.Type != FixedAmount) {
			return bad("once per order applies to a fixed-amount product discount")
		}
	}
	if d.Class != ClassProduct && !d.Target.All() {
		return bad("only a product discount targets products or collections")
	}
	if d.MinSubtotal.IsNegative() {
		return bad("the minimum subtotal cannot be negative")
	}
	if d.MinSubtotal.Minor() > MaxTotal {
		return bad("the minimum subtotal %s is above the largest cart, %s", d.MinSubtotal, NewMoney(MaxTotal, d.MinSubtotal.Currency()))
	}
	if d.MinQuantity < 0 {
		return bad("the minimum quantity cannot be negative")
	}
	if d.MinQuantity > MaxLines*MaxQuantity {
		return bad("the minimum quantity must be at most %d", MaxLines*MaxQuantity)
	}
	if d.UsageLimit < 0 {
		return bad("the usage limit cannot be negative")
	}
	if !d.StartsAt.IsZero() && !d.EndsAt.IsZero() && !d.EndsAt.After(d.StartsAt) {
		return bad("it must end after it starts")
	}
	return nil
}

// CombinesWith reports whether a and b may apply together: each must allow
// the other's class. It depends only on classes and flags.
func CombinesWith(a, b *Discount) bool {
	return a.Combines.With(b.Class) && b.Combines.With(a.Class)
}

// DiscountSet is the validated set-up of automatic and code discounts, indexed.
type DiscountSet struct {
	all []*Discount
	// Which product discounts (not buy X get Y) target a product: by product
	// id, by collection, or every product. Values index all.
	byProduct    map[string][]int
	byCollection map[string][]int
	forAll       []int
	byCode       map[string]*Discount
	byID         map[string]*Discount
	// LimitReached marks discounts whose usage limit is used up.
	LimitReached map[string]bool
}

// NewDiscountSet validates discounts: ids unique, codes unique case-insensitively.
func NewDiscountSet(list []Discount) (*DiscountSet, error) {
	s := &DiscountSet{byCode: map[string]*Discount{}, byID: map[string]*Discount{}, LimitReached: map[string]bool{}}
	for i := range list {
		d := list[i]
		if err := d.Validate(); err != nil {
			return nil, err
		}
		if _, dup := s.byID[d.ID]; dup {
			return nil, Errorf(EInvalid, "discount %s appears twice", d.ID)
		}
		if d.Method == Code {
			d.Code = NormalizeCode(d.Code)
			if other, dup := s.byCode[d.Code]; dup {
				return nil, Errorf(EInvalid, "discounts %s and %s have the same code %s", other.ID, d.ID, d.Code)
			}
			s.byCode[d.Code] = &d
		}
		s.byID[d.ID] = &d
		s.all = append(s.all, &d)
	}
	s.index()
	return s, nil
}

func (s *DiscountSet) index() {
	s.byProduct, s.byCollection = map[string][]int{}, map[string][]int{}
	for i, d := range s.all {
		if d.Class != ClassProduct || d.IsBuyXGetY() {
			continue
		}
		if d.Target.All() {
			s.forAll = append(s.forAll, i)
			continue
		}
		for _, p := range d.Target.Products {
			s.byProduct[p] = append(s.byProduct[p], i)
		}
		for _, c := range d.Target.Collections {
			s.byCollection[c] = append(s.byCollection[c], i)
		}
	}
}

// eligibleLines returns, for each product discount (not buy X get Y) of the
// set, the lines of products it targets, in line order; nil where none.
func (s *DiscountSet) eligibleLines(products []*Product) [][]int {
	out := make([][]int, len(s.all))
	last := make([]int, len(s.all)) // last line counted + 1, by discount
	visit := func(f func(i, l int)) {
		for l, p := range products {
			if p.sale { // a custom sale takes no product discount
				continue
			}
			for _, i := range s.forAll {
				f(i, l)
			}
			for _, i := range s.byProduct[p.ID] {
				f(i, l)
			}
			for _, c := range p.Collections {
				for _, i := range s.byCollection[c] {
					f(i, l)
				}
			}
		}
	}
	// Count, then fill one backing array; lines come in ascending order, so
	// a line reached twice (by id and by collection) is the last one seen.
	count := make([]int, len(s.all))
	total := 0
	visit(func(i, l int) {
		if last[i] != l+1 {
			last[i] = l + 1
			count[i]++
			total++
		}
	})
	buf := make([]int, total)
	off := 0
	for i, n := range count {
		if n > 0 {
			out[i] = buf[off : off : off+n]
			off += n
		}
		last[i] = 0
	}
	visit(func(i, l int) {
		if last[i] != l+1 {
			last[i] = l + 1
			out[i] = append(out[i], l)
		}
	})
	return out
}

// All returns the discounts in the order they were configured.
func (s *DiscountSet) All() []*Discount { return s.all }

// ByCode finds a code discount by a code as typed.
func (s *DiscountSet) ByCode(code string) (*Discount, bool) {
	d, ok := s.byCode[NormalizeCode(code)]
	return d, ok
}

// ByID finds a discount by id.
func (s *DiscountSet) ByID(id string) (*Discount, bool) {
	d, ok := s.byID[id]
	return d, ok
}

// indexOf returns d's position in All().
func (s *DiscountSet) indexOf(d *Discount) int {
	for i, x := range s.all {
		if x == d {
			return i
		}
	}
	return -1
}
