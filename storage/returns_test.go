package storage

import (
	"slices"
	"testing"
	"time"

	"caisse/pos"
)

// TestReturnsAndShiftOnStorage: a shift opened with a float, two sales, two
// partial returns of one order (the second refusing a unit already
// returned), a cash drop, the close; everything read back from the file.
func TestReturnsAndShiftOnStorage(t *testing.T) {
	db := MustOpenDemoDB(t)
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	till, err := pos.NewTill(ctx, db.WithTill("till-1"), pos.Options{Actor: testActor, TillID: "till-1", Now: clock, RequireShift: true})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(pos.ErrorMessage(err))
		}
	}
	m := func(minor int64) pos.Money { return pos.NewMoney(minor, "USD") }
	must(till.Add(ctx, "latte", "", 3))
	if _, err := till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: m(100_00)}}); pos.ErrorCode(err) != pos.ENotAllowed {
		t.Fatalf("a sale with no shift: %v", err)
	}
	_, err = till.OpenShift(ctx, m(150_00))
	must(err)
	q := till.Quote()
	o, err := till.Pay(ctx, []pos.Tender{{Method: pos.Card, Amount: m(5_00)}, {Method: pos.Cash, Amount: m(q.Total.Minor())}})
	must(err)
	must(till.NewCart(ctx, pos.CartOptions{}))

	r1, err := till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 2, Restock: true}}, Reason: "spilt"})
	must(err)
	if r1.Number != 1 || r1.Tenders[0] != (pos.Tender{Method: pos.Card, Amount: m(5_00)}) {
		t.Fatalf("first return %s tenders %+v", r1.NumberLabel(), r1.Tenders)
	}
	_, err = till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 2}}})
	if pos.ErrorCode(err) != pos.ENotAllowed {
		t.Fatalf("returning more than is left: %v", err)
	}
	r2, err := till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}, AllCash: true})
	must(err)
	if got := r1.Total.Add(r2.Total); got != o.Quote.Total {
		t.Fatalf("returning everything gave back %s, the order took %s", got, o.Quote.Total)
	}
	// A second till racing on the same units is refused by the store.
	dup := *r2
	dup.ID = pos.NewID(now)
	if err := db.CompleteReturn(ctx, &dup); pos.ErrorCode(err) != pos.EConflict {
		t.Fatalf("a unit refunded twice: %v", err)
	}
	stored, err := db.Returns(ctx, o.ID)
	must(err)
	if len(stored) != 2 {
		t.Fatalf("%d returns stored", len(stored))
	}
	assertSameJSON(t, "stored return", stored[0], *r1)
	assertSameJSON(t, "stored return 2", stored[1], *r2)

	must(till.CashMove(ctx, m(-100_00), "bank drop"))
	cashSale := o.Quote.Total.Minor() - 5_00
	z, err := till.CloseShift(ctx, m(150_00+cashSale-r1.Total.Minor()+5_00-r2.Total.Minor()-100_00))
	must(err)
	if z.Orders != 1 || z.Returns != 2 || !z.Difference.IsZero() || z.Refunds != o.Quote.Total {
		t.Fatalf("z report %+v", z)
	}
	if s, err := db.CurrentShift(ctx, "till-1"); err != nil || s != nil {
		t.Fatalf("a shift still open after the close: %+v %v", s, err)
	}
	closed, err := db.Shift(ctx, z.Shift.ID)
	must(err)
	if closed.Open() || closed.Expected != z.ExpectedCash || len(closed.Moves) != 1 || closed.Moves[0].Reason != "bank drop" {
		t.Fatalf("closed shift %+v", closed)
	}
	events, err := db.Events(ctx, 0, 10)
	must(err)
	var types []string
	for _, e := range events {
		types = append(types, e.Type)
	}
	// The shift's opening, cash move and close, and their audit entries,
	// join the stream (the *_hq.sql migration).
	want := []string{"shift.opened", "audit.entry", pos.EventOrderCompleted, pos.EventReturnCompleted, pos.EventReturnCompleted,
		"cash.moved", "audit.entry", "shift.closed", "audit.entry"}
	if !slices.Equal(types, want) {
		t.Fatalf("events %v", types)
	}
}

