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
	At      time.Time
	Amount  Money
	Reason  string
	StaffID string
	NoSale  bool // the drawer was opened with no sale (Amount zero)
}

// RequiresShift tells whether sales and returns need an open shift.
func (t *Till) RequiresShift() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.requireShift
}

// NeedsShift tells whether the cart on the till cannot be sold until a
// shift is opened: the till requires shifts (Options.RequireShift), the cart
// is live (test carts take no money) and no shift is open. The window asks
// it before the first item is rung up and offers to open a shift; Pay
// refuses such a sale anyway.
func (t *Till) NeedsShift(ctx context.Context) (bool, error) {
	t.mu.Lock()
	req, test := t.requireShift, t.cart.Test
	t.mu.Unlock()
	if !req || test {
		return false, nil
	}
	s, err := t.store.CurrentShift(ctx, t.tillID)
	if err != nil {
		return false, Errorf(EInternal, "reading the shift: %w", err)
	}
	return s == nil, nil
}

// shiftForMoney returns the id of the open shift a sale or return is taken
// in: "" when the till does not require shifts and has none, a refusal when
// it requires one and none is open.
func (t *Till) shiftForMoney(ctx context.Context) (string, error) {
	s, err := t.store.CurrentShift(ctx, t.tillID)
	if err != nil {
		return "", Errorf(EInternal, "reading the shift: %w", err)
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
	s, err := t.store.CurrentShift(ctx, t.tillID)
	if err != nil {
		return nil, Errorf(EInternal, "reading the shift: %w", err)
	}
	return s, nil
}

// OpenShift opens a shift with the float counted in the drawer; it records
// who opened it and is audited.
func (t *Till) OpenShift(ctx context.Context, float Money) (*Shift, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, err := t.need(PermSell, "Opening a shift needs a member of staff signed in.")
	if err != nil {
		return nil, err
	}
	loc := t.loc
	if float.IsNegative() || float.Currency() != loc.Currency {
		return nil, Errorf(EInvalid, "The float must be an amount in %s, zero or more.", loc.Currency)
	}
	if cur, err := t.store.CurrentShift(ctx, t.tillID); err != nil {
		return nil, Errorf(EInternal, "reading the shift: %w", err)
	} else if cur != nil {
		return nil, Errorf(EConflict, "A shift is already open on this till: close it first.")
	}
	now := t.now()
	s := &Shift{ID: NewID(now), TillID: t.tillID, LocationID: loc.ID, Currency: loc.Currency, OpenedAt: now, Float: float,
		OpenedBy: g.who.ID, OpenedName: g.who.Name}
	e, err := t.entry(g.who, AuditShiftOpen, s.ID, nil, map[string]any{"till": t.tillID, "float": float})
	if err != nil {
		return nil, err
	}
	if err := t.store.OpenShift(ctx, s, e); err != nil {
		return nil, err
	}
	return s, nil
}

// CashMove puts cash in (amount > 0) or takes it out (amount < 0) of the
// drawer of the open shift; a reason is required. Cash out needs a manager
// (PermCashOut, or a manager's approval). Both are audited.
func (t *Till) CashMove(ctx context.Context, amount Money, reason string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	loc := t.loc
	reason = strings.TrimSpace(reason)
	switch {
	case amount.IsZero() || amount.Currency() != loc.Currency:
		return Errorf(EInvalid, "Cash in or out must be an amount in %s other than zero.", loc.Currency)
	case reason == "":
		return Errorf(EInvalid, "Say why cash goes in or out of the drawer.")
	}
	var (
		g   grant
		err error
	)
	if amount.IsNegative() {
		g, err = t.need(PermCashOut, "Taking cash out of the drawer needs a manager's approval.")
	} else {
		g, err = t.need(PermSell, "Cash in needs a member of staff signed in.")
	}
	if err != nil {
		return err
	}
	what := map[string]any{"amount": amount, "reason": reason}
	return t.recordDrawerMove(ctx, g, PermCashOut, AuditCashMove, what, func(s *Shift) CashMove {
		return CashMove{At: t.now(), Amount: amount, Reason: reason, StaffID: g.who.ID}
	})
}

// NoSale records an opening of the drawer with no sale (the front opens
// it once this returns): it needs a manager (PermNoSale, or a manager's
// approval) and an open shift, and is audited.
func (t *Till) NoSale(ctx context.Context, reason string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Errorf(EInvalid, "Say why the drawer opens with no sale.")
	}
	g, err := t.need(PermNoSale, "Opening the drawer with no sale needs a manager's approval.")
	if err != nil {
		return err
	}
	what := map[string]any{"reason": reason}
	return t.recordDrawerMove(ctx, g, PermNoSale, AuditNoSale, what, func(s *Shift) CashMove {
		return CashMove{At: t.now(), Amount: Zero(s.Currency), Reason: reason, StaffID: g.who.ID, NoSale: true}
	})
}

