package ui

import (
	"context"
	"image/color"
	"strings"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Sell is the till's one sell screen: products on the left, the cart in the
// middle, discounts, totals and payment on the right. It keeps its widgets
// as fields so tests can tap and type into them.
type Sell struct {
	// The till, its worker, the window, its keys and the money format: what
	// every view is given as its own.
	env
	*sale // the sale on screen, shared with the views that show it

	root   fyne.CanvasObject
	bar    *topBarView     // the test-mode banner and the top bar
	screen *fyne.Container // the banner, the top bar and the three columns
	tips   *tipLayer       // the top bar's tooltips, drawn over the screen
	sync   *syncBar        // the head-office status (a joined till), or nil

	prod *catalogPane // search, barcode, favourites (the left column)

	mid    *cartPane // the cart, its note, messages and offers (the middle column)
	disc   *discountsView
	totals *totalsView
	payBtn *widget.Button

	openDialogs // the dialogs open, for the keys and tests

	mgr *manager   // the back office and the manager's approvals (backoffice.go)
	lk  *lockState // sign-in screen, lock and idle lock (signin.go, lock.go)
	ops *tillOps   // returns, shift and reports (tillops.go)
}

// NewSell builds the sell screen for a window; call Show to put it in.
func NewSell(till *pos.Till, opts Options, win fyne.Window) *Sell {
	loadTranslations()
	s := &Sell{
		env:  env{till: till, win: win, money: formatFor(locale()), keys: newKeymap(), opts: opts},
		sale: &sale{},
	}
	s.lk = newLockState(till, s.lock) // the idle lock counts from here
	s.worker = newWorker(fyne.Do, s.lk.touch)
	s.keys.blocked = func() bool { return s.dialogs > 0 }
	win.SetOnClosed(s.stop) // the worker ends with the window
	s.prod = newCatalogPane(s.keys, s.money, newSearchIndex(till.Catalog()))
	s.build()
	s.initLock()
	s.show(till.Quote(), till.Cart(), len(till.Parked()))
	return s
}

// Show puts the screen in its window and wires the keys.
func (s *Sell) Show() {
	s.win.SetContent(s.root)
	s.bindKeys(s.win.Canvas())
	s.bindLockKeys(s.win.Canvas())
	s.win.Canvas().Focus(s.prod.search)
}

// run calls the till off the UI goroutine, then shows the new cart. done,
// when set, sees the error (nil on success) on the UI goroutine; otherwise
// an error goes to the message bar. A change the till refuses for want of
// a manager's approval asks a manager's PIN, then runs again; nobody
// signed in shows the sign-in screen.
func (s *Sell) run(op func(ctx context.Context) error, done func(err error)) {
	s.runWhat("", op, done)
}

// runWhat is run where the cashier's screen knows what a manager would
// approve (what, e.g. "Cash out: 20.00"): the approval dialog says it.
func (s *Sell) runWhat(what string, op func(ctx context.Context) error, done func(err error)) {
	s.begin()
	s.submit(func() {
		defer s.pending.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := op(ctx)
		cancel()
		q, c, n := s.till.Quote(), s.till.Cart(), len(s.till.Parked())
		s.deliver(func() {
			defer s.inflight.Add(-1)
			s.show(q, c, n)
			if perm, ok := pos.NeedsApproval(err); ok {
				s.askApproval(perm, what, err, func() { s.runWhat(what, op, done) }, func() {
					if done != nil {
						done(err)
					} else {
						s.fail(err)
					}
				})
				return
			}
			if pos.ErrorCode(err) == pos.ESignIn {
				s.showSignIn()
			}
			switch {
			case done != nil:
				done(err)
			case err != nil:
				s.fail(err)
			default:
				s.say("")
			}
		})
	})
}

// fail shows a refusal where the cashier is looking: the message bar above
// the cart, in the core's own words.
func (s *Sell) fail(err error) { s.mid.fail(err) }

// say shows a confirmation in the message bar ("" hides it).
func (s *Sell) say(text string) { s.mid.say(text) }

func (s *Sell) build() {
	// Top bar.
	s.tips = newTipLayer() // the tooltips of the buttons built below
	s.bar = &topBarView{}
	s.bar.title = widget.NewLabelWithStyle("Caisse", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// The buttons take what they need with short labels (their keys are in
	// tooltips); when the title's whole text does not fit beside them, the
	// buttons go on a second row (topBar), so the title is never cut.
	s.bar.title.Truncation = fyne.TextTruncateEllipsis
	s.bar.testSwitch = newKeyCheck(s.keys, tr("Test mode"), func(on bool) {
		s.giveFocusBack(s.bar.testSwitch)
		if s.cart != nil && on == s.cart.Test {
			return
		}
		s.run(func(ctx context.Context) error { return s.till.SetTestMode(ctx, on) }, nil)
	})
	s.bar.newSaleBtn = widget.NewButtonWithIcon(tr("New sale"), theme.ContentAddIcon(), s.confirmNewSale)
	s.bar.parkBtn = widget.NewButtonWithIcon(tr("Park"), theme.MediaPauseIcon(), s.openPark)
	s.bar.parkedBtn = widget.NewButtonWithIcon(tr("Parked"), theme.ListIcon(), s.openParked)
	s.bar.historyBtn = widget.NewButtonWithIcon(tr("Orders"), theme.HistoryIcon(), s.openHistory)
	s.bar.fullBtn = widget.NewButtonWithIcon("", theme.ViewFullScreenIcon(), s.toggleFullScreen)
	bar := container.NewHBox(
		s.tips.tipped(s.bar.newSaleBtn, tr("Start a new sale")+"  (Ctrl+N)"),
		s.tips.tipped(s.bar.parkBtn, tr("Park this cart")+"  (F8)"),
		s.tips.tipped(s.bar.parkedBtn, tr("Parked carts")+"  (F9)"),
		s.tips.tipped(s.bar.historyBtn, tr("Today's orders")+"  (F10)"),
		s.initManager(), s.initTillOps(),
		s.tips.tipped(s.bar.testSwitch, tr("Test mode")+"  (Ctrl+T)"),
		s.tips.tipped(s.bar.fullBtn, tr("Full screen")+"  (Ctrl+F)"))
	var title fyne.CanvasObject = s.bar.title
	sb := s.initSyncBar()
	if sb != nil { // a joined till: its head-office status
		title = container.New(titleRow{}, sb, s.bar.title)
	}
	lockBtn := s.initLockBar()
	s.bar.rows = &topBar{natural: func() float32 {
		w := lockBtn.MinSize().Width + theme.Padding() + 2*theme.InnerPadding() +
			fyne.MeasureText(s.bar.title.Text, theme.TextSize(), s.bar.title.TextStyle).Width
		if sb != nil {
			w += sb.MinSize().Width + theme.Padding()
		}
		return w
	}}
	top := container.New(s.bar.rows, container.NewBorder(nil, nil, lockBtn, nil, title), bar)

	bannerBG := canvas.NewRectangle(color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff})
	// Two lines, so the banner fits 1024 px in every language.
	bannerTitle := canvas.NewText(tr("TEST MODE"), color.White)
	bannerTitle.TextStyle = fyne.TextStyle{Bold: true}
	bannerTitle.TextSize = theme.TextSize() * 1.25
	bannerTitle.Alignment = fyne.TextAlignCenter
	bannerWhy := canvas.NewText(tr("Orders are test orders, numbered TEST-n; no real money is taken."), color.White)
	bannerWhy.Alignment = fyne.TextAlignCenter
	bannerText := container.New(&tightRows{}, bannerTitle, bannerWhy)
	stripes := canvas.NewLinearGradient(color.NRGBA{R: 0xff, G: 0xb3, A: 0xff}, color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}, 90)
	s.bar.banner = container.NewStack(bannerBG, container.NewBorder(nil, nil, sized(stripes, 24, 0), sized(canvas.NewLinearGradient(color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}, color.NRGBA{R: 0xff, G: 0xb3, A: 0xff}, 90), 24, 0), container.NewPadded(bannerText)))
	s.bar.banner.Hide()

	s.prod.fitting, s.prod.add, s.prod.scan = s.fittingPrices, s.addProduct, s.scan
	s.prod.customSale, s.prod.focusBack = s.openCustomSale, s.giveFocusBack
	left := s.prod.build()

	s.mid = &cartPane{}
	s.mid.message = widget.NewLabel("")
	s.mid.message.Wrapping = fyne.TextWrapWord
	s.mid.message.TextStyle = fyne.TextStyle{Bold: true}
	s.mid.message.Hide()
	s.mid.undo = newUndoBar(s)
	s.mid.cartV = newCartView(s)
	s.mid.offers = newCrossSellCard(s)
	s.mid.cartTitle = heading(tr("Cart")).(*widget.Label)
	s.mid.noteBtn = widget.NewButtonWithIcon(tr("Note"), theme.DocumentCreateIcon(), s.openNote)
	s.mid.noteLbl = widget.NewLabel("")
	s.mid.noteLbl.TextStyle = fyne.TextStyle{Italic: true}
	s.mid.noteLbl.Truncation = fyne.TextTruncateEllipsis
	s.mid.noteLbl.Hide()
	cartHead := container.NewBorder(nil, nil, nil,
		s.tips.tipped(s.mid.noteBtn, tr("Note on the order")+"  (Ctrl+E)"), s.mid.cartTitle)
	s.mid.middle = container.NewBorder(
		container.NewVBox(cartHead, s.mid.noteLbl, s.mid.message, s.mid.undo.box),
		s.mid.offers.box, nil, nil, s.mid.cartV.root)
	middle := s.mid.middle

	s.disc = newDiscountsView(s)
	s.totals = newTotalsView(s)
	s.payBtn = widget.NewButtonWithIcon(tr("Pay")+"  (F12)", theme.ConfirmIcon(), s.openPay)
	s.payBtn.Importance = widget.HighImportance
	right := container.NewBorder(nil,
		container.NewVBox(widget.NewSeparator(), s.totals.root, tall(s.payBtn, 64)),
		nil, nil, s.disc.root)

	cols := container.New(&columns{weights: []float32{0.33, 0.37, 0.30}}, left, middle, right)
	head := container.NewVBox(s.bar.banner, container.NewPadded(top), widget.NewSeparator())
	s.screen = container.New(&widthFirst{inner: layout.NewBorderLayout(head, nil, nil, nil), bar: s.bar.rows,
		barObjs: func() []fyne.CanvasObject { return top.Objects }, inset: theme.Padding()}, head, cols)
	s.root = container.NewStack(s.screen, s.tips.box)
}

