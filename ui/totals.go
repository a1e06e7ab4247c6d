package ui

import (
	"image/color"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// totalsView is always on screen: subtotal, discounts, shipping, tax and the
// total, every figure straight from the quote.
type totalsView struct {
	s                                          *Sell
	root                                       fyne.CanvasObject
	subtotal, orderDisc, shipping, tax, saved  *widget.Label
	orderDiscRow, shipDiscLbl, taxLbl, savedLb *widget.Label
	total                                      *canvas.Text
	units                                      *widget.Label
}

func newTotalsView(s *Sell) *totalsView {
	t := &totalsView{s: s}
	right := func() *widget.Label {
		l := widget.NewLabel("")
		l.Alignment = fyne.TextAlignTrailing
		return l
	}
	t.subtotal, t.orderDisc, t.shipping, t.tax, t.saved = right(), right(), right(), right(), right()
	t.orderDisc.Importance = widget.SuccessImportance
	t.saved.Importance = widget.SuccessImportance
	t.orderDiscRow = widget.NewLabel(tr("Order discounts"))
	t.shipDiscLbl = widget.NewLabel(tr("Shipping"))
	t.taxLbl = widget.NewLabel(tr("Tax"))
	t.savedLb = widget.NewLabel(tr("Customer saves"))
	t.units = widget.NewLabel("")
	t.units.Importance = widget.LowImportance
	t.total = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	t.total.TextSize = theme.TextSize() * 2.2
	t.total.TextStyle = fyne.TextStyle{Bold: true}
	t.total.Alignment = fyne.TextAlignTrailing
	totalLbl := canvas.NewText(tr("Total"), theme.Color(theme.ColorNameForeground))
	totalLbl.TextSize = theme.TextSize() * 1.5
	totalLbl.TextStyle = fyne.TextStyle{Bold: true}
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr("Subtotal")), t.subtotal,
		t.orderDiscRow, t.orderDisc,
		t.shipDiscLbl, t.shipping,
		t.taxLbl, t.tax,
		t.savedLb, t.saved,
	)
	totalRow := container.NewBorder(nil, nil, container.NewVBox(layout.NewSpacer(), totalLbl, t.units), nil, t.total)
	t.root = container.NewVBox(form, totalRow)
	return t
}

func (t *totalsView) update() {
	q, f := t.s.quote, t.s.money
	cur := q.Currency
	t.subtotal.SetText(f.money(q.Subtotal))
	od := pos.Zero(cur)
	for _, d := range q.OrderDiscounts {
		od = od.Add(d.Amount)
	}
	t.orderDisc.SetText(f.minus(od))
	ship := f.money(q.Shipping)
	if !q.ShippingDiscount.IsZero() {
		ship = f.money(q.Shipping) + "  " + f.minus(q.ShippingDiscount)
	}
	t.shipping.SetText(ship)
	if q.ExclusiveTax.IsZero() && !q.Tax.IsZero() {
		t.taxLbl.SetText(tr("Tax (included)"))
	} else {
		t.taxLbl.SetText(tr("Tax"))
	}
	t.tax.SetText(f.money(q.Tax))
	t.saved.SetText(f.money(q.DiscountTotal()))
	t.total.Text = f.money(q.Total)
	if q.Total.IsNegative() {
		t.total.Color = theme.Color(theme.ColorNameError)
	} else {
		t.total.Color = theme.Color(theme.ColorNameForeground)
	}
	t.total.Refresh()
	units := 0
	for _, l := range q.Lines {
		units += l.Quantity
	}
	t.units.SetText(tr("{{.N}} units", "N", units))
}

var _ color.Color = color.White
