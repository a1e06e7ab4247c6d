package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"caisse/pos"
)

// CompleteOrder records a sale in one transaction: it checks the usage
// limits of the discounts it used, takes the next order number of its series
// (per location; test orders have their own), writes the order with its
// lines, discount amounts and per-line shares, tenders and change, appends
// the order.completed event, and deletes the order's cart. It sets o.Number
// and returns only after the commit; when it fails nothing is written.
//
// The audit entries (a manager's approval the sale used) are written in the
// same transaction.
func (db *DB) CompleteOrder(ctx context.Context, o *pos.Order, audit ...pos.AuditEntry) error {
	if err := checkOrder(o); err != nil {
		return err
	}
	var number int64
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if number, err = completeOrderTx(ctx, tx, o); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return wrapf(err, "recording order %s", o.ID)
	}
	o.Number = number
	return nil
}

// Order returns the order with that id.
func (db *DB) Order(ctx context.Context, id string) (*pos.Order, error) {
	var o *pos.Order
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		o, err = orderTx(ctx, tx, `o.id = ?`, id)
		return err
	})
	if err != nil {
		return nil, wrapf(err, "reading order %s", id)
	}
	return o, nil
}

// OrderByNumber returns the till location's order with that number, from
// the test series when test is set.
func (db *DB) OrderByNumber(ctx context.Context, number int64, test bool) (*pos.Order, error) {
	var o *pos.Order
	err := db.view(ctx, func(tx *Tx) error {
		loc, _, err := settingTx(ctx, tx, settingLocation)
		if err != nil {
			return err
		}
		o, err = orderTx(ctx, tx, `o.location_id = ? AND o.test = ? AND o.number = ?`, loc, boolInt(test), number)
		return err
	})
	if err != nil {
		return nil, wrapf(err, "reading order %s", (&pos.Order{Number: number, Test: test}).NumberLabel())
	}
	return o, nil
}

// OrdersBetween returns the orders completed from ≤ t < to of one series
// (test or live), newest first.
func (db *DB) OrdersBetween(ctx context.Context, from, to time.Time, test bool) ([]*pos.Order, error) {
	list, err := db.Orders(ctx, OrderFilter{From: from, To: to, Test: &test})
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	return list, nil
}

// OrderFilter selects orders: From ≤ created_at < To (zero: unbounded),
// live or test orders only when Test is set, at most Limit (0: all).
type OrderFilter struct {
	From, To time.Time
	Test     *bool
	Limit    int
}

// where returns the filter as an SQL condition on orders o, with its
// arguments. The test flag is written literally so that the planner can use
// the test orders' partial index.
func (f OrderFilter) where() (string, []any) {
	cond, args := "1", []any{}
	if !f.From.IsZero() {
		cond += " AND o.created_at >= ?"
		args = append(args, f.From.UnixNano())
	}
	if !f.To.IsZero() {
		cond += " AND o.created_at < ?"
		args = append(args, f.To.UnixNano())
	}
	if f.Test != nil {
		cond += fmt.Sprintf(" AND o.test = %d", boolInt(*f.Test))
	}
	return cond, args
}

// from is the table orders o, read by time when the filter has a period:
// without statistics the planner would rather walk the (location, test,
// number) index, that is, every order.
func (f OrderFilter) from() string {
	if !f.From.IsZero() || !f.To.IsZero() {
		return "orders o INDEXED BY orders_created_at"
	}
	return "orders o"
}

// Orders returns the orders the filter selects, oldest first, whole.
func (db *DB) Orders(ctx context.Context, f OrderFilter) ([]*pos.Order, error) {
	var out []*pos.Order
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = ordersTx(ctx, tx, f)
		return err
	})
	if err != nil {
		return nil, wrapf(err, "listing orders")
	}
	return out, nil
}

