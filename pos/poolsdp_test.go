package pos

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
)

// eachPoolSearch calls f with a fresh once-per-order knapsack for every
// group of the cart that takes it (poolsPlain), set up as optimize does.
func eachPoolSearch(c *Cart, cat *Catalog, ds *DiscountSet, loc *Location, f func(ps *poolSearch)) {
	e, _ := buildEngine(c, cat, ds, loc, genNow)
	e.sortLineOptions()
	for _, g := range e.groups() {
		if !g.pooled {
			continue
		}
		if s := newSearch(e, g); s.poolsPlain() {
			ps, _ := newPoolSearch(s)
			f(ps)
		}
	}
}

// bruteGain is the best gain G over every way of giving each line to one
// of the pools that may take it, or to none.
func bruteGain(ps *poolSearch) int64 {
	sets := make([][]int, len(ps.pools))
	var best int64
	var rec func(k int)
	rec = func(k int) {
		if k == len(ps.owner) {
			var G int64
			for q, set := range sets {
				G += ps.trueGain(q, set)
			}
			best = max(best, G)
			return
		}
		rec(k + 1)
		for _, q := range ps.poolsOf[k] {
			sets[q] = append(sets[q], k)
			rec(k + 1)
			sets[q] = sets[q][:len(sets[q])-1]
		}
	}
	rec(0)
	return best
}

// checkLayout fails unless the search's best layout gives each line to at
// most one pool that may take it and is worth its best gain.
func checkLayout(t *testing.T, name string, ps *poolSearch) {
	t.Helper()
	seen := map[int]bool{}
	var G int64
	for q, set := range ps.best {
		for _, k := range set {
			if seen[k] || !slices.Contains(ps.elig[q], k) {
				t.Fatalf("%s: line %d given twice or to pool %d that may not take it: %v", name, k, q, ps.best)
			}
			seen[k] = true
		}
		G += ps.trueGain(q, set)
	}
	if G != ps.bestG {
		t.Fatalf("%s: the layout is worth %d, the search says %d", name, G, ps.bestG)
	}
}

// tieCase is a cart of equal lines and equal once-per-order discounts over
// the same collection: many layouts share the best gain.
func tieCase(r *rand.Rand) (*Cart, *Catalog, *DiscountSet, *Location) {
	var ps []Product
	price := fmt.Sprintf("%d.00", 4+r.Intn(12))
	n := 5 + r.Intn(4)
	for i := 0; i < n; i++ {
		ps = append(ps, prod(fmt.Sprintf("t%02d", i), price, "c0", famColls[1+i%3]))
	}
	c := famCart(r, ps)
	for i := range c.Lines {
		c.Lines[i].Quantity = 1 + i%2
	}
	ds := famOnceAndPercent(r, 2+r.Intn(3), r.Intn(2))
	amount := fmt.Sprintf("%d.00", 5+r.Intn(20))
	for i := range ds {
		ds[i].Target.Collections = []string{"c0"}
		if ds[i].Value.OncePerOrder {
			ds[i].Value.Amount = money(amount)
		}
	}
	return famCase(ps, c, ds)
}

// TestPoolDPMatchesBruteForce: on small carts of F1's kind (and carts of
// equal lines and equal discounts, full of ties) the dynamic programme
// alone (no root, no bans, no incumbent) and the whole knapsack (root
// prices, bans, then the programme) both find the brute force's best gain,
// with a layout worth it.
func TestPoolDPMatchesBruteForce(t *testing.T) {
	runs := 600
	if testing.Short() {
		runs = 100
	}
	r := rand.New(rand.NewSource(41))
	compared := 0
	for i := 0; i < runs; i++ {
		var c *Cart
		var cat *Catalog
		var ds *DiscountSet
		var loc *Location
		if i%3 == 2 {
			c, cat, ds, loc = tieCase(r)
		} else {
			ps := famProducts(r, 5+r.Intn(4))
			c, cat, ds, loc = famCase(ps, famCart(r, ps), famOnceAndPercent(r, 2+r.Intn(3), r.Intn(4)))
		}
		eachPoolSearch(c, cat, ds, loc, func(ps *poolSearch) {
			want := bruteGain(ps)
			if done, _ := ps.solveDP(-1); !done {
				t.Fatalf("run %d: the programme stopped on a small cart", i)
			}
			if ps.bestG != want {
				t.Fatalf("run %d: the programme alone finds %d, the brute force %d", i, ps.bestG, want)
			}
			checkLayout(t, fmt.Sprintf("run %d, programme", i), ps)
			compared++
		})
		eachPoolSearch(c, cat, ds, loc, func(ps *poolSearch) {
			ps.branch()
			if ps.bestG != bruteGain(ps) {
				t.Fatalf("run %d: the knapsack finds %d, the brute force %d", i, ps.bestG, bruteGain(ps))
			}
			checkLayout(t, fmt.Sprintf("run %d, knapsack", i), ps)
		})
	}
	if compared < runs/2 {
		t.Fatalf("only %d of %d carts reached the knapsack", compared, runs)
	}
}

