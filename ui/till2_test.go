package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestShiftOfferedBeforeFirstItem: with no shift open, the first item of a
// live cart offers to open a shift (float counted) instead of being refused
// at payment; cancelled, nothing is added; opened, the item goes on the
// cart. A test cart needs no shift.
func TestShiftOfferedBeforeFirstItem(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	f.till.SetRequireShift(true)

	scan := func() {
		test.Type(s.prod.search, ean13("376000000003"))
		enter(s.prod.search)
		s.settle()
	}
	scan()
	h := s.shiftFirstD
	if h == nil {
		t.Fatal("the first scan with no shift open offers to open one")
	}
	if len(f.till.Cart().Lines) != 0 {
		t.Fatal("nothing is added before the shift is open")
	}
	if f.win.Canvas().Focused() != h.float {
		t.Fatal("the float field has the focus")
	}
	// Esc: nothing added, and the cashier reads why.
	h.float.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	s.settle()
	if s.shiftFirstD != nil || len(f.till.Cart().Lines) != 0 {
		t.Fatal("Esc closes the offer and adds nothing")
	}
	if !s.prod.scanMsg.Visible() || !strings.Contains(s.prod.scanMsg.Text, "No shift is open") {
		t.Fatalf("the refusal says why: %q", s.prod.scanMsg.Text)
	}

	// Again, and open it: the scanned item goes on the cart.
	tapItem(t, s.prod.favourites, 0)
	s.settle()
	h = s.shiftFirstD
	if h == nil {
		t.Fatal("a tapped favourite offers to open a shift too")
	}
	test.Type(h.float, "abc")
	enter(h.float)
	s.settle()
	if s.shiftFirstD == nil || !h.msg.Visible() {
		t.Fatal("a float that is not an amount keeps the dialog and says so")
	}
	h.float.SetText("")
	test.Type(h.float, "150.00")
	enter(h.float)
	s.settle()
	if s.shiftFirstD != nil {
		t.Fatalf("the shift opens: %s", h.msg.Text)
	}
	sh, err := f.till.CurrentShift(context.Background())
	if err != nil || sh == nil || sh.Float.String() != "150.00" {
		t.Fatalf("shift %+v %v", sh, err)
	}
	if n := len(f.till.Cart().Lines); n != 1 || s.mid.cartV.list.Length() != 1 {
		t.Fatalf("the tapped item is added once the shift is open: %d lines", n)
	}
	if s.ops.shiftBtn.Text != "Shift: open" {
		t.Errorf("the shift button says %q", s.ops.shiftBtn.Text)
	}
	// The next items need nothing more.
	scan()
	if s.shiftFirstD != nil || len(f.till.Cart().Lines) != 2 {
		t.Fatal("a shift open: items are added at once")
	}
}

func TestTestCartNeedsNoShift(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	f.till.SetRequireShift(true)
	s.bar.testSwitch.SetChecked(true)
	s.settle()
	tapItem(t, s.prod.favourites, 0)
	s.settle()
	if s.shiftFirstD != nil || len(f.till.Cart().Lines) != 1 {
		t.Fatal("a test cart is rung up with no shift")
	}
}

// paid rings up one tea and pays it in cash by keys; the receipt choice is
// on screen after.
func (f *fixture) paid() *pos.Order {
	f.t.Helper()
	s := f.s
	tapItem(f.t.(*testing.T), s.prod.favourites, 3) // green tea
	s.settle()
	s.keys.key(fyne.KeyF12)
	enter(s.payD.cash)
	s.settle()
	if s.receiptC == nil {
		f.t.Fatal("the receipt choice shows after payment")
	}
	return f.store.Orders[len(f.store.Orders)-1]
}

