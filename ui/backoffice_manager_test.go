package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Issue 12's manager items (17–20), through the back office's widgets.

// newManagerOffice signs Mia in on a fixed clock and opens the back office.
func newManagerOffice(t *testing.T, setup pos.Setup) (*signInFixture, *backOffice) {
	t.Helper()
	f := newSignInFixture(t, setup, pos.DefaultApprovalLimit("USD"))
	f.tile("Mia")
	f.keypad("123456")
	test.Tap(f.s.mgr.btn)
	f.s.settle()
	if f.s.mgr.bo == nil {
		t.Fatal("the back office did not open")
	}
	return f, f.s.mgr.bo
}

// Item 17: after every save the limits form shows what is stored: 20 then
// 25 read 20 then 25, even with a read of the old value started before
// the save.
func TestLimitsFormShowsEachSave(t *testing.T) {
	f, bo := newManagerOffice(t, testSetup())
	loc := bo.location
	for _, want := range []string{"20", "25", "7.5"} {
		loc.readLimits() // a read of the old value, still on its way
		loc.limitPct.SetText(want)
		test.Tap(loc.limitBtn)
		f.s.settle()
		l, _ := f.store.ApprovalLimit(context.Background())
		if l.Percent.Cmp(pct(want)) != 0 {
			t.Fatalf("stored %v, want %s", l.Percent.Percent(), want)
		}
		if loc.limitPct.Text != want {
			t.Fatalf("saved %s%%: the field reads %q", want, loc.limitPct.Text)
		}
	}
	// Switching tabs reads it again: still what is stored.
	bo.tabs.SelectIndex(0)
	bo.tabs.SelectIndex(4)
	f.s.settle()
	if loc.limitPct.Text != "7.5" {
		t.Fatalf("after switching tabs: %q", loc.limitPct.Text)
	}
}

// Item 18: try-it shows the till's own totals block, with the line
// discount in it: the same figures as the sell screen's block for the
// same cart.
func TestTryItTotalsAreTheTills(t *testing.T) {
	f, bo := newManagerOffice(t, testSetup())
	v := bo.tryit
	test.Type(v.product.search, "beans")
	if len(v.product.shown) != 1 {
		t.Fatalf("searching beans shows %d products", len(v.product.shown))
	}
	// Enter adds the first match.
	v.product.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if q := v.till.Quote(); len(q.Lines) != 1 || q.Lines[0].Quantity != 1 {
		t.Fatalf("try-it cart %+v", q.Lines)
	}
	q := v.till.Quote()
	if len(q.Lines[0].Discounts) == 0 {
		t.Fatal("the coffee week discount is not on the line")
	}
	lineDisc := q.Lines[0].Discounts[0].Amount
	if got, want := v.totals.saved.Text, bo.money.money(lineDisc); got != want {
		t.Errorf("try-it totals: customer saves %q, want the line discount %q", got, want)
	}
	// The sell screen, same cart: every figure of the block is the same.
	test.Tap(bo.back)
	beans, _ := f.s.till.Catalog().Product("beans")
	f.s.addProduct(beans)
	f.s.settle()
	sell := f.s.totals
	for name, pair := range map[string][2]string{
		"subtotal":        {sell.subtotal.Text, v.totals.subtotal.Text},
		"order discounts": {sell.orderDisc.Text, v.totals.orderDisc.Text},
		"tax":             {sell.tax.Text, v.totals.tax.Text},
		"saves":           {sell.saved.Text, v.totals.saved.Text},
		"total":           {sell.total.Text, v.totals.total.Text},
	} {
		if pair[0] != pair[1] || pair[0] == "" {
			t.Errorf("%s: till %q, try-it %q", name, pair[0], pair[1])
		}
	}
}

