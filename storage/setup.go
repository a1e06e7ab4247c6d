package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"caisse/pos"
)

// settingLocation is the settings key naming the till's location.
const settingLocation = "location_id"

// LoadSetup returns the till's location, its catalog in catalog order and
// its discounts in set-up order.
func (db *DB) LoadSetup(ctx context.Context) (pos.Setup, error) {
	// A till never loads half an import: a pending one is finished first
	// (a read-only view cannot, and says so).
	if err := db.pendingImport(ctx); err != nil {
		return pos.Setup{}, fmt.Errorf("loading the set-up: %w", err)
	}
	var s pos.Setup
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if s.Location, err = currentLocationTx(ctx, tx); err != nil {
			return err
		}
		if s.Products, err = productsTx(ctx, tx); err != nil {
			return err
		}
		s.Discounts, err = discountsTx(ctx, tx)
		return err
	})
	if err != nil {
		return pos.Setup{}, fmt.Errorf("loading the set-up: %w", err)
	}
	return s, nil
}

// IsNew reports whether the database has no set-up yet (no location), as
// when it was just created: the app then seeds it.
func (db *DB) IsNew(ctx context.Context) (bool, error) {
	var isNew bool
	err := db.view(ctx, func(tx *Tx) error {
		_, ok, err := settingTx(ctx, tx, settingLocation)
		isNew = !ok
		return err
	})
	return isNew, err
}

// Seed writes setup when the database has none yet and reports whether it
// did. Two tills seeding one new file at once write it once.
func (db *DB) Seed(ctx context.Context, setup pos.Setup) (bool, error) {
	seeded := false
	err := db.update(ctx, func(tx *Tx) error {
		seeded = false
		_, ok, err := settingTx(ctx, tx, settingLocation)
		if err != nil || ok {
			return err
		}
		seeded = true
		return saveSetupTx(ctx, tx, setup)
	})
	if err != nil {
		return false, fmt.Errorf("seeding the database: %w", err)
	}
	return seeded, nil
}

// SaveSetup writes the location (which becomes the till's), every product and
// every discount, adding or replacing by id, in one transaction.
func (db *DB) SaveSetup(ctx context.Context, s pos.Setup) error {
	if err := db.update(ctx, func(tx *Tx) error { return saveSetupTx(ctx, tx, s) }); err != nil {
		return fmt.Errorf("saving the set-up: %w", err)
	}
	return nil
}

