package ui

import (
	"context"
	"strings"
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// memOffice reads what the back office wrote to the till's MemStore.
type memOffice struct {
	store *pos.MemStore
}

// Staff is the store's staff, by id.
func (o *memOffice) Staff(ctx context.Context) ([]pos.Staff, error) { return o.store.Staff(ctx) }

// entries is the audit log, oldest first.
func (o *memOffice) entries() []pos.AuditEntry {
	log, _ := o.store.Audit(context.Background(), 0)
	for i, j := 0, len(log)-1; i < j; i, j = i+1, j-1 {
		log[i], log[j] = log[j], log[i]
	}
	return log
}

// actions is the audit log's action:subject, oldest first.
func (o *memOffice) actions() []string {
	var out []string
	for _, e := range o.entries() {
		out = append(out, e.Action+":"+e.Subject)
	}
	return out
}

type officeFixture struct {
	*fixture
	office *memOffice
}

// newOfficeFixture is newFixture with a back office: a manager Mia (PIN
// 1234, made before managers needed 6 digits) and a cashier Cam (PIN 0000),
// signed in. limit is the approval limit.
func newOfficeFixture(t *testing.T, setup pos.Setup, limit pos.ApprovalLimit) *officeFixture {
	t.Helper()
	pos.PINCost = pos.TestPINCost
	test.NewTempApp(t)
	store := pos.NewMemStore(setup)
	store.Limit = limit
	mh, _ := pos.HashPIN("1234")
	ch, _ := pos.HashPIN("0000")
	store.StaffList = []pos.Staff{
		{ID: "mia", Name: "Mia", Role: pos.Manager, PINHash: mh, Active: true},
		{ID: "cam", Name: "Cam", Role: pos.Cashier, PINHash: ch, Active: true},
	}
	cam := store.StaffList[1]
	till, err := pos.NewTill(context.Background(), store, pos.Options{Actor: &cam})
	if err != nil {
		t.Fatal(err)
	}
	office := &memOffice{store: store}
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	s := NewSell(till, Options{DataDir: t.TempDir()}, w)
	s.deliver = s.queue
	s.Show()
	w.Resize(windowSize)
	f := &officeFixture{fixture: &fixture{t: t, store: store, till: till, win: w, s: s}, office: office}
	return f
}

// openOffice taps Back office and types pin.
func (f *officeFixture) openOffice(pin string) {
	f.t.Helper()
	s := f.s
	test.Tap(s.mgr.btn)
	s.settle() // the managers to pick from
	if s.mgr.pin == nil {
		f.t.Fatal("Back office asks for a PIN")
	}
	test.Type(s.mgr.pin.entry, pin)
	enter(s.mgr.pin.entry)
	s.settle()
}

func TestBackOfficeNeedsAManagerPIN(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	for _, pin := range []string{"9999", "0000"} { // nobody's, a cashier's
		f.openOffice(pin)
		if s.mgr.bo != nil {
			t.Fatalf("PIN %s opened the back office", pin)
		}
		if s.mgr.pin == nil || !s.mgr.pin.msg.Visible() || !strings.Contains(s.mgr.pin.msg.Text, "Wrong PIN") {
			t.Fatalf("PIN %s: the dialog says why (%v)", pin, s.mgr.pin)
		}
		s.mgr.pin.d.Hide()
	}
	f.openOffice("1234")
	if s.mgr.bo == nil || s.mgr.bo.who.ID != "mia" {
		t.Fatal("the manager's PIN opens the back office")
	}
	test.Tap(s.mgr.bo.back)
	if s.mgr.bo != nil || s.dialogs != 0 {
		t.Fatal("Back to the till closes it")
	}
}

// A discount created in the back office is applied at the till, and its
// creation is in the audit log.
func TestCreateDiscountReachesTheTill(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	f.openOffice("1234")
	bo := s.mgr.bo
	v := bo.discounts
	test.Tap(v.newBtn)
	form := v.form

	// Bad input: every wrong field says why, and nothing is saved.
	test.Type(form.value, "abc")
	form.minQty.SetText("-2")
	form.starts.SetText("tomorrow")
	test.Tap(form.saveBtn)
	s.settle()
	for _, key := range []string{"title", "value", "minQty", "starts"} {
		if !form.rows[key].err.Visible() || form.rows[key].err.Text == "" {
			t.Errorf("field %s does not say what is wrong", key)
		}
	}
	if !form.msg.Visible() || len(f.office.actions()) != 0 || len(s.till.Discounts().All()) != 4 {
		t.Fatalf("a bad form saved something: %v", f.office.actions())
	}
	// A code another discount has (any case) is refused on the code field.
	form.method.SetSelected(form.method.Options[1])
	form.code.SetText("welcome5")
	test.Tap(form.saveBtn)
	if !strings.Contains(form.rows["code"].err.Text, "Welcome $5 off") {
		t.Errorf("duplicate code: %q", form.rows["code"].err.Text)
	}

	form.method.SetSelected(form.method.Options[0])
	test.Type(form.title, "Mug week −25%")
	form.value.SetText("25")
	form.minQty.SetText("")
	form.starts.SetText("")
	test.Type(form.targets.picker.search, "enamel")
	form.targets.picker.list.Select(0)
	form.combProduct.SetChecked(true)
	form.combOrder.SetChecked(true)
	form.combShipping.SetChecked(true)
	test.Tap(form.saveBtn)
	s.settle()
	if form.msg.Visible() {
		t.Fatalf("refused: %s", form.msg.Text)
	}
	if got := f.office.actions(); len(got) != 1 || !strings.HasPrefix(got[0], "discount:") {
		t.Fatalf("audit log %v", got)
	}
	if e := f.office.entries()[0]; e.StaffID != "mia" || e.Before != "" || !strings.Contains(e.After, "Mug week") {
		t.Errorf("audit entry %+v", e)
	}
	if !strings.Contains(widgetTexts(v.list), "Mug week −25%") {
		t.Error("the list shows the new discount among the active ones")
	}
	test.Tap(bo.back)

	// At the till: the mug takes it.
	mug, _ := s.till.Catalog().Product("mug")
	s.addProduct(mug)
	s.settle()
	found := false
	for _, a := range s.quote.Applied {
		found = found || a.Title == "Mug week −25%"
	}
	if !found || !strings.Contains(f.explanations(), "Mug week") {
		t.Fatalf("the till does not apply the new discount: %+v / %s", s.quote.Applied, f.explanations())
	}
}

// A cross-sell set on a product's page is offered on carts started afterwards.
func TestCrossSellFromProductPage(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	mug, _ := s.till.Catalog().Product("mug")
	s.addProduct(mug) // a cart already open keeps what it was offered
	s.settle()
	f.openOffice("1234")
	bo := s.mgr.bo
	bo.products.open("mug")
	pg := bo.products.page
	// Every other product of this set-up has exactly one active price.
	if len(pg.crossSell.Options) != 5 {
		t.Fatalf("choices %v", pg.crossSell.Options)
	}
	pg.crossSell.SetSelected("Cleaning brush")
	s.settle()
	if p, _ := s.till.Catalog().Product("mug"); p.CrossSell != "brush" {
		t.Fatalf("mug's cross-sell is %q", p.CrossSell)
	}
	if got := f.office.actions(); len(got) != 1 || got[0] != "cross_sell:mug" {
		t.Fatalf("audit log %v", got)
	}
	if e := f.office.entries()[0]; e.Before != `{"cross_sell":""}` || e.After != `{"cross_sell":"brush"}` {
		t.Errorf("audit before/after %q %q", e.Before, e.After)
	}
	if !strings.Contains(bo.products.page.crossNow.Text, "Cleaning brush") {
		t.Errorf("the page shows %q", bo.products.page.crossNow.Text)
	}
	test.Tap(bo.back)
	if s.mid.offers.box.Visible() {
		t.Error("the cart already open is offered the new cross-sell")
	}
	if err := s.till.NewCart(context.Background(), pos.CartOptions{}); err != nil {
		t.Fatal(err)
	}
	s.addProduct(mug)
	s.settle()
	if !s.mid.offers.box.Visible() || !strings.Contains(s.mid.offers.title.Text, "Cleaning brush") {
		t.Fatalf("a new cart is not offered the brush: %q", s.mid.offers.title.Text)
	}

	// Removing it.
	f.openOffice("1234")
	bo = s.mgr.bo
	bo.products.open("mug")
	test.Tap(bo.products.page.crossRemove)
	s.settle()
	if p, _ := s.till.Catalog().Product("mug"); p.CrossSell != "" {
		t.Fatalf("mug's cross-sell is %q after removing it", p.CrossSell)
	}
}

// Products that cannot be a cross-sell are listed greyed with the reason.
func TestCrossSellChoicesGreyed(t *testing.T) {
	setup := testSetup()
	setup.Products[4].Prices = append(setup.Products[4].Prices, pos.Price{ID: "brush-2", Amount: usd("9.00"), Type: pos.OneTime, Active: true})
	setup.Products[5].Archived = true
	f := newOfficeFixture(t, setup, pos.ApprovalLimit{})
	f.openOffice("1234")
	bo := f.s.mgr.bo
	bo.products.open("mug")
	pg := bo.products.page
	var greyed []string
	for _, l := range pg.notEligible {
		greyed = append(greyed, l.Text)
	}
	got := strings.Join(greyed, "|")
	if len(greyed) != 2 || !strings.Contains(got, "Cleaning brush — it has more than one active price") || !strings.Contains(got, "Green tea 100 g — archived") {
		t.Fatalf("greyed %q", got)
	}
	for _, o := range pg.crossSell.Options {
		if o == "Cleaning brush" || o == "Green tea 100 g" {
			t.Errorf("%s can be chosen", o)
		}
	}
}

// The matrix points out a one-sided setting and fixes it in one click.
func TestMatrixOneSidedFix(t *testing.T) {
	setup := testSetup()
	setup.Discounts[1].Combines.Product = false // Welcome (order) no longer combines with product discounts; Coffee week says it does
	f := newOfficeFixture(t, setup, pos.ApprovalLimit{})
	f.openOffice("1234")
	bo := f.s.mgr.bo
	m := bo.matrix
	if len(m.fixes) != 1 {
		t.Fatalf("%d one-sided pairs shown, want 1", len(m.fixes))
	}
	texts := widgetTexts(m.issues)
	if !strings.Contains(texts, "Coffee week −10% combines with order discounts, but Welcome $5 off does not combine with product discounts") {
		t.Errorf("issue text: %s", texts)
	}
	test.Tap(m.fixes[0])
	f.s.settle()
	if d, _ := f.s.till.Discounts().ByID("welcome"); !d.Combines.Product {
		t.Fatal("the fix did not tick Welcome's product flag")
	}
	if len(m.fixes) != 0 {
		t.Errorf("%d one-sided pairs left", len(m.fixes))
	}
	if got := f.office.actions(); len(got) != 1 || got[0] != "discount:welcome" {
		t.Fatalf("audit log %v", got)
	}
}

// A custom discount above the limit needs a manager's PIN; the approval is audited.
func TestCustomDiscountAboveLimitNeedsApproval(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{Percent: pct("20")})
	s := f.s
	mug, _ := s.till.Catalog().Product("mug")
	s.addProduct(mug)
	s.settle()
	s.openLineDiscount(1)
	test.Type(s.lineForm.value, "15")
	enter(s.lineForm.value)
	s.settle()
	if s.mgr.pin != nil || len(s.quote.Lines[0].Discounts) == 0 {
		t.Fatal("15 % is within the limit: applied without a PIN")
	}
	s.openLineDiscount(1)
	test.Type(s.lineForm.value, "50")
	enter(s.lineForm.value)
	s.settle()
	if s.mgr.pin == nil {
		t.Fatal("50 % asks a manager's PIN")
	}
	test.Type(s.mgr.pin.entry, "0000") // the cashier's own
	enter(s.mgr.pin.entry)
	s.settle()
	if !s.mgr.pin.msg.Visible() || len(f.office.actions()) != 0 {
		t.Fatal("a cashier's PIN approved it")
	}
	test.Type(s.mgr.pin.entry, "1234")
	enter(s.mgr.pin.entry)
	s.settle()
	if s.mgr.pin != nil || s.dialogs != 0 {
		t.Fatal("the dialogs close once approved and applied")
	}
	if got := s.quote.Lines[0].Discounts; len(got) == 0 || got[0].Amount.Minor() != 600 {
		t.Fatalf("line discounts %+v", got)
	}
	if got := f.office.actions(); len(got) != 1 || !strings.HasPrefix(got[0], "approval:") || !strings.Contains(f.office.entries()[0].After, `"percent":"50.00"`) || f.office.entries()[0].StaffID != "mia" || !strings.Contains(f.office.entries()[0].After, `"cashier":"cam"`) {
		t.Fatalf("audit %v %+v", got, f.office.entries())
	}
}

