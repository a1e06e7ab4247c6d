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

var (
	_ pos.ReturnStore = (*DB)(nil)
	_ pos.ShiftStore  = (*DB)(nil)
)

// CompleteReturn records a return in one transaction: it checks that no
// earlier return already gave back its units or shipping (two tills cannot
// both refund the last unit), takes the next return number of its series,
// writes the return with its lines, discount amounts and refund tenders,
// and appends the return.completed event. It sets r.Number.
//
// The audit entries (a manager's approval of the refund) are written in the
// same transaction.
func (db *DB) CompleteReturn(ctx context.Context, r *pos.Return, audit ...pos.AuditEntry) error {
	if r.ID == "" || r.OrderID == "" || r.CreatedAt.IsZero() || !storableTime(r.CreatedAt) {
		return pos.Errorf(pos.EInvalid, "a return needs an id, an order and a time")
	}
	var (
		number  int64
		tenders []pos.Tender
	)
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if number, tenders, err = completeReturnTx(ctx, tx, r); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return wrapf(err, "recording return %s", r.ID)
	}
	r.Number, r.Tenders = number, tenders
	return nil
}

// completeReturnTx checks and writes the return. Its refund tenders are
// decided here, against what the order's returns recorded by now (another
// till's included) gave back to each tender: r.Tenders, worked out before
// the write lock was taken, may be stale. It returns the number and the
// tenders written.
func completeReturnTx(ctx context.Context, tx *Tx, r *pos.Return) (int64, []pos.Tender, error) {
	o, err := orderTx(ctx, tx, `o.id = ?`, r.OrderID)
	if err != nil {
		return 0, nil, err
	}
	if o.Test != r.Test {
		return 0, nil, pos.Errorf(pos.EConflict, "A test order is refunded only as a test return.")
	}
	prev, err := returnsTx(ctx, tx, `r.order_id = ?`, r.OrderID)
	if err != nil {
		return 0, nil, err
	}
	done, shipDone := pos.Returned(prev)
	for _, l := range r.Lines {
		ql, ok := o.Quote.Line(l.Pos)
		if !ok || done[l.Pos]+l.Quantity > ql.Quantity {
			return 0, nil, pos.Errorf(pos.EConflict, "These units were already returned.")
		}
	}
	if shipDone && !r.Shipping.IsZero() {
		return 0, nil, pos.Errorf(pos.EConflict, "The shipping of order %s was already refunded.", o.NumberLabel())
	}
	// The amounts depend on which units went back before (largest
	// remainder): worked out against returns another till recorded since,
	// they must come out the same.
	req := pos.ReturnRequest{Shipping: !r.Shipping.IsZero()}
	for _, l := range r.Lines {
		req.Lines = append(req.Lines, pos.ReturnLineRequest{Pos: l.Pos, Quantity: l.Quantity, Restock: l.Restock})
	}
	again, err := pos.Refund(o, prev, req)
	if err != nil {
		return 0, nil, err
	}
	same := again.Total == r.Total && again.Tax == r.Tax && len(again.Lines) == len(r.Lines)
	for i := 0; same && i < len(r.Lines); i++ {
		same = again.Lines[i].Refund == r.Lines[i].Refund
	}
	if !same {
		return 0, nil, pos.Errorf(pos.EConflict, "Another return of order %s was recorded meanwhile: check the refund and confirm again.", o.NumberLabel())
	}
	tenders := pos.RefundTenders(o, prev, r.Total.Minor(), pos.AllCash(r.Tenders))
	series := "live"
	if r.Test {
		series = "test"
	}
	var number int64
	err = tx.queryRow(ctx, `INSERT INTO return_counters (location_id, series, next) VALUES (?, ?, 2)
		ON CONFLICT (location_id, series) DO UPDATE SET next = next + 1
		RETURNING next - 1`, r.LocationID, series).Scan(&number)
	if err != nil {
		return 0, nil, fmt.Errorf("taking a return number: %w", err)
	}
	res, err := tx.exec(ctx, `INSERT INTO returns (id, order_id, location_id, test, number, till_id, shift_id,
			created_at, currency, gross, discounts, tax, shipping, total, units, reason, staff_id, staff_name)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.OrderID, r.LocationID, boolInt(r.Test), number, r.TillID, r.ShiftID, r.CreatedAt.UnixNano(),
		string(r.Currency), r.Gross.Minor(), r.Discounts.Minor(), r.Tax.Minor(), r.Shipping.Minor(), r.Total.Minor(),
		r.Units, r.Reason, r.StaffID, r.StaffName)
	if err != nil {
		return 0, nil, fmt.Errorf("writing the return: %w", err)
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return 0, nil, err
	}
	var lines, discs, tenderRows [][]any
	for _, l := range r.Lines {
		lines = append(lines, []any{seq, l.Pos, l.ProductID, l.Title, l.Quantity, l.Gross.Minor(),
			l.DiscountTotal().Minor(), l.Tax.Minor(), l.ExclusiveTax.Minor(), l.Refund.Minor(), boolInt(l.Restock)})
		for i, d := range l.Discounts {
			discs = append(discs, []any{seq, l.Pos, i, d.DiscountID, d.Title, d.Kind, d.Amount.Minor()})
		}
	}
	for i, t := range tenders {
		tenderRows = append(tenderRows, []any{seq, i, string(t.Method), t.Amount.Minor()})
	}
	for _, b := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"return_lines", []string{"return_seq", "pos", "product_id", "title", "quantity", "gross", "discounts", "tax", "exclusive_tax", "refund", "restock"}, lines},
		{"return_discounts", []string{"return_seq", "pos", "idx", "discount_id", "title", "kind", "amount"}, discs},
		{"return_tenders", []string{"return_seq", "idx", "method", "amount"}, tenderRows},
	} {
		if len(b.rows) == 0 {
			continue
		}
		if err := tx.insertRows(ctx, b.table, b.cols, b.rows); err != nil {
			return 0, nil, fmt.Errorf("writing %s: %w", b.table, err)
		}
	}
	numbered := *r
	numbered.Number, numbered.Tenders = number, tenders
	payload, err := json.Marshal(returnPayload(&numbered, o))
	if err != nil {
		return 0, nil, fmt.Errorf("encoding the return event: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO events (id, type, order_id, till_id, at, payload) VALUES (?, ?, ?, ?, ?, ?)`,
		pos.NewID(r.CreatedAt), pos.EventReturnCompleted, r.OrderID, r.TillID, r.CreatedAt.UnixNano(), string(payload))
	if err != nil {
		return 0, nil, fmt.Errorf("writing the return event: %w", err)
	}
	return number, tenders, nil
}

