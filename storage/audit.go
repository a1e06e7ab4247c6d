package storage

import (
	"context"
	"fmt"

	"caisse/pos"
)

// AppendAudit writes audit entries on their own, in one transaction.
func (db *DB) AppendAudit(ctx context.Context, entries ...pos.AuditEntry) error {
	if err := db.update(ctx, func(tx *Tx) error { return appendAuditTx(ctx, tx, entries...) }); err != nil {
		return fmt.Errorf("writing the audit log: %w", err)
	}
	return nil
}

// appendAuditTx writes audit entries in tx (the transaction of the change
// they record).
func appendAuditTx(ctx context.Context, tx *Tx, entries ...pos.AuditEntry) error {
	for _, e := range entries {
		if err := appendAuditEntryTx(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// appendAuditEntryTx appends e after the log's last entry, chained to it: it
// reads the head (the last entry's seq and hash) inside the write
// transaction, so two tills appending at once chain one after the other.
func appendAuditEntryTx(ctx context.Context, tx *Tx, e pos.AuditEntry) error {
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
