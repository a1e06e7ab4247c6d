package pos

import (
	"context"
	"sort"
	"strings"
	"time"
)

// Shift is one cash drawer session of a till: opened with a counted float,
// cash put in or taken out with a reason, closed with a count.
type Shift struct {
	ID         string
	TillID     string
	LocationID string
	Currency   Currency
	OpenedAt   time.Time
	Float      Money
	Moves      []CashMove
	ClosedAt   time.Time // zero while open
	Counted    Money     // the count at close
	Expected   Money     // the cash the drawer should hold at close
	OpenedBy   string    // staff id
	OpenedName string
	ClosedBy   string // staff id; "" while open
	ClosedName string
}

// Open tells whether the shift is still open.
func (s *Shift) Open() bool { return s.ClosedAt.IsZero() }

// CashMove is cash put in (Amount > 0) or taken out (Amount < 0) of the drawer.
type CashMove struct {
	At     time.Time
	Amount Money
	Reason string
}

// ShiftStore is what shifts need from storage, beside Store. storage.DB
// implements it; MemStore too.
type ShiftStore interface {
	// OpenShift records a new open shift; it refuses (EConflict) a second
	// open shift on the same till.
	OpenShift(ctx context.Context, s *Shift) error
	// CurrentShift returns the till's open shift, or nil.
	CurrentShift(ctx context.Context, tillID string) (*Shift, error)
	// AddCashMove records cash in or out of an open shift.
	AddCashMove(ctx context.Context, shiftID string, m CashMove) error
	// CloseShift records the close (time, count, expected cash).
	CloseShift(ctx context.Context, s *Shift) error
	// ShiftActivity returns the live orders of the shift's till from its
	// opening to its close (now while open) and the returns made in it.
	ShiftActivity(ctx context.Context, s *Shift) ([]*Order, []Return, error)
}

func (t *Till) shiftStore() (ShiftStore, error) {
	ss, ok := t.store.(ShiftStore)
	if !ok {
		return nil, Errorf(EInternal, "This till's store cannot record shifts.")
	}
	return ss, nil
}

// RequiresShift tells whether sales and returns need an open shift.
func (t *Till) RequiresShift() bool { return t.requireShift }

// shiftForMoney returns the id of the open shift a sale or return is taken
// in: "" when the till does not require shifts and has none, a refusal when
// it requires one and none is open.
func (t *Till) shiftForMoney(ctx context.Context) (string, error) {
	ss, ok := t.store.(ShiftStore)
	if !ok {
		if t.requireShift {
			return "", Errorf(EInternal, "This till's store cannot record shifts.")
		}
		return "", nil
	}
	s, err := ss.CurrentShift(ctx, t.tillID)
	if err != nil {
		return "", Errorf(EInternal, "reading the shift: %v", err)
	}
	if s == nil {
		if t.requireShift {
			return "", Errorf(ENotAllowed, "No shift is open: open a shift with the float counted before selling.")
		}
		return "", nil
	}
	return s.ID, nil
}

// CurrentShift returns the till's open shift, or nil.
func (t *Till) CurrentShift(ctx context.Context) (*Shift, error) {
	ss, err := t.shiftStore()
	if err != nil {
		return nil, err
	}
	return ss.CurrentShift(ctx, t.tillID)
}

// OpenShift opens a shift with the float counted in the drawer.
func (t *Till) OpenShift(ctx context.Context, float Money) (*Shift, error) {
	ss, err := t.shiftStore()
	if err != nil {
		return nil, err
	}
	if float.IsNegative() || float.Currency() != t.loc.Currency {
		return nil, Errorf(EInvalid, "The float must be an amount in %s, zero or more.", t.loc.Currency)
	}
	if cur, err := ss.CurrentShift(ctx, t.tillID); err != nil {
		return nil, Errorf(EInternal, "reading the shift: %v", err)
	} else if cur != nil {
		return nil, Errorf(EConflict, "A shift is already open on this till: close it first.")
	}
	now := t.now()
	s := &Shift{ID: NewID(now), TillID: t.tillID, LocationID: t.loc.ID, Currency: t.loc.Currency, OpenedAt: now, Float: float}
	if err := ss.OpenShift(ctx, s); err != nil {
		return nil, err
	}
	return s, nil
}