// Item 19: a day alone is the whole day in the shop's time zone, shown
// back as the day; the placeholders are real dates. Item 23: the dates are
// shown and read the locale's way ("30/11/2026 18:00" in French), ISO
// still taken.
func TestDiscountFormDayMeansTheWholeDay(t *testing.T) {
	cases := []struct {
		code                      string
		placeholder               string // the start's
		start, end, endTime       string // typed
		shownStart, shownEnd, bad string
		shownEndTime              string
	}{
		{"en", "e.g. 24 Dec 2026 or 24 Dec 2026 18:00", "2026-11-01", "30 Nov 2026", "30 Nov 2026 18:00",
			"1 Nov 2026", "30 Nov 2026", "Type a date as 24 Dec 2026 18:00.", "30 Nov 2026 18:00"},
		{"fr", "ex. 24/12/2026 ou 24/12/2026 18:00", "1/11/2026", "30/11/2026", "30/11/2026 18:00",
			"01/11/2026", "30/11/2026", "Saisissez une date comme 24/12/2026 18:00.", "30/11/2026 18:00"},
		{"fr", "ex. 24/12/2026 ou 24/12/2026 18:00", "2026-11-01", "2026-11-30", "2026-11-30 18:00",
			"01/11/2026", "30/11/2026", "Saisissez une date comme 24/12/2026 18:00.", "30/11/2026 18:00"},
	}
	for _, c := range cases {
		t.Run(c.code+" "+c.start, func(t *testing.T) {
			useLanguage(t, c.code)
			f, bo := newManagerOffice(t, testSetup())
			v := bo.discounts
			test.Tap(v.newBtn)
			form := v.form
			if form.starts.PlaceHolder != c.placeholder || !strings.Contains(form.ends.PlaceHolder, "24") {
				t.Errorf("placeholders %q, %q, want %q", form.starts.PlaceHolder, form.ends.PlaceHolder, c.placeholder)
			}
			test.Type(form.title, "November")
			form.value.SetText("10")
			form.starts.SetText("31/31/2026")
			test.Tap(form.saveBtn)
			f.s.settle()
			if e := form.rows["starts"].err; !e.Visible() || e.Text != c.bad {
				t.Errorf("a wrong date is refused with %q, want %q", e.Text, c.bad)
			}
			form.starts.SetText(c.start)
			form.ends.SetText(c.end)
			test.Tap(form.saveBtn)
			f.s.settle()
			if form.msg.Visible() {
				t.Fatalf("refused: %s", form.msg.Text)
			}
			var d *pos.Discount
			for _, x := range f.s.till.Discounts().All() {
				if x.Title == "November" {
					d = x
				}
			}
			if d == nil {
				t.Fatal("not saved")
			}
			day := time.Date(2026, 11, 30, 12, 0, 0, 0, time.Local)
			if !d.EndsAt.Equal(pos.EndOfDay(day, time.Local)) || !d.Active(time.Date(2026, 11, 30, 23, 59, 0, 0, time.Local)) {
				t.Errorf("ends %v: not all of the 30th", d.EndsAt.In(time.Local))
			}
			if d.Active(time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local)) {
				t.Error("still active on the 1st")
			}
			if !d.StartsAt.Equal(pos.StartOfDay(time.Date(2026, 11, 1, 12, 0, 0, 0, time.Local), time.Local)) {
				t.Errorf("starts %v", d.StartsAt.In(time.Local))
			}
			v.edit(d, false)
			if v.form.starts.Text != c.shownStart || v.form.ends.Text != c.shownEnd {
				t.Errorf("shown back as %q – %q, want %q – %q", v.form.starts.Text, v.form.ends.Text, c.shownStart, c.shownEnd)
			}
			v.form.ends.SetText(c.endTime) // a time is kept as typed
			test.Tap(v.form.saveBtn)
			f.s.settle()
			d, _ = f.s.till.Discounts().ByID(d.ID)
			if want := time.Date(2026, 11, 30, 18, 0, 0, 0, time.Local); !d.EndsAt.Equal(want) {
				t.Errorf("ends %v, want %v", d.EndsAt, want)
			}
			v.edit(d, false)
			if v.form.ends.Text != c.shownEndTime {
				t.Errorf("shown back as %q, want %q", v.form.ends.Text, c.shownEndTime)
			}
		})
	}
}