// SaveLocation adds or replaces a location and makes it the till's, with
// its audit entries in the same transaction.
func (db *DB) SaveLocation(ctx context.Context, loc pos.Location, audit ...pos.AuditEntry) error {
	err := db.update(ctx, func(tx *Tx) error {
		if err := saveLocationTx(ctx, tx, loc); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return fmt.Errorf("saving location %q: %w", loc.ID, err)
	}
	return nil
}

// SaveProduct adds or replaces a product, its prices and collections,
// refusing a SKU another product has and a cross-sell that names no
// product, with its audit entries in the same transaction.
func (db *DB) SaveProduct(ctx context.Context, p pos.Product, audit ...pos.AuditEntry) error {
	err := db.update(ctx, func(tx *Tx) error {
		if p.SKU != "" {
			other, err := holderTx(ctx, tx, `SELECT id FROM products WHERE sku = ? AND id <> ?`, p.SKU, p.ID)
			if err != nil {
				return err
			}
			if other != "" {
				return pos.Errorf(pos.EConflict, "product %s: product %s already has the SKU %s", p.ID, other, p.SKU)
			}
		}
		if err := saveProductTx(ctx, tx, p); err != nil {
			return err
		}
		if err := checkCrossSellsTx(ctx, tx); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return fmt.Errorf("saving product %s: %w", p.ID, err)
	}
	return nil
}

// SaveDiscount adds or replaces a discount, with its audit entries in the
// same transaction.
func (db *DB) SaveDiscount(ctx context.Context, d pos.Discount, audit ...pos.AuditEntry) error {
	err := db.update(ctx, func(tx *Tx) error {
		if err := saveDiscountTx(ctx, tx, d); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return fmt.Errorf("saving discount %s: %w", d.ID, err)
	}
	return nil
}

// SaveSetupAudited is SaveSetup for a set-up someone brings (a scenario
// file with --db): in the same transaction, every location, product and
// discount it adds or changes gets its audit entry (before and after),
// signed by staffID. What it leaves as it was writes nothing to the log.
func (db *DB) SaveSetupAudited(ctx context.Context, s pos.Setup, staffID string, at time.Time) error {
	err := db.update(ctx, func(tx *Tx) error {
		entries, err := setupChangesTx(ctx, tx, s, staffID, at)
		if err != nil {
			return err
		}
		if err := saveSetupTx(ctx, tx, s); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, entries...)
	})
	if err != nil {
		return fmt.Errorf("saving the set-up: %w", err)
	}
	return nil
}

// SetupChanges lists what s would add or change if it were saved (an audit
// entry each, unsigned), without saving it. A location with no id is not
// compared.
func (db *DB) SetupChanges(ctx context.Context, s pos.Setup) ([]pos.AuditEntry, error) {
	var out []pos.AuditEntry
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = setupChangesTx(ctx, tx, s, "", time.Now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("comparing the set-up: %w", err)
	}
	return out, nil
}

// setupChangesTx lists the audit entries of what s would add or change.
func setupChangesTx(ctx context.Context, tx *Tx, s pos.Setup, staffID string, at time.Time) ([]pos.AuditEntry, error) {
	var out []pos.AuditEntry
	add := func(action, subject string, before, after any) error {
		if before != nil {
			b, err1 := json.Marshal(before)
			a, err2 := json.Marshal(after)
			if err := errors.Join(err1, err2); err != nil {
				return fmt.Errorf("comparing %s %s: %w", action, subject, err)
			}
			if bytes.Equal(a, b) {
				return nil
			}
		}
		e, err := pos.NewAuditEntry(at, staffID, action, subject, before, after)
		if err != nil {
			return err
		}
		out = append(out, e)
		return nil
	}
	if s.Location.ID == "" {
		// no location given: nothing to compare (SetupChanges)
	} else if loc, err := locationTx(ctx, tx, s.Location.ID); err == nil {
		if err := add(pos.AuditLocation, loc.ID, loc, s.Location); err != nil {
			return nil, err
		}
	} else if pos.ErrorCode(err) != pos.ENotFound {
		return nil, err
	} else if err := add(pos.AuditLocation, s.Location.ID, nil, s.Location); err != nil {
		return nil, err
	}
	products, err := productsTx(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := auditEach(pos.AuditProduct, products, s.Products, func(p pos.Product) string { return p.ID }, add); err != nil {
		return nil, err
	}
	discounts, err := discountsTx(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := auditEach(pos.AuditDiscount, discounts, s.Discounts, func(d pos.Discount) string { return d.ID }, add); err != nil {
		return nil, err
	}
	return out, nil
}

// auditEach adds an entry for each of want that is new or differs from the
// stored one with its id (have).
func auditEach[T any](action string, have, want []T, id func(T) string, add func(action, subject string, before, after any) error) error {
	stored := make(map[string]T, len(have))
	for _, x := range have {
		stored[id(x)] = x
	}
	for _, x := range want {
		var before any
		if old, ok := stored[id(x)]; ok {
			before = old
		}
		if err := add(action, id(x), before, x); err != nil {
			return err
		}
	}
	return nil
}

func saveSetupTx(ctx context.Context, tx *Tx, s pos.Setup) error {
	if err := saveLocationTx(ctx, tx, s.Location); err != nil {
		return err
	}
	if err := saveProductsTx(ctx, tx, s.Products); err != nil {
		return err
	}
	for _, d := range s.Discounts {
		if err := saveDiscountTx(ctx, tx, d); err != nil {
			return err
		}
	}
	return nil
}

// saveProductsTx writes products in the order given, then checks that every
// cross-sell names a stored product.
func saveProductsTx(ctx context.Context, tx *Tx, products []pos.Product) error {
	for _, p := range products {
		if err := saveProductTx(ctx, tx, p); err != nil {
			return err
		}
	}
	return checkCrossSellsTx(ctx, tx)
}

// settingTx returns a setting and whether it is set.
func settingTx(ctx context.Context, tx *Tx, key string) (string, bool, error) {
	var v string
	err := tx.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("reading setting %s: %w", key, err)
	}
	return v, true, nil
}

func setSettingTx(ctx context.Context, tx *Tx, key, value string) error {
	_, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("writing setting %s: %w", key, err)
	}
	return nil
}

// ---- location

func saveLocationTx(ctx context.Context, tx *Tx, loc pos.Location) error {
	if err := loc.Validate(); err != nil { // loc is a copy: Validate may normalise it
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO locations (id, name, currency, pro, tax_rate,
			default_tax_behavior, automatic_tax, receipt_header, receipt_footer)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, currency = excluded.currency,
			pro = excluded.pro, tax_rate = excluded.tax_rate,
			default_tax_behavior = excluded.default_tax_behavior,
			automatic_tax = excluded.automatic_tax, receipt_header = excluded.receipt_header,
			receipt_footer = excluded.receipt_footer`,
		loc.ID, loc.Name, string(loc.Currency), boolInt(loc.Pro), rateText(loc.TaxRate),
		string(loc.DefaultTaxBehavior), boolInt(loc.AutomaticTax), loc.ReceiptHeader, loc.ReceiptFooter)
	if err != nil {
		return fmt.Errorf("writing location %q: %w", loc.ID, err)
	}
	return setSettingTx(ctx, tx, settingLocation, loc.ID)
}

// currentLocationTx returns the till's location.
func currentLocationTx(ctx context.Context, tx *Tx) (pos.Location, error) {
	id, ok, err := settingTx(ctx, tx, settingLocation)
	if err != nil {
		return pos.Location{}, err
	}
	if !ok {
		return pos.Location{}, pos.Errorf(pos.ENotFound, "The till has no location set up yet.")
	}
	return locationTx(ctx, tx, id)
}

func locationTx(ctx context.Context, tx *Tx, id string) (pos.Location, error) {
	var (
		loc               pos.Location
		cur, rate, behav  string
		pro, automaticTax int64
	)
	err := tx.queryRow(ctx, `SELECT id, name, currency, pro, tax_rate, default_tax_behavior,
			automatic_tax, receipt_header, receipt_footer
		FROM locations WHERE id = ?`, id).Scan(&loc.ID, &loc.Name, &cur, &pro, &rate, &behav,
		&automaticTax, &loc.ReceiptHeader, &loc.ReceiptFooter)
	if errors.Is(err, sql.ErrNoRows) {
		return loc, pos.Errorf(pos.ENotFound, "There is no location %q.", id)
	}
	if err != nil {
		return loc, fmt.Errorf("reading location %q: %w", id, err)
	}
	loc.Currency, loc.Pro, loc.AutomaticTax = pos.Currency(cur), pro == 1, automaticTax == 1
	loc.DefaultTaxBehavior = pos.TaxBehavior(behav)
	if loc.TaxRate, err = parseRate(rate); err != nil {
		return loc, fmt.Errorf("location %q: tax rate: %w", id, err)
	}
	return loc, nil
}

// rateText stores a percentage as its exact decimal ("8.25"), a zero Rate as "".
func rateText(r pos.Rate) string {
	if r.IsZero() {
		return ""
	}
	return r.Percent().String()
}

// parseRate reads what rateText stored.
func parseRate(s string) (pos.Rate, error) {
	if s == "" {
		return pos.Rate{}, nil
	}
	return pos.ParsePercent(s)
}
