package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"caisse/pos"
)

// ImportOptions tunes ImportCatalog.
type ImportOptions struct {
	// StaffID is who the audit entry names ("import" when empty).
	StaffID string
	// Progress, when set, is called as the import goes: the stage
	// ("checking", "loading", "swapping", "done"), and how many of the
	// file's products are done out of all of them.
	Progress func(stage string, done, total int)
	// Now is the audit entry's time (time.Now when nil).
	Now func() time.Time
}

// stageChunk is how many products one staging or applying transaction
// writes: a till's sale waits at most for one such transaction (tens of
// milliseconds), and the import pauses between them (yield) so that a
// till waiting for the write lock gets it.
const stageChunk = 2000

// yield pauses the import between two transactions, a tenth of the time
// the last one took (1 to 5 ms), so a till that polls for the write lock
// without the gate (another OS) still finds it free now and then.
func yield(held time.Duration) {
	time.Sleep(min(max(held/10, time.Millisecond), 5*time.Millisecond))
}

// Settings an import keeps.
const (
	// settingCatalogVersion counts the writes of products: an import
	// checked against one version is applied only if it is still current.
	settingCatalogVersion = "catalog_version"
	// settingImport holds an import being applied (pendingImport, JSON).
	settingImport = "import_pending"
)

// pendingImport is an import that has passed its commit point: its
// staging tables are complete and checked, and it is being applied a chunk
// at a time. Whoever opens the database next finishes it (roll forward).
type pendingImport struct {
	Batch string `json:"batch"`
	Phase int    `json:"phase"` // 1 clear SKUs, 2 write, 3 cross-sells
	Next  int    `json:"next"`  // the first seq of the phase not done yet
	Total int    `json:"total"`
	Base  int64  `json:"base"` // new products' positions are Base + seq
	// Replaced and CrossSells say whether phases 1 and 3 have work.
	Replaced   bool `json:"replaced"`
	CrossSells bool `json:"cross_sells"`
}

// phases lists the phases of the import that have work.
func (p pendingImport) phases() []int {
	out := []int{2}
	if p.Replaced {
		out = []int{1, 2}
	}
	if p.CrossSells {
		out = append(out, 3)
	}
	return out
}

// work and done measure the import's progress in products × phases.
func (p pendingImport) work() int { return len(p.phases()) * p.Total }

func (p pendingImport) done() int {
	n := 0
	for _, ph := range p.phases() {
		switch {
		case ph < p.Phase:
			n += p.Total
		case ph == p.Phase:
			n += p.Next - 1
		}
	}
	return n
}

