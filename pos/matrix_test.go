package pos

import (
	"testing"
	"time"
)

func TestCombinationMatrix(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	d := func(id string, class Class, c Combines) Discount {
		return Discount{ID: id, Method: Automatic, Class: class, Enabled: true, Combines: c,
			Value: Value{Type: Percentage, Percent: Rate{1, 10}}}
	}
	type cell struct {
		i, j     int
		combines bool
		oneSided bool
		fix      *CombineFix
	}
	tests := []struct {
		name  string
		in    []Discount
		ids   []string
		cells []cell
	}{
		{"both ways", []Discount{d("a", ClassProduct, Combines{Order: true}), d("b", ClassOrder, Combines{Product: true})},
			[]string{"a", "b"}, []cell{{0, 1, true, false, nil}, {1, 0, true, false, nil}}},
		{"neither way", []Discount{d("a", ClassProduct, Combines{}), d("b", ClassOrder, Combines{})},
			[]string{"a", "b"}, []cell{{0, 1, false, false, nil}}},
		{"a says order, b does not say product", []Discount{d("a", ClassProduct, Combines{Order: true}), d("b", ClassOrder, Combines{Shipping: true})},
			[]string{"a", "b"}, []cell{
				{0, 1, false, true, &CombineFix{DiscountID: "b", Class: ClassProduct}},
				{1, 0, false, true, &CombineFix{DiscountID: "b", Class: ClassProduct}}}},
		{"b says it, a does not", []Discount{d("a", ClassOrder, Combines{}), d("b", ClassShipping, Combines{Order: true})},
			[]string{"a", "b"}, []cell{{0, 1, false, true, &CombineFix{DiscountID: "a", Class: ClassShipping}}}},
		{"same class, one-sided", []Discount{d("a", ClassProduct, Combines{Product: true}), d("b", ClassProduct, Combines{})},
			[]string{"a", "b"}, []cell{{0, 1, false, true, &CombineFix{DiscountID: "b", Class: ClassProduct}}}},
		{"inactive left out", []Discount{
			d("a", ClassProduct, Combines{Order: true}),
			func() Discount { x := d("off", ClassOrder, Combines{}); x.Enabled = false; return x }(),
			func() Discount { x := d("later", ClassOrder, Combines{}); x.StartsAt = now.Add(time.Hour); return x }(),
			func() Discount { x := d("gone", ClassOrder, Combines{}); x.EndsAt = now; return x }(),
			d("c", ClassOrder, Combines{Product: true}),
		}, []string{"a", "c"}, []cell{{0, 1, true, false, nil}}},
		{"empty", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := CombinationMatrix(tt.in, now)
			var ids []string
			for _, x := range m.Discounts {
				ids = append(ids, x.ID)
			}
			if len(ids) != len(tt.ids) {
				t.Fatalf("discounts %v, want %v", ids, tt.ids)
			}
			for i := range ids {
				if ids[i] != tt.ids[i] {
					t.Fatalf("discounts %v, want %v", ids, tt.ids)
				}
				if m.Cells[i][i] != (MatrixCell{}) {
					t.Errorf("diagonal %d = %+v", i, m.Cells[i][i])
				}
			}
			for _, c := range tt.cells {
				got := m.Cells[c.i][c.j]
				if got.Combines != c.combines || got.OneSided != c.oneSided {
					t.Errorf("cell %d,%d = %+v, want combines %v one-sided %v", c.i, c.j, got, c.combines, c.oneSided)
				}
				if (got.Fix == nil) != (c.fix == nil) || got.Fix != nil && *got.Fix != *c.fix {
					t.Errorf("cell %d,%d fix = %+v, want %+v", c.i, c.j, got.Fix, c.fix)
				}
				if got.Fix != nil {
					// The fix makes the pair combine.
					a, b := m.Discounts[c.i], m.Discounts[c.j]
					for _, x := range []*Discount{&a, &b} {
						if x.ID == got.Fix.DiscountID {
							got.Fix.Apply(x)
						}
					}
					if !CombinesWith(&a, &b) {
						t.Errorf("cell %d,%d: the fix %+v does not make them combine", c.i, c.j, got.Fix)
					}
				}
			}
		})
	}
	m := CombinationMatrix(tests[2].in, now)
	if got := m.OneSided(); len(got) != 1 || got[0] != [2]int{0, 1} {
		t.Errorf("OneSided = %v", got)
	}
}

func TestDiscountStatus(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		d    Discount
		want DiscountStatus
	}{
		{Discount{Enabled: true}, StatusActive},
		{Discount{Enabled: false, StartsAt: now.Add(time.Hour)}, StatusDisabled},
		{Discount{Enabled: true, StartsAt: now.Add(time.Hour)}, StatusScheduled},
		{Discount{Enabled: true, StartsAt: now}, StatusActive},
		{Discount{Enabled: true, EndsAt: now}, StatusExpired},
		{Discount{Enabled: true, EndsAt: now.Add(time.Nanosecond)}, StatusActive},
	}
	for i, tt := range tests {
		if got := tt.d.Status(now); got != tt.want {
			t.Errorf("%d: Status = %s, want %s", i, got, tt.want)
		}
		if (tt.want == StatusActive) != tt.d.Active(now) {
			t.Errorf("%d: Status %s disagrees with Active", i, tt.want)
		}
	}
}

// A fix that ticks "combines with order discounts" on a product discount
// leaves it one-sided with an order discount that does not combine with
// product discounts: FixCreates names that new pair, and no other.
func TestFixCreatesNewOneSidedPairs(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	d := func(id string, class Class, c Combines) Discount {
		return Discount{ID: id, Method: Automatic, Class: class, Enabled: true, Combines: c,
			Value: Value{Type: Percentage, Percent: Rate{1, 10}}}
	}
	tests := []struct {
		name string
		in   []Discount
		fix  CombineFix
		want [][2]string
	}{
		{"no other order discount", []Discount{d("p", ClassProduct, Combines{}), d("o", ClassOrder, Combines{Product: true})},
			CombineFix{DiscountID: "p", Class: ClassOrder}, nil},
		{"a second order discount that does not combine", []Discount{
			d("p", ClassProduct, Combines{}), d("o", ClassOrder, Combines{Product: true}), d("o2", ClassOrder, Combines{})},
			CombineFix{DiscountID: "p", Class: ClassOrder}, [][2]string{{"p", "o2"}}},
		{"already one-sided stays out", []Discount{
			d("p", ClassProduct, Combines{}), d("o", ClassOrder, Combines{Product: true}), d("s", ClassShipping, Combines{Product: true})},
			CombineFix{DiscountID: "p", Class: ClassOrder}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := FixCreates(tc.in, tc.fix, now)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}