// DeleteTestOrders deletes every test order (with its lines, discounts and
// tenders) and returns how many it deleted. Their events stay in the
// append-only stream, marked test. The test number series goes on: a test
// number is never given twice.
func (db *DB) DeleteTestOrders(ctx context.Context) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM orders WHERE test = 1`)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("deleting test orders: %w", err)
	}
	return int(n), nil
}

// DiscountUsage returns, for each discount with a usage limit, how many
// completed live orders used it; on a till joined to a head office, the
// limit less what its lease has left (storage/hq.go).
func (db *DB) DiscountUsage(ctx context.Context) (map[string]int, error) {
	usage := map[string]int{}
	err := db.view(ctx, func(tx *Tx) error {
		if joined, err := joinedTx(ctx, tx); err != nil || joined {
			if err != nil {
				return err
			}
			return leaseUsageTx(ctx, tx, usage)
		}
		rows, err := tx.query(ctx, `SELECT d.id, coalesce(u.used, 0)
			FROM discounts d LEFT JOIN discount_usage u ON u.discount_id = d.id
			WHERE d.usage_limit > 0`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			usage[id] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("reading discount usage: %w", err)
	}
	return usage, nil
}

// wrapf adds context to a storage failure; a *pos.Error (a refusal the
// cashier reads) is returned as it is.
func wrapf(err error, format string, args ...any) error {
	var e *pos.Error
	if errors.As(err, &e) {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// checkOrder refuses an order that cannot be stored faithfully: every
// amount of an order is stored in minor units of the order's currency.
func checkOrder(o *pos.Order) error {
	switch {
	case o.ID == "":
		return pos.Errorf(pos.EInvalid, "an order needs an id")
	case !o.Currency.Known():
		return pos.Errorf(pos.EInvalid, "order %s: unknown currency %q", o.ID, o.Currency)
	case len(o.Quote.Lines) == 0:
		return pos.Errorf(pos.EInvalid, "order %s has no lines", o.ID)
	case o.CreatedAt.IsZero() || !storableTime(o.CreatedAt):
		return pos.Errorf(pos.EInvalid, "order %s has no time, or one out of range", o.ID)
	}
	for _, d := range o.Quote.OrderDiscounts {
		if len(d.Shares) != 0 && len(d.Shares) != len(o.Quote.Lines) {
			return pos.Errorf(pos.EInvalid, "order %s: discount %s has %d shares for %d lines", o.ID, d.DiscountID, len(d.Shares), len(o.Quote.Lines))
		}
	}
	for _, m := range orderMoney(o) {
		if !m.IsZero() && m.Currency() != o.Currency {
			return pos.Errorf(pos.EInvalid, "order %s: an amount in %s in an order in %s", o.ID, m.Currency(), o.Currency)
		}
	}
	return nil
}

// orderMoney lists every amount an order stores.
func orderMoney(o *pos.Order) []pos.Money {
	q := &o.Quote
	ms := []pos.Money{q.Subtotal, q.Shipping, q.ShippingDiscount, q.Tax, q.ExclusiveTax, q.Total, o.Paid, o.Change}
	for _, l := range q.Lines {
		ms = append(ms, l.UnitPrice, l.Subtotal, l.Amount, l.OrderShare, l.Net, l.Tax)
		for _, d := range l.Discounts {
			ms = append(ms, d.Amount)
		}
	}
	for _, d := range q.OrderDiscounts {
		ms = append(ms, d.Amount)
		ms = append(ms, d.Shares...)
	}
	for _, a := range q.Applied {
		ms = append(ms, a.Amount)
	}
	for _, t := range o.Tenders {
		ms = append(ms, t.Amount)
	}
	return ms
}

// completeOrderTx does CompleteOrder's work and returns the order's number.
func completeOrderTx(ctx context.Context, tx *Tx, o *pos.Order) (int64, error) {
	used, err := usedDiscounts(o)
	if err != nil {
		return 0, err
	}
	if err := checkUsageLimitsTx(ctx, tx, used); err != nil {
		return 0, err
	}
	number, err := nextNumberTx(ctx, tx, o.LocationID, o.Test)
	if err != nil {
		return 0, err
	}
	seq, err := insertOrderTx(ctx, tx, o, number)
	if err != nil {
		return 0, err
	}
	if err := insertOrderLinesTx(ctx, tx, seq, o); err != nil {
		return 0, err
	}
	if err := countUsageTx(ctx, tx, o, used); err != nil {
		return 0, err
	}
	if err := insertOrderEventTx(ctx, tx, o, number); err != nil {
		return 0, err
	}
	if _, err := tx.exec(ctx, `DELETE FROM carts WHERE id = ?`, o.CartID); err != nil {
		return 0, fmt.Errorf("deleting cart %s: %w", o.CartID, err)
	}
	return number, nil
}

// usedDiscounts is the JSON list of the automatic and code discounts an
// order used (the ones a usage limit can apply to), "" when there are none.
func usedDiscounts(o *pos.Order) (string, error) {
	var ids []string
	for _, a := range o.Quote.Applied {
		if a.Source != pos.Custom {
			ids = append(ids, a.DiscountID)
		}
	}
	if len(ids) == 0 {
		return "", nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return "", fmt.Errorf("listing the order's discounts: %w", err)
	}
	return string(list), nil
}

// checkUsageLimitsTx refuses the sale if a discount it used (usedDiscounts)
// has reached its usage limit. It runs inside the write transaction, so two
// tills cannot both take the last use. A test order does not count toward a
// limit but is refused like a live one when the limit is reached.
func checkUsageLimitsTx(ctx context.Context, tx *Tx, used string) error {
	if used == "" {
		return nil
	}
	// A till joined to a head office spends its lease instead (storage/hq.go).
	if joined, err := joinedTx(ctx, tx); err != nil || joined {
		if err != nil {
			return fmt.Errorf("checking usage limits: %w", err)
		}
		return checkLeasesTx(ctx, tx, used)
	}
	var (
		id, method, codeKey, title string
		limit, n                   int
	)
	err := tx.queryRow(ctx, `SELECT d.id, d.method, d.code_key, d.title, d.usage_limit,
			coalesce((SELECT u.used FROM discount_usage u WHERE u.discount_id = d.id), 0) AS used
		FROM discounts d
		WHERE d.usage_limit > 0 AND d.id IN (SELECT value FROM json_each(?)) AND used >= d.usage_limit
		LIMIT 1`, used).Scan(&id, &method, &codeKey, &title, &limit, &n)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("checking usage limits: %w", err)
	case pos.Source(method) == pos.Code:
		return pos.Errorf(pos.ELimit, "The code %s has reached its usage limit.", codeKey)
	}
	return pos.Errorf(pos.ELimit, "The discount %s has reached its usage limit.", (&pos.Discount{ID: id, Title: title}).Name())
}

// nextNumberTx takes the next number of the location's live or test series.
func nextNumberTx(ctx context.Context, tx *Tx, locationID string, test bool) (int64, error) {
	series := "live"
	if test {
		series = "test"
	}
	var n int64
	err := tx.queryRow(ctx, `INSERT INTO counters (location_id, series, next) VALUES (?, ?, 2)
		ON CONFLICT (location_id, series) DO UPDATE SET next = next + 1
		RETURNING next - 1`, locationID, series).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("taking an order number: %w", err)
	}
	return n, nil
}

// gross is the lines' unit price × quantity, before any discount.
func gross(q *pos.Quote) int64 {
	var g int64
	for _, l := range q.Lines {
		g += l.Subtotal.Minor()
	}
	return g
}

// discountTotal is what every discount took off: the lines' own discounts,
// the order-level discounts and the shipping discount.
func discountTotal(q *pos.Quote) int64 {
	d := gross(q) - q.Subtotal.Minor() + q.ShippingDiscount.Minor()
	for _, od := range q.OrderDiscounts {
		d += od.Amount.Minor()
	}
	return d
}

// orderExtra is what an order keeps beyond its amounts, as JSON.
type orderExtra struct {
	Codes      []string         `json:"codes,omitempty"`
	NotApplied []pos.NotApplied `json:"not_applied,omitempty"`
	Offers     []pos.Offer      `json:"offers,omitempty"`
	Note       string           `json:"note,omitempty"` // the cashier's note on the order
}

func extraJSON(o *pos.Order) (any, error) {
	q := &o.Quote
	if len(q.Codes) == 0 && len(q.NotApplied) == 0 && len(q.CrossSellOffers) == 0 && o.Note == "" {
		return nil, nil
	}
	b, err := json.Marshal(orderExtra{Codes: q.Codes, NotApplied: q.NotApplied, Offers: q.CrossSellOffers, Note: o.Note})
	if err != nil {
		return nil, fmt.Errorf("encoding the order's codes and offers: %w", err)
	}
	return string(b), nil
}

func insertOrderTx(ctx context.Context, tx *Tx, o *pos.Order, number int64) (int64, error) {
	q := &o.Quote
	extra, err := extraJSON(o)
	if err != nil {
		return 0, err
	}
	orderDiscounts, applied, tenders, err := orderDetailJSON(o)
	if err != nil {
		return 0, err
	}
	res, err := tx.exec(ctx, `INSERT INTO orders (id, location_id, test, number, till_id, cart_id,
			created_at, currency, gross, subtotal, discounts, shipping, shipping_discount, tax,
			exclusive_tax, total, paid, change, units, extra, order_discounts, applied, tenders, staff_id, staff_name)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.LocationID, boolInt(o.Test), number, o.TillID, o.CartID,
		o.CreatedAt.UnixNano(), string(o.Currency), gross(q), q.Subtotal.Minor(), discountTotal(q),
		q.Shipping.Minor(), q.ShippingDiscount.Minor(), q.Tax.Minor(), q.ExclusiveTax.Minor(),
		q.Total.Minor(), o.Paid.Minor(), o.Change.Minor(), q.Units, extra, orderDiscounts, applied, tenders,
		o.StaffID, o.StaffName)
	if err != nil {
		return 0, fmt.Errorf("writing the order: %w", err)
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("writing the order: %w", err)
	}
	return seq, nil
}

