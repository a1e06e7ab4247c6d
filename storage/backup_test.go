package storage

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// Finding 10: there was no backup. Backup copies the database while
// another process sells, and the copy is a sound Caisse database holding
// every sale committed before it started.
func TestBackupWhileSelling(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shop.db")
	db := MustOpenDBAt(t, path)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		mustComplete(t, db, buildOrder(orderSpec{Lines: 5}))
	}
	stop := filepath.Join(dir, "stop")
	tl := startTill(t, "timed", path, "till-2", envStop+"="+stop)
	time.Sleep(300 * time.Millisecond)
	var copies []string
	for i := 0; i < 3; i++ {
		p, err := db.Backup(ctx, filepath.Join(dir, "copies"))
		if err != nil {
			t.Fatal(err)
		}
		copies = append(copies, p)
	}
	os.WriteFile(stop, nil, 0o644)
	if _, err := tl.wait(); err != nil {
		t.Fatalf("the till failed during the backup: %v\n%s", err, tl.stderr.String())
	}
	for _, p := range copies {
		c, err := OpenReadOnly(p)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := c.Check(ctx)
		if err != nil || len(rep.Problems) > 0 || rep.Orders < 200 {
			t.Fatalf("copy %s: %+v %v", p, rep, err)
		}
		c.Close()
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "copies"))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Fatalf("a temporary file was left: %s", e.Name())
		}
	}
	// Not into a file, nor over the database.
	if _, err := db.Backup(ctx, path); err == nil {
		t.Fatal("a backup into the database file's path")
	}
}

// The till's backup at shift close goes to backups/ beside the database
// and keeps the last 14.
func TestBackupAfterCloseKeeps14(t *testing.T) {
	dir := t.TempDir()
	db := MustOpenDBAt(t, filepath.Join(dir, "caisse.db"))
	other := filepath.Join(dir, "backups", "notes.txt")
	var made []string
	for i := 0; i < KeepBackups+3; i++ {
		p, err := db.BackupAfterClose(ctx)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, filepath.Base(p))
		if i == 0 {
			os.WriteFile(other, []byte("mine"), 0o644)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "backups"))
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	sort.Strings(left)
	want := append(append([]string{}, made[3:]...), "notes.txt")
	sort.Strings(want)
	if strings.Join(left, " ") != strings.Join(want, " ") {
		t.Fatalf("left %v, want the last %d and the other file", left, KeepBackups)
	}
}

// The database holds the staff's PIN hashes (trust: 0600 in a 0700
// folder): so do its backups, whatever folder they go to, and the
// -writers lock file beside it is its owner's only too.
func TestBackupsAreTheOwnersOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "caisse.db")
	db := MustOpenDBAt(t, path)
	open := filepath.Join(dir, "shared")
	if err := os.Mkdir(open, 0o755); err != nil {
		t.Fatal(err)
	}
	p1, err := db.Backup(ctx, open)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := db.BackupAfterClose(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{p1: 0o600, p2: 0o600, filepath.Dir(p2): 0o700, path + "-writers": 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", filepath.Base(p), got, want)
		}
	}
	c, err := OpenReadOnly(p1)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if staff, err := c.Staff(ctx); err != nil || len(staff) == 0 {
		t.Fatalf("the copy lacks the staff: %d, %v", len(staff), err)
	}
}
