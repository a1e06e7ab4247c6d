package pos

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// bruteForce is the reference the optimiser must equal: every subset of the
// candidates that pairwise combine (one shipping discount at most; one
// discount at most on a location that is not Pro), and for each subset every
// per-line assignment in which a line eligible for a product discount of the
// subset takes exactly one of them. A plan counts only if each of its
// discounts takes something and meets its minimum. Buy X get Y is priced by
// refBXGY, every way of choosing the got units. It returns the best plan's
// total before tax and its set (ties: fewer discounts, fewer codes, sorted
// ids), and for each candidate the best total of a plan that holds it (-1:
// none).
func bruteForce(e *engine) (best int64, bestSet []int, bestWith []int64) {
	n := len(e.cands)
	best = -1
	bestWith = make([]int64, n)
	for i := range bestWith {
		bestWith[i] = -1
	}
	asg := make([]int, len(e.lines))
	save, units := make([]int64, len(e.lines)), make([]int, len(e.lines))
	for mask := 0; mask < 1<<n; mask++ {
		var set []int
		for i := 0; i < n; i++ {
			if mask&(1<<i) != 0 {
				set = append(set, i)
			}
		}
		if !e.pro && len(set) > 1 {
			continue
		}
		ok, ships := true, 0
		for i, a := range set {
			if e.cands[a].kind == kShipping {
				ships++
			}
			for _, b := range set[i+1:] {
				if !CombinesWith(e.cands[a].d, e.cands[b].d) {
					ok = false
				}
			}
		}
		if !ok || ships > 1 {
			continue
		}
		inSet := map[int]bool{}
		for _, ci := range set {
			inSet[ci] = true
		}
		// options per line
		opts := make([][]int, len(e.lines))
		for l := range e.lines {
			for _, ci := range e.elig[l] {
				if inSet[ci] {
					opts[l] = append(opts[l], ci)
				}
			}
			if len(opts[l]) == 0 {
				opts[l] = []int{-1}
			}
		}
		var rec func(l int)
		rec = func(l int) {
			if l < len(e.lines) {
				for _, o := range opts[l] {
					asg[l] = o
					rec(l + 1)
				}
				return
			}
			if !refSavings(e, asg, save, units) {
				return
			}
			usedP := map[int]bool{}
			for _, ci := range asg {
				if ci >= 0 {
					usedP[ci] = true
				}
			}
			var order []int
			ship := -1
			for _, ci := range set {
				switch e.cands[ci].kind {
				case kOrder:
					order = append(order, ci)
				case kShipping:
					ship = ci
				default:
					if !usedP[ci] {
						return // a product discount of the set that takes nothing: the smaller set covers it
					}
				}
			}
			S := e.subtotalOf(save)
			for _, ci := range order {
				if e.cands[ci].minSub > S {
					return
				}
			}
			e.sortOrder(order)
			amts := make([]int64, len(order))
			after := e.orderPart(S, order, amts)
			for _, a := range amts {
				if a <= 0 {
					return
				}
			}
			var shipOff int64
			if ship >= 0 {
				if e.cands[ship].minSub > S {
					return
				}
				if shipOff = e.shippingPart(ship); shipOff <= 0 {
					return
				}
			}
			total := after + e.ship - shipOff
			for _, ci := range set {
				if bestWith[ci] < 0 || total < bestWith[ci] {
					bestWith[ci] = total
				}
			}
			if best < 0 || total < best || (total == best && refBefore(e, set, bestSet)) {
				best, bestSet = total, set
			}
		}
		rec(0)
	}
	return best, bestSet, bestWith
}

// refBefore reports whether set a comes before set b of the same total:
// fewer discounts, then fewer codes, then sorted ids.
func refBefore(e *engine, a, b []int) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	codes := func(s []int) (n int) {
		for _, ci := range s {
			if e.cands[ci].code {
				n++
			}
		}
		return n
	}
	if ca, cb := codes(a), codes(b); ca != cb {
		return ca < cb
	}
	ids := func(s []int) []string {
		var out []string
		for _, ci := range s {
			out = append(out, e.cands[ci].d.ID)
		}
		sort.Strings(out)
		return out
	}
	ia, ib := ids(a), ids(b)
	for i := range ia {
		if ia[i] != ib[i] {
			return ia[i] < ib[i]
		}
	}
	return false
}

