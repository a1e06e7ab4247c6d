package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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
		test.Type(s.search, ean13("376000000003"))
		enter(s.search)
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
	if !s.scanMsg.Visible() || !strings.Contains(s.scanMsg.Text, "No shift is open") {
		t.Fatalf("the refusal says why: %q", s.scanMsg.Text)
	}

	// Again, and open it: the scanned item goes on the cart.
	tapItem(t, s.favourites, 0)
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
	if n := len(f.till.Cart().Lines); n != 1 || s.cartV.list.Length() != 1 {
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
	s.testSwitch.SetChecked(true)
	s.settle()
	tapItem(t, s.favourites, 0)
	s.settle()
	if s.shiftFirstD != nil || len(f.till.Cart().Lines) != 1 {
		t.Fatal("a test cart is rung up with no shift")
	}
}
