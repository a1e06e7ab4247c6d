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

// The settings that link a till to its head office (docs/headoffice.md).
const (
	settingHQURL     = "hq_url"
	settingHQShop    = "hq_shop"
	settingHQShopID  = "hq_shop_id"
	settingHQTill    = "hq_till"
	settingHQTillID  = "hq_till_id"
	settingHQAcked   = "hq_acked_seq"      // every event up to it is stored at head office
	settingHQVersion = "hq_config_version" // the configuration version applied
)

// HQLink is a till's link to its head office.
type HQLink struct {
	URL    string
	Shop   string
	ShopID int64
	Till   string // the till's name at head office: its till id
	TillID int64
}

// SetHQLink stores the till's head-office link; from then on the till is
// joined. Joining again (the same or another head office) keeps the
// acknowledged position only for the same till id at the same URL: another
// head office gets every event from the start.
func (db *DB) SetHQLink(ctx context.Context, l HQLink) error {
	err := db.update(ctx, func(tx *Tx) error {
		old, joined, err := hqLinkTx(ctx, tx)
		if err != nil {
			return err
		}
		if joined && (old.URL != l.URL || old.TillID != l.TillID) {
			if err := setSettingTx(ctx, tx, settingHQAcked, "0"); err != nil {
				return err
			}
		}
		for k, v := range map[string]string{settingHQURL: l.URL, settingHQShop: l.Shop,
			settingHQShopID: strconv.FormatInt(l.ShopID, 10), settingHQTill: l.Till,
			settingHQTillID: strconv.FormatInt(l.TillID, 10)} {
			if err := setSettingTx(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("storing the head-office link: %w", err)
	}
	return nil
}

// HQLink returns the till's head-office link, and whether it is joined.
func (db *DB) HQLink(ctx context.Context) (HQLink, bool, error) {
	var l HQLink
	var ok bool
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		l, ok, err = hqLinkTx(ctx, tx)
		return err
	})
	if err != nil {
		return l, false, fmt.Errorf("reading the head-office link: %w", err)
	}
	return l, ok, nil
}

func hqLinkTx(ctx context.Context, tx *Tx) (HQLink, bool, error) {
	var l HQLink
	tillID, ok, err := settingTx(ctx, tx, settingHQTillID)
	if err != nil || !ok {
		return l, false, err
	}
	shopID, _, err := settingTx(ctx, tx, settingHQShopID)
	if err != nil {
		return l, false, err
	}
	if l.URL, _, err = settingTx(ctx, tx, settingHQURL); err != nil {
		return l, false, err
	}
	if l.Shop, _, err = settingTx(ctx, tx, settingHQShop); err != nil {
		return l, false, err
	}
	if l.Till, _, err = settingTx(ctx, tx, settingHQTill); err != nil {
		return l, false, err
	}
	if l.TillID, err = strconv.ParseInt(tillID, 10, 64); err != nil {
		return l, false, fmt.Errorf("setting %s: %w", settingHQTillID, err)
	}
	if l.ShopID, err = strconv.ParseInt(shopID, 10, 64); err != nil {
		return l, false, fmt.Errorf("setting %s: %w", settingHQShopID, err)
	}
	return l, true, nil
}

// intSettingTx reads an integer setting (0 when unset).
func intSettingTx(ctx context.Context, tx *Tx, key string) (int64, error) {
	v, ok, err := settingTx(ctx, tx, key)
	if err != nil || !ok {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("setting %s: %w", key, err)
	}
	return n, nil
}

// PendingEvents returns up to limit events the head office has not
// acknowledged, oldest first.
func (db *DB) PendingEvents(ctx context.Context, limit int) ([]pos.Event, error) {
	var out []pos.Event
	err := db.view(ctx, func(tx *Tx) error {
		acked, err := intSettingTx(ctx, tx, settingHQAcked)
		if err != nil {
			return err
		}
		out, err = eventsTx(ctx, tx, acked, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading the events to send: %w", err)
	}
	return out, nil
}

// Waiting returns how many events wait for the head office's acknowledgement.
func (db *DB) Waiting(ctx context.Context) (int, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		acked, err := intSettingTx(ctx, tx, settingHQAcked)
		if err != nil {
			return err
		}
		return tx.queryRow(ctx, `SELECT count(*) FROM events WHERE seq > ?`, acked).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("counting the events to send: %w", err)
	}
	return n, nil
}

// AckEvents records that the head office stored every event up to seq. It
// never moves the position back.
func (db *DB) AckEvents(ctx context.Context, seq int64) error {
	err := db.update(ctx, func(tx *Tx) error {
		acked, err := intSettingTx(ctx, tx, settingHQAcked)
		if err != nil || seq <= acked {
			return err
		}
		return setSettingTx(ctx, tx, settingHQAcked, strconv.FormatInt(seq, 10))
	})
	if err != nil {
		return fmt.Errorf("recording the head office's acknowledgement: %w", err)
	}
	return nil
}

// ConfigVersion returns the head-office configuration version the till
// applied last (0: none).
func (db *DB) ConfigVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		v, err = intSettingTx(ctx, tx, settingHQVersion)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("reading the configuration version: %w", err)
	}
	return v, nil
}