// ReturnPayload is the body of a return.completed event.
type ReturnPayload struct {
	Return EventReturn `json:"return"`
}

// EventReturn is a return as the event stream carries it; amounts are
// decimal strings in the return's currency.
type EventReturn struct {
	ID         string              `json:"id"`
	Number     int64               `json:"number"`
	Label      string              `json:"label"`
	Test       bool                `json:"test"`
	OrderID    string              `json:"order_id"`
	OrderLabel string              `json:"order_label"`
	TillID     string              `json:"till_id"`
	ShiftID    string              `json:"shift_id,omitempty"`
	CreatedAt  time.Time           `json:"created_at"`
	Currency   string              `json:"currency"`
	Total      string              `json:"total"`
	Tax        string              `json:"tax"`
	Shipping   string              `json:"shipping"`
	Reason     string              `json:"reason,omitempty"`
	Lines      []EventReturnLine   `json:"lines"`
	Tenders    []EventTender       `json:"tenders"`
	Discounts  []EventReturnAmount `json:"discounts"`
	StaffID    string              `json:"staff_id,omitempty"` // who gave the refund
}

// EventReturnLine is one returned line of a return event.
type EventReturnLine struct {
	Line     int    `json:"line"`
	Product  string `json:"product"`
	Quantity int    `json:"quantity"`
	Refund   string `json:"refund"`
	Restock  bool   `json:"restock"`
}

// EventReturnAmount is a discount's money given back by a return.
type EventReturnAmount struct {
	Line     int    `json:"line"`
	Discount string `json:"discount"`
	Amount   string `json:"amount"`
}

