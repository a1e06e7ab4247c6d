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
	product *widget.Select
	ids     map[string]string
	code    *widget.Entry
	out     *widget.Label
	msg     *widget.Label
}

func newTryItView(bo *backOffice) *tryItView {
	v := &tryItView{bo: bo, ids: map[string]string{}}
	v.product = widget.NewSelect(nil, nil)
	v.product.PlaceHolder = tr("Choose a product")
	add := widget.NewButtonWithIcon(tr("Add"), theme.ContentAddIcon(), func() {
		id := v.ids[v.product.Selected]
		if id == "" || v.till == nil {
			return
		}
		v.do(func(ctx context.Context) error { return v.till.Add(ctx, id, "", 1) })
	})
	v.code = widget.NewEntry()
	v.code.SetPlaceHolder(tr("Discount code"))
	enter := widget.NewButton(tr("Enter code"), func() {
		code := v.code.Text
		v.do(func(ctx context.Context) error { return v.till.EnterCode(ctx, code) })
	})
	clear := widget.NewButtonWithIcon(tr("Empty the cart"), theme.DeleteIcon(), func() { v.refresh() })
	v.msg = widget.NewLabel("")
	v.msg.Importance = widget.DangerImportance
	v.msg.Wrapping = fyne.TextWrapWord
	v.msg.Hide()
	v.out = widget.NewLabel("")
	v.out.Wrapping = fyne.TextWrapWord
	note := widget.NewLabel(tr("A cart on the current set-up, as the till would price it. Nothing is rung up."))
	note.TextStyle = fyne.TextStyle{Italic: true}
	controls := container.NewVBox(note,
		container.NewBorder(nil, nil, nil, add, v.product),
		container.NewBorder(nil, nil, nil, enter, v.code),
		clear, v.msg)
	v.root = container.NewBorder(controls, nil, nil, nil, container.NewVScroll(v.out))
	return v
}

// refresh starts a new try-it till on the current set-up, with an empty cart.
func (v *tryItView) refresh() {
	t := v.bo.s.till
	setup := pos.Setup{Location: t.Location()}
	var titles []string
	v.ids = map[string]string{}
	for _, p := range t.Catalog().Products() {
		setup.Products = append(setup.Products, *p)
		if !p.Archived {
			titles = append(titles, p.Title)
			v.ids[p.Title] = p.ID
		}
	}
	for _, d := range t.Discounts().All() {
		setup.Discounts = append(setup.Discounts, *d)
	}
	v.product.Options = titles
	v.product.Refresh()
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
	m := v.bo.s.money
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
	b.WriteString("\n" + tr("Subtotal") + "  " + m.money(q.Subtotal) + "\n")
	b.WriteString(tr("Tax") + "  " + m.money(q.Tax) + "\n")
	b.WriteString(tr("Total") + "  " + m.money(q.Total) + "\n")
	v.out.SetText(b.String())
}
