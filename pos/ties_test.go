package pos

import (
	"slices"
	"testing"
)

// TestTiesDecidedOverTheWholeSet: among layouts that save the same, the
// set with fewer discounts wins, then fewer codes, then the sorted ids, and
// a line's choice between discounts that save it the same (or nothing) is
// part of that decision, never made before the rest of the set is known.
// PRICING.md, "Equal savings"; issue 14, rule 2.
func TestTiesDecidedOverTheWholeSet(t *testing.T) {
	once := func(d Discount) Discount { d.Value.OncePerOrder = true; return d }
	both := func(d Discount) Discount { return combines(d, true, true, true) }
	products := []Product{prod("pants", "100.00"), prod("shirt", "50.00"), prod("socks", "10.00"), prod("lace", "0.04")}
	cases := []struct {
		name      string
		discounts []Discount
		cart      []string
		total     string
		applied   []string
	}{{
		// socks: 10% of $0.04 rounds to nothing, so "d10" adds nothing
		// there and must not enter the set by it; on the shirt "b-once"
		// and "d10" save the same $5: {a-once, b-once} comes before
		// {a-once, d10} by sorted ids.
		name: "a line a discount saves nothing on does not choose the set (ids)",
		discounts: []Discount{
			both(once(on(amtOff("a-once", ClassProduct, "30.00"), "pants"))),
			both(once(on(amtOff("b-once", ClassProduct, "5.00"), "shirt"))),
			both(on(pctOff("d10", ClassProduct, "10"), "pants", "shirt", "lace")),
		},
		cart:    []string{"pants", "shirt", "lace"},
		total:   "115.04",
		applied: []string{"a-once", "b-once"},
	}, {
		// socks: "c10" and "x10" both save $1; taking "c10" there first
		// would need a third discount, "x10" on the shirt needs none.
		name: "a tied line takes the discount that keeps the set smallest (fewer discounts)",
		discounts: []Discount{
			both(on(pctOff("c10", ClassProduct, "10"), "socks")),
			both(once(on(amtOff("a-once", ClassProduct, "30.00"), "pants"))),
			both(once(on(amtOff("b-once", ClassProduct, "5.00"), "shirt"))),
			both(on(pctOff("x10", ClassProduct, "10"), "pants", "shirt", "socks")),
		},
		cart:    []string{"pants", "shirt", "socks"},
		total:   "124.00",
		applied: []string{"a-once", "x10"},
	}, {
		// per-line discounts only: each line ties between its own 10%
		// and "x10"; x10 on pants and shirt plus k10 on socks is two.
		name: "per-line discounts only: the fewest that cover the lines (fewer discounts)",
		discounts: []Discount{
			both(on(pctOff("p10", ClassProduct, "10"), "pants")),
			both(on(pctOff("s10", ClassProduct, "10"), "shirt")),
			both(on(pctOff("k10", ClassProduct, "10"), "socks")),
			both(on(pctOff("x10", ClassProduct, "10"), "pants", "shirt")),
		},
		cart:    []string{"pants", "shirt", "socks"},
		total:   "144.00",
		applied: []string{"k10", "x10"},
	}, {
		// pants tie between z10 and n10, the shirt between z10, m10 and
		// b10: z10 alone covers both lines.
		name: "per-line discounts only: one discount over both tied lines (fewer discounts)",
		discounts: []Discount{
			both(on(pctOff("z10", ClassProduct, "10"), "pants", "shirt")),
			both(on(pctOff("m10", ClassProduct, "10"), "shirt")),
			both(on(pctOff("n10", ClassProduct, "10"), "pants")),
			both(on(pctOff("b10", ClassProduct, "10"), "shirt")),
		},
		cart:    []string{"pants", "shirt"},
		total:   "135.00",
		applied: []string{"z10"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil, products, tc.discounts...)
			for _, p := range tc.cart {
				f.add(p, 1)
			}
			f.total(tc.total)
			var got []string
			for _, a := range f.q().Applied {
				got = append(got, a.DiscountID)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.applied) {
				t.Fatalf("applied %v, want %v", got, tc.applied)
			}
		})
	}
}
