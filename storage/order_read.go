package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"caisse/pos"
)

// orderColumns are read by scanOrder, in this order.
const orderColumns = `o.seq, o.id, o.location_id, o.test, o.number, o.till_id, o.cart_id, o.created_at,
	o.currency, o.subtotal, o.shipping, o.shipping_discount, o.tax, o.exclusive_tax, o.total,
	o.paid, o.change, o.units, o.extra, o.order_discounts, o.applied, o.tenders, o.staff_id, o.staff_name`

// orderTx returns the one order matching where (a condition on orders o).
func orderTx(ctx context.Context, tx *Tx, where string, args ...any) (*pos.Order, error) {
	row := tx.queryRow(ctx, `SELECT `+orderColumns+` FROM orders o WHERE `+where, args...)
	seq, o, err := scanOrder(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pos.Errorf(pos.ENotFound, "There is no such order.")
	}
	if err != nil {
		return nil, err
	}
	if err := loadOrderRowsTx(ctx, tx, seq, o); err != nil {
		return nil, err
	}
	return o, nil
}

// ordersTx returns the orders f selects, oldest first.
func ordersTx(ctx context.Context, tx *Tx, f OrderFilter) ([]*pos.Order, error) {
	cond, args := f.where()
	query := `SELECT ` + orderColumns + ` FROM ` + f.from() + ` WHERE ` + cond + ` ORDER BY o.created_at, o.seq`
	if f.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading orders: %w", err)
	}
	var seqs []int64
	var out []*pos.Order
	for rows.Next() {
		seq, o, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		seqs, out = append(seqs, seq), append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading orders: %w", err)
	}
	for i, o := range out {
		if err := loadOrderRowsTx(ctx, tx, seqs[i], o); err != nil {
			return nil, err
		}
	}
	return out, nil
}

type scanner interface{ Scan(dest ...any) error }

// scanOrder reads an orders row (orderColumns) and returns its seq.
func scanOrder(s scanner) (int64, *pos.Order, error) {
	var (
		o                                               pos.Order
		seq, createdAt                                  int64
		test                                            int64
		cur                                             string
		subtotal, shipping, shipDisc, tax, exTax, total int64
		paid, change                                    int64
		extra, orderDiscounts, applied, tenders         sql.NullString
	)
	err := s.Scan(&seq, &o.ID, &o.LocationID, &test, &o.Number, &o.TillID, &o.CartID, &createdAt,
		&cur, &subtotal, &shipping, &shipDisc, &tax, &exTax, &total, &paid, &change, &o.Quote.Units, &extra,
		&orderDiscounts, &applied, &tenders, &o.StaffID, &o.StaffName)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil, err
		}
		return 0, nil, fmt.Errorf("reading an order: %w", err)
	}
	c := pos.Currency(cur)
	m := func(minor int64) pos.Money { return pos.NewMoney(minor, c) }
	o.Test, o.CreatedAt, o.Currency = test == 1, nsTime(createdAt), c
	o.Quote.Currency = c
	o.Quote.Subtotal, o.Quote.Shipping, o.Quote.ShippingDiscount = m(subtotal), m(shipping), m(shipDisc)
	o.Quote.Tax, o.Quote.ExclusiveTax, o.Quote.Total = m(tax), m(exTax), m(total)
	o.Paid, o.Change = m(paid), m(change)
	if err := readOrderDetail(&o, orderDiscounts, applied, tenders); err != nil {
		return 0, nil, err
	}
	if extra.Valid {
		var x orderExtra
		if err := json.Unmarshal([]byte(extra.String), &x); err != nil {
			return 0, nil, fmt.Errorf("order %s: reading its codes and offers: %w", o.ID, err)
		}
		o.Quote.Codes, o.Quote.NotApplied, o.Quote.CrossSellOffers = x.Codes, x.NotApplied, x.Offers
		o.Note = x.Note
	}
	return seq, &o, nil
}

// loadOrderRowsTx fills in an order's lines with their discounts, and
// checks that every order-level discount has a share for each line.
func loadOrderRowsTx(ctx context.Context, tx *Tx, seq int64, o *pos.Order) error {
	if err := loadLinesTx(ctx, tx, seq, o); err != nil {
		return fmt.Errorf("reading order %s: %w", o.ID, err)
	}
	for _, d := range o.Quote.OrderDiscounts {
		if len(d.Shares) != len(o.Quote.Lines) {
			return fmt.Errorf("reading order %s: %s has %d line shares for %d lines", o.ID, d.DiscountID, len(d.Shares), len(o.Quote.Lines))
		}
	}
	return nil
}

// each runs query with its one argument and calls scan for every row.
func each(ctx context.Context, tx *Tx, query string, arg any, scan func(s scanner) error) error {
	rows, err := tx.query(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func loadLinesTx(ctx context.Context, tx *Tx, seq int64, o *pos.Order) error {
	m := func(minor int64) pos.Money { return pos.NewMoney(minor, o.Currency) }
	return each(ctx, tx, `SELECT pos, line_id, product_id, price_id, title, quantity, unit_price, subtotal,
			amount, order_share, net, tax, tax_behavior, cross_sell, split, discounts
		FROM order_lines WHERE order_seq = ? ORDER BY pos`, seq, func(s scanner) error {
		var (
			l                                  pos.QuoteLine
			unit, sub, amount, share, net, tax int64
			behavior                           string
			crossSell, split                   int64
			discounts                          sql.NullString
		)
		err := s.Scan(&l.Pos, &l.LineID, &l.ProductID, &l.PriceID, &l.Title, &l.Quantity, &unit, &sub,
			&amount, &share, &net, &tax, &behavior, &crossSell, &split, &discounts)
		if err != nil {
			return err
		}
		if l.Discounts, err = readLineDiscounts(discounts, o.Currency); err != nil {
			return fmt.Errorf("line %d's discounts: %w", l.Pos, err)
		}
		l.UnitPrice, l.Subtotal, l.Amount, l.OrderShare, l.Net, l.Tax = m(unit), m(sub), m(amount), m(share), m(net), m(tax)
		l.TaxBehavior, l.CrossSell, l.Split = pos.TaxBehavior(behavior), crossSell == 1, split == 1
		o.Quote.Lines = append(o.Quote.Lines, l)
		return nil
	})
}
