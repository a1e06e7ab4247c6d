package ui

import (
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// escape types Esc on the window with nothing focused, as the driver
// hands a key no widget takes to the canvas.
func escape(c fyne.Canvas) {
	c.Unfocus()
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
}

// Item 15: Esc leaves the back office back to the till, as "Back to the
// till" does, unless a dialog is open over it; the sell screen's keys work
// again after.
func TestEscLeavesTheBackOffice(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	c := s.win.Canvas()
	for visit := 1; visit <= 2; visit++ { // the second visit: Esc is not bound twice
		f.openOffice("1234")
		bo := s.mgr.bo
		if bo == nil {
			t.Fatalf("visit %d: no back office", visit)
		}
		s.closeDialogs() // a demo-PIN prompt, if any
		d := dialog.NewInformation("A dialog", "Over the back office.", s.win)
		d.Show()
		escape(c)
		if s.mgr.bo != bo || s.win.Content() != bo.root {
			t.Fatalf("visit %d: Esc left the back office while a dialog was open", visit)
		}
		d.Hide()
		escape(c)
		if s.mgr.bo != nil || !bo.closed {
			t.Fatalf("visit %d: Esc did not leave the back office", visit)
		}
		if s.win.Content() != s.root {
			t.Fatalf("visit %d: the window does not show the till", visit)
		}
	}
	// Back on the till, its own keys answer again (F9 opens the parked carts).
	escape(c)
	if s.mgr.bo != nil || s.dialogs != 0 {
		t.Fatalf("Esc on the till: back office %v, %d dialogs", s.mgr.bo != nil, s.dialogs)
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF9})
	if s.dialogs != 1 {
		t.Fatalf("F9 after the back office opens %d dialogs, want 1", s.dialogs)
	}
}
