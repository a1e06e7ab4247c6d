package pos

import (
	"testing"
	"time"
)

// TestSearchOrders: the orders list searched by day, amount, product
// (title without accents, id, SKU, barcode) and cashier, newest first, each
// with what its returns gave back and what is left; test orders apart.
func TestSearchOrders(t *testing.T) {
	latte := prod("latte", "4.50")
	latte.Title, latte.SKU, latte.Barcode = "Caffè Latte", "LAT-1", "4006381333931"
	f := newFixture(t, nil, []Product{latte, prod("mug", "12.00")})
	day := time.Date(2026, 11, 20, 9, 0, 0, 0, time.Local)
	f.now = day
	f.add("latte", 2)
	o1 := f.sale() // 9.00, day 1
	f.now = day.Add(time.Hour)
	f.add("mug", 1)
	o2 := f.sale() // 12.00, day 1
	f.now = day.AddDate(0, 0, 1)
	f.add("latte", 1)
	f.add("mug", 2)
	o3 := f.sale() // 28.50, day 2
	f.ok(f.till.SetTestMode(ctx, true))
	f.add("mug", 1)
	f.sale() // test
	f.ok(f.till.SetTestMode(ctx, false))
	f.now = day.AddDate(0, 0, 2)
	_, err := f.till.Return(ctx, o3.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 2, Quantity: 1}}})
	f.ok(err)
	_, err = f.till.Return(ctx, o2.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	f.ok(err)

	ids := func(rows []OrderRow) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Order.ID)
		}
		return out
	}
	d1, d2 := day, day.AddDate(0, 0, 1)
	for _, tc := range []struct {
		name   string
		filter OrderFilter
		want   []*Order
	}{
		{"one day", OrderFilter{From: d1}, []*Order{o2, o1}},
		{"two days, newest first", OrderFilter{From: d1, To: d2}, []*Order{o3, o2, o1}},
		{"amount", OrderFilter{From: d1, To: d2, Amount: money("12.00")}, []*Order{o2}},
		{"amount matching none", OrderFilter{From: d1, To: d2, Amount: money("12.01")}, nil},
		{"title without accents, any case", OrderFilter{From: d1, To: d2, Product: "CAFFE lat"}, []*Order{o3, o1}},
		{"product id", OrderFilter{From: d1, To: d2, Product: "mug"}, []*Order{o3, o2}},
		{"SKU", OrderFilter{From: d1, To: d2, Product: "lat-1"}, []*Order{o3, o1}},
		{"barcode", OrderFilter{From: d1, To: d2, Product: "4006381333931"}, []*Order{o3, o1}},
		{"cashier by name", OrderFilter{From: d1, To: d2, Staff: "test"}, []*Order{o3, o2, o1}},
		{"cashier by id", OrderFilter{From: d1, Staff: "TESTER"}, []*Order{o2, o1}},
		{"another cashier", OrderFilter{From: d1, To: d2, Staff: "Mia"}, nil},
		{"all together", OrderFilter{From: d1, To: d2, Staff: "tester", Product: "latte", Amount: money("28.50")}, []*Order{o3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := f.till.SearchOrders(ctx, tc.filter)
			f.ok(err)
			got, want := ids(rows), ids(nil)
			for _, o := range tc.want {
				want = append(want, o.ID)
			}
			if len(got) != len(want) {
				t.Fatalf("got %v, want %v", got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("got %v, want %v", got, want)
				}
			}
		})
	}
	rows, err := f.till.SearchOrders(ctx, OrderFilter{From: d1, To: d2})
	f.ok(err)
	r3, r2, r1 := rows[0], rows[1], rows[2]
	if r1.ReturnState() != "" || r1.UnitsLeft() != 2 || r1.Left() != money("9.00") {
		t.Errorf("o1 untouched: %s, %d left, %s", r1.ReturnState(), r1.UnitsLeft(), r1.Left())
	}
	if r2.ReturnState() != "all" || r2.UnitsLeft() != 0 || !r2.Left().IsZero() {
		t.Errorf("o2 returned: %s, %d left, %s", r2.ReturnState(), r2.UnitsLeft(), r2.Left())
	}
	if r3.ReturnState() != "partly" || r3.UnitsLeft() != 2 || r3.Left() != money("16.50") || r3.Returns != 1 {
		t.Errorf("o3 partly returned: %s, %d left, %s", r3.ReturnState(), r3.UnitsLeft(), r3.Left())
	}
	test, err := f.till.SearchOrders(ctx, OrderFilter{From: d2, Test: true})
	f.ok(err)
	if len(test) != 1 || !test[0].Order.Test {
		t.Fatalf("the test series: %d", len(test))
	}
	if _, err := f.till.SearchOrders(ctx, OrderFilter{From: d2, To: d1}); ErrorCode(err) != EInvalid {
		t.Errorf("the last day before the first: %v", err)
	}
	if _, err := f.till.SearchOrders(ctx, OrderFilter{From: d1, To: d1.AddDate(0, 0, MaxOrderSearchDays)}); ErrorCode(err) != EInvalid {
		t.Errorf("too long a period: %v", err)
	}
	if _, err := f.till.SearchOrders(ctx, OrderFilter{From: d1, To: d1.AddDate(0, 0, MaxOrderSearchDays-1)}); err != nil {
		t.Errorf("the longest period: %v", err)
	}
}
