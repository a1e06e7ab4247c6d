package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"caisse/pos"
)

// Settings keys of the approval limit (percent as a decimal, amounts in
// minor units with their currency) and of the idle lock (seconds). A
// database where the limit was never saved has pos.DefaultApprovalLimit.
const (
	settingApprovalPercent  = "approval_limit_percent"
	settingApprovalAmount   = "approval_limit_amount"
	settingApprovalCurrency = "approval_limit_currency"
	settingRefundAmount     = "refund_limit_amount"
	settingIdleLock         = "idle_lock_seconds"
)

const staffColumns = `id, name, role, pin_hash, active, failed_pins, lockouts, locked_until, demo_pin`

func saveStaffTx(ctx context.Context, tx *Tx, s pos.Staff) error {
	_, err := tx.exec(ctx, `INSERT INTO staff (`+staffColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,
			pin_hash = excluded.pin_hash, active = excluded.active, failed_pins = excluded.failed_pins,
			lockouts = excluded.lockouts, locked_until = excluded.locked_until, demo_pin = excluded.demo_pin`,
		s.ID, s.Name, string(s.Role), s.PINHash, boolInt(s.Active), s.FailedPINs, s.Lockouts,
		timeValue(s.LockedUntil), boolInt(s.DemoPIN))
	if err != nil {
		return fmt.Errorf("writing staff %s: %w", s.ID, err)
	}
	return nil
}

// SaveStaff adds or replaces a member of staff (the PIN already hashed)
// with its audit entries, in one transaction. It refuses a change that
// would leave no active manager where there was one.
func (db *DB) SaveStaff(ctx context.Context, s pos.Staff, audit ...pos.AuditEntry) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if !storableTime(s.LockedUntil) {
		return pos.Errorf(pos.EInvalid, "the lockout's end cannot be stored")
	}
	err := db.update(ctx, func(tx *Tx) error {
		var others, before int
		if err := tx.queryRow(ctx, `SELECT count(*) FILTER (WHERE id <> ?), count(*) FROM staff WHERE role = 'manager' AND active = 1`, s.ID).
			Scan(&others, &before); err != nil {
			return err
		}
		if before > 0 && others == 0 && !s.IsManager() {
			return pos.CheckManagersLeft(nil, s)
		}
		if err := saveStaffTx(ctx, tx, s); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return fmt.Errorf("saving staff %s: %w", s.ID, err)
	}
	return nil
}

// UpdateStaff runs fn on the member as stored inside one write transaction
// and writes back the PIN hash (a changed hash clears demo_pin) and the
// lockout fields, with the audit entries fn returns. The lockout is decided
// there, so two tills trying PINs at once count every try.
func (db *DB) UpdateStaff(ctx context.Context, id string, fn func(s *pos.Staff) ([]pos.AuditEntry, error)) error {
	err := db.update(ctx, func(tx *Tx) error {
		list, err := staffTx(ctx, tx, `WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return pos.Errorf(pos.ENotFound, "There is no member of staff %s.", id)
		}
		s := list[0]
		entries, err := fn(&s)
		if err != nil {
			return err
		}
		if !storableTime(s.LockedUntil) {
			return pos.Errorf(pos.EInvalid, "the lockout's end cannot be stored")
		}
		demo := list[0].DemoPIN && s.PINHash == list[0].PINHash
		_, err = tx.exec(ctx, `UPDATE staff SET pin_hash = ?, failed_pins = ?, lockouts = ?, locked_until = ?, demo_pin = ?
			WHERE id = ?`, s.PINHash, s.FailedPINs, s.Lockouts, timeValue(s.LockedUntil), boolInt(demo), id)
		if err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, entries...)
	})
	if err != nil {
		return wrapf(err, "updating staff %s", id)
	}
	return nil
}

// SeedStaff writes staff when there is nobody yet and reports whether it did.
func (db *DB) SeedStaff(ctx context.Context, staff []pos.Staff) (bool, error) {
	seeded := false
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		seeded, err = seedStaffTx(ctx, tx, staff)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("seeding staff: %w", err)
	}
	return seeded, nil
}

func seedStaffTx(ctx context.Context, tx *Tx, staff []pos.Staff) (bool, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM staff`).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	for _, s := range staff {
		if err := s.Validate(); err != nil {
			return false, err
		}
		if err := saveStaffTx(ctx, tx, s); err != nil {
			return false, err
		}
	}
	return true, nil
}

// seedDemoStaff gives a database that has no staff the demo manager and
// cashier (pos.DemoStaff): every new database, however it is made, gets
// them when it is opened. A database with staff keeps its own.
func (db *DB) seedDemoStaff(ctx context.Context) error {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM staff`).Scan(&n); err != nil {
		return fmt.Errorf("reading staff: %w", err)
	}
	if n > 0 {
		return nil
	}
	demo, err := pos.DemoStaff()
	if err != nil {
		return err
	}
	_, err = db.SeedStaff(ctx, demo)
	return err
}

// Staff returns every member of staff, by id.
func (db *DB) Staff(ctx context.Context) ([]pos.Staff, error) {
	var out []pos.Staff
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = staffTx(ctx, tx, ``)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading staff: %w", err)
	}
	return out, nil
}

