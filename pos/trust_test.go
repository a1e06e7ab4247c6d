package pos

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Who may do what (docs/rules.md "Who may do what"), through pos.Till with
// no window: a manager Mia (PIN 123456) and a cashier Cam (PIN 0000).

type trustFixture struct {
	*fixture
}

const (
	miaPIN = "123456"
	camPIN = "0000"
)

// newTrustFixture: products a 100.00, b 50.00, c 10.00; the default limit
// (20 %, 50.00, refund 50.00); Cam signed in.
func newTrustFixture(t *testing.T) *trustFixture {
	t.Helper()
	l := Location{ID: "shop", Currency: "USD", Pro: true, DefaultTaxBehavior: TaxExclusive}
	f := &fixture{t: t, now: genNow}
	f.st = NewMemStore(Setup{Location: l, Products: []Product{prod("a", "100.00"), prod("b", "50.00"), prod("c", "10.00")}})
	mh, _ := HashPIN(miaPIN)
	ch, _ := HashPIN(camPIN)
	f.st.StaffList = []Staff{
		{ID: "mia", Name: "Mia", Role: Manager, PINHash: mh, Active: true},
		{ID: "cam", Name: "Cam", Role: Cashier, PINHash: ch, Active: true},
	}
	till, err := NewTill(ctx, f.st, Options{TillID: "t1", Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	f.till = till
	tf := &trustFixture{f}
	tf.signIn("cam", camPIN)
	return tf
}

func (f *trustFixture) signIn(who, pin string) {
	f.t.Helper()
	if _, err := f.till.SignIn(ctx, who, pin); err != nil {
		f.t.Fatalf("sign in %s: %v", who, err)
	}
}

// needs checks a refusal that a manager's approval of perm would allow.
func (f *trustFixture) needs(err error, perm Permission) {
	f.t.Helper()
	f.refused(err, ENeedsApproval)
	if got, ok := NeedsApproval(err); !ok || got != perm {
		f.t.Fatalf("needs %q (%v), want %q", got, ok, perm)
	}
}

func (f *trustFixture) approve(perm Permission) {
	f.t.Helper()
	if _, err := f.till.Approve(ctx, perm, "mia", miaPIN); err != nil {
		f.t.Fatalf("approve: %v", err)
	}
}

func (f *trustFixture) audit() []AuditEntry {
	f.t.Helper()
	log, err := f.st.Audit(ctx, 0)
	if err != nil {
		f.t.Fatal(err)
	}
	for i, j := 0, len(log)-1; i < j; i, j = i+1, j-1 {
		log[i], log[j] = log[j], log[i]
	}
	return log
}

func (f *trustFixture) actions() string {
	var out []string
	for _, e := range f.audit() {
		out = append(out, e.Action+"/"+e.StaffID)
	}
	return strings.Join(out, " ")
}

func pctCustom(p string) CustomDiscount {
	return CustomDiscount{Type: Percentage, Percent: percent(p), Reason: "test"}
}

func amtCustom(a string) CustomDiscount {
	return CustomDiscount{Type: FixedAmount, Amount: money(a), Reason: "test"}
}

// Every change at the till needs someone signed in; Lock keeps the cart.
func TestChangesNeedSignIn(t *testing.T) {
	f := newTrustFixture(t)
	f.add("a", 1)
	f.ok(f.till.SetLineDiscount(ctx, 1, pctCustom("10")))
	cart := f.till.Cart()
	f.till.Lock()
	if _, ok := f.till.SignedIn(); ok {
		t.Fatal("still signed in after Lock")
	}
	cash := []Tender{{Method: Cash, Amount: money("200.00")}}
	for name, call := range map[string]func() error{
		"add":           func() error { return f.till.Add(ctx, "b", "", 1) },
		"scan":          func() error { return f.till.Scan(ctx, "00000000") },
		"quantity":      func() error { return f.till.SetQuantity(ctx, 1, 2) },
		"remove":        func() error { return f.till.RemoveLine(ctx, 1) },
		"undo remove":   func() error { return f.till.UndoRemoveLine(ctx) },
		"dismiss offer": func() error { return f.till.DismissCrossSell(ctx, "c") },
		"code":          func() error { return f.till.EnterCode(ctx, "X") },
		"line discount": func() error { return f.till.SetLineDiscount(ctx, 1, pctCustom("5")) },
		"cart discount": func() error { return f.till.AddCartDiscount(ctx, pctCustom("5")) },
		"shipping":      func() error { return f.till.SetShipping(ctx, money("1.00")) },
		"pay":           func() error { _, err := f.till.Pay(ctx, cash); return err },
		"park":          func() error { return f.till.Park(ctx, "x") },
		"new cart":      func() error { return f.till.NewCart(ctx, CartOptions{}) },
		"test mode":     func() error { return f.till.SetTestMode(ctx, true) },
		"open shift":    func() error { _, err := f.till.OpenShift(ctx, money("0")); return err },
		"close shift":   func() error { _, err := f.till.CloseShift(ctx, money("0")); return err },
		"cash in":       func() error { return f.till.CashMove(ctx, money("5.00"), "change") },
		"no sale":       func() error { return f.till.NoSale(ctx, "change") },
		"return":        func() error { _, err := f.till.Return(ctx, "o", ReturnRequest{}); return err },
		"cross-sell":    func() error { return f.till.ConfigureCrossSell(ctx, "a", "") },
		"printer":       func() error { return f.till.SetPrinter(ctx, "", 48) },
		"office":        func() error { _, err := f.till.Office(ctx); return err },
	} {
		if err := call(); ErrorCode(err) != ESignIn {
			t.Errorf("%s while locked: %v, want %s", name, err, ESignIn)
		}
	}
	if !reflectEqualCart(f.till.Cart(), cart) {
		t.Fatal("the open cart changed while locked")
	}
	f.signIn("Mia", miaPIN) // by name, any case
	if got := f.till.Cart(); got.ID != cart.ID || len(got.Lines) != 1 || got.Lines[0].Custom == nil {
		t.Fatal("the next member signed in does not find the open cart")
	}
	f.add("b", 1)
	if c := f.till.Cart(); c.StaffID != "mia" {
		t.Fatalf("the cart's last change is by %q", c.StaffID)
	}
}

func reflectEqualCart(a, b *Cart) bool {
	return a.ID == b.ID && len(a.Lines) == len(b.Lines) && a.UpdatedAt.Equal(b.UpdatedAt)
}

// The limit is on the cart's total custom discount, lines and cart
// together, as a percent of the subtotal before custom discounts and as an
// amount; a cashier above it needs a manager.
func TestCustomDiscountLimitOnTheTotal(t *testing.T) {
	tests := []struct {
		name  string
		limit *ApprovalLimit // nil: the default (20 %, 50.00)
		lines []string
		steps []func(f *trustFixture) error
		last  bool // whether the last step is allowed
	}{
		{"one line 20 %", nil, []string{"a"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.SetLineDiscount(ctx, 1, pctCustom("20")) }}, true},
		{"line 20 % then cart 20 %: 36 % in all", nil, []string{"a"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.SetLineDiscount(ctx, 1, pctCustom("20")) },
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, pctCustom("20")) }}, false},
		{"line 15 % and cart 5 %: 19.25 %", nil, []string{"a"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.SetLineDiscount(ctx, 1, pctCustom("15")) },
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, pctCustom("5")) }}, true},
		{"five cart discounts of 4 %: 18.5 %, a sixth", nil, []string{"a"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, pctCustom("4")) },
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, pctCustom("4")) },
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, pctCustom("4")) },
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, pctCustom("4")) },
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, pctCustom("4")) },
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, pctCustom("4")) }}, false},
		{"50.00 off 300.00 is within both", nil, []string{"a", "a", "b", "b"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, amtCustom("50.00")) }}, true},
		{"50.01 off 300.00 is above the amount", nil, []string{"a", "a", "b", "b"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, amtCustom("50.01")) }}, false},
		{"two line amounts of 30.00: 60.00 in all", nil, []string{"a", "a", "a", "b"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.SetLineDiscount(ctx, 1, amtCustom("30.00")) },
			func(f *trustFixture) error { return f.till.SetLineDiscount(ctx, 2, amtCustom("30.00")) }}, false},
		{"percent-only limit: a fixed amount equal to the line price", &ApprovalLimit{Percent: percent("20")}, []string{"c"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.SetLineDiscount(ctx, 1, amtCustom("10.00")) }}, false},
		{"percent-only limit: any amount within the percent", &ApprovalLimit{Percent: percent("20")}, []string{"a", "a", "a", "a", "a"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, amtCustom("100.00")) }}, true},
		{"amount-only limit: a fixed amount equal to the line price", &ApprovalLimit{Amount: money("50.00")}, []string{"a"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.SetLineDiscount(ctx, 1, amtCustom("100.00")) }}, false},
		{"amount-only limit: 100 % of 10.00", &ApprovalLimit{Amount: money("50.00")}, []string{"c"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.SetLineDiscount(ctx, 1, pctCustom("100")) }}, true},
		{"no limit at all", &ApprovalLimit{}, []string{"a"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.SetLineDiscount(ctx, 1, pctCustom("100")) }}, true},
		{"removing a line raises the share of a fixed cart discount", nil, []string{"a", "b"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, amtCustom("15.00")) },
			func(f *trustFixture) error { return f.till.RemoveLine(ctx, 1) }}, false},
		{"lowering a quantity raises it too", nil, []string{"b", "b", "b", "b"}, []func(*trustFixture) error{
			func(f *trustFixture) error { return f.till.AddCartDiscount(ctx, amtCustom("20.00")) },
			func(f *trustFixture) error { return f.till.SetQuantity(ctx, 1, 1) }}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newTrustFixture(t)
			if tc.limit != nil {
				f.st.Limit = *tc.limit
			}
			for _, id := range tc.lines {
				f.ok(f.till.Add(ctx, id, "", 1))
			}
			for i, step := range tc.steps {
				before := f.till.Cart()
				err := step(f)
				switch {
				case i < len(tc.steps)-1 || tc.last:
					f.ok(err)
				default:
					f.needs(err, PermDiscountAboveLimit)
					if after := f.till.Cart(); !reflectEqualCart(after, before) {
						t.Fatal("a refused change was kept")
					}
				}
			}
			if n := len(f.audit()); n != 0 {
				t.Fatalf("%d audit entries without any approval", n)
			}
			if tc.last {
				return
			}
			// The refused step by a manager goes through, audited as the
			// manager's own approval.
			f.signIn("mia", miaPIN)
			f.ok(tc.steps[len(tc.steps)-1](f))
			if got := f.actions(); got != "approval/mia" {
				t.Fatalf("audit %q", got)
			}
		})
	}
}