// insertOrderLinesTx writes the order's lines, each with its own discounts,
// in one multi-row statement.
func insertOrderLinesTx(ctx context.Context, tx *Tx, seq int64, o *pos.Order) error {
	rows := make([][]any, 0, len(o.Quote.Lines))
	for _, l := range o.Quote.Lines {
		discounts, err := lineDiscountsJSON(l.Discounts)
		if err != nil {
			return fmt.Errorf("encoding line %d's discounts: %w", l.Pos, err)
		}
		rows = append(rows, []any{seq, l.Pos, l.LineID, l.ProductID, l.PriceID, l.Title, l.Quantity,
			l.UnitPrice.Minor(), l.Subtotal.Minor(), l.Amount.Minor(), l.OrderShare.Minor(), l.Net.Minor(),
			l.Tax.Minor(), string(l.TaxBehavior), boolInt(l.CrossSell), boolInt(l.Split), discounts})
	}
	if err := tx.insertRows(ctx, "order_lines", lineColumns, rows); err != nil {
		return fmt.Errorf("writing the order's lines: %w", err)
	}
	return nil
}

var lineColumns = []string{"order_seq", "pos", "line_id", "product_id", "price_id", "title", "quantity",
	"unit_price", "subtotal", "amount", "order_share", "net", "tax", "tax_behavior", "cross_sell", "split", "discounts"}

// countUsageTx adds a live order's automatic and code discounts (used, from
// usedDiscounts) to discount_usage. Test orders never count toward a usage
// limit.
func countUsageTx(ctx context.Context, tx *Tx, o *pos.Order, used string) error {
	if o.Test || used == "" {
		return nil
	}
	_, err := tx.exec(ctx, `INSERT INTO discount_usage (discount_id, used)
		SELECT value, 1 FROM json_each(?) WHERE true
		ON CONFLICT (discount_id) DO UPDATE SET used = used + 1`, used)
	if err != nil {
		return fmt.Errorf("counting the discounts' uses: %w", err)
	}
	if joined, err := joinedTx(ctx, tx); err != nil || !joined {
		return err
	}
	return spendLeasesTx(ctx, tx, used)
}
