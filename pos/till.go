package pos

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Code limits per cart (PRICING.md).
const (
	MaxOrderCodes    = 5 // product and order codes together
	MaxShippingCodes = 1
)

// Options configure a Till.
type Options struct {
	TillID string           // this till's id; part of what makes order ids unique
	Now    func() time.Time // the clock; time.Now when nil
	Test   bool             // test mode: every order is a test order
	// RequireShift refuses sales and returns while no shift is open (the
	// window); the scenario runner and tests leave it off.
	RequireShift bool
	// Mode etc. of the first cart; zero means a payment cart.
	Cart CartOptions
	// Integrity checks the store's file (CheckIntegrity); Backups makes a
	// copy at every shift close. Both optional (pos/safety.go).
	Integrity Integrity
	Backups   ShiftBackup
	// Actor, when set, is a trusted member of staff signed in from the
	// start without a PIN: headless fronts (the scenario runner acts as
	// ScenarioRunner) and tests. The window leaves it nil: staff sign in.
	Actor *Staff
}

// CartOptions describe a new cart.
type CartOptions struct {
	Mode          CartMode
	Interval      Interval
	IntervalCount int
	Upgrade       bool
}

// Till is the one service every front (window, scenario runner) drives. Its
// methods are safe for concurrent use; each change re-prices the cart and
// saves it before it returns.
type Till struct {
	integrity Integrity   // pos/safety.go
	backups   ShiftBackup // pos/safety.go
	damaged   error       // set when CheckIntegrity failed: no more sales
	mu        sync.Mutex
	store     Store
	now       func() time.Time
	tillID    string
	test      bool
	loc       Location
	catalog   *Catalog
	discounts *DiscountSet
	cart      *Cart
	quote     *Quote
	parked    []*Cart
	cartOpts  CartOptions
	// requireShift: see Options.RequireShift.
	requireShift bool
	removed      *removedLine // the last line removed, for UndoRemoveLine
	// who is the member of staff signed in (nil: locked); approval is a
	// manager's one-shot approval armed by Approve; lockGen counts locks
	// (an Office handed out before a lock refuses after it).
	who      *Staff
	trusted  *Staff // Options.Actor: signed in without a PIN, in no staff table
	approval *armed
	lockGen  int
	// usageStale: reading the usage after a sale failed; the next change
	// reads it again first.
	usageStale bool
	// leased: the usage limits are leased from a head office (LimitsLeased,
	// read with the usage): a used-up code is this till's spent lease.
	leased bool
	// setupGen counts reloads; rules pins each live cart to the set-up it
	// started with (pos/cartrules.go).
	setupGen uint64
	rules    map[string]cartRules
}

// NewTill loads the set-up and the carts left open or parked, and returns a
// till on the open cart (or a new one).
func NewTill(ctx context.Context, store Store, opts Options) (*Till, error) {
	t := &Till{store: store, now: opts.Now, tillID: opts.TillID, test: opts.Test, cartOpts: opts.Cart, requireShift: opts.RequireShift,
		integrity: opts.Integrity, backups: opts.Backups}
	if opts.Actor != nil {
		a := *opts.Actor
		a.PINHash = ""
		t.who, t.trusted = &a, &a
	}
	if t.now == nil {
		t.now = time.Now
	}
	if t.tillID == "" {
		t.tillID = "till-1"
	}
	if err := t.Reload(ctx); err != nil {
		return nil, err
	}
	carts, err := store.LoadCarts(ctx)
	if err != nil {
		return nil, Errorf(EInternal, "loading carts: %w", err)
	}
	for _, c := range carts {
		switch {
		case c.Status == CartParked:
			t.parked = append(t.parked, c)
		case c.Status == CartOpen && t.cart == nil && c.Test != t.test && len(c.Lines) > 0:
			// Left open in the other mode (the till restarted with or
			// without --test): parked, it resumes only in its own mode,
			// so a test cart never takes a live sale nor the reverse.
			c.Status = CartParked
			if err := store.SaveCart(ctx, c); err != nil {
				return nil, Errorf(EInternal, "parking the cart: %w", err)
			}
			t.parked = append(t.parked, c)
		case c.Status == CartOpen && t.cart == nil && c.Test != t.test:
			if err := store.DeleteCart(ctx, c.ID); err != nil {
				return nil, Errorf(EInternal, "dropping the empty cart: %w", err)
			}
		case c.Status == CartOpen && t.cart == nil:
			t.cart = c
		}
	}
	if t.cart == nil {
		if err := t.startCart(ctx, t.cartOpts); err != nil {
			return nil, err
		}
	}
	t.quote = t.price(t.cart)
	return t, nil
}

// Reload reads the location, catalog, discounts and usage from the store.
func (t *Till) Reload(ctx context.Context) error {
	setup, err := t.store.LoadSetup(ctx)
	if err != nil {
		return Errorf(EInternal, "loading the set-up: %w", err)
	}
	if err := setup.Location.Validate(); err != nil {
		return err
	}
	cat, err := NewCatalog(setup.Products)
	if err != nil {
		return err
	}
	ds, err := NewDiscountSet(setup.Discounts)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	// The carts open or parked keep the rules they started with.
	t.pinCarts()
	t.setupGen++
	t.loc, t.catalog, t.discounts = setup.Location, cat, ds
	if err := t.refreshUsage(ctx); err != nil {
		return err
	}
	t.usageStale = false
	if t.cart != nil {
		t.quote = t.price(t.cart)
	}
	return nil
}

