package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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
	tapItem(t, s.prod.favourites, 0)
	s.settle()
	if len(s.quote.Lines) != 1 {
		t.Fatalf("the tile added nothing: %d lines", len(s.quote.Lines))
	}
	f.press(fyne.KeyF12)
	if s.payD == nil {
		t.Fatal("tile tapped, then F12: no pay dialog")
	}
	s.payD.close()

	test.Type(s.prod.search, "mug")
	tapItem(t, s.prod.resultList, 0)
	s.settle()
	f.press(fyne.KeyF7)
	if len(s.open) != 1 {
		t.Fatal("search result tapped, then F7: no quantity dialog")
	}
	s.closeDialogs()

	tapItem(t, s.mid.cartV.list, 0)
	f.press(fyne.KeyF4)
	if s.lineForm == nil {
		t.Fatal("cart line tapped, then F4: no line discount")
	}
	s.closeDialogs()

	test.Tap(s.bar.testSwitch)
	s.settle()
	// The till parks the cart with lines and starts an empty test cart
	// (pos.Till.SetTestMode): scan one item, as a scanner does (no tap).
	if !s.cart.Test || len(s.quote.Lines) != 0 {
		t.Fatalf("test mode tapped: test %v, %d lines", s.cart.Test, len(s.quote.Lines))
	}
	s.scan(ean13("376000000002"))
	s.settle()
	f.press(fyne.KeyF12)
	if s.payD == nil {
		t.Fatal("test mode tapped, then F12: no pay dialog")
	}
	s.payD.close()

	// A list that keeps the focus hands the F-keys to the till.
	for _, o := range []fyne.Focusable{s.prod.favourites, s.prod.resultList, s.mid.cartV.list, s.bar.testSwitch} {
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
	onSel, onUnsel := s.mid.cartV.list.OnSelected, s.mid.cartV.list.OnUnselected
	s.mid.cartV.list.OnSelected = func(id widget.ListItemID) { shown = id; onSel(id) }
	s.mid.cartV.list.OnUnselected = func(id widget.ListItemID) {
		if shown == id {
			shown = -1
		}
		onUnsel(id)
	}
	highlighted := func() int { return shown + 1 }
	s.addProduct(s.prod.index.favourites[0]) // beans
	s.settle()
	s.addProduct(s.prod.index.favourites[1]) // mug
	s.settle()
	tapItem(t, s.mid.cartV.list, 0)
	if s.currentLine() != 1 {
		t.Fatalf("tapped line 1, keys act on %d", s.currentLine())
	}
	test.Type(s.prod.barcode, ean13("376000000003")) // tea, a new line 3
	enter(s.prod.barcode)
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
	test.Type(s.prod.barcode, ean13("376000000001"))
	enter(s.prod.barcode)
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
		test.Type(s.prod.barcode, code)
		enter(s.prod.barcode)
		s.settle()
		if s.prod.barcode.Text != "" {
			t.Errorf("after a failed scan of %s the field holds %q", code, s.prod.barcode.Text)
		}
		if !s.prod.scanMsg.Visible() || s.prod.scanMsg.Importance != widget.DangerImportance || !strings.Contains(s.prod.scanMsg.Text, code) {
			t.Errorf("the message for %s: %q", code, s.prod.scanMsg.Text)
		}
	}
	test.Type(s.prod.barcode, ean13("376000000002"))
	enter(s.prod.barcode)
	s.settle()
	if s.prod.barcode.Text != "" || len(s.quote.Lines) != 1 {
		t.Fatalf("the next scan was appended: %q, %d lines", s.prod.barcode.Text, len(s.quote.Lines))
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
		test.Type(s.prod.barcode, tc.code)
		enter(s.prod.barcode)
		s.settle()
		if !strings.Contains(s.prod.scanMsg.Text, tc.title) {
			t.Errorf("scanning %s: %q", tc.code, s.prod.scanMsg.Text)
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

	test.Type(s.prod.search, "house")
	if got := s.prod.resultList.Length(); got != 1 {
		t.Fatalf("search house: %d", got)
	}
	enter(s.prod.search)
	s.settle()
	if len(s.open) != 0 || len(s.quote.Lines) != 1 || s.quote.Lines[0].PriceID != "house-p" {
		t.Fatalf("one price fits: added at once (dialogs %d, lines %+v)", len(s.open), s.quote.Lines)
	}
	if p, _ := s.prod.index.catalog.Product("house"); s.prod.productPrice(p) != "$4.50" {
		t.Errorf("the list shows %q, not the one fitting price", s.prod.productPrice(p))
	}

	test.Type(s.prod.search, "cold brew")
	enter(s.prod.search)
	s.settle()
	if len(s.open) != 1 {
		t.Fatal("two prices fit: the cashier is asked")
	}
	s.closeDialogs()

	test.Type(s.prod.search, "coffee club")
	enter(s.prod.search)
	s.settle()
	if len(s.open) != 0 || !s.mid.message.Visible() || strings.Contains(s.mid.message.Text, "4b2") || !strings.Contains(s.mid.message.Text, "Coffee club") {
		t.Fatalf("no price fits: %q", s.mid.message.Text)
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
		s.prod.search.SetText(tc.q)
		var got []string
		for _, p := range s.prod.results {
			got = append(got, p.Title)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("search %q: %v, want %v", tc.q, got, tc.want)
		}
	}
}

func fmtType(o any) string { return fmt.Sprintf("%T", o) }

// Item 8: the trash button removes the line and offers Undo for a few
// seconds; Undo puts the line back where it was, as it was.
func TestUndoRestoresTheLine(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	s.addProduct(s.prod.index.favourites[0]) // beans, discounted by coffee week
	s.settle()
	s.addProduct(s.prod.index.favourites[1]) // mug
	s.settle()
	test.Tap(f.row(1).remove)
	s.settle()
	if len(s.quote.Lines) != 1 || !s.mid.undo.box.Visible() || !strings.Contains(s.mid.undo.label.Text, "Coffee beans") {
		t.Fatalf("after the trash: %d lines, undo shown %v %q", len(s.quote.Lines), s.mid.undo.box.Visible(), s.mid.undo.label.Text)
	}
	test.Tap(s.mid.undo.btn)
	s.settle()
	if len(s.quote.Lines) != 2 || s.quote.Lines[0].ProductID != "beans" || len(s.quote.Lines[0].Discounts) == 0 || s.mid.undo.box.Visible() {
		t.Fatalf("after Undo: %+v, undo shown %v", s.quote.Lines, s.mid.undo.box.Visible())
	}
	// The offer goes after a while.
	was := undoFor
	undoFor = 10 * time.Millisecond
	t.Cleanup(func() { undoFor = was })
	test.Tap(f.row(2).remove)
	s.settle()
	time.Sleep(60 * time.Millisecond)
	s.settle()
	if s.mid.undo.box.Visible() {
		t.Fatal("the Undo offer stays")
	}
}

// absRect is o's position and size on the window's canvas, found by walking
// the laid-out tree (list rows and dialogs included).
func (f *fixture) absRect(o fyne.CanvasObject) (fyne.Position, fyne.Size) {
	var walk func(n fyne.CanvasObject, at fyne.Position) (fyne.Position, bool)
	walk = func(n fyne.CanvasObject, at fyne.Position) (fyne.Position, bool) {
		at = at.Add(n.Position())
		if n == o {
			return at, true
		}
		var kids []fyne.CanvasObject
		switch x := n.(type) {
		case *fyne.Container:
			kids = x.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(x).Objects()
		}
		for _, k := range kids {
			if p, ok := walk(k, at); ok {
				return p, true
			}
		}
		return fyne.Position{}, false
	}
	p, ok := walk(f.win.Canvas().Content(), fyne.Position{})
	for _, ov := range f.win.Canvas().Overlays().List() { // dialogs
		if !ok {
			p, ok = walk(ov, fyne.Position{})
		}
	}
	if !ok {
		f.t.Fatalf("%T %p is not on the screen", o, o)
	}
	return p, o.Size()
}

// Item 9: every touch target of a cart line and of an offer is at least
// 44×44 px, with at least 8 px between neighbours.
func TestTouchTargets(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	f.win.Resize(fyne.NewSize(1024, 768))
	s.addProduct(s.prod.index.favourites[0]) // beans: offers filters
	s.settle()
	r := f.screenRow(1)
	rows := [][]fyne.CanvasObject{{r.minus, r.qty, r.plus}, {r.disc, r.remove}, {s.mid.offers.cards[0].add, s.mid.offers.cards[0].dismiss}}
	checkTouchTargets(t, f, rows)
	// The quick percentages of a custom discount (5%, 10%…) too.
	f.press(fyne.KeyF5)
	var quick []fyne.CanvasObject
	for _, b := range s.cartForm.quick {
		quick = append(quick, b)
	}
	checkTouchTargets(t, f, [][]fyne.CanvasObject{quick})
	// The quantity group and the % button are apart too.
	pp, ps := f.absRect(r.plus)
	if p, _ := f.absRect(r.disc); p.X-(pp.X+ps.Width) < 8 {
		t.Errorf("+ and %% are %.0f px apart", p.X-(pp.X+ps.Width))
	}
}

// check: each target at least 44×44 px (entries aside), 8 px from the
// one before it in its row.
func checkTouchTargets(t *testing.T, f *fixture, rows [][]fyne.CanvasObject) {
	t.Helper()
	for _, row := range rows {
		for i, o := range row {
			p, sz := f.absRect(o)
			if _, entry := o.(*keyEntry); !entry && (sz.Width < 44 || sz.Height < 44) {
				t.Errorf("%T at %v is %v, under 44×44", o, p, sz)
			}
			if i > 0 {
				pp, ps := f.absRect(row[i-1])
				if gap := p.X - (pp.X + ps.Width); gap < 8 {
					t.Errorf("%T is %.0f px from its neighbour", o, gap)
				}
			}
		}
	}
}

// Item 10: in a split payment the cash field starts empty and "Rest in
// cash" fills it with what the card leaves.
func TestRestInCash(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	s.addProduct(s.prod.index.favourites[0])
	s.settle()
	s.openPay()
	p := s.payD
	f.press(fyne.KeyF3)
	if p.mode != paySplit || p.cash.Text != "" || !p.rest.Visible() {
		t.Fatalf("split: mode %s, cash %q, rest shown %v", p.mode, p.cash.Text, p.rest.Visible())
	}
	if strings.Contains(p.cash.PlaceHolder, s.money.plain(p.due)) {
		t.Errorf("the cash placeholder shows the amount due: %q", p.cash.PlaceHolder)
	}
	test.Type(p.card, "10")
	test.Tap(p.rest)
	want := s.money.plain(p.due.Sub(usd("10.00")))
	if p.cash.Text != want || p.changeLbl.Text != "Change due" || p.change.Text != "$0.00" {
		t.Fatalf("rest in cash: cash %q (want %q), %s %s", p.cash.Text, want, p.changeLbl.Text, p.change.Text)
	}
	test.Tap(p.confirm)
	s.settle()
	if len(f.store.Orders) != 1 || len(f.store.Orders[0].Tenders) != 2 || !f.store.Orders[0].Change.IsZero() {
		t.Fatalf("the split payment was not taken: %q", p.msg.Text)
	}
}

// Item 12: a message belongs to the action that raised it: a refused code
// is cleared by editing it; every message is cleared by the next sale and
// on leaving the back office.
func TestStaleMessagesCleared(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	s.openPay() // empty cart: refused
	if !s.mid.message.Visible() {
		t.Fatal("no refusal shown")
	}
	s.addProduct(s.prod.index.favourites[0])
	s.settle()
	test.Type(s.disc.code, "HOLIDAY20")
	enter(s.disc.code)
	s.settle()
	if !s.disc.codeMsg.Visible() {
		t.Fatal("the unknown code is not refused")
	}
	test.Type(s.disc.code, "X")
	if s.disc.codeMsg.Visible() {
		t.Error("editing the code keeps the old refusal")
	}
	enter(s.disc.code)
	s.settle()
	test.Type(s.prod.barcode, "12345")
	enter(s.prod.barcode)
	s.settle()
	s.fail(pos2err("An old refusal."))
	if !s.disc.codeMsg.Visible() || !s.prod.scanMsg.Visible() || !s.mid.message.Visible() {
		t.Fatal("the messages are not shown")
	}
	s.newCart()
	s.settle()
	if s.disc.codeMsg.Visible() || s.prod.scanMsg.Visible() || s.mid.message.Visible() {
		t.Fatalf("a new sale keeps old messages: %q %q %q", s.disc.codeMsg.Text, s.prod.scanMsg.Text, s.mid.message.Text)
	}
	s.say("Return R-1: $2.06 refunded.")
	f.openOffice("1234")
	if s.mgr.bo == nil {
		t.Fatal("no back office")
	}
	s.closeBackOffice()
	if s.mid.message.Visible() {
		t.Fatalf("after the back office: %q", s.mid.message.Text)
	}
}

// Item 13: every offer is shown with its own Add and Dismiss; a dismissed
// offer stays dismissed on this cart, parked and resumed.
func TestEveryOfferShownAndDismissed(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	s.addProduct(s.prod.index.favourites[0]) // beans → filters
	s.settle()
	s.addProduct(s.prod.index.favourites[2]) // grinder → brush
	s.settle()
	titles := func() []string {
		var out []string
		for _, o := range s.mid.offers.box.Objects {
			for _, c := range s.mid.offers.cards {
				if c.box == o && o.Visible() {
					out = append(out, c.productID)
				}
			}
		}
		return out
	}
	if got := titles(); strings.Join(got, ",") != "filters,brush" || !s.mid.offers.box.Visible() {
		t.Fatalf("offers shown: %v", got)
	}
	test.Tap(s.mid.offers.cards[0].dismiss) // filters
	s.settle()
	if got := titles(); strings.Join(got, ",") != "brush" {
		t.Fatalf("after dismissing the filters: %v", got)
	}
	test.Tap(s.mid.offers.cards[0].add) // brush
	s.settle()
	if s.mid.offers.box.Visible() || len(s.quote.Lines) != 3 || !s.quote.Lines[2].CrossSell {
		t.Fatalf("after adding the brush: offers %v, lines %d", titles(), len(s.quote.Lines))
	}
	id := s.cart.ID
	if err := f.till.Park(context.Background(), "later"); err != nil {
		t.Fatal(err)
	}
	if err := f.till.Resume(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	s.show(f.till.Quote(), f.till.Cart(), 0)
	if s.mid.offers.box.Visible() {
		t.Fatalf("a resumed cart offers the dismissed filters again: %v", titles())
	}
}

// Item 16: the discounts heading counts what applied and what did not, so
// "not applied" is known at any height.
func TestDiscountsHeadingCounts(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	f.win.Resize(fyne.NewSize(1024, 768))
	if s.disc.count.Text != "" {
		t.Errorf("empty cart: %q", s.disc.count.Text)
	}
	s.addProduct(s.prod.index.favourites[0])
	s.settle()
	q := s.quote
	want := fmt.Sprintf("%d applied · %d not applied", len(q.Applied), len(q.NotApplied))
	if s.disc.count.Text != want || len(q.NotApplied) == 0 {
		t.Errorf("count %q, want %q", s.disc.count.Text, want)
	}
	p, sz := f.absRect(s.disc.count)
	need := fyne.MeasureText(want, theme.TextSize(), fyne.TextStyle{Italic: true}).Width + 2*theme.InnerPadding()
	if p.Y < 0 || p.Y+sz.Height > 768 || p.X+sz.Width > 1024 || !s.disc.count.Visible() || sz.Width < need {
		t.Errorf("the count is off screen or cut at %v %v (needs %.0f px)", p, sz, need)
	}
}

// screenRow is the cart row of line p that is in the window's tree (the
// list also keeps rows aside for reuse).
func (f *fixture) screenRow(p int) *cartRow {
	f.t.Helper()
	prefix := fmt.Sprintf("%d. ", p)
	var found *cartRow
	var walk func(n fyne.CanvasObject)
	walk = func(n fyne.CanvasObject) {
		if found != nil || !n.Visible() {
			return
		}
		if r, ok := n.(*cartRow); ok && strings.HasPrefix(r.title.Text, prefix) {
			found = r
			return
		}
		switch x := n.(type) {
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k)
			}
		}
	}
	walk(f.win.Canvas().Content())
	if found == nil {
		f.t.Fatalf("line %d is not on the screen", p)
	}
	return found
}