func staffTx(ctx context.Context, tx *Tx, where string, args ...any) ([]pos.Staff, error) {
	rows, err := tx.query(ctx, `SELECT `+staffColumns+` FROM staff `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pos.Staff
	for rows.Next() {
		var (
			s            pos.Staff
			role         string
			active, demo int64
			locked       sql.NullInt64
		)
		if err := rows.Scan(&s.ID, &s.Name, &role, &s.PINHash, &active, &s.FailedPINs, &s.Lockouts, &locked, &demo); err != nil {
			return nil, err
		}
		s.Role, s.Active, s.DemoPIN, s.LockedUntil = pos.Role(role), active == 1, demo == 1, timeFrom(locked)
		out = append(out, s)
	}
	return out, rows.Err()
}

// ApprovalLimit returns the limits above which a manager is needed. Never
// saved: pos.DefaultApprovalLimit in the location's currency.
func (db *DB) ApprovalLimit(ctx context.Context) (pos.ApprovalLimit, error) {
	var l pos.ApprovalLimit
	err := db.view(ctx, func(tx *Tx) error {
		p, set, err := settingTx(ctx, tx, settingApprovalPercent)
		if err != nil {
			return err
		}
		if !set {
			loc, err := currentLocationTx(ctx, tx)
			if err != nil {
				return err
			}
			l = pos.DefaultApprovalLimit(loc.Currency)
			return nil
		}
		if l.Percent, err = parseRate(p); err != nil {
			return err
		}
		cur, _, err := settingTx(ctx, tx, settingApprovalCurrency)
		if err != nil {
			return err
		}
		if l.Amount, err = moneySettingTx(ctx, tx, settingApprovalAmount, pos.Currency(cur)); err != nil {
			return err
		}
		l.Refund, err = moneySettingTx(ctx, tx, settingRefundAmount, pos.Currency(cur))
		return err
	})
	if err != nil {
		return l, fmt.Errorf("reading the approval limit: %w", err)
	}
	return l, nil
}

// moneySettingTx reads an amount in minor units (absent: zero).
func moneySettingTx(ctx context.Context, tx *Tx, key string, cur pos.Currency) (pos.Money, error) {
	a, ok, err := settingTx(ctx, tx, key)
	if err != nil || !ok {
		return pos.Zero(cur), err
	}
	minor, err := strconv.ParseInt(a, 10, 64)
	if err != nil {
		return pos.Money{}, fmt.Errorf("setting %s = %q: %w", key, a, err)
	}
	return pos.NewMoney(minor, cur), nil
}

// SaveApprovalLimit writes the limits and their audit entries in one transaction.
func (db *DB) SaveApprovalLimit(ctx context.Context, l pos.ApprovalLimit, audit ...pos.AuditEntry) error {
	if err := l.Validate(); err != nil {
		return err
	}
	cur := l.Amount.Currency()
	if cur == "" {
		cur = l.Refund.Currency()
	}
	if !l.Amount.IsZero() && !l.Refund.IsZero() && l.Amount.Currency() != l.Refund.Currency() {
		return pos.Errorf(pos.EInvalid, "the limits must be in one currency")
	}
	err := db.update(ctx, func(tx *Tx) error {
		if err := saveApprovalLimitTx(ctx, tx, l, cur); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return fmt.Errorf("saving the approval limit: %w", err)
	}
	return nil
}

func saveApprovalLimitTx(ctx context.Context, tx *Tx, l pos.ApprovalLimit, cur pos.Currency) error {
	for _, kv := range [][2]string{
		{settingApprovalPercent, rateText(l.Percent)},
		{settingApprovalAmount, strconv.FormatInt(l.Amount.Minor(), 10)},
		{settingRefundAmount, strconv.FormatInt(l.Refund.Minor(), 10)},
		{settingApprovalCurrency, string(cur)},
	} {
		if err := setSettingTx(ctx, tx, kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// IdleLock is how long the till waits idle before it locks itself
// (pos.DefaultIdleLock when never set).
func (db *DB) IdleLock(ctx context.Context) (time.Duration, error) {
	d := pos.DefaultIdleLock
	err := db.view(ctx, func(tx *Tx) error {
		v, ok, err := settingTx(ctx, tx, settingIdleLock)
		if err != nil || !ok {
			return err
		}
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs <= 0 {
			return errors.Join(fmt.Errorf("setting %s = %q is not a number of seconds", settingIdleLock, v), err)
		}
		d = time.Duration(secs) * time.Second
		return nil
	})
	if err != nil {
		return pos.DefaultIdleLock, fmt.Errorf("reading the idle lock: %w", err)
	}
	return d, nil
}

// SaveIdleLock saves the idle lock with its audit entries.
func (db *DB) SaveIdleLock(ctx context.Context, d time.Duration, audit ...pos.AuditEntry) error {
	if d < time.Second {
		return pos.Errorf(pos.EInvalid, "The idle lock is at least a second.")
	}
	err := db.update(ctx, func(tx *Tx) error {
		if err := setSettingTx(ctx, tx, settingIdleLock, strconv.FormatInt(int64(d/time.Second), 10)); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return fmt.Errorf("saving the idle lock: %w", err)
	}
	return nil
}