// refreshUsage marks the discounts whose usage limit is used up. It builds
// a new DiscountSet: the one Discounts() handed out is never changed.
// t.mu is held.
func (t *Till) refreshUsage(ctx context.Context) error {
	usage, err := t.store.DiscountUsage(ctx)
	if err != nil {
		return Errorf(EInternal, "reading discount usage: %w", err)
	}
	leased, err := t.store.LimitsLeased(ctx)
	if err != nil {
		return Errorf(EInternal, "reading whether the usage limits are leased: %w", err)
	}
	t.leased = leased
	reached := map[string]bool{}
	for _, d := range t.discounts.All() {
		if d.UsageLimit > 0 && usage[d.ID] >= d.UsageLimit {
			reached[d.ID] = true
		}
	}
	ds := *t.discounts
	ds.LimitReached = reached
	t.discounts = &ds
	return nil
}

// price prices c with the rules it started with (rulesFor). t.mu is held.
func (t *Till) price(c *Cart) *Quote {
	loc, ds := t.rulesFor(c)
	return PriceCart(c, t.catalog, ds, loc, t.now())
}

// Location, Catalog and Discounts return the till's current set-up (read-only).
func (t *Till) Location() Location {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.loc
}

func (t *Till) Catalog() *Catalog {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.catalog
}

func (t *Till) Discounts() *DiscountSet {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.discounts
}

// Cart returns a copy of the current cart.
func (t *Till) Cart() *Cart {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cart.Clone()
}

// Quote returns the current cart's pricing.
func (t *Till) Quote() *Quote {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.quote
}

// Preview prices a cart that is not the till's (a parked cart, a cart a
// manager builds to try discounts) with the till's set-up, changing nothing.
func (t *Till) Preview(c *Cart) *Quote {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.price(c)
}

// TestMode reports whether new orders are test orders.
func (t *Till) TestMode() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.test
}

// SetTestMode switches test mode on or off. It needs a manager
// (PermTestMode, or a manager's approval) and is audited. An open cart with
// lines is parked first (its mode stays its own: it resumes only in that
// mode); the till then starts an empty cart in the new mode. Refused, it
// changes nothing.
func (t *Till) SetTestMode(ctx context.Context, on bool) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.test == on {
		return nil
	}
	g, err := t.need(PermTestMode, "Switching test mode needs a manager's approval.")
	if err != nil {
		return err
	}
	var entries []AuditEntry
	if g.approver != nil {
		e, err := t.approvalEntry(g, PermTestMode, t.tillID, map[string]any{"test_mode": on})
		if err != nil {
			return err
		}
		entries = append(entries, e)
	}
	e, err := t.entry(g.approvedBy(), AuditTestMode, t.tillID, map[string]any{"test_mode": t.test}, map[string]any{"test_mode": on, "by": g.who.ID})
	if err != nil {
		return err
	}
	entries = append(entries, e)
	old := t.cart
	var park *Cart
	if old.Status != CartCompleted && len(old.Lines) > 0 {
		park = old.Clone()
		park.Status, park.UpdatedAt, park.StaffID = CartParked, t.now(), g.who.ID
		if park.Label == "" {
			park.Label = "Parked for test mode"
		}
		if err := t.store.SaveCart(ctx, park); err != nil {
			return Errorf(EInternal, "parking the cart: %w", err)
		}
	}
	// The new cart and the audit entries are written together.
	t.test = on
	c, err := t.newCart(t.cartOpts)
	if err != nil {
		t.test = !on
		return err
	}
	c.StaffID = g.who.ID
	if err := t.store.SaveCart(ctx, c, entries...); err != nil {
		t.test = !on
		if park != nil { // put the cart back as it was
			if err2 := t.store.SaveCart(ctx, old); err2 != nil {
				return Errorf(EInternal, "switching test mode: %w (and the cart could not be put back: %w)", err, err2)
			}
		}
		return Errorf(EInternal, "switching test mode: %w", err)
	}
	if park != nil {
		t.parked = append(t.parked, park)
	} else if old.Status != CartCompleted {
		if err := t.store.DeleteCart(ctx, old.ID); err != nil {
			return Errorf(EInternal, "dropping the empty cart: %w", err)
		}
	}
	t.cart, t.quote = c, t.price(c)
	t.used(g)
	return nil
}

