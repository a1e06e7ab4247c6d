package pos

import (
	"strings"
	"testing"
)

// TestSavesMoreIsTheBestPlanHoldingIt: "X can't be combined with Y, which
// saves $Z more" says the best total of a plan that holds X minus the best
// total, however many product discounts are left out before X (issue 14,
// rule 4). Each product discount left out here is best on one line beside
// the 50% one on the other five.
func TestSavesMoreIsTheBestPlanHoldingIt(t *testing.T) {
	var products []Product
	var cart []string
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		products = append(products, prod(id, "10.00"))
		cart = append(cart, id)
	}
	all := combines(pctOff("all", ClassOrder, "100"), false, false, false)
	pct := func(id, p string) Discount {
		return combines(on(pctOff(id, ClassProduct, p), cart...), true, false, false)
	}
	f := newFixture(t, nil, products, all, pct("p50", "50"), pct("p40", "40"), pct("p30", "30"), pct("p20", "20"))
	for _, id := range cart {
		f.add(id, 1)
	}
	f.total("0.00")
	for _, tc := range []struct{ id, more string }{
		{"p50", "$30.00"}, // alone on the six lines
		{"p40", "$31.00"}, // one line, p50 on five: 6 + 25
		{"p30", "$32.00"},
		{"p20", "$33.00"},
	} {
		n := f.notApplied(tc.id, ReasonNotCombinable)
		if d := n.Detail(); !strings.Contains(d, tc.more+" more") || !strings.Contains(d, "all") {
			t.Errorf("%s: %q, want it to name all and say %s more", tc.id, d, tc.more)
		}
	}
}
