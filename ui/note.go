package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// noteDialog edits the note on the order (Ctrl+E): kept with the cart,
// stored on the order, printed on the receipt. The till checks it.
type noteDialog struct {
	env   // the till, its worker, the window, the money format
	*sale // the sale on screen
	d     *dialog.CustomDialog
	entry *keyEntry
	msg   *widget.Label
	save  *widget.Button
}

// openNote opens the note of the cart on screen.
func (s *Sell) openNote() {
	if s.noteD != nil || s.cart == nil {
		return
	}
	h := &noteDialog{env: s.env, sale: s.sale}
	s.noteD = h
	h.msg = newErrLabel()
	h.entry = newKeyEntry(nil, tr("e.g. Gift: wrap it, please"))
	h.entry.SetText(h.cart.Note)
	h.entry.onKey = escCloses(func() { h.d.Hide() })
	doSave := func() {
		note := strings.TrimSpace(h.entry.Text)
		h.save.Disable()
		s.run(func(ctx context.Context) error { return h.till.SetNote(ctx, note) }, func(err error) {
			h.save.Enable()
			if err != nil {
				showErr(h.msg, err)
				return
			}
			h.d.Hide()
			if note == "" {
				s.say(tr("Note removed."))
			} else {
				s.say(tr("Note saved: it is printed on the receipt."))
			}
		})
	}
	h.entry.OnSubmitted = func(string) { doSave() }
	h.save = widget.NewButtonWithIcon(tr("Save note (Enter)"), theme.ConfirmIcon(), doSave)
	h.save.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(tr("Cancel (Esc)"), theme.CancelIcon(), func() { h.d.Hide() })
	why := widget.NewLabel(tr("A note on this order, printed on the receipt. Leave it empty to remove it."))
	why.Wrapping = fyne.TextWrapWord
	h.d = dialog.NewCustomWithoutButtons(tr("Note on the order"), sized(container.NewVBox(why, h.entry, h.msg), 520, 0), h.win)
	h.d.SetButtons([]fyne.CanvasObject{tall(cancel, touchSize), tall(h.save, touchSize)})
	s.showDialog(h.d, func() { s.noteD = nil })
	h.win.Canvas().Focus(h.entry)
}
