package storage

import (
	"context"
	"fmt"
	"time"

	"caisse/pos"
)

// SalesReport sums the live orders of the till's location over a period.
// Test orders are never in it.
type SalesReport struct {
	From, To  time.Time // From ≤ created_at < To
	Currency  pos.Currency
	Orders    int
	Units     int
	Gross     pos.Money // unit price × quantity, before discounts
	Discounts pos.Money // every discount, shipping discounts included
	Shipping  pos.Money // shipping charged, before its discount
	Tax       pos.Money // all tax, inside and on top of prices
	Total     pos.Money // what customers paid for their orders
}

// DailySales reports the live sales of the calendar day holding day, in
// day's time zone.
func (db *DB) DailySales(ctx context.Context, day time.Time) (SalesReport, error) {
	y, m, d := day.Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, day.Location())
	return db.Sales(ctx, from, from.AddDate(0, 0, 1))
}

// Sales reports the live sales of the till's location from ≤ created_at < to,
// in the location's currency.
func (db *DB) Sales(ctx context.Context, from, to time.Time) (SalesReport, error) {
	var r SalesReport
	err := db.view(ctx, func(tx *Tx) error {
		loc, err := currentLocationTx(ctx, tx)
		if err != nil {
			return err
		}
		r, err = salesTx(ctx, tx, loc, from, to)
		return err
	})
	if err != nil {
		return SalesReport{}, wrapf(err, "reporting sales from %s", from.Format(time.DateOnly))
	}
	return r, nil
}

func salesTx(ctx context.Context, tx *Tx, loc pos.Location, from, to time.Time) (SalesReport, error) {
	var orders, units, gross, discounts, shipping, tax, total int64
	err := tx.queryRow(ctx, `SELECT count(*), coalesce(sum(units), 0), coalesce(sum(gross), 0),
			coalesce(sum(discounts), 0), coalesce(sum(shipping), 0), coalesce(sum(tax), 0), coalesce(sum(total), 0)
		FROM orders INDEXED BY orders_created_at -- not the (location, test, number) index: every order
		WHERE created_at >= ? AND created_at < ? AND test = 0 AND location_id = ? AND currency = ?`,
		from.UnixNano(), to.UnixNano(), loc.ID, string(loc.Currency)).
		Scan(&orders, &units, &gross, &discounts, &shipping, &tax, &total)
	if err != nil {
		return SalesReport{}, fmt.Errorf("summing orders: %w", err)
	}
	m := func(minor int64) pos.Money { return pos.NewMoney(minor, loc.Currency) }
	return SalesReport{
		From: from, To: to, Currency: loc.Currency, Orders: int(orders), Units: int(units),
		Gross: m(gross), Discounts: m(discounts), Shipping: m(shipping), Tax: m(tax), Total: m(total),
	}, nil
}
