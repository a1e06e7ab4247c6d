package ui

import (
	"context"
	"image/color"

	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Payment modes of the pay dialog.
const (
	payCash  = "cash"
	payCard  = "card"
	paySplit = "split"
)

// payDialog takes the payment: cash (amount tendered, quick amounts, change
// shown large), card, or split between card and cash. The sale completes
// only when the till accepts the tenders.
type payDialog struct {
	env         // the till, its worker, the window, the money format
	*sale       // the sale on screen
	s     *Sell // the coordinator: runs a change and shows the new cart
	d     *dialog.CustomDialog
	mode  string
	due   pos.Money

	cashBtn, cardBtn, splitBtn *widget.Button
	card, cash                 *keyEntry
	cardRow, cashRow           *fyne.Container
	rest                       *widget.Button // split: cash = what the card leaves
	restBox                    *fyne.Container
	content                    *fyne.Container
	quick                      *fyne.Container
	changeLbl                  *widget.Label
	change                     *canvas.Text
	msg                        *widget.Label
	confirm, cancel            *widget.Button
	busy                       bool
}

func (s *Sell) openPay() {
	if s.quote == nil || len(s.quote.Lines) == 0 || s.cart.Status == pos.CartCompleted {
		s.fail(pos2err(tr("The cart is empty: add a product before taking payment.")))
		return
	}
	p := &payDialog{env: s.env, sale: s.sale, s: s, due: s.quote.Total}
	s.payD = p

	dueLbl := canvas.NewText(tr("Due"), theme.Color(theme.ColorNameForeground))
	dueLbl.TextSize = theme.TextSize() * 1.4
	dueAmt := canvas.NewText(s.money.money(p.due), theme.Color(theme.ColorNamePrimary))
	dueAmt.TextSize = theme.TextSize() * 3
	dueAmt.TextStyle = fyne.TextStyle{Bold: true}
	dueAmt.Alignment = fyne.TextAlignTrailing

	p.cashBtn = widget.NewButtonWithIcon(tr("Cash")+" (F1)", theme.StorageIcon(), func() { p.setMode(payCash) })
	p.cardBtn = widget.NewButtonWithIcon(tr("Card")+" (F2)", theme.AccountIcon(), func() { p.setMode(payCard) })
	p.splitBtn = widget.NewButtonWithIcon(tr("Split")+" (F3)", theme.ContentCutIcon(), func() { p.setMode(paySplit) })

	keys := func(e *fyne.KeyEvent) bool {
		switch e.Name {
		case fyne.KeyF1:
			p.setMode(payCash)
		case fyne.KeyF2:
			p.setMode(payCard)
		case fyne.KeyF3:
			p.setMode(paySplit)
		case fyne.KeyEscape:
			p.close()
		default:
			return false
		}
		return true
	}
	p.card = newKeyEntry(nil, s.money.plain(pos.Zero(p.due.Currency())))
	p.card.onKey = keys
	p.card.OnChanged = func(string) { p.preview() }
	p.card.OnSubmitted = func(string) { p.submit() }
	p.cash = newKeyEntry(nil, "")
	p.cash.onKey = keys
	p.cash.OnChanged = func(string) { p.preview() }
	p.cash.OnSubmitted = func(string) { p.submit() }
	p.cardRow = container.NewBorder(nil, nil, sized(widget.NewLabel(tr("Card")), 150, 0), nil, p.card)
	p.rest = widget.NewButtonWithIcon(tr("Rest in cash"), theme.StorageIcon(), p.restInCash)
	p.restBox = tall(p.rest, touchSize)
	p.cashRow = container.NewBorder(nil, nil, sized(widget.NewLabel(tr("Cash tendered")), 150, 0), p.restBox, p.cash)

	p.quick = container.NewGridWithColumns(3)
	for _, m := range quickAmounts(p.due) {
		m := m
		label := s.money.money(m)
		if m.Cmp(p.due) == 0 {
			label = tr("Exact") + " " + label
		}
		p.quick.Add(tall(widget.NewButton(label, func() {
			p.cash.SetText(s.money.plain(m))
			p.preview()
			s.win.Canvas().Focus(p.cash)
		}), 48))
	}

	p.changeLbl = widget.NewLabel(tr("Change due"))
	p.changeLbl.TextStyle = fyne.TextStyle{Bold: true}
	p.change = canvas.NewText("", theme.Color(theme.ColorNameSuccess))
	p.change.TextSize = theme.TextSize() * 3
	p.change.TextStyle = fyne.TextStyle{Bold: true}
	p.change.Alignment = fyne.TextAlignTrailing
	p.msg = newErrLabel()

	p.cancel = widget.NewButtonWithIcon(tr("Cancel (Esc)"), theme.CancelIcon(), p.close)
	p.confirm = widget.NewButtonWithIcon(tr("Take payment (Enter)"), theme.ConfirmIcon(), p.submit)
	p.confirm.Importance = widget.HighImportance

	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	dueBox := container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil,
		container.NewVBox(layout.NewSpacer(), dueLbl, layout.NewSpacer()), nil, dueAmt)))
	changeBox := container.NewBorder(nil, nil, container.NewVBox(layout.NewSpacer(), p.changeLbl, layout.NewSpacer()), nil, p.change)
	content := container.NewVBox(
		dueBox,
		container.NewGridWithColumns(3, tall(p.cashBtn, 48), tall(p.cardBtn, 48), tall(p.splitBtn, 48)),
		p.cardRow, p.cashRow, p.quick,
		widget.NewSeparator(),
		changeBox, p.msg,
	)
	title := tr("Payment")
	if s.cart.Test {
		title = tr("Payment — TEST MODE")
	}
	p.content = content
	p.d = dialog.NewCustomWithoutButtons(title, content, s.win)
	p.d.SetButtons([]fyne.CanvasObject{p.cancel, tall(p.confirm, 44)})
	p.d.Resize(fyne.NewSize(560, 0))
	s.showDialog(p.d, func() {
		if s.payD == p {
			s.payD = nil
		}
	})
	p.setMode(payCash)
}