// TestReceiptChoiceAfterPayment: after payment the cashier chooses Print,
// Save as PDF or No receipt; Enter takes the default (Print with a printer
// set, else Save as PDF), Esc or N none; each starts the next customer.
func TestReceiptChoiceAfterPayment(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s

	// No printer: Print is off, Save as PDF is the default.
	o := f.paid()
	rc := s.receiptC
	if !rc.print.Disabled() || rc.def != receiptPDF || rc.pdf.Importance != widget.HighImportance {
		t.Fatalf("no printer: print disabled %v, default %q", rc.print.Disabled(), rc.def)
	}
	if f.win.Canvas().Focused() != nil {
		t.Fatal("nothing focused: the keys go to the choice")
	}
	f.press(fyne.KeyP) // no printer: nothing happens
	s.settle()
	if s.receiptC != rc {
		t.Fatal("P without a printer keeps the choice")
	}
	f.press(fyne.KeyEscape)
	s.settle()
	pdf := s.pdfPath(receiptsDir, receiptName(o))
	if s.receiptC != nil || s.dialogs != 0 {
		t.Fatal("Esc: no receipt, next customer")
	}
	if _, err := os.Stat(pdf); !os.IsNotExist(err) {
		t.Fatalf("no receipt writes no PDF: %v", err)
	}
	if f.win.Canvas().Focused() != s.prod.search {
		t.Fatal("the next customer starts in the search field")
	}

	// N is no receipt too; S saves the PDF.
	f.paid()
	f.press(fyne.KeyN)
	s.settle()
	if s.receiptC != nil {
		t.Fatal("N: no receipt")
	}
	o = f.paid()
	f.press(fyne.KeyS)
	s.settle()
	if _, err := os.Stat(s.pdfPath(receiptsDir, receiptName(o))); err != nil || s.receiptC != nil {
		t.Fatalf("S saves the PDF and closes: %v", err)
	}
	if !strings.Contains(s.mid.message.Text, receiptName(o)+".pdf") {
		t.Errorf("the message names the file: %q", s.mid.message.Text)
	}

	// A printer set: Enter prints (ESC/POS to the device) and closes.
	dev := filepath.Join(t.TempDir(), "lp0")
	if err := f.till.SetPrinter(context.Background(), dev, 32); err != nil {
		t.Fatal(err)
	}
	o = f.paid()
	rc = s.receiptC
	if rc.print.Disabled() || rc.def != receiptPrint {
		t.Fatal("with a printer, Print is the default")
	}
	f.press(fyne.KeyReturn)
	s.settle()
	data, err := os.ReadFile(dev)
	if err != nil || !bytes.Contains(data, []byte("Green tea")) || !bytes.HasPrefix(data, []byte{0x1b, '@'}) {
		t.Fatalf("printed %q: %v", data, err)
	}
	if s.receiptC != nil {
		t.Fatal("printed: next customer")
	}
	if _, err := os.Stat(s.pdfPath(receiptsDir, receiptName(o))); !os.IsNotExist(err) {
		t.Fatal("printing writes no PDF")
	}

	// A printer that fails keeps the choice, with why; the PDF still works.
	if err := f.till.SetPrinter(context.Background(), filepath.Join(t.TempDir(), "no", "such", "dir"), 32); err != nil {
		t.Fatal(err)
	}
	o = f.paid()
	f.press(fyne.KeyReturn)
	s.settle()
	if s.receiptC == nil || !strings.Contains(s.receiptC.status.Text, "not printed") {
		t.Fatal("a failed print keeps the choice and says why")
	}
	f.press(fyne.KeyS)
	s.settle()
	if _, err := os.Stat(s.pdfPath(receiptsDir, receiptName(o))); err != nil || s.receiptC != nil {
		t.Fatalf("then S saves the PDF: %v", err)
	}
}

// TestParkWordsDistinct: in French the top bar's Park and Parked buttons
// read as different things ("Suspendre" / "Paniers"), their tooltips
// "Mettre ce panier en attente" / "Paniers en attente".
func TestParkWordsDistinct(t *testing.T) {
	useLanguage(t, "fr")
	f := newFixture(t, testSetup())
	s := f.s
	park, parked := s.bar.parkBtn.Text, s.bar.parkedBtn.Text
	if park == parked || strings.Contains(parked, park) || strings.Contains(park, parked) ||
		strings.Contains(strings.ToLower(park), "attente") && strings.Contains(strings.ToLower(parked), "attente") {
		t.Fatalf("Park %q and Parked %q read alike", park, parked)
	}
	if park != "Suspendre" || parked != "Paniers" {
		t.Fatalf("Park %q, Parked %q", park, parked)
	}
}

