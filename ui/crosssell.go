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

// crossSellCard shows every cross-sell the cart offers
// (Quote.CrossSellOffers), each with its product, price, Add and Dismiss.
// An added offer becomes a cart line marked "Cross-sell" with its quantity
// locked; removing that line brings the offer back. A dismissed offer is
// kept on the cart by the till (pos.Till.DismissCrossSell): it is not
// offered again on this cart, parked and resumed or not.
type crossSellCard struct {
	env         // the till, its worker, the window, the money format
	*sale       // the sale on screen
	s     *Sell // the coordinator: runs a change and shows the new cart
	box   *fyne.Container
	cards []*offerCard
	// title and add are the first offer's (Ctrl+K adds it).
	title *widget.Label
	add   *widget.Button
}

// offerCard is one offer.
type offerCard struct {
	box                 *fyne.Container
	title, why, price   *widget.Label
	add, dismiss        *widget.Button
	productID, offerTtl string
}

func newCrossSellCard(s *Sell) *crossSellCard {
	c := &crossSellCard{env: s.env, sale: s.sale, s: s}
	c.box = container.NewVBox()
	c.box.Hide()
	return c
}

func (c *crossSellCard) newCard(first bool) *offerCard {
	o := &offerCard{}
	o.title = widget.NewLabel("")
	o.title.TextStyle = fyne.TextStyle{Bold: true}
	o.title.Truncation = fyne.TextTruncateEllipsis
	o.why = widget.NewLabel("")
	o.why.Truncation = fyne.TextTruncateEllipsis
	o.why.TextStyle = fyne.TextStyle{Italic: true}
	o.price = widget.NewLabel("")
	o.price.TextStyle = fyne.TextStyle{Bold: true}
	label := tr("Add")
	if first {
		label += "  (Ctrl+K)"
	}
	o.add = widget.NewButtonWithIcon(label, theme.ContentAddIcon(), func() { c.acceptOffer(o.productID, o.offerTtl) })
	o.add.Importance = widget.HighImportance
	o.dismiss = widget.NewButtonWithIcon(tr("Dismiss"), theme.CancelIcon(), func() { c.dismissOffer(o.productID) })
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameWarning)
	bg.StrokeWidth = 2
	bg.CornerRadius = theme.InputRadiusSize()
	// Two rows, so the title keeps its room at 1024 px: what and its price,
	// then why with Add and Dismiss (touch targets, 8 px apart).
	buttons := container.New(&gapRow{gap: touchGap}, tall(o.add, touchSize), tall(o.dismiss, touchSize))
	body := container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil,
		container.New(&tightRows{},
			container.NewBorder(nil, nil, nil, o.price, o.title),
			container.NewBorder(nil, nil, nil, buttons, o.why)))
	o.box = container.NewStack(bg, container.NewPadded(body))
	return o
}

func (c *crossSellCard) update() {
	q := c.quote
	offers := q.CrossSellOffers
	if c.cart.Status == pos.CartCompleted {
		offers = nil
	}
	for len(c.cards) < len(offers) {
		c.cards = append(c.cards, c.newCard(len(c.cards) == 0))
	}
	objs := make([]fyne.CanvasObject, 0, len(offers))
	for i, offer := range offers {
		o := c.cards[i]
		o.productID, o.offerTtl = offer.ProductID, offer.Title
		o.title.SetText(tr("Suggest: %v", offer.Title))
		by := offer.OfferedBy
		if p, ok := c.s.prod.index.catalog.Product(by); ok {
			by = p.Title
		}
		o.why.SetText(tr("Goes with %v", by))
		o.price.SetText(c.money.money(offer.Price))
		objs = append(objs, o.box)
	}
	c.box.Objects = objs
	c.box.Refresh()
	if len(offers) == 0 {
		c.title, c.add = nil, nil
		c.box.Hide()
		return
	}
	c.title, c.add = c.cards[0].title, c.cards[0].add
	c.box.Show()
}

// accept adds the first offer (Ctrl+K).
func (c *crossSellCard) accept() {
	if !c.box.Visible() || len(c.box.Objects) == 0 {
		return
	}
	c.acceptOffer(c.cards[0].productID, c.cards[0].offerTtl)
}

func (c *crossSellCard) acceptOffer(id, title string) {
	c.s.run(func(ctx context.Context) error { return c.till.AcceptCrossSell(ctx, id) }, func(err error) {
		if err != nil {
			c.s.fail(err)
			return
		}
		c.s.say(tr("Added: %v", title))
		c.s.selectLine(len(c.quote.Lines))
	})
}

func (c *crossSellCard) dismissOffer(id string) {
	c.s.run(func(ctx context.Context) error { return c.till.DismissCrossSell(ctx, id) }, nil)
}