func (p *payDialog) close() {
	if p.busy {
		return
	}
	p.d.Hide()
	p.s.payD = nil
}

func (p *payDialog) setMode(mode string) {
	p.mode = mode
	for b, m := range map[*widget.Button]string{p.cashBtn: payCash, p.cardBtn: payCard, p.splitBtn: paySplit} {
		if m == mode {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	switch mode {
	case payCash:
		p.cardRow.Hide()
		p.cashRow.Show()
		p.rest.Hide()
		p.restBox.Hide()
		// Empty means the exact amount; the placeholder says so in words, not
		// in figures that look typed in.
		p.cash.SetPlaceHolder(tr("Empty: exact amount"))
		p.quick.Show()
		p.win.Canvas().Focus(p.cash)
	case payCard:
		p.cardRow.Show()
		p.card.SetText(p.money.plain(p.due))
		p.card.Disable()
		p.cashRow.Hide()
		p.quick.Hide()
		p.win.Canvas().Unfocus()
	case paySplit:
		p.card.Enable()
		p.cardRow.Show()
		p.cashRow.Show()
		p.rest.Show()
		p.restBox.Show()
		p.cash.SetPlaceHolder(s0(p))
		p.quick.Hide()
		p.win.Canvas().Focus(p.card)
	}
	if mode != payCard {
		p.card.Enable()
		if mode == payCash {
			p.card.SetText("")
		}
	}
	if p.content != nil { // rows shown or hidden: lay the dialog out again
		relayout(p.cashRow)
		relayout(p.content)
	}
	p.preview()
}

func s0(p *payDialog) string { return p.money.plain(pos.Zero(p.due.Currency())) }

// restInCash fills the cash field with what the card leaves due.
func (p *payDialog) restInCash() {
	var card pos.Money
	if p.card.Text != "" {
		a, err := parseAmount(p.card.Text, p.due.Currency())
		if err != nil {
			p.fail(err)
			return
		}
		card = a
	} else {
		card = pos.Zero(p.due.Currency())
	}
	rest := p.due.Sub(card)
	if rest.IsNegative() {
		rest = pos.Zero(p.due.Currency())
	}
	p.cash.SetText(p.money.plain(rest))
	p.msg.Hide()
	p.preview()
	p.win.Canvas().Focus(p.cash)
}

// TypedKey lets Enter and Esc work in card mode, where no entry has focus.
func (p *payDialog) typedKey(e *fyne.KeyEvent) bool {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		p.submit()
	case fyne.KeyEscape:
		p.close()
	case fyne.KeyF1:
		p.setMode(payCash)
	case fyne.KeyF2:
		p.setMode(payCard)
	case fyne.KeyF3:
		p.setMode(paySplit)
	default:
		return false
	}
	return true
}

// tenders reads the dialog. An empty cash field in cash mode means exact.
func (p *payDialog) tenders() ([]pos.Tender, error) {
	cur := p.due.Currency()
	var out []pos.Tender
	read := func(e *keyEntry, m pos.TenderMethod, emptyIsDue bool) error {
		text := e.Text
		if text == "" {
			if !emptyIsDue {
				return nil
			}
			out = append(out, pos.Tender{Method: m, Amount: p.due})
			return nil
		}
		a, err := parseAmount(text, cur)
		if err != nil {
			return err
		}
		if !a.IsZero() {
			out = append(out, pos.Tender{Method: m, Amount: a})
		}
		return nil
	}
	switch p.mode {
	case payCash:
		return out, read(p.cash, pos.Cash, true)
	case payCard:
		return []pos.Tender{{Method: pos.Card, Amount: p.due}}, nil
	}
	if err := read(p.card, pos.Card, false); err != nil {
		return nil, err
	}
	return out, read(p.cash, pos.Cash, false)
}

// preview shows the change (or what is still due) as the cashier types. The
// till computes the real change when it takes the payment.
func (p *payDialog) preview() {
	ts, err := p.tenders()
	if err != nil {
		p.changeLbl.SetText(tr("Change due"))
		p.change.Text = "—"
		p.change.Refresh()
		return
	}
	var got int64
	for _, t := range ts {
		got += t.Amount.Minor()
	}
	diff := pos.NewMoney(got-p.due.Minor(), p.due.Currency())
	if diff.IsNegative() {
		p.changeLbl.SetText(tr("Still due"))
		p.change.Text = p.money.money(pos.NewMoney(-diff.Minor(), diff.Currency()))
		p.change.Color = theme.Color(theme.ColorNameError)
	} else {
		p.changeLbl.SetText(tr("Change due"))
		p.change.Text = p.money.money(diff)
		p.change.Color = theme.Color(theme.ColorNameSuccess)
	}
	p.change.Refresh()
}

func (p *payDialog) submit() {
	if p.busy {
		return
	}
	ts, err := p.tenders()
	if err != nil {
		p.fail(err)
		return
	}
	p.busy = true
	p.confirm.Disable()
	p.confirm.SetText(tr("Recording the sale…"))
	s := p.s
	var (
		order   *pos.Order
		printer receipt.Printer
		perr    error
	)
	s.run(func(ctx context.Context) error {
		o, err := p.till.Pay(ctx, ts)
		order = o
		if err == nil {
			// The receipt choice offers Print only with a printer set; an
			// unreadable setting leaves Save as PDF and says why (the sale
			// is recorded).
			var path string
			var cols int
			path, cols, perr = p.till.Printer(ctx)
			printer = receipt.Printer{Path: path, Columns: cols}
		}
		return err
	}, func(err error) {
		p.busy = false
		p.confirm.Enable()
		p.confirm.SetText(tr("Take payment (Enter)"))
		if err != nil {
			p.fail(err)
			return
		}
		p.d.Hide()
		s.payD = nil
		s.completed(order, printer, perr)
	})
}

func (p *payDialog) fail(err error) {
	showErr(p.msg, err)
}

// quickAmounts are the exact amount and the next round sums a customer may
// hand over.
func quickAmounts(due pos.Money) []pos.Money {
	cur := due.Currency()
	unit := int64(1)
	for i := int32(0); i < cur.Digits(); i++ {
		unit *= 10
	}
	out := []pos.Money{due}
	seen := map[int64]bool{due.Minor(): true}
	for _, bill := range []int64{1, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000} {
		step := bill * unit
		v := (due.Minor() + step - 1) / step * step
		if v <= due.Minor() || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, pos.NewMoney(v, cur))
		if len(out) == 6 {
			break
		}
	}
	return out
}

var _ = color.White