// TestWorkerEndsWithWindow: closing the window ends the sell screen's
// worker goroutine; a till call after that is dropped, never blocks.
func TestWorkerEndsWithWindow(t *testing.T) {
	test.NewTempApp(t)
	till, err := pos.NewTill(context.Background(), pos.NewMemStore(testSetup()), pos.Options{Actor: testManager})
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil) // closed by the test itself, once
	s := NewSell(till, Options{DataDir: t.TempDir()}, w)
	s.deliver = s.queue
	s.Show()
	tapItem(t, s.prod.favourites, 0)
	s.settle()
	if len(till.Cart().Lines) != 1 {
		t.Fatal("the worker runs while the window is open")
	}
	select {
	case <-s.loopDone:
		t.Fatal("the worker ended with the window open")
	default:
	}
	w.Close()
	<-s.loopDone // hangs (test timeout) if the worker outlives the window
	ran := false
	for i := 0; i < 300; i++ { // more than the queue holds: none blocks
		s.run(func(ctx context.Context) error { ran = true; return nil }, nil)
	}
	s.settle()
	if ran || s.inflight.Load() != 0 {
		t.Fatalf("calls after the close: ran %v, in flight %d", ran, s.inflight.Load())
	}
}

// TestNoteOnTheOrder: Ctrl+E opens the note, Enter saves it through the
// till; the cart shows it, the order keeps it, the receipt prints it; Esc
// leaves it as it was; a new sale starts with none.
func TestNoteOnTheOrder(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	tapItem(t, s.prod.favourites, 3)
	s.settle()
	s.keys.shortcut(ctrl(fyne.KeyE))
	h := s.noteD
	if h == nil || f.win.Canvas().Focused() != h.entry {
		t.Fatal("Ctrl+E opens the note with its field focused")
	}
	test.Type(h.entry, "Gift: wrap it, please")
	enter(h.entry)
	s.settle()
	if s.noteD != nil || f.till.Cart().Note != "Gift: wrap it, please" {
		t.Fatalf("Enter saves the note: %q", f.till.Cart().Note)
	}
	if !s.mid.noteLbl.Visible() || !strings.Contains(s.mid.noteLbl.Text, "Gift: wrap it") {
		t.Fatalf("the cart shows the note: %q", s.mid.noteLbl.Text)
	}
	// Esc keeps it as it was.
	test.Tap(s.mid.noteBtn)
	h = s.noteD
	if h.entry.Text != "Gift: wrap it, please" {
		t.Fatalf("the dialog starts from the note: %q", h.entry.Text)
	}
	h.entry.SetText("")
	h.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	s.settle()
	if s.noteD != nil || f.till.Cart().Note != "Gift: wrap it, please" {
		t.Fatal("Esc leaves the note")
	}
	s.keys.key(fyne.KeyF12)
	enter(s.payD.cash)
	s.settle()
	o := f.store.Orders[len(f.store.Orders)-1]
	if o.Note != "Gift: wrap it, please" {
		t.Fatalf("order note %q", o.Note)
	}
	found := false
	for _, l := range s.receiptD.lines {
		found = found || l.Left == "Note: Gift: wrap it, please"
	}
	if !found {
		t.Error("the receipt prints the note")
	}
	f.press(fyne.KeyEscape)
	s.settle()
	if s.mid.noteLbl.Visible() {
		t.Fatal("the next customer's cart has no note")
	}
}