// refSavings is productSavings with buy X get Y priced by refBXGY.
func refSavings(e *engine, asg []int, save []int64, units []int) bool {
	if !e.productSavings(asg, save, units) {
		return false
	}
	for ci, c := range e.cands {
		if c.kind != kBXGY {
			continue
		}
		var lines []int
		for l, a := range asg {
			if a == ci {
				lines = append(lines, l)
				save[l], units[l] = 0, 0
			}
		}
		if len(lines) > 0 && refBXGY(e, c, lines, save, units) <= 0 {
			return false
		}
	}
	return true
}

// refBXGY tries every number of got units per line (of the lines that take
// it): the most uses whose got units leave enough other units bought, then
// the cheapest such units, then the earliest lines. It fills save and units.
func refBXGY(e *engine, c *cand, lines []int, save []int64, units []int) int64 {
	buyTotal := 0
	for _, n := range c.buyLine {
		buyTotal += n
	}
	d := c.d
	bestK, bestCost := 0, int64(-1)
	var bestGot []int
	got := make([]int, len(lines))
	var rec func(i int)
	rec = func(i int) {
		if i < len(lines) {
			l := lines[i]
			max := 0
			if c.getLine[l] {
				max = e.lines[l].qty
			}
			for n := max; n >= 0; n-- { // more units on earlier lines first: the earliest wins a tie
				got[i] = n
				rec(i + 1)
			}
			return
		}
		total, fromBuy := 0, 0
		var cost int64
		for i, n := range got {
			total += n
			cost += int64(n) * e.lines[lines[i]].unit
			if c.buyLine[lines[i]] > 0 {
				fromBuy += n
			}
		}
		if total%d.Get.Quantity != 0 {
			return
		}
		k := total / d.Get.Quantity
		if k > d.UsesPerOrder || buyTotal-fromBuy < k*d.Buy.Quantity {
			return
		}
		if k > bestK || (k == bestK && (bestCost < 0 || cost < bestCost)) {
			bestK, bestCost, bestGot = k, cost, append([]int(nil), got...)
		}
	}
	rec(0)
	var sum int64
	for i, n := range bestGot {
		if n > 0 {
			l := lines[i]
			s := d.Get.Percent.Of(int64(n) * e.lines[l].unit)
			save[l], units[l] = s, n
			sum += s
		}
	}
	return sum
}

func TestOptimiserMatchesBruteForce(t *testing.T) {
	specs := []genSpec{
		{lines: 2, discounts: 4, products: 3, custom: true, thresholds: true},
		{lines: 3, discounts: 5, products: 4, pooled: true, thresholds: true},
		{lines: 4, discounts: 6, products: 5, pooled: true, custom: true, thresholds: true},
		{lines: 4, discounts: 7, products: 3, pooled: true, thresholds: true},
		{lines: 1, discounts: 3, products: 2, custom: true},
		{lines: 4, discounts: 5, products: 4, pooled: true, overlap: true, thresholds: true},
		{lines: 3, discounts: 8, products: 3, pooled: true, custom: true, thresholds: true, overlap: true},
	}
	runs := 3000
	if testing.Short() {
		runs = 300
	}
	for si, sp := range specs {
		r := rand.New(rand.NewSource(int64(si + 1)))
		for i := 0; i < runs; i++ {
			c, cat, ds, loc := genCase(r, sp)
			e, _ := buildEngine(c, cat, ds, loc, genNow)
			want, wantSet, wantWith := bruteForce(e)
			got, _ := e.optimize()
			if got.total != want {
				t.Fatalf("spec %d run %d: optimiser total %d, brute force %d\ncart: %+v\ncands: %d", si, i, got.total, want, c, len(e.cands))
			}
			if !slices.Equal(e.ids(got.set), e.ids(wantSet)) {
				t.Fatalf("spec %d run %d: optimiser applies %v, brute force %v (same total %d)", si, i, e.ids(got.set), e.ids(wantSet), want)
			}
			// The quote built from the plan must show the same total before tax.
			q := PriceCart(c, cat, ds, loc, genNow)
			if pre := q.Total.Minor() - q.ExclusiveTax.Minor(); pre != want {
				t.Fatalf("spec %d run %d: quote total before tax %d, brute force %d", si, i, pre, want)
			}
			if err := checkSavesMore(e, q, wantSet, want, wantWith); err != nil {
				t.Fatalf("spec %d run %d: %v", si, i, err)
			}
		}
	}
}

