package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2/test"
)

// Start to usable: the till window built and shown over a 10,000-product
// catalog (search index, favourites, first quote on screen).
func BenchmarkStartup10k(b *testing.B) {
	test.NewTempApp(b)
	store := pos.NewMemStore(bigSetup(10_000))
	till, err := pos.NewTill(context.Background(), store, pos.Options{Actor: testManager})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := test.NewWindow(nil)
		s := NewSell(till, Options{DataDir: b.TempDir()}, w)
		s.Show()
		w.Canvas().Content().Refresh()
		w.Close()
	}
}

// NewTill itself (loading and indexing 10,000 products) for comparison.
func BenchmarkNewTill10k(b *testing.B) {
	store := pos.NewMemStore(bigSetup(10_000))
	for i := 0; i < b.N; i++ {
		if _, err := pos.NewTill(context.Background(), store, pos.Options{Actor: testManager}); err != nil {
			b.Fatal(err)
		}
	}
}

// One search keystroke over 50,000 products, to the result list refreshed.
func BenchmarkSearchKeystroke50k(b *testing.B) {
	f := newFixture(b, bigSetup(50_000))
	queries := []string{"a", "ar", "ara", "arab", "arab s", "arab st", "arab ste", "arab stee", "ite", "item 4999", "organic", "o"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.s.prod.search.SetText(queries[i%len(queries)])
	}
	b.StopTimer()
	if f.s.prod.resultList.Length() == 0 {
		b.Fatal("no results")
	}
}

// A scan: barcode checked, line added, cart re-priced and saved, row shown.
func BenchmarkScan(b *testing.B) {
	f := newFixture(b, bigSetup(10_000))
	codes := make([]string, 10)
	for i := range codes {
		codes[i] = ean13(fmt.Sprintf("20%010d", i*37))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.s.scan(codes[i%len(codes)])
		f.s.settle()
		if i%200 == 199 { // keep the cart the size of a real basket
			b.StopTimer()
			f.s.newCart()
			f.s.settle()
			b.StartTimer()
		}
	}
	b.StopTimer()
	if f.s.prod.scanMsg.Importance != 0 && f.s.mid.cartV.list.Length() == 0 {
		b.Fatal("nothing scanned")
	}
}

var _ = time.Now