// recordDrawerMove records a cash move (or a no-sale) of the open shift
// with its audit entries in the same transaction: the approval that allowed
// it (perm), if a manager approved, and the move itself (action, what).
func (t *Till) recordDrawerMove(ctx context.Context, g grant, perm Permission, action string, what map[string]any, move func(*Shift) CashMove) error {
	s, err := t.store.CurrentShift(ctx, t.tillID)
	if err != nil {
		return Errorf(EInternal, "reading the shift: %w", err)
	}
	if s == nil {
		return Errorf(ENotAllowed, "No shift is open: open a shift with the float counted before selling.")
	}
	var entries []AuditEntry
	if g.approver != nil {
		e, err := t.approvalEntry(g, perm, s.ID, what)
		if err != nil {
			return err
		}
		entries = append(entries, e)
	}
	e, err := t.entry(g.who, action, s.ID, nil, what)
	if err != nil {
		return err
	}
	entries = append(entries, e)
	if err := t.store.AddCashMove(ctx, s.ID, move(s), entries...); err != nil {
		return Errorf(EInternal, "recording the cash move: %w", err)
	}
	t.used(g)
	return nil
}

// CloseShift closes the open shift with the cash counted in the drawer and
// returns its Z report; it records who closed it and is audited.
func (t *Till) CloseShift(ctx context.Context, counted Money) (*ZReport, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, err := t.need(PermSell, "Closing a shift needs a member of staff signed in.")
	if err != nil {
		return nil, err
	}
	loc := t.loc
	if counted.IsNegative() || counted.Currency() != loc.Currency {
		return nil, Errorf(EInvalid, "The count must be an amount in %s, zero or more.", loc.Currency)
	}
	s, err := t.store.CurrentShift(ctx, t.tillID)
	if err != nil {
		return nil, Errorf(EInternal, "reading the shift: %w", err)
	}
	if s == nil {
		return nil, Errorf(ENotAllowed, "No shift is open: open a shift with the float counted before selling.")
	}
	s.ClosedAt = t.now()
	s.ClosedBy, s.ClosedName = g.who.ID, g.who.Name
	orders, returns, err := t.store.ShiftActivity(ctx, s)
	if err != nil {
		return nil, Errorf(EInternal, "reading the shift's sales: %w", err)
	}
	s.Counted = counted
	z := MakeZReport(s, orders, returns)
	s.Expected = z.ExpectedCash
	e, err := t.entry(g.who, AuditShiftClose, s.ID, nil, map[string]any{"counted": counted, "expected": z.ExpectedCash, "difference": z.Difference})
	if err != nil {
		return nil, err
	}
	if err := t.store.CloseShift(ctx, s, e); err != nil {
		return nil, err
	}
	z.Backup = t.backupAfterClose(ctx) // after the close, which it never undoes
	return z, nil
}

// ShiftReport is the report of the till's open shift so far (an X report),
// or nil when none is open.
func (t *Till) ShiftReport(ctx context.Context) (*ZReport, error) {
	s, err := t.store.CurrentShift(ctx, t.tillID)
	if err != nil {
		return nil, Errorf(EInternal, "reading the shift: %w", err)
	}
	if s == nil {
		return nil, nil
	}
	orders, returns, err := t.store.ShiftActivity(ctx, s)
	if err != nil {
		return nil, Errorf(EInternal, "reading the shift's sales: %w", err)
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
	// Backup is the copy of the database made at the close (pos/safety.go).
	Backup BackupNote `json:"-"`
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
func (t *Till) SetRequireShift(on bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.requireShift = on
}