func returnPayload(r *pos.Return, o *pos.Order) ReturnPayload {
	amt := func(m pos.Money) string { return pos.NewMoney(m.Minor(), r.Currency).String() }
	e := EventReturn{ID: r.ID, Number: r.Number, Label: r.NumberLabel(), Test: r.Test, OrderID: r.OrderID,
		OrderLabel: o.NumberLabel(), TillID: r.TillID, ShiftID: r.ShiftID, CreatedAt: r.CreatedAt.UTC(),
		Currency: string(r.Currency), Total: amt(r.Total), Tax: amt(r.Tax), Shipping: amt(r.Shipping), Reason: r.Reason, StaffID: r.StaffID,
		Lines: []EventReturnLine{}, Tenders: []EventTender{}, Discounts: []EventReturnAmount{}}
	for _, l := range r.Lines {
		e.Lines = append(e.Lines, EventReturnLine{Line: l.Pos, Product: l.ProductID, Quantity: l.Quantity, Refund: amt(l.Refund), Restock: l.Restock})
		for _, d := range l.Discounts {
			e.Discounts = append(e.Discounts, EventReturnAmount{Line: l.Pos, Discount: d.DiscountID, Amount: amt(d.Amount)})
		}
	}
	for _, t := range r.Tenders {
		e.Tenders = append(e.Tenders, EventTender{Method: string(t.Method), Amount: amt(t.Amount)})
	}
	return ReturnPayload{Return: e}
}

// Returns lists the returns of an order, oldest first.
func (db *DB) Returns(ctx context.Context, orderID string) ([]pos.Return, error) {
	var out []pos.Return
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = returnsTx(ctx, tx, `r.order_id = ?`, orderID)
		return err
	})
	if err != nil {
		return nil, wrapf(err, "reading the returns of order %s", orderID)
	}
	return out, nil
}

// ReturnByNumber returns the till location's return with that number, from
// the test series when test is set.
func (db *DB) ReturnByNumber(ctx context.Context, number int64, test bool) (*pos.Return, error) {
	var out []pos.Return
	err := db.view(ctx, func(tx *Tx) error {
		loc, _, err := settingTx(ctx, tx, settingLocation)
		if err != nil {
			return err
		}
		out, err = returnsTx(ctx, tx, `r.location_id = ? AND r.test = ? AND r.number = ?`, loc, boolInt(test), number)
		return err
	})
	if err != nil {
		return nil, wrapf(err, "reading return %d", number)
	}
	if len(out) == 0 {
		return nil, pos.Errorf(pos.ENotFound, "There is no such return.")
	}
	return &out[0], nil
}

// ReturnsBetween lists the returns made from ≤ created_at < to, oldest
// first, test returns included (callers skip them).
func (db *DB) ReturnsBetween(ctx context.Context, from, to time.Time) ([]pos.Return, error) {
	var out []pos.Return
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = returnsTx(ctx, tx, `r.created_at >= ? AND r.created_at < ?`, from.UnixNano(), to.UnixNano())
		return err
	})
	if err != nil {
		return nil, wrapf(err, "reading returns")
	}
	return out, nil
}

