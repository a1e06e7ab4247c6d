package ui

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
)

// Screenshots opens the real window, rings up a scripted sale through the
// same widgets a cashier uses (search, favourites, a scan, a code, a custom
// line discount, the cross-sell card, the pay dialog, the receipt) and saves
// a PNG of each step in outDir. It runs under Xvfb in `make screenshots`.
func Screenshots(till *pos.Till, opts Options, outDir string) error {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	// The script sells as the demo manager of a new database (it also
	// switches test mode, which needs a manager).
	if _, ok := till.SignedIn(); !ok {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := till.SignIn(ctx, "manager", pos.DemoManagerPIN)
		cancel()
		if err != nil {
			return fmt.Errorf("screenshots: signing in the demo manager: %w", err)
		}
	}
	a := newApp()
	w := a.NewWindow("Caisse")
	s := NewSell(till, opts, w)
	s.Show()
	w.Resize(windowSize) // once, before it shows: the Xvfb screen's size
	var err error
	go func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("screenshots: %v", r)
			}
			fyne.Do(a.Quit)
		}()
		err = s.script(outDir)
	}()
	w.ShowAndRun()
	return err
}

// script is the scripted sale; it runs on its own goroutine and touches the
// window only through fyne.DoAndWait. Every step first waits for the till
// worker (and the results it hands to the UI goroutine) to finish, and the
// script closes whatever dialog a refused step left open, so one refusal
// (the till is right to refuse some things) never derails the steps after.
func (s *Sell) script(dir string) error {
	sc := &shotScript{s: s, dir: dir}
	return sc.run()
}

type shotScript struct {
	s   *Sell
	dir string
}

func (sc *shotScript) do(f func()) { fyne.DoAndWait(f) }

// settle waits until no till call is in flight (its result shown too), then
// lets the frame and animations land. It fails only when the till is stuck.
func (sc *shotScript) settle() error {
	deadline := time.Now().Add(45 * time.Second)
	calm := 0
	for calm < 3 {
		if time.Now().After(deadline) {
			return fmt.Errorf("screenshots: the till worker is still busy after 45 s (%d calls in flight)", sc.s.inflight.Load())
		}
		time.Sleep(50 * time.Millisecond)
		sc.do(func() {}) // results queued with fyne.Do run before this
		if sc.s.inflight.Load() == 0 {
			calm++
		} else {
			calm = 0
		}
	}
	time.Sleep(400 * time.Millisecond) // let the frame and animations land
	return nil
}

