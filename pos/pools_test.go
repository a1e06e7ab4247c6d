package pos

import (
	"math/rand"
	"testing"
)

// TestPoolKnapsackMatchesLineSearch: on carts of 6 to 11 lines whose
// product discounts are once-per-order amounts and percentages over
// overlapping collections (F1's kind), the once-per-order knapsack finds
// the same best total as the line search, which is exact (and checked
// against the brute force on smaller carts).
func TestPoolKnapsackMatchesLineSearch(t *testing.T) {
	defer func(n, t int) { poolPathLines, lineTrialNodes = n, t }(poolPathLines, lineTrialNodes)
	lineTrialNodes = maxNodes // the line search alone, to its end
	runs := 4000
	if testing.Short() {
		runs = 150
	}
	r := rand.New(rand.NewSource(14))
	compared := 0
	for i := 0; i < runs; i++ {
		ps := famProducts(r, 6+r.Intn(6))
		c := famCart(r, ps)
		c, cat, ds, loc := famCase(ps, c, famOnceAndPercent(r, 2+r.Intn(6), r.Intn(5)))
		price := func(lines int) (int64, bool) {
			poolPathLines = lines
			e, _ := buildEngine(c, cat, ds, loc, genNow)
			p, _ := e.optimize()
			if p == nil {
				return -1, !e.truncated
			}
			return p.total, !e.truncated
		}
		line, ok1 := price(1 << 30)
		pool, ok2 := price(0)
		if !ok1 || !ok2 {
			continue
		}
		compared++
		if line != pool {
			t.Fatalf("run %d: the line search's best total %d, the knapsack's %d", i, line, pool)
		}
	}
	if compared < runs*9/10 {
		t.Fatalf("only %d of %d carts compared", compared, runs)
	}
}

// The knapsack orders lines by cost per unit of cover with products of
// scaled subtotals (up to 64 × 10^14 each): compared on 128 bits.
func TestCmpProductsBeyond64Bits(t *testing.T) {
	big := int64(64 * MaxQuantity * MaxMinor)
	cases := []struct {
		a, b, c, d int64
		want       int
	}{
		{2, 3, 1, 6, 0},
		{2, 3, 1, 7, -1},
		{big, big, big, big - 1, 1},
		{big - 1, big, big, big, -1},
		{big, big, 1, big, 1},
		{0, big, 0, 1, 0},
	}
	for _, c := range cases {
		if got := cmpProducts(c.a, c.b, c.c, c.d); got != c.want {
			t.Errorf("cmpProducts(%d, %d, %d, %d) = %d, want %d", c.a, c.b, c.c, c.d, got, c.want)
		}
	}
}
