package storage

import (
	"context"
	"fmt"

	"caisse/pos"
)

// AppendAudit writes one audit entry on its own (a manager's approval at the till).
func (db *DB) AppendAudit(ctx context.Context, e pos.AuditEntry) error {
	if err := db.update(ctx, func(tx *Tx) error { return appendAuditTx(ctx, tx, e) }); err != nil {
		return fmt.Errorf("writing the audit log: %w", err)
	}
	return nil
}

// appendAuditTx appends e after the log's last entry, chained to it: it
// reads the head (the last entry's seq and hash) inside the write
// transaction, so two tills appending at once chain one after the other.
func appendAuditTx(ctx context.Context, tx *Tx, e pos.AuditEntry) error {
	if e.StaffID == "" || e.Action == "" {
		return pos.Errorf(pos.EInvalid, "an audit entry needs who and what")
	}
	if !storableTime(e.At) || e.At.IsZero() {
		return pos.Errorf(pos.EInvalid, "an audit entry needs a time")
	}
	var (
		last int64
		prev string
	)
	if err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_head`).Scan(&last, &prev); err != nil {
		return fmt.Errorf("reading the audit log's last entry: %w", err)
	}
	e.Seq = last + 1
	_, err := tx.exec(ctx, `INSERT INTO audit_log (seq, at, staff_id, action, subject, before, after, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, e.At.UnixNano(), e.StaffID, e.Action, e.Subject, e.Before, e.After,
		auditHash(prev, e))
	if err != nil {
		return fmt.Errorf("writing the audit log: %w", err)
	}
	return nil
}

// Audit returns the audit log, newest first, at most limit entries (0: all).
func (db *DB) Audit(ctx context.Context, limit int) ([]pos.AuditEntry, error) {
	if limit <= 0 {
		limit = -1
	}
	var out []pos.AuditEntry
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT seq, at, staff_id, action, subject, before, after
			FROM audit_log ORDER BY seq DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				e  pos.AuditEntry
				at int64
			)
			if err := rows.Scan(&e.Seq, &at, &e.StaffID, &e.Action, &e.Subject, &e.Before, &e.After); err != nil {
				return err
			}
			e.At = nsTime(at)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("reading the audit log: %w", err)
	}
	return out, nil
}

// SaveDiscountAudited adds or replaces a discount and writes its audit entry
// in one transaction: both or neither.
func (db *DB) SaveDiscountAudited(ctx context.Context, d pos.Discount, e pos.AuditEntry) error {
	err := db.update(ctx, func(tx *Tx) error {
		if err := saveDiscountTx(ctx, tx, d); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, e)
	})
	if err != nil {
		return fmt.Errorf("saving discount %s: %w", d.ID, err)
	}
	return nil
}

// SaveProductAudited adds or replaces a product (refusing a SKU or barcode
// another product has) and writes its audit entry in one transaction.
func (db *DB) SaveProductAudited(ctx context.Context, p pos.Product, e pos.AuditEntry) error {
	err := db.update(ctx, func(tx *Tx) error {
		other, err := holderTx(ctx, tx, `SELECT id FROM products WHERE sku = ? AND id <> ?`, p.SKU, p.ID)
		if err != nil {
			return err
		}
		if other != "" {
			return pos.Errorf(pos.EConflict, "product %s: product %s already has the SKU %s", p.ID, other, p.SKU)
		}
		if err := saveProductTx(ctx, tx, p); err != nil {
			return err
		}
		if err := checkCrossSellsTx(ctx, tx); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, e)
	})
	if err != nil {
		return fmt.Errorf("saving product %s: %w", p.ID, err)
	}
	return nil
}

// SaveLocationAudited saves the till's location and its audit entry in one transaction.
func (db *DB) SaveLocationAudited(ctx context.Context, loc pos.Location, e pos.AuditEntry) error {
	err := db.update(ctx, func(tx *Tx) error {
		if err := saveLocationTx(ctx, tx, loc); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, e)
	})
	if err != nil {
		return fmt.Errorf("saving location %q: %w", loc.ID, err)
	}
	return nil
}
