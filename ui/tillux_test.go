package ui

import (
	"fmt"
	"strings"
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// press sends a key as the desktop driver does: to the focused widget, or
// to the canvas when nothing has the focus.
func (f *fixture) press(name fyne.KeyName) {
	c := f.win.Canvas()
	ev := &fyne.KeyEvent{Name: name}
	if o := c.Focused(); o != nil {
		o.TypedKey(ev)
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// tapItem taps the n-th item (from 0) of a list or grid as a finger would:
// the item's own Tapped, which focuses its list first.
func tapItem(t *testing.T, in fyne.CanvasObject, n int) {
	t.Helper()
	i := 0
	for _, o := range test.LaidOutObjects(in) {
		tp, ok := o.(fyne.Tappable)
		if !ok {
			continue
		}
		switch o.(type) {
		case *widget.Button, *keyEntry, *widget.Entry, *cartRow:
			continue
		}
		name := strings.ToLower(typeName(o))
		if !strings.Contains(name, "item") {
			continue
		}
		if i == n {
			test.Tap(tp)
			return
		}
		i++
	}
	t.Fatalf("no item %d to tap", n)
}

func typeName(o any) string {
	return strings.TrimPrefix(strings.TrimPrefix(fmtType(o), "*"), "widget.")
}

// Item 1: the F-keys work whatever was tapped last: a favourite tile, a
// search result, a cart line, the test-mode switch; and even when a list
// keeps the focus, it hands the keys on.
func TestFKeysAfterTaps(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	tapItem(t, s.favourites, 0)
	s.settle()
	if len(s.quote.Lines) != 1 {
		t.Fatalf("the tile added nothing: %d lines", len(s.quote.Lines))
	}
	f.press(fyne.KeyF12)
	if s.payD == nil {
		t.Fatal("tile tapped, then F12: no pay dialog")
	}
	s.payD.close()

	test.Type(s.search, "mug")
	tapItem(t, s.resultList, 0)
	s.settle()
	f.press(fyne.KeyF7)
	if len(s.open) != 1 {
		t.Fatal("search result tapped, then F7: no quantity dialog")
	}
	s.closeDialogs()

	tapItem(t, s.cartV.list, 0)
	f.press(fyne.KeyF4)
	if s.lineForm == nil {
		t.Fatal("cart line tapped, then F4: no line discount")
	}
	s.closeDialogs()

	test.Tap(s.testSwitch)
	s.settle()
	f.press(fyne.KeyF12)
	if s.payD == nil {
		t.Fatal("test mode tapped, then F12: no pay dialog")
	}
	s.payD.close()

	// A list that keeps the focus hands the F-keys to the till.
	for _, o := range []fyne.Focusable{s.favourites, s.resultList, s.cartV.list, s.testSwitch} {
		f.win.Canvas().Focus(o)
		f.press(fyne.KeyF12)
		if s.payD == nil {
			t.Fatalf("%T focused, then F12: no pay dialog", o)
		}
		s.payD.close()
	}
}

// Item 2: the highlighted line and the line F4/F7 act on are one line. A
// scanned or added line becomes the highlighted one, even when another was
// highlighted; a unit merged into an existing line highlights that line.
func TestHighlightIsTheLineKeysActOn(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	// What the list itself highlights, from its own events.
	shown := -1
	onSel, onUnsel := s.cartV.list.OnSelected, s.cartV.list.OnUnselected
	s.cartV.list.OnSelected = func(id widget.ListItemID) { shown = id; onSel(id) }
	s.cartV.list.OnUnselected = func(id widget.ListItemID) {
		if shown == id {
			shown = -1
		}
		onUnsel(id)
	}
	highlighted := func() int { return shown + 1 }
	s.addProduct(s.index.favourites[0]) // beans
	s.settle()
	s.addProduct(s.index.favourites[1]) // mug
	s.settle()
	tapItem(t, s.cartV.list, 0)
	if s.currentLine() != 1 {
		t.Fatalf("tapped line 1, keys act on %d", s.currentLine())
	}
	test.Type(s.barcode, ean13("376000000003")) // tea, a new line 3
	enter(s.barcode)
	s.settle()
	if h, c := highlighted(), s.currentLine(); h != 3 || c != 3 {
		t.Fatalf("after the scan: highlighted %d, keys act on %d; want 3 and 3", h, c)
	}
	f.press(fyne.KeyF4)
	if s.lineForm == nil || len(s.open) != 1 {
		t.Fatal("F4 opened no line discount")
	}
	s.closeDialogs()
	// Beans again: merged into line 1, which becomes highlighted.
	test.Type(s.barcode, ean13("376000000001"))
	enter(s.barcode)
	s.settle()
	if h, c := highlighted(), s.currentLine(); h != 1 || c != 1 || s.quote.Lines[0].Quantity != 2 {
		t.Fatalf("after scanning beans again: highlighted %d, keys act on %d", h, c)
	}
	// Removing the highlighted line highlights another: never none.
	s.removeLine(1)
	s.settle()
	if h, c := highlighted(), s.currentLine(); h == 0 || h != c {
		t.Fatalf("after removing: highlighted %d, keys act on %d", h, c)
	}
}

// Item 3: a failed scan clears the field, as a good one does; the message
// keeps the code.
func TestFailedScanClears(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	for _, code := range []string{"4006381333932", ean13("999999999999"), "12345"} {
		test.Type(s.barcode, code)
		enter(s.barcode)
		s.settle()
		if s.barcode.Text != "" {
			t.Errorf("after a failed scan of %s the field holds %q", code, s.barcode.Text)
		}
		if !s.scanMsg.Visible() || s.scanMsg.Importance != widget.DangerImportance || !strings.Contains(s.scanMsg.Text, code) {
			t.Errorf("the message for %s: %q", code, s.scanMsg.Text)
		}
	}
	test.Type(s.barcode, ean13("376000000002"))
	enter(s.barcode)
	s.settle()
	if s.barcode.Text != "" || len(s.quote.Lines) != 1 {
		t.Fatalf("the next scan was appended: %q, %d lines", s.barcode.Text, len(s.quote.Lines))
	}
}

// Item 4: a product stored with its UPC-A is found by its EAN-13 form, and
// the other way round, at the till.
func TestUPCAndEANFoundBothWays(t *testing.T) {
	setup := testSetup()
	soup := product("soup", "Tomato soup", "2.00", false)
	soup.Barcode = "036000291452"
	gum := product("gum", "Mint gum", "1.00", false)
	gum.Barcode = "0000096385074"
	setup.Products = append(setup.Products, soup, gum)
	f := newFixture(t, setup)
	s := f.s
	for _, tc := range []struct{ code, title string }{{"0036000291452", "Tomato soup"}, {"036000291452", "Tomato soup"}, {"96385074", "Mint gum"}} {
		test.Type(s.barcode, tc.code)
		enter(s.barcode)
		s.settle()
		if !strings.Contains(s.scanMsg.Text, tc.title) {
			t.Errorf("scanning %s: %q", tc.code, s.scanMsg.Text)
		}
	}
	if q := s.quote; len(q.Lines) != 2 || q.Lines[0].Quantity != 2 {
		t.Fatalf("lines %+v", q.Lines)
	}
}

// Item 5: only the prices that fit the cart are offered; one that fits is
// added at once; none that fits is refused without an internal id.
func TestOnlyFittingPricesOffered(t *testing.T) {
	setup := testSetup()
	house := product("house", "House blend", "4.50", false)
	house.Prices = append(house.Prices, pos.Price{ID: "house-monthly-9c1", Amount: usd("13.50"), Type: pos.Recurring, Interval: pos.Month, IntervalCount: 1, TaxBehavior: pos.TaxExclusive, Active: true})
	sizes := product("sizes", "Cold brew", "3.00", false)
	sizes.Prices = append(sizes.Prices, pos.Price{ID: "sizes-l", Amount: usd("5.00"), Type: pos.OneTime, TaxBehavior: pos.TaxExclusive, Active: true})
	club := product("club", "Coffee club", "9.00", false)
	club.Prices[0] = pos.Price{ID: "club-yearly-4b2", Amount: usd("90.00"), Type: pos.Recurring, Interval: pos.Year, IntervalCount: 1, TaxBehavior: pos.TaxExclusive, Active: true}
	setup.Products = append(setup.Products, house, sizes, club)
	f := newFixture(t, setup)
	s := f.s

	test.Type(s.search, "house")
	if got := s.resultList.Length(); got != 1 {
		t.Fatalf("search house: %d", got)
	}
	enter(s.search)
	s.settle()
	if len(s.open) != 0 || len(s.quote.Lines) != 1 || s.quote.Lines[0].PriceID != "house-p" {
		t.Fatalf("one price fits: added at once (dialogs %d, lines %+v)", len(s.open), s.quote.Lines)
	}
	if p, _ := s.index.catalog.Product("house"); s.productPrice(p) != "$4.50" {
		t.Errorf("the list shows %q, not the one fitting price", s.productPrice(p))
	}

	test.Type(s.search, "cold brew")
	enter(s.search)
	s.settle()
	if len(s.open) != 1 {
		t.Fatal("two prices fit: the cashier is asked")
	}
	s.closeDialogs()

	test.Type(s.search, "coffee club")
	enter(s.search)
	s.settle()
	if len(s.open) != 0 || !s.message.Visible() || strings.Contains(s.message.Text, "4b2") || !strings.Contains(s.message.Text, "Coffee club") {
		t.Fatalf("no price fits: %q", s.message.Text)
	}
}

// Item 6: the search ignores case and accents, both ways.
func TestSearchFoldsAccents(t *testing.T) {
	setup := testSetup()
	setup.Products = append(setup.Products, product("latte", "Caffè Latte", "4.00", false), product("cafe", "Café", "2.00", false), product("creme", "CRÈME brûlée", "5.00", false))
	f := newFixture(t, setup)
	s := f.s
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"caffe", []string{"Caffè Latte"}},
		{"cafe", []string{"Café"}},
		{"CAFÉ", []string{"Café"}},
		{"caffè latte", []string{"Caffè Latte"}},
		{"creme brulee", []string{"CRÈME brûlée"}},
		{"crème", []string{"CRÈME brûlée"}},
	} {
		s.search.SetText(tc.q)
		var got []string
		for _, p := range s.results {
			got = append(got, p.Title)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("search %q: %v, want %v", tc.q, got, tc.want)
		}
	}
}

func fmtType(o any) string { return fmt.Sprintf("%T", o) }
