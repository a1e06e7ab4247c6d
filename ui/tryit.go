package ui

import (
	"context"
	"strconv"
	"strings"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tryItView builds a cart on a till of its own over an in-memory copy of
// the current set-up (pos.MemStore): it shows what the till would apply and
// why, and rings up nothing.
type tryItView struct {
	bo      *backOffice
	root    fyne.CanvasObject
	till    *pos.Till
	product *productPicker // search, tap (or Enter) adds one
	code    *escEntry
	out     *widget.Label
	msg     *widget.Label
	// totals is the till's own totals block (totals.go), on the try-it quote.
	totals *totalsView
	quote  *pos.Quote
}

func newTryItView(bo *backOffice) *tryItView {
	v := &tryItView{bo: bo}
	v.product = newProductPicker(bo.money, tr("Type to find a product, tap it to add it"), func(id string) {
		v.do(func(ctx context.Context) error { return v.till.Add(ctx, id, "", 1) })
	})
	v.code = newEscEntry()
	v.code.SetPlaceHolder(tr("Discount code"))
	enter := widget.NewButton(tr("Enter code"), func() {
		code := v.code.Text
		v.do(func(ctx context.Context) error { return v.till.EnterCode(ctx, code) })
	})
	v.code.OnSubmitted = func(string) { enter.OnTapped() }
	clear := widget.NewButtonWithIcon(tr("Empty the cart"), theme.DeleteIcon(), func() { v.restart(false) })
	v.msg = widget.NewLabel("")
	v.msg.Importance = widget.DangerImportance
	v.msg.Wrapping = fyne.TextWrapWord
	v.msg.Hide()
	v.out = widget.NewLabel("")
	v.out.Wrapping = fyne.TextWrapWord
	v.totals = newTotals(func() *pos.Quote { return v.quote }, bo.money)
	note := widget.NewLabel(tr("A cart on the current set-up, as the till would price it. Nothing is rung up."))
	note.Wrapping = fyne.TextWrapWord
	note.TextStyle = fyne.TextStyle{Italic: true}
	// The product list takes the column's height: more matches on a
	// bigger screen.
	controls := container.NewBorder(note,
		container.NewVBox(container.NewBorder(nil, nil, nil, enter, v.code), container.NewHBox(clear), v.msg),
		nil, nil, v.product.root)
	right := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), v.totals.root), nil, nil, container.NewVScroll(v.out))
	split := container.NewHSplit(controls, right)
	split.Offset = 0.45
	v.root = split
	return v
}

// refresh starts a new try-it till on the current set-up (a save, another
// tab) with the cart as it was: its lines and codes, priced again.
//
// A till of its own over a big catalog takes a while (tens of ms at 10,000
// products): while the tab is hidden a refresh does nothing, and
// selecting the tab (which refreshes every tab) prices the cart again.
func (v *tryItView) refresh() {
	if v.till != nil && !v.shown() {
		return // priced again when shown (the tab's selection refreshes)
	}
	v.restart(true)
}

// shown reports whether the try-it tab is the one on screen.
func (v *tryItView) shown() bool {
	tabs := v.bo.tabs
	return tabs == nil || tabs.Selected() == nil || tabs.Selected().Content == v.root
}

// restart starts a new try-it till on the current set-up, with the cart
// kept (keep) or empty. A line or code the set-up no longer takes is left
// out, with the till's refusal shown.
func (v *tryItView) restart(keep bool) {
	var lines []pos.QuoteLine
	var codes []string
	if keep && v.quote != nil {
		lines, codes = v.quote.Lines, v.quote.Codes
	}
	t := v.bo.till
	setup := pos.Setup{Location: t.Location()}
	for _, p := range t.Catalog().Products() {
		setup.Products = append(setup.Products, *p)
	}
	for _, d := range t.Discounts().All() {
		setup.Discounts = append(setup.Discounts, *d)
	}
	v.product.setCatalog(t.Catalog(), nil)
	// The try-it till rings up nothing, in memory, as the manager who
	// opened the back office.
	who := v.bo.who
	till, err := pos.NewTill(context.Background(), pos.NewMemStore(setup), pos.Options{TillID: "try-it", Actor: &who})
	if err != nil {
		v.fail(err)
		return
	}
	v.till = till
	v.msg.Hide()
	ctx := context.Background()
	var errs []error
	for _, l := range lines {
		if err := till.Add(ctx, l.ProductID, l.PriceID, l.Quantity); err != nil {
			errs = append(errs, err)
		}
	}
	for _, c := range codes {
		if err := till.EnterCode(ctx, c); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		v.fail(errs[0])
	}
	v.show()
}

func (v *tryItView) fail(err error) {
	v.msg.SetText(errText(err))
	v.msg.Show()
}

// do runs a call on the in-memory till (no disk: on the UI goroutine).
func (v *tryItView) do(op func(ctx context.Context) error) {
	if v.till == nil {
		return
	}
	v.msg.Hide()
	if err := op(context.Background()); err != nil {
		v.fail(err)
	}
	v.show()
}

// show writes the quote: lines, what applied and how much, what did not and why, totals.
func (v *tryItView) show() {
	q := v.till.Quote()
	v.quote = q
	v.totals.update()
	m := v.bo.money
	var b strings.Builder
	if len(q.Lines) == 0 {
		v.out.SetText(tr("Add products to see what the till would apply."))
		return
	}
	for _, l := range q.Lines {
		b.WriteString(l.Title + " × " + strconv.Itoa(l.Quantity) + "   " + m.money(l.Subtotal) + "\n")
		for _, d := range l.Discounts {
			b.WriteString("    − " + d.Title + "  " + m.money(d.Amount) + "\n")
		}
	}
	b.WriteString("\n" + tr("Applied") + ":\n")
	if len(q.Applied) == 0 {
		b.WriteString("    " + tr("none") + "\n")
	}
	for _, a := range q.Applied {
		b.WriteString("    ✓ " + a.Title + " (" + lowerClass(a.Class) + ")  −" + m.money(a.Amount) + "\n")
	}
	if len(q.NotApplied) > 0 {
		b.WriteString("\n" + tr("Not applied") + ":\n")
		for _, n := range q.NotApplied {
			b.WriteString("    ✗ " + n.Title + ": " + sentenceText(n.Why) + "\n")
		}
	}
	for _, o := range q.CrossSellOffers {
		b.WriteString("\n" + tr("Suggest: %v", o.Title) + "  " + m.money(o.Price) + "\n")
	}
	v.out.SetText(b.String())
}
