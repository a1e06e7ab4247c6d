package hq

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"caisse/pos"
	"caisse/receipt"
	"caisse/storage"

	"github.com/jackc/pgx/v5"
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
// report lines built as the migration backfills them (report_lines_raw,
// the lines ingest adds).
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
		`INSERT INTO report_lines SELECT * FROM report_lines_raw`,
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
// tills, generated in PostgreSQL (generate_series) with its report lines
// built as the migration backfills them; the report for that day is timed
// (goal ≤ 100 ms).
func BenchmarkChainDayReport(b *testing.B) {
	h, day := chainDay(b)
	ctx := context.Background()
	if os.Getenv("CAISSE_EXPLAIN") != "" { // a file to write the report's plan to
		plan, err := h.pool.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+reportDaySQL, "2026-11-30", "2026-11-30", "")
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

// reportLinesDiffer counts the report lines kept at ingest that differ
// from those computed from the raw orders and returns, both ways.
func reportLinesDiffer(t testing.TB, h *HQ) int64 {
	t.Helper()
	return count(t, h, `SELECT count(*) FROM (
		(SELECT * FROM report_lines EXCEPT ALL SELECT * FROM report_lines_raw)
		UNION ALL
		(SELECT * FROM report_lines_raw EXCEPT ALL SELECT * FROM report_lines)) d`)
}

// The report's lines, kept at ingest, equal the lines computed from the
// raw orders and returns, after batches sent again (whole and overlapping),
// returns in cash and by card, test orders, a till restarted (a new
// syncer) and the head office restarted; and a day's report (its lines as
// stored) equals the same day read as a range (its lines added up).
func TestReportLinesEqualTheRawRows(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	type till struct {
		*testTill
		link storage.HQLink
	}
	var tills []till
	for _, st := range [][2]string{{"Lyon", "till-a"}, {"Lyon", "till-b"}, {"Paris", "till-c"}} {
		tt := newTestTill(t, st[1])
		link, err := Join(ctx, tt.db, url, st[0], st[1])
		must(t, err)
		tills = append(tills, till{tt, link})
	}
	sell := func(tt till, method pos.TenderMethod, product string, qty int) *pos.Order {
		t.Helper()
		must(t, tt.till.NewCart(ctx, pos.CartOptions{}))
		must(t, tt.till.Add(ctx, product, "", qty))
		o, err := tt.till.Pay(ctx, []pos.Tender{{Method: method, Amount: tt.till.Quote().Total}})
		must(t, err)
		return o
	}
	round := func(tt till) {
		t.Helper()
		s := NewSyncer(tt.db) // a new syncer each time: a restarted till
		defer s.Close()
		if _, err := s.Round(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for i, tt := range tills {
		for j := 0; j <= i; j++ {
			sell(tt, pos.Cash, "espresso", 1+j)
			o := sell(tt, pos.Card, "croissant", 2)
			_, err := tt.till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}, Reason: "stale"})
			must(t, err)
		}
		// A test order (a till in test mode on the same file): stored,
		// never counted.
		opts := tillOptions(tt.name)
		opts.Test = true
		tester, err := pos.NewTill(ctx, tt.db.WithTill(tt.name+"-test"), opts)
		must(t, err)
		sell(till{&testTill{name: tt.name, db: tt.db, till: tester}, tt.link}, pos.Cash, "espresso", 3)
		round(tt)
	}
	if n := count(t, h, `SELECT count(*) FROM report_lines`); n == 0 {
		t.Fatal("no report lines")
	}
	if n := reportLinesDiffer(t, h); n != 0 {
		t.Fatalf("%d report lines differ from the raw rows' after the first rounds", n)
	}
	before, err := h.Report(ctx, ReportFilter{From: time.Now().UTC()})
	must(t, err)
	// Everything sent again, whole and overlapping: nothing is counted twice.
	for _, tt := range tills {
		events, err := tt.db.Events(ctx, 0, 1000)
		must(t, err)
		for _, batch := range [][]pos.Event{events, events[1:], events[len(events)/2:]} {
			if _, stored, err := h.Ingest(ctx, tt.link.TillID, batch); err != nil || stored != 0 {
				t.Fatalf("a resent batch stored %d (%v)", stored, err)
			}
		}
	}
	// The head office restarts between a till's sales and its next round.
	if server.Owned() {
		must(t, server.Pause())
		sell(tills[0], pos.Card, "espresso", 2)
		must(t, server.Resume())
		h.pool.Reset() // the test's own connections died with the server
	} else {
		sell(tills[0], pos.Card, "espresso", 2)
	}
	o := sell(tills[2], pos.Cash, "croissant", 3)
	_, err = tills[2].till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 2}}, AllCash: true})
	must(t, err)
	for _, tt := range tills {
		round(tt)
	}
	if n := reportLinesDiffer(t, h); n != 0 {
		t.Fatalf("%d report lines differ from the raw rows' after resends and restarts", n)
	}
	today := time.Now().UTC()
	day, err := h.Report(ctx, ReportFilter{From: today})
	must(t, err)
	week, err := h.Report(ctx, ReportFilter{From: today.AddDate(0, 0, -6), To: today})
	must(t, err)
	if !slices.Equal(day, week) {
		t.Fatalf("the day read alone:\n%+v\nas a range:\n%+v", day, week)
	}
	// The chain's line is the tills' live sales and returns.
	var sales, refunds, n, returns int64
	for _, tt := range tills {
		orders, err := tt.db.Orders(ctx, storage.OrderFilter{})
		must(t, err)
		for _, o := range orders {
			if o.Test {
				continue
			}
			n++
			sales += o.Quote.Total.Minor()
			rs, err := tt.db.Returns(ctx, o.ID)
			must(t, err)
			for _, r := range rs {
				returns++
				refunds += r.Total.Minor()
			}
		}
	}
	for _, r := range day {
		if r.Section == "chain" && (r.Orders != n || r.Total != sales || r.Returns != returns || r.Refunded != refunds) {
			t.Fatalf("chain line %+v, want %d sales for %d, %d returns for %d", r, n, sales, returns, refunds)
		}
	}
	if slices.Equal(before, day) {
		t.Fatal("the sales after the restart did not reach the report")
	}
}