// The limit is read from the store at every check, and when it cannot be
// read a manager is needed (fail closed).
func TestCustomDiscountLimitReadEachTimeFailsClosed(t *testing.T) {
	f := newTrustFixture(t)
	f.add("a", 1)
	f.ok(f.till.SetLineDiscount(ctx, 1, pctCustom("20")))
	f.st.Limit = ApprovalLimit{Percent: percent("10")} // saved later, from another till
	f.needs(f.till.AddCartDiscount(ctx, pctCustom("1")), PermDiscountAboveLimit)
	f.st.Limit = ApprovalLimit{Percent: percent("50")}
	f.ok(f.till.AddCartDiscount(ctx, pctCustom("1")))
	f.st.FailLimit = errors.New("disk on fire")
	err := f.till.AddCartDiscount(ctx, pctCustom("1"))
	f.needs(err, PermDiscountAboveLimit)
	if !strings.Contains(ErrorMessage(err), "could not be read") {
		t.Fatalf("message %q", ErrorMessage(err))
	}
	// Pay checks again: a cart over the limit never gets paid without one.
	_, err = f.till.Pay(ctx, []Tender{{Method: Cash, Amount: money("100.00")}})
	f.needs(err, PermDiscountAboveLimit)
	// A change with no custom discount needs no limit.
	g := newTrustFixture(t)
	g.st.FailLimit = errors.New("disk on fire")
	g.add("a", 1)
}

