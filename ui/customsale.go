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

// customSaleDialog adds a custom sale (Ctrl+I): something not in the
// catalog, with a title, an amount and taxable or exempt. The till prices
// and checks it (pos.Till.AddCustomSale).
type customSaleDialog struct {
	env    // the till, its worker, the window, the money format
	*sale  // the sale on screen
	d      *dialog.CustomDialog
	title  *keyEntry
	amount *keyEntry
	tax    *widget.RadioGroup
	msg    *widget.Label
	add    *widget.Button
}

func (s *Sell) openCustomSale() {
	if s.customD != nil || s.cart == nil {
		return
	}
	h := &customSaleDialog{env: s.env, sale: s.sale}
	s.customD = h
	h.msg = newErrLabel()
	taxable, exempt := tr("Taxable"), tr("Tax exempt")
	h.tax = widget.NewRadioGroup([]string{taxable, exempt}, nil)
	h.tax.Horizontal = true
	h.tax.Required = true
	h.tax.SetSelected(taxable)
	keys := func(e *fyne.KeyEvent) bool {
		switch e.Name {
		case fyne.KeyEscape:
			h.d.Hide()
		case fyne.KeyF2: // F2 switches taxable / exempt
			if h.tax.Selected == taxable {
				h.tax.SetSelected(exempt)
			} else {
				h.tax.SetSelected(taxable)
			}
		default:
			return false
		}
		return true
	}
	h.title = newKeyEntry(nil, tr("Title, e.g. Gift wrapping"))
	h.title.onKey = keys
	h.amount = newKeyEntry(nil, tr("Amount, e.g. 5.00"))
	h.amount.onKey = keys
	doAdd := func() {
		title := strings.TrimSpace(h.title.Text)
		amount, err := parseAmount(h.amount.Text, h.till.Location().Currency)
		if err != nil {
			showErr(h.msg, err)
			h.win.Canvas().Focus(h.amount)
			return
		}
		ex := h.tax.Selected == exempt
		h.add.Disable()
		h.highlight.productID = ""
		s.sellFirst(func(ctx context.Context) error { return h.till.AddCustomSale(ctx, title, amount, ex) }, func(err error) {
			h.add.Enable()
			if err != nil {
				showErr(h.msg, err)
				return
			}
			h.d.Hide()
			s.selectLine(len(h.quote.Lines)) // the custom sale is the last line
			s.say(tr("Added: %v", title))
		})
	}
	h.title.OnSubmitted = func(string) { h.win.Canvas().Focus(h.amount) }
	h.amount.OnSubmitted = func(string) { doAdd() }
	h.add = widget.NewButtonWithIcon(tr("Add (Enter)"), theme.ContentAddIcon(), doAdd)
	h.add.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(tr("Cancel (Esc)"), theme.CancelIcon(), func() { h.d.Hide() })
	why := widget.NewLabel(tr("Something not in the catalogue: it takes no product discount; order and cart discounts apply to it."))
	why.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(why, h.title, h.amount, container.NewBorder(nil, nil, widget.NewLabel(tr("Tax (F2)")), nil, h.tax), h.msg)
	h.d = dialog.NewCustomWithoutButtons(tr("Custom sale"), sized(body, 520, 0), h.win)
	h.d.SetButtons([]fyne.CanvasObject{tall(cancel, touchSize), tall(h.add, touchSize)})
	s.showDialog(h.d, func() { s.customD = nil })
	h.win.Canvas().Focus(h.title)
}
