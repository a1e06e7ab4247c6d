package ui

import (
	"context"
	"image"
	"image/png"
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

// sell rings up favourites (by index) and pays in cash.
func (f *fixture) sell(cash string, favourites ...int) *pos.Order {
	f.t.Helper()
	s := f.s
	for _, i := range favourites {
		s.prod.favourites.OnSelected(i)
		s.settle()
	}
	s.keys.key(fyne.KeyF12)
	test.Type(s.payD.cash, cash)
	enter(s.payD.cash)
	s.settle()
	if s.receiptNext == nil {
		f.t.Fatalf("the sale was not taken: %s", s.mid.message.Text)
	}
	s.receiptNext()
	s.settle()
	return f.store.Orders[len(f.store.Orders)-1]
}

// TestReturnFromOrderHistory: F10, pick the order, F7 opens the return,
// typing a quantity shows the refund worked out from the order's shares,
// Enter records it and shows the return receipt.
func TestReturnFromOrderHistory(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	o := f.sell("100", 0, 0, 1) // 2 × beans (coffee week −10%), 1 mug
	s.keys.key(fyne.KeyF10)
	h := s.historyD
	s.settle()
	h.list.Select(0)
	s.settle()
	if h.current == nil || h.returnB.Disabled() {
		t.Fatal("opening an order enables Return items")
	}
	h.number.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF7})
	s.settle()
	r := s.ops.returnD
	if r == nil {
		t.Fatal("F7 opens the return screen")
	}
	if !r.confirm.Disabled() || !strings.Contains(r.summary.Text, "Choose") {
		t.Fatalf("nothing chosen yet: %q", r.summary.Text)
	}
	test.Type(r.qty[0], "1")
	s.settle()
	want, err := pos.Refund(o, nil, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.confirm.Disabled() || !strings.Contains(r.summary.Text, s.money.money(want.Total)) {
		t.Fatalf("summary %q, want the refund %s", r.summary.Text, want.Total)
	}
	r.qty[0].SetText("5")
	s.settle()
	if !r.msg.Visible() || !r.confirm.Disabled() {
		t.Fatal("more than was sold is refused on screen")
	}
	r.qty[0].SetText("1")
	s.settle()
	enter(r.qty[0])
	s.settle()
	if len(f.store.ReturnsMade) != 1 {
		t.Fatalf("%d returns recorded", len(f.store.ReturnsMade))
	}
	got := f.store.ReturnsMade[0]
	if got.Total != want.Total || got.NumberLabel() != "R-1" || !got.Lines[0].Restock {
		t.Fatalf("recorded %s %s restock=%v", got.NumberLabel(), got.Total, got.Lines[0].Restock)
	}
	if s.ops.returnD != nil {
		t.Error("the return screen closes once the return is recorded")
	}
	if _, err := os.Stat(s.ops.lastFile); err != nil || !strings.HasSuffix(s.ops.lastFile, "return-1.pdf") {
		t.Fatalf("return receipt %q: %v", s.ops.lastFile, err)
	}
	// The order history says what came back.
	h.open(o)
	s.settle()
	if !strings.Contains(h.title.Text, "returned R-1 "+s.money.money(want.Total)) {
		t.Errorf("history title %q", h.title.Text)
	}
	// The order now has one bean left to return.
	s.openReturn(o)
	s.settle()
	r = s.ops.returnD
	if r.left[1] != 1 || r.left[2] != 1 {
		t.Fatalf("left to return %v", r.left)
	}
	r.keys(&fyne.KeyEvent{Name: fyne.KeyF5})
	s.settle()
	enter(r.qty[0])
	s.settle()
	var back pos.Money = pos.NewMoney(0, "USD")
	for _, x := range f.store.ReturnsMade {
		back = back.Add(x.Total)
	}
	if back != o.Quote.Total {
		t.Fatalf("both returns gave back %s, the order took %s", back, o.Quote.Total)
	}
}

