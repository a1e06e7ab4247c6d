package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// clock is a settable time for the till and the idle lock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// signInFixture is a till nobody is signed in at, with manager Mia (PIN
// 123456) and cashier Cam (PIN 0000), on the sign-in screen.
type signInFixture struct {
	*officeFixture
	clock *clock
	v     *signInView
}

func newSignInFixture(t *testing.T, setup pos.Setup, limit pos.ApprovalLimit) *signInFixture {
	t.Helper()
	pos.PINCost = pos.TestPINCost
	a := test.NewTempApp(t)
	if fixtureTheme != nil {
		a.Settings().SetTheme(fixtureTheme)
	}
	store := pos.NewMemStore(setup)
	store.Limit = limit
	mh, _ := pos.HashPIN("123456")
	ch, _ := pos.HashPIN("0000")
	store.StaffList = []pos.Staff{
		{ID: "mia", Name: "Mia", Role: pos.Manager, PINHash: mh, Active: true},
		{ID: "cam", Name: "Cam", Role: pos.Cashier, PINHash: ch, Active: true},
	}
	c := &clock{t: time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)}
	till, err := pos.NewTill(context.Background(), store, pos.Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	s := NewSell(till, Options{DataDir: t.TempDir()}, w)
	s.deliver = s.queue
	s.lk.now = c.now
	s.Show()
	w.Resize(windowSize)
	s.showSignIn()
	s.settle()
	f := &signInFixture{
		officeFixture: &officeFixture{fixture: &fixture{t: t, store: store, till: till, win: w, s: s}, office: &memOffice{store: store}},
		clock:         c, v: s.lk.screen,
	}
	return f
}

// tile taps the sign-in tile of name.
func (f *signInFixture) tile(name string) {
	f.t.Helper()
	for i, m := range f.v.staff {
		if m.Name == name {
			test.Tap(f.v.tiles[i])
			return
		}
	}
	f.t.Fatalf("no tile for %s among %+v", name, f.v.staff)
}

// keypad taps the PIN on the on-screen keypad, then OK.
func (f *signInFixture) keypad(pin string) {
	for _, d := range pin {
		test.Tap(f.v.keys[string(d)])
	}
	test.Tap(f.v.keys["ok"])
	f.s.settle()
}

// keyboard types the PIN on the keyboard, then Enter.
func (f *signInFixture) keyboard(pin string) {
	test.Type(f.v.pin, pin)
	enter(f.v.pin)
	f.s.settle()
}

func (f *signInFixture) signedIn() string {
	who, ok := f.till.SignedIn()
	if !ok {
		return ""
	}
	return who.ID
}

func (f *signInFixture) onSignInScreen() bool {
	return f.s.lk.locked && f.win.Content() == f.v.root
}

// The window opens on the sign-in screen; a tile, then the PIN on the
// keypad signs in; Ctrl+L locks; the keyboard signs in too; the top bar
// names who is signed in.
func TestSignInWithTilesKeypadAndKeyboard(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{})
	s, v := f.s, f.v
	if !f.onSignInScreen() || len(v.tiles) != 2 || !v.picker.Visible() || v.pad.Visible() {
		t.Fatalf("the window opens on the picker: %d tiles", len(v.tiles))
	}
	if texts := widgetTexts(v.grid); !strings.Contains(texts, "Cam|Cashier|") || !strings.Contains(texts, "Mia|Manager|") {
		t.Fatalf("tiles %s", texts)
	}
	for _, b := range v.keys {
		if sz := b.Size(); sz.Width < 44 || sz.Height < 44 {
			t.Fatalf("a keypad key is %v, under 44×44", sz)
		}
	}
	s.keys.key(fyne.KeyF12) // the sell screen's keys stay quiet behind it
	if s.payD != nil {
		t.Fatal("F12 opened the pay dialog on the sign-in screen")
	}
	f.tile("Cam")
	if !v.pad.Visible() || v.picker.Visible() || v.whoName.Text != "PIN for Cam" {
		t.Fatalf("the PIN pad for Cam: %q", v.whoName.Text)
	}
	f.keypad("0000")
	if f.signedIn() != "cam" || f.onSignInScreen() || f.win.Content() != s.root {
		t.Fatalf("the keypad signed in %q", f.signedIn())
	}
	if !strings.HasPrefix(s.bar.title.Text, "Cam · ") {
		t.Fatalf("top bar %q", s.bar.title.Text)
	}
	s.keys.shortcut(ctrl(fyne.KeyL))
	if !f.onSignInScreen() || f.signedIn() != "" {
		t.Fatal("Ctrl+L locks the till")
	}
	s.settle()
	f.tile("Mia")
	f.keyboard("123456")
	if f.signedIn() != "mia" || !strings.HasPrefix(s.bar.title.Text, "Mia · ") {
		t.Fatalf("the keyboard signed in %q", f.signedIn())
	}
	test.Tap(s.lk.btn) // the top bar's Lock
	if !f.onSignInScreen() {
		t.Fatal("the Lock button locks the till")
	}
}

