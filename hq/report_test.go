package hq

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"
	"time"

	"caisse/pos"
	"caisse/receipt"
)

// Two shops, three tills: the chain report's sections add up to the tills'
// own orders, by shop, till and payment type; a resent batch counts once.
func TestChainReportAddsUpTheTills(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	tills := map[string]*testTill{}
	want := map[string]int64{} // total per "shop/till"
	var chain int64
	for i, st := range [][2]string{{"Lyon", "till-a"}, {"Lyon", "till-b"}, {"Paris", "till-c"}} {
		tt := newTestTill(t, st[1])
		tills[st[1]] = tt
		tt.mustSell(t, i+1)
		_, err := Join(ctx, tt.db, url, st[0], st[1])
		must(t, err)
		s := NewSyncer(tt.db)
		_, err = s.Round(ctx)
		must(t, err)
		s.Close()
		for _, v := range tt.localOrders(t) {
			want[st[0]+" / "+st[1]] += v
			chain += v
		}
	}
	// The first till's batch once more: nothing changes.
	link, _, err := tills["till-a"].db.HQLink(ctx)
	must(t, err)
	events, err := tills["till-a"].db.Events(ctx, 0, 100)
	must(t, err)
	_, stored, err := h.Ingest(ctx, link.TillID, events)
	must(t, err)
	if stored != 0 {
		t.Fatalf("a resent batch stored %d events", stored)
	}
	today := time.Now().UTC()
	rows, err := h.Report(ctx, ReportFilter{From: today})
	must(t, err)
	got := map[string]ReportRow{}
	for _, r := range rows {
		got[r.Section+":"+r.rowName()] = r
	}
	if r := got["chain:All shops"]; r.Total != chain || r.Orders != 6 {
		t.Fatalf("chain row %+v, want total %d over 6 sales", r, chain)
	}
	for k, v := range want {
		if r := got["till:"+k]; r.Total != v {
			t.Errorf("till %s: %+v, want %d", k, r, v)
		}
	}
	if r := got["shop:Lyon"]; r.Total != want["Lyon / till-a"]+want["Lyon / till-b"] || r.Orders != 3 {
		t.Errorf("shop Lyon %+v", r)
	}
	if r := got["payment:cash"]; r.Total != chain || r.Orders != 6 {
		t.Errorf("cash %+v, want %d", r, chain)
	}
	// The orders name who took them (the test tills' cashier), per shop.
	if r := got["staff:Paris / cashier"]; r.Total != want["Paris / till-c"] || r.Orders != 3 {
		t.Errorf("staff row %+v, want Paris's cashier with %d", r, want["Paris / till-c"])
	}
	// One shop only.
	rows, err = h.Report(ctx, ReportFilter{From: today, Shop: "Paris"})
	must(t, err)
	for _, r := range rows {
		if r.Shop != "" && r.Shop != "Paris" {
			t.Fatalf("shop filter let %+v through", r)
		}
		if r.Section == "chain" && r.Total != want["Paris / till-c"] {
			t.Fatalf("Paris chain row %+v", r)
		}
	}
	// Yesterday: nothing.
	rows, err = h.Report(ctx, ReportFilter{From: today.AddDate(0, 0, -1)})
	if err != nil || len(rows) != 0 {
		t.Fatalf("yesterday: %v %v", rows, err)
	}
	// The layouts.
	text := receipt.PlainText(ReportLines(rows, ReportFilter{From: today}), receipt.Columns80)
	if !strings.Contains(text, "No sales") {
		t.Fatalf("empty report text:\n%s", text)
	}
	all, err := h.Report(ctx, ReportFilter{From: today})
	must(t, err)
	text = receipt.PlainText(ReportLines(all, ReportFilter{From: today}), receipt.Columns80)
	for _, s := range []string{"By shop", "Paris / till-c", "By payment type", "cash (6)"} {
		if !strings.Contains(text, s) {
			t.Errorf("report text lacks %q:\n%s", s, text)
		}
	}
	var buf bytes.Buffer
	must(t, WriteReportCSV(&buf, all))
	recs, err := csv.NewReader(&buf).ReadAll()
	must(t, err)
	if len(recs) != len(all)+1 || recs[0][0] != "section" {
		t.Fatalf("CSV %v", recs)
	}
}

