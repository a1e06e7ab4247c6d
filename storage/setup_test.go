package storage

import (
	"testing"
	"time"

	"caisse/assets"
	"caisse/pos"
)

func TestSetupRoundTrip(t *testing.T) {
	db := MustOpenDB(t)
	if isNew, err := db.IsNew(ctx); err != nil || !isNew {
		t.Fatalf("IsNew = %v, %v on a new database", isNew, err)
	}
	if _, err := db.LoadSetup(ctx); pos.ErrorCode(err) != pos.ENotFound {
		t.Fatalf("LoadSetup on a new database: %v, want not found", err)
	}
	want := testSetup(t)
	if err := db.SaveSetup(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "set-up", got, want)
	if _, err := pos.NewCatalog(got.Products); err != nil {
		t.Errorf("the loaded catalog is refused: %v", err)
	}
	if _, err := pos.NewDiscountSet(got.Discounts); err != nil {
		t.Errorf("the loaded discounts are refused: %v", err)
	}
	if isNew, _ := db.IsNew(ctx); isNew {
		t.Error("IsNew after SaveSetup")
	}
}

func TestSaveProductReplacesInPlace(t *testing.T) {
	db := MustOpenDB(t)
	s := testSetup(t)
	if err := db.SaveSetup(ctx, s); err != nil {
		t.Fatal(err)
	}
	p := s.Products[0]
	p.Title, p.Collections, p.Prices = "Trousers", []string{"new"}, p.Prices[:1]
	p.CrossSell = ""
	if err := db.SaveProduct(ctx, p); err != nil {
		t.Fatal(err)
	}
	added := pos.Product{ID: "hat", Title: "Hat", Prices: []pos.Price{{ID: "hat-usd", Amount: money(900), Type: pos.OneTime, TaxBehavior: pos.TaxUnspecified, Active: true}}}
	if err := db.SaveProduct(ctx, added); err != nil {
		t.Fatal(err)
	}
	s.Products[0] = p
	s.Products = append(s.Products, added)
	got, err := db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "products", got.Products, s.Products)

	d := s.Discounts[1]
	d.Code, d.UsageLimit, d.StartsAt = "TEN", 0, d.StartsAt.AddDate(0, 0, 1)
	if err := db.SaveDiscount(ctx, d); err != nil {
		t.Fatal(err)
	}
	s.Discounts[1] = d
	got, err = db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "discounts", got.Discounts, s.Discounts)
}

func TestSetupRefusals(t *testing.T) {
	db := MustOpenDB(t)
	s := testSetup(t)
	if err := db.SaveSetup(ctx, s); err != nil {
		t.Fatal(err)
	}
	sameBarcode := pos.Product{ID: "copy", Title: "Copy", Barcode: s.Products[0].Barcode}
	if err := db.SaveProduct(ctx, sameBarcode); pos.ErrorCode(err) != pos.EConflict {
		t.Errorf("a second product with barcode %s: %v, want a conflict", sameBarcode.Barcode, err)
	}
	badBarcode := pos.Product{ID: "bad", Title: "Bad", Barcode: "2001234500013"}
	if err := db.SaveProduct(ctx, badBarcode); pos.ErrorCode(err) != pos.EInvalid {
		t.Errorf("a wrong check digit: %v, want invalid", err)
	}
	lostCrossSell := pos.Product{ID: "lost", Title: "Lost", CrossSell: "nowhere"}
	if err := db.SaveProduct(ctx, lostCrossSell); pos.ErrorCode(err) != pos.EInvalid {
		t.Errorf("a cross-sell to no product: %v, want invalid", err)
	}
	sameCode := s.Discounts[3]
	sameCode.ID, sameCode.Code = "other", " freeship "
	if err := db.SaveDiscount(ctx, sameCode); pos.ErrorCode(err) != pos.EConflict {
		t.Errorf("a second discount with code FREESHIP: %v, want a conflict", err)
	}
	noValue := pos.Discount{ID: "empty", Method: pos.Automatic, Class: pos.ClassOrder, Enabled: true}
	if err := db.SaveDiscount(ctx, noValue); pos.ErrorCode(err) != pos.EInvalid {
		t.Errorf("a discount without a value: %v, want invalid", err)
	}
	forever := s.Discounts[0]
	forever.EndsAt = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	if err := db.SaveDiscount(ctx, forever); pos.ErrorCode(err) != pos.EInvalid {
		t.Errorf("a discount ending in 9999: %v, want invalid (times are stored in nanoseconds)", err)
	}
	got, err := db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "set-up after refusals", got, s)
}

