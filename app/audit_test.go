package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caisse/pos"
	"caisse/receipt"
)

// TestAuditCommand: `caisse audit` prints the log with who did what, and
// `caisse audit --verify` exits 0 on a whole chain and 1 naming the first
// entry an SQLite tool changed.
func TestAuditCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "caisse.db")
	ctx := context.Background()
	db, _, _, err := openTill(ctx, path, "till-1", false)
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

// TestStaffNamedEndToEnd: the demo cashier opens a shift and sells (card
// and cash), the demo manager gives a unit back and closes the shift; read
// back from the file, the sale's receipt names the cashier, the return's
// the manager, the Z report who opened and who closed; `caisse report`
// breaks the day down by payment type and by member of staff; the audit
// log (shift open and close) verifies.
func TestStaffNamedEndToEnd(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "caisse.db")
	ctx := context.Background()
	db, till, _, err := openTill(ctx, path, "till-1", false)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(pos.ErrorMessage(err))
		}
	}
	usd := func(minor int64) pos.Money { return pos.NewMoney(minor, "USD") }
	_, err = till.SignIn(ctx, "cashier", pos.DemoCashierPIN)
	must(err)
	_, err = till.OpenShift(ctx, usd(100_00))
	must(err)
	must(till.Add(ctx, "espresso", "", 2))
	total := till.Quote().Total.Minor()
	o, err := till.Pay(ctx, []pos.Tender{{Method: pos.Card, Amount: usd(1_00)}, {Method: pos.Cash, Amount: usd(total - 1_00)}})
	must(err)
	must(till.NewCart(ctx, pos.CartOptions{}))
	_, err = till.SignIn(ctx, "manager", pos.DemoManagerPIN)
	must(err)
	r, err := till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	must(err)
	cur, err := till.CurrentShift(ctx)
	must(err)
	_, err = till.CloseShift(ctx, usd(100_00+total-1_00-(r.Total.Minor()-1_00)))
	must(err)

	setup, err := db.LoadSetup(ctx)
	must(err)
	lines := func(ls []receipt.Line) string {
		var b strings.Builder
		for _, l := range ls {
			b.WriteString(l.Left + "|" + l.Right + "\n")
		}
		return b.String()
	}
	stored, err := db.OrderByNumber(ctx, o.Number, false)
	must(err)
	if got := lines(receipt.Sale(stored, setup.Location, receipt.Text{})); !strings.Contains(got, "Cashier: Cashier|") {
		t.Errorf("the sale's receipt does not name the cashier:\n%s", got)
	}
	ret, err := db.ReturnByNumber(ctx, r.Number, false)
	must(err)
	if got := lines(receipt.Return(ret, setup.Location, receipt.Text{})); !strings.Contains(got, "Cashier: Manager|") {
		t.Errorf("the return's receipt does not name who gave it:\n%s", got)
	}
	shift, err := db.Shift(ctx, cur.ID)
	must(err)
	orders, returns, err := db.ShiftActivity(ctx, shift)
	must(err)
	z := lines(receipt.ZReport(pos.MakeZReport(shift, orders, returns), setup.Location, receipt.Text{}))
	if !strings.Contains(z, "Opened by|Cashier\n") || !strings.Contains(z, "Closed by|Manager\n") {
		t.Errorf("the Z report does not name who opened and closed:\n%s", z)
	}
	db.Close()

	csvPath := filepath.Join(dir, "r.csv")
	if code := cmdReport([]string{"--db", path, "--csv", csvPath}); code != 0 {
		t.Fatalf("report: exit %d", code)
	}
	data, err := os.ReadFile(csvPath)
	must(err)
	card := min(r.Total.Minor(), 1_00)
	for _, want := range []string{
		"payment,card,1,1.00,USD", "payment refunds,card,1," + usd(card).String() + ",USD",
		"staff,Cashier [cashier],1," + o.Quote.Total.String() + ",USD", "staff refunds,Cashier [cashier],0,0.00,USD",
		"staff,Manager [manager],0,0.00,USD", "staff refunds,Manager [manager],1," + r.Total.String() + ",USD",
	} {
		if !strings.Contains(string(data), want+"\n") {
			t.Errorf("the report lacks %q:\n%s", want, data)
		}
	}
	var out bytes.Buffer
	if code := cmdAudit([]string{"--db", path, "--verify"}, &out); code != 0 || !strings.Contains(out.String(), "chain intact") ||
		strings.HasPrefix(out.String(), "audit log: 0 entries") {
		t.Fatalf("verify: exit %d: %s", code, out.String())
	}
	t.Log(strings.TrimSpace(out.String()))
}
