package hq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"caisse/pos"

	"github.com/jackc/pgx/v5"
)

// Register finds or creates the shop and its till by name and returns their
// ids: joining again with the same names finds the same rows.
func (h *HQ) Register(ctx context.Context, shop, till string) (shopID, tillID int64, err error) {
	if shop == "" || till == "" {
		return 0, 0, errors.New("a shop name and a till name are needed to join")
	}
	err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		if shopID, err = shopIDTx(ctx, tx, shop); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO tills (shop_id, name) VALUES ($1, $2)
			ON CONFLICT (shop_id, name) DO UPDATE SET name = excluded.name RETURNING id`, shopID, till).Scan(&tillID)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("registering till %q of shop %q: %w", till, shop, err)
	}
	return shopID, tillID, nil
}

// shopIDTx finds or creates a shop by name.
func shopIDTx(ctx context.Context, tx pgx.Tx, shop string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO shops (name) VALUES ($1)
		ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`, shop).Scan(&id)
	return id, err
}

// Acked returns the till's acknowledged position.
func (h *HQ) Acked(ctx context.Context, tillID int64) (int64, error) {
	var seq int64
	if err := h.pool.QueryRow(ctx, `SELECT acked_seq FROM tills WHERE id = $1`, tillID).Scan(&seq); err != nil {
		return 0, fmt.Errorf("reading till %d's position: %w", tillID, err)
	}
	return seq, nil
}

// ErrUnknownTill is returned for a till the head office has not registered.
var ErrUnknownTill = errors.New("the head office does not know this till: join it again")