// A wrong PIN says so and stays on the pad; Esc goes back to the names;
// five wrong PINs lock the member out, and the screen says until when.
func TestSignInWrongPINAndLockout(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{})
	s, v := f.s, f.v
	f.tile("Cam")
	f.keypad("1111")
	if f.signedIn() != "" || !v.msg.Visible() || v.msg.Text != "Wrong PIN. Try again." || v.pin.Text != "" {
		t.Fatalf("wrong PIN: %q", v.msg.Text)
	}
	v.pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !v.picker.Visible() || v.pad.Visible() {
		t.Fatal("Esc goes back to the picker")
	}
	s.settle()
	f.tile("Cam")
	for i := 0; i < 4; i++ {
		f.keyboard("2222")
	}
	until := f.clock.now().Add(time.Minute).Local()
	if !strings.Contains(v.msg.Text, "locked out until "+until.Format("15:04:05")) {
		t.Fatalf("the fifth wrong PIN: %q", v.msg.Text)
	}
	f.keyboard("0000") // the right PIN, but Cam is locked out
	if f.signedIn() != "" || !strings.Contains(v.msg.Text, "locked out until") {
		t.Fatalf("a locked member signed in: %q", v.msg.Text)
	}
	v.pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	s.settle()
	if texts := widgetTexts(v.grid); !strings.Contains(texts, "Cam|Cashier|Locked until "+until.Format("15:04")+"|") {
		t.Fatalf("the picker shows Cam locked: %s", texts)
	}
	f.tile("Cam")
	if !v.note.Visible() || v.note.Text != "Locked until "+until.Format("15:04") {
		t.Fatalf("the pad shows the lock: %q", v.note.Text)
	}
	f.clock.advance(time.Minute)
	f.keyboard("0000")
	if f.signedIn() != "cam" {
		t.Fatalf("after the lockout: %q", v.msg.Text)
	}
}

// A staff code typed on the picker leads to the PIN pad; an unknown code
// is only ever a wrong PIN.
func TestSignInByStaffCode(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{})
	v := f.v
	enter(v.code)
	if !v.pickMsg.Visible() || v.pad.Visible() {
		t.Fatal("an empty code asks for one")
	}
	test.Type(v.code, "zz")
	enter(v.code)
	if !v.pad.Visible() || v.whoName.Text != "PIN for zz" {
		t.Fatalf("pad %q", v.whoName.Text)
	}
	f.keyboard("0000")
	if f.signedIn() != "" || v.msg.Text != "Wrong PIN. Try again." {
		t.Fatalf("unknown code: %q", v.msg.Text)
	}
	v.pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	f.s.settle()
	test.Type(v.code, "CAM")
	test.Tap(v.codeBtn)
	if v.whoName.Text != "PIN for Cam" {
		t.Fatalf("pad %q", v.whoName.Text)
	}
	f.keypad("0000")
	if f.signedIn() != "cam" {
		t.Fatalf("code sign-in: %q", v.msg.Text)
	}
}