func (t *Till) newCart(o CartOptions) (*Cart, error) {
	if o.Mode == "" {
		o.Mode = PaymentMode
	}
	switch o.Mode {
	case PaymentMode:
		if o.Interval != "" || o.Upgrade {
			return nil, Errorf(EInvalid, "a payment cart has no interval and is not an upgrade")
		}
	case SubscriptionMode:
		switch o.Interval {
		case Day, Week, Month, Year:
		default:
			return nil, Errorf(EInvalid, "a subscription cart needs an interval (day, week, month or year)")
		}
		if o.IntervalCount == 0 {
			o.IntervalCount = 1
		}
		if o.IntervalCount < 1 {
			return nil, Errorf(EInvalid, "the interval count must be at least 1")
		}
	default:
		return nil, Errorf(EInvalid, "cart mode must be payment or subscription")
	}
	now := t.now()
	return &Cart{
		ID: NewID(now), Currency: t.loc.Currency, Mode: o.Mode, Interval: o.Interval,
		IntervalCount: o.IntervalCount, Upgrade: o.Upgrade, NextLineID: 1,
		Shipping: Zero(t.loc.Currency), CrossSells: map[string]string{},
		Test: t.test, Status: CartOpen, StartedAt: now, UpdatedAt: now,
	}, nil
}

func (t *Till) startCart(ctx context.Context, o CartOptions) error {
	c, err := t.newCart(o)
	if err != nil {
		return err
	}
	if t.who != nil {
		c.StaffID = t.who.ID
	}
	if err := t.store.SaveCart(ctx, c); err != nil {
		return Errorf(EInternal, "saving the cart: %w", err)
	}
	t.cart, t.quote = c, t.price(c)
	return nil
}

// NewCart drops the current cart (unless it was completed) and starts a new one.
func (t *Till) NewCart(ctx context.Context, o CartOptions) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, err := t.need(PermSell, "Selling needs a cashier signed in."); err != nil {
		return err
	}
	old := t.cart
	if err := t.startCart(ctx, o); err != nil {
		return err
	}
	if old != nil && old.Status != CartCompleted {
		if err := t.store.DeleteCart(ctx, old.ID); err != nil {
			return Errorf(EInternal, "dropping the cart: %w", err)
		}
	}
	return nil
}

// change applies f to a copy of the open cart, re-prices it, saves it and
// only then makes it the till's cart: a refused or unsaved change leaves
// nothing behind.
func (t *Till) change(ctx context.Context, f func(c *Cart) error) error {
	return t.changeAudited(ctx, func(c *Cart, _ AuditEntry) ([]AuditEntry, error) { return nil, f(c) })
}

// changeAudited is change for a change that is audited: f also returns the
// audit entries to write with the cart, in the same transaction (the cart
// and its entries are kept together or not at all). f gets an entry that
// already says who (the member signed in) and when, to fill in.
func (t *Till) changeAudited(ctx context.Context, f func(c *Cart, stamp AuditEntry) ([]AuditEntry, error)) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, err := t.need(PermSell, "Selling needs a cashier signed in.")
	if err != nil {
		return err
	}
	if t.cart.Status == CartCompleted {
		return Errorf(EClosed, "This sale is completed. Start a new cart to ring up another.")
	}
	if t.usageStale {
		if err := t.refreshUsage(ctx); err != nil {
			return err
		}
		t.usageStale = false
	}
	now := t.now()
	c := t.cart.Clone()
	own, err := f(c, AuditEntry{At: now.UTC(), StaffID: g.who.ID})
	if err != nil {
		return err
	}
	c.UpdatedAt, c.StaffID = now, g.who.ID
	q := t.price(c)
	entries, dg, err := t.checkCustom(ctx, c, q)
	if err != nil {
		return err
	}
	if err := t.store.SaveCart(ctx, c, append(own, entries...)...); err != nil {
		return Errorf(EInternal, "saving the cart: %w", err)
	}
	t.cart, t.quote = c, q
	t.used(dg)
	return nil
}

// CustomLevel is what the custom discounts (lines and cart together, as
// priced) take off a quote, and the subtotal before them.
func CustomLevel(q *Quote) (amount, base Money) {
	var custom, sub int64
	for i := range q.Lines {
		l := &q.Lines[i]
		sub += l.Amount.Minor()
		for _, d := range l.Discounts {
			if d.Source == Custom {
				custom += d.Amount.Minor()
				sub += d.Amount.Minor()
			}
		}
	}
	for _, od := range q.OrderDiscounts {
		if od.Source == Custom {
			custom += od.Amount.Minor()
		}
	}
	return NewMoney(custom, q.Currency), NewMoney(sub, q.Currency)
}

// checkCustom checks the cart's custom discounts, all together, against the
// approval limit read from the store now (unreadable: a manager is needed)
// and what a manager approved on this cart. Above both, the member signed
// in needs PermDiscountAboveLimit, or an armed approval; c then records the
// new approved level and the approval's audit entry is returned, to be
// written with the cart. t.mu is held.
func (t *Till) checkCustom(ctx context.Context, c *Cart, q *Quote) ([]AuditEntry, grant, error) {
	amount, base := CustomLevel(q)
	if amount.Minor() <= 0 || c.Approval.Covers(amount, base) {
		return nil, grant{}, nil
	}
	lim, err := t.store.ApprovalLimit(ctx)
	if err == nil && lim.AllowsCustom(amount, base) {
		return nil, grant{}, nil
	}
	var (
		g    grant
		nerr error
	)
	if err != nil { // fail closed
		g, nerr = t.need(PermDiscountAboveLimit, "The discount limit could not be read (%s): a manager must approve custom discounts of %s.", ErrorMessage(err), amount)
	} else {
		g, nerr = t.need(PermDiscountAboveLimit, "Custom discounts of %s on this cart are above the limit: a manager must approve them.", amount)
	}
	if nerr != nil {
		return nil, grant{}, nerr
	}
	by := g.approvedBy()
	c.Approval = &CustomApproval{By: by.ID, Amount: amount, Base: base}
	e, err := t.approvalEntry(g, PermDiscountAboveLimit, c.ID, map[string]any{
		"amount": amount, "subtotal": base, "percent": percentOf(amount, base)})
	if err != nil {
		return nil, grant{}, err
	}
	return []AuditEntry{e}, g, nil
}