// CashMove puts cash in (amount > 0) or takes it out (amount < 0) of the
// drawer of the open shift; a reason is required.
func (t *Till) CashMove(ctx context.Context, amount Money, reason string) error {
	ss, err := t.shiftStore()
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case amount.IsZero() || amount.Currency() != t.loc.Currency:
		return Errorf(EInvalid, "Cash in or out must be an amount in %s other than zero.", t.loc.Currency)
	case reason == "":
		return Errorf(EInvalid, "Say why cash goes in or out of the drawer.")
	}
	s, err := ss.CurrentShift(ctx, t.tillID)
	if err != nil {
		return Errorf(EInternal, "reading the shift: %v", err)
	}
	if s == nil {
		return Errorf(ENotAllowed, "No shift is open: open a shift with the float counted before selling.")
	}
	return ss.AddCashMove(ctx, s.ID, CashMove{At: t.now(), Amount: amount, Reason: reason})
}

// CloseShift closes the open shift with the cash counted in the drawer and
// returns its Z report.
func (t *Till) CloseShift(ctx context.Context, counted Money) (*ZReport, error) {
	ss, err := t.shiftStore()
	if err != nil {
		return nil, err
	}
	if counted.IsNegative() || counted.Currency() != t.loc.Currency {
		return nil, Errorf(EInvalid, "The count must be an amount in %s, zero or more.", t.loc.Currency)
	}
	s, err := ss.CurrentShift(ctx, t.tillID)
	if err != nil {
		return nil, Errorf(EInternal, "reading the shift: %v", err)
	}
	if s == nil {
		return nil, Errorf(ENotAllowed, "No shift is open: open a shift with the float counted before selling.")
	}
	s.ClosedAt = t.now()
	orders, returns, err := ss.ShiftActivity(ctx, s)
	if err != nil {
		return nil, Errorf(EInternal, "reading the shift's sales: %v", err)
	}
	s.Counted = counted
	z := MakeZReport(s, orders, returns)
	s.Expected = z.ExpectedCash
	if err := ss.CloseShift(ctx, s); err != nil {
		return nil, err
	}
	return z, nil
}

// ShiftReport is the report of the till's open shift so far (an X report),
// or nil when none is open.
func (t *Till) ShiftReport(ctx context.Context) (*ZReport, error) {
	ss, err := t.shiftStore()
	if err != nil {
		return nil, err
	}
	s, err := ss.CurrentShift(ctx, t.tillID)
	if err != nil || s == nil {
		return nil, err
	}
	orders, returns, err := ss.ShiftActivity(ctx, s)
	if err != nil {
		return nil, err
	}
	return MakeZReport(s, orders, returns), nil
}

// ZReport sums a shift: what was sold and given back, how, and the cash the
// drawer should hold against what was counted. Test orders never count.
type ZReport struct {
	Shift        Shift
	Orders       int
	Units        int
	Sales        Money // what customers paid for their orders (totals)
	Returns      int
	Refunds      Money // what returns gave back
	Discounts    []DiscountSum
	DiscountsNet Money // every discount of the sales less what returns gave back
	Tax          Money // tax of the sales less tax of the returns
	Tenders      []TenderSum
	CashIn       Money // cash put in by cash moves
	CashOut      Money // cash taken out by cash moves (positive)
	CashSales    Money // cash taken for sales, change given back deducted
	CashRefunds  Money
	ExpectedCash Money // float + cash sales − cash refunds + cash in − cash out
	Counted      Money
	Difference   Money // counted − expected (negative: short)
}

// DiscountSum is one discount's money over a period: what it took off
// sales, and what returns gave back of it.
type DiscountSum struct {
	DiscountID string
	Title      string
	Orders     int
	Given      Money
	Returned   Money
}

// Net is what the discount cost once returns are deducted.
func (d DiscountSum) Net() Money { return d.Given.Sub(d.Returned) }

// TenderSum is one payment method's money: taken for sales, given back.
type TenderSum struct {
	Method   TenderMethod
	Taken    Money
	Refunded Money
}

