package ui

import (
	"context"
	"strings"
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2/test"
)

// A product is created field by field; duplicates of a barcode or SKU are
// refused in words, and nothing half-done is saved.
func TestCreateProductRefusesDuplicates(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	f.openOffice("1234")
	v := s.mgr.bo.products
	test.Tap(v.newBtn)
	pg := v.page
	test.Type(pg.title, "Milk jug")
	pg.sku.SetText("sku-mug") // Enamel mug's, another case
	pg.barcode.SetText(ean13("376000000002"))
	pg.prices[0].amount.SetText("7.5x")
	test.Tap(pg.saveBtn)
	s.settle()
	for key, want := range map[string]string{"sku": "Enamel mug", "barcode": "Enamel mug", "prices": "not an amount"} {
		if got := pg.rows[key].err.Text; !pg.rows[key].err.Visible() || !strings.Contains(got, want) {
			t.Errorf("%s says %q, want %q", key, got, want)
		}
	}
	if len(f.office.actions()) != 0 || s.till.Catalog().Len() != 6 {
		t.Fatal("a refused product was saved")
	}
	pg.sku.SetText("SKU-JUG")
	pg.barcode.SetText("")
	pg.prices[0].amount.SetText("7.50")
	pg.collections.SetText("kitchen, kitchen")
	test.Tap(pg.saveBtn)
	s.settle()
	if pg.msg.Visible() {
		t.Fatalf("refused: %s", pg.msg.Text)
	}
	var jug *pos.Product
	for _, p := range s.till.Catalog().Products() {
		if p.Title == "Milk jug" {
			jug = p
		}
	}
	if jug == nil || len(jug.Prices) != 1 || jug.Prices[0].Amount.Minor() != 750 || len(jug.Collections) != 1 {
		t.Fatalf("saved %+v", jug)
	}
	if got := f.office.actions(); len(got) != 1 || got[0] != "product:"+jug.ID {
		t.Fatalf("audit %v", got)
	}
	// The search finds it; the till sells it once back.
	v.search.SetText("jug")
	if len(v.shown) != 1 || v.shown[0].ID != jug.ID {
		t.Fatalf("search shows %d products", len(v.shown))
	}
	test.Tap(s.mgr.bo.back)
	s.addProduct(jug)
	s.settle()
	if len(s.quote.Lines) != 1 || s.quote.Lines[0].Title != "Milk jug" {
		t.Fatalf("the till's cart %+v", s.quote.Lines)
	}
}

// Try it prices a cart as the till would and leaves the till's cart alone.
func TestTryItRingsUpNothing(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	f.openOffice("1234")
	v := s.mgr.bo.tryit
	test.Type(v.product.search, "beans")
	v.product.list.Select(0)
	v.code.SetText("welcome5")
	v.do(func(ctx context.Context) error { return v.till.EnterCode(ctx, v.code.Text) })
	out := v.out.Text
	for _, want := range []string{"Coffee beans 1 kg", "Coffee week −10%", "Welcome $5 off", "Suggest: Paper filters"} {
		if !strings.Contains(out, want) {
			t.Errorf("try-it lacks %q:\n%s", want, out)
		}
	}
	if len(s.till.Quote().Lines) != 0 || len(f.store.Orders) != 0 {
		t.Fatal("try-it touched the till")
	}
}
