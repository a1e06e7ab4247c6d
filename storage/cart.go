package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"caisse/pos"
)

// SaveCart stores an open or parked cart whole, as JSON, in one statement.
// The till calls it on every change. A completed cart is not kept: saving
// one forgets it (CompleteOrder has already deleted it).
//
// The audit entries (a manager's approval of the change) are written in
// the same transaction: both or neither.
func (db *DB) SaveCart(ctx context.Context, c *pos.Cart, audit ...pos.AuditEntry) error {
	if c.Status == pos.CartCompleted && len(audit) == 0 {
		return db.DeleteCart(ctx, c.ID)
	}
	data, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("saving cart %s: %w", c.ID, err)
	}
	if len(audit) == 0 { // the usual change: one statement
		_, err = db.exec(ctx, saveCartSQL, c.ID, db.tillID, string(c.Status), c.StartedAt.UnixNano(), string(data), c.StaffID)
	} else {
		err = db.update(ctx, func(tx *Tx) error {
			if c.Status == pos.CartCompleted {
				if _, err := tx.exec(ctx, `DELETE FROM carts WHERE id = ?`, c.ID); err != nil {
					return err
				}
			} else if _, err := tx.exec(ctx, saveCartSQL, c.ID, db.tillID, string(c.Status), c.StartedAt.UnixNano(), string(data), c.StaffID); err != nil {
				return err
			}
			return appendAuditTx(ctx, tx, audit...)
		})
	}
	if err != nil {
		return fmt.Errorf("saving cart %s: %w", c.ID, err)
	}
	return nil
}

const saveCartSQL = `INSERT INTO carts (id, till_id, status, started_at, data, staff_id) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET till_id = excluded.till_id, status = excluded.status, data = excluded.data,
			staff_id = excluded.staff_id`

// DeleteCart forgets a cart; forgetting a cart that is not there is no error.
func (db *DB) DeleteCart(ctx context.Context, id string) error {
	if _, err := db.exec(ctx, `DELETE FROM carts WHERE id = ?`, id); err != nil {
		return fmt.Errorf("deleting cart %s: %w", id, err)
	}
	return nil
}

// LoadCarts returns this till's open and parked carts, oldest first.
func (db *DB) LoadCarts(ctx context.Context) ([]*pos.Cart, error) {
	var carts []*pos.Cart
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		carts, err = cartsTx(ctx, tx, db.tillID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("loading carts: %w", err)
	}
	return carts, nil
}

func cartsTx(ctx context.Context, tx *Tx, tillID string) ([]*pos.Cart, error) {
	rows, err := tx.query(ctx, `SELECT id, data FROM carts WHERE till_id = ? ORDER BY started_at, id`, tillID)
	if err != nil {
		return nil, fmt.Errorf("reading carts: %w", err)
	}
	defer rows.Close()
	var out []*pos.Cart
	for rows.Next() {
		var id, data string
		if err := rows.Scan(&id, &data); err != nil {
			return nil, fmt.Errorf("reading carts: %w", err)
		}
		c := new(pos.Cart)
		if err := json.Unmarshal([]byte(data), c); err != nil {
			return nil, fmt.Errorf("reading cart %s: %w", id, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading carts: %w", err)
	}
	return out, nil
}