// percentOf is amount/base as a percentage with two decimals ("25.5").
func percentOf(amount, base Money) string {
	if base.Minor() <= 0 {
		return "100"
	}
	return amount.Decimal().Div(base.Decimal()).Mul(decimalHundred).StringFixed(2)
}

// fits reports whether a price can be sold in the cart.
func fits(p *Price, c *Cart) bool {
	if !p.Active || p.Amount.Currency() != c.Currency {
		return false
	}
	if p.Type == Recurring {
		return c.Mode == SubscriptionMode && p.Interval == c.Interval && p.IntervalCount == c.IntervalCount
	}
	return true
}

// Add puts qty units of a product on the cart. priceID may be "" when the
// product has exactly one active price that fits the cart.
func (t *Till) Add(ctx context.Context, productID, priceID string, qty int) error {
	return t.change(ctx, func(c *Cart) error {
		if qty < 1 {
			return Errorf(EInvalid, "The quantity must be at least 1.")
		}
		if qty > MaxQuantity {
			return Errorf(EInvalid, "A quantity above %d is refused.", MaxQuantity)
		}
		p, ok := t.catalog.Product(productID)
		if !ok || p.Archived {
			return Errorf(ENotFound, "There is no product %q.", clip(productID))
		}
		price, err := pickPrice(p, priceID, c)
		if err != nil {
			return err
		}
		for i := range c.Lines {
			l := &c.Lines[i]
			if l.ProductID == p.ID && l.PriceID == price.ID && !l.CrossSell {
				if l.Quantity+qty > MaxQuantity {
					return Errorf(EInvalid, "A quantity above %d is refused.", MaxQuantity)
				}
				l.Quantity += qty
				return nil
			}
		}
		return addLine(c, p, price, qty, false)
	})
}

// MaxSaleTitleLen is the longest title of a custom sale, in characters.
const MaxSaleTitleLen = 80

// AddCustomSale puts a custom sale on the cart: one unit of something that
// is not in the catalog, with the title and amount the cashier typed, taxed
// as the location's default (exempt: no tax). It is always a line of its
// own, priced by the same engine as any line; it takes no product discount,
// but order, custom and cart discounts apply to it as to any line.
func (t *Till) AddCustomSale(ctx context.Context, title string, amount Money, exempt bool) error {
	title = strings.Join(strings.Fields(title), " ")
	return t.change(ctx, func(c *Cart) error {
		switch n := utf8.RuneCountInString(title); {
		case n == 0:
			return Errorf(EInvalid, "Give the custom sale a title, e.g. Gift wrapping.")
		case n > MaxSaleTitleLen:
			return Errorf(EInvalid, "A custom sale's title is at most %d characters.", MaxSaleTitleLen)
		}
		if amount.Currency() != c.Currency || amount.Minor() <= 0 {
			return Errorf(EInvalid, "A custom sale's amount must be more than zero, in %s.", c.Currency)
		}
		if c.Mode == SubscriptionMode {
			return Errorf(ENotAllowed, "A custom sale is a one-time sale: it does not fit a subscription cart.")
		}
		if len(c.Lines) >= MaxLines {
			return Errorf(ELimit, "A cart holds at most %d lines.", MaxLines)
		}
		c.Lines = append(c.Lines, Line{ID: c.NextLineID, Title: title, UnitPrice: amount, Quantity: 1, Sale: true, Exempt: exempt})
		c.NextLineID++
		return nil
	})
}

func addLine(c *Cart, p *Product, price *Price, qty int, crossSell bool) error {
	if len(c.Lines) >= MaxLines {
		return Errorf(ELimit, "A cart holds at most %d lines.", MaxLines)
	}
	c.Lines = append(c.Lines, Line{
		ID: c.NextLineID, ProductID: p.ID, PriceID: price.ID, Title: p.Title,
		UnitPrice: price.Amount, Quantity: qty, CrossSell: crossSell,
	})
	c.NextLineID++
	return nil
}

