package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"caisse/pos"
	"caisse/storage"
)

// returnFixture: a database with a 60.00 mug and a 10.00 tea, and one
// order of both paid 35.00 by card and 35.00 cash (#1), and a test order (TEST-1).
func returnFixture(t *testing.T) (path string, order *pos.Order) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "caisse.db")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	price := func(id string, minor int64) pos.Product {
		return pos.Product{ID: id, Title: id, Prices: []pos.Price{{ID: id + "-usd", Amount: pos.NewMoney(minor, "USD"),
			Type: pos.OneTime, TaxBehavior: pos.TaxInclusive, Active: true}}}
	}
	setup := pos.Setup{Location: pos.Location{ID: "shop", Name: "Shop", Currency: "USD"},
		Products: []pos.Product{price("mug", 60_00), price("tea", 10_00)}}
	if err := db.SaveSetup(ctx, setup); err != nil {
		t.Fatal(err)
	}
	till, err := pos.NewTill(ctx, db.WithTill("t1"), pos.Options{TillID: "t1", Actor: &pos.Staff{ID: "seller", Name: "Seller", Role: pos.Cashier, Active: true}})
	if err != nil {
		t.Fatal(err)
	}
	sell := func() *pos.Order {
		for _, id := range []string{"mug", "tea"} {
			if err := till.Add(ctx, id, "", 1); err != nil {
				t.Fatal(err)
			}
		}
		o, err := till.Pay(ctx, []pos.Tender{{Method: pos.Card, Amount: pos.NewMoney(35_00, "USD")}, {Method: pos.Cash, Amount: pos.NewMoney(35_00, "USD")}})
		if err != nil {
			t.Fatal(err)
		}
		if err := till.NewCart(ctx, pos.CartOptions{}); err != nil {
			t.Fatal(err)
		}
		return o
	}
	order = sell()
	till.Lock()
	if _, err := till.SignIn(ctx, "manager", pos.DemoManagerPIN); err != nil {
		t.Fatal(err)
	}
	if err := till.SetTestMode(ctx, true); err != nil {
		t.Fatal(err)
	}
	sell()
	return path, order
}

func runReturn(t *testing.T, pin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cmdReturn(args, pin, &out, &errOut)
	return code, out.String(), errOut.String()
}

// `caisse return` goes through the till: the same sign-in, refund limit
// and checks as the window, JSON out, exit 0/1/2.
func TestReturnCommand(t *testing.T) {
	path, order := returnFixture(t)
	db := []string{"--db", path, "--till", "t1"}
	// The tea by the cashier: 10.00 back, to the card first.
	code, out, errOut := runReturn(t, pos.DemoCashierPIN, append(db, "--order", "1", "--line", "2", "--staff", "cashier")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got returnJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err, out)
	}
	if got.Number != "R-1" || got.Order != "#1" || got.Staff != "Cashier" || got.Total != "10.00" || len(got.Lines) != 1 ||
		got.Lines[0] != (returnLineJSON{Line: 2, Product: "tea", Quantity: 1, Refund: "10.00"}) ||
		len(got.Tender) != 1 || got.Tender[0] != (tenderJSON{Method: "card", Amount: "10.00"}) {
		t.Fatalf("printed %+v", got)
	}
	tests := []struct {
		name string
		pin  string
		args []string
		code int
		err  string
	}{
		{"the mug is above the cashier's refund limit", pos.DemoCashierPIN, []string{"--order", "1", "--line", "1", "--staff", "cashier"}, 1, "manager must approve"},
		{"a wrong PIN", "1111", []string{"--order", order.ID, "--line", "1", "--staff", "cashier"}, 1, "Wrong PIN"},
		{"no PIN", "", []string{"--order", "1", "--line", "1", "--staff", "cashier"}, 2, "CAISSE_PIN"},
		{"no staff", pos.DemoCashierPIN, []string{"--order", "1", "--line", "1"}, 2, "--staff"},
		{"no order", pos.DemoCashierPIN, []string{"--line", "1", "--staff", "cashier"}, 2, "--order"},
		{"no line", pos.DemoCashierPIN, []string{"--order", "1", "--staff", "cashier"}, 2, "--line"},
		{"a quantity before its line", pos.DemoCashierPIN, []string{"--order", "1", "--quantity", "1", "--line", "1", "--staff", "cashier"}, 2, "goes after"},
		{"a bad line", pos.DemoCashierPIN, []string{"--order", "1", "--line", "x", "--staff", "cashier"}, 2, "position"},
		{"no such order", pos.DemoCashierPIN, []string{"--order", "99", "--line", "1", "--staff", "cashier"}, 1, "order"},
		{"no such line", pos.DemoCashierPIN, []string{"--order", "1", "--line", "7", "--staff", "cashier"}, 1, "no line 7"},
		{"the tea again", pos.DemoCashierPIN, []string{"--order", "1", "--line", "2", "--staff", "cashier"}, 1, "Only 0 of tea"},
		{"two of one mug", pos.DemoManagerPIN, []string{"--order", "1", "--line", "1", "--quantity", "2", "--staff", "manager"}, 1, "Only 1 of mug"},
		{"no such database", pos.DemoCashierPIN, []string{"--db", filepath.Join(t.TempDir(), "none.db"), "--order", "1", "--line", "1", "--staff", "cashier"}, 2, "no database"},
	}
	for _, tc := range tests {
		code, out, errOut := runReturn(t, tc.pin, append(append([]string(nil), db...), tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.err) || (code != 0 && out != "") {
			t.Errorf("%s: exit %d, stderr %q, stdout %q; want %d and %q", tc.name, code, errOut, out, tc.code, tc.err)
		}
	}
	// The manager may: the mug by its order id, every unit left; the card
	// gets what is left of its 35.00, cash the rest.
	code, out, errOut = runReturn(t, pos.DemoManagerPIN, append(db, "--order", order.ID, "--line", "1", "--staff", "Manager")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got = returnJSON{}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Number != "R-2" || got.Total != "60.00" || got.Staff != "Manager" || len(got.Tender) != 2 ||
		got.Tender[0] != (tenderJSON{Method: "card", Amount: "25.00"}) || got.Tender[1] != (tenderJSON{Method: "cash", Amount: "35.00"}) {
		t.Fatalf("printed %+v", got)
	}
	// A test order by its printed number: a test return.
	code, out, errOut = runReturn(t, pos.DemoCashierPIN, append(db, "--order", "TEST-1", "--line", "1", "--line", "2", "--staff", "cashier")...)
	if code != 0 || !strings.Contains(out, `"number": "TEST-R-1"`) || !strings.Contains(out, `"order": "TEST-1"`) {
		t.Fatalf("test return: exit %d %s %s", code, out, errOut)
	}
	// Who did it is stored.
	sdb, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	rs, err := sdb.Returns(context.Background(), order.ID)
	if err != nil || len(rs) != 2 || rs[0].StaffID != "cashier" || rs[1].StaffID != "manager" {
		t.Fatalf("returns %+v, %v", rs, err)
	}
}

func TestReturnInUsage(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"help"}, &out, &out); code != 0 || !strings.Contains(out.String(), "caisse return") || !strings.Contains(out.String(), "--staff NAME") {
		t.Fatalf("help: %s", out.String())
	}
}