// An approval is consumed by the one change it allowed, recorded with the
// approver, the cashier and the amount in the same write as the change, and
// the approved level stays with the cart.
func TestApprovalOnceAndAuditedWithTheChange(t *testing.T) {
	f := newTrustFixture(t)
	f.add("a", 1)
	f.needs(f.till.SetLineDiscount(ctx, 1, pctCustom("30")), PermDiscountAboveLimit)
	if _, err := f.till.Approve(ctx, PermDiscountAboveLimit, "cam", camPIN); ErrorCode(err) != EUnauthorized {
		t.Fatalf("a cashier approved: %v", err)
	}
	if _, err := f.till.Approve(ctx, PermDiscountAboveLimit, "mia", "999999"); !IsWrongPIN(err) {
		t.Fatalf("a wrong PIN approved: %v", err)
	}
	f.approve(PermDiscountAboveLimit)
	// The write fails: neither the cart change nor the entry is kept, and
	// the approval is still there for the retry.
	f.st.FailAudit = errors.New("disk full")
	f.refused(f.till.SetLineDiscount(ctx, 1, pctCustom("30")), EInternal)
	if f.till.Cart().Lines[0].Custom != nil || len(f.audit()) != 0 {
		t.Fatal("a failed write kept the change or the entry")
	}
	if carts, _ := f.st.LoadCarts(ctx); carts[0].Lines[0].Custom != nil {
		t.Fatal("the store kept the change without its entry")
	}
	f.st.FailAudit = nil
	f.ok(f.till.SetLineDiscount(ctx, 1, pctCustom("30")))
	log := f.audit()
	if len(log) != 1 || log[0].Action != AuditApproval || log[0].StaffID != "mia" || log[0].Subject != f.till.Cart().ID ||
		!strings.Contains(log[0].After, `"cashier":"cam"`) || !strings.Contains(log[0].After, `"amount":{"currency":"USD","amount":"30.00"}`) ||
		!strings.Contains(log[0].After, `"permission":"discount_above_limit"`) {
		t.Fatalf("audit %+v", log)
	}
	if a := f.till.Cart().Approval; a == nil || a.By != "mia" || a.Amount != money("30.00") {
		t.Fatalf("the cart's approval %+v", a)
	}
	// Within what was approved (30.00, 30 %): another product without a
	// discount needs nothing; a second unit at 30 % (60.00) needs a new one.
	f.add("c", 1)
	f.needs(f.till.SetQuantity(ctx, 1, 2), PermDiscountAboveLimit)
	// Above it: a new approval, the first one is used up.
	f.needs(f.till.AddCartDiscount(ctx, pctCustom("5")), PermDiscountAboveLimit)
	// Paid at the approved level.
	o, err := f.till.Pay(ctx, []Tender{{Method: Cash, Amount: money("80.00")}})
	f.ok(err)
	if o.StaffID != "cam" || o.StaffName != "Cam" {
		t.Fatalf("order by %q %q", o.StaffID, o.StaffName)
	}
	if len(f.audit()) != 1 {
		t.Fatalf("audit %q", f.actions())
	}
	// A cart loaded as stored (made by an older till, above the limit,
	// no approval) is refused at Pay.
	g := newTrustFixture(t)
	g.add("a", 1)
	c := g.till.Cart()
	c.Lines[0].Custom = &CustomDiscount{Type: Percentage, Percent: percent("60"), Reason: "old"}
	g.ok(g.st.SaveCart(ctx, c))
	till, err := NewTill(ctx, g.st, Options{TillID: "t1", Now: func() time.Time { return g.now }})
	g.ok(err)
	g.till = till
	g.signIn("cam", camPIN)
	_, err = g.till.Pay(ctx, []Tender{{Method: Cash, Amount: money("100.00")}})
	g.needs(err, PermDiscountAboveLimit)
	g.approve(PermDiscountAboveLimit)
	o, err = g.till.Pay(ctx, []Tender{{Method: Cash, Amount: money("40.00")}})
	g.ok(err)
	if log := g.audit(); len(log) != 1 || log[0].Subject != o.CartID {
		t.Fatalf("the approval at Pay is not recorded with the sale: %+v", log)
	}
}