// The top bar's tooltips say each button's key; they take no tap: a click
// on the button under the mouse still works while its tip shows.
func TestTooltipsTakeNoTap(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	var area *tipArea
	for _, o := range test.LaidOutObjects(s.root) {
		if a, ok := o.(*tipArea); ok && a.target == fyne.CanvasObject(s.bar.historyBtn) {
			area = a
		}
	}
	if area == nil {
		t.Fatal("Orders has no tooltip")
	}
	area.MouseIn(&desktop.MouseEvent{})
	if !s.tips.text.Visible() || !strings.Contains(s.tips.text.Text, "F10") {
		t.Fatalf("the tip: %q shown %v", s.tips.text.Text, s.tips.text.Visible())
	}
	for _, o := range s.tips.box.Objects {
		if _, ok := o.(fyne.Tappable); ok {
			t.Fatalf("the tip layer holds a tappable %T", o)
		}
	}
	test.Tap(area)
	s.settle()
	if s.tips.text.Visible() || s.historyD == nil {
		t.Fatalf("a tap on Orders with its tip shown: tip %v, orders open %v", s.tips.text.Visible(), s.historyD != nil)
	}
}

// Item 2, visible: in a cart longer than the screen, the line a scan went
// to is highlighted and scrolled into view, and so is the line F4 acts on.
func TestHighlightedLineIsVisible(t *testing.T) {
	setup := bigSetup(30)
	f := newFixture(t, setup)
	s := f.s
	f.win.Resize(fyne.NewSize(1024, 768))
	for i := 0; i < 14; i++ {
		s.addProduct(s.prod.index.catalog.Products()[6+i])
		s.settle()
	}
	s.selectLine(1)
	f.win.Content().Refresh()
	test.Type(s.prod.barcode, ean13(fmt.Sprintf("20%010d", 20))) // a new line 15
	enter(s.prod.barcode)
	s.settle()
	f.win.Content().Refresh()
	if s.currentLine() != 15 {
		t.Fatalf("keys act on line %d, want 15", s.currentLine())
	}
	visible := func(p int) {
		t.Helper()
		r := f.screenRow(p)
		at, sz := f.absRect(r)
		lp, ls := f.absRect(s.mid.cartV.list)
		if at.Y < lp.Y-1 || at.Y+sz.Height > lp.Y+ls.Height+1 {
			t.Errorf("line %d at y %.0f–%.0f, the cart shows %.0f–%.0f", p, at.Y, at.Y+sz.Height, lp.Y, lp.Y+ls.Height)
		}
	}
	visible(15)
	s.selectLine(1)
	f.win.Content().Refresh()
	visible(1)
}

// Opening a shift in its dialog shows the wider open-shift fields whole at
// 1024×768 in French. In the real window the split kept the closed shift's
// divider and cut "Clôturer la session" and "Sans vente (ouvrir le
// tiroir)" (seen under Xvfb); the test driver lays the split out again by
// itself, so this guards the outcome, not that missed layout.
func TestShiftDialogFieldsWholeAfterOpening(t *testing.T) {
	useLanguage(t, "fr")
	f := newFixture(t, testSetup())
	s := f.s
	f.win.Resize(fyne.NewSize(1024, 768))
	s.openShift()
	s.settle()
	h := s.ops.shiftD
	test.Type(h.float, "100")
	enter(h.float)
	s.settle()
	if h.shift == nil || !h.runBox.Visible() {
		t.Fatalf("shift not open: %q", h.msg.Text)
	}
	scroll := h.split.Leading
	if need, got := h.left.MinSize().Width, scroll.Size().Width; got < need {
		t.Errorf("the open shift's fields need %.0f px and get %.0f: they are cut", need, got)
	}
}