func pickPrice(p *Product, priceID string, c *Cart) (*Price, error) {
	if priceID != "" {
		price, ok := p.Price(priceID)
		switch {
		case !ok:
			return nil, Errorf(ENotFound, "That price of %s is no longer sold: pick the product again.", p.Title)
		case !price.Active:
			return nil, Errorf(ENotAllowed, "%s at %s is no longer sold: pick another price.", p.Title, price.Amount)
		case price.Amount.Currency() != c.Currency:
			return nil, Errorf(ENotAllowed, "%s at %s is in %s; this cart is in %s.", p.Title, price.Amount, price.Amount.Currency(), c.Currency)
		case !fits(price, c):
			return nil, Errorf(ENotAllowed, "%s at %s each %s is a subscription price: it fits only a subscription cart of that interval.", p.Title, price.Amount, price.Interval)
		}
		return price, nil
	}
	var found []*Price
	for i := range p.Prices {
		if fits(&p.Prices[i], c) {
			found = append(found, &p.Prices[i])
		}
	}
	switch len(found) {
	case 0:
		return nil, Errorf(ENotAllowed, "%s has no active price in %s for this cart.", p.Title, c.Currency)
	case 1:
		return found[0], nil
	}
	return nil, Errorf(EConflict, "%s has %d prices for this cart: pick one.", p.Title, len(found))
}

// Scan adds one unit of the product with this barcode.
func (t *Till) Scan(ctx context.Context, barcode string) error {
	t.mu.Lock()
	_, err := t.actor()
	p, ok := t.catalog.ByBarcode(barcode)
	t.mu.Unlock()
	if err != nil {
		return err
	}
	if err := CheckBarcode(barcode); err != nil {
		return err
	}
	if !ok || p.Archived {
		return Errorf(ENotFound, "No product has the barcode %s.", barcode)
	}
	return t.Add(ctx, p.ID, "", 1)
}

// SetQuantity changes a line's quantity (line positions start at 1).
func (t *Till) SetQuantity(ctx context.Context, pos, qty int) error {
	return t.change(ctx, func(c *Cart) error {
		l, err := c.line(pos)
		if err != nil {
			return err
		}
		if l.CrossSell && qty != 1 {
			return Errorf(ENotAllowed, "%s was added as a cross-sell: its quantity is fixed at 1.", l.Title)
		}
		if qty < 1 {
			return Errorf(EInvalid, "The quantity must be at least 1; remove the line instead.")
		}
		if qty > MaxQuantity {
			return Errorf(EInvalid, "A quantity above %d is refused.", MaxQuantity)
		}
		l.Quantity = qty
		return nil
	})
}

// RemoveLine takes a line off the cart. The line can be put back
// (UndoRemoveLine); the removal of a line priced with discounts is audited
// (line_removed, with the line and its discounts as they were, by the
// member signed in), written with the cart in one transaction.
func (t *Till) RemoveLine(ctx context.Context, pos int) error {
	var gone *removedLine
	err := t.changeAudited(ctx, func(c *Cart, stamp AuditEntry) ([]AuditEntry, error) {
		l, err := c.line(pos)
		if err != nil {
			return nil, err
		}
		gone = &removedLine{cartID: c.ID, pos: pos, line: *l}
		var audit []AuditEntry
		if ql, ok := t.quote.Line(pos); ok && ql.LineID == l.ID && len(ql.Discounts) > 0 {
			e, err := NewAuditEntry(stamp.At, stamp.StaffID, AuditLineRemoved, c.ID, ql, nil)
			if err != nil {
				return nil, err
			}
			audit = append(audit, e)
			gone.audited = true
		}
		c.Lines = append(c.Lines[:pos-1], c.Lines[pos:]...)
		return audit, nil
	})
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.removed = gone
	t.mu.Unlock()
	return nil
}

// EnterCode adds a discount code to the cart. Unknown, disabled, expired,
// not-yet-started and used-up codes are refused and not kept; a known code
// the cart does not qualify for yet is kept and re-evaluated on every change.
func (t *Till) EnterCode(ctx context.Context, code string) error {
	return t.change(ctx, func(c *Cart) error {
		norm := NormalizeCode(code)
		if norm == "" {
			return Errorf(EInvalid, "Type a code first.")
		}
		_, discounts := t.rulesFor(c) // the cart's own rules
		d, ok := discounts.ByCode(norm)
		switch {
		case !ok:
			return Errorf(ENotFound, "The code %s doesn't exist.", norm)
		case !d.Enabled:
			return Errorf(ENotAllowed, "The code %s is disabled.", norm)
		case !d.StartsAt.IsZero() && t.now().Before(d.StartsAt):
			return Errorf(ENotAllowed, "The code %s is not valid yet: it starts %s.", norm, d.StartsAt.Format("2 Jan 2006 15:04"))
		case !d.Active(t.now()):
			return Errorf(ENotAllowed, "The code %s has expired.", norm)
		case discounts.LimitReached[d.ID] && t.leased:
			// A joined till's lease is spent: the chain may have uses left,
			// which the head office grants when the till is back online.
			return Errorf(ELimit, "There are no uses of %s left on this till: it can be used again once the till is back online and the head office grants it more.", norm)
		case discounts.LimitReached[d.ID]:
			return Errorf(ELimit, "The code %s has reached its usage limit.", norm)
		}
		orderCodes, shipCodes := 0, 0
		for _, entered := range c.Codes {
			if entered == norm {
				return Errorf(EConflict, "The code %s is already on the cart.", norm)
			}
			if e, ok := discounts.ByCode(entered); ok && e.Class == ClassShipping {
				shipCodes++
			} else {
				orderCodes++
			}
		}
		if d.Class == ClassShipping && shipCodes >= MaxShippingCodes {
			return Errorf(ELimit, "A cart takes only %d shipping code.", MaxShippingCodes)
		}
		if d.Class != ClassShipping && orderCodes >= MaxOrderCodes {
			return Errorf(ELimit, "A cart takes at most %d product and order codes.", MaxOrderCodes)
		}
		c.Codes = append(c.Codes, norm)
		return nil
	})
}

