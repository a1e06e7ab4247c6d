package assets

import (
	"testing"

	"caisse/pos"
)

func TestDemoSetup(t *testing.T) {
	s, err := DemoSetup()
	if err != nil {
		t.Fatal(err)
	}
	if s.Location.Currency != "USD" || !s.Location.Pro || s.Location.TaxRate.Percent().String() != "8.25" {
		t.Errorf("location = %+v", s.Location)
	}
	if n := len(s.Products); n < 20 || n > 30 {
		t.Errorf("%d products", n)
	}
	cat, err := pos.NewCatalog(s.Products)
	if err != nil {
		t.Fatal(err)
	}
	favourites, crossSells := 0, 0
	for _, p := range cat.Products() {
		if err := pos.CheckBarcode(p.Barcode); err != nil || len(p.Barcode) != 13 {
			t.Errorf("%s: barcode %q: %v", p.ID, p.Barcode, err)
		}
		if p.SKU == "" || len(p.Collections) == 0 {
			t.Errorf("%s: no SKU or collection", p.ID)
		}
		if p.Favourite {
			favourites++
		}
		if p.CrossSell != "" {
			crossSells++
			cs, _ := cat.Product(p.CrossSell)
			if ok, why := cs.CanBeCrossSell(); !ok {
				t.Errorf("%s: cross-sell %s: %s", p.ID, cs.ID, why)
			}
		}
	}
	if favourites < 3 || crossSells < 2 {
		t.Errorf("%d favourites, %d cross-sells", favourites, crossSells)
	}
	classes, methods, bxgy := map[pos.Class]bool{}, map[pos.Source]bool{}, false
	for _, d := range s.Discounts {
		classes[d.Class], methods[d.Method] = true, true
		bxgy = bxgy || d.IsBuyXGetY()
	}
	if len(classes) != 3 || len(methods) != 2 || !bxgy {
		t.Errorf("discounts cover classes %v, methods %v, buy X get Y %v", classes, methods, bxgy)
	}
}
