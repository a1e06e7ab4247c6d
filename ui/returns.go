package ui

import (
	"context"
	"strconv"
	"strings"

	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// returnDialog gives back units of a past order: a quantity and a restock
// box per line, shipping and all-cash choices, a reason, and the refund
// worked out as the cashier types (from the order's stored shares).
type returnDialog struct {
	env            // the till, its worker, the window, the money format
	s        *Sell // the coordinator: runs a change and shows the new cart
	o        *pos.Order
	d        *dialog.CustomDialog
	left     map[int]int // units each line can still give back
	qty      []*keyEntry // per order line
	restock  []*widget.Check
	shipping *widget.Check
	cash     *widget.Check
	reason   *keyEntry
	summary  *widget.Label
	msg      *widget.Label
	preview  *receiptView
	confirm  *widget.Button
	all      *widget.Button
	req      pos.ReturnRequest
	ret      *pos.Return // the recorded return, once confirmed
	gen      int         // preview generation: a late preview is dropped
}

// openReturn opens the return screen on an order (from the order history).
func (s *Sell) openReturn(o *pos.Order) {
	if o == nil {
		return
	}
	var prev []pos.Return
	var err error
	s.background(func(ctx context.Context) { prev, err = s.till.Returns(ctx, o.ID) }, func() {
		if err != nil {
			s.fail(err)
			return
		}
		s.showReturn(o, prev)
	})
}

func (s *Sell) showReturn(o *pos.Order, prev []pos.Return) {
	r := &returnDialog{env: s.env, s: s, o: o, left: map[int]int{}}
	s.ops.returnD = r
	done, shipDone := pos.Returned(prev)
	rows := container.NewVBox()
	header := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	// A line's title over what was sold, returned and paid, the width of
	// the dialog's left side (at 1024 px a column of its own cut it).
	row := func(title, info, qty, restock fyne.CanvasObject) fyne.CanvasObject {
		return container.NewBorder(nil, nil, nil, container.NewHBox(container.NewCenter(sized(qty, 80, 0)), container.NewCenter(sized(restock, 90, 0))),
			container.New(&tightRows{}, title, info))
	}
	sold := header(tr("Sold · returned"))
	sold.TextStyle = fyne.TextStyle{Italic: true}
	rows.Add(row(header(tr("Line")), sold, header(tr("Return")), header(tr("Restock"))))
	for _, l := range o.Quote.Lines {
		r.left[l.Pos] = l.Quantity - done[l.Pos]
		title := widget.NewLabel(strconv.Itoa(l.Pos) + ". " + l.Title)
		title.Truncation = fyne.TextTruncateEllipsis
		info := widget.NewLabel(trn("%d sold · %d returned · paid %v", l.Quantity, done[l.Pos], s.money.money(pos.NewMoney(pos.LinePaid(&l), o.Currency))))
		info.Truncation = fyne.TextTruncateEllipsis
		info.TextStyle = fyne.TextStyle{Italic: true}
		q := newKeyEntry(nil, "0")
		q.OnChanged = func(string) { r.update() }
		q.OnSubmitted = func(string) { r.doConfirm() }
		rs := widget.NewCheck("", func(bool) { r.update() })
		rs.SetChecked(true)
		if r.left[l.Pos] == 0 {
			q.Disable()
			rs.Disable()
		}
		r.qty, r.restock = append(r.qty, q), append(r.restock, rs)
		rows.Add(row(title, info, q, rs))
	}
	ship := o.Quote.Shipping.Sub(o.Quote.ShippingDiscount)
	r.shipping = widget.NewCheck(tr("Refund the shipping (%v)", s.money.money(ship)), func(bool) { r.update() })
	if ship.IsZero() || ship.IsNegative() {
		r.shipping.Hide()
	}
	if ship.IsZero() || ship.IsNegative() || shipDone {
		r.shipping.Disable()
		if shipDone {
			r.shipping.SetText(tr("The shipping was already refunded."))
		}
	}
	r.cash = widget.NewCheck(tr("Refund everything in cash"), func(bool) { r.update() })
	r.reason = newKeyEntry(nil, tr("Reason (optional)"))
	r.reason.OnSubmitted = func(string) { r.doConfirm() }
	r.reason.onKey = escCloses(func() { r.d.Hide() })
	r.summary = widget.NewLabel("")
	r.summary.Wrapping = fyne.TextWrapWord
	r.summary.TextStyle = fyne.TextStyle{Bold: true}
	r.msg = widget.NewLabel("")
	r.msg.Importance = widget.DangerImportance
	r.msg.Wrapping = fyne.TextWrapWord
	r.msg.Hide()
	r.preview = newReceiptView()
	r.all = widget.NewButtonWithIcon(tr("Everything left")+"  (F5)", theme.ListIcon(), r.everything)
	r.confirm = widget.NewButtonWithIcon(tr("Refund")+"  "+tr("(Enter)"), theme.ConfirmIcon(), r.doConfirm)
	r.confirm.Importance = widget.HighImportance
	r.confirm.Disable()
	for _, q := range r.qty {
		q.onKey = r.keys
	}

	form := container.NewVBox(rows, widget.NewSeparator(), r.shipping, r.cash, r.reason, r.msg)
	left := container.NewBorder(nil, container.NewVBox(r.summary, container.NewHBox(r.all, r.confirm)), nil, nil, container.NewVScroll(form))
	split := container.NewHSplit(left, r.preview.root)
	split.Offset = 0.62
	title := tr("Return from order %v", o.NumberLabel())
	r.d = dialog.NewCustom(title, tr("Cancel (Esc)"), sized(split, 940, 560), s.win)
	s.showDialog(r.d, func() { s.ops.returnD = nil })
	r.update()
	for i, q := range r.qty {
		if r.left[o.Quote.Lines[i].Pos] > 0 {
			s.win.Canvas().Focus(q)
			break
		}
	}
}

// keys: Esc closes, F5 takes everything left, Enter refunds.
func (r *returnDialog) keys(e *fyne.KeyEvent) bool {
	switch e.Name {
	case fyne.KeyEscape:
		r.d.Hide()
	case fyne.KeyF5:
		r.everything()
	default:
		return false
	}
	return true
}

// everything fills every line with what it can still give back.
func (r *returnDialog) everything() {
	for i, l := range r.o.Quote.Lines {
		if n := r.left[l.Pos]; n > 0 {
			r.qty[i].SetText(strconv.Itoa(n))
		}
	}
	if !r.shipping.Disabled() {
		r.shipping.SetChecked(true)
	}
	r.update()
}

// request reads the form; ok is false when a quantity is not a number.
func (r *returnDialog) request() (pos.ReturnRequest, bool) {
	req := pos.ReturnRequest{Shipping: r.shipping.Checked && !r.shipping.Disabled(), AllCash: r.cash.Checked,
		Reason: strings.TrimSpace(r.reason.Text)}
	for i, l := range r.o.Quote.Lines {
		text := strings.TrimSpace(r.qty[i].Text)
		if text == "" {
			continue
		}
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 {
			return req, false
		}
		if n > 0 {
			req.Lines = append(req.Lines, pos.ReturnLineRequest{Pos: l.Pos, Quantity: n, Restock: r.restock[i].Checked})
		}
	}
	return req, true
}

// update works the refund out again off the UI goroutine.
func (r *returnDialog) update() {
	if r.summary == nil || r.confirm == nil {
		return // still building
	}
	req, ok := r.request()
	r.confirm.Disable()
	if !ok {
		r.show(nil, pos2err(tr("Type how many units of each line come back.")))
		return
	}
	if len(req.Lines) == 0 && !req.Shipping {
		r.summary.SetText(tr("Choose the units to return."))
		r.msg.Hide()
		r.preview.set(nil, false)
		return
	}
	r.gen++
	gen := r.gen
	var ret pos.Return
	var err error
	r.background(func(ctx context.Context) { ret, err = r.till.PreviewReturn(ctx, r.o.ID, req) }, func() {
		if gen != r.gen {
			return
		}
		r.req = req
		r.show(&ret, err)
	})
}

func (r *returnDialog) show(ret *pos.Return, err error) {
	if err != nil {
		r.summary.SetText("")
		r.msg.SetText(errText(err))
		r.msg.Show()
		r.preview.set(nil, false)
		return
	}
	r.msg.Hide()
	var to []string
	for _, t := range ret.Tenders {
		to = append(to, r.receiptText().TenderName(t.Method)+" "+r.money.money(t.Amount))
	}
	r.summary.SetText(trn("Refund %[2]v for %[1]d units: %[3]v", ret.Units, r.money.money(ret.Total), strings.Join(to, " + ")))
	r.preview.set(receipt.Return(ret, r.till.Location(), r.receiptText()), ret.Test)
	r.confirm.Enable()
}

// doConfirm records the return, then shows its receipt and saves it.
func (r *returnDialog) doConfirm() {
	if r.confirm.Disabled() {
		return
	}
	req, ok := r.request()
	if !ok {
		return
	}
	r.confirm.Disable()
	var ret *pos.Return
	var err error
	var path string
	var fileErr error
	s := r.s
	// A refund above the limit needs a manager: the till refuses, a manager
	// approves, the same call runs again (run).
	s.run(func(ctx context.Context) error {
		ret, err = r.till.Return(ctx, r.o.ID, req)
		if err == nil {
			lines := receipt.Return(ret, r.till.Location(), s.receiptText())
			name := "return-" + strconv.FormatInt(ret.Number, 10)
			if ret.Test {
				name = "test-return-" + strconv.FormatInt(ret.Number, 10)
			}
			path, fileErr = s.saveAndPrint(ctx, receiptsDir, name, lines, ret.Test)
		}
		return err
	}, func(error) {
		if _, ok := pos.NeedsApproval(err); ok { // no manager approved: it can be asked again
			r.msg.SetText(errText(err))
			r.msg.Show()
			r.confirm.Enable()
			return
		}
		if err != nil {
			r.show(nil, err)
			return
		}
		r.ret = ret
		s.ops.lastFile = path
		r.d.Hide()
		r.showReceipt(ret, path, fileErr)
	})
}

// showReceipt shows a recorded return's receipt and where it went.
func (r *returnDialog) showReceipt(ret *pos.Return, path string, fileErr error) {
	v := newReceiptView()
	v.set(receipt.Return(ret, r.till.Location(), r.receiptText()), ret.Test)
	status := widget.NewLabel(tr("Saved as %v", path))
	status.Wrapping = fyne.TextWrapWord
	if fileErr != nil {
		status.Importance = widget.DangerImportance
		status.SetText(tr("The receipt was not saved or printed: %v", fileErr.Error()))
	}
	body := container.NewBorder(nil, status, nil, nil, sized(v.root, 420, 430))
	d := dialog.NewCustom(tr("Return %v", ret.NumberLabel()), tr("Close (Esc)"), body, r.win)
	r.s.showDialog(d, func() { r.s.receiptNext = nil })
	r.win.Canvas().Unfocus()
	r.s.receiptNext = d.Hide // Enter or Esc closes it
	r.s.say(tr("Return %v: %v refunded.", ret.NumberLabel(), r.money.money(ret.Total)))
}

// showReturns adds an order's returns to the history's title:
// "Order #12 · 2026-11-22 10:15 · returned R-3 $4.50".
func (h *historyDialog) showReturns(o *pos.Order) {
	var rs []pos.Return
	var err error
	h.background(func(ctx context.Context) { rs, err = h.till.Returns(ctx, o.ID) }, func() {
		if err != nil || len(rs) == 0 || h.current != o {
			return
		}
		var parts []string
		for _, r := range rs {
			parts = append(parts, r.NumberLabel()+" "+h.money.money(r.Total))
		}
		h.title.SetText(h.title.Text + " · " + tr("returned %v", strings.Join(parts, ", ")))
	})
}
