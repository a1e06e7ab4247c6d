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
	o.paid, o.change, o.units, o.extra`

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
		extra                                           sql.NullString
	)
	err := s.Scan(&seq, &o.ID, &o.LocationID, &test, &o.Number, &o.TillID, &o.CartID, &createdAt,
		&cur, &subtotal, &shipping, &shipDisc, &tax, &exTax, &total, &paid, &change, &o.Quote.Units, &extra)
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
	if extra.Valid {
		var x orderExtra
		if err := json.Unmarshal([]byte(extra.String), &x); err != nil {
			return 0, nil, fmt.Errorf("order %s: reading its codes and offers: %w", o.ID, err)
		}
		o.Quote.Codes, o.Quote.NotApplied, o.Quote.CrossSellOffers = x.Codes, x.NotApplied, x.Offers
	}
	return seq, &o, nil
}

// loadOrderRowsTx fills in an order's lines, discounts and tenders.
func loadOrderRowsTx(ctx context.Context, tx *Tx, seq int64, o *pos.Order) error {
	for _, load := range []func(context.Context, *Tx, int64, *pos.Order) error{
		loadLinesTx, loadOrderDiscountsTx, loadLineDiscountsTx, loadAppliedTx, loadTendersTx,
	} {
		if err := load(ctx, tx, seq, o); err != nil {
			return fmt.Errorf("reading order %s: %w", o.ID, err)
		}
	}
	return nil
}

// each runs query and calls scan for every row.
func each(ctx context.Context, tx *Tx, query string, seq int64, scan func(s scanner) error) error {
	rows, err := tx.query(ctx, query, seq)
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
			amount, order_share, net, tax, tax_behavior, cross_sell, split
		FROM order_lines WHERE order_seq = ? ORDER BY pos`, seq, func(s scanner) error {
		var (
			l                                  pos.QuoteLine
			unit, sub, amount, share, net, tax int64
			behavior                           string
			crossSell, split                   int64
		)
		err := s.Scan(&l.Pos, &l.LineID, &l.ProductID, &l.PriceID, &l.Title, &l.Quantity, &unit, &sub,
			&amount, &share, &net, &tax, &behavior, &crossSell, &split)
		if err != nil {
			return err
		}
		l.UnitPrice, l.Subtotal, l.Amount, l.OrderShare, l.Net, l.Tax = m(unit), m(sub), m(amount), m(share), m(net), m(tax)
		l.TaxBehavior, l.CrossSell, l.Split = pos.TaxBehavior(behavior), crossSell == 1, split == 1
		o.Quote.Lines = append(o.Quote.Lines, l)
		return nil
	})
}

// loadLineDiscountsTx reads what each discount took off each line: the
// line's own discounts, and its shares of the order-level discounts (read
// before).
func loadLineDiscountsTx(ctx context.Context, tx *Tx, seq int64, o *pos.Order) error {
	byPos := map[int]*pos.QuoteLine{}
	for i := range o.Quote.Lines {
		byPos[o.Quote.Lines[i].Pos] = &o.Quote.Lines[i]
	}
	return each(ctx, tx, `SELECT pos, kind, idx, discount_id, title, source, amount, units, reason
		FROM order_line_discounts WHERE order_seq = ? ORDER BY kind, idx, pos`, seq, func(s scanner) error {
		var (
			p, idx       int
			kind, source string
			amount       int64
			d            pos.LineDiscount
		)
		if err := s.Scan(&p, &kind, &idx, &d.DiscountID, &d.Title, &source, &amount, &d.Units, &d.Reason); err != nil {
			return err
		}
		l, ok := byPos[p]
		if !ok {
			return fmt.Errorf("a discount on line %d, which is missing", p)
		}
		d.Source, d.Amount = pos.Source(source), pos.NewMoney(amount, o.Currency)
		if kind == "line" {
			l.Discounts = append(l.Discounts, d)
			return nil
		}
		if idx >= len(o.Quote.OrderDiscounts) {
			return fmt.Errorf("line %d has a share of order discount %d, which is missing", p, idx)
		}
		od := &o.Quote.OrderDiscounts[idx]
		od.Shares = append(od.Shares, d.Amount)
		return nil
	})
}

func loadOrderDiscountsTx(ctx context.Context, tx *Tx, seq int64, o *pos.Order) error {
	return each(ctx, tx, `SELECT discount_id, title, source, amount, reason
		FROM order_level_discounts WHERE order_seq = ? ORDER BY idx`, seq, func(s scanner) error {
		var (
			d      pos.OrderDiscount
			source string
			amount int64
		)
		if err := s.Scan(&d.DiscountID, &d.Title, &source, &amount, &d.Reason); err != nil {
			return err
		}
		d.Source, d.Amount = pos.Source(source), pos.NewMoney(amount, o.Currency)
		o.Quote.OrderDiscounts = append(o.Quote.OrderDiscounts, d)
		return nil
	})
}

func loadAppliedTx(ctx context.Context, tx *Tx, seq int64, o *pos.Order) error {
	return each(ctx, tx, `SELECT discount_id, title, class, source, amount, line, code
		FROM order_discounts WHERE order_seq = ? ORDER BY idx`, seq, func(s scanner) error {
		var (
			a             pos.AppliedDiscount
			class, source string
			amount        int64
		)
		if err := s.Scan(&a.DiscountID, &a.Title, &class, &source, &amount, &a.Line, &a.Code); err != nil {
			return err
		}
		a.Class, a.Source, a.Amount = pos.Class(class), pos.Source(source), pos.NewMoney(amount, o.Currency)
		o.Quote.Applied = append(o.Quote.Applied, a)
		return nil
	})
}

func loadTendersTx(ctx context.Context, tx *Tx, seq int64, o *pos.Order) error {
	return each(ctx, tx, `SELECT method, amount FROM order_tenders WHERE order_seq = ? ORDER BY idx`, seq,
		func(s scanner) error {
			var method string
			var amount int64
			if err := s.Scan(&method, &amount); err != nil {
				return err
			}
			o.Tenders = append(o.Tenders, pos.Tender{Method: pos.TenderMethod(method), Amount: pos.NewMoney(amount, o.Currency)})
			return nil
		})
}