func (sc *shotScript) shot(name string) error {
	if err := sc.settle(); err != nil {
		return err
	}
	path := filepath.Join(sc.dir, name)
	var img image.Image
	sc.do(func() { img = sc.s.win.Canvas().Capture() })
	if img == nil || blank(img) {
		// Some GL drivers (Xvfb's) read back black: grab the screen.
		if out, err := exec.Command("import", "-window", "root", path).CombinedOutput(); err != nil {
			return fmt.Errorf("screenshots: %s: the canvas read back blank and import failed: %v %s", name, err, out)
		}
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (sc *shotScript) press(k fyne.KeyName) {
	sc.do(func() { sc.s.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) })
}

func (sc *shotScript) typeIn(e *keyEntry, text string) {
	sc.do(func() {
		sc.s.win.Canvas().Focus(e)
		e.SetText(text)
		e.CursorColumn = len([]rune(text))
		e.Refresh()
	})
}

func (sc *shotScript) submit(e *keyEntry) {
	sc.do(func() { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
}

// step runs f on the UI goroutine and waits for the till calls it starts.
func (sc *shotScript) step(f func()) error {
	sc.do(f)
	return sc.settle()
}

// closeDialogs gets back to the sell screen.
func (sc *shotScript) closeDialogs() error {
	sc.do(sc.s.closeDialogs)
	if err := sc.settle(); err != nil {
		return err
	}
	var n int
	sc.do(func() { n = sc.s.dialogs })
	if n != 0 {
		return fmt.Errorf("screenshots: %d dialogs stay open after closing them", n)
	}
	return nil
}

// state describes the screen for an error message.
func (sc *shotScript) state() string {
	var out string
	sc.do(func() {
		s := sc.s
		out = fmt.Sprintf("%d lines, %d dialogs open, cart %s", len(s.quote.Lines), s.dialogs, s.cart.Status)
		if s.message.Visible() && s.message.Text != "" {
			out += ", message “" + s.message.Text + "”"
		}
	})
	return out
}

// lineFor picks the cart line a custom discount can go on: not split
// between discounts, not a cross-sell. 0 when there is none.
func (sc *shotScript) lineFor() (split, ok int) {
	sc.do(func() {
		for _, l := range sc.s.quote.Lines {
			switch {
			case l.Split && split == 0:
				split = l.Pos
			case !l.Split && !l.CrossSell && ok == 0:
				ok = l.Pos
			}
		}
	})
	return split, ok
}

// lineDiscount opens the line discount dialog on line p, fills it and
// applies it. It reports whether the till took it; a refused discount's
// dialog is shot (when name is set) and closed.
func (sc *shotScript) lineDiscount(p int, value, reason, name string) (bool, error) {
	if err := sc.step(func() { sc.s.selectLine(p) }); err != nil {
		return false, err
	}
	sc.press(fyne.KeyF4)
	if err := sc.settle(); err != nil {
		return false, err
	}
	var f *customDiscountForm
	sc.do(func() { f = sc.s.lineForm })
	if f == nil {
		return false, fmt.Errorf("screenshots: F4 did not open the line discount dialog (%s)", sc.state())
	}
	sc.typeIn(f.value, value)
	sc.typeIn(f.reason, reason)
	sc.submit(f.reason)
	if err := sc.settle(); err != nil {
		return false, err
	}
	var open, refused bool
	sc.do(func() { open = sc.s.lineForm == f; refused = open && f.msg.Visible() })
	if !open {
		return true, nil
	}
	if refused && name != "" {
		if err := sc.shot(name); err != nil {
			return false, err
		}
	}
	return false, sc.closeDialogs()
}

// pickCode chooses the code to enter: one that applies to the cart as it
// is, else one that applies once a product it targets is added (that
// product is returned too), else any enabled code (its explanation says
// why it does not apply). Carts are priced with Till.Preview.
func (sc *shotScript) pickCode() (string, *pos.Product) {
	t := sc.s.till
	now := time.Now()
	applies := func(d *pos.Discount, add *pos.Product) bool {
		c := t.Cart()
		if add != nil {
			var price *pos.Price
			for _, pr := range add.ActivePrices() {
				if pr.Amount.Currency() == c.Currency && pr.Type == pos.OneTime {
					price = pr
					break
				}
			}
			if price == nil {
				return false
			}
			c.NextLineID++
			c.Lines = append(c.Lines, pos.Line{ID: c.NextLineID, ProductID: add.ID, PriceID: price.ID,
				Title: add.Title, UnitPrice: price.Amount, Quantity: 1})
		}
		c.Codes = append(c.Codes, pos.NormalizeCode(d.Code))
		for _, a := range t.Preview(c).Applied {
			if a.DiscountID == d.ID {
				return true
			}
		}
		return false
	}
	var codes []*pos.Discount
	for _, d := range t.Discounts().All() {
		if d.Method == pos.Code && d.Enabled && d.Class != pos.ClassShipping && d.Active(now) {
			codes = append(codes, d)
		}
	}
	for _, d := range codes {
		if applies(d, nil) {
			return d.Code, nil
		}
	}
	for _, d := range codes {
		if d.Class != pos.ClassProduct || d.Target.All() {
			continue
		}
		for _, p := range t.Catalog().Products() {
			if !p.Archived && p.CrossSell == "" && d.Target.Matches(p) && applies(d, p) {
				return d.Code, p
			}
		}
	}
	if len(codes) > 0 {
		return codes[0].Code, nil
	}
	return "", nil
}

func (sc *shotScript) run() error {
	s := sc.s
	if err := sc.settle(); err != nil {
		return err
	}
	if err := sc.step(func() {
		s.run(func(ctx context.Context) error { return s.till.NewCart(ctx, pos.CartOptions{}) }, nil)
	}); err != nil {
		return err
	}
	// Pick what to sell from the catalog: a favourite that offers a
	// cross-sell, a product with a barcode, and one more product for the
	// custom discount should every line be split between discounts.
	cat := s.till.Catalog()
	var withCross, withBarcode *pos.Product
	var plain []*pos.Product
	for _, p := range cat.Products() {
		if p.Archived || len(p.ActivePrices()) != 1 {
			continue
		}
		if withCross == nil && p.CrossSell != "" {
			withCross = p
			continue
		}
		if withBarcode == nil && p.Barcode != "" && p.CrossSell == "" {
			withBarcode = p
			continue
		}
		if p.CrossSell == "" {
			plain = append(plain, p)
		}
	}

	// 1. The sell screen: search answering as the cashier types.
	if withCross != nil {
		word := strings.Fields(withCross.Title)[0]
		sc.typeIn(s.search, strings.ToLower(word[:min(4, len(word))]))
		if err := sc.shot("01-search.png"); err != nil {
			return err
		}
		sc.submit(s.search)
		if err := sc.settle(); err != nil {
			return err
		}
	}
	if withBarcode != nil {
		sc.typeIn(s.barcode, withBarcode.Barcode)
		sc.submit(s.barcode)
		if err := sc.settle(); err != nil {
			return err
		}
		// Two of the first line: a buy X get Y may split it.
		if err := sc.step(func() {
			s.selectLine(1)
			s.bumpQuantity(1)
		}); err != nil {
			return err
		}
	}
	// 2. The cross-sell card.
	if err := sc.shot("02-cross-sell-card.png"); err != nil {
		return err
	}
	// 3. A code and a custom line discount, and the explanations.
	if code, add := sc.pickCode(); code != "" {
		if add != nil {
			if err := sc.step(func() { s.addProduct(add) }); err != nil {
				return err
			}
		}
		sc.typeIn(s.disc.code, strings.ToLower(code))
		sc.submit(s.disc.code)
		if err := sc.settle(); err != nil {
			return err
		}
		sc.do(func() { s.disc.code.SetText(""); s.disc.codeMsg.Hide() })
	}
	split, ok := sc.lineFor()
	if split > 0 {
		// The till refuses a custom discount on a split line, in words.
		if _, err := sc.lineDiscount(split, "10", "Loyal customer", "03-line-discount-refused.png"); err != nil {
			return err
		}
	}
	for i := 0; ok == 0 && i < len(plain) && i < 3; i++ {
		p := plain[i]
		if err := sc.step(func() { s.addProduct(p) }); err != nil {
			return err
		}
		_, ok = sc.lineFor()
	}
	if ok > 0 {
		if err := sc.step(func() { s.selectLine(ok) }); err != nil {
			return err
		}
		sc.press(fyne.KeyF4)
		if err := sc.settle(); err != nil {
			return err
		}
		var f *customDiscountForm
		sc.do(func() { f = s.lineForm })
		if f != nil {
			sc.typeIn(f.value, "10")
			sc.typeIn(f.reason, "Loyal customer")
			if err := sc.shot("03-line-discount-dialog.png"); err != nil {
				return err
			}
			sc.submit(f.reason)
			if err := sc.settle(); err != nil {
				return err
			}
		}
	}
	if err := sc.closeDialogs(); err != nil { // a refusal leaves its dialog open
		return err
	}
	if err := sc.shot("04-discount-explanations.png"); err != nil {
		return err
	}
	// The automatic discounts nothing is eligible for, unfolded.
	var folded bool
	sc.do(func() { folded = s.disc.more.Visible() && !s.disc.foldOpen })
	if folded {
		if err := sc.step(s.disc.more.OnTapped); err != nil {
			return err
		}
		if err := sc.shot("04b-discount-explanations-unfolded.png"); err != nil {
			return err
		}
		if err := sc.step(s.disc.more.OnTapped); err != nil {
			return err
		}
	}
	// 4. Accept the cross-sell: a marked line with its quantity locked.
	if err := sc.step(s.offers.accept); err != nil {
		return err
	}
	if err := sc.shot("05-sell-screen.png"); err != nil {
		return err
	}
	// 5. The pay dialog, split between card and cash.
	if err := sc.closeDialogs(); err != nil {
		return err
	}
	sc.press(fyne.KeyF12)
	if err := sc.settle(); err != nil {
		return err
	}
	var p *payDialog
	sc.do(func() {
		if s.payD == nil && s.dialogs == 0 {
			s.openPay() // the key did not reach the screen: the button's action
		}
		p = s.payD
	})
	if p == nil {
		return fmt.Errorf("screenshots: the pay dialog did not open (%s)", sc.state())
	}
	var due pos.Money
	sc.do(func() { p.setMode(paySplit); due = p.due })
	card := pos.NewMoney(due.Minor()/2, due.Currency())
	sc.typeIn(p.card, s.money.plain(card))
	cash := quickAmounts(pos.NewMoney(due.Minor()-card.Minor(), due.Currency()))
	sc.typeIn(p.cash, s.money.plain(cash[len(cash)/2]))
	if err := sc.shot("06-pay-dialog.png"); err != nil {
		return err
	}
	// 6. The receipt.
	if err := sc.step(p.submit); err != nil {
		return err
	}
	var paid bool
	sc.do(func() { paid = s.receiptD != nil })
	if !paid {
		msg := ""
		sc.do(func() { msg = p.msg.Text })
		return fmt.Errorf("screenshots: the payment was not taken: %s (%s)", msg, sc.state())
	}
	if err := sc.shot("07-receipt.png"); err != nil {
		return err
	}
	if err := sc.closeDialogs(); err != nil {
		return err
	}
	// 7. Test mode.
	if err := sc.step(func() { s.testSwitch.SetChecked(true) }); err != nil {
		return err
	}
	if len(cat.Products()) > 0 {
		if err := sc.step(s.favouriteOrFirst); err != nil {
			return err
		}
	}
	if err := sc.shot("08-test-mode.png"); err != nil {
		return err
	}
	if err := sc.step(func() { s.testSwitch.SetChecked(false) }); err != nil {
		return err
	}
	// 8. The orders of the day.
	sc.press(fyne.KeyF10)
	if err := sc.settle(); err != nil {
		return err
	}
	var h *historyDialog
	sc.do(func() { h = s.historyD })
	if h != nil {
		if err := sc.step(func() {
			if len(h.orders) > 0 {
				h.list.Select(0)
			}
		}); err != nil {
			return err
		}
		if err := sc.shot("09-orders.png"); err != nil {
			return err
		}
	}
	if err := sc.closeDialogs(); err != nil {
		return err
	}
	// Shift, a return, the day's report, the Z report (screenshots_till.go).
	if err := sc.tillOps(); err != nil {
		return err
	}
	// 9. Parked carts, each with its total and units.
	if err := sc.park(plain); err != nil {
		return err
	}
	sc.press(fyne.KeyF9)
	if err := sc.settle(); err != nil {
		return err
	}
	var parked bool
	sc.do(func() { parked = s.parkedD != nil })
	if parked {
		if err := sc.shot("10-parked-carts.png"); err != nil {
			return err
		}
	}
	if err := sc.closeDialogs(); err != nil {
		return err
	}
	if err := sc.step(func() {
		s.run(func(ctx context.Context) error { return s.till.NewCart(ctx, pos.CartOptions{}) }, nil)
	}); err != nil {
		return err
	}
	if err := sc.shot("00-empty-cart.png"); err != nil {
		return err
	}
	if err := sc.backOffice(); err != nil {
		return err
	}
	return sc.signIn()
}

// park sets two small carts aside under customers' names.
func (sc *shotScript) park(plain []*pos.Product) error {
	s := sc.s
	for i, label := range []string{"Table 4", "Ms Martin, to collect at 5"} {
		if err := sc.step(func() {
			s.run(func(ctx context.Context) error { return s.till.NewCart(ctx, pos.CartOptions{}) }, nil)
		}); err != nil {
			return err
		}
		for j := 0; j < 2+i && j < len(plain); j++ {
			p := plain[(i*2+j)%len(plain)]
			if err := sc.step(func() { s.addProduct(p) }); err != nil {
				return err
			}
		}
		if err := sc.step(func() { s.bumpQuantity(i + 1) }); err != nil {
			return err
		}
		if err := sc.step(func() {
			s.run(func(ctx context.Context) error { return s.till.Park(ctx, label) }, nil)
		}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Sell) favouriteOrFirst() {
	if len(s.index.favourites) > 0 {
		s.addProduct(s.index.favourites[0])
		return
	}
	if len(s.index.products) > 0 {
		s.addProduct(s.index.products[0])
	}
}

// blank reports an image whose sampled pixels are all black.
func blank(img image.Image) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += max(1, b.Dy()/16) {
		for x := b.Min.X; x < b.Max.X; x += max(1, b.Dx()/16) {
			if r, g, bl, _ := img.At(x, y).RGBA(); r|g|bl != 0 {
				return false
			}
		}
	}
	return true
}