// Item 19: "New discount" starts at the top of the form; an order or a
// shipping discount hides targets, buy X get Y and "Once per order".
func TestDiscountFormScrollAndProductOnlyFields(t *testing.T) {
	f, bo := newManagerOffice(t, testSetup())
	f.win.Resize(fyne.NewSize(1024, 768))
	v := bo.discounts
	test.Tap(v.rows[0].edit)
	f.s.settle()
	v.formSc.ScrollToBottom()
	if v.formSc.Offset.Y == 0 {
		t.Fatal("the form does not scroll at 1024×768: nothing to check")
	}
	test.Tap(v.newBtn)
	if v.formSc.Offset.Y != 0 {
		t.Errorf("New discount opens at offset %v", v.formSc.Offset.Y)
	}
	form := v.form
	shown := func() (targets, once, bx bool) {
		return form.targetRow.Visible(), form.onceRow.Visible(), len(form.kind.Options) == 3
	}
	if tg, once, bx := shown(); !tg || !once || !bx {
		t.Fatalf("a product discount: targets %v, once %v, buy X get Y %v", tg, once, bx)
	}
	for _, class := range []pos.Class{pos.ClassOrder, pos.ClassShipping} {
		form.class.SetSelected(classLabel(class))
		if tg, once, bx := shown(); tg || once || bx {
			t.Errorf("%s discount: targets %v, once %v, buy X get Y %v", class, tg, once, bx)
		}
	}
	form.class.SetSelected(classLabel(pos.ClassProduct))
	form.kind.SetSelected(form.kind.Options[2])
	if !form.bxgy.Visible() || form.targetRow.Visible() {
		t.Error("buy X get Y shows its own fields")
	}
	form.class.SetSelected(classLabel(pos.ClassOrder)) // buy X get Y is a product discount
	if form.bxgy.Visible() || form.kind.Selected != form.kind.Options[0] {
		t.Errorf("an order discount keeps buy X get Y (%q)", form.kind.Selected)
	}
}

// Item 19: targets are a searchable picker: among 10,000 products, typing
// finds product 9,999, and the discount saves it as its target; try-it's
// picker finds it too.
func TestTargetPickerFindsAmongTenThousand(t *testing.T) {
	f, bo := newManagerOffice(t, bigSetup(10000))
	v := bo.discounts
	test.Tap(v.newBtn)
	form := v.form
	p := form.targets.picker
	if len(p.items) < 10000 {
		t.Fatalf("the picker lists %d products", len(p.items))
	}
	test.Type(p.search, "item 9999")
	at := -1
	for i, k := range p.shown {
		if p.items[k].id == "g09999" {
			at = i
		}
	}
	if at < 0 || len(p.shown) > 3 { // a barcode may hold 9999 too
		t.Fatalf("typing finds %d products, product 9,999 at %d", len(p.shown), at)
	}
	p.list.Select(at)
	if len(form.targets.chosen) != 1 || !strings.Contains(widgetTexts(form.targets.chips), "Glass Glass item 9999") {
		t.Fatalf("chosen %v, shown %s", form.targets.chosen, widgetTexts(form.targets.chips))
	}
	test.Type(form.title, "One of 10,000")
	form.value.SetText("5")
	test.Tap(form.saveBtn)
	f.s.settle()
	if form.msg.Visible() {
		t.Fatalf("refused: %s", form.msg.Text)
	}
	var saved *pos.Discount
	for _, d := range f.s.till.Discounts().All() {
		if d.Title == "One of 10,000" {
			saved = d
		}
	}
	if saved == nil || len(saved.Target.Products) != 1 || saved.Target.Products[0] != "g09999" {
		t.Fatalf("saved %+v", saved)
	}
	// Its chip takes it off again.
	test.Tap(form.targets.chips.Objects[0].(*widget.Button))
	if len(form.targets.chosen) != 0 {
		t.Error("the chip did not take the product off")
	}
	// Try it: the same search adds it.
	ti := bo.tryit
	test.Type(ti.product.search, "item 9999")
	ti.product.list.Select(at)
	if q := ti.till.Quote(); len(q.Lines) != 1 || q.Lines[0].ProductID != "g09999" {
		t.Fatalf("try-it cart %+v", q.Lines)
	}
}

