package ui

import (
	"context"
	"strings"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// openPark sets the cart aside under a name so the next customer can be
// served (F8).
func (s *Sell) openPark() {
	if s.cart == nil || len(s.cart.Lines) == 0 || s.cart.Status == pos.CartCompleted {
		s.fail(pos2err(tr("The cart is empty: nothing to park.")))
		return
	}
	e := newKeyEntry(nil, tr("Customer name or note (optional)"))
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Hide()
	var d *dialog.CustomDialog
	submit := func() {
		label := strings.TrimSpace(e.Text)
		s.run(func(ctx context.Context) error { return s.till.Park(ctx, label) }, func(err error) {
			if err != nil {
				msg.SetText(errText(err))
				msg.Show()
				return
			}
			d.Hide()
			s.selected = 0
			s.say(tr("Cart parked. Resume it from Parked (F9)."))
		})
	}
	e.OnSubmitted = func(string) { submit() }
	e.onKey = escCloses(func() { d.Hide() })
	ok := widget.NewButtonWithIcon(tr("Park (Enter)"), theme.MediaPauseIcon(), submit)
	ok.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(tr("Park this cart"), container.NewVBox(
		widget.NewLabel(trn("%d lines are set aside; a new cart starts.", len(s.cart.Lines))), e, msg), s.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButton(tr("Cancel (Esc)"), func() { d.Hide() }), ok})
	d.Resize(fyne.NewSize(440, 0))
	s.showDialog(d)
	s.win.Canvas().Focus(e)
}

// parkedDialog lists the parked carts; Resume brings one back (the current
// cart, if it has lines, is parked in its place).
type parkedDialog struct {
	env    // the till, its worker, the window, the money format
	*sale  // the sale on screen
	d      *dialog.CustomDialog
	carts  []*pos.Cart
	quotes []*pos.Quote // each cart priced with Till.Preview, same order
	list   *widget.List
	hl     int
}

func (s *Sell) openParked() {
	p := &parkedDialog{env: s.env, sale: s.sale}
	s.parkedD = p
	empty := widget.NewLabel(tr("No parked cart."))
	empty.TextStyle = fyne.TextStyle{Italic: true}
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Wrapping = fyne.TextWrapWord
	msg.Hide()
	resume := func(id int) {
		if id < 0 || id >= len(p.carts) {
			return
		}
		cartID := p.carts[id].ID
		s.run(func(ctx context.Context) error { return p.till.Resume(ctx, cartID) }, func(err error) {
			if err != nil {
				msg.SetText(errText(err))
				msg.Show()
				return
			}
			p.d.Hide()
			p.selected = 0
			s.say(tr("Cart resumed."))
		})
	}
	p.list = widget.NewList(
		func() int { return len(p.carts) },
		func() fyne.CanvasObject { return newParkedRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.carts) {
				return
			}
			o.(*parkedRow).set(p.carts[id], p.quotes[id], id == p.hl, p.money, func() { resume(id) })
		})
	p.list.OnSelected = func(id widget.ListItemID) { p.list.UnselectAll(); resume(id) }
	hint := widget.NewLabel(tr("↑/↓ choose · Enter resumes · Esc closes"))
	hint.TextStyle = fyne.TextStyle{Italic: true}
	keys := newKeyEntry(nil, tr("Filter by name"))
	filter := func() {
		all := p.till.Parked() // an in-memory copy: no disk access
		q := strings.ToLower(strings.TrimSpace(keys.Text))
		p.carts, p.quotes = p.carts[:0], p.quotes[:0]
		for _, c := range all {
			if q == "" || strings.Contains(strings.ToLower(c.Label), q) {
				p.carts = append(p.carts, c)
				// Pure pricing, in memory: the parked cart's total as it
				// would be if resumed now.
				p.quotes = append(p.quotes, p.till.Preview(c))
			}
		}
		p.hl = min(p.hl, max(len(p.carts)-1, 0))
		if len(p.carts) == 0 {
			empty.Show()
		} else {
			empty.Hide()
		}
		p.list.Refresh()
	}
	keys.OnChanged = func(string) { filter() }
	keys.OnSubmitted = func(string) { resume(p.hl) }
	keys.onKey = func(e *fyne.KeyEvent) bool {
		switch e.Name {
		case fyne.KeyEscape:
			p.d.Hide()
		case fyne.KeyDown:
			if len(p.carts) > 0 {
				p.hl = (p.hl + 1) % len(p.carts)
				p.list.Refresh()
			}
		case fyne.KeyUp:
			if len(p.carts) > 0 {
				p.hl = (p.hl - 1 + len(p.carts)) % len(p.carts)
				p.list.Refresh()
			}
		default:
			return false
		}
		return true
	}
	filter()
	body := container.NewBorder(container.NewVBox(keys, msg), hint, nil, nil,
		container.NewStack(p.list, container.NewVBox(empty)))
	p.d = dialog.NewCustom(tr("Parked carts"), tr("Close (Esc)"), sized(body, 720, 380), p.win)
	s.showDialog(p.d, func() { s.parkedD = nil })
	p.win.Canvas().Focus(keys)
}

// unitsText is "1 unit" or "3 units".
func unitsText(n int) string { return trn("%d units", n) }