// HQConfig is a configuration version from the head office: the whole
// set-up, and the staff when it carries them (nil leaves the till's staff
// as they are).
type HQConfig struct {
	Version int64
	Setup   pos.Setup
	Staff   []pos.Staff
	// Limits and IdleLock, when set, replace the till's approval limits
	// and idle lock (nil, 0: the till keeps its own).
	Limits   *pos.ApprovalLimit
	IdleLock time.Duration
	// Audit is written with the version: a back-office edit made on this
	// till, pushed to the head office, then applied here with its entries.
	Audit []pos.AuditEntry
}

// errDryRun rolls back CheckSetup's transaction.
var errDryRun = errors.New("dry run")

// CheckSetup applies c in a transaction it rolls back: the errors the
// till's own write would give (a SKU or barcode another product has, a
// cross-sell that cannot be one), before c is pushed to the head office.
func (db *DB) CheckSetup(ctx context.Context, c HQConfig) error {
	for i := range c.Staff {
		if err := c.Staff[i].Validate(); err != nil {
			return err
		}
	}
	err := db.update(ctx, func(tx *Tx) error {
		if err := replaceSetupTx(ctx, tx, c); err != nil {
			return err
		}
		return errDryRun
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// ReplaceSetup makes c the till's whole set-up in one transaction: the
// location, the catalog (products not in it are deleted), the discounts
// (likewise), the staff when c has them, and the version. A version not
// newer than the one applied changes nothing; it reports whether it applied.
func (db *DB) ReplaceSetup(ctx context.Context, c HQConfig) (bool, error) {
	for i := range c.Staff {
		if err := c.Staff[i].Validate(); err != nil {
			return false, err
		}
	}
	applied := false
	err := db.update(ctx, func(tx *Tx) error {
		applied = false
		v, err := intSettingTx(ctx, tx, settingHQVersion)
		if err != nil || c.Version <= v {
			return err
		}
		if err := replaceSetupTx(ctx, tx, c); err != nil {
			return err
		}
		applied = true
		return setSettingTx(ctx, tx, settingHQVersion, strconv.FormatInt(c.Version, 10))
	})
	if err != nil {
		return false, wrapf(err, "applying configuration version %d", c.Version)
	}
	return applied, nil
}

func replaceSetupTx(ctx context.Context, tx *Tx, c HQConfig) error {
	s := c.Setup
	if err := saveLocationTx(ctx, tx, s.Location); err != nil {
		return err
	}
	ids := make([]string, len(s.Products))
	for i, p := range s.Products {
		ids[i] = p.ID
	}
	if err := deleteAbsentTx(ctx, tx, "products", ids); err != nil {
		return err
	}
	for i, p := range s.Products {
		if err := saveProductTx(ctx, tx, p); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE products SET position = ? WHERE id = ?`, i+1, p.ID); err != nil {
			return fmt.Errorf("ordering product %s: %w", p.ID, err)
		}
	}
	if err := checkCrossSellsTx(ctx, tx); err != nil {
		return err
	}
	ids = make([]string, len(s.Discounts))
	for i, d := range s.Discounts {
		ids[i] = d.ID
	}
	if err := deleteAbsentTx(ctx, tx, "discounts", ids); err != nil {
		return err
	}
	for i, d := range s.Discounts {
		if err := saveDiscountTx(ctx, tx, d); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE discounts SET position = ? WHERE id = ?`, i+1, d.ID); err != nil {
			return fmt.Errorf("ordering discount %s: %w", d.ID, err)
		}
	}
	if c.Limits != nil {
		l := *c.Limits
		if err := l.Validate(); err != nil {
			return err
		}
		cur := l.Amount.Currency()
		if cur == "" {
			cur = l.Refund.Currency()
		}
		if err := saveApprovalLimitTx(ctx, tx, l, cur); err != nil {
			return err
		}
	}
	if c.IdleLock > 0 {
		if err := setSettingTx(ctx, tx, settingIdleLock, strconv.FormatInt(int64(c.IdleLock/time.Second), 10)); err != nil {
			return err
		}
	}
	if err := appendAuditTx(ctx, tx, c.Audit...); err != nil {
		return err
	}
	if c.Staff == nil {
		return nil
	}
	ids = make([]string, len(c.Staff))
	for i, st := range c.Staff {
		ids[i] = st.ID
	}
	if err := deleteAbsentTx(ctx, tx, "staff", ids); err != nil {
		return err
	}
	have, err := staffTx(ctx, tx, "")
	if err != nil {
		return err
	}
	local := map[string]pos.Staff{}
	for _, st := range have {
		local[st.ID] = st
	}
	for _, st := range c.Staff {
		// A lockout is this till's: a new version never clears it.
		if old, ok := local[st.ID]; ok {
			st.FailedPINs, st.Lockouts, st.LockedUntil = old.FailedPINs, old.Lockouts, old.LockedUntil
		}
		if err := saveStaffTx(ctx, tx, st); err != nil {
			return err
		}
	}
	return nil
}

// deleteAbsentTx deletes table's rows whose id is not in ids (table is one
// of this file's constants).
func deleteAbsentTx(ctx context.Context, tx *Tx, table string, ids []string) error {
	list, err := jsonList(ids)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE id NOT IN (SELECT value FROM json_each(?))`, list); err != nil {
		return fmt.Errorf("deleting the %s no longer configured: %w", table, err)
	}
	return nil
}

// ---- leases of limited discount uses

// Lease is the till's lease of one limited discount's uses (running totals).
type Lease struct {
	DiscountID    string
	Limit         int   // the discount's usage limit across the chain
	Granted       int64 // granted by the head office, ever
	Returned      int64 // given back or being given back, ever
	ReturnedAcked int64 // given back as the head office confirmed
	Used          int64 // spent by live sales
}

// Left is how many uses the till may still spend.
func (l Lease) Left() int64 { return l.Granted - l.Returned - l.Used }

// Leases returns the till's lease of every discount with a usage limit
// (zero totals when it has none yet), by discount id.
func (db *DB) Leases(ctx context.Context) ([]Lease, error) {
	var out []Lease
	err := db.view(ctx, func(tx *Tx) error {
		return eachRow(ctx, tx, `SELECT d.id, d.usage_limit, coalesce(l.granted, 0), coalesce(l.returned, 0),
				coalesce(l.returned_acked, 0), coalesce(l.used, 0)
			FROM discounts d LEFT JOIN hq_leases l ON l.discount_id = d.id
			WHERE d.usage_limit > 0
			UNION ALL
			SELECT l.discount_id, 0, l.granted, l.returned, l.returned_acked, l.used
			FROM hq_leases l WHERE NOT EXISTS (SELECT 1 FROM discounts d WHERE d.id = l.discount_id AND d.usage_limit > 0)
			ORDER BY 1`, func(sc scanner) error {
			var l Lease
			if err := sc.Scan(&l.DiscountID, &l.Limit, &l.Granted, &l.Returned, &l.ReturnedAcked, &l.Used); err != nil {
				return err
			}
			out = append(out, l)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("reading the leases: %w", err)
	}
	return out, nil
}

// SetLeaseGranted records the head office's running total of uses granted
// to this till for a discount; it never lowers it.
func (db *DB) SetLeaseGranted(ctx context.Context, discountID string, granted int64) error {
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO hq_leases (discount_id, granted) VALUES (?, ?)
			ON CONFLICT (discount_id) DO UPDATE SET granted = max(granted, excluded.granted)`, discountID, granted)
		return err
	})
	if err != nil {
		return fmt.Errorf("recording the lease of %s: %w", discountID, err)
	}
	return nil
}

