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

// Report computes the chain report in PostgreSQL from the report's lines
// kept at ingest (report_lines): a day's lines are read as they are, a
// range's added up; the chain's line and its payment types are added up
// from the shops' lines.
func (h *HQ) Report(ctx context.Context, f ReportFilter) ([]ReportRow, error) {
	to := f.To
	if to.IsZero() {
		to = f.From
	}
	query := reportDaySQL
	if !to.Equal(f.From) {
		query = reportRangeSQL
	}
	// Exec mode: planned for these days each time (a generic plan, made
	// after a few runs of a prepared statement, may not use the day's range).
	rows, err := h.pool.Query(ctx, query, pgx.QueryExecModeExec, f.From.Format(time.DateOnly), to.Format(time.DateOnly), f.Shop)
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
	// The queries give the rows in order (the key's byte order, as Go
	// compares): checked, and sorted only if they are not.
	if !slices.IsSortedFunc(out, compareRows) {
		slices.SortFunc(out, compareRows)
	}
	return out, nil
}

// compareRows orders the report's rows by section, shop, till, staff,
// payment type and currency, comparing only as far as needed.
func compareRows(a, b ReportRow) int {
	for _, c := range [...][2]string{{a.Section, b.Section}, {a.Shop, b.Shop}, {a.Till, b.Till}, {a.Staff, b.Staff}, {a.Method, b.Method}} {
		if n := cmp.Compare(c[0], c[1]); n != 0 {
			return n
		}
	}
	return cmp.Compare(a.Currency, b.Currency)
}

// The report's queries ($1..$2 the days, $3 a shop's name or empty) give
// the rows in the report's order (by section, then name): the chain's
// line, the payment types (added up from the shops' lines), then the
// shop, staff and till lines. Sections sort 'chain' < 'payment' < 'shop'
// < 'staff' < 'till', so "section > 'payment'" is the lines' three, a
// range on the key's second column that keeps the key's order.

// reportChainSQL is the chain's line and its payment types.
const reportChainSQL = `
(SELECT 'chain', '', '', '', '', currency, sum(orders)::bigint, sum(gross)::bigint, sum(discounts)::bigint, sum(tax)::bigint,
	sum(total)::bigint, sum(returns)::bigint, sum(refunded)::bigint
FROM report_lines
WHERE day BETWEEN $1::date AND $2::date AND section = 'shop' AND ($3::text = '' OR shop = $3::text)
GROUP BY currency ORDER BY currency)
UNION ALL
(SELECT 'payment', '', '', '', method, currency, sum(orders)::bigint, 0, 0, 0, sum(total)::bigint, 0, 0
FROM report_lines
WHERE day BETWEEN $1::date AND $2::date AND section = 'payment' AND ($3::text = '' OR shop = $3::text)
GROUP BY method, currency ORDER BY method, currency)
UNION ALL
`

// reportDaySQL: one day ($1 = $2): the shop, staff and till lines as
// stored, in the key's order.
const reportDaySQL = reportChainSQL + `
(SELECT section, shop, till, staff, method, currency, orders, gross, discounts, tax, total, returns, refunded
FROM report_lines
WHERE day = $1::date AND section > 'payment' AND ($3::text = '' OR shop = $3::text)
ORDER BY section, shop, till, staff, method, currency)`

// reportRangeSQL: days $1..$2: the lines added up over the days.
const reportRangeSQL = reportChainSQL + `
(SELECT section, shop, till, staff, method, currency, sum(orders)::bigint, sum(gross)::bigint, sum(discounts)::bigint,
	sum(tax)::bigint, sum(total)::bigint, sum(returns)::bigint, sum(refunded)::bigint
FROM report_lines
WHERE day BETWEEN $1::date AND $2::date AND section > 'payment' AND ($3::text = '' OR shop = $3::text)
GROUP BY section, shop, till, staff, method, currency
ORDER BY section, shop, till, staff, method, currency)`

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