// TestSearchLimitIsSaid: a search stopped at its node limit still gives a
// whole, consistent quote, never better than the full search, and says it
// is the best found rather than the proven best. The largest benchmark
// cart is searched to the end.
func TestSearchLimitIsSaid(t *testing.T) {
	c, cat, ds, loc := benchCase(2, 100, 1000, 40, 0)
	full := PriceCart(c, cat, ds, loc, genNow)
	if !full.SearchComplete {
		t.Fatal("the 100-line, 1,000-discount cart hit the search limit")
	}
	defer func(n int) { maxNodes = n }(maxNodes)
	maxNodes = 1
	capped := PriceCart(c, cat, ds, loc, genNow)
	if capped.SearchComplete {
		t.Fatal("a search stopped after one node does not say so")
	}
	checkInvariants(t, c, capped)
	if capped.Total.Cmp(full.Total) < 0 {
		t.Errorf("the stopped search charges %s, less than the full search's %s", capped.Total, full.Total)
	}
}

// TestPooledEnginesKeepNothing: PriceCart reuses engines (enginePool). A
// quote priced on a reused engine, after carts of other sizes and from
// several goroutines at once, is the quote a new engine gives.
func TestPooledEnginesKeepNothing(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	type tc struct {
		c    *Cart
		cat  *Catalog
		ds   *DiscountSet
		loc  *Location
		want string
	}
	var cases []tc
	for i := 0; i < 300; i++ {
		sp := genSpec{lines: 1 + r.Intn(6), discounts: 1 + r.Intn(8), products: 2 + r.Intn(4),
			pooled: r.Intn(2) == 0, custom: r.Intn(2) == 0, thresholds: r.Intn(2) == 0}
		c, cat, ds, loc := genCase(r, sp)
		want, err := json.Marshal(new(engine).price(c, cat, ds, loc, genNow))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, tc{c, cat, ds, loc, string(want)})
	}
	check := func(k int) error {
		x := cases[k]
		got, err := json.Marshal(PriceCart(x.c, x.cat, x.ds, x.loc, genNow))
		if err != nil {
			return err
		}
		if string(got) != x.want {
			return fmt.Errorf("cart %d priced on a reused engine:\n%s\nwant\n%s", k, got, x.want)
		}
		return nil
	}
	for k := len(cases) - 1; k >= 0; k-- {
		if err := check(k); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for k := w; k < len(cases); k += 4 {
				if err := check(k); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// checkSavesMore: each discount left out because it can't be combined names
// the applied discounts that keep it out, and says how much more they save:
// the best total with it (withTotals, from the brute force) minus the best.
func checkSavesMore(e *engine, q *Quote, set []int, best int64, with []int64) error {
	for _, na := range q.NotApplied {
		if na.Reason != ReasonNotCombinable {
			continue
		}
		ci := slices.IndexFunc(e.cands, func(c *cand) bool { return c.d.ID == na.DiscountID })
		if ci < 0 {
			return fmt.Errorf("%s: not a candidate", na.DiscountID)
		}
		var names []string
		for _, w := range set {
			if !CombinesWith(e.cands[ci].d, e.cands[w].d) || (e.cands[ci].kind == kShipping && e.cands[w].kind == kShipping) {
				names = append(names, e.cands[w].d.Name())
			}
		}
		if len(names) == 0 {
			continue // combines with every winner: its lines take better ones
		}
		detail := na.Detail()
		for _, n := range names {
			if !strings.Contains(detail, n) {
				return fmt.Errorf("%s: %q does not name %s", na.DiscountID, detail, n)
			}
		}
		more := with[ci] - best
		if more > 0 {
			if !strings.Contains(detail, NewMoney(more, "USD").Display()+" more") {
				return fmt.Errorf("%s: %q, want it to say %s more", na.DiscountID, detail, NewMoney(more, "USD").Display())
			}
		} else if !strings.Contains(detail, "as much") {
			return fmt.Errorf("%s: %q, want it to say as much (with it %d, best %d)", na.DiscountID, detail, with[ci], best)
		}
	}
	return nil
}