// Ingest stores a batch of one till's events, in its order, in one
// transaction that also advances the till's acknowledged position to the
// batch's last sequence number, and returns that position and how many
// events were new. An event already stored (same id) is skipped, so sending
// a batch again is harmless. Orders and returns also go to their tables and
// to the report's lines (report_lines), in the same transaction.
func (h *HQ) Ingest(ctx context.Context, tillID int64, events []pos.Event) (acked int64, stored int64, err error) {
	if len(events) == 0 {
		return 0, 0, nil
	}
	evRows, orderRows, returnRows, err := ingestRows(events)
	if err != nil {
		return 0, 0, err
	}
	last := events[len(events)-1].Seq
	err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		var shopID int64
		var shop, till string
		err := tx.QueryRow(ctx, `SELECT t.shop_id, t.acked_seq, s.name, t.name FROM tills t JOIN shops s ON s.id = t.shop_id
			WHERE t.id = $1 FOR UPDATE OF t`, tillID).Scan(&shopID, &acked, &shop, &till)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrUnknownTill
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, ingestTempTables); err != nil {
			return fmt.Errorf("making the upload tables: %w", err)
		}
		if err := copyRows(ctx, tx, "up_events", []string{"id", "seq", "type", "at", "payload"}, evRows); err != nil {
			return err
		}
		if err := copyRows(ctx, tx, "up_orders", []string{"id", "number", "test", "staff_id", "created_at",
			"currency", "gross", "discounts", "tax", "total", "tenders"}, orderRows); err != nil {
			return err
		}
		if err := copyRows(ctx, tx, "up_returns", []string{"id", "order_id", "test", "staff_id", "created_at",
			"currency", "total", "tenders"}, returnRows); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO events (id, till_id, seq, type, at, payload)
			SELECT id, $1, seq, type, at, payload FROM up_events ORDER BY seq
			ON CONFLICT (id) DO NOTHING`, tillID)
		if err != nil {
			return fmt.Errorf("storing the events: %w", err)
		}
		stored = tag.RowsAffected()
		if len(orderRows) > 0 || len(returnRows) > 0 {
			if _, err := tx.Exec(ctx, ingestSales, shopID, tillID, shop, till); err != nil {
				return fmt.Errorf("storing the orders and returns: %w", err)
			}
		}
		acked = max(acked, last)
		_, err = tx.Exec(ctx, `UPDATE tills SET acked_seq = $2, last_seen = now() WHERE id = $1`, tillID, acked)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("sending %d events: %w", len(events), err)
	}
	return acked, stored, nil
}

// The upload tables live for the connection and are emptied at commit.
const ingestTempTables = `
CREATE TEMP TABLE IF NOT EXISTS up_events (id text, seq bigint, type text, at timestamptz, payload jsonb) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS up_orders (id text, number bigint, test boolean, staff_id text, created_at timestamptz,
	currency text, gross bigint, discounts bigint, tax bigint, total bigint, tenders jsonb) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS up_returns (id text, order_id text, test boolean, staff_id text, created_at timestamptz,
	currency text, total bigint, tenders jsonb) ON COMMIT DELETE ROWS;`

// ingestSales stores the new orders and returns ($1 shop id, $2 till id,
// $3 and $4 their names) and adds the live ones to the report's lines
// (report_lines, migration 0002): the lines of report_lines_raw, for the
// rows this batch stored for the first time only. One statement, its rows
// upserted in key order: two tills of a shop adding to the shop's lines at
// once wait for each other, never deadlock.
const ingestSales = `
WITH new_orders AS (
	INSERT INTO orders (id, shop_id, till_id, number, test, staff_id, created_at, day, currency, gross, discounts, tax, total, tenders)
	SELECT id, $1, $2, number, test, staff_id, created_at, (created_at AT TIME ZONE 'UTC')::date, currency,
		gross, discounts, tax, total, tenders
	FROM up_orders
	ON CONFLICT (id) DO NOTHING
	RETURNING day, staff_id, currency, test, gross, discounts, tax, total, tenders
), new_returns AS (
	INSERT INTO returns (id, order_id, shop_id, till_id, test, staff_id, created_at, day, currency, total, tenders)
	SELECT id, order_id, $1, $2, test, staff_id, created_at, (created_at AT TIME ZONE 'UTC')::date, currency, total, tenders
	FROM up_returns
	ON CONFLICT (id) DO NOTHING
	RETURNING day, staff_id, currency, test, total, tenders
), o AS (
	SELECT day, $3::text AS shop, $4::text AS till, staff_id, currency, gross, discounts, tax, total, tenders
	FROM new_orders WHERE NOT test
), r AS (
	SELECT day, $3::text AS shop, $4::text AS till, staff_id, currency, total, tenders
	FROM new_returns WHERE NOT test
), lines (day, section, shop, till, staff, method, currency, orders, gross, discounts, tax, total, returns, refunded) AS (
	SELECT day, 'shop', shop, '', '', '', currency, 1, gross, discounts, tax, total, 0, 0 FROM o
	UNION ALL SELECT day, 'till', shop, till, '', '', currency, 1, gross, discounts, tax, total, 0, 0 FROM o
	UNION ALL SELECT day, 'staff', shop, '', staff_id, '', currency, 1, gross, discounts, tax, total, 0, 0 FROM o
	UNION ALL SELECT o.day, 'payment', o.shop, '', '', p->>'method', o.currency, 1, 0, 0, 0, (p->>'amount')::bigint, 0, 0
		FROM o CROSS JOIN LATERAL jsonb_array_elements(o.tenders) p
	UNION ALL SELECT day, 'shop', shop, '', '', '', currency, 0, 0, 0, 0, 0, 1, total FROM r
	UNION ALL SELECT day, 'till', shop, till, '', '', currency, 0, 0, 0, 0, 0, 1, total FROM r
	UNION ALL SELECT day, 'staff', shop, '', staff_id, '', currency, 0, 0, 0, 0, 0, 1, total FROM r
	UNION ALL SELECT r.day, 'payment', r.shop, '', '', p->>'method', r.currency, 0, 0, 0, 0, -(p->>'amount')::bigint, 0, 0
		FROM r CROSS JOIN LATERAL jsonb_array_elements(r.tenders) p
)
INSERT INTO report_lines AS l
SELECT day, section, shop, till, staff, method, currency,
	sum(orders), sum(gross), sum(discounts), sum(tax), sum(total), sum(returns), sum(refunded)
