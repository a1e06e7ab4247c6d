package ui

import (
	"context"
	"strconv"
	"strings"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// cartView is the cart: one list row per quote line with its quantity
// (−, typed, +), unit price, discounts and amount, and a remove button.
type cartView struct {
	env         // the till, its worker, the window, the money format
	*sale       // the sale on screen
	s     *Sell // the coordinator: runs a change and shows the new cart
	list  *keyList
	empty *widget.Label
	root  fyne.CanvasObject
	// row heights by number of discount lines, measured on a template row.
	heights map[int]float32
	probe   *cartRow
}

// cartRow is the template of one cart line.
type cartRow struct {
	widget.BaseWidget
	title, badge, amount, detail, discounts *widget.Label
	minus, plus, disc, remove               *widget.Button
	qty                                     *keyEntry
	content                                 fyne.CanvasObject
}

func newCartRow(k *keymap) *cartRow {
	r := &cartRow{}
	r.title = widget.NewLabel("Product title")
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.badge = widget.NewLabel(tr("Cross-sell"))
	r.badge.Importance = widget.WarningImportance
	r.badge.TextStyle = fyne.TextStyle{Bold: true, Italic: true}
	r.amount = widget.NewLabel("0.00")
	r.amount.TextStyle = fyne.TextStyle{Bold: true}
	r.amount.Alignment = fyne.TextAlignTrailing
	r.detail = widget.NewLabel("0.00 × 1")
	r.detail.Truncation = fyne.TextTruncateEllipsis
	r.discounts = widget.NewLabel("")
	r.discounts.Importance = widget.SuccessImportance
	r.discounts.Truncation = fyne.TextTruncateEllipsis
	r.minus = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), nil)
	r.plus = widget.NewButtonWithIcon("", theme.ContentAddIcon(), nil)
	r.qty = newKeyEntry(k, "")
	r.disc = widget.NewButton("%", nil)
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
	r.remove.Importance = widget.DangerImportance
	// Touch targets: every button at least 44×44 px, with 8 px between.
	qty := container.New(&gapRow{gap: touchGap}, touch(r.minus), sized(r.qty, 56, touchSize), touch(r.plus))
	acts := container.New(&gapRow{gap: touchGap}, touch(r.disc), touch(r.remove))
	r.content = container.NewBorder(
		container.NewBorder(nil, nil, nil, container.NewHBox(r.badge, r.amount), r.title),
		r.discounts, nil, nil,
		container.NewBorder(nil, nil, qty, acts, r.detail))
	r.ExtendBaseWidget(r)
	return r
}

func (r *cartRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.content)
}

func newCartView(s *Sell) *cartView {
	v := &cartView{env: s.env, sale: s.sale, s: s}
	v.list = newKeyList(s.keys,
		func() int {
			if s.quote == nil {
				return 0
			}
			return len(s.quote.Lines)
		},
		func() fyne.CanvasObject { return newCartRow(s.keys) },
		func(id widget.ListItemID, o fyne.CanvasObject) { v.updateRow(id, o.(*cartRow)) })
	v.list.OnSelected = func(id widget.ListItemID) {
		s.selected = id + 1
		s.giveFocusBack(v.list)
	}
	v.list.OnUnselected = func(id widget.ListItemID) {
		if s.selected == id+1 {
			s.selected = 0
		}
	}
	v.empty = widget.NewLabel(tr("The cart is empty. Search a product, tap a favourite or scan a barcode."))
	v.empty.Wrapping = fyne.TextWrapWord
	v.empty.Alignment = fyne.TextAlignCenter
	v.empty.TextStyle = fyne.TextStyle{Italic: true}
	v.root = container.NewStack(v.list, container.NewPadded(container.NewVBox(layout.NewSpacer(), v.empty, layout.NewSpacer())))

	v.heights = map[int]float32{}
	v.probe = newCartRow(nil)
	return v
}

// rowHeight is the height of a row showing n discount lines.
func (v *cartView) rowHeight(n int) float32 {
	if h, ok := v.heights[n]; ok {
		return h
	}
	if n == 0 {
		v.probe.discounts.Hide()
	} else {
		v.probe.discounts.SetText(strings.TrimSuffix(strings.Repeat("x\n", n), "\n"))
		v.probe.discounts.Show()
	}
	h := v.probe.content.MinSize().Height
	v.heights[n] = h
	return h
}

func (v *cartView) update() {
	q := v.quote
	if len(q.Lines) == 0 {
		v.empty.Show()
	} else {
		v.empty.Hide()
	}
	for i, l := range q.Lines {
		v.list.SetItemHeight(i, v.rowHeight(len(l.Discounts)))
	}
	v.list.Refresh()
	if v.selected > 0 {
		v.list.Select(v.selected - 1)
	} else {
		v.list.UnselectAll()
	}
}

