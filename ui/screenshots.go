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
func Screenshots(till *pos.Till, history History, opts Options, outDir string) error {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	a := newApp()
	w := a.NewWindow("Caisse")
	s := NewSell(till, history, opts, w)
	s.Show()
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
// window only through fyne.DoAndWait.
func (s *Sell) script(dir string) error {
	do := func(f func()) { fyne.DoAndWait(f) }
	idle := func() {
		time.Sleep(150 * time.Millisecond)
		s.pending.Wait()
		time.Sleep(450 * time.Millisecond) // let fyne.Do results and animations land
	}
	shot := func(name string) error {
		idle()
		path := filepath.Join(dir, name)
		var img image.Image
		do(func() { img = s.win.Canvas().Capture() })
		if img == nil || blank(img) {
			// Some GL drivers (Xvfb's) read back black: grab the screen.
			if out, err := exec.Command("import", "-window", "root", path).CombinedOutput(); err != nil {
				return fmt.Errorf("screenshots: the canvas read back blank and import failed: %v %s", err, out)
			}
			return nil
		}
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return png.Encode(f, img)
	}
	press := func(k fyne.KeyName) {
		do(func() { s.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) })
	}
	typeIn := func(e *keyEntry, text string) {
		do(func() {
			s.win.Canvas().Focus(e)
			e.SetText(text)
			e.CursorColumn = len([]rune(text))
			e.Refresh()
		})
	}
	submit := func(e *keyEntry) { do(func() { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }) }

	// Pick what to sell from the catalog: a favourite that offers a
	// cross-sell, a product with a barcode, and a code discount.
	ctx := context.Background()
	idle()
	if err := s.till.NewCart(ctx, pos.CartOptions{}); err != nil {
		return err
	}
	do(func() { s.run(func(context.Context) error { return nil }, nil) })
	cat := s.till.Catalog()
	var withCross, withBarcode *pos.Product
	for _, p := range cat.Products() {
		if p.Archived || len(p.ActivePrices()) != 1 {
			continue
		}
		if withCross == nil && p.CrossSell != "" {
			withCross = p
		}
		if withBarcode == nil && p.Barcode != "" && p.CrossSell == "" {
			withBarcode = p
		}
	}
	var code string
	for _, d := range s.till.Discounts().All() {
		if d.Method == pos.Code && d.Enabled && d.Class != pos.ClassShipping {
			code = d.Code
			break
		}
	}

	// 1. The sell screen: search answering as the cashier types.
	if withCross != nil {
		word := strings.Fields(withCross.Title)[0]
		typeIn(s.search, strings.ToLower(word[:min(4, len(word))]))
		if err := shot("01-search.png"); err != nil {
			return err
		}
		submit(s.search)
	}
	if withBarcode != nil {
		typeIn(s.barcode, withBarcode.Barcode)
		submit(s.barcode)
		idle()
		do(func() { s.bumpQuantity(1) })
	}
	// 2. The cross-sell card.
	if err := shot("02-cross-sell-card.png"); err != nil {
		return err
	}
	// 3. A code and a custom line discount, and the explanations.
	if code != "" {
		typeIn(s.disc.code, strings.ToLower(code))
		submit(s.disc.code)
		idle()
	}
	do(func() { s.selectLine(1) })
	press(fyne.KeyF4)
	idle()
	if s.lineForm != nil {
		typeIn(s.lineForm.value, "10")
		typeIn(s.lineForm.reason, "Loyal customer")
		if err := shot("03-line-discount-dialog.png"); err != nil {
			return err
		}
		submit(s.lineForm.reason)
	}
	if err := shot("04-discount-explanations.png"); err != nil {
		return err
	}
	// 4. Accept the cross-sell: a marked line with its quantity locked.
	do(s.offers.accept)
	if err := shot("05-sell-screen.png"); err != nil {
		return err
	}
	// 5. The pay dialog, split between card and cash.
	press(fyne.KeyF12)
	idle()
	if s.payD == nil {
		return fmt.Errorf("screenshots: the pay dialog did not open: %s", s.message.Text)
	}
	p := s.payD
	do(func() { p.setMode(paySplit) })
	due := s.quote.Total
	card := pos.NewMoney(due.Minor()/2, due.Currency())
	typeIn(p.card, s.money.plain(card))
	cash := quickAmounts(pos.NewMoney(due.Minor()-card.Minor(), due.Currency()))
	typeIn(p.cash, s.money.plain(cash[len(cash)/2]))
	if err := shot("06-pay-dialog.png"); err != nil {
		return err
	}
	// 6. The receipt.
	do(p.submit)
	idle()
	if err := shot("07-receipt.png"); err != nil {
		return err
	}
	if s.receiptNext != nil {
		do(s.receiptNext)
	}
	// 7. Test mode, then the orders.
	do(func() { s.testSwitch.SetChecked(true) })
	idle()
	if len(cat.Products()) > 0 {
		do(func() { s.favouriteOrFirst() })
	}
	if err := shot("08-test-mode.png"); err != nil {
		return err
	}
	do(func() { s.testSwitch.SetChecked(false) })
	idle()
	press(fyne.KeyF10)
	idle()
	if h := s.historyD; h != nil {
		do(func() {
			if len(h.orders) > 0 {
				h.list.Select(0)
			}
		})
		if err := shot("09-orders.png"); err != nil {
			return err
		}
		do(h.d.Hide)
	}
	do(func() { s.run(func(ctx context.Context) error { return s.till.NewCart(ctx, pos.CartOptions{}) }, nil) })
	idle()
	return shot("00-empty-cart.png")
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