// TestPoolDPMatchesBranchAndBound: on carts of F1's kind big enough for the
// root's prices to leave a search (30 to 70 lines, 8 to 20 once-per-order
// discounts), and on carts full of ties, three searches after the root find
// the same best gain and the same total: the dynamic programme with its
// guessed floors (solveByDP), the programme with the best gain found as its
// only floor, and the branch and bound (poolDPOn off). The programme's
// layout is worth its gain, and the same cart gives the same layout twice.
func TestPoolDPMatchesBranchAndBound(t *testing.T) {
	defer func(on bool, n int, gap int64) { poolDPOn, maxNodes, dpGuessGap = on, n, gap }(poolDPOn, maxNodes, dpGuessGap)
	maxNodes = 20_000 // a cart the branch and bound cannot finish is skipped
	runs := 150
	if testing.Short() {
		runs = 25
	}
	r := rand.New(rand.NewSource(1414))
	viaDP, guessed, compared := 0, 0, 0
	variants := []struct {
		name string
		dp   bool
		gap  int64
	}{
		{"programme", true, 8},
		{"programme without guesses", true, 1 << 62},
		{"branch and bound", false, 8},
		{"programme again", true, 8},
	}
	for i := 0; i < runs; i++ {
		var c *Cart
		var cat *Catalog
		var ds *DiscountSet
		var loc *Location
		if i%4 == 3 {
			c, cat, ds, loc = tieCase(r)
		} else {
			ps := famProducts(r, 30+r.Intn(41))
			c, cat, ds, loc = famCase(ps, famCart(r, ps), famOnceAndPercent(r, 8+r.Intn(13), r.Intn(11)))
		}
		gains := make([][]int64, len(variants))
		layouts := make([][][][]int, len(variants))
		for j, v := range variants {
			poolDPOn, dpGuessGap = v.dp, v.gap
			eachPoolSearch(c, cat, ds, loc, func(ps *poolSearch) {
				ps.branch()
				if ps.s.e.truncated {
					gains[j] = append(gains[j], -1)
					return
				}
				gains[j] = append(gains[j], ps.bestG)
				layouts[j] = append(layouts[j], ps.best)
				if v.dp {
					checkLayout(t, fmt.Sprintf("run %d, %s", i, v.name), ps)
				}
				if j == 0 && ps.viaDP {
					viaDP++
				}
				if j == 0 && ps.guesses > 0 {
					guessed++
				}
			})
		}
		for g := range gains[0] {
			if slices.Contains([]int64{gains[0][g], gains[1][g], gains[2][g]}, -1) {
				continue
			}
			compared++
			for j := 1; j < len(variants); j++ {
				if gains[j][g] != gains[0][g] {
					t.Fatalf("run %d: the %s finds %d, the %s %d", i, variants[0].name, gains[0][g], variants[j].name, gains[j][g])
				}
			}
		}
		if fmt.Sprint(layouts[0]) != fmt.Sprint(layouts[3]) {
			t.Fatalf("run %d: the same cart gave two layouts: %v and %v", i, layouts[0], layouts[3])
		}
		// and the whole quote agrees
		var totals []int64
		for _, on := range []bool{true, false} {
			poolDPOn, dpGuessGap = on, 8
			e, _ := buildEngine(c, cat, ds, loc, genNow)
			p, _ := e.optimize()
			if e.truncated || p == nil {
				break
			}
			totals = append(totals, p.total)
		}
		if len(totals) == 2 && totals[0] != totals[1] {
			t.Fatalf("run %d: total %d with the programme, %d with the branch and bound", i, totals[0], totals[1])
		}
	}
	t.Logf("%d knapsacks compared, %d proved by the programme, %d with a guessed floor", compared, viaDP, guessed)
	if compared < runs*3/4 || viaDP < runs/4 || guessed < runs/10 {
		t.Fatalf("only %d knapsacks compared, %d of them proved by the programme, %d with a guessed floor (of %d carts)", compared, viaDP, guessed, runs)
	}
}