// RemoveCode takes a code off the cart.
func (t *Till) RemoveCode(ctx context.Context, code string) error {
	return t.change(ctx, func(c *Cart) error {
		norm := NormalizeCode(code)
		for i, e := range c.Codes {
			if e == norm {
				c.Codes = append(c.Codes[:i], c.Codes[i+1:]...)
				return nil
			}
		}
		return Errorf(ENotFound, "The code %s is not on the cart.", norm)
	})
}

// SetLineDiscount gives a custom discount on one line, replacing any earlier
// one. It is refused on a split line, even as a replacement: a custom
// discount given before the line became split stays as it is.
func (t *Till) SetLineDiscount(ctx context.Context, pos int, d CustomDiscount) error {
	return t.change(ctx, func(c *Cart) error {
		l, err := c.line(pos)
		if err != nil {
			return err
		}
		if err := d.Validate(c.Currency); err != nil {
			return err
		}
		if ql, ok := t.quote.Line(pos); ok && ql.LineID == l.ID && ql.Split {
			return Errorf(ENotAllowed, "Line %d is split between discounts (%s): a custom discount can't go on it.", pos, describeSplit(ql))
		}
		l.Custom = &d
		return nil
	})
}

func describeSplit(ql *QuoteLine) string {
	for _, d := range ql.Discounts {
		if d.Source != Custom {
			return fmt.Sprintf("%d of %d units take %s", d.Units, ql.Quantity, d.Title)
		}
	}
	return "units priced differently"
}

// RemoveLineDiscount removes the custom discount of a line.
func (t *Till) RemoveLineDiscount(ctx context.Context, pos int) error {
	return t.change(ctx, func(c *Cart) error {
		l, err := c.line(pos)
		if err != nil {
			return err
		}
		if l.Custom == nil {
			return Errorf(ENotFound, "Line %d has no custom discount.", pos)
		}
		l.Custom = nil
		return nil
	})
}

// AddCartDiscount adds a custom discount on the whole cart; several compound
// in the order they were added.
func (t *Till) AddCartDiscount(ctx context.Context, d CustomDiscount) error {
	return t.change(ctx, func(c *Cart) error {
		if err := d.Validate(c.Currency); err != nil {
			return err
		}
		c.CartDiscounts = append(c.CartDiscounts, d)
		return nil
	})
}

// RemoveCartDiscounts removes every custom cart discount.
func (t *Till) RemoveCartDiscounts(ctx context.Context) error {
	return t.change(ctx, func(c *Cart) error {
		if len(c.CartDiscounts) == 0 {
			return Errorf(ENotFound, "The cart has no custom discount.")
		}
		c.CartDiscounts = nil
		return nil
	})
}

// SetShipping sets the shipping charge (zero for none).
func (t *Till) SetShipping(ctx context.Context, m Money) error {
	return t.change(ctx, func(c *Cart) error {
		if m.Currency() != c.Currency {
			return Errorf(EInvalid, "Shipping must be in %s.", c.Currency)
		}
		if m.IsNegative() {
			return Errorf(EInvalid, "Shipping cannot be negative.")
		}
		if m.Minor() > MaxMinor {
			return amountsShown(Errorf(EInvalid, "Shipping of %s is refused: the largest is %s.", m, NewMoney(MaxMinor, c.Currency)))
		}
		c.Shipping = m
		return nil
	})
}

// AcceptCrossSell adds the offered cross-sell product as a line of quantity 1.
func (t *Till) AcceptCrossSell(ctx context.Context, productID string) error {
	return t.change(ctx, func(c *Cart) error {
		for _, o := range t.quote.CrossSellOffers {
			if o.ProductID != productID {
				continue
			}
			p, _ := t.catalog.Product(productID)
			price, _ := p.Price(o.PriceID)
			return addLine(c, p, price, 1, true)
		}
		p, ok := t.catalog.Product(productID)
		if !ok {
			return Errorf(ENotFound, "There is no product %q.", clip(productID))
		}
		if c.HasProduct(productID) {
			return Errorf(EConflict, "%s is already in the cart.", p.Title)
		}
		if _, why := crossSellEligible(p, c, &t.loc); why != "" {
			return Errorf(ENotAllowed, "%s can't be offered with this cart: %s.", p.Title, why)
		}
		return Errorf(ENotAllowed, "%s is not offered as a cross-sell for this cart.", p.Title)
	})
}

// ConfigureCrossSell is a manager's change of a product's cross-sell ("" to
// remove it), audited. Carts already started keep what they were offered.
// It needs PermBackOffice (Office.SetCrossSell is the same, for the
// back office's manager).
func (t *Till) ConfigureCrossSell(ctx context.Context, productID, crossSell string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	who, err := t.actor()
	if err != nil {
		return err
	}
	if !who.Can(PermBackOffice) {
		return Errorf(EUnauthorized, "Only a manager can change a cross-sell: open the back office.")
	}
	return t.configureCrossSell(ctx, who, productID, crossSell)
}

