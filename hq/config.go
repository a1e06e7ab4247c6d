package hq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"caisse/pos"
	"caisse/pos/setupjson"

	"github.com/jackc/pgx/v5"
)

// ConfigChannel is the channel a configuration change is announced on
// (NOTIFY, payload: the shop's id and the version, "3:17").
const ConfigChannel = "caisse_config"

// Config is one configuration version of a shop, as stored (jsonb): the
// set-up in setupjson's format, and the staff with hashed PINs (absent:
// each till keeps its own).
type Config struct {
	Setup json.RawMessage `json:"setup"`
	Staff []StaffDoc      `json:"staff,omitempty"`
}

// StaffDoc is a member of staff in a configuration. A PIN is never stored:
// pin_hash is its hash (pos.HashPIN; push-config hashes a plain "pin").
type StaffDoc struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Role    string `json:"role"`
	PINHash string `json:"pin_hash"`
	Active  bool   `json:"active"`
}

// Parse checks the configuration as a till would and converts it.
func (c *Config) Parse() (pos.Setup, []pos.Staff, error) {
	setup, err := setupjson.Parse(c.Setup)
	if err != nil {
		return pos.Setup{}, nil, fmt.Errorf("the set-up: %w", err)
	}
	var staff []pos.Staff
	for _, d := range c.Staff {
		s := pos.Staff{ID: d.ID, Name: d.Name, Role: pos.Role(d.Role), PINHash: d.PINHash, Active: d.Active}
		if err := s.Validate(); err != nil {
			return pos.Setup{}, nil, fmt.Errorf("staff %s: %s", d.ID, pos.ErrorMessage(err))
		}
		staff = append(staff, s)
	}
	return setup, staff, nil
}

// PushConfig makes c the shop's configuration (creating the shop when it is
// new) as a new version, records the usage limits of its discounts as the
// chain's, and announces the change to the tills, in one transaction. It
// returns the version.
func (h *HQ) PushConfig(ctx context.Context, shop string, c Config) (int64, error) {
	setup, _, err := c.Parse()
	if err != nil {
		return 0, err
	}
	doc, err := json.Marshal(c)
	if err != nil {
		return 0, fmt.Errorf("encoding the configuration: %w", err)
	}
	var version int64
	err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		shopID, err := shopIDTx(ctx, tx, shop)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO config_versions (shop_id, doc) VALUES ($1, $2) RETURNING version`,
			shopID, doc).Scan(&version); err != nil {
			return err
		}
		for _, d := range setup.Discounts {
			if d.UsageLimit <= 0 {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO discount_limits (discount_id, usage_limit) VALUES ($1, $2)
				ON CONFLICT (discount_id) DO UPDATE SET usage_limit = excluded.usage_limit`, d.ID, d.UsageLimit); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, ConfigChannel, fmt.Sprintf("%d:%d", shopID, version))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("storing the configuration of shop %q: %w", shop, err)
	}
	return version, nil
}

// LatestConfig returns the shop's latest configuration when it is newer
// than version after (ok false when the till is up to date).
func (h *HQ) LatestConfig(ctx context.Context, shopID, after int64) (version int64, c Config, ok bool, err error) {
	var doc []byte
	err = h.pool.QueryRow(ctx, `SELECT version, doc FROM config_versions
		WHERE shop_id = $1 AND version > $2 ORDER BY version DESC LIMIT 1`, shopID, after).Scan(&version, &doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, c, false, nil
	}
	if err != nil {
		return 0, c, false, fmt.Errorf("reading the configuration: %w", err)
	}
	if err := json.Unmarshal(doc, &c); err != nil {
		return 0, c, false, fmt.Errorf("configuration version %d: %w", version, err)
	}
	return version, c, true, nil
}
