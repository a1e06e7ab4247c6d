package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// newErrLabel is a dialog's refusal line: red, wrapped, hidden until
// showErr says something.
func newErrLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// showErr shows err in the cashier's language on l.
func showErr(l *widget.Label, err error) {
	l.SetText(errText(err))
	l.Show()
}
