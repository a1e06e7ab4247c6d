package pos

import (
	"context"
	"time"
)

// EventReturnCompleted is the event a recorded return appends to the stream.
const EventReturnCompleted = "return.completed"

// ReturnRequest is what the cashier asks to give back: units of lines of one
// order, optionally its shipping, to the original tenders or all in cash.
type ReturnRequest struct {
	Lines    []ReturnLineRequest
	Shipping bool   // give the order's shipping (after its discount) back too
	AllCash  bool   // refund everything in cash instead of to the original tenders
	Reason   string // why the customer brought it back
}

// ReturnLineRequest is a quantity of one order line (Pos from 1).
type ReturnLineRequest struct {
	Pos      int
	Quantity int
	Restock  bool // the units go back on the shelf
}

// Return is a recorded refund of some units (and maybe the shipping) of an
// order. Its amounts come from the order's stored shares, never from
// today's discount rules.
type Return struct {
	ID          string
	Number      int64 // per location; test returns have a series of their own
	Test        bool  // a return of a test order is a test return
	OrderID     string
	OrderNumber int64
	LocationID  string
	TillID      string
	ShiftID     string
	CreatedAt   time.Time
	Currency    Currency
	Lines       []ReturnLine
	Gross       Money // unit price × quantity of the units returned
	Discounts   Money // what the discounts had taken off those units
	Tax         Money // their tax, inside and on top of prices
	Shipping    Money // shipping given back
	Total       Money // what the customer gets back
	Units       int
	// Tenders are where the money goes back. The store decides them again
	// inside the transaction that records the return (RefundTenders against
	// the order's returns recorded by then), so two tills never refund more
	// to a tender than it paid.
	Tenders   []Tender
	Reason    string
	StaffID   string `json:",omitempty"` // who gave the refund
	StaffName string `json:",omitempty"` // their name, for receipts
}

// ReturnLine is the units of one order line that came back.
type ReturnLine struct {
	Pos          int
	ProductID    string
	Title        string
	Quantity     int
	UnitPrice    Money
	Gross        Money // UnitPrice × Quantity
	Discounts    []ReturnDiscount
	Tax          Money // the tax of these units (inside or on top)
	ExclusiveTax Money // the part of Tax that was added on top of the price
	Refund       Money // what these units give back
	Restock      bool
}

// ReturnDiscount is one discount's money that came back with returned units:
// kind "line" (a product or custom line discount) or "order" (the line's
// share of an order or custom cart discount).
type ReturnDiscount struct {
	DiscountID string
	Title      string
	Kind       string
	Amount     Money
}

// DiscountTotal is all the discount money on the returned units of the line.
func (l *ReturnLine) DiscountTotal() Money {
	t := Zero(l.Refund.Currency())
	for _, d := range l.Discounts {
		t = t.Add(d.Amount)
	}
	return t
}

// NumberLabel is how the return number is shown: "R-12", or "TEST-R-3".
func (r *Return) NumberLabel() string {
	if r.Test {
		return "TEST-R-" + itoa(r.Number)
	}
	return "R-" + itoa(r.Number)
}

// unitsPrefix is what the first r of q units take of an amount x spread over
// them with the largest-remainder method (equal weights, ties to the earlier
// unit): every unit gets x/q and the first x%q units one minor unit more.
// unitsPrefix(x, q, q) == x, and it never decreases as r grows, so the units
// given back over several returns add up exactly to x.
func unitsPrefix(x int64, r, q int) int64 {
	if q <= 0 || r <= 0 {
		return 0
	}
	if r >= q {
		return x
	}
	neg := x < 0
	if neg {
		x = -x
	}
	per, rem := x/int64(q), x%int64(q)
	p := per * int64(r)
	if int64(r) < rem {
		p += int64(r)
	} else {
		p += rem
	}
	if neg {
		return -p
	}
	return p
}