// Test mode needs a manager, is audited, and only switches with an empty
// cart (a cart with lines is parked first); refused, it changes nothing.
func TestTestModeNeedsAManager(t *testing.T) {
	f := newTrustFixture(t)
	f.add("a", 1)
	f.ok(f.till.SetLineDiscount(ctx, 1, pctCustom("10")))
	before := f.till.Cart()
	f.needs(f.till.SetTestMode(ctx, true), PermTestMode)
	if f.till.TestMode() || !reflectEqualCart(f.till.Cart(), before) || f.till.Cart().Test || len(f.till.Parked()) != 0 || len(f.audit()) != 0 {
		t.Fatal("a refused switch changed something")
	}
	f.approve(PermTestMode)
	f.ok(f.till.SetTestMode(ctx, true))
	parked := f.till.Parked()
	if !f.till.TestMode() || len(parked) != 1 || parked[0].ID != before.ID || parked[0].Test || len(parked[0].Lines) != 1 {
		t.Fatalf("the live cart was not parked as it was: %+v", parked)
	}
	if c := f.till.Cart(); !c.Test || len(c.Lines) != 0 || c.ID == before.ID {
		t.Fatalf("test mode did not start an empty test cart: %+v", c)
	}
	if got := f.actions(); got != "approval/mia test_mode/mia" {
		t.Fatalf("audit %q", got)
	}
	// The live cart resumes only out of test mode.
	f.refused(f.till.Resume(ctx, before.ID), ENotAllowed)
	// The approval was used up.
	f.needs(f.till.SetTestMode(ctx, false), PermTestMode)
	// A manager switches it alone; an empty cart is not parked.
	f.signIn("mia", miaPIN)
	f.ok(f.till.SetTestMode(ctx, false))
	f.ok(f.till.Resume(ctx, before.ID))
	if c := f.till.Cart(); c.ID != before.ID || c.Test || len(f.till.Parked()) != 0 {
		t.Fatalf("resumed %+v, parked %d", c, len(f.till.Parked()))
	}
	if got := f.actions(); got != "approval/mia test_mode/mia test_mode/mia" {
		t.Fatalf("audit %q", got)
	}
}

// Cash out and a no-sale opening need a manager; cash in, shift open and
// close are audited; each records who.
func TestCashOutAndNoSaleNeedAManager(t *testing.T) {
	f := newTrustFixture(t)
	s, err := f.till.OpenShift(ctx, money("100.00"))
	f.ok(err)
	if s.OpenedBy != "cam" || s.OpenedName != "Cam" {
		t.Fatalf("opened by %q", s.OpenedBy)
	}
	f.ok(f.till.CashMove(ctx, money("20.00"), "change from the bank"))
	f.needs(f.till.CashMove(ctx, money("-30.00"), "to the bank"), PermCashOut)
	f.needs(f.till.NoSale(ctx, "change for a customer"), PermNoSale)
	f.approve(PermCashOut)
	f.needs(f.till.NoSale(ctx, "change for a customer"), PermNoSale) // approved cash out, not no-sale
	f.ok(f.till.CashMove(ctx, money("-30.00"), "to the bank"))
	f.needs(f.till.CashMove(ctx, money("-30.00"), "again"), PermCashOut)
	f.approve(PermNoSale)
	f.ok(f.till.NoSale(ctx, "change for a customer"))
	cur, err := f.till.CurrentShift(ctx)
	f.ok(err)
	if len(cur.Moves) != 3 || cur.Moves[0].StaffID != "cam" || cur.Moves[1].StaffID != "cam" || !cur.Moves[2].NoSale || !cur.Moves[2].Amount.IsZero() {
		t.Fatalf("moves %+v", cur.Moves)
	}
	f.signIn("mia", miaPIN)
	f.ok(f.till.CashMove(ctx, money("-5.00"), "float to the safe"))
	z, err := f.till.CloseShift(ctx, money("85.00"))
	f.ok(err)
	if z.Shift.ClosedBy != "mia" || z.Shift.ClosedName != "Mia" || z.Shift.OpenedBy != "cam" || !z.Difference.IsZero() {
		t.Fatalf("closed %+v difference %s", z.Shift, z.Difference)
	}
	want := "shift_open/cam cash_move/cam approval/mia cash_move/cam approval/mia no_sale/cam cash_move/mia shift_close/mia"
	if got := f.actions(); got != want {
		t.Fatalf("audit\n%s\nwant\n%s", got, want)
	}
}

