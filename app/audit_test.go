package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

// TestAuditCommand: `caisse audit` prints the log with who did what, and
// `caisse audit --verify` exits 0 on a whole chain and 1 naming the first
// entry an SQLite tool changed.
func TestAuditCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "caisse.db")
	ctx := context.Background()
	db, _, err := openTill(ctx, path, "till-1", false)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 1, 9, 30, 0, 0, time.UTC)
	for i, subject := range []string{"10off", "espresso", "cart-1"} {
		e, err := pos.NewAuditEntry(at.Add(time.Duration(i)*time.Minute), "manager", pos.AuditDiscount, subject, nil, map[string]int{"n": i})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AppendAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	var out bytes.Buffer
	if code := cmdAudit([]string{"--db", path}, &out); code != 0 {
		t.Fatalf("audit: exit %d\n%s", code, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 || !strings.Contains(lines[1], "Manager (manager)") || !strings.Contains(lines[1], "discount") ||
		!strings.Contains(lines[1], "10off") || !strings.Contains(lines[3], "cart-1") ||
		!strings.Contains(lines[1], at.In(time.Local).Format("2006-01-02 15:04")) || lines[4] != "3 entries" {
		t.Fatalf("audit printed:\n%s", out.String())
	}

	out.Reset()
	if code := cmdAudit([]string{"--db", path, "--verify"}, &out); code != 0 || !strings.HasPrefix(out.String(), "audit log: 3 entries, chain intact") {
		t.Fatalf("verify: exit %d: %s", code, out.String())
	}

	// Another SQLite program drops the trigger and edits entry 2.
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET subject = 'latte' WHERE seq = 2`} {
		if _, err := conn.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	out.Reset()
	if code := cmdAudit([]string{"--db", path, "--verify"}, &out); code != 1 || !strings.Contains(out.String(), "BROKEN at entry 2:") {
		t.Fatalf("verify after tampering: exit %d: %s", code, out.String())
	}
	if code := cmdAudit([]string{"--db", path, "--nope"}, &out); code != 2 {
		t.Fatalf("a bad flag: exit %d", code)
	}
}