// Item 20: the audit log is a table of names and changes (no ids, no
// JSON), and its filters narrow the rows.
func TestAuditTableAndFilter(t *testing.T) {
	f, bo := newManagerOffice(t, testSetup())
	// Two edits: a discount's title, and the limits.
	v := bo.discounts
	d, _ := f.s.till.Discounts().ByID("coffee10")
	v.edit(d, false)
	v.form.title.SetText("Coffee fortnight")
	test.Tap(v.form.saveBtn)
	f.s.settle()
	bo.location.limitPct.SetText("30")
	test.Tap(bo.location.limitBtn)
	f.s.settle()
	a := bo.audit
	a.refresh()
	f.s.settle()
	if len(a.shown) < 2 {
		t.Fatalf("%d rows", len(a.shown))
	}
	var disc *auditLine
	for i := range a.shown {
		if a.shown[i].action == pos.AuditDiscount {
			disc = &a.shown[i]
		}
	}
	if disc == nil {
		t.Fatal("no discount row")
	}
	if disc.who != "Mia" || disc.what != "Discount: Coffee fortnight" ||
		!strings.Contains(disc.change, "Title: Coffee week −10% → Coffee fortnight") || strings.Contains(disc.change, "{") {
		t.Errorf("discount row %+v", *disc)
	}
	all := len(a.shown)
	a.what.SetSelected("Limits")
	if len(a.shown) != 1 || !strings.Contains(a.shown[0].change, "Percent: 20% → 30%") {
		t.Fatalf("filtered by what: %+v", a.shown)
	}
	a.what.SetSelected("Everything")
	test.Type(a.text, "fortnight")
	if len(a.shown) != 1 || a.shown[0].action != pos.AuditDiscount {
		t.Fatalf("filtered by text: %d rows", len(a.shown))
	}
	a.text.SetText("")
	if strings.Join(a.who.Options, ",") != "Everyone,Mia" {
		t.Errorf("who: %v", a.who.Options)
	}
	for _, l := range a.shown {
		if l.action == pos.AuditIdleLock {
			t.Errorf("the idle lock was not changed, yet audited: %+v", l)
		}
	}
	a.who.SetSelected("Mia")
	if len(a.shown) == 0 || len(a.shown) > all {
		t.Errorf("Mia's rows: %d of %d", len(a.shown), all)
	}
	// The rows are widgets of their own, each line of the change shown.
	row := newAuditRow()
	row.set(*disc)
	if row.what.Text != "Discount: Coffee fortnight" || row.change.Text != disc.change {
		t.Errorf("row %q %q", row.what.Text, row.change.Text)
	}
}