// ImportCatalog adds the products of a catalog CSV, or replaces those with
// the same id (prices and collections included), all or nothing, without
// stopping the tills:
//
//  1. the whole file is read and checked in memory, and against the stored
//     catalog read in one read transaction (no write lock); every bad row
//     is named by its line in an *ImportError;
//  2. the products are loaded into staging tables in short transactions;
//  3. one short transaction is the commit point: if no product was saved
//     since step 1 (settingCatalogVersion), it marks the import pending and
//     writes one audit entry (action "import", the counts);
//  4. the pending import is applied in short transactions. Until it is
//     done, product saves are refused and LoadSetup finishes it first, so
//     no till ever loads half a catalog; if the process is killed, the
//     next Open finishes it.
//
// Time is linear in the file's size.
func (db *DB) ImportCatalog(ctx context.Context, r io.Reader, opt ImportOptions) (ImportResult, error) {
	progress := opt.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	products, lines, problems, err := parseCatalogCSV(r)
	if err != nil {
		return ImportResult{}, err
	}
	progress("checking", 0, len(products))
	version, replaced, more, err := db.checkImport(ctx, products, lines)
	if err != nil {
		return ImportResult{}, fmt.Errorf("importing the catalog: %w", err)
	}
	if all := append(problems, more...); len(all) > 0 {
		return ImportResult{}, newImportError(all)
	}
	batch := pos.NewID(time.Now())
	if err := db.stage(ctx, batch, products, progress); err != nil {
		return ImportResult{}, fmt.Errorf("importing the catalog (nothing was imported): %w", err)
	}
	staff := opt.StaffID
	if staff == "" {
		staff = "import"
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	res := ImportResult{Added: len(products) - replaced, Replaced: replaced}
	err = db.update(ctx, func(tx *Tx) error {
		return commitImportTx(ctx, tx, batch, len(products), version, res, staff, now())
	})
	if err != nil {
		var pe *pos.Error
		if !errors.As(err, &pe) {
			err = fmt.Errorf("importing the catalog (nothing was imported): %w", err)
		}
		return ImportResult{}, errors.Join(err, db.clearBatch(context.WithoutCancel(ctx), batch))
	}
	if err := db.finishImport(ctx, progress); err != nil {
		return res, fmt.Errorf("the import is recorded and will be finished when the database is next opened: %w", err)
	}
	progress("done", len(products), len(products))
	return res, nil
}

// commitImportTx is an import's commit point.
func commitImportTx(ctx context.Context, tx *Tx, batch string, n int, version string, res ImportResult, staff string, at time.Time) error {
	// A till joined to a head office takes its catalog from there: an
	// import here would be overwritten by the next version, and meanwhile
	// differ from every other till of the shop.
	if _, joined, err := hqLinkTx(ctx, tx); err != nil || joined {
		if err != nil {
			return err
		}
		return pos.Errorf(pos.ENotAllowed, "This till is joined to a head office, which owns the catalog: nothing was imported. Import the catalog at the head office (caisse hq push-config).")
	}
	now, _, err := settingTx(ctx, tx, settingCatalogVersion)
	if err != nil {
		return err
	}
	if now != version {
		return pos.Errorf(pos.EConflict, "The catalog was changed while the file was loading: nothing was imported; import the file again.")
	}
	if _, pending, err := settingTx(ctx, tx, settingImport); err != nil || pending {
		if err != nil {
			return err
		}
		return pos.Errorf(pos.EConflict, "Another import is being applied: nothing was imported; import the file again in a moment.")
	}
	var staged, base int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM import_products WHERE batch = ?`, batch).Scan(&staged); err != nil {
		return err
	}
	if staged != int64(n) {
		return pos.Errorf(pos.EConflict, "Another import started while this one was loading: nothing was imported; import the file again.")
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) FROM products`).Scan(&base); err != nil {
		return err
	}
	var crossSells bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM import_products WHERE batch = ? AND cross_sell IS NOT NULL)`, batch).Scan(&crossSells); err != nil {
		return err
	}
	p, err := json.Marshal(pendingImport{Batch: batch, Phase: 1, Next: 1, Total: n, Base: base, Replaced: res.Replaced > 0, CrossSells: crossSells})
	if err != nil {
		return err
	}
	if err := setSettingTx(ctx, tx, settingImport, string(p)); err != nil {
		return err
	}
	after := fmt.Sprintf(`{"products":%d,"added":%d,"replaced":%d}`, n, res.Added, res.Replaced)
	return appendAuditTx(ctx, tx, pos.AuditEntry{At: at, StaffID: staff, Action: pos.AuditImport, Subject: "catalog", After: after})
}

// finishImport applies the pending import, if any, a chunk per
// transaction, then clears its staging rows. Several processes may run it
// at once: each chunk reads and advances the pending state in its own
// write transaction.
func (db *DB) finishImport(ctx context.Context, progress func(string, int, int)) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	var batch string
	for {
		var (
			done  bool
			state pendingImport
		)
		start := time.Now()
		err := db.updateBulk(ctx, func(tx *Tx) error {
			var err error
			state, done, err = applyChunkTx(ctx, tx)
			return err
		})
		if err != nil {
			return fmt.Errorf("applying the import: %w", err)
		}
		if state.Batch != "" {
			batch = state.Batch
		}
		if done {
			break
		}
		progress("applying", state.done(), state.work())
		yield(time.Since(start))
	}
	if batch == "" {
		return nil // nothing was pending
	}
	return db.clearBatch(ctx, batch)
}

// applyChunkTx applies the next chunk of the pending import and reports
// the state after it, or done when there is none (left).
func applyChunkTx(ctx context.Context, tx *Tx) (pendingImport, bool, error) {
	var st pendingImport
	raw, ok, err := settingTx(ctx, tx, settingImport)
	if err != nil || !ok {
		return st, true, err
	}
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		return st, false, fmt.Errorf("reading the pending import: %w", err)
	}
	if st.Phase == 1 && !st.Replaced {
		st.Phase = 2 // only new products: no SKU to clear
	}
	if st.Phase == 3 && !st.CrossSells {
		st.Phase = 4
	}
	if st.Phase > 3 {
		if err := checkCrossSellsTx(ctx, tx); err != nil {
			return st, false, err
		}
		_, err := tx.exec(ctx, `DELETE FROM settings WHERE key = ?`, settingImport)
		return st, true, err
	}
	from, to := st.Next, st.Next+stageChunk-1
	chunk := `SELECT id FROM import_products WHERE batch = ? AND seq BETWEEN ? AND ?`
	var steps []string
	switch st.Phase {
	case 1: // the replaced products' SKUs and barcodes make way, so two of them swapping values never clash half-way
		steps = []string{`UPDATE products SET sku = '', barcode = '', sku_duplicate = 0 WHERE id IN (` + chunk + `)`}
	case 2: // products (cross-sells in phase 3, once every product is there), prices, collections
		steps = []string{
			`INSERT INTO products (id, position, title, sku, barcode, cross_sell, archived, favourite)
				SELECT id, ? + seq, title, sku, barcode, NULL, archived, favourite
				FROM import_products WHERE batch = ? AND seq BETWEEN ? AND ? ORDER BY seq
				ON CONFLICT (id) DO UPDATE SET title = excluded.title, sku = excluded.sku,
					barcode = excluded.barcode, cross_sell = NULL,
					archived = excluded.archived, favourite = excluded.favourite`,
			`DELETE FROM prices WHERE product_id IN (` + chunk + `)`,
			`INSERT INTO prices (product_id, id, position, amount, currency, type, interval, interval_count, tax_behavior, active)
				SELECT p.product_id, p.id, p.position, p.amount, p.currency, p.type, p.interval, p.interval_count, p.tax_behavior, p.active
				FROM import_products s JOIN import_prices p ON p.batch = s.batch AND p.product_id = s.id
				WHERE s.batch = ? AND s.seq BETWEEN ? AND ?`,
			`DELETE FROM product_collections WHERE product_id IN (` + chunk + `)`,
			`INSERT INTO product_collections (product_id, collection, position)
				SELECT c.product_id, c.collection, c.position
				FROM import_products s JOIN import_collections c ON c.batch = s.batch AND c.product_id = s.id
				WHERE s.batch = ? AND s.seq BETWEEN ? AND ?`,
		}
	case 3:
		steps = []string{`UPDATE products SET cross_sell = s.cross_sell FROM import_products s
			WHERE s.batch = ? AND s.seq BETWEEN ? AND ? AND s.cross_sell IS NOT NULL AND products.id = s.id`}
	}
	for i, q := range steps {
		args := []any{st.Batch, from, to}
		if st.Phase == 2 && i == 0 {
			args = []any{st.Base, st.Batch, from, to}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			if strings.Contains(err.Error(), "UNIQUE constraint failed") {
				return st, false, fmt.Errorf("a SKU or barcode clashes (the catalog was changed around the import): %w", err)
			}
			return st, false, err
		}
	}
	st.Next = to + 1
	if st.Next > st.Total {
		st.Phase, st.Next = st.Phase+1, 1
	}
	b, err := json.Marshal(st)
	if err != nil {
		return st, false, err
	}
	return st, false, setSettingTx(ctx, tx, settingImport, string(b))
}

// checkImport checks the file's products against the stored catalog as it
// will be after the import: SKUs (whatever their case) and barcodes unique,
// cross-sells naming a product. The swap checks again (unique indexes,
// the cross-sell foreign key) in case a manager changed the catalog
// meanwhile.
func (db *DB) checkImport(ctx context.Context, products []pos.Product, lines []int) (version string, replaced int, problems []problem, err error) {
	type stored struct{ sku, barcode string }
	have := map[string]stored{}
	err = db.view(ctx, func(tx *Tx) error {
		var err error
		if version, _, err = settingTx(ctx, tx, settingCatalogVersion); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT id, sku, barcode FROM products`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var s stored
			if err := rows.Scan(&id, &s.sku, &s.barcode); err != nil {
				return err
			}
			have[id] = s
		}
		return rows.Err()
	})
	if err != nil {
		return "", 0, nil, fmt.Errorf("reading the catalog: %w", err)
	}
	inFile := make(map[string]bool, len(products))
	for _, p := range products {
		inFile[p.ID] = true
		if hasKey(have, p.ID) {
			replaced++
		}
	}
	skus, barcodes := map[string]string{}, map[string]string{}
	for id, s := range have {
		if inFile[id] {
			continue
		}
		if s.sku != "" {
			skus[strings.ToLower(s.sku)] = id
		}
		if s.barcode != "" {
			barcodes[s.barcode] = id
		}
	}
	for i, p := range products {
		switch {
		case p.SKU != "" && skus[strings.ToLower(p.SKU)] != "":
			problems = append(problems, problem{lines[i], pos.Errorf(pos.EInvalid, "product %s: product %s already has the SKU %s (SKUs are unique whatever their case)", p.ID, skus[strings.ToLower(p.SKU)], p.SKU)})
		case p.Barcode != "" && barcodes[p.Barcode] != "":
			problems = append(problems, problem{lines[i], pos.Errorf(pos.EInvalid, "product %s: product %s already has the barcode %s", p.ID, barcodes[p.Barcode], p.Barcode)})
		case p.CrossSell != "" && !inFile[p.CrossSell] && !hasKey(have, p.CrossSell):
			problems = append(problems, problem{lines[i], pos.Errorf(pos.EInvalid, "product %s: its cross-sell %s is in neither the file nor the catalog", p.ID, p.CrossSell)})
		}
	}
	return version, replaced, problems, nil
}

