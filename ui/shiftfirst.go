package ui

import (
	"context"
	"errors"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// errShiftFirst is what an add returns (in the window only) when the till
// says the cart cannot be sold until a shift is opened.
var errShiftFirst = errors.New("a shift must be opened first")

// sellFirst runs an op that puts items on the cart. Before the first item
// of a cart it asks the till whether a shift must be opened first
// (pos.Till.NeedsShift decides); if so it offers to open one with the float
// counted, and runs the op once the shift is open. Cancelled, nothing is
// added and done sees why.
func (s *Sell) sellFirst(op func(ctx context.Context) error, done func(err error)) {
	s.run(func(ctx context.Context) error {
		if len(s.till.Cart().Lines) == 0 {
			need, err := s.till.NeedsShift(ctx)
			if err != nil {
				return err
			}
			if need {
				return errShiftFirst
			}
		}
		return op(ctx)
	}, func(err error) {
		if !errors.Is(err, errShiftFirst) {
			done(err)
			return
		}
		s.askOpenShift(func() { s.sellFirst(op, done) }, func() {
			done(pos2err(tr("No shift is open: nothing was added. Open a shift (Ctrl+D) to sell.")))
		})
	})
}

// shiftFirstDialog is the small "open a shift" dialog shown before the
// first item of a live cart when no shift is open.
type shiftFirstDialog struct {
	env   // the till, its worker, the window, the money format
	d     *dialog.CustomDialog
	float *keyEntry
	open  *widget.Button
	msg   *widget.Label
}

// askOpenShift offers to open a shift with the float counted: opened, then
// runs; cancelled (Esc), cancelled runs.
func (s *Sell) askOpenShift(then, cancelled func()) {
	if s.shiftFirstD != nil {
		return
	}
	h := &shiftFirstDialog{env: s.env}
	s.shiftFirstD = h
	opened := false
	h.msg = newErrLabel()
	h.float = newKeyEntry(nil, tr("Float counted in the drawer, e.g. 150.00"))
	h.float.onKey = escCloses(func() { h.d.Hide() })
	doOpen := func() {
		float, err := parseAmount(h.float.Text, h.till.Location().Currency)
		if err != nil {
			showErr(h.msg, err)
			return
		}
		h.open.Disable()
		var sh *pos.Shift
		s.run(func(ctx context.Context) error {
			var err error
			sh, err = h.till.OpenShift(ctx, float)
			return err
		}, func(err error) {
			h.open.Enable()
			if err != nil {
				showErr(h.msg, err)
				return
			}
			s.ops.showShift(sh)
			opened = true
			h.d.Hide()
		})
	}
	h.float.OnSubmitted = func(string) { doOpen() }
	h.open = widget.NewButtonWithIcon(tr("Open shift")+"  "+tr("(Enter)"), theme.ConfirmIcon(), doOpen)
	h.open.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(tr("Cancel (Esc)"), theme.CancelIcon(), func() { h.d.Hide() })
	why := widget.NewLabel(tr("No shift is open on this till. Count the cash in the drawer and open the shift before the first sale."))
	why.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(why, h.float, h.msg)
	h.d = dialog.NewCustomWithoutButtons(tr("Open a shift to sell"), sized(body, 480, 0), h.win)
	h.d.SetButtons([]fyne.CanvasObject{cancel, tall(h.open, touchSize)})
	s.showDialog(h.d, func() {
		s.shiftFirstD = nil
		if opened {
			then()
		} else {
			cancelled()
		}
	})
	h.win.Canvas().Focus(h.float)
}
