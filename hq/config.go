package hq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"caisse/pos"
	"caisse/pos/setupjson"
	"caisse/storage"

	"github.com/jackc/pgx/v5"
)

// ConfigChannel is the channel a configuration change is announced on
// (NOTIFY, payload: the shop's id and the version, "3:17").
const ConfigChannel = "caisse_config"

// Config is one configuration version of a shop, as stored (jsonb): the
// set-up in setupjson's format (one format, whether pushed with `caisse hq
// push-config` or from a till's back office: setupjson.Encode), and the
// staff with hashed PINs (absent: each till keeps its own).
type Config struct {
	Setup json.RawMessage `json:"setup"`
	Staff []StaffDoc      `json:"staff,omitempty"`
	// Limits and IdleLockSeconds, when set, are the shop's approval limits
	// and idle lock (absent: each till keeps its own).
	Limits          *pos.ApprovalLimit `json:"approval_limit,omitempty"`
	IdleLockSeconds int64              `json:"idle_lock_seconds,omitempty"`
}

// ErrConfigMoved refuses a push based on a version that is no longer the
// shop's latest: another change came in between (PushConfigAfter).
var ErrConfigMoved = errors.New("the shop's configuration changed in the meantime")

// TillConfig converts the configuration to what a till applies.
func (c *Config) TillConfig(version int64) (storage.HQConfig, error) {
	setup, staff, err := c.Parse()
	if err != nil {
		return storage.HQConfig{}, fmt.Errorf("configuration version %d: %w", version, err)
	}
	out := storage.HQConfig{Version: version, Setup: setup, Staff: staff, Limits: c.Limits}
	if c.IdleLockSeconds > 0 {
		out.IdleLock = time.Duration(c.IdleLockSeconds) * time.Second
	}
	return out, nil
}

// staffDocs converts a till's staff to a configuration's (hashes only).
func staffDocs(staff []pos.Staff) []StaffDoc {
	out := make([]StaffDoc, len(staff))
	for i, s := range staff {
		out[i] = StaffDoc{ID: s.ID, Name: s.Name, Role: string(s.Role), PINHash: s.PINHash, Active: s.Active}
	}
	return out
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
// new) as a new version (its set-up checked, and stored as setupjson.Encode
// writes it), records the usage limits of its discounts as the
// chain's, and announces the change to the tills, in one transaction. It
// returns the version.
func (h *HQ) PushConfig(ctx context.Context, shop string, c Config) (int64, error) {
	return h.pushConfig(ctx, shop, -1, c)
}

// PushConfigAfter is PushConfig for a change made on the shop's version
// base (0: none yet): it refuses (ErrConfigMoved) when the shop's latest
// version is another, so the change is made again on the new one.
func (h *HQ) PushConfigAfter(ctx context.Context, shop string, base int64, c Config) (int64, error) {
	return h.pushConfig(ctx, shop, base, c)
}

func (h *HQ) pushConfig(ctx context.Context, shop string, base int64, c Config) (int64, error) {
	setup, _, err := c.Parse()
	if err != nil {
		return 0, err
	}
	// Stored as setupjson writes it, whoever pushed it: the same set-up is
	// the same document.
	if c.Setup, err = setupjson.Encode(setup); err != nil {
		return 0, err
	}
	doc, err := json.Marshal(c)
	if err != nil {
		return 0, fmt.Errorf("encoding the configuration: %w", err)
	}
	var version int64
	err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		shopID, err := shopIDTx(ctx, tx, shop) // holds the shop's row: pushes to a shop take turns
		if err != nil {
			return err
		}
		if base >= 0 {
			var latest int64
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM config_versions WHERE shop_id = $1`, shopID).Scan(&latest); err != nil {
				return err
			}
			if latest != base {
				return ErrConfigMoved
			}
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
