package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNeedsUpgrade is returned by OpenReadOnly for a database an older
// Caisse wrote: only the till (Open) brings it up to date.
var ErrNeedsUpgrade = errors.New("the database needs upgrading")

// ErrSchemaMismatch is returned by Open and OpenReadOnly for a file whose
// schema version does not match its tables (changed by another tool).
var ErrSchemaMismatch = errors.New("the database's schema version does not match its tables")

// OpenReadOnly opens an existing Caisse database for reading only (the
// events, export, report, receipt and check commands): mode=ro, no
// migration, no write lock ever taken, so it neither waits for a till that
// is writing nor fails on a read-only file system. A database at an older
// schema is refused with ErrNeedsUpgrade, a newer one with ErrTooNew.
func OpenReadOnly(path string) (*DB, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("there is no database at %s (open the till once to create it, or give --db): %w", path, err)
	case err != nil:
		return nil, fmt.Errorf("opening %s: %w", path, err)
	case fi.Size() == 0:
		return nil, fmt.Errorf("%s: %w: the file is empty; open it with caisse once to set it up", path, ErrNeedsUpgrade)
	}
	if err := checkFile(path); err != nil {
		return nil, err
	}
	db, err := openRO(path, false)
	if c := sqliteCode(err); (c == sqlite3.SQLITE_CANTOPEN || c == sqlite3.SQLITE_READONLY) && !hasLog(path) {
		// No write-ahead log and none can be made (a read-only folder or
		// file system): nobody can be writing, so the file cannot change
		// under us and may be read as immutable.
		db, err = openRO(path, true)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

func openRO(path string, immutable bool) (*DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "query_only(1)")
	sqldb, err := sql.Open("sqlite", "file:"+pathURL(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db := newDB(sqldb, path)
	db.readOnly = true
	err = db.view(context.Background(), func(tx *Tx) error {
		var st fileState
		if err := tx.QueryRowContext(context.Background(), "PRAGMA application_id").Scan(&st.appID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(context.Background(), "PRAGMA user_version").Scan(&st.version); err != nil {
			return err
		}
		if err := st.check(path, SchemaVersion()); err != nil {
			return err
		}
		if st.version < int64(SchemaVersion()) {
			return fmt.Errorf("%s: %w (schema %d, this Caisse writes %d): open it with caisse once to upgrade it", path, ErrNeedsUpgrade, st.version, SchemaVersion())
		}
		return checkTablesTx(context.Background(), tx, int(st.version))
	})
	if err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	return db, nil
}

// hasLog reports a non-empty write-ahead log beside path.
func hasLog(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return err == nil && fi.Size() > 0
}

// ReadOnly reports a DB opened with OpenReadOnly.
func (db *DB) ReadOnly() bool { return db.readOnly }

var (
	createTable = regexp.MustCompile(`(?i)\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["\x60]?(\w+)`)
	dropTable   = regexp.MustCompile(`(?i)\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?["\x60]?(\w+)`)
)

// tablesAt lists the tables the migrations up to version v leave, and
// every table any migration creates.
func tablesAt(v int) (want map[string]bool, all map[string]bool) {
	want, all = map[string]bool{}, map[string]bool{}
	for _, m := range migrations {
		for _, c := range createTable.FindAllStringSubmatch(m.sql, -1) {
			name := strings.ToLower(c[1])
			all[name] = true
			if m.version <= v {
				want[name] = true
			}
		}
		if m.version <= v {
			for _, d := range dropTable.FindAllStringSubmatch(m.sql, -1) {
				delete(want, strings.ToLower(d[1]))
			}
		}
	}
	return want, all
}

// checkTablesTx refuses a database whose tables are not those of its
// schema version: one lacks a table of its version, or has a table its
// version does not have yet (a user_version set back by another tool).
func checkTablesTx(ctx context.Context, tx *Tx, version int) error {
	rows, err := tx.QueryContext(ctx, `SELECT lower(name) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'`)
	if err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	have := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return fmt.Errorf("reading the schema: %w", err)
		}
		have[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	want, all := tablesAt(version)
	var missing, extra []string
	for n := range want {
		if !have[n] {
			missing = append(missing, n)
		}
	}
	for n := range have {
		if all[n] && !want[n] {
			extra = append(extra, n)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	switch {
	case len(extra) > 0:
		return fmt.Errorf("%w: it says schema %d but already has the table %s of a later schema; another program changed it: restore a backup (README)", ErrSchemaMismatch, version, strings.Join(extra, ", "))
	case len(missing) > 0:
		return fmt.Errorf("%w: it says schema %d but lacks the table %s; another program changed it: restore a backup (README)", ErrSchemaMismatch, version, strings.Join(missing, ", "))
	}
	return nil
}
