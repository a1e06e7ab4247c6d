package ui

import (
	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// totalsView is always on screen: subtotal, discounts, shipping, tax and the
// total, every figure straight from the quote. Rows are plain text, tight,
// so the discount explanations above keep their room.
//
// The sell screen and the back office's try-it till show the same block,
// from this code: newTotalsView(s) follows the sell screen's quote,
// newTotals any quote given to show.
type totalsView struct {
	quote                                     func() *pos.Quote // update's quote
	money                                     moneyFormat
	root                                      fyne.CanvasObject
	subtotal, orderDisc, shipping, tax, saved *canvas.Text
	taxLbl                                    *canvas.Text
	total                                     *canvas.Text
}

func totalsText(text string, bold bool, c fyne.ThemeColorName, align fyne.TextAlign) *canvas.Text {
	t := canvas.NewText(text, theme.Color(c))
	t.TextSize = theme.TextSize() * 1.05
	t.TextStyle = fyne.TextStyle{Bold: bold}
	t.Alignment = align
	return t
}

func newTotalsView(s *Sell) *totalsView {
	return newTotals(func() *pos.Quote { return s.quote }, s.money)
}

// newTotals is the totals block for quotes from elsewhere (quote may be
// nil: call show).
func newTotals(quote func() *pos.Quote, money moneyFormat) *totalsView {
	t := &totalsView{quote: quote, money: money}
	val := func(c fyne.ThemeColorName) *canvas.Text { return totalsText("", false, c, fyne.TextAlignTrailing) }
	lbl := func(text string) *canvas.Text {
		return totalsText(text, false, theme.ColorNameForeground, fyne.TextAlignLeading)
	}
	t.subtotal, t.shipping, t.tax = val(theme.ColorNameForeground), val(theme.ColorNameForeground), val(theme.ColorNameForeground)
	t.orderDisc, t.saved = val(theme.ColorNameSuccess), val(theme.ColorNameSuccess)
	t.taxLbl = lbl(tr("Tax"))
	row := func(l, v *canvas.Text) fyne.CanvasObject { return container.NewBorder(nil, nil, l, nil, v) }
	t.total = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	t.total.TextSize = theme.TextSize() * 2.4
	t.total.TextStyle = fyne.TextStyle{Bold: true}
	t.total.Alignment = fyne.TextAlignTrailing
	totalLbl := canvas.NewText(tr("Total"), theme.Color(theme.ColorNameForeground))
	totalLbl.TextSize = theme.TextSize() * 1.6
	totalLbl.TextStyle = fyne.TextStyle{Bold: true}
	rows := container.New(&tightRows{gap: theme.Padding() * 1.5},
		row(lbl(tr("Subtotal")), t.subtotal),
		row(lbl(tr("Order discounts")), t.orderDisc),
		row(lbl(tr("Shipping")), t.shipping),
		row(t.taxLbl, t.tax),
		row(lbl(tr("Customer saves")), t.saved),
	)
	totalRow := container.NewBorder(nil, nil, container.NewVBox(layout.NewSpacer(), totalLbl, layout.NewSpacer()), nil, t.total)
	t.root = container.NewVBox(container.NewPadded(rows), totalRow)
	return t
}

// update shows the quote the block follows.
func (t *totalsView) update() { t.show(t.quote()) }

// show writes q's figures (nil: nothing yet).
func (t *totalsView) show(q *pos.Quote) {
	if q == nil {
		return
	}
	f := t.money
	t.subtotal.Text = f.money(q.Subtotal)
	od := pos.Zero(q.Currency)
	for _, d := range q.OrderDiscounts {
		od = od.Add(d.Amount)
	}
	t.orderDisc.Text = f.minus(od)
	ship := f.money(q.Shipping)
	if !q.ShippingDiscount.IsZero() {
		ship += "  " + f.minus(q.ShippingDiscount)
	}
	t.shipping.Text = ship
	if q.ExclusiveTax.IsZero() && !q.Tax.IsZero() {
		t.taxLbl.Text = tr("Tax (included)")
	} else {
		t.taxLbl.Text = tr("Tax")
	}
	t.tax.Text = f.money(q.Tax)
	t.saved.Text = f.money(q.DiscountTotal())
	t.total.Text = f.money(q.Total)
	for _, c := range []*canvas.Text{t.subtotal, t.orderDisc, t.shipping, t.taxLbl, t.tax, t.saved, t.total} {
		c.Refresh()
	}
}

// tightRows stacks rows with a small gap (a VBox uses the theme padding);
// hidden rows take no room.
type tightRows struct{ gap float32 }

func (r *tightRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + r.gap
	}
}

func (r *tightRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height
		if n > 0 {
			h += r.gap
		}
		n++
	}
	return fyne.NewSize(w, h)
}

var _ = widget.NewLabel