// widgetTexts joins the text of every label and button under o.
func widgetTexts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(x fyne.CanvasObject)
	walk = func(x fyne.CanvasObject) {
		switch w := x.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "|")
		case *widget.Button:
			b.WriteString(w.Text + "|")
		case *fyne.Container:
			for _, ch := range w.Objects {
				walk(ch)
			}
		case *container.Scroll:
			walk(w.Content)
		case *discountRow:
			for _, ch := range []fyne.CanvasObject{w.name, w.info, w.edit, w.dup, w.off} {
				walk(ch)
			}
		}
	}
	walk(o)
	return b.String()
}

// A manager adds a cashier; the PIN is kept hashed; the last manager cannot
// be made a cashier.
func TestStaffTab(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	f.openOffice("1234")
	v := s.mgr.bo.staff
	test.Tap(v.newBtn)
	test.Type(v.name, "Zoé")
	test.Type(v.pin, "12")
	test.Tap(v.saveBtn)
	s.settle()
	if !v.msg.Visible() || !strings.Contains(v.msg.Text, "digits") { // the till's words
		t.Fatalf("a 2-digit PIN was taken (%q)", v.msg.Text)
	}
	// A manager needs at least 6 digits: the till refuses 4, in its words.
	v.pin.SetText("4321")
	v.role.SetSelected(roleLabel(pos.Manager))
	test.Tap(v.saveBtn)
	s.settle()
	if !v.msg.Visible() || !strings.Contains(v.msg.Text, "6") {
		t.Fatalf("a manager with a 4-digit PIN was taken (%q)", v.msg.Text)
	}
	if staff, _ := f.office.Staff(context.Background()); len(staff) != 2 {
		t.Fatalf("refused members were stored: %+v", staff)
	}
	v.role.SetSelected(roleLabel(pos.Cashier))
	v.pin.SetText("4321")
	test.Tap(v.saveBtn)
	s.settle()
	staff, _ := f.office.Staff(context.Background())
	byName := map[string]pos.Staff{}
	for _, m := range staff {
		byName[m.Name] = m
	}
	if z := byName["Zoé"]; len(staff) != 3 || z.Role != pos.Cashier || !pos.PINMatches(z.PINHash, "4321") {
		t.Fatalf("staff %+v", staff)
	}
	if e := f.office.entries()[len(f.office.entries())-1]; e.Action != pos.AuditStaff || strings.Contains(e.After, "4321") || strings.Contains(e.After, "$2") {
		t.Fatalf("audit %+v", e)
	}
	// Mia, the only manager, cannot become a cashier.
	m := byName["Mia"]
	mi := m.Info()
	v.edit(&mi)
	v.role.SetSelected(roleLabel(pos.Cashier))
	test.Tap(v.saveBtn)
	s.settle()
	if !v.msg.Visible() || !strings.Contains(v.msg.Text, "manager must remain") {
		t.Fatalf("message %q", v.msg.Text)
	}
}

