package storage

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"caisse/pos"
)

// An order's discount breakdown and tenders are stored as JSON on the rows
// they belong to (migration 6 says why), amounts in minor units of the
// order's currency. These are the stored shapes; NULL is an empty list.

// lineDiscountRow is one of order_lines.discounts.
type lineDiscountRow struct {
	DiscountID string     `json:"discount_id"`
	Title      string     `json:"title,omitempty"`
	Source     pos.Source `json:"source"`
	Amount     int64      `json:"amount"`
	Units      int        `json:"units,omitempty"`
	Reason     string     `json:"reason,omitempty"`
}

// orderDiscountRow is one of orders.order_discounts; Shares has one amount
// for every line, in line order.
type orderDiscountRow struct {
	DiscountID string     `json:"discount_id"`
	Title      string     `json:"title,omitempty"`
	Source     pos.Source `json:"source"`
	Amount     int64      `json:"amount"`
	Reason     string     `json:"reason,omitempty"`
	Shares     []int64    `json:"shares"`
}

// appliedRow is one of orders.applied.
type appliedRow struct {
	DiscountID string     `json:"discount_id"`
	Title      string     `json:"title,omitempty"`
	Class      pos.Class  `json:"class"`
	Source     pos.Source `json:"source"`
	Amount     int64      `json:"amount"`
	Line       int        `json:"line,omitempty"`
	Code       string     `json:"code,omitempty"`
}

// tenderRow is one of orders.tenders.
type tenderRow struct {
	Method pos.TenderMethod `json:"method"`
	Amount int64            `json:"amount"`
}

// jsonList encodes a list for a JSON column: nil (NULL) when it is empty.
func jsonList[T any](list []T) (any, error) {
	if len(list) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(list)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// readJSONList decodes a JSON column written by jsonList (or migration 6).
func readJSONList[T any](col sql.NullString) ([]T, error) {
	if !col.Valid || col.String == "" {
		return nil, nil
	}
	var list []T
	if err := json.Unmarshal([]byte(col.String), &list); err != nil {
		return nil, err
	}
	return list, nil
}

func lineDiscountsJSON(ds []pos.LineDiscount) (any, error) {
	rows := make([]lineDiscountRow, len(ds))
	for i, d := range ds {
		rows[i] = lineDiscountRow{DiscountID: d.DiscountID, Title: d.Title, Source: d.Source,
			Amount: d.Amount.Minor(), Units: d.Units, Reason: d.Reason}
	}
	return jsonList(rows)
}

// orderDetailJSON encodes the order-level discounts with their shares, the
// applied discounts and the tenders.
func orderDetailJSON(o *pos.Order) (orderDiscounts, applied, tenders any, err error) {
	q := &o.Quote
	ods := make([]orderDiscountRow, len(q.OrderDiscounts))
	for i, d := range q.OrderDiscounts {
		shares := make([]int64, len(d.Shares))
		for j, s := range d.Shares {
			shares[j] = s.Minor()
		}
		ods[i] = orderDiscountRow{DiscountID: d.DiscountID, Title: d.Title, Source: d.Source,
			Amount: d.Amount.Minor(), Reason: d.Reason, Shares: shares}
	}
	as := make([]appliedRow, len(q.Applied))
	for i, a := range q.Applied {
		as[i] = appliedRow{DiscountID: a.DiscountID, Title: a.Title, Class: a.Class, Source: a.Source,
			Amount: a.Amount.Minor(), Line: a.Line, Code: a.Code}
	}
	ts := make([]tenderRow, len(o.Tenders))
	for i, t := range o.Tenders {
		ts[i] = tenderRow{Method: t.Method, Amount: t.Amount.Minor()}
	}
	if orderDiscounts, err = jsonList(ods); err == nil {
		if applied, err = jsonList(as); err == nil {
			tenders, err = jsonList(ts)
		}
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("encoding the order's discounts and tenders: %w", err)
	}
	return orderDiscounts, applied, tenders, nil
}

func readLineDiscounts(col sql.NullString, cur pos.Currency) ([]pos.LineDiscount, error) {
	rows, err := readJSONList[lineDiscountRow](col)
	if err != nil {
		return nil, err
	}
	var ds []pos.LineDiscount
	for _, r := range rows {
		ds = append(ds, pos.LineDiscount{DiscountID: r.DiscountID, Title: r.Title, Source: r.Source,
			Amount: pos.NewMoney(r.Amount, cur), Units: r.Units, Reason: r.Reason})
	}
	return ds, nil
}

// readOrderDetail decodes orders.order_discounts, applied and tenders into o.
func readOrderDetail(o *pos.Order, orderDiscounts, applied, tenders sql.NullString) error {
	m := func(minor int64) pos.Money { return pos.NewMoney(minor, o.Currency) }
	ods, err := readJSONList[orderDiscountRow](orderDiscounts)
	if err != nil {
		return fmt.Errorf("order %s: reading its order discounts: %w", o.ID, err)
	}
	for _, r := range ods {
		d := pos.OrderDiscount{DiscountID: r.DiscountID, Title: r.Title, Source: r.Source, Amount: m(r.Amount), Reason: r.Reason}
		for _, s := range r.Shares {
			d.Shares = append(d.Shares, m(s))
		}
		o.Quote.OrderDiscounts = append(o.Quote.OrderDiscounts, d)
	}
	as, err := readJSONList[appliedRow](applied)
	if err != nil {
		return fmt.Errorf("order %s: reading its discounts: %w", o.ID, err)
	}
	for _, r := range as {
		o.Quote.Applied = append(o.Quote.Applied, pos.AppliedDiscount{DiscountID: r.DiscountID, Title: r.Title,
			Class: r.Class, Source: r.Source, Amount: m(r.Amount), Line: r.Line, Code: r.Code})
	}
	ts, err := readJSONList[tenderRow](tenders)
	if err != nil {
		return fmt.Errorf("order %s: reading its tenders: %w", o.ID, err)
	}
	for _, r := range ts {
		o.Tenders = append(o.Tenders, pos.Tender{Method: r.Method, Amount: m(r.Amount)})
	}
	return nil
}