// A refund above the refund limit needs a manager; a test return gives no
// money and needs none.
func TestRefundLimit(t *testing.T) {
	f := newTrustFixture(t)
	f.add("a", 1)
	f.add("c", 1)
	o, err := f.till.Pay(ctx, []Tender{{Method: Card, Amount: money("110.00")}})
	f.ok(err)
	small := ReturnRequest{Lines: []ReturnLineRequest{{Pos: 2, Quantity: 1}}}
	big := ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}}
	r, err := f.till.Return(ctx, o.ID, small)
	f.ok(err)
	if r.StaffID != "cam" || r.StaffName != "Cam" {
		t.Fatalf("return by %q", r.StaffID)
	}
	_, err = f.till.Return(ctx, o.ID, big)
	f.needs(err, PermRefundAboveLimit)
	f.st.Limit.Refund = money("100.00")
	_, err = f.till.Return(ctx, o.ID, big)
	f.ok(err) // at the limit
	if n := len(f.audit()); n != 0 {
		t.Fatalf("%d entries", n)
	}
	// Another sale; the limit unreadable: a manager is needed.
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	f.add("a", 1)
	o, err = f.till.Pay(ctx, []Tender{{Method: Cash, Amount: money("100.00")}})
	f.ok(err)
	f.st.FailLimit = errors.New("disk on fire")
	_, err = f.till.Return(ctx, o.ID, big)
	f.needs(err, PermRefundAboveLimit)
	f.approve(PermRefundAboveLimit)
	_, err = f.till.Return(ctx, o.ID, big)
	f.ok(err)
	if log := f.audit(); len(log) != 1 || log[0].StaffID != "mia" || log[0].Subject != o.ID || !strings.Contains(log[0].After, `"amount":{"currency":"USD","amount":"100.00"}`) {
		t.Fatalf("audit %+v", log)
	}
}

// The back office is for managers: each change is written with its audit
// entry in one write (or neither) and reloads the till; an Office handed
// out before a lock refuses after it.
func TestBackOfficeManagersOnly(t *testing.T) {
	f := newTrustFixture(t)
	if _, err := f.till.Office(ctx); ErrorCode(err) != EUnauthorized {
		t.Fatalf("a cashier opened the back office: %v", err)
	}
	if _, err := f.till.OfficeFor(ctx, "cam", camPIN); ErrorCode(err) != EUnauthorized {
		t.Fatalf("a cashier's PIN opened the back office: %v", err)
	}
	f.refused(f.till.ConfigureCrossSell(ctx, "a", "c"), EUnauthorized)
	f.refused(f.till.SetPrinter(ctx, "/tmp/x", 48), ENeedsApproval)
	o, err := f.till.OfficeFor(ctx, "mia", miaPIN)
	f.ok(err)
	if o.Manager().ID != "mia" || o.Manager().PINHash != "" {
		t.Fatalf("office of %+v", o.Manager())
	}
	p := prod("d", "5.00")
	f.st.FailAudit = errors.New("disk full")
	f.refused(o.SaveProduct(ctx, p), EInternal)
	if _, ok := f.till.Catalog().Product("d"); ok {
		t.Fatal("a product saved without its audit entry")
	}
	if s, _ := f.st.LoadSetup(ctx); len(s.Products) != 3 {
		t.Fatal("the store kept the product without its entry")
	}
	f.st.FailAudit = nil
	f.ok(o.SaveProduct(ctx, p))
	if _, ok := f.till.Catalog().Product("d"); !ok {
		t.Fatal("the till was not reloaded")
	}
	f.ok(o.SetCrossSell(ctx, "a", "c"))
	f.ok(o.SaveDiscount(ctx, pctOff("d10", ClassProduct, "10")))
	loc := f.till.Location()
	loc.ReceiptFooter = "Merci"
	f.ok(o.SaveLocation(ctx, loc))
	f.ok(o.SaveLimits(ctx, ApprovalLimit{Percent: percent("30"), Amount: money("80.00"), Refund: money("60.00")}))
	f.ok(o.SetIdleLock(ctx, 2*time.Minute))
	f.refused(o.SetIdleLock(ctx, time.Second), EInvalid)
	f.ok(o.SetPrinter(ctx, "/dev/usb/lp0", 32))
	if d, _ := f.till.IdleLock(ctx); d != 2*time.Minute {
		t.Fatalf("idle lock %v", d)
	}
	if l, _ := f.till.ApprovalLimit(ctx); l.Refund != money("60.00") {
		t.Fatalf("limit %+v", l)
	}
	if f.till.Location().ReceiptFooter != "Merci" {
		t.Fatal("the location was not reloaded")
	}
	want := "product/mia cross_sell/mia discount/mia location/mia approval_limit/mia idle_lock/mia printer/mia"
	if got := f.actions(); got != want {
		t.Fatalf("audit\n%s\nwant\n%s", got, want)
	}
	f.till.Lock()
	f.refused(o.SaveProduct(ctx, p), EUnauthorized)
	f.signIn("mia", miaPIN)
	mo, err := f.till.Office(ctx)
	f.ok(err)
	f.ok(mo.SaveProduct(ctx, p))
	f.ok(f.till.ConfigureCrossSell(ctx, "b", "c"))
}