// Item 20: a matrix Fix can be undone, and a fix that makes another pair
// one-sided says so before it is tapped.
func TestMatrixFixUndoAndNewOneSided(t *testing.T) {
	setup := testSetup()
	setup.Discounts[1].Combines.Product = false // Welcome (order) does not combine with product discounts
	// A second product discount that does not combine with order discounts,
	// and an order discount that combines with nothing: fixing Welcome
	// (ticking product on it) makes it one-sided with "Tea time".
	setup.Discounts[2].Enabled = false // Big basket stays out of it
	setup.Discounts = append(setup.Discounts, pos.Discount{ID: "tea", Title: "Tea time", Method: pos.Automatic, Class: pos.ClassProduct,
		Value: pos.Value{Type: pos.Percentage, Percent: pct("5")}, Enabled: true, Combines: pos.Combines{Product: true, Shipping: true}})
	f, bo := newManagerOffice(t, setup)
	m := bo.matrix
	if len(m.fixes) != 1 || m.warns[0] == nil || !strings.Contains(m.warns[0].Text, "Welcome $5 off one-sided with: Tea time") {
		var w string
		if len(m.warns) > 0 && m.warns[0] != nil {
			w = m.warns[0].Text
		}
		t.Fatalf("%d fixes, warning %q", len(m.fixes), w)
	}
	test.Tap(m.fixes[0])
	f.s.settle()
	if d, _ := f.s.till.Discounts().ByID("welcome"); !d.Combines.Product {
		t.Fatal("the fix did not tick Welcome's product flag")
	}
	if !m.undoBox.Visible() || len(m.fixes) != 1 { // the new pair: Welcome and Tea time
		t.Fatalf("after the fix: undo shown %v, %d fixes", m.undoBox.Visible(), len(m.fixes))
	}
	test.Tap(m.undo)
	f.s.settle()
	d, _ := f.s.till.Discounts().ByID("welcome")
	if d.Combines.Product || !d.Combines.Order || !d.Combines.Shipping {
		t.Fatalf("undo did not put Welcome back: %+v", d.Combines)
	}
	if m.undoBox.Visible() || len(m.fixes) != 1 || m.warns[0] == nil {
		t.Errorf("after undo: undo shown %v, %d fixes", m.undoBox.Visible(), len(m.fixes))
	}
	if got := f.office.actions(); len(got) < 2 || got[len(got)-1] != "discount:welcome" || got[len(got)-2] != "discount:welcome" {
		t.Errorf("audit %v", got)
	}
	// Undo is offered while the discount is as the fix left it: an edit
	// made since takes it away (Undo would undo that edit too).
	test.Tap(m.fixes[0])
	f.s.settle()
	if !m.undoBox.Visible() {
		t.Fatal("no undo after the second fix")
	}
	bo.tabs.SelectIndex(0) // switching tabs keeps it
	bo.tabs.SelectIndex(2)
	f.s.settle()
	if !m.undoBox.Visible() {
		t.Fatal("switching tabs took Undo away")
	}
	d, _ = f.s.till.Discounts().ByID(m.fixed.ID)
	bo.discounts.edit(d, false)
	bo.discounts.form.title.SetText("Renamed")
	test.Tap(bo.discounts.form.saveBtn)
	f.s.settle()
	if m.undoBox.Visible() || m.undone != nil {
		t.Error("Undo still offered after another edit of the discount")
	}
}

// Item 20: the product list shows prices; the tax selector is as wide as
// its longest option, in English and French; the discount list's buttons
// say what they do (Disable, not an X).
func TestProductPricesTaxSelectorAndLabels(t *testing.T) {
	for _, code := range []string{"en", "fr"} {
		t.Run(code, func(t *testing.T) {
			useLanguage(t, code)
			f, bo := newManagerOffice(t, testSetup())
			f.win.Resize(fyne.NewSize(1024, 768))
			pv := bo.products
			row := newProductRow()
			row.set(pv.shown[0], bo.money)
			if want := bo.money.money(pv.shown[0].Prices[0].Amount); row.price.Text != want {
				t.Errorf("product row price %q, want %q", row.price.Text, want)
			}
			pv.open("beans")
			pr := pv.page.prices[0]
			for _, o := range pr.taxes.Options {
				need := fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width + theme.IconInlineSize()
				if w := pr.taxes.Size().Width; w < need {
					t.Errorf("the tax selector is %v wide, %q needs %v", w, o, need)
				}
			}
			for _, r := range bo.discounts.rows {
				for _, b := range []*widget.Button{r.edit, r.dup, r.off} {
					if b.Text == "" {
						t.Errorf("%s: a button without a label", r.name.Text)
					}
				}
				if r.off.Icon == theme.CancelIcon() || r.off.Icon == theme.DeleteIcon() {
					t.Error("Disable looks like delete")
				}
			}
		})
	}
}