func returnsTx(ctx context.Context, tx *Tx, where string, args ...any) ([]pos.Return, error) {
	rows, err := tx.query(ctx, `SELECT r.seq, r.id, r.order_id, coalesce(o.number, 0), r.location_id, r.test, r.number,
			r.till_id, r.shift_id, r.created_at, r.currency, r.gross, r.discounts, r.tax, r.shipping, r.total, r.units, r.reason,
			r.staff_id, r.staff_name
		FROM returns r LEFT JOIN orders o ON o.id = r.order_id
		WHERE `+where+` ORDER BY r.created_at, r.seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading returns: %w", err)
	}
	var out []pos.Return
	var seqs []int64
	for rows.Next() {
		var (
			r                                          pos.Return
			seq, at, gross, disc, tax, ship, total, tt int64
			cur                                        string
		)
		if err := rows.Scan(&seq, &r.ID, &r.OrderID, &r.OrderNumber, &r.LocationID, &tt, &r.Number, &r.TillID, &r.ShiftID,
			&at, &cur, &gross, &disc, &tax, &ship, &total, &r.Units, &r.Reason, &r.StaffID, &r.StaffName); err != nil {
			rows.Close()
			return nil, fmt.Errorf("reading returns: %w", err)
		}
		c := pos.Currency(cur)
		r.Test, r.CreatedAt, r.Currency = tt == 1, nsTime(at), c
		r.Gross, r.Discounts, r.Tax = pos.NewMoney(gross, c), pos.NewMoney(disc, c), pos.NewMoney(tax, c)
		r.Shipping, r.Total = pos.NewMoney(ship, c), pos.NewMoney(total, c)
		out, seqs = append(out, r), append(seqs, seq)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading returns: %w", err)
	}
	for i := range out {
		if err := loadReturnRowsTx(ctx, tx, seqs[i], &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func loadReturnRowsTx(ctx context.Context, tx *Tx, seq int64, r *pos.Return) error {
	c := r.Currency
	m := func(n int64) pos.Money { return pos.NewMoney(n, c) }
	err := each(ctx, tx, `SELECT pos, product_id, title, quantity, gross, tax, exclusive_tax, refund, restock
		FROM return_lines WHERE return_seq = ? ORDER BY pos`, seq, func(s scanner) error {
		var l pos.ReturnLine
		var gross, tax, excl, refund, restock int64
		if err := s.Scan(&l.Pos, &l.ProductID, &l.Title, &l.Quantity, &gross, &tax, &excl, &refund, &restock); err != nil {
			return err
		}
		l.Gross, l.Tax, l.ExclusiveTax, l.Refund, l.Restock = m(gross), m(tax), m(excl), m(refund), restock == 1
		if l.Quantity > 0 {
			l.UnitPrice = m(gross / int64(l.Quantity))
		}
		r.Lines = append(r.Lines, l)
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading return lines: %w", err)
	}
	err = each(ctx, tx, `SELECT pos, discount_id, title, kind, amount FROM return_discounts
		WHERE return_seq = ? ORDER BY pos, idx`, seq, func(s scanner) error {
		var d pos.ReturnDiscount
		var p int
		var a int64
		if err := s.Scan(&p, &d.DiscountID, &d.Title, &d.Kind, &a); err != nil {
			return err
		}
		d.Amount = m(a)
		for i := range r.Lines {
			if r.Lines[i].Pos == p {
				r.Lines[i].Discounts = append(r.Lines[i].Discounts, d)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading return discounts: %w", err)
	}
	err = each(ctx, tx, `SELECT method, amount FROM return_tenders WHERE return_seq = ? ORDER BY idx`, seq, func(s scanner) error {
		var method string
		var a int64
		if err := s.Scan(&method, &a); err != nil {
			return err
		}
		r.Tenders = append(r.Tenders, pos.Tender{Method: pos.TenderMethod(method), Amount: m(a)})
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading return tenders: %w", err)
	}
	return nil
}

// OpenShift records a new open shift; a till has at most one.
func (db *DB) OpenShift(ctx context.Context, s *pos.Shift, audit ...pos.AuditEntry) error {
	err := db.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM shifts WHERE till_id = ? AND closed_at IS NULL`, s.TillID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return pos.Errorf(pos.EConflict, "A shift is already open on this till: close it first.")
		}
		_, err := tx.exec(ctx, `INSERT INTO shifts (id, till_id, location_id, currency, opened_at, float, opened_by, opened_name)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, s.TillID, s.LocationID, string(s.Currency), s.OpenedAt.UnixNano(), s.Float.Minor(), s.OpenedBy, s.OpenedName)
		if err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return wrapf(err, "opening a shift")
	}
	return nil
}

// CurrentShift returns the till's open shift with its cash moves, or nil.
func (db *DB) CurrentShift(ctx context.Context, tillID string) (*pos.Shift, error) {
	var s *pos.Shift
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		s, err = shiftTx(ctx, tx, `till_id = ? AND closed_at IS NULL`, tillID)
		return err
	})
	if err != nil {
		return nil, wrapf(err, "reading the shift")
	}
	return s, nil
}

// Shift returns the shift with that id, or nil.
func (db *DB) Shift(ctx context.Context, id string) (*pos.Shift, error) {
	var s *pos.Shift
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		s, err = shiftTx(ctx, tx, `id = ?`, id)
		return err
	})
	if err != nil {
		return nil, wrapf(err, "reading shift %s", id)
	}
	return s, nil
}

func shiftTx(ctx context.Context, tx *Tx, where string, args ...any) (*pos.Shift, error) {
	var (
		s               pos.Shift
		cur             string
		opened, float   int64
		closed, counted sql.NullInt64
		expected        sql.NullInt64
	)
	err := tx.queryRow(ctx, `SELECT id, till_id, location_id, currency, opened_at, float, closed_at, counted, expected,
			opened_by, opened_name, closed_by, closed_name
		FROM shifts WHERE `+where+` ORDER BY opened_at DESC LIMIT 1`, args...).
		Scan(&s.ID, &s.TillID, &s.LocationID, &cur, &opened, &float, &closed, &counted, &expected,
			&s.OpenedBy, &s.OpenedName, &s.ClosedBy, &s.ClosedName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c := pos.Currency(cur)
	s.Currency, s.OpenedAt, s.Float = c, nsTime(opened), pos.NewMoney(float, c)
	if closed.Valid {
		s.ClosedAt = nsTime(closed.Int64)
	}
	s.Counted, s.Expected = pos.NewMoney(counted.Int64, c), pos.NewMoney(expected.Int64, c)
	err = each(ctx, tx, `SELECT at, amount, reason, staff_id, no_sale FROM shift_moves WHERE shift_id = ? ORDER BY idx`, s.ID, func(sc scanner) error {
		var at, a, noSale int64
		var mv pos.CashMove
		if err := sc.Scan(&at, &a, &mv.Reason, &mv.StaffID, &noSale); err != nil {
			return err
		}
		mv.At, mv.Amount, mv.NoSale = nsTime(at), pos.NewMoney(a, c), noSale == 1
		s.Moves = append(s.Moves, mv)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading cash moves: %w", err)
	}
	return &s, nil
}

// AddCashMove records cash in or out of an open shift.
func (db *DB) AddCashMove(ctx context.Context, shiftID string, m pos.CashMove, audit ...pos.AuditEntry) error {
	err := db.update(ctx, func(tx *Tx) error {
		var open int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM shifts WHERE id = ? AND closed_at IS NULL`, shiftID).Scan(&open); err != nil {
			return err
		}
		if open == 0 {
			return pos.Errorf(pos.ENotAllowed, "No shift is open: open a shift with the float counted before selling.")
		}
		_, err := tx.exec(ctx, `INSERT INTO shift_moves (shift_id, idx, at, amount, reason, staff_id, no_sale)
			VALUES (?, (SELECT count(*) FROM shift_moves WHERE shift_id = ?), ?, ?, ?, ?, ?)`,
			shiftID, shiftID, m.At.UnixNano(), m.Amount.Minor(), m.Reason, m.StaffID, boolInt(m.NoSale))
		if err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return wrapf(err, "recording cash in or out")
	}
	return nil
}