// Migration 0002 fills the report's lines from what version 1 stored.
func TestMigrationBackfillsTheReportLines(t *testing.T) {
	url := server.Database(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	must(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE TABLE schema_version (version integer PRIMARY KEY, name text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`)
	must(t, err)
	if done, err := migrate(ctx, conn, migrations[0]); err != nil || !done {
		t.Fatalf("migration 1: %v %v", done, err)
	}
	for _, q := range []string{
		`INSERT INTO shops (name) VALUES ('Lyon'), ('Paris')`,
		`INSERT INTO tills (shop_id, name) VALUES (1, 'till-a'), (1, 'till-b'), (2, 'till-a')`,
		`INSERT INTO orders (id, shop_id, till_id, number, test, staff_id, created_at, day, currency, gross, discounts, tax, total, tenders)
		SELECT 'o-' || g, 1 + g % 2, 1 + g % 3, g, g % 10 = 0, 'staff-' || g % 4, '2026-11-29T10:00:00Z'::timestamptz + g * interval '1 hour',
			('2026-11-29T10:00:00Z'::timestamptz + g * interval '1 hour')::date, 'EUR', 1000 + g, g, 100, 1000, 
			jsonb_build_array(jsonb_build_object('method', CASE WHEN g % 3 = 0 THEN 'cash' ELSE 'card' END, 'amount', 1000))
		FROM generate_series(1, 60) g`,
		`INSERT INTO returns (id, order_id, shop_id, till_id, test, staff_id, created_at, day, currency, total, tenders)
		SELECT 'r-' || id, id, shop_id, till_id, test, staff_id, created_at, day, currency, 400,
			jsonb_build_array(jsonb_build_object('method', 'card', 'amount', 400))
		FROM orders WHERE number % 4 = 0`,
	} {
		_, err := conn.Exec(ctx, q)
		must(t, err)
	}
	applied, err := Init(ctx, url)
	must(t, err)
	if !slices.Equal(applied, []int{2}) {
		t.Fatalf("Init applied %v, want [2]", applied)
	}
	h, err := Open(ctx, url)
	must(t, err)
	defer h.Close()
	if n := count(t, h, `SELECT count(*) FROM report_lines`); n == 0 {
		t.Fatal("the migration backfilled nothing")
	}
	if n := reportLinesDiffer(t, h); n != 0 {
		t.Fatalf("%d backfilled lines differ from the raw rows'", n)
	}
	// 54 live orders (6 are test orders), 15 returns of which 3 of test orders.
	rows, err := h.Report(ctx, ReportFilter{From: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)})
	must(t, err)
	for _, r := range rows {
		if r.Section == "chain" && (r.Orders != 54 || r.Total != 54*1000 || r.Returns != 12 || r.Refunded != 12*400) {
			t.Fatalf("chain line %+v", r)
		}
	}
	if n := count(t, h, `SELECT count(*) FROM pg_tables WHERE tablename IN ('daily_sales', 'daily_staff')`); n != 0 {
		t.Fatal("version 1's summaries are still there")
	}
}