// Golden images of every back-office tab at 1024×768 and 1920×1080, in
// English and French, on a fixed clock: products with a page open, a
// discount's form, the matrix with a one-sided pair, try-it with a cart,
// the location, staff and the audit log.
func TestGoldenBackOffice(t *testing.T) {
	for _, code := range []string{"en", "fr"} {
		for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1920, Height: 1080}} {
			t.Run(fmt.Sprintf("%s-%.0f", code, size.Width), func(t *testing.T) {
				useLanguage(t, code)
				fixtureTheme = theme.LightTheme()
				t.Cleanup(func() { fixtureTheme = nil })
				setup := testSetup()
				setup.Discounts[1].Combines.Product = false // a one-sided pair for the matrix
				f, bo := newManagerOffice(t, setup)
				f.win.Resize(size)
				// Something in the audit log: a discount edited.
				d, _ := f.s.till.Discounts().ByID("coffee10")
				bo.discounts.edit(d, false)
				bo.discounts.form.title.SetText("Coffee fortnight −10%")
				test.Tap(bo.discounts.form.saveBtn)
				f.s.settle()
				bo.location.limitPct.SetText("25")
				bo.location.limitAmt.SetText("80")
				test.Tap(bo.location.limitBtn)
				f.s.settle()
				bo.products.open("beans")
				d, _ = f.s.till.Discounts().ByID("coffee10")
				bo.discounts.edit(d, false)
				test.Type(bo.tryit.product.search, "beans")
				bo.tryit.product.list.Select(0)
				bo.tryit.code.SetText("WELCOME5")
				bo.tryit.do(func(ctx context.Context) error { return bo.tryit.till.EnterCode(ctx, "WELCOME5") })
				bo.msg.Hide()
				names := []string{"products", "discounts", "matrix", "tryit", "location", "staff", "audit"}
				for i, name := range names {
					bo.tabs.SelectIndex(i)
					f.s.settle()
					f.win.Canvas().Unfocus()
					f.win.Content().Refresh()
					c := f.win.Canvas()
					if got := c.Size(); got != size {
						t.Errorf("%s: the window is %v, not %v", name, got, size)
					}
					if m := bo.root.MinSize(); m.Width > size.Width || m.Height > size.Height {
						t.Errorf("%s: the back office needs %v", name, m)
					}
					assertGolden(t, fmt.Sprintf("office-%s-%s-%.0fx%.0f.png", name, code, size.Width, size.Height), c.Capture())
				}
			})
		}
	}
}

// A keystroke in the product picker over 10,000 products (discount
// targets and try-it): filter and list refresh.
func BenchmarkPickerKeystroke10k(b *testing.B) {
	test.NewTempApp(b)
	cat, err := pos.NewCatalog(bigSetup(10_000).Products)
	if err != nil {
		b.Fatal(err)
	}
	p := newProductPicker(formatFor("en"), "", nil)
	p.setCatalog(cat, nil)
	words := []string{"i", "it", "ite", "item", "item ", "item 9", "item 99", "item 999", "item 9999"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.search.SetText(words[i%len(words)])
	}
}

// Opening the back office's try-it over 10,000 products: a till of its
// own on a copy of the set-up (every tab change and save does it).
func BenchmarkTryItRestart10k(b *testing.B) {
	test.NewTempApp(b)
	store := pos.NewMemStore(bigSetup(10_000))
	till, err := pos.NewTill(context.Background(), store, pos.Options{Actor: testManager})
	if err != nil {
		b.Fatal(err)
	}
	office, err := till.Office(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	bo := &backOffice{officeEnv: officeEnv{till: till, office: office, money: formatFor("en"), now: time.Now}, who: *testManager}
	v := newTryItView(bo)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.refresh()
	}
}