func (v *cartView) updateRow(id widget.ListItemID, r *cartRow) {
	s := v.s
	if id >= len(v.quote.Lines) {
		return
	}
	l := v.quote.Lines[id]
	pos := l.Pos
	r.title.SetText(strconv.Itoa(pos) + ". " + l.Title)
	if l.CrossSell {
		r.badge.Show()
	} else {
		r.badge.Hide()
	}
	r.amount.SetText(v.money.money(l.Amount))
	// The unit price; the quantity is in its field, the amount above.
	r.detail.SetText("@ " + v.money.money(l.UnitPrice))
	if len(l.Discounts) == 0 {
		r.discounts.SetText("")
		r.discounts.Hide()
	} else {
		r.discounts.SetText(s.lineDiscountText(&l))
		r.discounts.Show()
	}

	if !r.qty.HasFocus() {
		r.qty.SetText(strconv.Itoa(l.Quantity))
	}
	r.qty.OnSubmitted = func(text string) {
		n, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil {
			s.fail(pos2err(tr("Type a whole number of units.")))
			return
		}
		s.setQuantity(pos, n)
	}
	r.minus.OnTapped = func() { s.setQuantity(pos, l.Quantity-1) }
	r.plus.OnTapped = func() { s.setQuantity(pos, l.Quantity+1) }
	if l.CrossSell {
		// A cross-sell's quantity is fixed at 1.
		r.minus.Disable()
		r.plus.Disable()
		r.qty.Disable()
	} else {
		r.minus.Enable()
		r.plus.Enable()
		r.qty.Enable()
		if l.Quantity <= 1 {
			r.minus.Disable()
		}
	}
	r.disc.OnTapped = func() { s.openLineDiscount(pos) }
	r.remove.OnTapped = func() { s.removeLine(pos) }
	// A reused row may have shown discounts: lay it out for this line.
	relayout(r.content)
}

// lineDiscountText is one line per discount on a cart line:
// "−$2.00  Summer sale (automatic, 2 units)".
func (e env) lineDiscountText(l *pos.QuoteLine) string {
	var b strings.Builder
	for i, d := range l.Discounts {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.money.minus(d.Amount))
		b.WriteString("  ")
		b.WriteString(discountName(d.Title, d.Source))
		extra := []string{sourceName(d.Source)}
		if d.Units > 0 && d.Units != l.Quantity {
			extra = append(extra, trn("%[2]d of %[1]d units", l.Quantity, d.Units))
		}
		if d.Reason != "" && !strings.Contains(d.Title, d.Reason) {
			extra = append(extra, d.Reason)
		}
		b.WriteString(" (" + strings.Join(extra, ", ") + ")")
	}
	return b.String()
}

func discountName(title string, src pos.Source) string {
	id := ""
	if src == pos.Custom {
		id = "custom"
	}
	return localText().DiscountName(id, title, "")
}

func sourceName(src pos.Source) string {
	switch src {
	case pos.Automatic:
		return tr("automatic")
	case pos.Code:
		return tr("code")
	case pos.Custom:
		return tr("custom")
	}
	return string(src)
}

func pos2err(msg string) error { return pos.Errorf(pos.EInvalid, "%s", msg) }

func (s *Sell) setQuantity(p, n int) {
	if n < 1 {
		s.removeLine(p)
		return
	}
	s.run(func(ctx context.Context) error { return s.till.SetQuantity(ctx, p, n) }, func(err error) {
		if err != nil {
			s.fail(err)
			return
		}
		s.say("")
		s.selectLine(p)
	})
}

// removeLine takes line p off the cart and offers to undo it for a few
// seconds (the till keeps the line; a discounted line's removal is audited).
func (s *Sell) removeLine(p int) {
	title := ""
	if p >= 1 && p <= len(s.quote.Lines) {
		title = s.quote.Lines[p-1].Title
	}
	n := len(s.quote.Lines)
	s.run(func(ctx context.Context) error { return s.till.RemoveLine(ctx, p) }, func(err error) {
		if err != nil {
			s.fail(err) // refused, or removed but its audit entry not written
		} else {
			s.say("")
		}
		if len(s.quote.Lines) < n {
			s.mid.undo.offer(title)
		}
	})
}

// openQuantity asks the selected line's quantity (F7).
func (s *Sell) openQuantity() {
	p := s.currentLine()
	if p == 0 {
		s.fail(pos2err(tr("Add a product first.")))
		return
	}
	l := s.quote.Lines[p-1]
	e := newKeyEntry(nil, "")
	e.SetText(strconv.Itoa(l.Quantity))
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Hide()
	var d dialog.Dialog
	submit := func() {
		n, err := strconv.Atoi(strings.TrimSpace(e.Text))
		if err != nil || n < 1 {
			msg.SetText(tr("Type a whole number of units, at least 1."))
			msg.Show()
			return
		}
		d.Hide()
		s.setQuantity(p, n)
	}
	e.OnSubmitted = func(string) { submit() }
	e.onKey = escCloses(func() { d.Hide() })
	content := container.NewVBox(widget.NewLabel(l.Title), e, msg)
	d = dialog.NewCustomConfirm(tr("Quantity"), tr("Set (Enter)"), tr("Cancel (Esc)"), content, func(ok bool) {
		if ok {
			submit()
		}
	}, s.win)
	s.showDialog(d)
	s.win.Canvas().Focus(e)
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// currentLine is the selected line, or the last one.
func (sl *sale) currentLine() int {
	if sl.quote == nil || len(sl.quote.Lines) == 0 {
		return 0
	}
	if sl.selected >= 1 && sl.selected <= len(sl.quote.Lines) {
		return sl.selected
	}
	return len(sl.quote.Lines)
}

func escCloses(f func()) func(*fyne.KeyEvent) bool {
	return func(e *fyne.KeyEvent) bool {
		if e.Name == fyne.KeyEscape {
			f()
			return true
		}
		return false
	}
}