func productInfo(p *pos.Product) string {
	parts := []string{}
	if p.SKU != "" {
		parts = append(parts, p.SKU)
	}
	if p.Barcode != "" {
		parts = append(parts, p.Barcode)
	}
	return strings.Join(parts, " · ")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// scan adds one unit by barcode; an unknown or misread barcode says so next
// to the field and adds nothing. Either way the field is cleared for the
// next scan (the message keeps the code). The line scanned becomes the
// highlighted one.
func (s *Sell) scan(code string) {
	code = strings.TrimSpace(code)
	if code == "" {
		return
	}
	s.prod.barcode.SetText("")
	if p, ok := s.prod.index.catalog.ByBarcode(code); ok {
		s.highlight.productID, s.highlight.priceID = p.ID, ""
	}
	s.sellFirst(func(ctx context.Context) error { return s.till.Scan(ctx, code) }, func(err error) {
		s.highlight.productID = ""
		if err != nil {
			s.say("") // the last action's message is not this one's
			s.prod.scanMsg.Importance = widget.DangerImportance
			s.prod.scanMsg.SetText(errText(err))
			s.prod.scanMsg.Show()
			return
		}
		s.prod.scanMsg.Importance = widget.SuccessImportance
		if p, ok := s.prod.index.catalog.ByBarcode(code); ok {
			s.prod.scanMsg.SetText(tr("Added: %v", p.Title))
		} else {
			s.prod.scanMsg.SetText(tr("Added: %v", code))
		}
		s.prod.scanMsg.Show()
		s.say("")
	})
}

// lineOf is the position of the ordinary (not cross-sell) line holding the
// product (at that price, when priceID is set): where Add put a unit.
func (sl *sale) lineOf(productID, priceID string) int {
	for i := len(sl.quote.Lines) - 1; i >= 0; i-- {
		l := sl.quote.Lines[i]
		if l.ProductID == productID && !l.CrossSell && (priceID == "" || l.PriceID == priceID) {
			return l.Pos
		}
	}
	return 0
}

// fittingPrices are the product's prices that fit this cart, as pos says.
func (sl *sale) fittingPrices(p *pos.Product) []*pos.Price {
	if sl.cart == nil {
		return p.ActivePrices()
	}
	return pos.FittingPrices(p, sl.cart)
}

// addProduct puts one unit on the cart. Only the prices that fit the cart
// are offered (pos.FittingPrices); when one fits it is added at once, when
// none does the till's refusal says why.
func (s *Sell) addProduct(p *pos.Product) {
	fitting := s.fittingPrices(p)
	if len(fitting) > 1 {
		s.choosePrice(p, fitting)
		return
	}
	s.addPrice(p, "")
}

func (s *Sell) addPrice(p *pos.Product, priceID string) {
	id := p.ID
	s.highlight.productID, s.highlight.priceID = id, priceID
	s.sellFirst(func(ctx context.Context) error { return s.till.Add(ctx, id, priceID, 1) }, func(err error) {
		s.highlight.productID = ""
		if err != nil {
			s.fail(err)
			return
		}
		s.say(tr("Added: %v", p.Title))
		s.prod.scanMsg.Hide()
	})
}

func (s *Sell) choosePrice(p *pos.Product, prices []*pos.Price) {
	var d dialog.Dialog
	list := container.NewVBox()
	for _, pr := range prices {
		pr := pr
		label := s.money.money(pr.Amount)
		if pr.Type == pos.Recurring {
			label += " / " + string(pr.Interval)
		}
		list.Add(widget.NewButton(label, func() {
			d.Hide()
			s.addPrice(p, pr.ID)
		}))
	}
	d = dialog.NewCustom(tr("Which price of %v?", p.Title), tr("Cancel"), list, s.win)
	s.showDialog(d)
}

// showDialog counts a dialog as open while it is shown, so the sell
// screen's keys stay quiet behind it.
func (s *Sell) showDialog(d dialog.Dialog, onClosed ...func()) {
	s.lk.touch()
	s.dialogs++
	s.open = append(s.open, d)
	d.SetOnClosed(func() {
		s.dialogs--
		for i, o := range s.open {
			if o == d {
				s.open = append(s.open[:i], s.open[i+1:]...)
				break
			}
		}
		for _, f := range onClosed {
			f()
		}
		if s.dialogs == 0 {
			s.win.Canvas().Focus(s.prod.search)
		}
	})
	d.Show()
}

// closeDialogs hides every open dialog, newest first (the golden tests use
// it to get back to the sell screen whatever a step left open).
func (s *Sell) closeDialogs() {
	open := append([]dialog.Dialog(nil), s.open...)
	for i := len(open) - 1; i >= 0; i-- {
		open[i].Hide()
	}
}

// clearMessages hides every message of the sell screen: a message belongs
// to the action that raised it, so a new sale (another cart) or coming back
// from the back office starts with none.
func (s *Sell) clearMessages() {
	s.say("")
	s.prod.scanMsg.Hide()
	s.disc.codeMsg.Hide()
	s.mid.undo.hide()
}

// clearSaleFields empties what was typed for the last sale: the discount
// code (a refused "BOGUS" is not the next customer's), the barcode and the
// search. A new sale (after payment, "New sale", another cart resumed)
// starts with them empty, as with no message.
func (s *Sell) clearSaleFields() {
	s.disc.code.SetText("")
	s.prod.barcode.SetText("")
	s.prod.search.SetText("")
}

// show puts a new quote and cart on the screen.
func (s *Sell) show(q *pos.Quote, c *pos.Cart, parked int) {
	if s.cart != nil && c.ID != s.cart.ID {
		s.clearMessages()
		s.clearSaleFields()
		s.selected = 0
	}
	s.quote, s.cart, s.parked = q, c, parked
	s.bar.show(c, parked)
	s.updateLockBar() // who is signed in, and the shop
	// The highlighted line is the line the keys act on: there is always one
	// while the cart has lines.
	if s.selected > len(q.Lines) {
		s.selected = len(q.Lines)
	}
	if s.selected == 0 && len(q.Lines) > 0 {
		s.selected = len(q.Lines)
	}
	if h := s.highlight; h.productID != "" {
		if p := s.lineOf(h.productID, h.priceID); p > 0 {
			s.selected = p
		}
	}
	s.mid.show(q, c)
	if c.Status == pos.CartCompleted {
		s.prod.saleBtn.Disable()
	} else {
		s.prod.saleBtn.Enable()
	}
	s.mid.cartV.update()
	s.mid.offers.update()
	relayout(s.mid.middle) // the offers' height changes with their number
	s.disc.update()
	s.totals.update()
	if len(q.Lines) == 0 || c.Status == pos.CartCompleted {
		s.payBtn.Disable()
	} else {
		s.payBtn.Enable()
	}
	s.bar.canPark(len(q.Lines) > 0 && c.Status != pos.CartCompleted)
}

func (s *Sell) selectLine(pos int) {
	if pos < 1 || pos > len(s.quote.Lines) {
		return
	}
	s.selected = pos
	s.mid.cartV.list.Select(pos - 1)
	s.mid.cartV.list.ScrollTo(pos - 1)
}

func (s *Sell) confirmNewSale() {
	if s.cart == nil || len(s.cart.Lines) == 0 || s.cart.Status == pos.CartCompleted {
		s.newCart()
		return
	}
	d := dialog.NewConfirm(tr("New sale"), tr("Drop this cart and start a new sale? Park it instead to keep it."), func(ok bool) {
		if ok {
			s.newCart()
		}
	}, s.win)
	s.showDialog(d)
}

func (s *Sell) newCart() {
	s.run(func(ctx context.Context) error { return s.till.NewCart(ctx, pos.CartOptions{}) }, func(err error) {
		if err != nil {
			s.fail(err)
			return
		}
		s.selected = 0
		s.say("")
		s.prod.search.SetText("")
		s.prod.scanMsg.Hide()
		s.win.Canvas().Focus(s.prod.search)
	})
}

func heading(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// sized gives o a minimum size.
func sized(o fyne.CanvasObject, w, h float32) *fyne.Container {
	return container.New(&minSize{fyne.NewSize(w, h)}, o)
}

func tall(o fyne.CanvasObject, h float32) *fyne.Container { return sized(o, 0, h) }

type minSize struct{ size fyne.Size }

func (m *minSize) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (m *minSize) MinSize(objs []fyne.CanvasObject) fyne.Size {
	out := m.size
	for _, o := range objs {
		out = out.Max(o.MinSize())
	}
	return out
}

// columns lays out its objects side by side with fixed width shares.
type columns struct{ weights []float32 }

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding() * 2
	avail := size.Width - pad*float32(len(objs)+1)
	x := pad
	for i, o := range objs {
		w := avail * c.weights[i]
		o.Move(fyne.NewPos(x, pad/2))
		o.Resize(fyne.NewSize(w, size.Height-pad))
		x += w + pad
	}
}

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w += m.Width
		h = max(h, m.Height)
	}
	return fyne.NewSize(w, h)
}

var _ fyne.Layout = (*columns)(nil)
