package storage

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

// rawExec runs statements on path through a plain connection (no Caisse
// pragmas), as another program would.
func rawExec(tb testing.TB, path string, stmts ...string) {
	tb.Helper()
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	for _, s := range stmts {
		if _, err := conn.Exec(s); err != nil {
			tb.Fatalf("%s: %v", s, err)
		}
	}
}

// keepOpen opens path with one plain connection kept until the test ends.
func keepOpen(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	conn.SetMaxOpenConns(1)
	tb.Cleanup(func() { conn.Close() })
	return conn
}

func pragmaInt(tb testing.TB, db *DB, name string) int64 {
	tb.Helper()
	var n int64
	if err := db.db.QueryRow("PRAGMA " + name).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestOpenInitialisesAnEmptyFile(t *testing.T) {
	for _, name := range []string{"missing.db", "empty.db"} {
		path := filepath.Join(t.TempDir(), name)
		if name == "empty.db" {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		db := MustOpenDBAt(t, path)
		if v := pragmaInt(t, db, "user_version"); v != int64(SchemaVersion()) {
			t.Errorf("%s: user_version = %d, want %d", name, v, SchemaVersion())
		}
		if id := pragmaInt(t, db, "application_id"); id != ApplicationID {
			t.Errorf("%s: application_id = %#x", name, id)
		}
		var mode string
		if err := db.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("%s: journal_mode = %q, %v", name, mode, err)
		}
		if fk, sync := pragmaInt(t, db, "foreign_keys"), pragmaInt(t, db, "synchronous"); fk != 1 || sync != 2 {
			t.Errorf("%s: foreign_keys = %d, synchronous = %d", name, fk, sync)
		}
		if ms := pragmaInt(t, db, "busy_timeout"); ms != busyTimeout.Milliseconds() {
			t.Errorf("%s: busy_timeout = %d", name, ms)
		}
	}
}

// TestMigrateFromEveryVersion brings a database written by every earlier
// schema version up to date, keeping what it holds.
func TestMigrateFromEveryVersion(t *testing.T) {
	for from := 0; from < len(migrations); from++ {
		t.Run(fmt.Sprintf("from-%d", from), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			old, err := sql.Open("sqlite", dsn(path))
			if err != nil {
				t.Fatal(err)
			}
			olddb := newDB(old, path)
			if err := olddb.migrate(ctx, migrations[:from]); err != nil {
				t.Fatal(err)
			}
			want := testSetup(t)
			if from >= 1 { // version 1 holds the set-up
				if err := olddb.SaveSetup(ctx, want); err != nil {
					t.Fatal(err)
				}
			}
			if err := old.Close(); err != nil {
				t.Fatal(err)
			}

			db := MustOpenDBAt(t, path)
			if v := pragmaInt(t, db, "user_version"); v != int64(SchemaVersion()) {
				t.Errorf("user_version = %d, want %d", v, SchemaVersion())
			}
			if from >= 1 {
				got, err := db.LoadSetup(ctx)
				if err != nil {
					t.Fatal(err)
				}
				assertSameJSON(t, "set-up kept by the migration", got, want)
			}
			mustComplete(t, db, buildOrder(orderSpec{}))
			var check string
			if err := db.db.QueryRow("PRAGMA foreign_key_check").Scan(&check); !errors.Is(err, sql.ErrNoRows) {
				t.Errorf("foreign_key_check: %q, %v", check, err)
			}
		})
	}
}

// snapshot is a folder's files with their bytes and modification times.
type snapshot map[string]string

func takeSnapshot(tb testing.TB, dir string) snapshot {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	s := snapshot{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		info, err := e.Info()
		if err != nil {
			tb.Fatal(err)
		}
		s[e.Name()] = fmt.Sprintf("%d bytes, sha256 %x, modified %s", len(b), sha256.Sum256(b), info.ModTime().Format(time.RFC3339Nano))
	}
	return s
}