// CloseShift records the close of an open shift.
func (db *DB) CloseShift(ctx context.Context, s *pos.Shift, audit ...pos.AuditEntry) error {
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE shifts SET closed_at = ?, counted = ?, expected = ?, closed_by = ?, closed_name = ?
			WHERE id = ? AND closed_at IS NULL`,
			s.ClosedAt.UnixNano(), s.Counted.Minor(), s.Expected.Minor(), s.ClosedBy, s.ClosedName, s.ID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("closing the shift: %w", err)
		}
		if n != 1 {
			return pos.Errorf(pos.EConflict, "This shift is already closed.")
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return wrapf(err, "closing the shift")
	}
	return nil
}

// ShiftActivity returns the orders of the shift's till from its opening to
// its close (now while open) and the returns made in the shift.
func (db *DB) ShiftActivity(ctx context.Context, s *pos.Shift) ([]*pos.Order, []pos.Return, error) {
	end := s.ClosedAt
	if end.IsZero() {
		end = time.Now()
	}
	var orders []*pos.Order
	var returns []pos.Return
	err := db.view(ctx, func(tx *Tx) error {
		live := false
		all, err := ordersTx(ctx, tx, OrderFilter{From: s.OpenedAt, To: end.Add(time.Nanosecond), Test: &live})
		if err != nil {
			return err
		}
		orders = orders[:0]
		for _, o := range all {
			if o.TillID == s.TillID {
				orders = append(orders, o)
			}
		}
		returns, err = returnsTx(ctx, tx, `r.shift_id = ?`, s.ID)
		return err
	})
	if err != nil {
		return nil, nil, wrapf(err, "reading the shift's sales")
	}
	return orders, returns, nil
}
