package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

func init() { pos.PINCost = pos.TestPINCost }

func TestReportDays(t *testing.T) {
	now := time.Date(2026, 11, 22, 15, 0, 0, 0, time.Local)
	from, to, err := reportDays("", "", now)
	if err != nil || from.Format(time.DateOnly) != "2026-11-22" || to.Format(time.DateOnly) != "2026-11-23" {
		t.Fatalf("today: %s..%s %v", from, to, err)
	}
	from, to, err = reportDays("2026-11-01", "2026-11-30", now)
	if err != nil || from.Format(time.DateOnly) != "2026-11-01" || to.Format(time.DateOnly) != "2026-12-01" {
		t.Fatalf("November: %s..%s %v", from, to, err)
	}
	for _, bad := range [][2]string{{"22/11/2026", ""}, {"2026-11-22", "nope"}, {"2026-11-22", "2026-11-21"}} {
		if _, _, err := reportDays(bad[0], bad[1], now); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestReportCommand: a sale and a return on a database, then `caisse
// report --csv --pdf` for that day.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "caisse.db")
	ctx := context.Background()
	db, till, _, err := openTill(ctx, path, "till-1", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.SignIn(ctx, "cashier", pos.DemoCashierPIN); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(pos.ErrorMessage(err))
		}
	}
	must(till.Add(ctx, "espresso", "", 2))
	o, err := till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: pos.NewMoney(100_00, "USD")}})
	must(err)
	_, err = till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	must(err)
	db.Close()
	day := time.Now().Format(time.DateOnly)
	csvPath, pdfPath := filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.pdf")
	if code := cmdReport([]string{"--db", path, "--from", day, "--csv", csvPath, "--pdf", pdfPath}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	data, err := os.ReadFile(csvPath)
	if err != nil || !strings.Contains(string(data), "summary,sales,1,"+o.Quote.Total.String()+",USD") ||
		!strings.Contains(string(data), "summary,returns,1,") {
		t.Fatalf("CSV: %v\n%s", err, data)
	}
	if pdf, err := os.ReadFile(pdfPath); err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("PDF: %v", err)
	}
	if code := cmdReport([]string{"--db", path, "--from", "yesterday"}); code != 2 {
		t.Errorf("a bad day: exit %d, want 2", code)
	}
}

func TestReceiptCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "caisse.db")
	ctx := context.Background()
	db, till, _, err := openTill(ctx, path, "till-1", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.SignIn(ctx, "cashier", pos.DemoCashierPIN); err != nil {
		t.Fatal(err)
	}
	if err := till.Add(ctx, "espresso", "", 2); err != nil {
		t.Fatal(err)
	}
	o, err := till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: pos.NewMoney(100_00, "USD")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	bin := filepath.Join(dir, "r.bin")
	if code := cmdReceipt([]string{"--db", path, "--return", "1", "--escpos", bin, "--columns", "32", "--pdf", filepath.Join(dir, "r.pdf")}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	data, err := os.ReadFile(bin)
	if err != nil || !strings.HasPrefix(string(data), "\x1b@") || !strings.Contains(string(data), "Return R-1") {
		t.Fatalf("ESC/POS: %v %q", err, data)
	}
	if code := cmdReceipt([]string{"--db", path, "--order", "1", "--return", "1"}); code != 2 {
		t.Errorf("both --order and --return: exit %d", code)
	}
	if code := cmdReceipt([]string{"--db", path, "--order", "9"}); code != 1 {
		t.Errorf("no order 9: exit %d", code)
	}
}
