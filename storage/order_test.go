package storage

import (
	"encoding/json"
	"testing"
	"time"

	"caisse/pos"
)

func mustComplete(tb testing.TB, db *DB, o *pos.Order) *pos.Order {
	tb.Helper()
	if err := db.CompleteOrder(ctx, o); err != nil {
		tb.Fatalf("CompleteOrder: %v", err)
	}
	return o
}

func TestCompleteOrderRoundTrip(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 22, 15, 4, 5, 987654321, time.UTC)
	o := buildOrder(orderSpec{Lines: 10, Till: "till-1", At: at})
	o.Quote.Lines[3].Discounts = append(o.Quote.Lines[3].Discounts,
		pos.LineDiscount{DiscountID: "custom", Title: "Custom", Source: pos.Custom, Amount: money(0), Units: 2, Reason: "scratched"})
	o.Quote.Lines[4].Split = true
	o.Quote.NotApplied = []pos.NotApplied{{DiscountID: "bogo", Title: "Buy 2 get 1", Source: pos.Automatic,
		Reason: pos.ReasonNotActive, Why: pos.Sentence{Format: "%s is disabled.", Args: []string{"Buy 2 get 1"}}}}
	o.Quote.CrossSellOffers = []pos.Offer{{ProductID: "belt", Title: "Belt", PriceID: "belt-usd", Price: money(2500), OfferedBy: "pants"}}
	if err := checkAddsUp(o); err != nil {
		t.Fatalf("the test order itself: %v", err)
	}
	cart := testCart(o.CartID, at)
	if err := db.SaveCart(ctx, cart); err != nil {
		t.Fatal(err)
	}

	mustComplete(t, db, o)
	if o.Number != 1 {
		t.Errorf("first order number = %d, want 1", o.Number)
	}
	got, err := db.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "order", got, o)
	byNumber, err := db.OrderByNumber(ctx, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	if byNumber.ID != o.ID {
		t.Errorf("OrderByNumber(1) = %s, want %s", byNumber.ID, o.ID)
	}
	if carts, _ := db.LoadCarts(ctx); len(carts) != 0 {
		t.Errorf("the order's cart is still there")
	}
	if _, err := db.Order(ctx, "nope"); pos.ErrorCode(err) != pos.ENotFound {
		t.Errorf("Order(nope): %v, want not found", err)
	}
	if _, err := db.OrderByNumber(ctx, 1, true); pos.ErrorCode(err) != pos.ENotFound {
		t.Errorf("OrderByNumber(TEST-1): %v, want not found", err)
	}
}

func TestOrderEvent(t *testing.T) {
	db := MustOpenDB(t)
	o := mustComplete(t, db, buildOrder(orderSpec{Lines: 3, Till: "till-9"}))
	events, err := db.Events(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 {
		t.Fatalf("%d events, want 1", len(events))
	}
	e := events[0]
	if e.Type != pos.EventOrderCompleted || e.OrderID != o.ID || e.TillID != "till-9" || e.Seq != 1 || len(e.ID) != 26 || !e.At.Equal(o.CreatedAt) {
		t.Errorf("event = %+v", e)
	}
	var p OrderPayload
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		t.Fatal(err)
	}
	if p.Order.ID != o.ID || p.Order.Number != 1 || p.Order.Label != "#1" || len(p.Order.Lines) != 3 || p.Order.Total != o.Quote.Total.String() {
		t.Errorf("payload = %+v", p.Order)
	}
	l := p.Order.Lines[0]
	share := o.Quote.OrderDiscounts[0].Shares[0].String()
	if l.Product != "p0" || l.Quantity != 1 || l.UnitPrice != "1.99" || len(l.Discounts) != 2 || l.Discounts[0].Amount != "0.20" ||
		l.Discounts[0].Discount != "tenPct" || l.Discounts[1].Amount != share || l.Discounts[1].Discount != "fivePct" || l.Amount != "1.79" {
		t.Errorf("line 1 = %+v", l)
	}
	if !p.Order.Lines[2].CrossSell || len(p.Order.Tenders) != 2 || len(p.Order.Applied) != 3 || len(p.Order.OrderDiscounts) != 1 {
		t.Errorf("payload = %+v", p.Order)
	}
	if seq, err := db.EventSeq(ctx, e.ID); err != nil || seq != 1 {
		t.Errorf("EventSeq = %d, %v", seq, err)
	}
	if more, _ := db.Events(ctx, 1, 10); len(more) != 0 {
		t.Errorf("events after the last: %d", len(more))
	}
}