func hasKey[V any](m map[string]V, k string) bool { _, ok := m[k]; return ok }

// stage writes the products into the staging tables, stageChunk products
// a transaction, after clearing what earlier (killed) imports left.
func (db *DB) stage(ctx context.Context, batch string, products []pos.Product, progress func(string, int, int)) error {
	if err := db.clearBatch(ctx, ""); err != nil {
		return fmt.Errorf("clearing the staging tables: %w", err)
	}
	progress("loading", 0, len(products))
	for start := 0; start < len(products); start += stageChunk {
		began := time.Now()
		end := min(start+stageChunk, len(products))
		var prods, prices, colls [][]any
		for i, p := range products[start:end] {
			var cs any
			if p.CrossSell != "" {
				cs = p.CrossSell
			}
			prods = append(prods, []any{batch, start + i + 1, p.ID, p.Title, p.SKU, p.Barcode, cs, boolInt(p.Archived), boolInt(p.Favourite)})
			for j, pr := range p.Prices {
				prices = append(prices, []any{batch, p.ID, pr.ID, j, pr.Amount.Minor(), string(pr.Amount.Currency()), string(pr.Type),
					string(pr.Interval), pr.IntervalCount, string(pr.TaxBehavior), boolInt(pr.Active)})
			}
			for j, c := range p.Collections {
				colls = append(colls, []any{batch, p.ID, c, j})
			}
		}
		err := db.updateBulk(ctx, func(tx *Tx) error {
			if err := tx.insertRows(ctx, "import_products", []string{"batch", "seq", "id", "title", "sku", "barcode", "cross_sell", "archived", "favourite"}, prods); err != nil {
				return err
			}
			if err := tx.insertRows(ctx, "import_prices", []string{"batch", "product_id", "id", "position", "amount", "currency", "type", "interval", "interval_count", "tax_behavior", "active"}, prices); err != nil {
				return err
			}
			return tx.insertRows(ctx, "import_collections", []string{"batch", "product_id", "collection", "position"}, colls)
		})
		if err != nil {
			return fmt.Errorf("loading products %d to %d: %w", start+1, end, err)
		}
		progress("loading", end, len(products))
		yield(time.Since(began))
	}
	return nil
}