// unitsSlice is what the units after the first `before` and up to
// before+n take of x: the sum of their largest-remainder parts.
func unitsSlice(x int64, before, n, q int) int64 {
	return unitsPrefix(x, before+n, q) - unitsPrefix(x, before, q)
}

// dealtTo counts the first x remainders dealt round q units (the p-th to
// unit p mod q) that land on units before..before+n-1.
func dealtTo(x int64, before, n, q int) int64 {
	full, rest := x/int64(q), x%int64(q)
	return full*int64(n) + min(max(rest-int64(before), 0), int64(n))
}

// LinePaid is what the customer paid for a whole order line: its net after
// every discount (its share of the order-level ones included), plus its tax
// when that was added on top of the price.
func LinePaid(l *QuoteLine) int64 {
	p := l.Net.Minor()
	if l.TaxBehavior == TaxExclusive {
		p += l.Tax.Minor()
	}
	return p
}

// Returned counts the units of each order line (by position) that previous
// returns gave back, and whether the shipping was given back.
func Returned(previous []Return) (map[int]int, bool) {
	units := map[int]int{}
	shipping := false
	for i := range previous {
		for _, l := range previous[i].Lines {
			units[l.Pos] += l.Quantity
		}
		if !previous[i].Shipping.IsZero() {
			shipping = true
		}
	}
	return units, shipping
}