func TestSeedDemo(t *testing.T) {
	db := MustOpenDB(t)
	demo, err := assets.DemoSetup()
	if err != nil {
		t.Fatal(err)
	}
	if seeded, err := db.Seed(ctx, demo); err != nil || !seeded {
		t.Fatalf("Seed = %v, %v", seeded, err)
	}
	other := testSetup(t)
	if seeded, err := db.Seed(ctx, other); err != nil || seeded {
		t.Fatalf("second Seed = %v, %v: want no change", seeded, err)
	}
	got, err := db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range demo.Discounts { // times come back in UTC
		d := &demo.Discounts[i]
		d.StartsAt, d.EndsAt = d.StartsAt.UTC(), d.EndsAt.UTC()
	}
	assertSameJSON(t, "demo set-up", got, demo)
}

func TestSaveLocationSwitchesTill(t *testing.T) {
	db := MustOpenDB(t)
	s := testSetup(t)
	if err := db.SaveSetup(ctx, s); err != nil {
		t.Fatal(err)
	}
	other := pos.Location{ID: "", Name: "Unnamed", Currency: "JPY", DefaultTaxBehavior: pos.TaxUnspecified}
	if err := db.SaveLocation(ctx, other); err != nil {
		t.Fatal(err)
	}
	got, err := db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other.DefaultTaxBehavior = "" // Validate reads "unspecified" as none
	assertSameJSON(t, "location", got.Location, other)
}

// A barcode is unique in all its forms: a UPC-A clashes with its EAN-13
// form, an EAN-8 with its zero-padded form (pos.BarcodeForms).
func TestBarcodeUniqueInEveryForm(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []pos.Product{{ID: "upc", Title: "Soup", Barcode: "036000291452"}, {ID: "ean8", Title: "Gum", Barcode: "96385074"}} {
		if err := db.SaveProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, code := range []string{"0036000291452", "036000291452", "0000096385074", "96385074"} {
		if err := db.SaveProduct(ctx, pos.Product{ID: "other", Title: "Other", Barcode: code}); pos.ErrorCode(err) != pos.EConflict {
			t.Errorf("a second product with %s: %v, want a conflict", code, err)
		}
	}
	// The product itself may be saved again with another form of its code.
	if err := db.SaveProduct(ctx, pos.Product{ID: "upc", Title: "Soup", Barcode: "0036000291452"}); err != nil {
		t.Errorf("re-saving a product with its own code's other form: %v", err)
	}
}

// A scenario file's set-up is audited in its own transaction: every item it
// adds or changes, signed by the runner, and nothing for what it leaves as
// it was (issue 10: scenario set-ups change prices without an audit entry).
func TestSaveSetupAuditedLogsWhatChanged(t *testing.T) {
	db := MustOpenDB(t)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s := testSetup(t)
	count := func() int {
		t.Helper()
		log, err := db.Audit(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range log {
			if e.StaffID == pos.ScenarioRunner.ID {
				n++
			}
		}
		return n
	}
	before := count()
	if err := db.SaveSetupAudited(ctx, s, pos.ScenarioRunner.ID, at); err != nil {
		t.Fatal(err)
	}
	want := 1 + len(s.Products) + len(s.Discounts)
	if got := count() - before; got != want {
		t.Fatalf("a new set-up wrote %d entries, want %d (location, products, discounts)", got, want)
	}
	if err := db.SaveSetupAudited(ctx, s, pos.ScenarioRunner.ID, at); err != nil {
		t.Fatal(err)
	}
	if got := count() - before; got != want {
		t.Fatalf("the same set-up again wrote %d more entries, want none", got-want)
	}
	s.Products[0].Title = "Cheaper trousers"
	if err := db.SaveSetupAudited(ctx, s, pos.ScenarioRunner.ID, at); err != nil {
		t.Fatal(err)
	}
	log, err := db.Audit(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if e := log[0]; e.Action != pos.AuditProduct || e.Subject != s.Products[0].ID || e.Before == "" || e.StaffID != pos.ScenarioRunner.ID {
		t.Fatalf("the changed product's entry: %+v", e)
	}
	if c, err := db.VerifyAudit(ctx); err != nil || c.Broken != nil {
		t.Fatalf("the chain after the set-ups: %v %v", c.Broken, err)
	}
}
