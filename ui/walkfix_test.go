package ui

import (
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
)

// keyAndRune types a letter key as the desktop driver does: the key to
// the focused widget (or the canvas), then its character to whatever has
// the focus by then.
func (f *fixture) keyAndRune(name fyne.KeyName, r rune) {
	f.press(name)
	c := f.win.Canvas()
	if o := c.Focused(); o != nil {
		o.TypedRune(r)
		return
	}
	if h := c.OnTypedRune(); h != nil {
		h(r)
	}
}

// Walk-through item 1: N on the receipt choice starts the next customer
// and its "n" is not typed into the search field focused next; the next
// characters are typed as usual. S and Esc the same way.
func TestReceiptKeyNotTypedIntoSearch(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	f.paid()
	f.keyAndRune(fyne.KeyN, 'n')
	s.settle()
	if s.receiptC != nil {
		t.Fatal("N: no receipt, next customer")
	}
	if f.win.Canvas().Focused() != s.prod.search {
		t.Fatal("the next customer starts in the search field")
	}
	if s.prod.search.Text != "" {
		t.Fatalf("N was typed into the search field: %q", s.prod.search.Text)
	}
	// A scanner's digits, and an "n" typed now, go in as typed.
	test.Type(s.prod.search, "n4006")
	if s.prod.search.Text != "n4006" {
		t.Fatalf("typing after the choice: %q", s.prod.search.Text)
	}
	s.prod.search.SetText("")

	f.paid()
	f.keyAndRune(fyne.KeyS, 's')
	s.settle()
	if s.receiptC != nil || s.prod.search.Text != "" {
		t.Fatalf("S: choice open %v, search %q", s.receiptC != nil, s.prod.search.Text)
	}
	// Enter and Esc have no character; P without a printer does nothing
	// and its "p" goes nowhere either.
	f.paid()
	f.keyAndRune(fyne.KeyP, 'p')
	f.press(fyne.KeyEscape)
	s.settle()
	if s.receiptC != nil || s.prod.search.Text != "" {
		t.Fatalf("P then Esc: choice open %v, search %q", s.receiptC != nil, s.prod.search.Text)
	}
}

// Walk-through item 2: the discount code typed for the last sale (refused
// or not) is not in the field for the next one, after payment or New sale.
func TestNewSaleClearsTheCodeField(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	bogus := func() {
		test.Type(s.disc.code, "BOGUS")
		enter(s.disc.code)
		s.settle()
		if !s.disc.codeMsg.Visible() || s.disc.code.Text != "BOGUS" {
			t.Fatalf("BOGUS: refused %v, field %q", s.disc.codeMsg.Visible(), s.disc.code.Text)
		}
	}
	tapItem(t, s.prod.favourites, 3)
	s.settle()
	bogus()
	s.keys.key(fyne.KeyF12)
	enter(s.payD.cash)
	s.settle()
	f.press(fyne.KeyN)
	s.settle()
	if s.disc.code.Text != "" || s.disc.codeMsg.Visible() {
		t.Fatalf("after a completed sale the code field reads %q", s.disc.code.Text)
	}

	tapItem(t, s.prod.favourites, 3)
	s.settle()
	bogus()
	test.Type(s.prod.barcode, "123")
	s.confirmNewSale()
	s.closeDialogs() // not confirmed: the cart and its fields stay
	s.settle()
	if s.disc.code.Text != "BOGUS" {
		t.Fatalf("a cancelled New sale cleared the code: %q", s.disc.code.Text)
	}
	s.newCart()
	s.settle()
	if s.disc.code.Text != "" || s.prod.barcode.Text != "" {
		t.Fatalf("after New sale: code %q, barcode %q", s.disc.code.Text, s.prod.barcode.Text)
	}
}

// Walk-through item 4: Esc goes back to the till from any field of the
// back office (a text field, a select, a check, a list), unless a dialog
// or a select's list is open: Esc is then theirs.
func TestEscLeavesTheBackOfficeFromAField(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	c := s.win.Canvas()
	open := func() *backOffice {
		t.Helper()
		f.openOffice("1234")
		s.closeDialogs() // a demo-PIN prompt, if any
		if s.mgr.bo == nil {
			t.Fatal("no back office")
		}
		return s.mgr.bo
	}
	left := func(what string, bo *backOffice) {
		t.Helper()
		if s.mgr.bo != nil || !bo.closed || s.win.Content() != s.root {
			t.Fatalf("Esc in %s did not go back to the till", what)
		}
	}
	fields := []struct {
		name  string
		tab   int // the tab it is on
		field func(*backOffice) fyne.Focusable
	}{
		{"the audit search box", 6, func(bo *backOffice) fyne.Focusable { return bo.audit.text }},
		{"the audit's Who", 6, func(bo *backOffice) fyne.Focusable { return bo.audit.who }},
		{"the product search", 0, func(bo *backOffice) fyne.Focusable { return bo.products.search }},
		{"the product list", 0, func(bo *backOffice) fyne.Focusable { return bo.products.list }},
		{"the location's name", 4, func(bo *backOffice) fyne.Focusable { return bo.location.name }},
		{"the location's footer", 4, func(bo *backOffice) fyne.Focusable { return bo.location.footer }},
		{"the tax behaviour", 4, func(bo *backOffice) fyne.Focusable { return bo.location.behavior }},
		{"Automatic tax", 4, func(bo *backOffice) fyne.Focusable { return bo.location.autoTax }},
		{"the staff PIN", 5, func(bo *backOffice) fyne.Focusable { return bo.staff.pin }},
	}
	for _, fl := range fields {
		bo := open()
		bo.tabs.SelectIndex(fl.tab)
		o := fl.field(bo)
		c.Focus(o)
		if c.Focused() != o {
			t.Fatalf("%s takes no focus", fl.name)
		}
		f.press(fyne.KeyEscape)
		left(fl.name, bo)
	}

	// A dialog over the back office: Esc in its field stays in the back office.
	bo := open()
	e := newEscEntry()
	d := dialog.NewCustomWithoutButtons("A dialog", e, s.win)
	d.Show()
	c.Focus(e)
	f.press(fyne.KeyEscape)
	if s.mgr.bo != bo {
		t.Fatal("Esc in a dialog's field left the back office")
	}
	d.Hide()
	// A select's list open: Esc closes the list, the back office stays.
	bo.tabs.SelectIndex(4)
	test.Tap(bo.location.behavior)
	if c.Overlays().Top() == nil {
		t.Fatal("the select's list did not open")
	}
	f.press(fyne.KeyEscape)
	if s.mgr.bo != bo {
		t.Fatal("Esc on a select's list left the back office")
	}
	if c.Overlays().Top() != nil {
		t.Fatal("Esc did not close the select's list")
	}
	bo.tabs.SelectIndex(6)
	c.Focus(bo.audit.text)
	f.press(fyne.KeyEscape)
	left("the audit search box after a dialog", bo)
}