// Locking keeps the open cart for the next member and closes any dialog.
func TestLockKeepsTheCart(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	f.tile("Cam")
	f.keypad("0000")
	mug, _ := f.till.Catalog().Product("mug")
	tea, _ := f.till.Catalog().Product("tea")
	s.addProduct(mug)
	s.addProduct(tea)
	s.settle()
	before := f.till.Cart()
	s.confirmNewSale() // a dialog open at the lock
	if s.dialogs != 1 {
		t.Fatalf("%d dialogs", s.dialogs)
	}
	s.keys.shortcut(ctrl(fyne.KeyL)) // works behind the dialog
	if !f.onSignInScreen() || s.dialogs != 0 || len(s.open) != 0 {
		t.Fatalf("the lock closes the dialogs (%d open)", s.dialogs)
	}
	s.settle()
	f.tile("Mia")
	f.keypad("123456")
	after := f.till.Cart()
	if after.ID != before.ID || len(after.Lines) != 2 || len(s.quote.Lines) != 2 || s.quote.Lines[1].Title != "Green tea 100 g" {
		t.Fatalf("the cart after the next sign-in: %+v", after.Lines)
	}
	if f.win.Content() != s.root || s.dialogs != 0 {
		t.Fatal("the sell screen is back, with no dialog")
	}
}

// The till locks itself after the idle time read at sign-in; keys and
// taps put it off.
func TestIdleLock(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	f.store.SaveIdleLock(context.Background(), 2*time.Minute)
	f.tile("Cam")
	f.keypad("0000")
	if s.lk.idle != 2*time.Minute {
		t.Fatalf("idle time %v", s.lk.idle)
	}
	f.clock.advance(90 * time.Second)
	s.lk.checkIdle()
	test.Type(s.prod.search, "mu") // activity
	f.clock.advance(90 * time.Second)
	s.lk.checkIdle()
	if f.onSignInScreen() {
		t.Fatal("locked 90 s after a key")
	}
	mug, _ := f.till.Catalog().Product("mug")
	s.addProduct(mug) // a tap that reaches the till
	s.settle()
	f.clock.advance(119 * time.Second)
	s.lk.checkIdle()
	if f.onSignInScreen() {
		t.Fatal("locked before the idle time")
	}
	// A change in the back office applies at the next sign-in.
	f.store.SaveIdleLock(context.Background(), 10*time.Minute)
	f.clock.advance(time.Second)
	s.lk.checkIdle()
	if !f.onSignInScreen() || f.signedIn() != "" {
		t.Fatal("the till locks itself after 2 minutes idle")
	}
	s.settle()
	f.tile("Cam")
	f.keypad("0000")
	if s.lk.idle != 10*time.Minute || len(s.quote.Lines) != 1 {
		t.Fatalf("idle %v, %d lines", s.lk.idle, len(s.quote.Lines))
	}
}

// approve types the manager's PIN in the approval dialog.
func (f *signInFixture) approve(pin string) {
	f.t.Helper()
	p := f.s.mgr.pin
	if p == nil {
		f.t.Fatal("no approval dialog")
	}
	p.entry.SetText("")
	test.Type(p.entry, pin)
	enter(p.entry)
	f.s.settle()
}

// A cashier's 30 % cart discount (limit 20 %) asks a manager: a wrong PIN
// refuses, the right one applies it. The dialog says what and how much.
func TestApprovalOfACartDiscount(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{Percent: pct("20")})
	s := f.s
	f.tile("Cam")
	f.keypad("0000")
	grinder, _ := f.till.Catalog().Product("grinder")
	s.addProduct(grinder)
	s.settle()
	s.keys.key(fyne.KeyF5)
	test.Type(s.cartForm.value, "30")
	enter(s.cartForm.value)
	s.settle()
	p := s.mgr.pin
	if p == nil {
		t.Fatal("30 % asks a manager")
	}
	if p.why.Text != "Approve: custom discounts above the limit" || !strings.Contains(p.detail.Text, "$19.50") || len(p.who.Options) != 1 || p.who.Selected != "Mia" {
		t.Fatalf("the dialog says %q / %q, offers %v", p.why.Text, p.detail.Text, p.who.Options)
	}
	f.approve("0000")
	if !p.msg.Visible() || len(s.quote.OrderDiscounts) != 0 {
		t.Fatal("a wrong PIN applied it")
	}
	f.approve("123456")
	if s.mgr.pin != nil || len(s.quote.OrderDiscounts) != 1 {
		t.Fatalf("the right PIN applies it: %+v", s.quote.OrderDiscounts)
	}
}