// Refund works out a return of order: each returned unit gives back what the
// customer paid for it, from the shares stored with the order (see
// docs/rules.md "Returns"). previous are the order's earlier returns. It
// fills the amounts, lines and refund tenders; the caller sets the id,
// number, till, time and shift. It never gives back more than the order
// took, and returning every unit (and the shipping) over any number of
// returns gives back exactly the order's total.
func Refund(o *Order, previous []Return, req ReturnRequest) (Return, error) {
	q := &o.Quote
	cur := o.Currency
	m := func(minor int64) Money { return NewMoney(minor, cur) }
	r := Return{
		Test: o.Test, OrderID: o.ID, OrderNumber: o.Number, LocationID: o.LocationID,
		Currency: cur, Reason: req.Reason,
	}
	done, shipDone := Returned(previous)
	seen := map[int]bool{}
	var gross, disc, tax, total int64
	for _, lr := range req.Lines {
		if lr.Quantity == 0 {
			continue
		}
		ql, ok := q.Line(lr.Pos)
		if !ok {
			return Return{}, Errorf(ENotFound, "Order %s has no line %d.", o.NumberLabel(), lr.Pos)
		}
		if seen[lr.Pos] {
			return Return{}, Errorf(EInvalid, "Line %d is asked for twice.", lr.Pos)
		}
		seen[lr.Pos] = true
		if lr.Quantity < 0 {
			return Return{}, Errorf(EInvalid, "A quantity to return must be more than zero.")
		}
		before := done[lr.Pos]
		if left := ql.Quantity - before; lr.Quantity > left {
			return Return{}, Errorf(ENotAllowed, "Only %d of %s can still be returned.", left, ql.Title)
		}
		n, qty := lr.Quantity, ql.Quantity
		rl := ReturnLine{
			Pos: ql.Pos, ProductID: ql.ProductID, Title: ql.Title, Quantity: n, UnitPrice: ql.UnitPrice,
			Gross:   m(ql.UnitPrice.Minor() * int64(n)),
			Tax:     m(unitsSlice(ql.Tax.Minor(), before, n, qty)),
			Restock: lr.Restock,
		}
		rl.ExclusiveTax = m(0)
		if ql.TaxBehavior == TaxExclusive {
			rl.ExclusiveTax = rl.Tax
		}
		// Each discount gives every unit its amount / quantity; the minor
		// units left over (the remainders) are dealt round the units one
		// after another, discount after discount. Each unit then carries
		// the line's discount total split by largest remainder (never more
		// than its price), and each discount at most one minor unit per
		// unit away from its proportional part.
		var taken, dealt int64
		give := func(id, title, kind string, amount int64) {
			per, rem := amount/int64(qty), amount%int64(qty)
			a := per*int64(n) + dealtTo(dealt+rem, before, n, qty) - dealtTo(dealt, before, n, qty)
			dealt += rem
			if a != 0 {
				rl.Discounts = append(rl.Discounts, ReturnDiscount{DiscountID: id, Title: title, Kind: kind, Amount: m(a)})
				taken += a
			}
		}
		for _, d := range ql.Discounts {
			give(d.DiscountID, d.Title, "line", d.Amount.Minor())
		}
		var stored int64
		for _, d := range ql.Discounts {
			stored += d.Amount.Minor()
		}
		for _, od := range q.OrderDiscounts {
			if lr.Pos-1 < len(od.Shares) {
				give(od.DiscountID, od.Title, "order", od.Shares[lr.Pos-1].Minor())
				stored += od.Shares[lr.Pos-1].Minor()
			}
		}
		// An order stored without per-line shares of its order-level
		// discounts still has the line's total share (Subtotal − Net).
		switch rest := ql.Subtotal.Minor() - ql.Net.Minor() - stored; {
		case rest > 0:
			give("order", "Order discounts", "order", rest)
		case rest < 0:
			return Return{}, Errorf(EInternal, "Line %d of order %s does not add up: it cannot be refunded.", ql.Pos, o.NumberLabel())
		}
		rl.Refund = m(rl.Gross.Minor() - taken + rl.ExclusiveTax.Minor())
		gross += rl.Gross.Minor()
		disc += rl.DiscountTotal().Minor()
		tax += rl.Tax.Minor()
		total += rl.Refund.Minor()
		r.Units += n
		r.Lines = append(r.Lines, rl)
	}
	r.Shipping = m(0)
	if req.Shipping {
		ship := q.Shipping.Minor() - q.ShippingDiscount.Minor()
		switch {
		case shipDone:
			return Return{}, Errorf(EConflict, "The shipping of order %s was already refunded.", o.NumberLabel())
		case ship <= 0:
			return Return{}, Errorf(ENotAllowed, "Order %s has no shipping to refund.", o.NumberLabel())
		}
		r.Shipping = m(ship)
		total += ship
	}
	if len(r.Lines) == 0 && r.Shipping.IsZero() {
		return Return{}, Errorf(EInvalid, "Choose at least one unit to return.")
	}
	var already int64
	for i := range previous {
		already += previous[i].Total.Minor()
	}
	if already+total > q.Total.Minor() {
		// Cannot happen by construction; refuse rather than overpay.
		return Return{}, Errorf(EInternal, "This return would give back more than order %s took.", o.NumberLabel())
	}
	r.Gross, r.Discounts, r.Tax, r.Total = m(gross), m(disc), m(tax), m(total)
	r.Tenders = RefundTenders(o, previous, total, req.AllCash)
	return r, nil
}

// RefundTenders gives total (minor units) back card first (up to what card
// paid less what the previous returns gave back to card), then other, then
// cash; all in cash when allCash. A store calls it inside the transaction
// that records the return, with the previous returns read in it, and with
// AllCash(r.Tenders) for allCash.
func RefundTenders(o *Order, previous []Return, total int64, allCash bool) []Tender {
	cur := o.Currency
	if total == 0 {
		return nil
	}
	if allCash {
		return []Tender{{Method: Cash, Amount: NewMoney(total, cur)}}
	}
	paid := map[TenderMethod]int64{}
	for _, t := range o.Tenders {
		paid[t.Method] += t.Amount.Minor()
	}
	for i := range previous {
		for _, t := range previous[i].Tenders {
			paid[t.Method] -= t.Amount.Minor()
		}
	}
	var out []Tender
	left := total
	for _, method := range []TenderMethod{Card, Other} {
		if a := min(left, paid[method]); a > 0 {
			out = append(out, Tender{Method: method, Amount: NewMoney(a, cur)})
			left -= a
		}
	}
	if left > 0 {
		out = append(out, Tender{Method: Cash, Amount: NewMoney(left, cur)})
	}
	return out
}

