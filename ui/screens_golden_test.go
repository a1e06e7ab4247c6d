package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// goldenSizes are the screens every golden image is taken at.
var goldenSizes = []fyne.Size{{Width: 1024, Height: 768}, {Width: 1920, Height: 1080}}

// goldenClock is the fixed clock of the golden images (times, days and
// order numbers in them do not change from one run to the next).
func goldenClock(t *testing.T) func() time.Time {
	local := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = local })
	at := time.Date(2026, 6, 15, 10, 30, 0, 0, time.UTC)
	return func() time.Time { return at }
}

// goldenFixture is a fixture for golden images: light theme, fixed clock,
// the window at size.
func goldenFixture(t *testing.T, code string, size fyne.Size, opts Options) *fixture {
	t.Helper()
	useLanguage(t, code)
	fixtureTheme = theme.LightTheme()
	fixtureNow = goldenClock(t)
	t.Cleanup(func() { fixtureTheme, fixtureNow = nil, nil })
	f := newFixtureOpts(t, testSetup(), opts)
	f.win.Resize(size)
	return f
}

// goldenDataDir is the till's data directory for golden images: a path
// relative to the package, the same at every run (the receipts' "Saved as"
// paths show in the images), emptied before and after.
func goldenDataDir(t *testing.T) string {
	dir := filepath.Join("testdata", "golden-till")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// shot compares the window with testdata/sell/state-code-WxH.png once the
// till's calls have landed, and checks the window kept its size.
func (f *fixture) shot(t *testing.T, state, code string, size fyne.Size) {
	t.Helper()
	f.s.settle()
	f.win.Content().Refresh() // as a frame of the real window would
	c := f.win.Canvas()
	if got := c.Size(); got != size {
		t.Errorf("%s: the window is %v, not %v: it resized itself", state, got, size)
	}
	assertGolden(t, fmt.Sprintf("sell/%s-%s-%.0fx%.0f.png", state, code, size.Width, size.Height), c.Capture())
}

// The sell side's screens and dialogs, at 1024×768 and 1920×1080, in
// English and French, match testdata/sell/*.png: search results, a line
// discount, the note, a custom sale, split payment, the receipt choice,
// the orders list, a return and its receipt, parked carts, test mode, the
// shift closed, open and closed with its Z report, the locked till, and a
// joined till's head-office status. (The empty screen, a cart with its
// discounts, explanations and cross-sell offers, and the pay dialog are
// TestGoldenSellScreens'.) UPDATE_GOLDEN=1 rewrites them; SCREENSHOTS=dir
// copies each capture there (make screenshots).
func TestGoldenSellSide(t *testing.T) {
	for _, code := range []string{"en", "fr"} {
		for _, size := range goldenSizes {
			t.Run(fmt.Sprintf("%s-%.0f", code, size.Width), func(t *testing.T) { goldenSellSide(t, code, size) })
		}
	}
}

func goldenSellSide(t *testing.T, code string, size fyne.Size) {
	f := goldenFixture(t, code, size, Options{DataDir: goldenDataDir(t)})
	s := f.s
	shot := func(state string) { t.Helper(); f.shot(t, state, code, size) }
	closeAll := func() {
		t.Helper()
		s.closeDialogs()
		s.settle()
		if s.dialogs != 0 {
			t.Fatalf("%d dialogs stay open", s.dialogs)
		}
	}

	// The shift, closed: its float.
	s.openShift()
	s.settle()
	h := s.ops.shiftD
	if h == nil {
		t.Fatal("no shift dialog")
	}
	shot("shift-closed")
	test.Type(h.float, "150")
	h.doOpen()
	s.settle()
	if h.shift == nil {
		t.Fatalf("the shift did not open: %s", h.msg.Text)
	}
	closeAll()

	// Search answering as the cashier types.
	test.Type(s.prod.search, "co")
	shot("search")
	s.prod.search.SetText("")

	// A cart, a custom discount on its first line.
	for _, i := range []int{0, 2, 1} { // beans → filters, grinder → brush, mug
		s.addProduct(s.prod.index.favourites[i])
		s.settle()
	}
	s.openLineDiscount(1)
	s.settle()
	if s.lineForm == nil {
		t.Fatal("no line discount dialog")
	}
	test.Type(s.lineForm.value, "10")
	test.Type(s.lineForm.reason, "Loyal customer")
	shot("line-discount")
	closeAll()

	// The note on the order.
	s.openNote()
	s.settle()
	if s.noteD == nil {
		t.Fatal("no note dialog")
	}
	test.Type(s.noteD.entry, "Gift: wrap it, please")
	shot("note")
	s.noteD.save.OnTapped()
	s.settle()
	closeAll()

	// A custom sale.
	s.openCustomSale()
	s.settle()
	if s.customD == nil {
		t.Fatal("no custom sale dialog")
	}
	test.Type(s.customD.title, "Gift wrapping")
	test.Type(s.customD.amount, "3.50")
	shot("custom-sale")
	s.customD.add.OnTapped()
	s.settle()
	closeAll()
	shot("cart-note-custom")

	// Split payment: half by card, the rest in cash; then the receipt choice.
	s.openPay()
	s.settle()
	p := s.payD
	if p == nil {
		t.Fatal("no pay dialog")
	}
	p.setMode(paySplit)
	card := pos.NewMoney(p.due.Minor()/2, p.due.Currency())
	test.Type(p.card, s.money.plain(card))
	p.restInCash()
	shot("pay-split")
	p.submit()
	s.settle()
	if s.receiptC == nil {
		t.Fatalf("the payment was not taken: %s", p.msg.Text)
	}
	shot("receipt-choice")
	s.receiptNext()
	s.settle()
	closeAll()

	// The orders of the day, the first opened; a return of one unit.
	f.sell("20", 1) // a second order: a mug
	s.openHistory()
	s.settle()
	hist := s.historyD
	if hist == nil || len(hist.orders) < 2 {
		t.Fatal("the orders list shows no orders")
	}
	hist.list.Select(len(hist.orders) - 1)
	s.settle()
	shot("orders")
	hist.number.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF7})
	s.settle()
	r := s.ops.returnD
	if r == nil {
		t.Fatal("F7 did not open the return")
	}
	test.Type(r.qty[0], "1")
	test.Type(r.reason, "damaged box")
	s.settle()
	shot("return")
	r.doConfirm()
	s.settle()
	shot("return-receipt")
	closeAll()

	// Two parked carts.
	for i, label := range []string{"Table 4", "Ms Martin, to collect at 5"} {
		for j := 0; j <= i; j++ {
			s.addProduct(s.prod.index.favourites[1+j])
			s.settle()
		}
		s.run(func(ctx context.Context) error { return f.till.Park(ctx, label) }, nil)
		s.settle()
	}
	s.openParked()
	s.settle()
	if s.parkedD == nil || len(s.parkedD.carts) != 2 {
		t.Fatal("the parked carts are not listed")
	}
	shot("parked")
	closeAll()

	// Test mode: the banner over a cart.
	s.bar.testSwitch.SetChecked(true)
	s.settle()
	s.addProduct(s.prod.index.favourites[3])
	s.settle()
	if !s.bar.banner.Visible() {
		t.Fatal("no test mode banner")
	}
	shot("test-mode")
	s.bar.testSwitch.SetChecked(false)
	s.settle()

	// The shift, open with a cash drop; then closed with its Z report.
	s.openShift()
	s.settle()
	h = s.ops.shiftD
	test.Type(h.moveAmount, "50")
	test.Type(h.moveReason, "bank drop")
	h.doMove(-1)
	s.settle()
	shot("shift-open")
	test.Type(h.count, "95")
	h.doClose()
	s.settle()
	if h.z == nil {
		t.Fatalf("no Z report: %s", h.msg.Text)
	}
	shot("z-report")
	closeAll()

	// Locked: the sign-in screen, a tile per member of staff.
	f.store.StaffList = append(f.store.StaffList,
		pos.Staff{ID: "cam", Name: "Cam", Role: pos.Cashier, Active: true},
		pos.Staff{ID: "lea", Name: "Léa Fontaine", Role: pos.Manager, Active: true})
	s.lock()
	s.settle()
	shot("locked")
}

// A joined till: the head office's status in the top bar, offline with
// events waiting, and its dialog saying the last error.
func TestGoldenSyncStatus(t *testing.T) {
	for _, code := range []string{"en", "fr"} {
		for _, size := range goldenSizes {
			t.Run(fmt.Sprintf("%s-%.0f", code, size.Width), func(t *testing.T) {
				sync := &fakeSync{st: pos.SyncState{Waiting: 3, LastError: errors.New("dial tcp 10.0.0.5:5432: connect: connection refused")}}
				f := goldenFixture(t, code, size, Options{DataDir: t.TempDir(), Sync: sync})
				f.s.addProduct(f.s.prod.index.favourites[1])
				f.shot(t, "sync", code, size)
				f.s.sync.openStatus()
				f.shot(t, "sync-status", code, size)
			})
		}
	}
}