// TestShiftScreen: a sale refused while the window requires a shift, the
// shift opened with a float, a cash drop, the close with a count and the
// Z report.
func TestShiftScreen(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	s.prod.favourites.OnSelected(1) // mug 12.00 + 8.25% = 12.99
	s.settle()
	// Shifts required once the mug is on the cart (a shift closed on the
	// way: the first item would have offered to open one, see
	// TestShiftOfferedBeforeFirstItem): the till still refuses at payment.
	f.till.SetRequireShift(true)
	s.keys.key(fyne.KeyF12)
	test.Type(s.payD.cash, "20")
	enter(s.payD.cash)
	s.settle()
	if len(f.store.Orders) != 0 {
		t.Fatal("a sale with no shift open")
	}
	if s.payD == nil || !s.payD.msg.Visible() || !strings.Contains(s.payD.msg.Text, "No shift is open") {
		t.Fatal("the pay dialog says why the sale is refused")
	}
	for len(s.open) > 0 {
		s.open[len(s.open)-1].Hide()
	}
	s.settle()
	s.keys.shortcut(ctrl(fyne.KeyD))
	s.settle()
	h := s.ops.shiftD
	if h == nil || !h.openBox.Visible() {
		t.Fatal("Ctrl+D opens the shift screen on the open form")
	}
	test.Type(h.float, "100")
	enter(h.float)
	s.settle()
	if h.shift == nil || !h.runBox.Visible() || !strings.Contains(s.ops.shiftBtn.Text, "open") {
		t.Fatalf("shift not open: %q", h.msg.Text)
	}
	test.Type(h.moveAmount, "30")
	test.Type(h.moveReason, "bank drop")
	h.moveReason.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF3}) // cash out
	s.settle()
	h.d.Hide()
	s.settle()
	f.sell("20") // the mug still in the cart: 12.99, 7.01 change
	s.keys.shortcut(ctrl(fyne.KeyD))
	s.settle()
	h = s.ops.shiftD
	test.Type(h.count, "82.99")
	enter(h.count)
	s.settle()
	z := h.z
	if z == nil || z.Shift.Open() {
		t.Fatalf("no Z report: %q", h.msg.Text)
	}
	// 100 float + 12.99 cash − 30 drop = 82.99 expected, counted 82.99.
	if z.ExpectedCash != usd("82.99") || !z.Difference.IsZero() || z.Orders != 1 {
		t.Fatalf("expected %s difference %s orders %d", z.ExpectedCash, z.Difference, z.Orders)
	}
	if !strings.Contains(s.ops.shiftBtn.Text, "closed") || !strings.HasSuffix(s.ops.lastFile, ".pdf") {
		t.Fatalf("after the close: %q, %q", s.ops.shiftBtn.Text, s.ops.lastFile)
	}
}

