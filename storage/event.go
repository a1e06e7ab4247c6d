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

// OrderPayload is the JSON body of an order.completed event: the whole sale
// as a consumer at head office needs it, every line with its product,
// quantity, amounts, cross-sell flag and discounts. Amounts are decimal
// strings in the order's currency ("12.50"), never floats.
type OrderPayload struct {
	Order EventOrder `json:"order"`
}

// EventOrder is the order inside an event.
type EventOrder struct {
	ID               string          `json:"id"`
	Number           int64           `json:"number"`
	Label            string          `json:"label"`
	Test             bool            `json:"test"`
	LocationID       string          `json:"location_id"`
	TillID           string          `json:"till_id"`
	CartID           string          `json:"cart_id"`
	CreatedAt        time.Time       `json:"created_at"`
	Currency         string          `json:"currency"`
	Lines            []EventLine     `json:"lines"`
	Gross            string          `json:"gross"`
	Subtotal         string          `json:"subtotal"`
	OrderDiscounts   []EventDiscount `json:"order_discounts"`
	Shipping         string          `json:"shipping"`
	ShippingDiscount string          `json:"shipping_discount"`
	DiscountTotal    string          `json:"discount_total"`
	Tax              string          `json:"tax"`
	Total            string          `json:"total"`
	Applied          []EventDiscount `json:"applied"`
	Tenders          []EventTender   `json:"tenders"`
	Paid             string          `json:"paid"`
	Change           string          `json:"change"`
	StaffID          string          `json:"staff_id,omitempty"` // who took the payment
}

// EventLine is one line of a sold order. Its discounts are what each
// discount took off it (class and source are in the order's applied list):
// its product and custom line discounts, then its shares of the order-level
// discounts; amount is the line after its own discounts, before its shares.
type EventLine struct {
	Line      int             `json:"line"`
	Product   string          `json:"product"`
	Price     string          `json:"price"`
	Title     string          `json:"title"`
	Quantity  int             `json:"quantity"`
	UnitPrice string          `json:"unit_price"`
	Subtotal  string          `json:"subtotal"`
	Discounts []EventDiscount `json:"discounts"`
	Amount    string          `json:"amount"`
	Tax       string          `json:"tax"`
	CrossSell bool            `json:"cross_sell"`
}

// EventDiscount is one discount's amount, on the order (with its class and
// source) or on a line.
type EventDiscount struct {
	Discount string `json:"discount"`
	Class    string `json:"class,omitempty"`
	Source   string `json:"source,omitempty"`
	Code     string `json:"code,omitempty"`
	Amount   string `json:"amount"`
}

// EventTender is one payment.
type EventTender struct {
	Method string `json:"method"`
	Amount string `json:"amount"`
}