func TestNumbersAndTestOrders(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	var want struct{ gross, total, tax, discounts int64 }
	labels := []string{}
	for i, test := range []bool{false, true, false, true, true, false} {
		o := mustComplete(t, db, buildOrder(orderSpec{Lines: 2 + i, Test: test, At: day.Add(time.Duration(i) * time.Hour)}))
		labels = append(labels, o.NumberLabel())
		if !test {
			want.gross += gross(&o.Quote)
			want.total += o.Quote.Total.Minor()
			want.tax += o.Quote.Tax.Minor()
			want.discounts += discountTotal(&o.Quote)
		}
	}
	other := mustComplete(t, db, buildOrder(orderSpec{Location: "loc-2", At: day.Add(time.Minute)}))
	mustComplete(t, db, buildOrder(orderSpec{At: day.AddDate(0, 0, 1)}))
	assertSameJSON(t, "numbers", labels, []string{"#1", "TEST-1", "#2", "TEST-2", "TEST-3", "#3"})
	if other.Number != 1 {
		t.Errorf("another location's first order is %s", other.NumberLabel())
	}

	r, err := db.DailySales(ctx, day.Add(5*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if r.Orders != 3 || r.Gross.Minor() != want.gross || r.Total.Minor() != want.total || r.Tax.Minor() != want.tax || r.Discounts.Minor() != want.discounts {
		t.Errorf("report = %+v, want 3 orders and %+v", r, want)
	}
	if r.Gross.Minor()-r.Discounts.Minor()+r.Shipping.Minor()+r.Tax.Minor() != r.Total.Minor() {
		t.Errorf("report does not add up: %+v", r)
	}

	yes, no := true, false
	tests, err := db.Orders(ctx, OrderFilter{Test: &yes})
	if err != nil || len(tests) != 3 {
		t.Fatalf("test orders: %d, %v", len(tests), err)
	}
	live, err := db.Orders(ctx, OrderFilter{Test: &no, From: day, To: day.AddDate(0, 0, 1), Limit: 2})
	if err != nil || len(live) != 2 || live[0].Number != 1 || live[1].LocationID != "loc-2" {
		t.Fatalf("live orders of the day, 2 first: %d, %v", len(live), err)
	}
	n, err := db.DeleteTestOrders(ctx)
	if err != nil || n != 3 {
		t.Fatalf("DeleteTestOrders = %d, %v", n, err)
	}
	if tests, _ := db.Orders(ctx, OrderFilter{Test: &yes}); len(tests) != 0 {
		t.Errorf("%d test orders left", len(tests))
	}
	next := mustComplete(t, db, buildOrder(orderSpec{Test: true, At: day}))
	if next.Number != 4 {
		t.Errorf("after deleting test orders the next is %s, want TEST-4: numbers are never given twice", next.NumberLabel())
	}
	if r2, _ := db.DailySales(ctx, day); r2.Orders != r.Orders || r2.Total != r.Total {
		t.Errorf("deleting test orders changed the report: %+v", r2)
	}
	var rows int
	if err := db.db.QueryRow(`SELECT count(*) FROM order_lines l JOIN orders o ON o.seq = l.order_seq WHERE o.test = 1`).Scan(&rows); err != nil || rows != 10 {
		t.Errorf("lines of test orders left: %d, %v", rows, err)
	}
}

func TestUsageLimit(t *testing.T) {
	db := MustOpenDB(t)
	s := testSetup(t) // 10offOrder: usage limit 3
	if err := db.SaveSetup(ctx, s); err != nil {
		t.Fatal(err)
	}
	usage, err := db.DiscountUsage(ctx)
	if err != nil || len(usage) != 1 || usage["10offOrder"] != 0 {
		t.Fatalf("usage = %v, %v", usage, err)
	}
	for i := 0; i < 3; i++ {
		mustComplete(t, db, buildOrder(orderSpec{Limited: "10offOrder", Test: true})) // not counted
		mustComplete(t, db, buildOrder(orderSpec{Limited: "10offOrder"}))
	}
	if usage, _ := db.DiscountUsage(ctx); usage["10offOrder"] != 3 {
		t.Errorf("usage = %v, want 3", usage)
	}
	before := countRows(t, db)
	for _, test := range []bool{false, true} {
		err := db.CompleteOrder(ctx, buildOrder(orderSpec{Limited: "10offOrder", Test: test}))
		if pos.ErrorCode(err) != pos.ELimit || pos.ErrorMessage(err) != "The code TENOFF has reached its usage limit." {
			t.Errorf("the 4th use (test %v): %v", test, err)
		}
	}
	assertSameJSON(t, "rows after refused sales", countRows(t, db), before)
	o := mustComplete(t, db, buildOrder(orderSpec{}))
	if o.Number != 4 {
		t.Errorf("after refused sales the next number is %d, want 4: none skipped", o.Number)
	}
}

// countRows counts the rows of every order table, and the discount uses.
func countRows(tb testing.TB, db *DB) map[string]int {
	tb.Helper()
	out := map[string]int{}
	for name, query := range map[string]string{
		"orders":      `SELECT count(*) FROM orders`,
		"order_lines": `SELECT count(*) FROM order_lines`,
		"events":      `SELECT count(*) FROM events`,
		"counters":    `SELECT count(*) FROM counters`,
		"uses":        `SELECT coalesce(sum(used), 0) FROM discount_usage`,
	} {
		var n int
		if err := db.db.QueryRow(query).Scan(&n); err != nil {
			tb.Fatal(err)
		}
		out[name] = n
	}
	return out
}

func TestCompleteOrderRefusesMixedCurrencies(t *testing.T) {
	db := MustOpenDB(t)
	o := buildOrder(orderSpec{})
	o.Tenders[0].Amount = pos.NewMoney(1000, "EUR")
	if err := db.CompleteOrder(ctx, o); pos.ErrorCode(err) != pos.EInvalid {
		t.Errorf("a tender in EUR in a USD order: %v", err)
	}
	if o.Number != 0 {
		t.Errorf("a refused order got number %d", o.Number)
	}
	dup := buildOrder(orderSpec{})
	mustComplete(t, db, dup)
	again := *dup
	if err := db.CompleteOrder(ctx, &again); err == nil {
		t.Error("the same order id recorded twice")
	}
}