FROM lines
GROUP BY day, section, shop, till, staff, method, currency
ORDER BY day, section, shop, till, staff, method, currency
ON CONFLICT (day, section, shop, till, staff, method, currency) DO UPDATE SET
	orders = l.orders + excluded.orders, gross = l.gross + excluded.gross, discounts = l.discounts + excluded.discounts,
	tax = l.tax + excluded.tax, total = l.total + excluded.total,
	returns = l.returns + excluded.returns, refunded = l.refunded + excluded.refunded`

func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("uploading to %s: %w", table, err)
	}
	return nil
}

// What the head office reads from an order's and a return's event.
type (
	orderBody struct {
		Order struct {
			ID            string       `json:"id"`
			Number        int64        `json:"number"`
			Test          bool         `json:"test"`
			StaffID       string       `json:"staff_id"`
			CreatedAt     time.Time    `json:"created_at"`
			Currency      string       `json:"currency"`
			Gross         string       `json:"gross"`
			DiscountTotal string       `json:"discount_total"`
			Tax           string       `json:"tax"`
			Total         string       `json:"total"`
			Change        string       `json:"change"`
			Tenders       []tenderBody `json:"tenders"`
		} `json:"order"`
	}
	returnBody struct {
		Return struct {
			ID        string       `json:"id"`
			OrderID   string       `json:"order_id"`
			Test      bool         `json:"test"`
			StaffID   string       `json:"staff_id"`
			CreatedAt time.Time    `json:"created_at"`
			Currency  string       `json:"currency"`
			Total     string       `json:"total"`
			Tenders   []tenderBody `json:"tenders"`
		} `json:"return"`
	}
	tenderBody struct {
		Method string `json:"method"`
		Amount string `json:"amount"`
	}
	// tenderRow is a tender as stored: its amount in minor units.
	tenderRow struct {
		Method string `json:"method"`
		Amount int64  `json:"amount"`
	}
)

// ingestRows turns a batch of events into the upload tables' rows.
func ingestRows(events []pos.Event) (evs, orders, returns [][]any, err error) {
	for i, e := range events {
		if i > 0 && e.Seq <= events[i-1].Seq {
			return nil, nil, nil, fmt.Errorf("event %s: the batch is not in the till's order", e.ID)
		}
		if !json.Valid(e.Payload) {
			return nil, nil, nil, fmt.Errorf("event %s: its payload is not JSON", e.ID)
		}
		evs = append(evs, []any{e.ID, e.Seq, e.Type, e.At, e.Payload})
		switch e.Type {
		case pos.EventOrderCompleted:
			row, err := orderRow(e.Payload)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("event %s: %w", e.ID, err)
			}
			orders = append(orders, row)
		case pos.EventReturnCompleted:
			row, err := returnRow(e.Payload)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("event %s: %w", e.ID, err)
			}
			returns = append(returns, row)
		}
	}
	return evs, orders, returns, nil
}

func orderRow(payload []byte) ([]any, error) {
	var b orderBody
	if err := json.Unmarshal(payload, &b); err != nil {
		return nil, fmt.Errorf("reading the order: %w", err)
	}
	o := &b.Order
	cur, err := pos.ParseCurrency(o.Currency)
	if err != nil {
		return nil, err
	}
	var minor [5]int64
	for i, s := range []string{o.Gross, o.DiscountTotal, o.Tax, o.Total, o.Change} {
		if minor[i], err = minorUnits(s, cur); err != nil {
			return nil, fmt.Errorf("order %s: %w", o.ID, err)
		}
	}
	// Change is given in cash: the cash tenders are counted net of it.
	tenders, err := tenderRows(o.Tenders, cur, minor[4])
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", o.ID, err)
	}
	return []any{o.ID, o.Number, o.Test, o.StaffID, o.CreatedAt, string(cur), minor[0], minor[1], minor[2], minor[3], tenders}, nil
}

func returnRow(payload []byte) ([]any, error) {
	var b returnBody
	if err := json.Unmarshal(payload, &b); err != nil {
		return nil, fmt.Errorf("reading the return: %w", err)
	}
	r := &b.Return
	cur, err := pos.ParseCurrency(r.Currency)
	if err != nil {
		return nil, err
	}
	total, err := minorUnits(r.Total, cur)
	if err != nil {
		return nil, fmt.Errorf("return %s: %w", r.ID, err)
	}
	tenders, err := tenderRows(r.Tenders, cur, 0)
	if err != nil {
		return nil, fmt.Errorf("return %s: %w", r.ID, err)
	}
	return []any{r.ID, r.OrderID, r.Test, r.StaffID, r.CreatedAt, string(cur), total, tenders}, nil
}

// tenderRows converts tenders to minor units, taking change off the cash.
func tenderRows(ts []tenderBody, cur pos.Currency, change int64) ([]byte, error) {
	rows := make([]tenderRow, 0, len(ts))
	for _, t := range ts {
		m, err := minorUnits(t.Amount, cur)
		if err != nil {
			return nil, err
		}
		if t.Method == string(pos.Cash) && change > 0 {
			off := min(change, m)
			m, change = m-off, change-off
		}
		rows = append(rows, tenderRow{Method: t.Method, Amount: m})
	}
	return json.Marshal(rows)
}

func minorUnits(s string, cur pos.Currency) (int64, error) {
	if s == "" {
		return 0, nil
	}
	m, err := pos.ParseMoney(s, cur)
	if err != nil {
		return 0, fmt.Errorf("amount %q: %s", s, pos.ErrorMessage(err))
	}
	return m.Minor(), nil
}