// orderPayload builds the event body of o, numbered number.
func orderPayload(o *pos.Order, number int64) OrderPayload {
	q := &o.Quote
	amt := func(m pos.Money) string { return pos.NewMoney(m.Minor(), o.Currency).String() }
	numbered := *o
	numbered.Number = number
	e := EventOrder{
		ID: o.ID, Number: number, Label: numbered.NumberLabel(), Test: o.Test, LocationID: o.LocationID,
		TillID: o.TillID, CartID: o.CartID, CreatedAt: o.CreatedAt.UTC(), Currency: string(o.Currency),
		Gross: amt(pos.NewMoney(gross(q), o.Currency)), Subtotal: amt(q.Subtotal),
		Shipping: amt(q.Shipping), ShippingDiscount: amt(q.ShippingDiscount),
		DiscountTotal: amt(pos.NewMoney(discountTotal(q), o.Currency)),
		Tax:           amt(q.Tax), Total: amt(q.Total), Paid: amt(o.Paid), Change: amt(o.Change), StaffID: o.StaffID,
		Lines: []EventLine{}, OrderDiscounts: []EventDiscount{}, Applied: []EventDiscount{}, Tenders: []EventTender{},
	}
	for _, l := range q.Lines {
		el := EventLine{Line: l.Pos, Product: l.ProductID, Price: l.PriceID, Title: l.Title, Quantity: l.Quantity,
			UnitPrice: amt(l.UnitPrice), Subtotal: amt(l.Subtotal), Amount: amt(l.Amount),
			Tax: amt(l.Tax), CrossSell: l.CrossSell, Discounts: []EventDiscount{}}
		for _, d := range l.Discounts {
			el.Discounts = append(el.Discounts, EventDiscount{Discount: d.DiscountID, Amount: amt(d.Amount)})
		}
		e.Lines = append(e.Lines, el)
	}
	for _, d := range q.OrderDiscounts {
		e.OrderDiscounts = append(e.OrderDiscounts, EventDiscount{Discount: d.DiscountID, Class: string(pos.ClassOrder),
			Source: string(d.Source), Amount: amt(d.Amount)})
		for i, s := range d.Shares {
			if s.IsZero() {
				continue
			}
			l := &e.Lines[i]
			l.Discounts = append(l.Discounts, EventDiscount{Discount: d.DiscountID, Amount: amt(s)})
		}
	}
	for _, a := range q.Applied {
		e.Applied = append(e.Applied, EventDiscount{Discount: a.DiscountID, Class: string(a.Class),
			Source: string(a.Source), Code: a.Code, Amount: amt(a.Amount)})
	}
	for _, t := range o.Tenders {
		e.Tenders = append(e.Tenders, EventTender{Method: string(t.Method), Amount: amt(t.Amount)})
	}
	return OrderPayload{Order: e}
}

// insertOrderEventTx appends the order.completed event.
func insertOrderEventTx(ctx context.Context, tx *Tx, o *pos.Order, number int64) error {
	payload, err := json.Marshal(orderPayload(o, number))
	if err != nil {
		return fmt.Errorf("encoding the order event: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO events (id, type, order_id, till_id, at, payload)
		VALUES (?, ?, ?, ?, ?, ?)`,
		pos.NewID(o.CreatedAt), pos.EventOrderCompleted, o.ID, o.TillID, o.CreatedAt.UnixNano(), string(payload))
	if err != nil {
		return fmt.Errorf("writing the order event: %w", err)
	}
	return nil
}

// Events returns up to limit events after the cursor afterSeq (0: from the
// start), in the order they were written.
func (db *DB) Events(ctx context.Context, afterSeq int64, limit int) ([]pos.Event, error) {
	if limit <= 0 {
		limit = 1000
	}
	var out []pos.Event
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = eventsTx(ctx, tx, afterSeq, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading events after %d: %w", afterSeq, err)
	}
	return out, nil
}

func eventsTx(ctx context.Context, tx *Tx, afterSeq int64, limit int) ([]pos.Event, error) {
	rows, err := tx.query(ctx, `SELECT seq, id, type, coalesce(order_id, ''), till_id, at, payload
		FROM events WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pos.Event
	for rows.Next() {
		var e pos.Event
		var at int64
		var payload string
		if err := rows.Scan(&e.Seq, &e.ID, &e.Type, &e.OrderID, &e.TillID, &at, &payload); err != nil {
			return nil, err
		}
		e.At, e.Payload = nsTime(at), []byte(payload)
		out = append(out, e)
	}
	return out, rows.Err()
}

// EventSeq returns the cursor of the event with that id, so a consumer may
// resume after an event id as well as after a sequence number.
func (db *DB) EventSeq(ctx context.Context, id string) (int64, error) {
	var seq int64
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT seq FROM events WHERE id = ?`, id).Scan(&seq)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, pos.Errorf(pos.ENotFound, "There is no event %s.", id)
	}
	if err != nil {
		return 0, fmt.Errorf("finding event %s: %w", id, err)
	}
	return seq, nil
}
