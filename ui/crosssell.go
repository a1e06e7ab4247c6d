package ui

import (
	"context"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// crossSellCard offers the cart's cross-sell (Quote.CrossSellOffers): the
// product, its price and Add. Once added it is a cart line marked
// "Cross-sell" with its quantity locked; removing that line brings the
// card back (the quote offers it again).
type crossSellCard struct {
	s     *Sell
	box   *fyne.Container
	title *widget.Label
	why   *widget.Label
	price *widget.Label
	add   *widget.Button
	offer pos.Offer
}

func newCrossSellCard(s *Sell) *crossSellCard {
	c := &crossSellCard{s: s}
	c.title = widget.NewLabel("")
	c.title.TextStyle = fyne.TextStyle{Bold: true}
	c.title.Truncation = fyne.TextTruncateEllipsis
	c.why = widget.NewLabel("")
	c.why.Truncation = fyne.TextTruncateEllipsis
	c.why.TextStyle = fyne.TextStyle{Italic: true}
	c.price = widget.NewLabel("")
	c.price.TextStyle = fyne.TextStyle{Bold: true}
	c.add = widget.NewButtonWithIcon(tr("Add")+"  (Ctrl+K)", theme.ContentAddIcon(), c.accept)
	c.add.Importance = widget.HighImportance
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameWarning)
	bg.StrokeWidth = 2
	bg.CornerRadius = theme.InputRadiusSize()
	star := widget.NewIcon(theme.InfoIcon())
	body := container.NewBorder(nil, nil, star, container.NewVBox(c.price, c.add),
		container.NewVBox(c.title, c.why))
	c.box = container.NewStack(bg, container.NewPadded(body))
	c.box.Hide()
	return c
}

func (c *crossSellCard) update() {
	q := c.s.quote
	if len(q.CrossSellOffers) == 0 || c.s.cart.Status == pos.CartCompleted {
		c.box.Hide()
		return
	}
	c.offer = q.CrossSellOffers[0]
	c.title.SetText(tr("Suggest: {{.Title}}", "Title", c.offer.Title))
	by := c.offer.OfferedBy
	if p, ok := c.s.index.catalog.Product(by); ok {
		by = p.Title
	}
	c.why.SetText(tr("Goes with {{.Product}}", "Product", by))
	c.price.SetText(c.s.money.money(c.offer.Price))
	c.box.Show()
}

func (c *crossSellCard) accept() {
	if !c.box.Visible() {
		return
	}
	id := c.offer.ProductID
	title := c.offer.Title
	c.s.run(func(ctx context.Context) error { return c.s.till.AcceptCrossSell(ctx, id) }, func(err error) {
		if err != nil {
			c.s.fail(err)
			return
		}
		c.s.say(tr("Added: {{.Title}}", "Title", title))
		c.s.selectLine(len(c.s.quote.Lines))
	})
}
