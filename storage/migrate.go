package storage

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one schema step: the file NNNN_name.sql brings the database
// to user_version NNNN.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations are the embedded schema steps, in order.
var migrations = mustLoadMigrations()

// SchemaVersion is the user_version this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

func mustLoadMigrations() []migration {
	m, err := loadMigrations(migrationFS, "migrations")
	if err != nil {
		// The files are embedded at build time: a bad name is a build defect
		// that every test run catches.
		panic("storage: " + err.Error())
	}
	return m
}

// loadMigrations reads dir's NNNN_name.sql files; versions must run 1, 2, 3...
func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: the name must be NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no migrations")
	}
	return out, nil
}

// ErrNotCaisse is returned by Open for a file that is not a Caisse database.
var ErrNotCaisse = errors.New("not a Caisse database")

// ErrTooNew is returned by Open for a database written by a newer Caisse.
var ErrTooNew = errors.New("database written by a newer version of Caisse")

// fileState is what checkFile learns about a database file before Open
// writes anything to it.
type fileState struct {
	appID   int64
	version int64
	objects int64 // tables, indexes, views and triggers; or 1 for "some"
}

// checkFile refuses a foreign or newer database without writing to it, nor
// leaving any file beside it. A missing or empty file is fine: Open
// initialises it.
//
// When no write-ahead log is beside the file, its header is up to date and
// is read directly. Otherwise (a till is using it, or one stopped without
// closing it) the header may be stale: a read-only SQLite connection reads
// the marks through the log.
func checkFile(p string) error {
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("opening %s: %w", p, err)
	case fi.IsDir():
		return fmt.Errorf("opening %s: it is a folder, not a database file", p)
	case fi.Size() == 0:
		return nil
	}
	st, err := readHeader(p)
	if err != nil {
		return err
	}
	if wal, err := os.Stat(p + "-wal"); err == nil && wal.Size() > 0 {
		switch live, err := probe(p); {
		case err == nil:
			st = live
		case errors.Is(err, ErrNotCaisse) || st.appID != ApplicationID:
			return err
		}
		// A Caisse file whose log a read-only connection cannot replay (a
		// till stopped without closing it): Open's own connection recovers
		// it, and checks the marks again inside its first transaction.
	}
	return st.check(p, SchemaVersion())
}

// sqliteMagic opens every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// readHeader reads the marks in the 100-byte database header: the schema
// cookie (offset 40, 0 until a first table is made), user_version (60) and
// application_id (68), all big-endian.
func readHeader(p string) (fileState, error) {
	var st fileState
	f, err := os.Open(p)
	if err != nil {
		return st, fmt.Errorf("opening %s: %w", p, err)
	}
	defer f.Close()
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || string(h[:16]) != sqliteMagic {
		return st, fmt.Errorf("%s: %w: it is not an SQLite database at all; Caisse leaves it untouched", p, ErrNotCaisse)
	}
	be := func(off int) int64 { return int64(int32(binary.BigEndian.Uint32(h[off : off+4]))) }
	st.version, st.appID = be(60), be(68)
	if be(40) != 0 {
		st.objects = 1
	}
	return st, nil
}

// check refuses what this build must not touch.
func (st fileState) check(p string, latest int) error {
	switch {
	case st.appID == ApplicationID:
	case st.appID == 0 && st.objects == 0 && st.version == 0:
		return nil // an empty SQLite database: initialise it
	case st.appID == 0:
		return fmt.Errorf("%s: %w: it is another program's SQLite database (it has tables but no Caisse mark); Caisse leaves it untouched", p, ErrNotCaisse)
	default:
		return fmt.Errorf("%s: %w: it belongs to another program (application id %#08x); Caisse leaves it untouched", p, ErrNotCaisse, st.appID)
	}
	if st.version > int64(latest) {
		return fmt.Errorf("%s: %w (schema %d, this Caisse knows up to %d): update Caisse to open it", p, ErrTooNew, st.version, latest)
	}
	return nil
}

// probe reads the file's marks through a read-only connection.
func probe(p string) (fileState, error) {
	var st fileState
	conn, err := sql.Open("sqlite", "file:"+pathURL(p)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return st, fmt.Errorf("opening %s: %w", p, err)
	}
	defer conn.Close()
	ctx := context.Background()
	err = conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&st.appID)
	if err == nil {
		err = conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&st.version)
	}
	if err == nil {
		err = conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&st.objects)
	}
	if err != nil {
		if sqliteCode(err) == sqlite3.SQLITE_NOTADB {
			return st, fmt.Errorf("%s: %w: it is not an SQLite database at all; Caisse leaves it untouched", p, ErrNotCaisse)
		}
		return st, fmt.Errorf("reading %s: %w", p, err)
	}
	return st, nil
}

// migrate applies every migration the database lacks, each in its own
// BEGIN IMMEDIATE transaction that also sets user_version, so a crash leaves
// the database at one version or the next, never between. The version is
// read inside the transaction: two tills opening a new file at once apply
// each step once.
func (db *DB) migrate(ctx context.Context, steps []migration) error {
	for _, m := range steps {
		err := db.update(ctx, func(tx *Tx) error {
			return migrateTx(ctx, tx, m, steps[len(steps)-1].version)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func migrateTx(ctx context.Context, tx *Tx, m migration, latest int) error {
	var st fileState
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&st.appID); err != nil {
		return fmt.Errorf("reading the application id: %w", err)
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&st.version); err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&st.objects); err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	if err := st.check("the database", latest); err != nil {
		return err
	}
	if st.version >= int64(m.version) && m.version != latest {
		return nil
	}
	if err := checkTablesTx(ctx, tx, int(st.version)); err != nil {
		return err
	}
	if st.version >= int64(m.version) {
		return nil
	}
	if st.version != int64(m.version-1) {
		return fmt.Errorf("schema version %d cannot take migration %s", st.version, m.name)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	// PRAGMA takes no parameters; both values are integers from this package.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		return fmt.Errorf("migration %s: setting the application id: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return fmt.Errorf("migration %s: setting the schema version: %w", m.name, err)
	}
	return nil
}

// sqliteCode is the primary SQLite result code in err, or 0.
func sqliteCode(err error) int {
	var e interface{ Code() int }
	if errors.As(err, &e) {
		return e.Code() & 0xff
	}
	return 0
}

// pathURL escapes a file path for a file: URI.
func pathURL(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}
