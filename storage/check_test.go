package storage

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"caisse/pos"
)

// damage overwrites pages in the middle of a closed database file, as a
// failing disk or a stray write would.
func damage(tb testing.TB, path string) {
	tb.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 4096/4))
	for off := (fi.Size() / 2 / 4096) * 4096; off+4096 < fi.Size(); off += 4096 * 3 {
		if _, err := f.WriteAt(junk, off); err != nil {
			tb.Fatal(err)
		}
	}
}

// Finding 9: a file that fails integrity_check opened without a word and
// import wrote into it. Check says what is wrong; once QuickCheck fails,
// nothing is written into the file.
func TestDamagedFileIsFoundAndNeverWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 60; i++ {
		mustComplete(t, db, buildOrder(orderSpec{Lines: 5}))
	}
	rep, err := db.Check(ctx)
	if err != nil || len(rep.Problems) != 0 || rep.Orders != 60 {
		t.Fatalf("a sound file: %+v %v", rep, err)
	}
	db.Close()
	damage(t, path)
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err = ro.Check(ctx)
	ro.Close()
	if err != nil || len(rep.Problems) == 0 {
		t.Fatalf("a damaged file: %+v %v", rep, err)
	}
	t.Logf("check: %v", rep.Problems[:min(3, len(rep.Problems))])
	db, err = Open(path)
	if err != nil {
		t.Logf("Open refuses the damaged file: %v", err)
		return
	}
	defer db.Close()
	if err := db.QuickCheck(ctx); !errors.Is(err, ErrDamaged) {
		t.Fatalf("QuickCheck = %v", err)
	}
	before, _ := os.ReadFile(path)
	view := db.WithTill("till-9")
	if err := view.SaveProduct(ctx, pos.Product{ID: "new", Title: "New"}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("a write into a damaged file: %v", err)
	}
	if _, err := db.ImportCatalogCSV(ctx, strings.NewReader(goodCatalog)); !errors.Is(err, ErrDamaged) {
		t.Fatalf("an import into a damaged file: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("the damaged file was written")
	}
}

// Check re-adds each order: one whose stored total was changed is named.
func TestCheckReaddsOrders(t *testing.T) {
	db := MustOpenDB(t)
	o := mustComplete(t, db, buildOrder(orderSpec{Lines: 3}))
	if _, err := db.db.Exec(`UPDATE orders SET total = total + 1 WHERE id = ?`, o.ID); err != nil {
		t.Fatal(err)
	}
	rep, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) == 0 || !strings.Contains(strings.Join(rep.Problems, "\n"), "order "+o.ID) {
		t.Fatalf("problems %v", rep.Problems)
	}
	if len(rep.Notes) == 0 {
		t.Fatal("the audit chain's status is not said")
	}
}

// caisse check verifies the audit chain (VerifyAudit): whole, it is a
// note; an entry edited behind Caisse's back is a problem naming it.
func TestCheckFindsABrokenAuditChain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	db := MustOpenDBAt(t, path)
	appendEntries(t, db, 3, "d")
	rep, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 0 || !strings.Contains(strings.Join(rep.Notes, "\n"), "chain whole") {
		t.Fatalf("a whole chain: problems %q, notes %q", rep.Problems, rep.Notes)
	}
	conn := rawConn(t, path)
	dropAuditTriggers(t, conn)
	if _, err := conn.Exec(`UPDATE audit_log SET after = '{"percent":90}' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	if rep, err = db.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if p := strings.Join(rep.Problems, "\n"); !strings.Contains(p, "audit log: entry 2") {
		t.Fatalf("an edited entry: problems %q", p)
	}
}