// clearBatch deletes staging rows, a short transaction at a time so the
// tills never wait long: those of batch, or with batch "" those of every
// import but the pending one (what killed or refused imports left). A
// table that holds nothing else is emptied at once, which SQLite does
// without visiting its rows. Deciding and deleting share a transaction, so
// the rows of an import that commits meanwhile are never touched.
func (db *DB) clearBatch(ctx context.Context, batch string) error {
	for _, t := range []string{"import_products", "import_prices", "import_collections"} {
		for {
			var n int64
			err := db.updateBulk(ctx, func(tx *Tx) error {
				keep := batch // rows of another batch than this one stay...
				cond := `batch = ?`
				if batch == "" { // ...or rows of the pending import stay
					raw, _, err := settingTx(ctx, tx, settingImport)
					if err != nil {
						return err
					}
					var st pendingImport
					if raw != "" {
						if err := json.Unmarshal([]byte(raw), &st); err != nil {
							return fmt.Errorf("reading the pending import: %w", err)
						}
					}
					keep, cond = st.Batch, `batch <> ?`
				}
				var others bool
				if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+` WHERE NOT (`+cond+`))`, keep).Scan(&others); err != nil {
					return err
				}
				q, args := `DELETE FROM `+t, []any(nil)
				if others {
					q, args = `DELETE FROM `+t+` WHERE rowid IN (SELECT rowid FROM `+t+` WHERE `+cond+` LIMIT 5000)`, []any{keep}
				}
				res, err := tx.ExecContext(ctx, q, args...)
				if err != nil {
					return err
				}
				n, err = res.RowsAffected()
				if !others && err == nil {
					n = 0 // emptied: done
				}
				return err
			})
			if err != nil {
				return err
			}
			if n == 0 {
				break
			}
		}
	}
	return nil
}