// ReserveReturns sets every unused use aside to go back to the head office
// (at shift close): from this commit on the till cannot spend them. It
// returns the leases with something to give back (Returned > ReturnedAcked),
// including any left from an earlier return the head office did not confirm.
func (db *DB) ReserveReturns(ctx context.Context) ([]Lease, error) {
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE hq_leases SET returned = granted - used WHERE returned < granted - used`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("setting the unused leases aside: %w", err)
	}
	return db.PendingReturns(ctx)
}

// PendingReturns returns the leases given back that the head office has not
// confirmed yet.
func (db *DB) PendingReturns(ctx context.Context) ([]Lease, error) {
	all, err := db.Leases(ctx)
	if err != nil {
		return nil, err
	}
	var out []Lease
	for _, l := range all {
		if l.Returned > l.ReturnedAcked {
			out = append(out, l)
		}
	}
	return out, nil
}

// AckReturned records that the head office took back uses of a discount up
// to the running total returned.
func (db *DB) AckReturned(ctx context.Context, discountID string, returned int64) error {
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE hq_leases SET returned_acked = max(returned_acked, min(?, returned))
			WHERE discount_id = ?`, returned, discountID)
		return err
	})
	if err != nil {
		return fmt.Errorf("recording the return of %s's uses: %w", discountID, err)
	}
	return nil
}