// AllCash reports whether refund tenders worked out earlier are all cash:
// the cashier chose cash, or nothing else was left to refund to (and with
// more refunded since, nothing else is left still). Either way, deciding
// again all in cash gives the same.
func AllCash(tenders []Tender) bool {
	for _, t := range tenders {
		if t.Method != Cash {
			return false
		}
	}
	return true
}

// PreviewReturn works out a return of the order without recording it.
func (t *Till) PreviewReturn(ctx context.Context, orderID string, req ReturnRequest) (Return, error) {
	o, err := t.store.Order(ctx, orderID)
	if err != nil {
		return Return{}, err
	}
	prev, err := t.store.Returns(ctx, orderID)
	if err != nil {
		return Return{}, Errorf(EInternal, "reading the order's returns: %w", err)
	}
	return Refund(o, prev, req)
}

// Return records a return of the order, as Refund works it out, by the
// member of staff signed in. A refund above the approval limit's Refund
// (or when the limit cannot be read) needs a manager (PermRefundAboveLimit,
// or a manager's approval, audited with the return). While the till
// requires a shift, a return needs an open shift too (its cash comes out of
// the drawer).
func (t *Till) Return(ctx context.Context, orderID string, req ReturnRequest) (*Return, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, err := t.need(PermSell, "Returns need a member of staff signed in.")
	if err != nil {
		return nil, err
	}
	r, err := t.PreviewReturn(ctx, orderID, req)
	if err != nil {
		return nil, err
	}
	var entries []AuditEntry
	if !r.Test { // a test return gives no money back
		lim, lerr := t.store.ApprovalLimit(ctx)
		if lerr != nil || !lim.AllowsRefund(r.Total) {
			var (
				rg  grant
				err error
			)
			if lerr != nil { // fail closed
				rg, err = t.need(PermRefundAboveLimit, "The refund limit could not be read (%s): a manager must approve a refund of %s.", ErrorMessage(lerr), r.Total)
			} else {
				rg, err = t.need(PermRefundAboveLimit, "A refund of %s is above the limit: a manager must approve it.", r.Total)
			}
			if err != nil {
				return nil, err
			}
			g = rg
			e, err := t.approvalEntry(g, PermRefundAboveLimit, orderID, map[string]any{"amount": r.Total})
			if err != nil {
				return nil, err
			}
			entries = append(entries, e)
		}
	}
	shiftID, err := t.shiftForMoney(ctx)
	if err != nil && !r.Test { // a test return gives no money back: no shift needed
		return nil, err
	}
	now := t.now()
	r.ID, r.TillID, r.CreatedAt, r.ShiftID = NewID(now), t.tillID, now, shiftID
	r.StaffID, r.StaffName = g.who.ID, g.who.Name
	if err := t.store.CompleteReturn(ctx, &r, entries...); err != nil {
		if ErrorCode(err) != EInternal {
			return nil, err
		}
		return nil, Errorf(EInternal, "The return was not recorded: %w", err)
	}
	t.used(g)
	return &r, nil
}

// Returns lists the order's returns so far, oldest first.
func (t *Till) Returns(ctx context.Context, orderID string) ([]Return, error) {
	rs, err := t.store.Returns(ctx, orderID)
	if err != nil {
		return nil, Errorf(EInternal, "reading the order's returns: %w", err)
	}
	return rs, nil
}

// ReturnableUnits is what can still be returned of each line of the order
// (by position, from 1): its quantity less what earlier returns gave back.
func (t *Till) ReturnableUnits(ctx context.Context, orderID string) (map[int]int, error) {
	o, err := t.store.Order(ctx, orderID)
	if err != nil {
		return nil, err
	}
	prev, err := t.Returns(ctx, orderID)
	if err != nil {
		return nil, err
	}
	done, _ := Returned(prev)
	left := map[int]int{}
	for _, l := range o.Quote.Lines {
		left[l.Pos] = l.Quantity - done[l.Pos]
	}
	return left, nil
}