// A cashier's Ctrl+T asks a manager; cancelled, nothing changes.
func TestApprovalOfTestMode(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	f.tile("Cam")
	f.keypad("0000")
	s.keys.shortcut(ctrl(fyne.KeyT))
	s.settle()
	if s.mgr.pin == nil || s.mgr.pin.why.Text != "Approve: switching test mode" {
		t.Fatal("Ctrl+T asks a manager")
	}
	s.mgr.pin.d.Hide()
	if s.cart.Test || s.bar.testSwitch.Checked {
		t.Fatal("test mode without approval")
	}
	s.keys.shortcut(ctrl(fyne.KeyT))
	s.settle()
	f.approve("123456")
	if !s.cart.Test || !s.bar.testSwitch.Checked || !s.bar.banner.Visible() {
		t.Fatal("approved, test mode is on")
	}
}

// Cash out and a no-sale ask a manager; the no-sale then kicks the drawer
// through the receipt printer.
func TestApprovalOfCashOutAndNoSale(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	printer := filepath.Join(t.TempDir(), "lp0")
	f.tile("Mia")
	f.keypad("123456")
	if err := f.till.SetPrinter(context.Background(), printer, 48); err != nil {
		t.Fatal(err)
	}
	s.lock()
	s.settle()
	f.tile("Cam")
	f.keypad("0000")
	s.keys.shortcut(ctrl(fyne.KeyD))
	s.settle()
	h := s.ops.shiftD
	test.Type(h.float, "100")
	enter(h.float)
	s.settle()
	test.Type(h.moveAmount, "30")
	test.Type(h.moveReason, "bank drop")
	h.moveReason.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF3})
	s.settle()
	p := s.mgr.pin
	if p == nil || p.why.Text != "Approve: cash out of the drawer\nCash out: $30.00 (bank drop)" {
		t.Fatalf("cash out asks a manager: %+v", p)
	}
	f.approve("123456")
	if s.mgr.pin != nil || !strings.Contains(h.msg.Text, "Recorded: −$30.00") {
		t.Fatalf("after approval: %q", h.msg.Text)
	}
	test.Type(h.moveReason, "change for the market")
	test.Tap(h.noSale)
	s.settle()
	if p = s.mgr.pin; p == nil || !strings.HasPrefix(p.why.Text, "Approve: opening the drawer with no sale\nNo sale: change for the market") {
		t.Fatalf("no-sale asks a manager: %+v", p)
	}
	if _, err := os.Stat(printer); err == nil {
		t.Fatal("the drawer opened before the approval")
	}
	f.approve("123456")
	got, _ := os.ReadFile(printer)
	if string(got) != "\x1bp\x00\x19\xfa" || !strings.Contains(h.msg.Text, "drawer is open") {
		t.Fatalf("the drawer kick: % x, %q", got, h.msg.Text)
	}
	var noSale, approvals int
	for _, e := range f.office.entries() {
		switch e.Action {
		case pos.AuditNoSale:
			noSale++
		case pos.AuditApproval:
			approvals++
		}
	}
	if noSale != 1 || approvals != 2 {
		t.Fatalf("audit %v", f.office.actions())
	}
}