// chainDay makes a database with a day of 1,000,000 orders over 1,000
// shops × 5 tills and 7 staff a shop, generated in PostgreSQL, with its
// daily summaries built by the same aggregation as ingest.
func chainDay(b *testing.B) (*HQ, time.Time) {
	h, _ := newHQ(b)
	ctx := context.Background()
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for _, q := range []string{
		`INSERT INTO shops (name) SELECT 'shop-' || g FROM generate_series(1, 1000) g`,
		`INSERT INTO tills (shop_id, name) SELECT s.id, 'till-' || g FROM shops s, generate_series(1, 5) g`,
		`INSERT INTO orders (id, shop_id, till_id, number, test, staff_id, created_at, day, currency, gross, discounts, tax, total, tenders)
		SELECT 'o-' || g, t.shop_id, t.id, g, false, 'staff-' || (t.shop_id * 7 + g % 7), $1::timestamptz + (g % 86400) * interval '1 second', $1::date,
			'USD', 1000 + g % 5000, g % 300, (1000 + g % 5000) / 12, 1000 + g % 5000 - g % 300,
			jsonb_build_array(jsonb_build_object('method', CASE WHEN g % 3 = 0 THEN 'cash' ELSE 'card' END,
				'amount', 1000 + g % 5000 - g % 300))
		FROM generate_series(1, 1000000) g
		JOIN tills t ON t.id = 1 + g % 5000`,
		`INSERT INTO daily_sales (day, shop_id, till_id, currency, method, orders, gross, discounts, tax, total)
		SELECT day, shop_id, till_id, currency, '', count(*), sum(gross), sum(discounts), sum(tax), sum(total)
		FROM orders GROUP BY 1, 2, 3, 4
		UNION ALL
		SELECT o.day, o.shop_id, o.till_id, o.currency, t->>'method', count(*), 0, 0, 0, sum((t->>'amount')::bigint)
		FROM orders o CROSS JOIN LATERAL jsonb_array_elements(o.tenders) t GROUP BY 1, 2, 3, 4, 5`,
		`INSERT INTO daily_staff (day, shop_id, staff_id, currency, orders, gross, discounts, tax, total)
		SELECT day, shop_id, staff_id, currency, count(*), sum(gross), sum(discounts), sum(tax), sum(total)
		FROM orders GROUP BY 1, 2, 3, 4`,
		`ANALYZE`,
	} {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{day}
		}
		if _, err := h.pool.Exec(ctx, q, args...); err != nil {
			b.Fatal(err)
		}
	}
	if n := count(b, h, `SELECT count(*) FROM orders WHERE day = $1`, day); n != 1_000_000 {
		b.Fatalf("%d orders that day", n)
	}
	return h, day
}

// BenchmarkChainDayReport: a day of 1,000,000 orders over 1,000 shops × 5
// tills, generated in PostgreSQL (generate_series) with the daily summary
// built by the same aggregation as ingest; the report for that day is timed
// (goal ≤ 100 ms).
func BenchmarkChainDayReport(b *testing.B) {
	h, day := chainDay(b)
	ctx := context.Background()
	if os.Getenv("CAISSE_EXPLAIN") != "" { // a file to write the report's plan to
		plan, err := h.pool.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+reportSQL, "2026-11-30", "2026-11-30", "")
		must(b, err)
		var out strings.Builder
		for plan.Next() {
			var line string
			must(b, plan.Scan(&line))
			out.WriteString(line + "\n")
		}
		plan.Close()
		must(b, os.WriteFile(os.Getenv("CAISSE_EXPLAIN"), []byte(out.String()), 0o644))
	}
	b.ResetTimer()
	var rows []ReportRow
	for i := 0; i < b.N; i++ {
		var err error
		if rows, err = h.Report(ctx, ReportFilter{From: day}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	for _, r := range rows {
		if r.Section == "chain" && r.Orders != 1_000_000 {
			b.Fatalf("chain row %+v", r)
		}
	}
	b.ReportMetric(float64(len(rows)), "rows")
}

// A return taken at a till goes up with its sale: the report counts it on
// its till's row and takes its refund off its tender's payment type.
func TestChainReportTakesReturnsOff(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	tt := newTestTill(t, "till-a")
	_, err := Join(ctx, tt.db, url, "Lyon", "till-a")
	must(t, err)
	must(t, tt.till.NewCart(ctx, pos.CartOptions{}))
	must(t, tt.till.Add(ctx, "croissant", "", 2))
	o, err := tt.till.Pay(ctx, []pos.Tender{{Method: pos.Card, Amount: tt.till.Quote().Total}})
	must(t, err)
	r, err := tt.till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}, Reason: "stale"})
	must(t, err)
	s := NewSyncer(tt.db)
	defer s.Close()
	_, err = s.Round(ctx)
	must(t, err)
	rows, err := h.Report(ctx, ReportFilter{From: time.Now().UTC()})
	must(t, err)
	got := map[string]ReportRow{}
	for _, row := range rows {
		got[row.Section+":"+row.rowName()] = row
	}
	till := got["till:Lyon / till-a"]
	if till.Orders != 1 || till.Total != o.Quote.Total.Minor() || till.Returns != 1 || till.Refunded != r.Total.Minor() {
		t.Fatalf("till row %+v; sale %s, refund %s", till, o.Quote.Total, r.Total)
	}
	if card := got["payment:card"]; card.Total != o.Quote.Total.Minor()-r.Total.Minor() {
		t.Fatalf("card row %+v, want %d", card, o.Quote.Total.Minor()-r.Total.Minor())
	}
	if n := count(t, h, `SELECT count(*) FROM returns WHERE order_id = $1`, o.ID); n != 1 {
		t.Fatalf("%d returns stored", n)
	}
}