// configureCrossSell: t.mu is held, by may change the back office.
func (t *Till) configureCrossSell(ctx context.Context, by Staff, productID, crossSell string) error {
	p, ok := t.catalog.Product(productID)
	if !ok {
		return Errorf(ENotFound, "There is no product %q.", clip(productID))
	}
	if crossSell != "" {
		cs, ok := t.catalog.Product(crossSell)
		if !ok {
			return Errorf(ENotFound, "There is no product %q.", clip(crossSell))
		}
		if can, why := cs.CanBeCrossSell(); !can {
			return Errorf(ENotAllowed, "%s can't be a cross-sell: %s.", cs.Title, why)
		}
	}
	np := *p
	np.CrossSell = crossSell
	cat, err := t.catalog.WithProduct(np)
	if err != nil {
		return err
	}
	e, err := t.entry(by, AuditCrossSell, productID, map[string]string{"cross_sell": p.CrossSell}, map[string]string{"cross_sell": crossSell})
	if err != nil {
		return err
	}
	// Carts already started keep the old set-up: record it on each of
	// them first (a cart that keeps it before the change is harmless).
	for _, c := range append([]*Cart{t.cart}, t.parked...) {
		if c.Status == CartCompleted {
			continue
		}
		if _, kept := c.CrossSells[productID]; !kept {
			if c.CrossSells == nil {
				c.CrossSells = map[string]string{}
			}
			c.CrossSells[productID] = p.CrossSell
			if err := t.store.SaveCart(ctx, c); err != nil {
				return Errorf(EInternal, "saving the cart: %w", err)
			}
		}
	}
	if err := t.store.SaveProduct(ctx, np, e); err != nil {
		return Errorf(EInternal, "saving the product: %w", err)
	}
	t.catalog = cat
	t.quote = t.price(t.cart)
	return nil
}

// Pay completes the sale with the given tenders, as PRICING.md's "Cart and
// payment" says. It returns only after the order is committed to storage.
func (t *Till) Pay(ctx context.Context, tenders []Tender) (*Order, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, err := t.need(PermSell, "Selling needs a cashier signed in.")
	if err != nil {
		return nil, err
	}
	c, q := t.cart, t.quote
	if t.damaged != nil {
		return nil, t.damaged
	}
	if c.Status == CartCompleted {
		return nil, Errorf(EClosed, "This sale is completed. Start a new cart to ring up another.")
	}
	paid, change, err := settle(q, tenders)
	if err != nil {
		return nil, err
	}
	// The custom discounts again, against the limit as it is now: no
	// cart reaches a payment above it without a manager.
	check := c.Clone()
	entries, dg, err := t.checkCustom(ctx, check, q)
	if err != nil {
		return nil, err
	}
	if t.requireShift && !c.Test { // test orders take no money: no shift needed
		if _, err := t.shiftForMoney(ctx); err != nil {
			return nil, err
		}
	}
	now := t.now()
	o := &Order{
		ID: NewID(now), Test: c.Test, LocationID: t.loc.ID, TillID: t.tillID, CartID: c.ID,
		CreatedAt: now, Currency: c.Currency, Quote: *q, Tenders: append([]Tender(nil), tenders...),
		Paid: paid, Change: change, StaffID: g.who.ID, StaffName: g.who.Name, Note: c.Note,
	}
	if err := t.store.CompleteOrder(ctx, o, entries...); err != nil {
		if ErrorCode(err) != EInternal {
			return nil, err
		}
		return nil, Errorf(EInternal, "The sale was not recorded: %w", err)
	}
	t.used(dg)
	done := check
	done.Status = CartCompleted
	t.cart = done
	if err := t.refreshUsage(ctx); err != nil {
		// The sale is recorded and must be reported so; the usage is read
		// again before the next change, which fails with the error if it
		// still cannot be read (no code is taken on stale usage).
		t.usageStale = true
	}
	return o, nil
}

// MaxNoteLen is the longest note an order takes, in characters.
const MaxNoteLen = 500

// SetNote sets the note on the order ("" removes it): trimmed, at most
// MaxNoteLen characters. It is kept with the cart, stored on the order and
// printed on the receipt.
func (t *Till) SetNote(ctx context.Context, note string) error {
	note = strings.TrimSpace(note)
	if n := utf8.RuneCountInString(note); n > MaxNoteLen {
		return Errorf(EInvalid, "The note is %d characters long: keep it to %d.", n, MaxNoteLen)
	}
	return t.change(ctx, func(c *Cart) error {
		c.Note = note
		return nil
	})
}

