package storage

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

const goodCatalog = `id,title,sku,barcode,collections,price_id,amount,currency,type,interval,interval_count,tax_behavior,active,favourite,cross_sell
mug,Ceramic Mug,MER-001,2001234500197,merch|kitchen,mug-usd,14.00,USD,one_time,,,exclusive,yes,yes,
mug,,,,,mug-eur,13,eur,,,,inclusive,no,,
beans,House Blend,BEA-001,,beans,beans-bag,15.00,USD,,,,,,,mug
beans,,,,,beans-monthly,13.50,USD,recurring,month,,exclusive,,,
pants,Trousers,,,,pants-usd,90.00,USD,,,,,,,
`

func TestImportCatalogCSV(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	res, err := db.ImportCatalogCSV(ctx, strings.NewReader(goodCatalog))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 || res.Replaced != 2 {
		t.Errorf("result = %+v, want mug added, beans and pants replaced", res)
	}
	s, err := db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := pos.NewCatalog(s.Products)
	if err != nil {
		t.Fatal(err)
	}
	mug, _ := cat.Product("mug")
	want := pos.Product{ID: "mug", Title: "Ceramic Mug", SKU: "MER-001", Barcode: "2001234500197", Collections: []string{"merch", "kitchen"},
		Favourite: true, Prices: []pos.Price{
			{ID: "mug-usd", Amount: money(1400), Type: pos.OneTime, TaxBehavior: pos.TaxExclusive, Active: true},
			{ID: "mug-eur", Amount: pos.NewMoney(1300, "EUR"), Type: pos.OneTime, TaxBehavior: pos.TaxInclusive, Active: false},
		}}
	assertSameJSON(t, "mug", mug, &want)
	beans, _ := cat.Product("beans")
	if beans.CrossSell != "mug" || len(beans.Prices) != 2 || beans.Prices[1].IntervalCount != 1 || beans.Prices[1].Type != pos.Recurring {
		t.Errorf("beans = %+v", beans)
	}
	pants, _ := cat.Product("pants")
	if pants.Title != "Trousers" || len(pants.Prices) != 1 || pants.Prices[0].Amount.Minor() != 9000 {
		t.Errorf("pants = %+v", pants)
	}
}

func TestImportCatalogCSVRefusesBadRows(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	before, _ := db.LoadSetup(ctx)
	bad := `id,title,price_id,amount,currency,barcode,cross_sell
ok,Fine,ok-usd,1.00,USD,,
cheap,Cheap,cheap-usd,1.005,USD,,
,No id,x,1,USD,,
scan,Scan,scan-usd,2.00,USD,2001234500013,
twin,Twin,twin-usd,2.00,USD,2001234500012,
lost,Lost,lost-usd,2.00,USD,,nowhere
money,Money,money-usd,2.00,XXX,,
`
	_, err := db.ImportCatalogCSV(ctx, strings.NewReader(bad))
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an ImportError", err)
	}
	if len(ie.Problems) != 6 {
		t.Errorf("%d problems, want 6 (lines 3 to 8):\n%v", len(ie.Problems), err)
	}
	for _, want := range []string{"line 3:", "line 4:", "line 5:", "line 6:", "line 7:", "line 8:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no problem reported on %s\n%v", want, err)
		}
	}
	after, _ := db.LoadSetup(ctx)
	assertSameJSON(t, "catalog after a refused import", after, before)

	for _, header := range []string{"", "id,title\n", "id,title,price_id,amount,currency,colour\n"} {
		if _, err := db.ImportCatalogCSV(ctx, strings.NewReader(header)); !errors.As(err, &ie) {
			t.Errorf("header %q: %v", header, err)
		}
	}
}

func TestExportOrdersCSV(t *testing.T) {
	db := MustOpenDB(t)
	day := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	o1 := mustComplete(t, db, buildOrder(orderSpec{Lines: 2, Till: "till-1", At: day}))
	mustComplete(t, db, buildOrder(orderSpec{Lines: 3, Test: true, At: day.Add(time.Hour)}))
	var buf bytes.Buffer
	no := false
	n, err := db.ExportOrdersCSV(ctx, &buf, OrderFilter{Test: &no})
	if err != nil || n != 1 {
		t.Fatalf("ExportOrdersCSV = %d, %v", n, err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records, want a header and 2 lines:\n%v", len(recs), recs)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	r := recs[1]
	l := o1.Quote.Lines[0]
	checks := map[string]string{
		"order_id": o1.ID, "order_number": "1", "test": "false", "till_id": "till-1", "currency": "USD", "line": "1",
		"product_id": "p0", "quantity": "1", "unit_price": "1.99", "subtotal": "1.99", "line_discount": "0.20",
		"amount": "1.79", "order_discount": l.OrderShare.String(), "tax": l.Tax.String(), "cross_sell": "false",
		"order_total": o1.Quote.Total.String(), "created_at": "2026-11-22T10:00:00Z",
	}
	var tenders []string
	for _, tn := range o1.Tenders {
		tenders = append(tenders, string(tn.Method)+" "+tn.Amount.String())
	}
	checks["order_tenders"] = strings.Join(tenders, "; ")
	for name, want := range checks {
		if got := r[col[name]]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if recs[2][col["cross_sell"]] != "true" {
		t.Errorf("line 2 is the cross-sell: %v", recs[2])
	}
}
