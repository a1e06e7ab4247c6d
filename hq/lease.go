package hq

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Lease grants a till up to want more uses of a limited discount and
// returns the till's running total of uses granted. known is the total the
// till knows: when the head office has granted more (its last answer was
// lost), it grants nothing new and returns its total for the till to catch
// up, so asking again is harmless. The grant is decided in one transaction
// holding the discount's row (SELECT … FOR UPDATE): the uses handed out and
// not given back never pass the limit, however many tills ask at once.
func (h *HQ) Lease(ctx context.Context, tillID int64, discountID string, known, want int64) (int64, error) {
	var granted int64
	err := pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		var limit, outstanding int64
		err := tx.QueryRow(ctx, `SELECT usage_limit, outstanding FROM discount_limits WHERE discount_id = $1 FOR UPDATE`,
			discountID).Scan(&limit, &outstanding)
		if errors.Is(err, pgx.ErrNoRows) {
			granted = known
			return nil // not limited at head office: nothing to lease
		}
		if err != nil {
			return err
		}
		if granted, _, err = leaseRowTx(ctx, tx, tillID, discountID); err != nil {
			return err
		}
		n := min(want, limit-outstanding)
		if granted != known || n <= 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE discount_limits SET outstanding = outstanding + $2 WHERE discount_id = $1`,
			discountID, n); err != nil {
			return err
		}
		granted += n
		_, err = tx.Exec(ctx, `UPDATE leases SET granted = $3 WHERE till_id = $1 AND discount_id = $2`, tillID, discountID, granted)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("leasing uses of %s: %w", discountID, err)
	}
	return granted, nil
}

// Return takes back a till's unused uses of a discount: returned is the
// till's running total of uses given back. It is idempotent (a total
// already recorded changes nothing) and returns the total recorded.
func (h *HQ) Return(ctx context.Context, tillID int64, discountID string, returned int64) (int64, error) {
	var recorded int64
	err := pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		// The same lock order as Lease: the discount's row, then the lease.
		var limit int64
		err := tx.QueryRow(ctx, `SELECT usage_limit FROM discount_limits WHERE discount_id = $1 FOR UPDATE`,
			discountID).Scan(&limit)
		if errors.Is(err, pgx.ErrNoRows) {
			recorded = returned
			return nil
		}
		if err != nil {
			return err
		}
		granted, old, err := leaseRowTx(ctx, tx, tillID, discountID)
		if err != nil {
			return err
		}
		recorded = max(old, min(returned, granted))
		if recorded == old {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE discount_limits SET outstanding = outstanding - $2 WHERE discount_id = $1`,
			discountID, recorded-old); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE leases SET returned = $3 WHERE till_id = $1 AND discount_id = $2`, tillID, discountID, recorded)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("returning uses of %s: %w", discountID, err)
	}
	return recorded, nil
}

// leaseRowTx locks (creating it if needed) the till's lease of a discount.
func leaseRowTx(ctx context.Context, tx pgx.Tx, tillID int64, discountID string) (granted, returned int64, err error) {
	if _, err = tx.Exec(ctx, `INSERT INTO leases (till_id, discount_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		tillID, discountID); err != nil {
		return 0, 0, err
	}
	err = tx.QueryRow(ctx, `SELECT granted, returned FROM leases WHERE till_id = $1 AND discount_id = $2 FOR UPDATE`,
		tillID, discountID).Scan(&granted, &returned)
	return granted, returned, err
}

// Outstanding returns a discount's limit and the uses handed out and not
// given back.
func (h *HQ) Outstanding(ctx context.Context, discountID string) (limit, outstanding int64, err error) {
	err = h.pool.QueryRow(ctx, `SELECT usage_limit, outstanding FROM discount_limits WHERE discount_id = $1`,
		discountID).Scan(&limit, &outstanding)
	if err != nil {
		return 0, 0, fmt.Errorf("reading the limit of %s: %w", discountID, err)
	}
	return limit, outstanding, nil
}
