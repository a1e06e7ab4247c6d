package ui

import (
	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// cartPane is the sell screen's middle column: the cart's title and its
// note, the message bar (a refusal or a confirmation of the last action),
// the undo bar, the cart's lines (cartView) and the cross-sell offers.
type cartPane struct {
	message   *widget.Label // errors and confirmations above the cart
	undo      *undoBar      // "Removed: …  Undo" for a few seconds
	middle    *fyne.Container
	cartTitle *widget.Label
	noteBtn   *widget.Button // the order's note (Ctrl+E)
	noteLbl   *widget.Label  // the note, under the cart's title
	cartV     *cartView
	offers    *crossSellCard
}

// fail shows a refusal where the cashier is looking: the message bar above
// the cart, in the core's own words.
func (p *cartPane) fail(err error) {
	p.message.Importance = widget.DangerImportance
	p.message.SetText(errText(err))
	p.message.Show()
}

// say shows a confirmation in the message bar ("" hides it).
func (p *cartPane) say(text string) {
	p.message.Importance = widget.SuccessImportance
	p.message.SetText(text)
	if text == "" {
		p.message.Hide()
	} else {
		p.message.Show()
	}
}

// show titles the cart with its units (or paid), shows its note, and lets
// the note be edited while the cart is open.
func (p *cartPane) show(q *pos.Quote, c *pos.Cart) {
	units := 0
	for _, l := range q.Lines {
		units += l.Quantity
	}
	switch {
	case c.Status == pos.CartCompleted:
		p.cartTitle.SetText(tr("Cart — paid"))
	case units > 0:
		p.cartTitle.SetText(trn("Cart — %d units", units))
	default:
		p.cartTitle.SetText(tr("Cart"))
	}
	p.showNote(c)
	if c.Status == pos.CartCompleted {
		p.noteBtn.Disable()
	} else {
		p.noteBtn.Enable()
	}
}

// showNote shows the cart's note under the cart's title ("" hides it).
func (p *cartPane) showNote(c *pos.Cart) {
	if c == nil || c.Note == "" {
		p.noteLbl.Hide()
		return
	}
	p.noteLbl.SetText(tr("Note: %v", c.Note))
	p.noteLbl.Show()
}