// MakeZReport sums the shift's live orders and returns (test ones are
// skipped) and its cash moves.
func MakeZReport(s *Shift, orders []*Order, returns []Return) *ZReport {
	cur := s.Currency
	m := func(minor int64) Money { return NewMoney(minor, cur) }
	z := &ZReport{Shift: *s, Counted: s.Counted}
	var sales, refunds, tax, cashIn, cashOut, cashSales, cashRefunds, discNet int64
	discs := map[string]*DiscountSum{}
	var discOrder []string
	disc := func(id, title string) *DiscountSum {
		if id == "custom" {
			title = "Custom"
		}
		d, ok := discs[id]
		if !ok {
			d = &DiscountSum{DiscountID: id, Title: title, Given: m(0), Returned: m(0)}
			discs[id] = d
			discOrder = append(discOrder, id)
		}
		return d
	}
	tenders := map[TenderMethod]*[2]int64{}
	tender := func(method TenderMethod) *[2]int64 {
		t, ok := tenders[method]
		if !ok {
			t = &[2]int64{}
			tenders[method] = t
		}
		return t
	}
	for _, o := range orders {
		if o.Test || o.Currency != cur {
			continue
		}
		z.Orders++
		z.Units += o.Quote.Units
		sales += o.Quote.Total.Minor()
		tax += o.Quote.Tax.Minor()
		for _, a := range o.Quote.Applied {
			d := disc(a.DiscountID, a.Title)
			d.Orders++
			d.Given = d.Given.Add(a.Amount)
			discNet += a.Amount.Minor()
		}
		for _, t := range o.Tenders {
			tender(t.Method)[0] += t.Amount.Minor()
			if t.Method == Cash {
				cashSales += t.Amount.Minor()
			}
		}
		// Change comes out of the cash taken.
		tender(Cash)[0] -= o.Change.Minor()
		cashSales -= o.Change.Minor()
	}
	for i := range returns {
		r := &returns[i]
		if r.Test || r.Currency != cur {
			continue
		}
		z.Returns++
		refunds += r.Total.Minor()
		tax -= r.Tax.Minor()
		for _, l := range r.Lines {
			for _, d := range l.Discounts {
				s := disc(d.DiscountID, d.Title)
				s.Returned = s.Returned.Add(d.Amount)
				discNet -= d.Amount.Minor()
			}
		}
		for _, t := range r.Tenders {
			tender(t.Method)[1] += t.Amount.Minor()
			if t.Method == Cash {
				cashRefunds += t.Amount.Minor()
			}
		}
	}
	for _, mv := range s.Moves {
		if mv.Amount.IsNegative() {
			cashOut -= mv.Amount.Minor()
		} else {
			cashIn += mv.Amount.Minor()
		}
	}
	for _, id := range discOrder {
		z.Discounts = append(z.Discounts, *discs[id])
	}
	sort.SliceStable(z.Discounts, func(i, j int) bool { return z.Discounts[i].Net().Cmp(z.Discounts[j].Net()) > 0 })
	for _, method := range []TenderMethod{Cash, Card, Other} {
		if t, ok := tenders[method]; ok && (t[0] != 0 || t[1] != 0) {
			z.Tenders = append(z.Tenders, TenderSum{Method: method, Taken: m(t[0]), Refunded: m(t[1])})
		}
	}
	z.Sales, z.Refunds, z.Tax, z.DiscountsNet = m(sales), m(refunds), m(tax), m(discNet)
	z.CashIn, z.CashOut, z.CashSales, z.CashRefunds = m(cashIn), m(cashOut), m(cashSales), m(cashRefunds)
	z.ExpectedCash = m(s.Float.Minor() + cashSales - cashRefunds + cashIn - cashOut)
	if z.Counted.Currency() == "" {
		z.Counted = m(0)
	}
	z.Difference = z.Counted.Sub(z.ExpectedCash)
	return z
}

// SetRequireShift turns the shift requirement on or off (see
// Options.RequireShift). The window calls it before it shows, while nothing
// else uses the till.
func (t *Till) SetRequireShift(on bool) { t.requireShift = on }