// settle checks tenders against what is due and returns what was paid and
// the change. Non-cash tenders are taken first and may not exceed what is
// due; cash makes up the rest and gives change.
func settle(q *Quote, tenders []Tender) (paid, change Money, err error) {
	cur := q.Currency
	if len(q.Lines) == 0 {
		return Money{}, Money{}, Errorf(EInvalid, "The cart is empty: add a product before taking payment.")
	}
	due := q.Total.Minor()
	if len(tenders) > MaxTenders {
		return Money{}, Money{}, Errorf(EPayment, "A sale takes at most %d payments.", MaxTenders)
	}
	var cash, other int64
	for _, tn := range tenders {
		if tn.Amount.Minor() > MaxTender {
			return Money{}, Money{}, amountsShown(Errorf(EPayment, "A payment of %s is refused: the largest is %s.", tn.Amount, NewMoney(MaxTender, cur)))
		}
		if tn.Amount.Currency() != cur {
			return Money{}, Money{}, Errorf(EPayment, "Payments must be in %s.", cur)
		}
		if tn.Amount.Minor() <= 0 {
			return Money{}, Money{}, Errorf(EPayment, "A payment must be more than zero.")
		}
		switch tn.Method {
		case Cash:
			cash += tn.Amount.Minor()
		case Card, Other:
			other += tn.Amount.Minor()
		default:
			return Money{}, Money{}, Errorf(EPayment, "Unknown payment method %q: use cash, card or other.", clip(string(tn.Method)))
		}
	}
	if other > due {
		return Money{}, Money{}, Errorf(EPayment, "Card and other payments (%s) exceed what is due (%s); take the rest in cash.", NewMoney(other, cur), q.Total)
	}
	if cash+other < due {
		return Money{}, Money{}, Errorf(EPayment, "%s is still due: the payment was not taken.", NewMoney(due-cash-other, cur))
	}
	return NewMoney(cash+other, cur), NewMoney(cash+other-due, cur), nil
}

// Park sets the current cart aside under a label and starts a new one.
func (t *Till) Park(ctx context.Context, label string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, err := t.need(PermSell, "Selling needs a cashier signed in.")
	if err != nil {
		return err
	}
	if t.cart.Status == CartCompleted {
		return Errorf(EClosed, "This sale is completed.")
	}
	if len(t.cart.Lines) == 0 {
		return Errorf(EInvalid, "The cart is empty: nothing to park.")
	}
	c := t.cart.Clone()
	c.Status, c.Label, c.UpdatedAt, c.StaffID = CartParked, label, t.now(), g.who.ID
	if err := t.store.SaveCart(ctx, c); err != nil {
		return Errorf(EInternal, "parking the cart: %w", err)
	}
	t.parked = append(t.parked, c)
	return t.startCart(ctx, t.cartOpts)
}

// Parked lists the parked carts, oldest first.
func (t *Till) Parked() []*Cart {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]*Cart, len(t.parked))
	for i, c := range t.parked {
		out[i] = c.Clone()
	}
	return out
}

// Resume brings a parked cart back as it was. The current cart, if it has
// lines, is parked in its place; if empty, it is dropped.
func (t *Till) Resume(ctx context.Context, cartID string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, err := t.need(PermSell, "Selling needs a cashier signed in.")
	if err != nil {
		return err
	}
	idx := -1
	for i, c := range t.parked {
		if c.ID == cartID {
			idx = i
		}
	}
	if idx < 0 {
		return Errorf(ENotFound, "There is no parked cart %s.", cartID)
	}
	c := t.parked[idx].Clone()
	switch {
	case c.Test && !t.test:
		return Errorf(ENotAllowed, "This cart was parked in test mode: it can be resumed only in test mode.")
	case !c.Test && t.test:
		return Errorf(ENotAllowed, "This cart was parked out of test mode: switch test mode off to resume it.")
	}
	c.Status, c.UpdatedAt, c.StaffID = CartOpen, t.now(), g.who.ID
	if err := t.store.SaveCart(ctx, c); err != nil {
		return Errorf(EInternal, "resuming the cart: %w", err)
	}
	t.parked = append(t.parked[:idx], t.parked[idx+1:]...)
	old := t.cart
	switch {
	case old.Status == CartCompleted:
	case len(old.Lines) == 0:
		if err := t.store.DeleteCart(ctx, old.ID); err != nil {
			return Errorf(EInternal, "dropping the empty cart: %w", err)
		}
	default:
		p := old.Clone()
		p.Status = CartParked
		if err := t.store.SaveCart(ctx, p); err != nil {
			return Errorf(EInternal, "parking the cart: %w", err)
		}
		t.parked = append(t.parked, p)
	}
	t.cart, t.quote = c, t.price(c)
	return nil
}

// CheckBarcode checks an EAN-13 (or EAN-8/UPC-A) check digit.
func CheckBarcode(code string) error {
	if len(code) != 8 && len(code) != 12 && len(code) != 13 {
		return Errorf(EInvalid, "%q is not a barcode: it must have 8, 12 or 13 digits.", clip(code))
	}
	sum := 0
	for i := 0; i < len(code)-1; i++ {
		ch := code[len(code)-2-i]
		if ch < '0' || ch > '9' {
			return Errorf(EInvalid, "%q is not a barcode: digits only.", clip(code))
		}
		d := int(ch - '0')
		if i%2 == 0 {
			d *= 3
		}
		sum += d
	}
	last := code[len(code)-1]
	if last < '0' || last > '9' || int(last-'0') != (10-sum%10)%10 {
		return Errorf(EInvalid, "The barcode %s is misread (its check digit is wrong): scan it again.", code)
	}
	return nil
}