// pendingImport finishes an import a killed process left pending, or on a
// read-only view says one is pending.
func (db *DB) pendingImport(ctx context.Context) error {
	var pending bool
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		_, pending, err = settingTx(ctx, tx, settingImport)
		return err
	})
	switch {
	case err != nil || !pending:
		return err
	case db.readOnly:
		return pos.Errorf(pos.EConflict, "A catalog import is being applied: try again in a moment, or open the database with caisse to finish it.")
	}
	return db.finishImport(ctx, nil)
}

// importLinesShown is how many bad lines a refusal of ImportCatalogAs
// names; it says how many more there are.
const importLinesShown = 20

// ImportCatalogAs is pos.CatalogImporter (the back office's import,
// pos.Office.ImportCatalog): ImportCatalog with its audit entry signed by
// staffID. A refused file (*ImportError) becomes an EInvalid *pos.Error
// that wraps it and names the bad lines (the first importLinesShown) in
// the same words; every other error is ImportCatalog's.
func (db *DB) ImportCatalogAs(ctx context.Context, r io.Reader, staffID string, progress func(stage string, done, total int)) (pos.ImportResult, error) {
	res, err := db.ImportCatalog(ctx, r, ImportOptions{StaffID: staffID, Progress: progress})
	var ie *ImportError
	if err == nil || !errors.As(err, &ie) {
		return res, err
	}
	var pe *pos.Error
	switch n := len(ie.Problems); {
	case n == 0:
		return res, err
	case n == 1:
		pe = pos.Errorf(pos.EInvalid, "Nothing was imported: fix this line of the file and import it again.\n%s", ie.Problems[0])
	case n <= importLinesShown:
		pe = pos.Errorf(pos.EInvalid, "Nothing was imported: fix these %d lines of the file and import it again.\n%s", n, strings.Join(ie.Problems, "\n"))
	default:
		pe = pos.Errorf(pos.EInvalid, "Nothing was imported: fix these %d lines of the file and import it again (the first %d below).\n%s",
			n, importLinesShown, strings.Join(ie.Problems[:importLinesShown], "\n"))
	}
	pe.Err = err
	return res, pe
}
