package storage

import (
	"context"
	"fmt"

	"caisse/pos"
)

// Settings keys of the approval limit (percent as a decimal, amount in minor
// units with its currency); absent means no limit.
const (
	settingApprovalPercent  = "approval_limit_percent"
	settingApprovalAmount   = "approval_limit_amount"
	settingApprovalCurrency = "approval_limit_currency"
)

// SaveStaff adds or replaces a member of staff (the PIN already hashed).
func (db *DB) SaveStaff(ctx context.Context, s pos.Staff) error {
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.update(ctx, func(tx *Tx) error { return saveStaffTx(ctx, tx, s) })
	if err != nil {
		return fmt.Errorf("saving staff %s: %w", s.ID, err)
	}
	return nil
}

func saveStaffTx(ctx context.Context, tx *Tx, s pos.Staff) error {
	_, err := tx.exec(ctx, `INSERT INTO staff (id, name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,
			pin_hash = excluded.pin_hash, active = excluded.active`,
		s.ID, s.Name, string(s.Role), s.PINHash, boolInt(s.Active))
	if err != nil {
		return fmt.Errorf("writing staff %s: %w", s.ID, err)
	}
	return nil
}

// SeedStaff writes staff when there is nobody yet and reports whether it did.
func (db *DB) SeedStaff(ctx context.Context, staff []pos.Staff) (bool, error) {
	seeded := false
	err := db.update(ctx, func(tx *Tx) error {
		seeded = false
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM staff`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		for _, s := range staff {
			if err := s.Validate(); err != nil {
				return err
			}
			if err := saveStaffTx(ctx, tx, s); err != nil {
				return err
			}
		}
		seeded = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("seeding staff: %w", err)
	}
	return seeded, nil
}

// Staff returns every member of staff, by id.
func (db *DB) Staff(ctx context.Context) ([]pos.Staff, error) {
	var out []pos.Staff
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT id, name, role, pin_hash, active FROM staff ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				s      pos.Staff
				role   string
				active int64
			)
			if err := rows.Scan(&s.ID, &s.Name, &role, &s.PINHash, &active); err != nil {
				return err
			}
			s.Role, s.Active = pos.Role(role), active == 1
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("reading staff: %w", err)
	}
	return out, nil
}

// ApprovalLimit returns the limit above which a custom discount needs a
// manager (zero: none set).
func (db *DB) ApprovalLimit(ctx context.Context) (pos.ApprovalLimit, error) {
	var l pos.ApprovalLimit
	err := db.view(ctx, func(tx *Tx) error {
		p, _, err := settingTx(ctx, tx, settingApprovalPercent)
		if err != nil {
			return err
		}
		if l.Percent, err = parseRate(p); err != nil {
			return err
		}
		a, ok, err := settingTx(ctx, tx, settingApprovalAmount)
		if err != nil || !ok {
			return err
		}
		cur, _, err := settingTx(ctx, tx, settingApprovalCurrency)
		if err != nil {
			return err
		}
		var minor int64
		if _, err := fmt.Sscan(a, &minor); err != nil {
			return fmt.Errorf("approval limit amount %q: %w", a, err)
		}
		l.Amount = pos.NewMoney(minor, pos.Currency(cur))
		return nil
	})
	if err != nil {
		return l, fmt.Errorf("reading the approval limit: %w", err)
	}
	return l, nil
}

// SaveApprovalLimit writes the limit and its audit entry in one transaction.
func (db *DB) SaveApprovalLimit(ctx context.Context, l pos.ApprovalLimit, e pos.AuditEntry) error {
	if err := l.Validate(); err != nil {
		return err
	}
	err := db.update(ctx, func(tx *Tx) error {
		for k, v := range map[string]string{
			settingApprovalPercent:  rateText(l.Percent),
			settingApprovalAmount:   fmt.Sprint(l.Amount.Minor()),
			settingApprovalCurrency: string(l.Amount.Currency()),
		} {
			if err := setSettingTx(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return appendAuditTx(ctx, tx, e)
	})
	if err != nil {
		return fmt.Errorf("saving the approval limit: %w", err)
	}
	return nil
}

// SaveStaffAudited adds or replaces a member of staff and writes the audit
// entry in one transaction, refusing a change that leaves no active manager.
func (db *DB) SaveStaffAudited(ctx context.Context, s pos.Staff, e pos.AuditEntry) error {
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.update(ctx, func(tx *Tx) error {
		var others int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM staff WHERE role = 'manager' AND active = 1 AND id <> ?`, s.ID).Scan(&others); err != nil {
			return err
		}
		if others == 0 && !s.IsManager() {
			return pos.CheckManagersLeft(nil, s)
		}
		if err := saveStaffTx(ctx, tx, s); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, e)
	})
	if err != nil {
		return fmt.Errorf("saving staff %s: %w", s.ID, err)
	}
	return nil
}
