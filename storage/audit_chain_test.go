package storage

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"caisse/pos"
)

// appendEntries appends n audit entries (staff m1, one a minute from t0).
func appendEntries(tb testing.TB, db *DB, n int, subject string) {
	tb.Helper()
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		e, err := pos.NewAuditEntry(t0.Add(time.Duration(i)*time.Minute), "m1", pos.AuditDiscount,
			fmt.Sprintf("%s-%d", subject, i), nil, map[string]int{"percent": 10 + i})
		if err != nil {
			tb.Fatal(err)
		}
		if err := db.AppendAudit(ctx, e); err != nil {
			tb.Fatal(err)
		}
	}
}

func mustVerify(tb testing.TB, db *DB) AuditCheck {
	tb.Helper()
	c, err := db.VerifyAudit(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// rawConn is a plain SQLite connection on path, as a tool such as sqlite3
// would open it: no Caisse pragmas, and free to drop the triggers.
func rawConn(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	return keepOpen(tb, path)
}

// dropAuditTriggers is what an attacker does first.
func dropAuditTriggers(tb testing.TB, conn *sql.DB) {
	tb.Helper()
	for _, name := range []string{"audit_log_no_update", "audit_log_no_delete", "audit_log_append_only",
		"audit_log_head", "audit_head_forward", "audit_head_no_delete"} {
		if _, err := conn.Exec("DROP TRIGGER " + name); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestAuditChainIntact(t *testing.T) {
	db := MustOpenDB(t)
	if c := mustVerify(t, db); c.Entries != 0 || c.Broken != nil || c.Head != auditGenesis {
		t.Fatalf("empty log: %+v", c)
	}
	appendEntries(t, db, 5, "d")
	c := mustVerify(t, db)
	if c.Entries != 5 || c.Broken != nil {
		t.Fatalf("5 entries: %+v (%v)", c, c.Broken)
	}
	var last string
	if err := db.db.QueryRow(`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&last); err != nil || c.Head != last {
		t.Fatalf("head %q, last entry's hash %q, %v", c.Head, last, err)
	}
	// Each hash is SHA-256 of the previous one and the entry's content.
	log, err := db.Audit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	prev := auditGenesis
	for i := len(log) - 1; i >= 0; i-- {
		var stored string
		if err := db.db.QueryRow(`SELECT hash FROM audit_log WHERE seq = ?`, log[i].Seq).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if want := auditHash(prev, log[i]); stored != want || len(stored) != 64 {
			t.Fatalf("entry %d: hash %s, want %s", log[i].Seq, stored, want)
		}
		prev = stored
	}
}

// The canonical encoding tells fields apart: moving bytes from one field to
// the next changes the hash.
func TestAuditHashEncodingIsUnambiguous(t *testing.T) {
	at := time.Unix(0, 12345)
	a := pos.AuditEntry{Seq: 1, At: at, StaffID: "m1", Action: "discount", Subject: "ab", Before: "c"}
	b := a
	b.Subject, b.Before = "a", "bc"
	c := a
	c.Seq = 11
	if auditHash(auditGenesis, a) == auditHash(auditGenesis, b) || auditHash(auditGenesis, a) == auditHash(auditGenesis, c) {
		t.Fatal("two different entries hash alike")
	}
	if auditHash(auditGenesis, a) == auditHash(strings.Repeat("1", 64), a) {
		t.Fatal("the previous hash is not in the hash")
	}
}

// Through Caisse's own connection, the triggers refuse to change or delete
// an entry, to move the head back, or to append anywhere but after it.
func TestAuditTriggersRefuseRewrites(t *testing.T) {
	db := MustOpenDB(t)
	appendEntries(t, db, 3, "d")
	for _, tc := range []struct{ stmt, says string }{
		{`UPDATE audit_log SET after = '{"percent":90}' WHERE seq = 2`, "audit log cannot be changed"},
		{`UPDATE audit_log SET hash = hash`, "audit log cannot be changed"},
		{`DELETE FROM audit_log WHERE seq = 3`, "audit log cannot be deleted from"},
		{`DELETE FROM audit_log`, "audit log cannot be deleted from"},
		{`UPDATE audit_head SET seq = 2`, "head only moves"},
		{`DELETE FROM audit_head`, "head cannot be deleted"},
		{`INSERT INTO audit_log (seq, at, staff_id, action, hash) VALUES (9, 1, 'x', 'y', '` + auditGenesis + `')`, "appended after the last one"},
		{`INSERT INTO audit_log (at, staff_id, action) VALUES (1, 'x', 'y')`, "appended after the last one"},
	} {
		_, err := db.db.Exec(tc.stmt)
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want an error saying %q", tc.stmt, err, tc.says)
		}
	}
	if c := mustVerify(t, db); c.Entries != 3 || c.Broken != nil {
		t.Fatalf("after refused rewrites: %+v %v", c, c.Broken)
	}
}

// An attacker with an SQLite tool drops the triggers, then edits, deletes or
// forges entries: VerifyAudit names the first broken entry each time.
func TestAuditVerifyCatchesTampering(t *testing.T) {
	forged := func(seq int64, prev string) string {
		e := pos.AuditEntry{Seq: seq, At: time.Unix(0, 1), StaffID: "m1", Action: pos.AuditDiscount, Subject: "forged"}
		h := auditHash(prev, e)
		return fmt.Sprintf(`INSERT INTO audit_log (seq, at, staff_id, action, subject, hash) VALUES (%d, 1, 'm1', 'discount', 'forged', '%s')`, seq, h)
	}
	for _, tc := range []struct {
		name    string
		drop    bool // drop the triggers first
		stmts   func(conn *sql.DB) []string
		seq     int64
		says    string
		entries int
	}{
		{"edit an entry", true, func(*sql.DB) []string {
			return []string{`UPDATE audit_log SET after = '{"percent":90}' WHERE seq = 3`}
		}, 3, "does not match its hash", 5},
		{"edit an entry and rehash it", true, func(conn *sql.DB) []string {
			var prev string
			if err := conn.QueryRow(`SELECT hash FROM audit_log WHERE seq = 2`).Scan(&prev); err != nil {
				t.Fatal(err)
			}
			e := pos.AuditEntry{Seq: 3, At: time.Unix(0, 1), StaffID: "m1", Action: pos.AuditDiscount, Subject: "d-2"}
			return []string{fmt.Sprintf(`UPDATE audit_log SET at = 1, before = '', after = '', hash = '%s' WHERE seq = 3`, auditHash(prev, e))}
		}, 4, "does not match its hash", 5},
		{"delete an entry", true, func(*sql.DB) []string {
			return []string{`DELETE FROM audit_log WHERE seq = 2`}
		}, 2, "was deleted", 4},
		{"delete two entries", true, func(*sql.DB) []string {
			return []string{`DELETE FROM audit_log WHERE seq IN (2, 3)`}
		}, 2, "entry 3 too", 3},
		{"delete the last entry", true, func(*sql.DB) []string {
			return []string{`DELETE FROM audit_log WHERE seq = 5`}
		}, 5, "was deleted", 4},
		{"delete every entry", true, func(*sql.DB) []string {
			return []string{`DELETE FROM audit_log`}
		}, 1, "entries 2 to 5 too", 0},
		{"forge an entry at the end, rightly hashed", true, func(conn *sql.DB) []string {
			var prev string
			if err := conn.QueryRow(`SELECT hash FROM audit_log WHERE seq = 5`).Scan(&prev); err != nil {
				t.Fatal(err)
			}
			return []string{forged(6, prev)}
		}, 6, "another program added it", 6},
		{"forge an entry in a deleted entry's place", true, func(conn *sql.DB) []string {
			return []string{`DELETE FROM audit_log WHERE seq = 4`, forged(4, auditGenesis)}
		}, 4, "does not match its hash", 5},
		{"forge an entry with the triggers in place", false, func(*sql.DB) []string {
			return []string{forged(6, auditGenesis)}
		}, 6, "does not match its hash", 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "audit.db")
			db := MustOpenDBAt(t, path)
			appendEntries(t, db, 5, "d")
			conn := rawConn(t, path)
			if tc.drop {
				dropAuditTriggers(t, conn)
			}
			for _, s := range tc.stmts(conn) {
				if _, err := conn.Exec(s); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
			c := mustVerify(t, db)
			if c.Broken == nil || c.Broken.Seq != tc.seq || !strings.Contains(c.Broken.Why, tc.says) || c.Entries != tc.entries {
				t.Fatalf("VerifyAudit = %d entries, %v; want entry %d saying %q, %d entries", c.Entries, c.Broken, tc.seq, tc.says, tc.entries)
			}
		})
	}
}

// Two handles on one file (two tills) append at once: the write lock
// serialises them, each entry chains from the one before it.
func TestAuditTwoTillsAppendAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	a := MustOpenDBAt(t, path)
	b := MustOpenDBAt(t, path)
	const each = 100
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, db := range []*DB{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for n := 0; n < each; n++ {
				appendEntries(t, db, 1, fmt.Sprintf("till%d-%d", i+1, n))
				time.Sleep(time.Duration(rand.IntN(1500)) * time.Microsecond) // a till does other work between
			}
		}()
	}
	close(start)
	wg.Wait()
	c := mustVerify(t, a)
	if c.Entries != 2*each || c.Broken != nil {
		t.Fatalf("VerifyAudit = %+v %v", c, c.Broken)
	}
	var interleaved int
	if err := a.db.QueryRow(`SELECT count(*) FROM audit_log x JOIN audit_log y ON y.seq = x.seq + 1
		WHERE substr(x.subject, 1, 5) <> substr(y.subject, 1, 5)`).Scan(&interleaved); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d entries, the tills took turns %d times", c.Entries, interleaved)
	if interleaved < 2 {
		t.Errorf("the tills took turns only %d times: the test did not race them", interleaved)
	}
}

// A database written before the chain existed is chained by the migration:
// its entries (even with a gap another tool left) verify, and new ones
// chain after them.
func TestAuditChainMigration(t *testing.T) {
	chain := -1
	for i, m := range migrations {
		if strings.HasSuffix(m.name, "_audit_chain.sql") {
			chain = i
		}
	}
	if chain < 0 {
		t.Fatal("no audit chain migration")
	}
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := newDB(old, path).migrate(ctx, migrations[:chain]); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		`INSERT INTO audit_log (seq, at, staff_id, action, subject, before, after) VALUES (1, 100, 'm1', 'discount', 'd1', '', '{"a":1}')`,
		`INSERT INTO audit_log (seq, at, staff_id, action, subject, before, after) VALUES (2, 200, 'm1', 'product', 'p1', '{}', '{"b":2}')`,
		`INSERT INTO audit_log (seq, at, staff_id, action, subject, before, after) VALUES (4, 400, 'm2', 'approval', 'cart', '', '{}')`,
	} {
		if _, err := old.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	db := MustOpenDBAt(t, path)
	if v := pragmaInt(t, db, "user_version"); v != int64(SchemaVersion()) {
		t.Fatalf("user_version %d, want %d", v, SchemaVersion())
	}
	if c := mustVerify(t, db); c.Entries != 3 || c.Broken != nil {
		t.Fatalf("upgraded log: %+v %v", c, c.Broken)
	}
	appendEntries(t, db, 2, "new")
	c := mustVerify(t, db)
	if c.Entries != 5 || c.Broken != nil {
		t.Fatalf("after two appends: %+v %v", c, c.Broken)
	}
	log, err := db.Audit(ctx, 0)
	if err != nil || len(log) != 5 || log[0].Seq != 6 || log[1].Seq != 5 || log[2].Seq != 4 {
		t.Fatalf("log %+v, %v", log, err)
	}
	// And the upgraded file's old entries are as protected as new ones.
	if _, err := db.db.Exec(`DELETE FROM audit_log WHERE seq = 1`); err == nil {
		t.Fatal("an upgraded entry was deleted")
	}
}
