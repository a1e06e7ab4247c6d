package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"caisse/pos"

	sqlite3 "modernc.org/sqlite/lib"
)

// KeepBackups is how many shift-close backups BackupAfterClose keeps.
const KeepBackups = 14

// backupPrefix and backupExt name the copies: caisse-YYYYMMDD-HHMMSS.nnnnnnnnn.db
// (UTC), which sort by name in the order they were made.
const (
	backupPrefix = "caisse-"
	backupExt    = ".db"
)

// Backup copies the database into the folder dir (made if missing) while
// the tills keep selling: VACUUM INTO reads one consistent snapshot and
// takes no write lock. The copy is written under a temporary name, checked
// (integrity_check, and that it is this Caisse's database), synced, and
// only then given its name, never over an existing file; the folder is
// synced. It returns the copy's path.
func (db *DB) Backup(ctx context.Context, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("backing up: %w", err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("backing up: %s is not a folder", dir)
	}
	final := filepath.Join(dir, backupPrefix+time.Now().UTC().Format("20060102-150405.000000000")+backupExt)
	out := Output{Path: final, Protect: []string{db.path}}
	if err := CheckOutput(out); err != nil {
		return "", err
	}
	tmp := filepath.Join(dir, ".backup-"+filepath.Base(final)+".tmp")
	defer os.Remove(tmp) // after the rename there is nothing left to remove
	if err := vacuumInto(ctx, db.path, tmp); err != nil {
		return "", fmt.Errorf("backing up %s: %w", db.path, err)
	}
	// The copy holds the staff's PIN hashes: its owner only, as the
	// database (vacuumInto made it so; this says it whatever the umask).
	if err := os.Chmod(tmp, 0o600); err != nil {
		return "", fmt.Errorf("backing up: %w", err)
	}
	if err := checkCopy(ctx, tmp); err != nil {
		return "", fmt.Errorf("backing up %s: the copy is not sound, it was not kept: %w", db.path, err)
	}
	if err := syncFile(tmp); err != nil {
		return "", fmt.Errorf("backing up: %w", err)
	}
	if err := place(tmp, out); err != nil {
		return "", fmt.Errorf("backing up: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return "", fmt.Errorf("backing up: %w", err)
	}
	return final, nil
}

// vacuumInto writes a copy of the database at src to dst through a
// connection of its own: VACUUM INTO reads the source in one read
// transaction (no write lock), but SQLite refuses it on a read-only
// (mode=ro, query_only) connection such as OpenReadOnly's, because it
// writes the copy.
//
// dst is first made empty with mode 0600 (VACUUM INTO fills an empty file
// and keeps its mode): the copy holds the staff's PIN hashes, and SQLite
// would create it 0644.
func vacuumInto(ctx context.Context, src, dst string) error {
	if err := createEmpty(dst); err != nil {
		return err
	}
	err := vacuumIntoWith(ctx, src, dst, fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()))
	if c := sqliteCode(err); (c == sqlite3.SQLITE_CANTOPEN || c == sqlite3.SQLITE_READONLY) && !hasLog(src) {
		// A read-only folder or disk with no log: nobody can be writing,
		// so the file is read as immutable (as OpenReadOnly does).
		os.Remove(dst) // what the failed attempt may have begun; dst is ours
		if err := createEmpty(dst); err != nil {
			return err
		}
		err = vacuumIntoWith(ctx, src, dst, "immutable=1")
	}
	return err
}

// createEmpty creates path empty, its owner only, never over a file.
func createEmpty(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

func vacuumIntoWith(ctx context.Context, src, dst, params string) error {
	conn, err := sql.Open("sqlite", "file:"+pathURL(src)+"?"+params)
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, dst)
	if cerr := conn.Close(); err == nil {
		err = cerr
	}
	return err
}

// checkCopy opens a copy read-only and runs integrity_check on it.
func checkCopy(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", "file:"+pathURL(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer conn.Close()
	var appID int64
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return err
	}
	if appID != ApplicationID {
		return fmt.Errorf("%w: application id %#x", ErrNotCaisse, appID)
	}
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity_check: %s", strings.Join(problems, "; "))
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// BackupAfterClose is the backup the till makes when a shift closes
// (pos.ShiftBackup): into the data folder's backups/ (beside the
// database), keeping the last KeepBackups copies.
func (db *DB) BackupAfterClose(ctx context.Context) (string, error) {
	dir := filepath.Join(filepath.Dir(db.path), "backups")
	path, err := db.Backup(ctx, dir)
	if err != nil {
		return "", err
	}
	if err := pruneBackups(dir, KeepBackups); err != nil {
		return path, fmt.Errorf("the backup %s was made, but older ones could not be removed: %w", path, err)
	}
	return path, nil
}

// pruneBackups removes all but the newest keep copies in dir (only files
// named as Backup names them).
func pruneBackups(dir string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, backupPrefix) && strings.HasSuffix(n, backupExt) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var errs []error
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			errs = append(errs, err)
		}
		names = names[1:]
	}
	return errors.Join(errs...)
}

var _ pos.ShiftBackup = (*DB)(nil)
