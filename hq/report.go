package hq

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"caisse/pos"
	"caisse/receipt"

	"github.com/jackc/pgx/v5"
)

// ReportFilter selects the chain report's days (inclusive, UTC dates) and
// optionally one shop.
type ReportFilter struct {
	Shop     string
	From, To time.Time // days; zero To: From only
}

// ReportRow is one line of the chain report: a section ("chain", "shop",
// "till", "staff", "payment") and its key, in one currency.
type ReportRow struct {
	Section  string
	Shop     string
	Till     string
	Staff    string
	Method   string
	Currency string
	Orders   int64 // sales (payment rows: tenders)
	Gross    int64
	Discount int64
	Tax      int64
	Total    int64 // sales total (payment rows: taken net of change and refunds)
	Returns  int64
	Refunded int64
}

// Net is sales less refunds.
func (r ReportRow) Net() int64 { return r.Total - r.Refunded }

// Report computes the chain report in PostgreSQL from the daily summary
// kept at ingest: one query, its sections as grouping sets.
func (h *HQ) Report(ctx context.Context, f ReportFilter) ([]ReportRow, error) {
	to := f.To
	if to.IsZero() {
		to = f.From
	}
	// Exec mode: planned for these days each time (a generic plan, made
	// after a few runs of a prepared statement, may not use the day's range).
	rows, err := h.pool.Query(ctx, reportSQL, pgx.QueryExecModeExec, f.From.Format(time.DateOnly), to.Format(time.DateOnly), f.Shop)
	if err != nil {
		return nil, fmt.Errorf("computing the chain report: %w", err)
	}
	defer rows.Close()
	var out []ReportRow
	for rows.Next() {
		var r ReportRow
		if err := rows.Scan(&r.Section, &r.Shop, &r.Till, &r.Staff, &r.Method, &r.Currency, &r.Orders, &r.Gross,
			&r.Discount, &r.Tax, &r.Total, &r.Returns, &r.Refunded); err != nil {
			return nil, fmt.Errorf("reading the chain report: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the chain report: %w", err)
	}
	// Sorted here: cheaper than in the query (a fifth of its time).
	slices.SortFunc(out, func(a, b ReportRow) int {
		return cmp.Or(cmp.Compare(a.Section, b.Section), cmp.Compare(a.Shop, b.Shop), cmp.Compare(a.Till, b.Till),
			cmp.Compare(a.Staff, b.Staff), cmp.Compare(a.Method, b.Method), cmp.Compare(a.Currency, b.Currency))
	})
	return out, nil
}

// reportSQL: $1..$2 the days, $3 a shop's name or empty. The sales rows
// of the days' till summary (empty method) give the chain, shop and till
// sections as grouping sets over ids; its payment rows the payment section;
// the staff summary the staff section, per shop (staff ids are a shop's
// own: every new till's demo manager is "manager"). Names are joined to the
// result rows only; Report sorts them.
const reportSQL = `
WITH shop AS (
	SELECT id FROM shops WHERE name = $3::text
), g AS (
	SELECT CASE WHEN GROUPING(shop_id) = 1 THEN 'chain' WHEN GROUPING(till_id) = 1 THEN 'shop' ELSE 'till' END AS section,
		shop_id, till_id, '' AS staff_id, '' AS method, currency,
		sum(orders) AS n, sum(gross) AS gross, sum(discounts) AS discounts, sum(tax) AS tax, sum(total) AS total,
		sum(returns) AS returns, sum(refunded) AS refunded
	FROM daily_sales
	WHERE day BETWEEN $1::date AND $2::date AND method = '' AND ($3::text = '' OR shop_id = (SELECT id FROM shop))
	GROUP BY GROUPING SETS ((currency), (shop_id, currency), (shop_id, till_id, currency))
	UNION ALL
	SELECT 'payment', NULL, NULL, '', method, currency, sum(orders), 0, 0, 0, sum(total), 0, 0
	FROM daily_sales
	WHERE day BETWEEN $1::date AND $2::date AND method <> '' AND ($3::text = '' OR shop_id = (SELECT id FROM shop))
	GROUP BY method, currency
	UNION ALL
	SELECT 'staff', shop_id, NULL, staff_id, '', currency, sum(orders), sum(gross), sum(discounts), sum(tax),
		sum(total), sum(returns), sum(refunded)
	FROM daily_staff
	WHERE day BETWEEN $1::date AND $2::date AND ($3::text = '' OR shop_id = (SELECT id FROM shop))
	GROUP BY shop_id, staff_id, currency
)
SELECT g.section, coalesce(s.name, ''), coalesce(t.name, ''), g.staff_id, g.method, g.currency,
	g.n::bigint, g.gross::bigint, g.discounts::bigint, g.tax::bigint, g.total::bigint, g.returns::bigint, g.refunded::bigint
FROM g
LEFT JOIN shops s ON s.id = g.shop_id
LEFT JOIN tills t ON t.id = g.till_id`

// sectionOrder is the order the sections are printed in.
var sectionOrder = []string{"chain", "shop", "till", "staff", "payment"}

// ReportLines lays the report out as receipt lines (text and PDF).
func ReportLines(rows []ReportRow, f ReportFilter) []receipt.Line {
	to := f.To
	if to.IsZero() {
		to = f.From
	}
	title := "Chain report " + f.From.Format(time.DateOnly)
	if !to.Equal(f.From) {
		title += " to " + to.Format(time.DateOnly)
	}
	if f.Shop != "" {
		title += ", shop " + f.Shop
	}
	lines := []receipt.Line{{Left: title, Style: receipt.Bold}}
	if len(rows) == 0 {
		return append(lines, receipt.Line{Left: "No sales in this period."})
	}
	heads := map[string]string{"chain": "Whole chain", "shop": "By shop", "till": "By till", "staff": "By staff", "payment": "By payment type"}
	for _, sec := range sectionOrder {
		first := true
		for _, r := range rows {
			if r.Section != sec {
				continue
			}
			if first {
				lines = append(lines, receipt.Line{Style: receipt.Rule}, receipt.Line{Left: heads[sec], Style: receipt.Bold})
				first = false
			}
			name := r.rowName()
			if sec == "payment" {
				lines = append(lines, receipt.Line{Left: fmt.Sprintf("%s (%d)", name, r.Orders), Right: money(r.Total, r.Currency)})
				continue
			}
			lines = append(lines,
				receipt.Line{Left: fmt.Sprintf("%s: %d sales, %d returns", name, r.Orders, r.Returns), Right: money(r.Net(), r.Currency)},
				receipt.Line{Left: "sales / refunds", Right: money(r.Total, r.Currency) + " / " + money(r.Refunded, r.Currency), Style: receipt.Indent},
				receipt.Line{Left: "tax / discounts", Right: money(r.Tax, r.Currency) + " / " + money(r.Discount, r.Currency), Style: receipt.Indent})
		}
	}
	return lines
}

func (r ReportRow) rowName() string {
	switch r.Section {
	case "chain":
		return "All shops"
	case "shop":
		return r.Shop
	case "till":
		return r.Shop + " / " + r.Till
	case "staff": // a member of staff belongs to a shop: ids are the shop's own
		if r.Staff == "" {
			return r.Shop + " / (no staff recorded)"
		}
		return r.Shop + " / " + r.Staff
	}
	return r.Method
}

// WriteReportCSV writes the report's rows as CSV, amounts as decimals.
func WriteReportCSV(w io.Writer, rows []ReportRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"section", "shop", "till", "staff", "payment", "currency", "sales", "gross",
		"discounts", "tax", "total", "returns", "refunded", "net"}); err != nil {
		return err
	}
	for _, r := range rows {
		m := func(v int64) string { return pos.NewMoney(v, pos.Currency(r.Currency)).String() }
		if err := cw.Write([]string{r.Section, r.Shop, r.Till, r.Staff, r.Method, r.Currency,
			strconv.FormatInt(r.Orders, 10), m(r.Gross), m(r.Discount), m(r.Tax), m(r.Total),
			strconv.FormatInt(r.Returns, 10), m(r.Refunded), m(r.Net())}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func money(v int64, cur string) string {
	return pos.NewMoney(v, pos.Currency(cur)).String() + " " + cur
}
