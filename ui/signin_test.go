package ui

import (
	"context"
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2/test"
)

// A till nobody is signed in to refuses the first change and asks who is
// there; a wrong PIN keeps the dialog open, the right one signs in and the
// cart is where it was. (The sign-in screen proper is trust-ui's.)
func TestChangeAsksToSignIn(t *testing.T) {
	pos.PINCost = pos.TestPINCost
	test.NewTempApp(t)
	store := pos.NewMemStore(testSetup())
	ch, _ := pos.HashPIN("0000")
	store.StaffList = []pos.Staff{{ID: "cam", Name: "Cam", Role: pos.Cashier, PINHash: ch, Active: true}}
	till, err := pos.NewTill(context.Background(), store, pos.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	s := NewSell(till, Options{DataDir: t.TempDir()}, w)
	s.deliver = s.queue
	s.Show()
	mug, _ := till.Catalog().Product("mug")
	s.addProduct(mug)
	s.settle()
	if s.mgr.pin == nil || len(s.till.Cart().Lines) != 0 {
		t.Fatal("a change with nobody signed in asks who is there, and changes nothing")
	}
	if s.mgr.pin.who.Selected != "Cam" {
		t.Fatalf("the only member is picked: %q", s.mgr.pin.who.Selected)
	}
	test.Type(s.mgr.pin.entry, "1111")
	enter(s.mgr.pin.entry)
	s.settle()
	if s.mgr.pin == nil || !s.mgr.pin.msg.Visible() {
		t.Fatal("a wrong PIN keeps the dialog open and says so")
	}
	test.Type(s.mgr.pin.entry, "0000")
	enter(s.mgr.pin.entry)
	s.settle()
	if who, ok := s.till.SignedIn(); s.mgr.pin != nil || !ok || who.ID != "cam" {
		t.Fatalf("signed in %v %+v", ok, who)
	}
	s.addProduct(mug)
	s.settle()
	if len(s.till.Cart().Lines) != 1 || s.till.Cart().StaffID != "cam" {
		t.Fatal("the cashier signed in rings up")
	}
}