// Staff changes: a manager's PIN has 6 digits or more, a cashier made
// manager needs a new one, the last manager stays, the PIN is never in the
// log.
func TestOfficeStaffRules(t *testing.T) {
	f := newTrustFixture(t)
	f.st.StaffList[0].DemoPIN = true
	o, err := f.till.OfficeFor(ctx, "mia", miaPIN)
	f.ok(err)
	if demo, err := o.DemoPINs(ctx); err != nil || !demo {
		t.Fatalf("DemoPINs = %v, %v", demo, err)
	}
	tests := []struct {
		name string
		s    StaffInfo
		pin  string
		code string
	}{
		{"new cashier with 4 digits", StaffInfo{Name: "Zoé", Role: Cashier, Active: true}, "4321", ""},
		{"new manager with 4 digits", StaffInfo{Name: "Max", Role: Manager, Active: true}, "4321", EInvalid},
		{"new manager with 6 digits", StaffInfo{Name: "Max", Role: Manager, Active: true}, "432109", ""},
		{"new member without a PIN", StaffInfo{Name: "Noa", Role: Cashier, Active: true}, "", EInvalid},
		{"cashier made manager without a new PIN", StaffInfo{ID: "cam", Name: "Cam", Role: Manager, Active: true}, "", EInvalid},
		{"cashier made manager with 5 digits", StaffInfo{ID: "cam", Name: "Cam", Role: Manager, Active: true}, "12345", EInvalid},
		{"no name", StaffInfo{Role: Cashier, Active: true}, "1111", EInvalid},
	}
	for _, tc := range tests {
		_, err := o.SaveStaff(ctx, tc.s, tc.pin)
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
	}
	for _, e := range f.audit() {
		if strings.Contains(e.After, "4321") || strings.Contains(e.After, "argon2") {
			t.Fatalf("the PIN is in the log: %+v", e)
		}
	}
	// Mia's PIN changes: no demo PIN left; then Max and Mia step down.
	_, err = o.SaveStaff(ctx, StaffInfo{ID: "mia", Name: "Mia", Role: Manager, Active: true}, "777777")
	f.ok(err)
	if demo, _ := o.DemoPINs(ctx); demo {
		t.Fatal("a changed PIN is still the demo one")
	}
	staff, _ := o.Staff(ctx)
	var max StaffInfo
	for _, s := range staff {
		if s.Name == "Max" {
			max = s
		}
	}
	max.Active = false
	_, err = o.SaveStaff(ctx, max, "")
	f.ok(err)
	_, err = o.SaveStaff(ctx, StaffInfo{ID: "mia", Name: "Mia", Role: Cashier, Active: true}, "")
	f.refused(err, ENotAllowed)
	if _, err := f.till.SignIn(ctx, "mia", "777777"); err != nil {
		t.Fatal(err)
	}
}

// Five wrong PINs lock the member for a minute, then two, four…; the
// lock is kept in the store (a new till sees it), audited, shown to
// managers and cleared by one.
func TestPINLockout(t *testing.T) {
	f := newTrustFixture(t)
	wrong := func(n int) {
		t.Helper()
		for i := 0; i < n; i++ {
			if _, err := f.till.SignIn(ctx, "cam", "9999"); !IsWrongPIN(err) {
				t.Fatalf("wrong PIN %d: %v", i+1, err)
			}
		}
	}
	wrong(4)
	f.signIn("cam", camPIN) // a right PIN starts the count again
	wrong(4)
	_, err := f.till.SignIn(ctx, "cam", "9999")
	f.refused(err, ELocked)
	_, err = f.till.SignIn(ctx, "cam", camPIN)
	f.refused(err, ELocked) // even the right PIN, while locked
	if got := f.actions(); got != "lockout/cam" {
		t.Fatalf("audit %q", got)
	}
	// A new till on the same store (a restart) sees the lock.
	till2, err := NewTill(ctx, f.st, Options{TillID: "t2", Now: func() time.Time { return f.now }})
	f.ok(err)
	if _, err := till2.SignIn(ctx, "cam", camPIN); ErrorCode(err) != ELocked {
		t.Fatalf("after a restart: %v", err)
	}
	list, _ := till2.StaffList(ctx)
	for _, s := range list {
		if s.ID == "cam" && !s.LockedUntil.Equal(f.now.Add(time.Minute)) {
			t.Fatalf("locked until %v", s.LockedUntil)
		}
	}
	// A minute later: the right PIN works again; five more wrong ones
	// lock for two minutes, then four.
	f.now = f.now.Add(time.Minute)
	wrong(4)
	_, err = f.till.SignIn(ctx, "cam", "9999")
	f.refused(err, ELocked)
	if s := f.st.StaffList[1]; s.ID != "cam" || s.Lockouts != 2 || !s.LockedUntil.Equal(f.now.Add(2*time.Minute)) {
		t.Fatalf("second lock %+v", s)
	}
	f.now = f.now.Add(2 * time.Minute)
	// Approvals count towards the same lockout.
	for i := 0; i < 5; i++ {
		_, err = f.till.Approve(ctx, PermTestMode, "cam", "9999")
	}
	f.refused(err, ELocked)
	if s := f.st.StaffList[1]; !s.LockedUntil.Equal(f.now.Add(4 * time.Minute)) {
		t.Fatalf("third lock %+v", s)
	}
	// A manager sees and clears it.
	o, err := f.till.OfficeFor(ctx, "mia", miaPIN)
	f.ok(err)
	staff, _ := o.Staff(ctx)
	if staff[0].ID != "cam" || !staff[0].Locked(f.now) {
		t.Fatalf("the manager does not see the lock: %+v", staff)
	}
	f.ok(o.ClearLockout(ctx, "cam"))
	f.signIn("cam", camPIN)
	if got := f.actions(); got != "lockout/cam lockout/cam lockout/cam lockout_clear/mia" {
		t.Fatalf("audit %q", got)
	}
	for i, d := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute} {
		if got := LockoutFor(i + 1); got != d {
			t.Errorf("LockoutFor(%d) = %v", i+1, got)
		}
	}
	if LockoutFor(40) != 24*time.Hour {
		t.Error("lockouts are capped at a day")
	}
}

