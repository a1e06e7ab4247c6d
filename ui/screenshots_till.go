package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
)

// tillOps shoots the shift, return and report screens: the shift opened
// with a float and a cash drop, a return of the day's first order from the
// order history, the report of the day, and the Z report at the close.
func (sc *shotScript) tillOps() error {
	s := sc.s
	if err := sc.step(func() { s.keys.shortcut(ctrl(fyne.KeyD)) }); err != nil {
		return err
	}
	var h *shiftDialog
	sc.do(func() { h = s.ops.shiftD })
	if h == nil {
		return fmt.Errorf("screenshots: Ctrl+D did not open the shift screen (%s)", sc.state())
	}
	var open bool
	sc.do(func() { open = h.shift != nil })
	if !open {
		if err := sc.shot("20-shift-closed.png"); err != nil {
			return err
		}
		sc.typeIn(h.float, "150")
		sc.submit(h.float)
		if err := sc.settle(); err != nil {
			return err
		}
	}
	sc.typeIn(h.moveAmount, "50")
	sc.typeIn(h.moveReason, "bank drop")
	if err := sc.step(func() { h.doMove(-1) }); err != nil {
		return err
	}
	if err := sc.shot("21-shift-open.png"); err != nil {
		return err
	}
	if err := sc.closeDialogs(); err != nil {
		return err
	}
	// A return from the order history.
	sc.press(fyne.KeyF10)
	if err := sc.settle(); err != nil {
		return err
	}
	var hist *historyDialog
	sc.do(func() { hist = s.historyD })
	if hist != nil {
		var n int
		sc.do(func() { n = len(hist.orders) })
		if n > 0 {
			if err := sc.step(func() { hist.list.Select(n - 1) }); err != nil {
				return err
			}
			if err := sc.step(func() { hist.number.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF7}) }); err != nil {
				return err
			}
			var r *returnDialog
			sc.do(func() { r = s.ops.returnD })
			if r != nil {
				sc.typeIn(r.qty[0], "1")
				sc.typeIn(r.reason, "damaged box")
				if err := sc.settle(); err != nil {
					return err
				}
				if err := sc.shot("22-return.png"); err != nil {
					return err
				}
				if err := sc.step(r.doConfirm); err != nil {
					return err
				}
				if err := sc.shot("23-return-receipt.png"); err != nil {
					return err
				}
			}
		}
	}
	if err := sc.closeDialogs(); err != nil {
		return err
	}
	// The day's report.
	if err := sc.step(func() { s.keys.shortcut(ctrl(fyne.KeyR)) }); err != nil {
		return err
	}
	if err := sc.shot("24-reports.png"); err != nil {
		return err
	}
	if err := sc.closeDialogs(); err != nil {
		return err
	}
	// The close and its Z report.
	if err := sc.step(func() { s.keys.shortcut(ctrl(fyne.KeyD)) }); err != nil {
		return err
	}
	sc.do(func() { h = s.ops.shiftD })
	if h != nil {
		sc.typeIn(h.count, "95")
		sc.submit(h.count)
		if err := sc.shot("25-z-report.png"); err != nil {
			return err
		}
	}
	return sc.closeDialogs()
}