// TestOrdersSearchAndReturns: the orders list (F10) is searched through
// the till by amount, product and cashier; a returned and a partly
// returned order show what is left.
func TestOrdersSearchAndReturns(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	mug := f.sell("100", 1)        // 12.99
	teas := f.sell("100", 3, 3, 3) // 3 × tea
	beans := f.sell("100", 0)      // beans
	_ = beans
	ctx := context.Background()
	if _, err := f.till.Return(ctx, mug.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.till.Return(ctx, teas.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}}); err != nil {
		t.Fatal(err)
	}
	s.keys.key(fyne.KeyF10)
	s.settle()
	h := s.historyD
	if h.list.Length() != 3 {
		t.Fatalf("today's orders: %d", h.list.Length())
	}
	rowText := func(i int) string {
		o := h.list.CreateItem()
		h.list.UpdateItem(i, o)
		var b strings.Builder
		var walk func(fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch w := o.(type) {
			case *widget.Label:
				if w.Visible() {
					b.WriteString(w.Text + "|")
				}
			case *orderRow: // a row widget: its own box
				walk(w.box)
			case *fyne.Container:
				for _, c := range w.Objects {
					walk(c)
				}
			}
		}
		walk(o)
		return b.String()
	}
	byID := map[string]string{}
	for i, r := range h.rows {
		byID[r.Order.ID] = rowText(i)
	}
	if got := byID[mug.ID]; !strings.Contains(got, "Returned: $0.00 left") {
		t.Errorf("the returned mug: %q", got)
	}
	if got := byID[teas.ID]; !strings.Contains(got, "Part returned: 2/3 units") || !strings.Contains(got, "Tester") {
		t.Errorf("the partly returned teas: %q", got)
	}
	if got := byID[beans.ID]; strings.Contains(got, "eturned") {
		t.Errorf("the beans were not returned: %q", got)
	}

	search := func(e *keyEntry, text string) {
		t.Helper()
		e.SetText(text)
		enter(e)
		s.settle()
	}
	search(h.product, "green TEA")
	if h.list.Length() != 1 || h.rows[0].Order.ID != teas.ID {
		t.Fatalf("by product: %d", h.list.Length())
	}
	search(h.product, "")
	search(h.amount, "12.99")
	if h.list.Length() != 1 || h.rows[0].Order.ID != mug.ID {
		t.Fatalf("by amount: %d", h.list.Length())
	}
	search(h.amount, "")
	search(h.staff, "nobody")
	if h.list.Length() != 0 || !h.empty.Visible() || h.empty.Text != "No order matches the search." {
		t.Fatalf("by cashier: %d, %q", h.list.Length(), h.empty.Text)
	}
	search(h.staff, "tester")
	if h.list.Length() != 3 {
		t.Fatalf("by cashier: %d", h.list.Length())
	}
	search(h.from, "yesterday")
	if !h.msg.Visible() || !strings.Contains(h.msg.Text, "Type a day such as") {
		t.Fatalf("a day that is not a day: %q", h.msg.Text)
	}
	search(h.from, time.Now().AddDate(0, 0, -1).Format(time.DateOnly))
	if h.msg.Visible() || h.list.Length() != 3 {
		t.Fatalf("two days: %d (%s)", h.list.Length(), h.msg.Text)
	}
	search(h.to, time.Now().AddDate(0, 0, -1).Format(time.DateOnly))
	if h.list.Length() != 0 {
		t.Fatalf("yesterday: %d", h.list.Length())
	}
}

// TestCustomSaleScreen: Ctrl+I adds a custom sale through the till: a
// title, an amount, taxable or exempt (F2); it is a line of the cart,
// highlighted, on the receipt; a wrong amount keeps the dialog and says so.
func TestCustomSaleScreen(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	tapItem(t, s.prod.favourites, 3) // tea
	s.settle()
	s.selectLine(1)
	s.keys.shortcut(ctrl(fyne.KeyI))
	h := s.customD
	if h == nil || f.win.Canvas().Focused() != h.title {
		t.Fatal("Ctrl+I opens the custom sale with its title focused")
	}
	test.Type(h.title, "Gift wrapping")
	enter(h.title)
	if f.win.Canvas().Focused() != h.amount {
		t.Fatal("Enter in the title goes to the amount")
	}
	test.Type(h.amount, "abc")
	enter(h.amount)
	s.settle()
	if s.customD == nil || !h.msg.Visible() || len(f.till.Cart().Lines) != 1 {
		t.Fatal("a wrong amount keeps the dialog and adds nothing")
	}
	h.amount.SetText("")
	test.Type(h.amount, "3.50")
	h.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF2})
	if h.tax.Selected != "Tax exempt" {
		t.Fatalf("F2 switches to exempt: %q", h.tax.Selected)
	}
	enter(h.amount)
	s.settle()
	if s.customD != nil {
		t.Fatalf("added: %s", h.msg.Text)
	}
	c := f.till.Cart()
	if len(c.Lines) != 2 || !c.Lines[1].Sale || !c.Lines[1].Exempt || c.Lines[1].Title != "Gift wrapping" {
		t.Fatalf("cart %+v", c.Lines)
	}
	if s.currentLine() != 2 || s.mid.cartV.list.Length() != 2 {
		t.Fatalf("the custom sale is the highlighted line: %d", s.currentLine())
	}
	q := f.till.Quote()
	if !q.Lines[1].Tax.IsZero() || q.Lines[1].Amount.String() != "3.50" {
		t.Fatalf("exempt line %+v", q.Lines[1])
	}
	s.keys.key(fyne.KeyF12)
	enter(s.payD.cash)
	s.settle()
	found := false
	for _, l := range s.receiptD.lines {
		found = found || (strings.Contains(l.Left, "Gift wrapping") && l.Right == "$3.50")
	}
	if !found {
		t.Error("the receipt shows the custom sale")
	}
}