// tablePools is a knapsack over lines of the given subtotals and best
// per-line reductions, and once-per-order amounts each with the lines it
// may take.
func tablePools(subs, seps, amounts []int64, elig [][]int) *poolSearch {
	e := &engine{}
	s := &search{e: e}
	for i := range subs {
		e.lines = append(e.lines, eline{sub: subs[i], unit: subs[i], qty: 1})
		s.all = append(s.all, sline{l: i, sep: seps[i], pooled: true})
	}
	n, P := len(subs), len(amounts)
	ps := &poolSearch{s: s, pools: make([]int, P), amount: amounts, owner: make([]int, n), lam: make([]int64, n),
		owned: make([][]int, P), poolsOf: make([][]int, n), fresh: make([]bool, P), cacheGain: make([]int64, P),
		cacheSet: make([][]int, P), sets: make([][]int, P), gains: make([]int64, P)}
	for k := range ps.owner {
		ps.owner[k] = -1
	}
	for q := range amounts {
		ps.pools[q] = q
		ps.forbid = append(ps.forbid, make([]bool, n))
		ps.elig = append(ps.elig, elig[q])
		for _, k := range elig[q] {
			ps.poolsOf[k] = append(ps.poolsOf[k], q)
		}
	}
	return ps
}

// TestPoolDPPruningRules: each of the programme's pruning rules on a cart
// built for it. The programme alone (minimal covers, the best cover per set
// of shared lines, dominated covers dropped, floors and bounds), the whole
// knapsack with it (root bans, guessed floors) and the branch and bound
// all find the brute force's gain; on ties the programme takes, pool by
// pool in its order, the first cover reaching the best (lines by index).
func TestPoolDPPruningRules(t *testing.T) {
	defer func(on bool) { poolDPOn = on }(poolDPOn)
	cases := []struct {
		name       string
		subs, seps []int64
		amounts    []int64
		elig       [][]int
		wantG      int64
		wantLayout [][]int
	}{
		{"a line the cover does not need is left out (tie with it in)",
			[]int64{1000, 500}, []int64{100, 0}, []int64{1000}, [][]int{{0, 1}},
			900, [][]int{{0}}},
		{"two amounts want one line: the bigger takes it, the other its own",
			[]int64{2000, 800}, []int64{0, 200}, []int64{1000, 800}, [][]int{{0}, {0, 1}},
			1600, [][]int{{0}, {1}}},
		{"equal amounts, equal lines: a tie, the first line to the first amount",
			[]int64{1000, 1000}, []int64{0, 0}, []int64{1000, 1000}, [][]int{{0, 1}, {0, 1}},
			2000, [][]int{{0}, {1}}},
		{"three equal amounts, two equal lines: a tie, one amount takes nothing",
			[]int64{1000, 1000}, []int64{0, 0}, []int64{1000, 1000, 1000}, [][]int{{0, 1}, {0, 1}, {0, 1}},
			2000, [][]int{{0}, {1}, nil}},
		{"a shared line worth less than a private one is dropped for it",
			[]int64{1000, 1000}, []int64{400, 300}, []int64{1000, 1000}, [][]int{{0, 1}, {0}},
			1300, [][]int{{1}, {0}}},
		{"small lines together cover more cheaply than a big one",
			[]int64{1000, 1000, 1000, 2500}, []int64{100, 100, 100, 500}, []int64{3000}, [][]int{{0, 1, 2, 3}},
			2700, [][]int{{0, 1, 2}}},
		{"a line costing its whole subtotal is never taken",
			[]int64{1000}, []int64{1000}, []int64{500}, [][]int{{0}},
			0, [][]int{nil}},
		{"a chain of amounts sharing a line with the next: a tie, the first pool in order takes its best",
			[]int64{900, 900, 900, 900}, []int64{0, 50, 0, 50}, []int64{800, 800, 800}, [][]int{{0, 1}, {1, 2}, {2, 3}},
			2350, [][]int{{0}, {2}, {3}}},
	}
	for _, c := range cases {
		if got := bruteGain(tablePools(c.subs, c.seps, c.amounts, c.elig)); got != c.wantG {
			t.Fatalf("%s: the brute force finds %d, want %d", c.name, got, c.wantG)
		}
		ps := tablePools(c.subs, c.seps, c.amounts, c.elig)
		if done, _ := ps.solveDP(-1); !done || ps.bestG != c.wantG {
			t.Errorf("%s: the programme alone finds %d (done %v), want %d", c.name, ps.bestG, done, c.wantG)
			continue
		}
		checkLayout(t, c.name, ps)
		if fmt.Sprint(ps.best) != fmt.Sprint(c.wantLayout) {
			t.Errorf("%s: the programme's layout is %v, want %v", c.name, ps.best, c.wantLayout)
		}
		for _, on := range []bool{true, false} {
			poolDPOn = on
			ps := tablePools(c.subs, c.seps, c.amounts, c.elig)
			ps.branch()
			if ps.bestG != c.wantG {
				t.Errorf("%s: the knapsack (programme %v) finds %d, want %d", c.name, on, ps.bestG, c.wantG)
			}
			checkLayout(t, c.name, ps)
		}
	}
}
