package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"caisse/pos"

	sqlite3 "modernc.org/sqlite/lib"
)

// ErrDamaged marks a database whose file failed SQLite's quick_check.
var ErrDamaged = errors.New("the database file is damaged")

// QuickCheck runs SQLite's quick_check on the whole file. When it fails,
// the DB (and every view of it) refuses writes from then on: a damaged
// file is never written into.
func (db *DB) QuickCheck(ctx context.Context) error {
	var problems []string
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		problems, err = pragmaRowsTx(ctx, tx, "PRAGMA quick_check")
		return err
	})
	if err != nil {
		if c := sqliteCode(err); c == sqlite3.SQLITE_CORRUPT || c == sqlite3.SQLITE_NOTADB {
			problems = []string{err.Error()}
		} else {
			return fmt.Errorf("checking %s: %w", db.path, err)
		}
	}
	if len(problems) == 1 && problems[0] == "ok" {
		return nil
	}
	e := fmt.Errorf("%w: %s", ErrDamaged, pos.Clip(strings.Join(problems, "; "), 200))
	db.damaged.Store(&e)
	return e
}

// writable refuses a write into a file that failed QuickCheck.
func (db *DB) writable() error {
	if e := db.damaged.Load(); e != nil {
		return fmt.Errorf("%w: nothing is written into it; restore the last backup (README, \"Restoring a backup\")", *e)
	}
	return nil
}

// CheckReport is what Check found: every problem in words (none: the file
// is sound), and what it looked at.
type CheckReport struct {
	Problems []string
	Orders   int
	Notes    []string // what could not be checked, and why
}

// Check checks the whole database: SQLite's quick_check, the foreign keys,
// the audit chain, SKUs kept as duplicates by migration 9, and every
// order re-added (pos.Order.Problems). It reads only (a read-only DB is
// fine) and returns a report; an error means it could not check at all.
func (db *DB) Check(ctx context.Context) (CheckReport, error) {
	var rep CheckReport
	err := db.view(ctx, func(tx *Tx) error {
		qc, err := pragmaRowsTx(ctx, tx, "PRAGMA quick_check")
		if err != nil {
			rep.Problems = append(rep.Problems, "quick_check: "+err.Error())
			return nil // a corrupt file: the rest would only say it again
		}
		if !(len(qc) == 1 && qc[0] == "ok") {
			for _, p := range qc {
				rep.Problems = append(rep.Problems, "quick_check: "+p)
			}
			return nil
		}
		fk, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
		if err != nil {
			return err
		}
		for fk.Next() {
			var table, parent string
			var rowid, fkid any
			if err := fk.Scan(&table, &rowid, &parent, &fkid); err != nil {
				fk.Close()
				return err
			}
			rep.Problems = append(rep.Problems, fmt.Sprintf("foreign key: a row of %s (rowid %v) names a missing %s", table, rowid, parent))
		}
		fk.Close()
		if err := fk.Err(); err != nil {
			return err
		}
		dups, err := tx.QueryContext(ctx, `SELECT id, sku FROM products WHERE sku_duplicate = 1 ORDER BY position`)
		if err != nil {
			return err
		}
		for dups.Next() {
			var id, sku string
			if err := dups.Scan(&id, &sku); err != nil {
				dups.Close()
				return err
			}
			rep.Problems = append(rep.Problems, fmt.Sprintf("product %s: its SKU %s is another product's too (whatever the case): give it another", id, sku))
		}
		dups.Close()
		return dups.Err()
	})
	if err != nil {
		return rep, fmt.Errorf("checking %s: %w", db.path, err)
	}
	if len(rep.Problems) > 0 && strings.HasPrefix(rep.Problems[0], "quick_check") {
		return rep, nil
	}
	audit, note, err := db.checkAuditChain(ctx)
	if err != nil {
		return rep, err
	}
	rep.Problems = append(rep.Problems, audit...)
	if note != "" {
		rep.Notes = append(rep.Notes, note)
	}
	orders, err := db.Orders(ctx, OrderFilter{})
	if err != nil {
		return rep, fmt.Errorf("checking the orders: %w", err)
	}
	rep.Orders = len(orders)
	for _, o := range orders {
		rep.Problems = append(rep.Problems, o.Problems()...)
	}
	return rep, nil
}

// checkAuditChain is Check's one call into the audit chain (VerifyAudit,
// storage/audit_chain.go): a broken chain is a problem, a whole one a note.
func (db *DB) checkAuditChain(ctx context.Context) (problems []string, note string, err error) {
	c, err := db.VerifyAudit(ctx)
	if err != nil {
		return nil, "", err
	}
	if c.Broken != nil {
		return []string{"audit log: " + c.Broken.String()}, "", nil
	}
	return nil, fmt.Sprintf("audit log: %d entries, chain whole", c.Entries), nil
}

// pragmaRowsTx returns the single-column rows of a PRAGMA.
func pragmaRowsTx(ctx context.Context, tx *Tx, pragma string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, pragma)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

var _ pos.Integrity = (*DB)(nil)
