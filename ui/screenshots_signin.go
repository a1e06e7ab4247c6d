package ui

import (
	"fmt"

	"caisse/pos"
)

// signIn locks the till (Ctrl+L) and shoots the sign-in screen: the names,
// then the PIN pad with the demo cashier's PIN half typed; the cashier
// then signs in again.
func (sc *shotScript) signIn() error {
	s := sc.s
	if err := sc.step(s.lock); err != nil {
		return err
	}
	if err := sc.shot("30-sign-in.png"); err != nil {
		return err
	}
	var v *signInView
	sc.do(func() { v = s.lk.screen })
	if v == nil {
		return fmt.Errorf("screenshots: Ctrl+L did not show the sign-in screen")
	}
	if err := sc.step(func() { v.pick("cashier", "Cashier", pos.StaffInfo{}); v.keys["0"].OnTapped(); v.keys["0"].OnTapped() }); err != nil {
		return err
	}
	if err := sc.shot("31-pin-pad.png"); err != nil {
		return err
	}
	return sc.step(func() { v.pin.SetText(pos.DemoCashierPIN); v.submit() })
}
