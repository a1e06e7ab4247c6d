package storage

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

// Finding 5: import stored duplicate SKUs (in a file, by case, against a
// stored product), Latin-1 and invalid UTF-8 as raw bytes, NUL characters,
// and ignored extra cells; UTF-16 and CR-only files were "unknown column".
func TestImportRefusesUncleanFiles(t *testing.T) {
	const head = "id,title,sku,price_id,amount,currency\n"
	for _, tc := range []struct {
		name string
		body string
		want string
	}{
		{"duplicate SKU in the file", head + "a,A,X-1,a1,1.00,USD\nb,B,X-1,b1,1.00,USD\n", "the SKU X-1 of line 2"},
		{"SKU differing only in case", head + "a,A,x-1,a1,1.00,USD\nb,B,X-1,b1,1.00,USD\n", "the SKU X-1 of line 2"},
		{"SKU of a stored product", head + "new,New,shirt-sku,n1,1.00,USD\n", "already has the SKU"},
		{"Latin-1", head + "a,Caf\xe9,,a1,1.00,USD\n", "save the file as UTF-8"},
		{"invalid UTF-8", head + "a,\xff\xfe\xfd,,a1,1.00,USD\n", "save the file as UTF-8"},
		{"UTF-16 with a mark", "\xff\xfei\x00d\x00\n\x00", "save the file as UTF-8"},
		{"UTF-16 without a mark", "i\x00d\x00,\x00t\x00\n\x00", "save the file as UTF-8"},
		{"NUL in a title", head + "a,A\x00B,,a1,1.00,USD\n", "save the file as UTF-8"},
		{"control character in a title", head + "a,A\x07B,,a1,1.00,USD\n", "control character"},
		{"zero-width in an id", head + "a\u200b,A,,a1,1.00,USD\n", "invisible character"},
		{"bidi override in a SKU", head + "a,A,X\u202e1,a1,1.00,USD\n", "invisible character"},
		{"an extra cell", head + "a,A,,a1,1.00,USD,surprise\n", "the row has 7 cells"},
		{"an unknown column", "id,title,colour,price_id,amount,currency\na,A,red,a1,1.00,USD\n", `unknown column "colour"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := MustOpenDB(t)
			setup := testSetup(t)
			setup.Products[0].SKU = "SHIRT-SKU"
			if err := db.SaveSetup(ctx, setup); err != nil {
				t.Fatal(err)
			}
			before, _ := db.LoadSetup(ctx)
			_, err := db.ImportCatalogCSV(ctx, strings.NewReader(tc.body))
			var ie *ImportError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("import: %v, want an ImportError saying %q", err, tc.want)
			}
			after, _ := db.LoadSetup(ctx)
			assertSameJSON(t, "catalog after a refused import", after, before)
		})
	}
}

// UTF-8 with a byte-order mark and CR-only line endings are read.
func TestImportReadsBOMAndCROnly(t *testing.T) {
	for name, body := range map[string]string{
		"BOM":     "\ufeffid,title,price_id,amount,currency\nmug,Mug,mug-usd,2.00,USD\n",
		"CR only": "id,title,price_id,amount,currency\rmug,Mug,mug-usd,2.00,USD\r",
		"CRLF":    "id,title,price_id,amount,currency\r\nmug,Mug,mug-usd,2.00,USD\r\n",
	} {
		db := MustOpenDB(t)
		if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
			t.Fatal(err)
		}
		res, err := db.ImportCatalogCSV(ctx, strings.NewReader(body))
		if err != nil || res.Added != 1 {
			t.Fatalf("%s: %+v %v", name, res, err)
		}
	}
}

// SKUs are unique whatever their case in the table itself, whichever way
// a product is written; barcodes exactly.
func TestSKUUniqueInStorage(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	a := pos.Product{ID: "a", Title: "A", SKU: "Sku-1"}
	b := pos.Product{ID: "b", Title: "B", SKU: "SKU-1"}
	if err := db.SaveProduct(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveProduct(ctx, b); pos.ErrorCode(err) != pos.EConflict {
		t.Fatalf("a SKU differing in case: %v", err)
	}
	// Written around the checks, the index refuses it.
	if _, err := db.db.Exec(`INSERT INTO products (id, position, title, sku) VALUES ('c', 99, 'C', 'sku-1')`); err == nil {
		t.Fatal("the table took a duplicate SKU")
	}
	if _, err := db.db.Exec(`INSERT INTO products (id, position, title, barcode) SELECT 'd', 100, 'D', barcode FROM products WHERE barcode <> '' LIMIT 1`); err == nil {
		t.Fatal("the table took a duplicate barcode")
	}
}

// The back office and scenario files go through the same text checks.
func TestCleanText(t *testing.T) {
	for _, bad := range []string{"a\x00", "a\u202eb", "a\u200bb", "\xff", "a\tb", "a\u2066b", "a\ufeff"} {
		if err := pos.CheckCode("the id", bad); err == nil {
			t.Errorf("CheckCode(%q) accepted", bad)
		}
	}
	for _, ok := range []string{"MUG-1", "café", "日本", "a b"} {
		if err := pos.CheckCode("the id", ok); err != nil {
			t.Errorf("CheckCode(%q): %v", ok, err)
		}
	}
	if err := pos.CheckTitle("the title", "Café \u202eok"); err != nil {
		t.Errorf("a title may hold a bidi mark: %v", err)
	}
	if err := pos.CheckTitle("the title", "a\nb"); err == nil {
		t.Error("a title took a newline")
	}
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveProduct(ctx, pos.Product{ID: "x\u200b", Title: "X"}); pos.ErrorCode(err) != pos.EInvalid {
		t.Fatalf("a zero-width id saved: %v", err)
	}
	// Staff (trust) too: a member is signed in by id or name, and the
	// name is printed on receipts.
	hash := "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5"
	for _, s := range []pos.Staff{
		{ID: "cam\u202e", Name: "Cam", Role: pos.Cashier, Active: true, PINHash: hash},
		{ID: "cam", Name: "Cam\x00", Role: pos.Cashier, Active: true, PINHash: hash},
		{ID: "cam", Name: "Cam\nBoss", Role: pos.Cashier, Active: true, PINHash: hash},
	} {
		if err := db.SaveStaff(ctx, s); pos.ErrorCode(err) != pos.EInvalid {
			t.Errorf("staff %q %q saved: %v", s.ID, s.Name, err)
		}
	}
	if err := db.SaveStaff(ctx, pos.Staff{ID: "cam", Name: "Cam Løvås", Role: pos.Cashier, Active: true, PINHash: hash}); err != nil {
		t.Fatalf("a clean member refused: %v", err)
	}
}

// The migration that makes SKUs unique copes with a file that already
// holds SKUs differing only in case: both products and their SKUs are
// kept, the later one is marked and left outside the index.
func TestMigrationKeepsExistingDuplicateSKUs(t *testing.T) {
	var safety migration
	for _, m := range migrations {
		if strings.HasSuffix(m.name, "_safety.sql") {
			safety = m
		}
	}
	path := t.TempDir() + "/old.db"
	old, err := sqlOpen(path)
	if err != nil {
		t.Fatal(err)
	}
	olddb := newDB(old, path)
	if err := olddb.migrate(ctx, migrations[:safety.version-1]); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(`INSERT INTO products (id, position, title, sku) VALUES ('a', 1, 'A', 'ab-1'), ('b', 2, 'B', 'AB-1'), ('c', 3, 'C', 'Ab-1'), ('d', 4, 'D', 'other')`); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db := MustOpenDBAt(t, path)
	rows, err := db.db.Query(`SELECT id, sku, sku_duplicate FROM products ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id, sku string
		var dup int
		rows.Scan(&id, &sku, &dup)
		got = append(got, id+":"+sku+":"+map[int]string{0: "kept", 1: "marked"}[dup])
	}
	rows.Close()
	if strings.Join(got, " ") != "a:ab-1:kept b:AB-1:marked c:Ab-1:marked d:other:kept" {
		t.Fatalf("after the migration: %v", got)
	}
	// Saving a marked product again asks for another SKU.
	if err := db.SaveProduct(ctx, pos.Product{ID: "b", Title: "B", SKU: "AB-1"}); pos.ErrorCode(err) != pos.EConflict {
		t.Fatalf("saving a duplicate again: %v", err)
	}
}

// sqlOpen opens path with the till's connection settings (a test that
// builds an older file step by step).
func sqlOpen(path string) (*sql.DB, error) { return sql.Open("sqlite", dsn(path)) }

// The import writes one audit entry with its counts, naming "import" or
// the caller's staff id, and reports its progress.
func TestImportAuditAndProgress(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	var stages []string
	res, err := db.ImportCatalog(ctx, strings.NewReader(goodCatalog), ImportOptions{StaffID: "manager", Progress: func(stage string, done, total int) {
		if len(stages) == 0 || stages[len(stages)-1] != stage {
			stages = append(stages, stage)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(stages, ","); got != "checking,loading,applying,done" {
		t.Errorf("stages %s", got)
	}
	if _, err := db.ImportCatalogCSV(ctx, strings.NewReader(goodCatalog)); err != nil {
		t.Fatal(err)
	}
	log, err := db.Audit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var imports []string
	for _, e := range log {
		if e.Action == "import" {
			imports = append(imports, e.StaffID+" "+e.After)
		}
	}
	want := []string{`import {"products":3,"added":0,"replaced":3}`, fmt.Sprintf(`manager {"products":3,"added":%d,"replaced":%d}`, res.Added, res.Replaced)}
	if strings.Join(imports, "|") != strings.Join(want, "|") {
		t.Fatalf("audit %v, want %v", imports, want)
	}
}

// An import killed after its commit point is finished by the next open;
// one refused (or killed before it) leaves the catalog as it was.
func TestImportRollsForwardAfterAKill(t *testing.T) {
	path := t.TempDir() + "/shop.db"
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	products, lines, problems, err := parseCatalogCSV(bytes.NewReader(bigCatalog(2500, "k")))
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	version, replaced, _, err := db.checkImport(ctx, products, lines)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.stage(ctx, "b1", products, func(string, int, int) {}); err != nil {
		t.Fatal(err)
	}
	// A product saved meanwhile: the commit point refuses the import.
	if err := db.SaveProduct(ctx, pos.Product{ID: "late", Title: "Late"}); err != nil {
		t.Fatal(err)
	}
	err = db.update(ctx, func(tx *Tx) error {
		return commitImportTx(ctx, tx, "b1", len(products), version, ImportResult{Added: len(products) - replaced}, "import", time.Now())
	})
	if pos.ErrorCode(err) != pos.EConflict {
		t.Fatalf("commit after a change: %v", err)
	}
	version, _, _, _ = db.checkImport(ctx, products, lines)
	err = db.update(ctx, func(tx *Tx) error {
		return commitImportTx(ctx, tx, "b1", len(products), version, ImportResult{Added: len(products)}, "import", time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	// One chunk applied, then the process "dies".
	if err := db.update(ctx, func(tx *Tx) error { _, _, err := applyChunkTx(ctx, tx); return err }); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveProduct(ctx, pos.Product{ID: "during", Title: "During"}); pos.ErrorCode(err) != pos.EConflict {
		t.Fatalf("a product saved while an import is pending: %v", err)
	}
	db.Close()
	db = MustOpenDBAt(t, path)
	s, err := db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range s.Products {
		if strings.HasPrefix(p.ID, "k") {
			n++
			if len(p.Prices) != 1 || len(p.Collections) != 1 {
				t.Fatalf("product %s half-imported: %+v", p.ID, p)
			}
		}
	}
	if n != 2500 {
		t.Fatalf("%d of 2500 products after the roll forward", n)
	}
	var staged int
	db.db.QueryRow(`SELECT count(*) FROM import_products`).Scan(&staged)
	if staged != 0 {
		t.Fatalf("%d staged rows left", staged)
	}
}

// Finding 8: the orders export wrote a title that is a formula as it was.
func TestExportCellsAreSafe(t *testing.T) {
	db := MustOpenDB(t)
	o := buildOrder(orderSpec{Lines: 2})
	o.Quote.Lines[0].Title = "=cmd|' /C calc'!A0"
	o.Quote.Lines[1].Title = "@SUM(1+1)"
	mustComplete(t, db, o)
	var b bytes.Buffer
	if _, err := db.ExportOrdersCSV(ctx, &b, OrderFilter{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if got := rows[1][col["title"]]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("title cell %q", got)
	}
	if got := rows[2][col["title"]]; got != "'@SUM(1+1)" {
		t.Errorf("title cell %q", got)
	}
	for _, row := range rows[1:] {
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) {
				t.Errorf("%s cell %q reaches a spreadsheet as a formula", rows[0][i], cell)
			}
		}
	}
}

// An error message repeats at most 80 characters of what the file said.
func TestImportEchoesAtMost80Characters(t *testing.T) {
	db := MustOpenDB(t)
	long := strings.Repeat("x", 5000)
	for _, body := range []string{
		"id,title,price_id,amount,currency," + long + "\n",
		"id,title,price_id,amount,currency\n" + long + ",T,p,1.00,USD\n",
		"id,title,price_id,amount,currency\na," + long + ",p,1.00,USD\n",
		"id,title,price_id,amount,currency\na,T,p," + long + ",USD\n",
		"id,title,price_id,amount,currency,active\na,T,p,1.00,USD," + long + "\n",
	} {
		_, err := db.ImportCatalogCSV(ctx, strings.NewReader(body))
		if err == nil || strings.Contains(err.Error(), strings.Repeat("x", 81)) {
			t.Errorf("the message repeats too much: %.200s", err)
		}
	}
}

// An import that starts while another one is pending never clears the
// pending one's staging rows (they are what a roll forward needs): the
// pending import is applied whole, and the second is told to try again.
func TestImportKeepsThePendingOnesRows(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	a, lines, _, _ := parseCatalogCSV(bytes.NewReader(bigCatalog(3000, "a")))
	version, _, _, err := db.checkImport(ctx, a, lines)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.stage(ctx, "A", a, func(string, int, int) {}); err != nil {
		t.Fatal(err)
	}
	if err := db.update(ctx, func(tx *Tx) error {
		return commitImportTx(ctx, tx, "A", len(a), version, ImportResult{Added: len(a)}, "import", time.Now())
	}); err != nil {
		t.Fatal(err)
	}
	// A second import loads while A is pending (its process is elsewhere).
	b, _, _, _ := parseCatalogCSV(bytes.NewReader(bigCatalog(10, "b")))
	if err := db.stage(ctx, "B", b, func(string, int, int) {}); err != nil {
		t.Fatal(err)
	}
	if err := db.finishImport(ctx, nil); err != nil {
		t.Fatal(err)
	}
	s, err := db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range s.Products {
		if strings.HasPrefix(p.ID, "a") && len(p.Prices) == 1 {
			n++
		}
	}
	if n != 3000 {
		t.Fatalf("%d of import A's 3000 products", n)
	}
	var left int
	db.db.QueryRow(`SELECT count(*) FROM import_products WHERE batch = 'A'`).Scan(&left)
	if left != 0 {
		t.Fatalf("%d of A's staged rows left", left)
	}
}