func TestPrinterSettings(t *testing.T) {
	db := MustOpenDB(t)
	if p, c, err := db.Printer(ctx); err != nil || p != "" || c != 48 {
		t.Fatalf("defaults %q %d %v", p, c, err)
	}
	if err := db.SetPrinter(ctx, "/dev/usb/lp0", 33); pos.ErrorCode(err) != pos.EInvalid {
		t.Fatalf("33 columns: %v", err)
	}
	if err := db.SetPrinter(ctx, "/dev/usb/lp0", 32); err != nil {
		t.Fatal(err)
	}
	if p, c, err := db.Printer(ctx); err != nil || p != "/dev/usb/lp0" || c != 32 {
		t.Fatalf("saved %q %d %v", p, c, err)
	}
}

// BenchmarkReportDay: a busy day (2,000 orders of 5 lines, 50 returns) read
// whole and summed, as the reports screen and `caisse report` do.
func BenchmarkReportDay(b *testing.B) {
	db := MustOpenDB(b)
	if err := db.SaveSetup(ctx, testSetup(b)); err != nil {
		b.Fatal(err)
	}
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	var orders []*pos.Order
	for i := 0; i < 2000; i++ {
		o := buildOrder(orderSpec{Lines: 5, At: day.Add(time.Duration(i) * 20 * time.Second)})
		if err := db.CompleteOrder(ctx, o); err != nil {
			b.Fatal(err)
		}
		orders = append(orders, o)
	}
	for i := 0; i < 50; i++ {
		o := orders[i*7]
		r, err := pos.Refund(o, nil, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}})
		if err != nil {
			b.Fatal(err)
		}
		r.ID, r.TillID, r.CreatedAt = pos.NewID(o.CreatedAt), "till-1", o.CreatedAt.Add(time.Minute)
		if err := db.CompleteReturn(ctx, &r); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		os, rs, err := db.ReportData(ctx, day, day.AddDate(0, 0, 1))
		if err != nil || len(os) != 2000 || len(rs) != 50 {
			b.Fatalf("%d orders %d returns: %v", len(os), len(rs), err)
		}
		pos.MakeReport(os, rs, "USD", day, day.AddDate(0, 0, 1))
	}
}

func TestStaleReturnIsRefused(t *testing.T) {
	db := MustOpenDemoDB(t)
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	till, err := pos.NewTill(ctx, db.WithTill("till-1"), pos.Options{Actor: testActor, TillID: "till-1", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(pos.ErrorMessage(err))
		}
	}
	m := func(minor int64) pos.Money { return pos.NewMoney(minor, "USD") }
	// A return worked out before another till's was recorded is refused
	// when its amounts would now differ.
	one := pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}}
	var o3 *pos.Order
	for q := 2; o3 == nil && q < 20; q++ { // a line whose units give back different amounts
		must(till.Add(ctx, "latte", "", q))
		o, err := till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: m(200_00)}})
		must(err)
		must(till.NewCart(ctx, pos.CartOptions{}))
		a, _ := pos.Refund(o, nil, one)
		b, _ := pos.Refund(o, []pos.Return{a}, one)
		if a.Total != b.Total {
			o3 = o
		}
	}
	stale, err := till.PreviewReturn(ctx, o3.ID, one)
	must(err)
	_, err = till.Return(ctx, o3.ID, one) // another till's, first
	must(err)
	fresh, err := till.PreviewReturn(ctx, o3.ID, one)
	must(err)
	if fresh.Total == stale.Total {
		t.Fatalf("the test needs units that give back different amounts: %s", fresh.Total)
	}
	stale.ID, stale.TillID, stale.CreatedAt = pos.NewID(now), "till-2", now
	if err := db.CompleteReturn(ctx, &stale); pos.ErrorCode(err) != pos.EConflict {
		t.Fatalf("a return worked out before another was recorded: %v", err)
	}
}
