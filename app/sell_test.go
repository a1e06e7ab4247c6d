package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"caisse/assets"
	"caisse/pos"
	"caisse/storage"
)

// sellFixture is a database with the demo shop, WELCOME5 limited to one use.
func sellFixture(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "caisse.db")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	setup, err := assets.DemoSetup()
	if err != nil {
		t.Fatal(err)
	}
	for i := range setup.Discounts {
		if setup.Discounts[i].ID == "welcome-5" {
			setup.Discounts[i].UsageLimit = 1
		}
	}
	if _, err := db.Seed(ctx, setup); err != nil {
		t.Fatal(err)
	}
	return path
}

// `caisse sell` makes a live sale through the till: signed in with the
// PIN, the code applied and its usage limit kept (exit 1 with the till's
// words once used up), bad input exit 2 with nothing sold.
func TestSellThroughTheTill(t *testing.T) {
	path := sellFixture(t)
	run := func(pin string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := cmdSell(append([]string{"--db", path, "--till", "t1"}, args...), pin, &out, &errb)
		return code, out.String(), errb.String()
	}
	code, out, errs := run(pos.DemoCashierPIN, "--staff", "cashier", "--code", "WELCOME5", "house-blend:2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var sold sellJSON
	if err := json.Unmarshal([]byte(out), &sold); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// 2 × 15.00 less 5.00, plus 8.25 % tax on 25.00.
	if sold.Number != "#1" || sold.Total != "27.06" || len(sold.Applied) != 1 || sold.Applied[0] != "welcome-5" ||
		len(sold.Tender) != 1 || sold.Tender[0].Method != "cash" || sold.Tender[0].Amount != "27.06" || sold.Staff != "Cashier" {
		t.Fatalf("sold %+v", sold)
	}
	for _, tc := range []struct {
		name string
		pin  string
		args []string
		code int
		says string
	}{
		{"limit used up", pos.DemoCashierPIN, []string{"--staff", "cashier", "--code", "welcome5", "house-blend:2"}, 1, "usage limit"},
		{"wrong PIN", "9999", []string{"--staff", "cashier", "espresso"}, 1, "PIN"},
		{"no PIN", "", []string{"--staff", "cashier", "espresso"}, 2, "CAISSE_PIN"},
		{"no staff", pos.DemoCashierPIN, []string{"espresso"}, 2, "--staff"},
		{"no product", pos.DemoCashierPIN, []string{"--staff", "cashier"}, 2, "product"},
		{"bad quantity", pos.DemoCashierPIN, []string{"--staff", "cashier", "espresso:0"}, 2, "quantity"},
		{"unknown product", pos.DemoCashierPIN, []string{"--staff", "cashier", "unicorn"}, 2, "unicorn"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(tc.pin, tc.args...)
			if code != tc.code || out != "" || !strings.Contains(errs, tc.says) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d saying %q", code, out, errs, tc.code, tc.says)
			}
		})
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	orders, err := db.Orders(context.Background(), storage.OrderFilter{})
	if err != nil || len(orders) != 1 || orders[0].Test {
		t.Fatalf("orders %v (%v), want the one live sale", len(orders), err)
	}
}
