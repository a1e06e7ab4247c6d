package hq

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"caisse/assets"
	"caisse/pos"
	"caisse/storage"
)

// demoJSON is the demo shop's set-up file, as a manager would push it.
func demoJSON(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "assets", "demo.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// editDemo returns the demo set-up file changed by f (on its decoded JSON).
func editDemo(t testing.TB, f func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(demoJSON(t), &doc); err != nil {
		t.Fatal(err)
	}
	f(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testCashier is the member of staff the test tills sell as (a trusted
// actor: signed in without a PIN, as the scenario runner is).
var testCashier = pos.Staff{ID: "cashier", Name: "Cashier", Role: pos.Cashier, Active: true}

// tillOptions are a test till's options.
func tillOptions(name string) pos.Options {
	return pos.Options{TillID: name, Actor: &testCashier}
}

// testTill is a till on its own SQLite file, seeded with the demo shop.
type testTill struct {
	name string
	db   *storage.DB
	till *pos.Till
}

func newTestTill(t testing.TB, name string) *testTill {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(filepath.Join(t.TempDir(), name+".db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	setup, err := assets.DemoSetup()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Seed(ctx, setup); err != nil {
		t.Fatal(err)
	}
	till, err := pos.NewTill(ctx, db.WithTill(name), tillOptions(name))
	if err != nil {
		t.Fatal(err)
	}
	return &testTill{name: name, db: db, till: till}
}

// sell sells one of product (and enters code, if any), paid in cash, and
// returns the order or the refusal.
func (tt *testTill) sell(t testing.TB, product, code string) (*pos.Order, error) {
	t.Helper()
	ctx := context.Background()
	if err := tt.till.NewCart(ctx, pos.CartOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := tt.till.Add(ctx, product, "", 1); err != nil {
		t.Fatal(err)
	}
	if code != "" {
		if err := tt.till.EnterCode(ctx, code); err != nil {
			return nil, err
		}
	}
	return tt.till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: tt.till.Quote().Total}})
}

// mustSell sells n espressos.
func (tt *testTill) mustSell(t testing.TB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, err := tt.sell(t, "espresso", ""); err != nil {
			t.Fatal(err)
		}
	}
}

// localOrders returns the till's live and test orders' totals by id.
func (tt *testTill) localOrders(t testing.TB) map[string]int64 {
	t.Helper()
	orders, err := tt.db.Orders(context.Background(), storage.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, o := range orders {
		out[o.ID] = o.Quote.Total.Minor()
	}
	return out
}

// hqOrders returns the head office's orders' totals by id, and how many
// rows each id has (always 1: the id is the key; the count proves it).
func hqOrders(t testing.TB, h *HQ) map[string]int64 {
	t.Helper()
	rows, err := h.pool.Query(context.Background(), `SELECT id, total FROM orders`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var total int64
		if err := rows.Scan(&id, &total); err != nil {
			t.Fatal(err)
		}
		out[id] = total
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func count(t testing.TB, h *HQ, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := h.pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// newShift opens a shift on the till with a 100.00 float and puts 5.00 in.
func newShift(t testing.TB, tt *testTill) *pos.Shift {
	t.Helper()
	ctx := context.Background()
	sh, err := tt.till.OpenShift(ctx, pos.NewMoney(10000, "USD"))
	must(t, err)
	must(t, tt.till.CashMove(ctx, pos.NewMoney(500, "USD"), "change"))
	return sh
}

// closeShift closes the till's shift with the count it expects.
func closeShift(t testing.TB, tt *testTill, _ *pos.Shift) {
	t.Helper()
	ctx := context.Background()
	z, err := tt.till.ShiftReport(ctx)
	must(t, err)
	_, err = tt.till.CloseShift(ctx, z.ExpectedCash)
	must(t, err)
}