func (s snapshot) names() []string {
	var out []string
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOpenRefusesForeignFiles checks that Caisse opens no other program's
// file and no newer Caisse database, and leaves them untouched.
func TestOpenRefusesForeignFiles(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, path string)
		want error
	}{
		{"another program's database", func(t *testing.T, path string) {
			rawExec(t, path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes (body) VALUES ('keep me')")
		}, ErrNotCaisse},
		{"another application id", func(t *testing.T, path string) {
			rawExec(t, path, "PRAGMA application_id = 1234567", "CREATE TABLE t (x)")
		}, ErrNotCaisse},
		{"another application id, no tables", func(t *testing.T, path string) {
			rawExec(t, path, "PRAGMA application_id = 1234567")
		}, ErrNotCaisse},
		{"another program's WAL database", func(t *testing.T, path string) {
			rawExec(t, path, "PRAGMA journal_mode = WAL", "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)")
		}, ErrNotCaisse},
		{"another program's WAL database, in use", func(t *testing.T, path string) {
			conn := keepOpen(t, path)
			for _, q := range []string{"PRAGMA journal_mode = WAL", "PRAGMA wal_autocheckpoint = 0", "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)"} {
				if _, err := conn.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
		}, ErrNotCaisse},
		{"a newer Caisse, in use, not checkpointed", func(t *testing.T, path string) {
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			for _, q := range []string{"PRAGMA wal_autocheckpoint = 0", fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1)} {
				if _, err := db.db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
		}, ErrTooNew},
		{"not SQLite", func(t *testing.T, path string) {
			if err := os.WriteFile(path, bytes.Repeat([]byte("not a database\n"), 100), 0o600); err != nil {
				t.Fatal(err)
			}
		}, ErrNotCaisse},
		{"a newer Caisse", func(t *testing.T, path string) {
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			mustComplete(t, db, buildOrder(orderSpec{}))
			if _, err := db.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1)); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
		}, ErrTooNew},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "file.db")
			tc.make(t, path)
			time.Sleep(10 * time.Millisecond) // a write would show in the modification time
			before := takeSnapshot(t, dir)
			db, err := Open(path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("Open: %v, want %v", err, tc.want)
			}
			t.Logf("Open: %v", err)
			after := takeSnapshot(t, dir)
			assertSameJSON(t, "files", after.names(), before.names())
			for name, b := range before {
				// The -shm file is the log's shared-memory index, which
				// every reader writes to; it holds no data.
				if after[name] != b && !strings.HasSuffix(name, "-shm") {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}

func TestOpenRefusesAFolder(t *testing.T) {
	if _, err := Open(t.TempDir()); err == nil {
		t.Error("Open(folder) succeeded")
	}
}

// TestMigrateKeepsVersion5Orders opens a database written by Caisse at
// schema version 5 (commit 8d57c21: four orders from buildOrder, one with a
// custom line discount and a reason on its order discount, one a test
// order, two using the limited code) and checks that migration 6, which
// moved the discount breakdown and tenders into JSON columns, reads every
// order back exactly as version 5 did (testdata/version5.json) and counts
// the code's uses the same.
func TestMigrateKeepsVersion5Orders(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "version5.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v5.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "version5.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Orders []json.RawMessage
		Usage  map[string]int
	}
	if err := json.Unmarshal(golden, &want); err != nil {
		t.Fatal(err)
	}

	db := MustOpenDBAt(t, path)
	if v := pragmaInt(t, db, "user_version"); v != int64(SchemaVersion()) {
		t.Fatalf("user_version = %d, want %d", v, SchemaVersion())
	}
	orders, err := db.Orders(ctx, OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != len(want.Orders) {
		t.Fatalf("%d orders after the migration, want %d", len(orders), len(want.Orders))
	}
	for i, o := range orders {
		assertSameJSON(t, fmt.Sprintf("order %d", i+1), o, want.Orders[i])
	}
	usage, err := db.DiscountUsage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "discount usage", usage, want.Usage)

	// A migrated order is refunded from its stored shares, in full.
	first := orders[0]
	var req pos.ReturnRequest
	for _, l := range first.Quote.Lines {
		req.Lines = append(req.Lines, pos.ReturnLineRequest{Pos: l.Pos, Quantity: l.Quantity})
	}
	r, err := pos.Refund(first, nil, req)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != first.Quote.Total {
		t.Errorf("returning all of order 1 refunds %s, it took %s", r.Total, first.Quote.Total)
	}
	now := time.Now().UTC()
	r.ID, r.TillID, r.CreatedAt = pos.NewID(now), "till-1", now
	if err := db.CompleteReturn(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if _, err := pos.Refund(first, []pos.Return{r}, req); pos.ErrorCode(err) != pos.ENotAllowed {
		t.Errorf("returning order 1 twice: %v", err)
	}
	mustComplete(t, db, buildOrder(orderSpec{Limited: "10offOrder"}))
	if usage, _ := db.DiscountUsage(ctx); usage["10offOrder"] != want.Usage["10offOrder"]+1 {
		t.Errorf("usage after one more sale = %v", usage)
	}
}