// The back office opens with no second PIN for a manager signed in, and
// asks for a manager's PIN from a cashier. While a demo PIN is left it
// asks to change them on every visit until none is left.
func TestBackOfficeDemoPINPrompt(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	for i := range f.store.StaffList {
		f.store.StaffList[i].DemoPIN = true
	}
	f.tile("Cam")
	f.keypad("0000")
	test.Tap(s.mgr.btn)
	s.settle()
	if s.mgr.bo != nil || s.mgr.pin == nil {
		t.Fatal("a cashier opened the back office without a manager's PIN")
	}
	s.mgr.pin.d.Hide()
	s.lock()
	s.settle()
	f.tile("Mia")
	f.keypad("123456")
	test.Tap(s.mgr.btn)
	s.settle()
	if s.mgr.bo == nil || s.mgr.pin != nil {
		t.Fatal("a manager signed in opens the back office with no second PIN")
	}
	d := s.mgr.demo
	if d == nil || len(d.members) != 2 || d.members[0].Name != "Cam" || d.members[1].Name != "Mia" {
		t.Fatalf("the demo-PIN prompt lists who has one: %+v", d)
	}
	test.Tap(d.later)
	test.Tap(s.mgr.bo.back)
	test.Tap(s.mgr.btn)
	s.settle()
	if d = s.mgr.demo; d == nil {
		t.Fatal("postponed, the prompt shows again next visit")
	}
	test.Type(d.pins[0], "4321")
	test.Type(d.pins[1], "1234") // a manager needs 6 digits: the till says so
	test.Tap(d.save)
	s.settle()
	if !d.errs[1].Visible() || !strings.Contains(d.errs[1].Text, "6") || d.errs[0].Visible() || s.mgr.demo == nil {
		t.Fatalf("Cam saved, Mia refused: %q %q", d.errs[0].Text, d.errs[1].Text)
	}
	d.pins[1].SetText("654321")
	test.Tap(d.save)
	s.settle()
	if s.mgr.demo != nil {
		t.Fatal("the prompt closes once no demo PIN is left")
	}
	staff, _ := f.store.Staff(context.Background())
	if staff[0].DemoPIN || staff[1].DemoPIN || !pos.PINMatches(staff[0].PINHash, "4321") || !pos.PINMatches(staff[1].PINHash, "654321") { // cam, mia
		t.Fatalf("stored %+v", staff)
	}
	test.Tap(s.mgr.bo.back)
	test.Tap(s.mgr.btn)
	s.settle()
	if s.mgr.demo != nil {
		t.Fatal("no prompt once the PINs are changed")
	}
}

// The staff tab shows a member locked out and until when; Clear lock lets
// them sign in again.
func TestStaffTabClearsALockout(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{})
	s, v := f.s, f.v
	f.tile("Cam")
	for i := 0; i < 5; i++ {
		f.keyboard("9999")
	}
	v.pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	s.settle()
	f.tile("Mia")
	f.keypad("123456")
	test.Tap(s.mgr.btn)
	s.settle()
	bo := s.mgr.bo
	bo.tabs.SelectIndex(5)
	s.settle()
	st := bo.staff
	until := "Locked until " + f.clock.now().Add(time.Minute).Local().Format("15:04")
	if len(st.staff) != 2 || st.line(st.staff[0]) != "Cam · Cashier · "+until || st.line(st.staff[1]) != "Mia · Manager" {
		t.Fatalf("the list shows the lock: %+v", st.staff)
	}
	st.list.Select(0) // Cam, by name
	if !st.clearBtn.Visible() || !strings.Contains(st.lockNote.Text, until) {
		t.Fatalf("the form shows the lock: %q", st.lockNote.Text)
	}
	test.Tap(st.clearBtn)
	s.settle()
	if st.clearBtn.Visible() || !strings.Contains(bo.msg.Text, "Cam can sign in again") {
		t.Fatalf("after Clear lock: %q", bo.msg.Text)
	}
	if got := f.office.actions(); got[len(got)-1] != pos.AuditLockoutClear+":cam" {
		t.Fatalf("audit %v", got)
	}
	test.Tap(bo.back)
	s.lock()
	s.settle()
	f.tile("Cam")
	f.keypad("0000")
	if f.signedIn() != "cam" {
		t.Fatalf("Cam signs in again: %q", v.msg.Text)
	}
}