// TestReportsScreen: Ctrl+R shows today's figures net of a return, the
// top products as bars, and exports CSV and PDF.
func TestReportsScreen(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	o := f.sell("100", 1, 1) // 2 mugs: 24.00 + 8.25% = 25.98
	if _, err := f.till.Return(context.Background(), o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}}); err != nil {
		t.Fatal(err)
	}
	s.keys.shortcut(ctrl(fyne.KeyR))
	s.settle()
	r := s.ops.reportsD
	if r == nil || r.rep == nil {
		t.Fatal("Ctrl+R opens today's report")
	}
	text := ""
	for _, l := range r.figures.lines {
		text += l.Left + "|" + l.Right + "\n"
	}
	for _, want := range []string{"Sales (1)|$25.98", "Returns (1)|−$12.99", "Net sales|$12.00", "Tax|$0.99",
		"Shipping|$0.00", "Total taken less refunds|$12.99"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	// The mug's bar, the hours (the sale and the return: one hour, or
	// two across an hour's end), then the payment types used (cash only),
	// then the one member of staff.
	hours := len(r.rep.Hours)
	if hours < 1 || hours > 2 || r.rep.Hours[0].Orders != 1 {
		t.Fatalf("hours %+v", r.rep.Hours)
	}
	if len(r.chart.Objects) != 1+2+hours+2+1+2+1 {
		t.Errorf("%d chart rows, want the mug; by hour; by payment type: cash; by staff member: one", len(r.chart.Objects))
	}
	test.Tap(r.csvBtn)
	s.settle()
	data, err := os.ReadFile(s.ops.lastFile)
	if err != nil || !strings.Contains(string(data), "summary,net sales,,12.00,USD") {
		t.Fatalf("CSV %s: %v\n%s", s.ops.lastFile, err, data)
	}
	test.Tap(r.pdfBtn)
	s.settle()
	if !strings.HasSuffix(s.ops.lastFile, ".pdf") {
		t.Fatalf("PDF %s", s.ops.lastFile)
	}
	// A range of days adds net sales by day.
	r.from.SetText(time.Now().AddDate(0, 0, -2).Format(time.DateOnly))
	enter(r.from)
	s.settle()
	if len(r.rep.Days) != 3 || len(r.chart.Objects) != 1+2+3+2+hours+2+1+2+1 {
		t.Errorf("%d days, %d chart rows", len(r.rep.Days), len(r.chart.Objects))
	}
}

// TestReportsScreenBreakdowns: a cash sale by Camille, a card sale by Mia
// and Mia's return to the card: the report screen shows each payment type's
// and each member's net with its counts.
// With CAISSE_SHOTS=DIR it saves the screen as DIR/reports.png.
func TestReportsScreenBreakdowns(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	ctx := context.Background()
	f.sell("100", 1) // a mug, cash: 12.99
	if err := f.till.Add(ctx, "grinder", "", 1); err != nil {
		t.Fatal(err)
	}
	o, err := f.till.Pay(ctx, []pos.Tender{{Method: pos.Card, Amount: usd("70.36")}})
	if err != nil {
		t.Fatal(pos.ErrorMessage(err))
	}
	if err := f.till.NewCart(ctx, pos.CartOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}}); err != nil {
		t.Fatal(err)
	}
	// Who did what, as the till records it for the member signed in.
	f.store.Orders[0].StaffID, f.store.Orders[0].StaffName = "cam", "Camille"
	o.StaffID, o.StaffName = "mia", "Mia"
	f.store.ReturnsMade[0].StaffID, f.store.ReturnsMade[0].StaffName = "mia", "Mia"
	s.keys.shortcut(ctrl(fyne.KeyR))
	s.settle()
	r := s.ops.reportsD
	if r == nil || r.rep == nil {
		t.Fatal("Ctrl+R opens today's report")
	}
	rows := map[string]string{} // a bar's name → its figure
	for _, obj := range r.chart.Objects {
		if texts := labelTexts(obj); len(texts) == 2 {
			rows[texts[0]] = texts[1]
		}
	}
	for name, want := range map[string]string{"Cash": "Sales (1) · Returns (0) · $12.99", "Card": "Sales (1) · Returns (1) · $0.00",
		"Camille": "Sales (1) · Returns (0) · $12.99", "Mia": "Sales (1) · Returns (1) · $0.00"} {
		if rows[name] != want {
			t.Errorf("row %s = %q, want %q (rows %q)", name, rows[name], want, rows)
		}
	}
	if dir := os.Getenv("CAISSE_SHOTS"); dir != "" {
		savePNG(t, filepath.Join(dir, "reports.png"), f.win.Canvas().Capture())
	}
}

// labelTexts lists the texts of the labels in obj, depth first.
func labelTexts(obj fyne.CanvasObject) []string {
	switch o := obj.(type) {
	case *widget.Label:
		return []string{o.Text}
	case *fyne.Container:
		var out []string
		for _, c := range o.Objects {
			out = append(out, labelTexts(c)...)
		}
		return out
	}
	return nil
}

// savePNG writes img to path (screens looked at by hand).
func savePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(out, img); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
