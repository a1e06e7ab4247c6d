package storage

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Finding 7: the read-only commands ran write transactions when they opened
// the file, so they waited for any writer (up to 81 s) and failed on a
// read-only file system. OpenReadOnly reads while another till holds the
// write lock, and reads a 0444 file in a 0555 folder without changing it.
func TestOpenReadOnlyNeverTakesTheWriteLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	db := MustOpenDBAt(t, path)
	mustComplete(t, db, buildOrder(orderSpec{}))
	// Another till is in the middle of a write transaction.
	writer, err := db.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if _, err := writer.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer writer.ExecContext(ctx, "ROLLBACK")
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly while a till writes: %v", err)
	}
	defer ro.Close()
	orders, err := ro.Orders(ctx, OrderFilter{})
	if err != nil || len(orders) != 1 {
		t.Fatalf("reading while a till writes: %d orders, %v", len(orders), err)
	}
	if !ro.ReadOnly() {
		t.Fatal("not read-only")
	}
	if err := ro.SaveSetup(ctx, testSetup(t)); err == nil {
		t.Fatal("a read-only database accepted a write")
	}
}

func TestOpenReadOnlyOnAReadOnlyFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "shop.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustComplete(t, db, buildOrder(orderSpec{}))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := takeSnapshot(t, dir)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly on a read-only folder: %v", err)
	}
	orders, err := ro.Orders(ctx, OrderFilter{})
	if err != nil || len(orders) != 1 {
		t.Fatalf("%d orders, %v", len(orders), err)
	}
	ro.Close()
	os.Chmod(dir, 0o755)
	after := takeSnapshot(t, dir)
	if after[filepath.Base(path)] != before[filepath.Base(path)] {
		t.Fatal("the database changed")
	}
	// And as immutable, the way a read-only file system is read.
	imm, err := openRO(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer imm.Close()
	if orders, err := imm.Orders(ctx, OrderFilter{}); err != nil || len(orders) != 1 {
		t.Fatalf("immutable: %d orders, %v", len(orders), err)
	}
}

// A version-5 file is not upgraded by a read-only command: it says to open
// it with caisse once, and the file stays at version 5.
func TestOpenReadOnlyWantsAnUpgradedFile(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "version5.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v5.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = OpenReadOnly(path)
	if !errors.Is(err, ErrNeedsUpgrade) || !strings.Contains(err.Error(), "open it with caisse once to upgrade it") {
		t.Fatalf("OpenReadOnly(v5) = %v", err)
	}
	if now, _ := os.ReadFile(path); string(now) != string(src) {
		t.Fatal("the version-5 file was changed")
	}
	if _, err := OpenReadOnly(filepath.Join(t.TempDir(), "missing.db")); err == nil {
		t.Fatal("a missing file opened")
	}
}

// Finding 9: a file whose user_version claims an older schema failed with
// "table return_counters already exists". It is refused in words, by Open
// and OpenReadOnly, and left as it was.
func TestSchemaVersionMustMatchTheTables(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	rawExec(t, path, "PRAGMA user_version = 3")
	before, _ := os.ReadFile(path)
	_, err = Open(path)
	if !errors.Is(err, ErrSchemaMismatch) || !strings.Contains(err.Error(), "return_counters") {
		t.Fatalf("Open = %v, want a schema mismatch naming return_counters", err)
	}
	if _, err := OpenReadOnly(path); err == nil {
		t.Fatal("OpenReadOnly opened it")
	}
	if now, _ := os.ReadFile(path); string(now) != string(before) {
		t.Fatal("the file was changed")
	}
	// A table of its own version missing.
	path2 := filepath.Join(t.TempDir(), "shop2.db")
	db, err = Open(path2)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	rawExec(t, path2, "DROP TABLE shift_moves")
	if _, err := Open(path2); !errors.Is(err, ErrSchemaMismatch) || !strings.Contains(err.Error(), "lacks the table shift_moves") {
		t.Fatalf("Open without shift_moves = %v", err)
	}
	want, _ := tablesAt(SchemaVersion())
	if !want["orders"] || want["order_tenders"] {
		t.Fatalf("tables of the latest schema: %v", fmt.Sprint(want))
	}
}

// Finding 3: killed scenario runs of earlier versions left carts (53 after
// 370 kills). Opening the file clears them, and keeps a real till's carts.
func TestOpenClearsCartsOfScenarioRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	rawExec(t, path,
		`INSERT INTO carts (id, till_id, status, started_at, data) VALUES ('c1', 'scenario-01J', 'open', 1, '{}'), ('c2', 'till-1', 'parked', 1, '{}')`)
	db = MustOpenDBAt(t, path)
	var left []string
	rows, err := db.db.Query("SELECT till_id FROM carts ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		left = append(left, s)
	}
	rows.Close()
	if len(left) != 1 || left[0] != "till-1" {
		t.Fatalf("carts left: %v, want the real till's only", left)
	}
}

// The test above runs as root, whom file modes do not stop. This one runs
// the reading in a helper process as an unprivileged user (setpriv), for
// whom the 0555 folder is really read-only: no -shm or -wal can be made,
// and OpenReadOnly reads the file as immutable. Skipped when not root or
// without setpriv.
func TestOpenReadOnlyAsAnotherUser(t *testing.T) {
	setpriv, err := exec.LookPath("setpriv")
	if os.Geteuid() != 0 || err != nil {
		t.Skip("needs root and setpriv to run a helper as nobody")
	}
	base, err := os.MkdirTemp("", "caisse-ro-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	dir := filepath.Join(base, "ro")
	os.Mkdir(dir, 0o755)
	path := filepath.Join(dir, "shop.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		mustComplete(t, db, buildOrder(orderSpec{}))
	}
	db.Close()
	bin := filepath.Join(base, "storage.test")
	data, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	copyDir := filepath.Join(base, "copies")
	os.Mkdir(copyDir, 0o777)
	os.Chmod(copyDir, 0o777)
	os.Chmod(base, 0o755)
	os.Chmod(path, 0o444)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin, "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHelper+"=readonly", envDB+"="+path, envStop+"="+copyDir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("reading as nobody: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "orders 3") || !strings.Contains(string(out), "backup ok") {
		t.Fatalf("helper said %q", out)
	}
}

// helperReadOnly opens path with OpenReadOnly, prints its orders' count,
// and backs it up into the folder named by envStop.
func helperReadOnly(path, copies string) error {
	db, err := OpenReadOnly(path)
	if err != nil {
		return err
	}
	defer db.Close()
	orders, err := db.Orders(ctx, OrderFilter{})
	if err != nil {
		return err
	}
	fmt.Println("orders", len(orders))
	if _, err := db.Backup(ctx, copies); err != nil {
		return err
	}
	fmt.Println("backup ok")
	return nil
}

// Open gives a database with no staff the demo staff (trust); OpenReadOnly
// never does: a read-only command writes nothing, not even staff, and the
// file stays byte for byte as it was.
func TestOpenReadOnlyNeverSeedsStaff(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if staff, err := db.Staff(ctx); err != nil || len(staff) == 0 {
		t.Fatalf("a new database has no demo staff: %d, %v", len(staff), err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	rawExec(t, path, "DELETE FROM staff", "PRAGMA wal_checkpoint(TRUNCATE)")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	staff, err := ro.Staff(ctx)
	if err != nil || len(staff) != 0 {
		t.Fatalf("OpenReadOnly seeded staff: %d, %v", len(staff), err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("OpenReadOnly changed the file")
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		t.Fatalf("OpenReadOnly wrote %d bytes of log", fi.Size())
	}
}