// The limits form saves percent, amount, refund and idle time, then shows
// what is stored.
func TestLimitsFormShowsWhatIsStored(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.DefaultApprovalLimit("USD"))
	s := f.s
	f.tile("Mia")
	f.keypad("123456")
	test.Tap(s.mgr.btn)
	s.settle()
	loc := s.mgr.bo.location
	if loc.limitPct.Text != "20" || loc.limitAmt.Text != "50.00" || loc.limitRefund.Text != "50.00" || loc.idle.Text != "5" {
		t.Fatalf("shown %q %q %q %q", loc.limitPct.Text, loc.limitAmt.Text, loc.limitRefund.Text, loc.idle.Text)
	}
	loc.limitPct.SetText("12.5")
	loc.limitAmt.SetText("")
	loc.limitRefund.SetText("80")
	loc.idle.SetText("0.5")
	test.Tap(loc.limitBtn)
	s.settle()
	l, _ := f.store.ApprovalLimit(context.Background())
	idle, _ := f.store.IdleLock(context.Background())
	if l.Percent.Cmp(pct("12.5")) != 0 || !l.Amount.IsZero() || l.Refund.Cmp(usd("80")) != 0 || idle != 30*time.Second {
		t.Fatalf("stored %+v, idle %v", l, idle)
	}
	if loc.limitPct.Text != "12.5" || loc.limitAmt.Text != "" || loc.limitRefund.Text != "80.00" || loc.idle.Text != "0.5" {
		t.Fatalf("shown after save %q %q %q %q", loc.limitPct.Text, loc.limitAmt.Text, loc.limitRefund.Text, loc.idle.Text)
	}
	loc.idle.SetText("0.1") // 6 s: the till refuses, the form shows what is stored
	test.Tap(loc.limitBtn)
	s.settle()
	if !loc.rows["idle"].err.Visible() || loc.idle.Text != "0.5" {
		t.Fatalf("refused: %q, shown %q", loc.rows["idle"].err.Text, loc.idle.Text)
	}
}

// A cashier's return whose refund is above the limit asks a manager; the
// dialog says how much; approved, the return is recorded.
func TestApprovalOfARefund(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{Refund: usd("20.00")})
	s := f.s
	f.tile("Cam")
	f.keypad("0000")
	grinder, _ := f.till.Catalog().Product("grinder")
	s.addProduct(grinder)
	s.settle()
	s.keys.key(fyne.KeyF12)
	test.Type(s.payD.cash, "100")
	enter(s.payD.cash)
	s.settle()
	s.receiptNext()
	s.settle()
	if len(f.store.Orders) != 1 {
		t.Fatalf("%d orders", len(f.store.Orders))
	}
	s.openReturn(f.store.Orders[0]) // as Orders (F10) then F7 does
	s.settle()
	r := s.ops.returnD
	test.Type(r.qty[0], "1")
	s.settle()
	enter(r.qty[0])
	s.settle()
	p := s.mgr.pin
	if p == nil || p.why.Text != "Approve: a refund above the limit" || !strings.Contains(p.detail.Text, "$70.36") {
		t.Fatalf("the refund asks a manager: %+v", p)
	}
	if len(f.store.ReturnsMade) != 0 {
		t.Fatal("recorded before the approval")
	}
	p.d.Hide() // nobody approves: the return can be asked again
	if r.confirm.Disabled() || !r.msg.Visible() {
		t.Fatalf("after a cancelled approval: %q", r.msg.Text)
	}
	enter(r.qty[0])
	s.settle()
	f.approve("123456")
	if len(f.store.ReturnsMade) != 1 || s.mgr.pin != nil {
		t.Fatalf("%d returns recorded", len(f.store.ReturnsMade))
	}
}

// A till nobody is signed in to refuses the first change and shows the
// sign-in screen; the cart is where it was; the member signed in rings up.
// (The window starts on the sign-in screen; this is a refusal's way there.)
func TestChangeShowsTheSignInScreen(t *testing.T) {
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	f.tile("Cam")
	f.keypad("0000")
	f.till.Lock() // signed out behind the window's back (another front)
	mug, _ := f.till.Catalog().Product("mug")
	s.addProduct(mug)
	s.settle()
	if !f.onSignInScreen() || len(f.till.Cart().Lines) != 0 {
		t.Fatal("a change with nobody signed in shows the sign-in screen and changes nothing")
	}
	f.tile("Cam")
	f.keypad("1111")
	if f.signedIn() != "" || !f.v.msg.Visible() {
		t.Fatal("a wrong PIN stays on the pad and says so")
	}
	f.keyboard("0000")
	s.addProduct(mug)
	s.settle()
	if len(f.till.Cart().Lines) != 1 || f.till.Cart().StaffID != "cam" {
		t.Fatal("the cashier signed in rings up")
	}
}
