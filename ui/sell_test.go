package ui

import (
	"os"
	"strings"
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func enter(e fyne.Focusable) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// rows returns the cart rows on screen by line position.
func (f *fixture) rows() map[int]*cartRow {
	f.t.Helper()
	f.s.mid.cartV.list.Refresh()
	out := map[int]*cartRow{}
	for _, o := range test.LaidOutObjects(f.s.mid.cartV.list) {
		r, ok := o.(*cartRow)
		if !ok || !r.Visible() || r.title.Text == "" {
			continue
		}
		var n int
		for _, ch := range r.title.Text {
			if ch < '0' || ch > '9' {
				break
			}
			n = n*10 + int(ch-'0')
		}
		out[n] = r
	}
	return out
}

func (f *fixture) row(p int) *cartRow {
	f.t.Helper()
	r, ok := f.rows()[p]
	if !ok {
		f.t.Fatalf("no row for line %d on screen", p)
	}
	return r
}

func (f *fixture) explanations() string {
	var b strings.Builder
	for _, seg := range f.s.disc.explain.Segments {
		b.WriteString(seg.Textual())
		b.WriteString("|")
	}
	return b.String()
}

func (f *fixture) wantTotals() {
	f.t.Helper()
	q := f.till.Quote()
	if got, want := f.s.totals.total.Text, f.s.money.money(q.Total); got != want {
		f.t.Errorf("total shows %q, quote says %q", got, want)
	}
	if got, want := f.s.totals.subtotal.Text, f.s.money.money(q.Subtotal); got != want {
		f.t.Errorf("subtotal shows %q, quote says %q", got, want)
	}
	if got, want := f.s.totals.tax.Text, f.s.money.money(q.Tax); got != want {
		f.t.Errorf("tax shows %q, quote says %q", got, want)
	}
}

// A whole sale by mouse and keyboard: search, scan, quantity, a code, a
// custom line discount, a cross-sell accepted then removed then accepted,
// and a split payment, then the receipt and a fresh cart.
func TestWholeSale(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	if s.mid.cartV.list.Length() != 0 || !s.mid.cartV.empty.Visible() {
		t.Fatal("a new till shows an empty cart with its hint")
	}
	if !s.payBtn.Disabled() {
		t.Error("Pay is disabled on an empty cart")
	}
	if s.prod.favourites.Length() != 4 {
		t.Errorf("favourites: %d, want 4", s.prod.favourites.Length())
	}

	// Search answers as the cashier types; Enter adds the highlighted product.
	test.Type(s.prod.search, "bean")
	if s.prod.resultList.Length() != 1 || !s.prod.resultList.Visible() {
		t.Fatalf("search 'bean': %d results", s.prod.resultList.Length())
	}
	test.Type(s.prod.search, "zzz")
	if s.prod.resultList.Length() != 0 || !s.prod.noResults.Visible() {
		t.Fatal("a search that matches nothing says so")
	}
	s.prod.search.SetText("")
	test.Type(s.prod.search, "SKU-bea")
	enter(s.prod.search)
	s.settle()
	if s.mid.cartV.list.Length() != 1 || !strings.Contains(f.row(1).title.Text, "Coffee beans") {
		t.Fatalf("cart after search+Enter: %d lines", s.mid.cartV.list.Length())
	}
	if s.prod.search.Text != "" {
		t.Error("the search clears once the product is added")
	}

	// The cross-sell card appears for the beans.
	if !s.mid.offers.box.Visible() || !strings.Contains(s.mid.offers.title.Text, "Paper filters") {
		t.Fatalf("cross-sell card: visible=%v %q", s.mid.offers.box.Visible(), s.mid.offers.title.Text)
	}

	// A scanner types digits then Enter.
	test.Type(s.prod.barcode, ean13("376000000002"))
	enter(s.prod.barcode)
	s.settle()
	if s.mid.cartV.list.Length() != 2 {
		t.Fatalf("after scanning the mug: %d lines", s.mid.cartV.list.Length())
	}
	// A misread barcode says so and adds nothing.
	test.Type(s.prod.barcode, "3760000000029")
	enter(s.prod.barcode)
	s.settle()
	if s.mid.cartV.list.Length() != 2 || !s.prod.scanMsg.Visible() || !strings.Contains(s.prod.scanMsg.Text, "check digit") {
		t.Fatalf("misread barcode: %d lines, message %q", s.mid.cartV.list.Length(), s.prod.scanMsg.Text)
	}
	// An unknown but valid barcode too.
	s.prod.barcode.SetText("")
	test.Type(s.prod.barcode, ean13("999999999999"))
	enter(s.prod.barcode)
	s.settle()
	if s.mid.cartV.list.Length() != 2 || !strings.Contains(s.prod.scanMsg.Text, "No product has the barcode") {
		t.Fatalf("unknown barcode: %d lines, message %q", s.mid.cartV.list.Length(), s.prod.scanMsg.Text)
	}

	// Quantity: + on the mug, then typed on the beans.
	test.Tap(f.row(2).plus)
	s.settle()
	if got := f.row(2).qty.Text; got != "2" {
		t.Fatalf("mug quantity after +: %q", got)
	}
	q := f.row(1).qty
	q.SetText("")
	test.Type(q, "3")
	enter(q)
	s.settle()
	if got := f.till.Cart().Lines[0].Quantity; got != 3 {
		t.Fatalf("beans quantity typed 3: till has %d", got)
	}
	if got := f.row(1).qty.Text; got != "3" {
		t.Errorf("beans row quantity %q", got)
	}
	if got := f.row(1).detail.Text; got != "@ $24.00" {
		t.Errorf("beans row detail %q", got)
	}
	// The automatic coffee discount shows on the beans line and in the explanations.
	if got := f.row(1).discounts.Text; !strings.Contains(got, "Coffee week") || !strings.Contains(got, "automatic") {
		t.Errorf("beans row discounts %q", got)
	}
	f.wantTotals()

	// A code, typed and submitted.
	test.Type(s.disc.code, "welcome5")
	enter(s.disc.code)
	s.settle()
	if s.disc.codeMsg.Visible() {
		t.Fatalf("code refused: %s", s.disc.codeMsg.Text)
	}
	if len(s.disc.codes.Objects) != 1 || s.disc.codes.Objects[0].(*widget.Button).Text != "WELCOME5" {
		t.Fatal("the entered code shows as a chip")
	}
	ex := f.explanations()
	for _, want := range []string{"Applied", "Coffee week", "Welcome $5 off", "Not applied", "Big basket"} {
		if !strings.Contains(ex, want) {
			t.Errorf("explanations lack %q: %s", want, ex)
		}
	}
	// An unknown code is refused where the cashier typed it.
	test.Type(s.disc.code, "NOPE")
	enter(s.disc.code)
	s.settle()
	if !s.disc.codeMsg.Visible() || !strings.Contains(s.disc.codeMsg.Text, "doesn't exist") {
		t.Fatalf("unknown code message %q", s.disc.codeMsg.Text)
	}
	s.disc.code.SetText("")

	// A custom discount on the mug line: 10 % with a reason, by keyboard.
	s.selectLine(2)
	s.keys.key(fyne.KeyF4)
	if s.lineForm == nil || s.dialogs != 1 {
		t.Fatal("F4 opens the line discount dialog")
	}
	test.Type(s.lineForm.value, "10")
	test.Type(s.lineForm.reason, "Chipped enamel")
	enter(s.lineForm.reason)
	s.settle()
	if s.dialogs != 0 {
		t.Fatalf("the discount dialog closes once applied (%s)", s.lineForm.msg.Text)
	}
	if got := f.row(2).discounts.Text; !strings.Contains(got, "Chipped enamel") || !strings.Contains(got, "custom") {
		t.Errorf("mug row discounts %q", got)
	}
	f.wantTotals()

	// A wrong percentage is refused inside the dialog.
	test.Tap(f.row(1).disc)
	test.Type(s.lineForm.value, "150")
	enter(s.lineForm.value)
	s.settle()
	if s.dialogs != 1 || !s.lineForm.msg.Visible() {
		t.Fatal("a 150% discount is refused in the dialog")
	}
	s.lineForm.value.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if s.dialogs != 0 {
		t.Fatal("Esc closes the discount dialog")
	}

	// The cross-sell: Add, the line is marked and locked; Remove brings the card back.
	test.Tap(s.mid.offers.add)
	s.settle()
	if s.mid.cartV.list.Length() != 3 || s.mid.offers.box.Visible() {
		t.Fatalf("after accepting the cross-sell: %d lines, card visible %v", s.mid.cartV.list.Length(), s.mid.offers.box.Visible())
	}
	cs := f.row(3)
	if !cs.badge.Visible() || !cs.plus.Disabled() || !cs.minus.Disabled() || !cs.qty.Disabled() {
		t.Error("the cross-sell line is marked and its quantity locked")
	}
	test.Tap(cs.remove)
	s.settle()
	if s.mid.cartV.list.Length() != 2 || !s.mid.offers.box.Visible() {
		t.Fatal("removing the cross-sell line brings the card back")
	}
	s.keys.shortcut(ctrl(fyne.KeyK)) // and by keyboard
	s.settle()
	if s.mid.cartV.list.Length() != 3 || !f.till.Quote().Lines[2].CrossSell {
		t.Fatal("Ctrl+K accepts the cross-sell")
	}

	// Shipping.
	test.Tap(s.disc.shipBtn)
	if s.dialogs != 1 {
		t.Fatal("the shipping dialog opens")
	}
	f.typeInFocused("7,50")
	s.settle()
	if got := f.till.Quote().Shipping; got.String() != "7.50" {
		t.Fatalf("shipping %s", got)
	}
	f.wantTotals()

	// Split payment: 20 on card, the rest in cash with change.
	total := f.till.Quote().Total
	test.Tap(s.payBtn)
	p := s.payD
	if p == nil {
		t.Fatal("Pay opens the pay dialog")
	}
	test.Tap(p.splitBtn)
	if !p.cardRow.Visible() || !p.cashRow.Visible() {
		t.Fatal("split shows card and cash")
	}
	test.Type(p.card, "20")
	if p.changeLbl.Text != "Still due" {
		t.Errorf("with 20 on card: %q %q", p.changeLbl.Text, p.change.Text)
	}
	cash := pos.NewMoney(total.Minor()-2000+1000, "USD") // 10.00 too much
	test.Type(p.cash, cash.String())
	if p.changeLbl.Text != "Change due" || p.change.Text != "$10.00" {
		t.Errorf("change preview %q %q", p.changeLbl.Text, p.change.Text)
	}
	test.Tap(p.confirm)
	s.settle()
	if s.payD != nil {
		t.Fatalf("the pay dialog closes once paid (%s)", p.msg.Text)
	}
	if len(f.store.Orders) != 1 {
		t.Fatal("one order recorded")
	}
	o := f.store.Orders[0]
	if len(o.Tenders) != 2 || o.Change.String() != "10.00" {
		t.Fatalf("tenders %+v change %s", o.Tenders, o.Change)
	}
	// The receipt: each line's original price, its discounts by name, what was paid.
	if s.receiptD == nil {
		t.Fatal("the receipt shows")
	}
	var rec strings.Builder
	for _, l := range s.receiptD.lines {
		rec.WriteString(l.Left + " " + l.Right + "\n")
	}
	for _, want := range []string{"3 × Coffee beans 1 kg $72.00", "Coffee week", "Chipped enamel", "Welcome $5 off", "Paper filters",
		"Card $20.00", "Change $10.00", "#1", "TOTAL " + s.money.money(total)} {
		if !strings.Contains(rec.String(), want) {
			t.Errorf("receipt lacks %q:\n%s", want, rec.String())
		}
	}
	// A fresh cart behind the receipt.
	if s.mid.cartV.list.Length() != 0 || len(f.till.Cart().Lines) != 0 || f.till.Cart().Status != pos.CartOpen {
		t.Fatal("a fresh cart after the sale")
	}
	// No printer set: Enter saves the PDF and starts the next customer.
	f.press(fyne.KeyReturn)
	s.settle()
	if _, err := os.Stat(s.pdfPath(receiptsDir, receiptName(o))); err != nil {
		t.Errorf("receipt PDF: %v", err)
	}
	if s.dialogs != 0 {
		t.Fatal("Enter closes the receipt for the next customer")
	}
}

// typeInFocused types into the focused entry and presses Enter.
func (f *fixture) typeInFocused(text string) {
	f.t.Helper()
	e, ok := f.win.Canvas().Focused().(*keyEntry)
	if !ok {
		f.t.Fatalf("focused: %T", f.win.Canvas().Focused())
	}
	e.SetText("")
	test.Type(e, text)
	enter(e)
}

func TestCashPaymentByKeyboardAndTestMode(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	s.bar.testSwitch.SetChecked(true)
	s.settle()
	if !s.bar.banner.Visible() || !f.till.Cart().Test {
		t.Fatal("test mode shows its banner")
	}
	test.Type(s.prod.search, ean13("376000000003")) // a scanner into the search field
	enter(s.prod.search)
	s.settle()
	if s.mid.cartV.list.Length() != 1 {
		t.Fatal("a barcode typed into the search is scanned")
	}
	s.keys.key(fyne.KeyF12)
	p := s.payD
	if p == nil || f.win.Canvas().Focused() != p.cash {
		t.Fatal("F12 opens the pay dialog with the cash field focused")
	}
	test.Type(p.cash, "20")
	enter(p.cash)
	s.settle()
	o := f.store.Orders[0]
	if !o.Test || o.NumberLabel() != "TEST-1" {
		t.Fatalf("test order %s", o.NumberLabel())
	}
	if !s.receiptD.watermark.Visible() {
		t.Error("a test receipt carries the TEST watermark")
	}
	if !strings.Contains(s.receiptD.lines[2].Left, "TEST") {
		t.Errorf("test receipt line %q", s.receiptD.lines[2].Left)
	}
	s.receiptNext()

	// History finds it in the test series.
	s.keys.key(fyne.KeyF10)
	h := s.historyD
	if h == nil {
		t.Fatal("F10 opens the orders")
	}
	s.settle()
	if h.list.Length() != 1 || !h.test() {
		t.Fatalf("test orders today: %d", h.list.Length())
	}
	test.Type(h.number, "TEST-1")
	enter(h.number)
	s.settle()
	if h.current == nil || h.current.NumberLabel() != "TEST-1" || h.reprint.Disabled() {
		t.Fatal("search by number opens the order")
	}
	test.Tap(h.reprint)
	s.settle()
	if _, err := os.Stat(s.lastPDF); err != nil || !strings.HasSuffix(s.lastPDF, "test-1.pdf") {
		t.Fatalf("reprint %q: %v", s.lastPDF, err)
	}
	h.number.SetText("")
	test.Type(h.number, "99")
	enter(h.number)
	s.settle()
	if !h.msg.Visible() {
		t.Error("an unknown order number says so")
	}
}

func TestParkAndResume(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	s.prod.favourites.OnSelected(0)
	s.settle()
	s.keys.key(fyne.KeyF8)
	f.typeInFocused("Mme Martin")
	s.settle()
	if s.mid.cartV.list.Length() != 0 || !strings.Contains(s.bar.parkedBtn.Text, "(1)") {
		t.Fatalf("after parking: %d lines, %q", s.mid.cartV.list.Length(), s.bar.parkedBtn.Text)
	}
	s.prod.favourites.OnSelected(1)
	s.settle()
	s.keys.key(fyne.KeyF9)
	pd := s.parkedD
	if pd == nil || pd.list.Length() != 1 {
		t.Fatal("F9 lists the parked cart")
	}
	f.typeInFocused("martin")
	s.settle()
	if got := f.till.Cart().Label; got != "Mme Martin" && len(f.till.Cart().Lines) != 1 {
		t.Fatalf("resumed cart %q", got)
	}
	if s.mid.cartV.list.Length() != 1 || !strings.Contains(f.row(1).title.Text, "Coffee beans") {
		t.Fatal("the parked cart is back")
	}
	if !strings.Contains(s.bar.parkedBtn.Text, "(1)") {
		t.Error("the cart that was open is parked in its place")
	}
}

func TestMoneyFormat(t *testing.T) {
	for _, c := range []struct {
		f    moneyFormat
		m    pos.Money
		want string
	}{
		{formatEN, usd("1234.5"), "$1,234.50"},
		{formatEN, usd("-3"), "−$3.00"},
		{formatFR, pos.NewMoney(123456789, "EUR"), "1\u00a0234\u00a0567,89\u00a0€"},
		{formatFor("fr-FR"), pos.NewMoney(-500, "EUR"), "−5,00\u00a0€"},
		{formatFor("en-GB"), pos.NewMoney(500, "GBP"), "£5.00"},
		{formatEN, pos.NewMoney(1200, "JPY"), "¥1,200"},
		{formatEN, pos.NewMoney(1250, "CHF"), "CHF\u00a012.50"},
		{formatFR, pos.NewMoney(1250, "KWD"), "1,250\u00a0KWD"},
	} {
		if got := c.f.money(c.m); got != c.want {
			t.Errorf("%v: got %q want %q", c.m, got, c.want)
		}
	}
	for in, want := range map[string]string{"12,50": "12.50", "1 234,5": "1234.50", "$1,234.50": "1234.50", "7": "7.00"} {
		m, err := parseAmount(in, "USD")
		if err != nil || m.String() != want {
			t.Errorf("parseAmount(%q) = %s, %v", in, m, err)
		}
	}
}

// addBySearch adds the product a search finds first, as a cashier types
// and presses Enter.
func (f *fixture) addBySearch(query string) {
	test.Type(f.s.prod.search, query)
	enter(f.s.prod.search)
	f.s.settle()
}

// buttonIn finds the button labelled text in the window's dialogs.
func (f *fixture) buttonIn(text string) *widget.Button {
	f.t.Helper()
	b := f.findButton(text)
	if b == nil {
		f.t.Fatalf("no %q button in the open dialog", text)
	}
	return b
}

// findButton is the button labelled text in the window's dialogs, or nil.
func (f *fixture) findButton(text string) *widget.Button {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == text && found == nil {
				found = w
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(w)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	for _, o := range f.win.Canvas().Overlays().List() {
		walk(o)
	}
	return found
}

// TestCustomDiscountsAreRemovedInTheirDialog: the line dialog (F4) and the
// cart dialog (F5) offer Remove once a custom discount is given, and it
// takes the discount off.
func TestCustomDiscountsAreRemovedInTheirDialog(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	f.addBySearch("SKU-bea")
	s.keys.key(fyne.KeyF4)
	if f.findButton(tr("Remove discount")) != nil {
		t.Error("the line dialog offers Remove before any custom discount")
	}
	s.lineForm.value.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})

	s.keys.key(fyne.KeyF4)
	test.Type(s.lineForm.value, "10")
	enter(s.lineForm.value)
	s.settle()
	s.keys.key(fyne.KeyF5)
	test.Type(s.cartForm.value, "5")
	enter(s.cartForm.value)
	s.settle()
	custom := func(ds []pos.LineDiscount) (n int) {
		for _, d := range ds {
			if d.Source == pos.Custom {
				n++
			}
		}
		return n
	}
	q := f.till.Quote()
	if custom(q.Lines[0].Discounts) != 1 || len(q.OrderDiscounts) != 1 || s.dialogs != 0 {
		t.Fatalf("after F4 10%% and F5 5%%: line discounts %+v, order discounts %+v, %d dialogs open",
			q.Lines[0].Discounts, q.OrderDiscounts, s.dialogs)
	}

	s.keys.key(fyne.KeyF4)
	test.Tap(f.buttonIn(tr("Remove discount")))
	s.settle()
	if q := f.till.Quote(); custom(q.Lines[0].Discounts) != 0 || s.dialogs != 0 {
		t.Fatalf("Remove discount left %+v (%d dialogs open)", q.Lines[0].Discounts, s.dialogs)
	}
	s.keys.key(fyne.KeyF5)
	test.Tap(f.buttonIn(tr("Remove cart discounts")))
	s.settle()
	if q := f.till.Quote(); len(q.OrderDiscounts) != 0 || s.dialogs != 0 {
		t.Fatalf("Remove cart discounts left %+v (%d dialogs open)", q.OrderDiscounts, s.dialogs)
	}
}

// The custom discount's quick percentages are written the language's way:
// "5%" in English, "5 %" (no-break space) in French.
func TestQuickPercentsInTheLanguage(t *testing.T) {
	for _, c := range []struct{ lang, want string }{{"en", "15%"}, {"fr", "15\u00a0%"}} {
		t.Run(c.lang, func(t *testing.T) {
			useLanguage(t, c.lang)
			f := newFixture(t, testSetup())
			f.addBySearch("SKU-bea")
			f.s.keys.key(fyne.KeyF5)
			b := f.findButton(c.want)
			if b == nil {
				t.Fatalf("no %q button on the cart discount form", c.want)
			}
			test.Tap(b)
			if got := f.s.cartForm.value.Text; got != "15" {
				t.Errorf("tapping %q typed %q", c.want, got)
			}
		})
	}
}