// LimitsLeased reports whether the usage limits are the head office's,
// leased to this till: whether the till is joined (pos.SetupStore).
func (db *DB) LimitsLeased(ctx context.Context) (bool, error) {
	var joined bool
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		joined, err = joinedTx(ctx, tx)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("reading the head-office link: %w", err)
	}
	return joined, nil
}

// joinedTx reports whether the till is joined to a head office.
func joinedTx(ctx context.Context, tx *Tx) (bool, error) {
	_, ok, err := settingTx(ctx, tx, settingHQTillID)
	return ok, err
}

// checkLeasesTx is a joined till's usage-limit check: each limited discount
// the sale used (used, from usedDiscounts) must have a use left in the
// till's lease. It runs inside the sale's write transaction.
func checkLeasesTx(ctx context.Context, tx *Tx, used string) error {
	var id, method, codeKey, title string
	var limit int
	err := tx.queryRow(ctx, `SELECT d.id, d.method, d.code_key, d.title, d.usage_limit
		FROM discounts d LEFT JOIN hq_leases l ON l.discount_id = d.id
		WHERE d.usage_limit > 0 AND d.id IN (SELECT value FROM json_each(?))
			AND coalesce(l.granted - l.returned - l.used, 0) <= 0
		LIMIT 1`, used).Scan(&id, &method, &codeKey, &title, &limit)
	switch {
	case isNoRows(err):
		return nil
	case err != nil:
		return fmt.Errorf("checking the leases: %w", err)
	case pos.Source(method) == pos.Code:
		// The words of the till's own refusal (pos.Till.EnterCode).
		return pos.Errorf(pos.ELimit, "There are no uses of %s left on this till: it can be used again once the till is back online and the head office grants it more.", codeKey)
	}
	return pos.Errorf(pos.ELimit, "The discount %[2]s has no uses left on this till: its %[1]d uses are shared by the chain's tills. Connect the till to the head office to get more.", limit, (&pos.Discount{ID: id, Title: title}).Name())
}

// spendLeasesTx spends one use of each limited discount a joined till's
// live sale used.
func spendLeasesTx(ctx context.Context, tx *Tx, used string) error {
	_, err := tx.exec(ctx, `UPDATE hq_leases SET used = used + 1
		WHERE discount_id IN (SELECT value FROM json_each(?))
			AND discount_id IN (SELECT id FROM discounts WHERE usage_limit > 0)`, used)
	if err != nil {
		return fmt.Errorf("spending the leases: %w", err)
	}
	return nil
}

// leaseUsageTx is a joined till's DiscountUsage: a discount whose lease has
// nothing left counts as used up, so the till shows it as unavailable.
func leaseUsageTx(ctx context.Context, tx *Tx, usage map[string]int) error {
	return eachRow(ctx, tx, `SELECT d.id, d.usage_limit, coalesce(l.granted - l.returned - l.used, 0)
		FROM discounts d LEFT JOIN hq_leases l ON l.discount_id = d.id WHERE d.usage_limit > 0`,
		func(sc scanner) error {
			var id string
			var limit, left int
			if err := sc.Scan(&id, &limit, &left); err != nil {
				return err
			}
			usage[id] = max(0, limit-left)
			return nil
		})
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// eachRow runs query with args and calls scan on every row.
func eachRow(ctx context.Context, tx *Tx, query string, scan func(s scanner) error, args ...any) error {
	rows, err := tx.query(ctx, query, args...)
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

// ShiftState reports whether the till has a shift open, and whether it has
// ever had one (a till that uses no shifts, such as a scenario run).
func (db *DB) ShiftState(ctx context.Context, tillID string) (open, any bool, err error) {
	err = db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM shifts WHERE till_id = ? AND closed_at IS NULL),
			EXISTS (SELECT 1 FROM shifts WHERE till_id = ?)`, tillID, tillID).Scan(&open, &any)
	})
	if err != nil {
		return false, false, fmt.Errorf("reading the shifts of till %s: %w", tillID, err)
	}
	return open, any, nil
}