// Two tills trying wrong PINs at once count every try: the lock is decided
// in the store's write.
func TestPINLockoutConcurrent(t *testing.T) {
	f := newTrustFixture(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[string]int{}
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.till.SignIn(ctx, "cam", "9999")
			mu.Lock()
			codes[ErrorCode(err)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[ELocked] != 1 || codes[ENotAllowed] != 4 {
		t.Fatalf("codes %v", codes)
	}
}

// An old bcrypt hash still verifies, and a right PIN replaces it with
// argon2id.
func TestBcryptRehashedAtSignIn(t *testing.T) {
	f := newTrustFixture(t)
	old, err := bcrypt.GenerateFromPassword([]byte("2468"), bcrypt.MinCost)
	f.ok(err)
	f.st.StaffList[1].PINHash = string(old)
	if _, err := f.till.SignIn(ctx, "cam", "1357"); !IsWrongPIN(err) {
		t.Fatalf("wrong PIN on a bcrypt hash: %v", err)
	}
	if f.st.StaffList[1].PINHash != string(old) {
		t.Fatal("a wrong PIN changed the hash")
	}
	f.signIn("cam", "2468")
	h := f.st.StaffList[1].PINHash
	if !strings.HasPrefix(h, "$argon2id$v=19$") || PINNeedsRehash(h) || !PINMatches(h, "2468") {
		t.Fatalf("hash after sign-in %q", h)
	}
	f.signIn("cam", "2468")
}

func TestPINFormats(t *testing.T) {
	tests := []struct {
		role Role
		pin  string
		ok   bool
	}{
		{Cashier, "0000", true},
		{Cashier, "123", false},
		{Cashier, "12345678", true},
		{Cashier, "123456789", false},
		{Manager, "1234", false},
		{Manager, "12345", false},
		{Manager, "123456", true},
		{Manager, "12a456", false},
	}
	for _, tc := range tests {
		if err := CheckPINForRole(tc.role, tc.pin); (err == nil) != tc.ok {
			t.Errorf("%s %q: %v", tc.role, tc.pin, err)
		}
	}
	h, err := HashPIN("123456")
	f := func(s string) bool { return strings.HasPrefix(h, s) }
	if err != nil || !f(fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", PINCost.Memory, PINCost.Time, PINCost.Threads)) {
		t.Fatalf("hash %q, %v", h, err)
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=64,t=1,p=1$", "$argon2id$v=18$m=64,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$a2V5", "plain"} {
		if PINMatches(bad, "123456") {
			t.Errorf("%q matched", bad)
		}
	}
}

// The demo staff every new database gets.
func TestDemoStaff(t *testing.T) {
	demo, err := DemoStaff()
	if err != nil || len(demo) != 2 {
		t.Fatal(demo, err)
	}
	for _, s := range demo {
		pin := map[Role]string{Manager: DemoManagerPIN, Cashier: DemoCashierPIN}[s.Role]
		if s.ID != string(s.Role) || !s.DemoPIN || !s.Active || !PINMatches(s.PINHash, pin) || CheckPINForRole(s.Role, pin) != nil {
			t.Errorf("demo %+v", s)
		}
	}
}

// Every record says who: orders, returns, shifts, cash moves, parked
// carts, audit entries.
func TestStaffRecordedEverywhere(t *testing.T) {
	f := newTrustFixture(t)
	f.add("a", 1)
	f.ok(f.till.Park(ctx, "later"))
	if p := f.till.Parked(); len(p) != 1 || p[0].StaffID != "cam" {
		t.Fatalf("parked %+v", p)
	}
	if carts, _ := f.st.LoadCarts(ctx); carts[0].StaffID != "cam" {
		t.Fatal("the stored parked cart does not say who")
	}
	f.signIn("mia", miaPIN)
	f.add("c", 1)
	o, err := f.till.Pay(ctx, []Tender{{Method: Cash, Amount: money("10.00")}})
	f.ok(err)
	if o.StaffID != "mia" || o.StaffName != "Mia" || f.st.Orders[0].StaffID != "mia" {
		t.Fatalf("order %q %q", o.StaffID, o.StaffName)
	}
	f.signIn("cam", camPIN)
	r, err := f.till.Return(ctx, o.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	f.ok(err)
	if r.StaffID != "cam" || r.StaffName != "Cam" || f.st.ReturnsMade[0].StaffID != "cam" {
		t.Fatalf("return %q", r.StaffID)
	}
	for _, e := range f.audit() {
		if e.StaffID == "" {
			t.Fatalf("an entry without who: %+v", e)
		}
	}
}

// Pay builds a new usage set instead of changing the one Discounts() handed
// out, and shifts read the location under the lock (go test -race).
func TestNoRaceOnDiscountsAndLocation(t *testing.T) {
	f := newTrustFixture(t)
	d := pctOff("once", ClassProduct, "10")
	d.UsageLimit = 1
	f.st.setup.Discounts = []Discount{d}
	f.ok(f.till.Reload(ctx))
	handed := f.till.Discounts()
	f.add("a", 1)
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		for i := 0; i < 50; i++ {
			_ = handed.LimitReached["once"]
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 10; i++ {
			if err := f.till.Reload(context.Background()); err != nil {
				t.Error(err)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 5; i++ {
			if _, err := f.till.OpenShift(context.Background(), money("1.00")); err != nil {
				t.Error(err)
			}
			if _, err := f.till.CloseShift(context.Background(), money("1.00")); err != nil {
				t.Error(err)
			}
		}
	}()
	_, err := f.till.Pay(ctx, []Tender{{Method: Cash, Amount: money("90.00")}})
	wg.Wait()
	f.ok(err)
	if handed.LimitReached["once"] {
		t.Fatal("Pay changed the set Discounts() handed out")
	}
	if !f.till.Discounts().LimitReached["once"] {
		t.Fatal("the till's own set does not see the use")
	}
}

// pos.Error wraps its cause.
func TestErrorUnwrap(t *testing.T) {
	cause := errors.New("disk full")
	err := Errorf(EInternal, "saving the cart: %w", cause)
	if !errors.Is(err, cause) || err.Message != "saving the cart: disk full" || err.Format != "saving the cart: %v" {
		t.Fatalf("%+v", err)
	}
	outer := fmt.Errorf("outer: %w", Errorf(ENotAllowed, "no"))
	if ErrorCode(outer) != ENotAllowed {
		t.Fatal(ErrorCode(outer))
	}
	if Errorf(EInvalid, "plain %d", 1).Unwrap() != nil {
		t.Fatal("a format without %w wraps nothing")
	}
}

// BenchmarkPINCheck is the cost of one PIN check at the shop's cost
// (DefaultPINCost): at least 100 ms on the till (docs/rules.md).
func BenchmarkPINCheck(b *testing.B) {
	old := PINCost
	PINCost = DefaultPINCost
	defer func() { PINCost = old }()
	h, err := HashPIN("123456")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		if !PINMatches(h, "123456") {
			b.Fatal("no match")
		}
	}
	reportCPU(b, start)
}

// A trusted actor (Options.Actor: the scenario runner, tests) is a manager
// with no row in the staff table: its back office works.
func TestTrustedActorOffice(t *testing.T) {
	st := NewMemStore(Setup{Location: Location{ID: "shop", Currency: "USD"}, Products: []Product{prod("a", "1.00")}})
	till, err := NewTill(ctx, st, Options{Actor: &ScenarioRunner})
	if err != nil {
		t.Fatal(err)
	}
	o, err := till.Office(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.SaveProduct(ctx, prod("b", "2.00")); err != nil {
		t.Fatal(err)
	}
	if log, _ := st.Audit(ctx, 0); len(log) != 1 || log[0].StaffID != "scenario-runner" {
		t.Fatalf("audit %+v", log)
	}
	// Not so for a member who only claims the runner's id.
	till.Lock()
	if _, err := till.OfficeFor(ctx, "scenario-runner", "123456"); !IsWrongPIN(err) {
		t.Fatalf("office for an unknown member: %v", err)
	}
}

// A sale is recorded even when the usage cannot be read again after it;
// the error is not dropped: the next change reads the usage first and
// fails with it until it can.
func TestUsageUnreadAfterASaleIsNotDropped(t *testing.T) {
	f := newTrustFixture(t)
	f.add("a", 1)
	cause := errors.New("disk on fire")
	f.st.FailUsage = cause
	o, err := f.till.Pay(ctx, []Tender{{Method: Cash, Amount: money("100.00")}})
	if err != nil || o == nil || len(f.st.Orders) != 1 {
		t.Fatalf("the sale: %v, %v", o, err)
	}
	f.ok(f.till.NewCart(ctx, CartOptions{}))
	err = f.till.Add(ctx, "a", "", 1)
	f.refused(err, EInternal)
	if !errors.Is(err, cause) {
		t.Fatalf("the cause is lost: %v", err)
	}
	f.st.FailUsage = nil
	f.add("a", 1)
}

// A till restarted in the other mode parks the cart left open in the old
// one: a test cart never becomes a live sale's, nor the reverse.
func TestRestartInTheOtherModeParksTheOpenCart(t *testing.T) {
	f := newTrustFixture(t)
	f.signIn("mia", miaPIN)
	f.ok(f.till.SetTestMode(ctx, true))
	f.add("a", 1)
	testCart := f.till.Cart()
	live, err := NewTill(ctx, f.st, Options{TillID: "t1", Now: func() time.Time { return f.now }})
	f.ok(err)
	if c := live.Cart(); c.ID == testCart.ID || c.Test {
		t.Fatalf("a live till opened on the test cart %+v", c)
	}
	if p := live.Parked(); len(p) != 1 || p[0].ID != testCart.ID || !p[0].Test {
		t.Fatalf("parked %+v", p)
	}
	if _, err := live.SignIn(ctx, "mia", miaPIN); err != nil {
		t.Fatal(err)
	}
	f.refused(live.Resume(ctx, testCart.ID), ENotAllowed)
}
