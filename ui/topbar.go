package ui

import (
	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// topBarView is the top of the sell screen: the test-mode banner, and the
// bar naming who is signed in and the shop, with the sale's buttons. Sell
// builds it (the buttons' actions are the coordinator's) and tells it what
// the cart is (show).
type topBarView struct {
	banner     *fyne.Container
	title      *widget.Label // who is signed in · the shop
	rows       *topBar       // the bar on one row or two
	testSwitch *keyCheck
	newSaleBtn *widget.Button
	parkBtn    *widget.Button
	parkedBtn  *widget.Button
	historyBtn *widget.Button
	fullBtn    *widget.Button // full screen (kiosk) on and off
}

// show says whether the cart is a test cart and how many carts are parked.
func (b *topBarView) show(c *pos.Cart, parked int) {
	if c.Test {
		b.banner.Show()
	} else {
		b.banner.Hide()
	}
	if b.testSwitch.Checked != c.Test {
		b.testSwitch.Checked = c.Test
		b.testSwitch.Refresh()
	}
	b.parkedBtn.SetText(tr("Parked"))
	if parked > 0 {
		b.parkedBtn.SetText(tr("Parked (%v)", parked))
	}
}

// canPark enables Park while the cart has lines to set aside.
func (b *topBarView) canPark(ok bool) {
	if ok {
		b.parkBtn.Enable()
	} else {
		b.parkBtn.Disable()
	}
}

// topBar lays out the sell screen's top bar: who is signed in and the shop
// (the lead: Lock, the head-office status, the title) on the left, the
// buttons on the right. They share one row when the title's whole text
// fits beside the buttons; otherwise the buttons go on a second row under
// it, so the signed-in member and the shop are never cut (French at 1024
// px). The screen decides the rows before it lays out (fit), since a
// layout's minimum size cannot depend on the width it will get.
type topBar struct {
	wrap bool
	// natural is the lead's width with the title's whole text.
	natural func() float32
}

// fit chooses one row or two for a bar width wide.
func (t *topBar) fit(objs []fyne.CanvasObject, width float32) {
	t.wrap = t.natural()+theme.Padding()+objs[1].MinSize().Width > width
}

func (t *topBar) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	lead, bar := objs[0], objs[1]
	lm, bm := lead.MinSize(), bar.MinSize()
	if t.wrap {
		lead.Move(fyne.NewPos(0, 0))
		lead.Resize(fyne.NewSize(size.Width, lm.Height))
		bar.Move(fyne.NewPos(size.Width-bm.Width, lm.Height+theme.Padding()))
		bar.Resize(bm)
		return
	}
	h := max(lm.Height, bm.Height)
	lead.Move(fyne.NewPos(0, (size.Height-h)/2))
	lead.Resize(fyne.NewSize(max(0, size.Width-bm.Width-theme.Padding()), h))
	bar.Move(fyne.NewPos(size.Width-bm.Width, (size.Height-h)/2))
	bar.Resize(fyne.NewSize(bm.Width, h))
}

func (t *topBar) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lm, bm := objs[0].MinSize(), objs[1].MinSize()
	if t.wrap {
		return fyne.NewSize(max(lm.Width, bm.Width), lm.Height+theme.Padding()+bm.Height)
	}
	return fyne.NewSize(max(lm.Width, bm.Width), max(lm.Height, bm.Height))
}

// widthFirst is a layout that lets the top bar choose its rows for the
// width it will get (the screen's, less the bar's padding) before the
// screen's own layout asks its minimum size.
type widthFirst struct {
	inner   fyne.Layout
	bar     *topBar
	barObjs func() []fyne.CanvasObject
	inset   float32 // the padding around the bar, each side
}

func (w *widthFirst) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w.bar.fit(w.barObjs(), size.Width-2*w.inset)
	w.inner.Layout(objs, size)
}

func (w *widthFirst) MinSize(objs []fyne.CanvasObject) fyne.Size { return w.inner.MinSize(objs) }