// Editing a discount keeps a target that is archived since, and a disabled
// discount moves to the disabled group.
func TestEditKeepsArchivedTargetAndDisable(t *testing.T) {
	setup := testSetup()
	setup.Products[1].Archived = true // the mug
	setup.Discounts[0].Target = pos.Target{Products: []string{"mug", "tea"}}
	f := newOfficeFixture(t, setup, pos.ApprovalLimit{})
	s := f.s
	f.openOffice("1234")
	v := s.mgr.bo.discounts
	d, _ := s.till.Discounts().ByID("coffee10")
	v.edit(d, false)
	v.form.title.SetText("Coffee week −12%")
	v.form.value.SetText("12")
	test.Tap(v.form.saveBtn)
	s.settle()
	if v.form.msg.Visible() {
		t.Fatalf("refused: %s", v.form.msg.Text)
	}
	d, _ = s.till.Discounts().ByID("coffee10")
	if d.Title != "Coffee week −12%" || len(d.Target.Products) != 2 || d.Target.Products[0] != "mug" {
		t.Fatalf("saved %+v", d.Target)
	}
	v.disable(*d)
	s.settle()
	if d, _ = s.till.Discounts().ByID("coffee10"); d.Enabled {
		t.Fatal("not disabled")
	}
	if texts := widgetTexts(v.list); !strings.Contains(texts, "Disabled (1)|Coffee week −12%") {
		t.Errorf("list %s", texts)
	}
	if got := f.office.actions(); len(got) != 2 {
		t.Errorf("audit %v", got)
	}
}
