package pos

import (
	"cmp"
	"math/bits"
	"slices"
	"sort"
)

// The once-per-order knapsack: the product-layer search of a group whose
// pooled discounts are all once-per-order fixed amounts on lines without a
// custom discount, with no minimum to reach (T = 0).
//
// There, every line that takes no pool takes its best per-line option
// (reduction sep), and a pool q given the lines L takes min(A_q, Σ sub) off
// S whatever their split. So the search maximises the gain
//
//	G = Σ_q [ min(A_q, Σ_{l∈L_q} sub_l) − Σ_{l∈L_q} sep_l ]
//
// over disjoint line sets L_q, and S = S(every line at its best per-line
// option) − G. It is a branch and bound over the pools' conflicts: each
// pool's best cover on its own (an exact small knapsack: the most it can
// gain from the lines it may take) bounds G from above; when no two pools
// want the same line the bound is reached and the node is solved; otherwise
// the first line two pools want is given to the first of them, or banned
// from it. Each line's price (a Lagrangian bound, branch) keeps pools off
// the lines others want (prices in 1/lamScale of a minor unit: the bound
// can fall between two cents, and a node is cut once it rounds down to at
// most the best gain). A line with no per-line option (sep 0) left out
// joins a pool it is eligible for at the end: that never lowers G.
//
// The root's prices then ban the line–pool pairs no better solution can
// use (fixAtRoot), and the search proper is the dynamic programme of
// poolsdp.go over what is left (each pool's few covers, memoised on the
// lines two pools still want), with a guessed floor; only when that would
// be too big does the branch and bound go on below the root.
//
// The line search (search.dfs) explores the lines one by one and is exact
// to the last tie; this one proves the best S on carts where the line
// search cannot (F1, F2), and breaks ties between equal-S layouts by its
// own order (the root's heuristic solution is kept unless beaten; the
// programme takes, pool by pool in its order, the first cover that reaches
// the best), then dropIdle.

// poolPathLines: a group whose lines with a once-per-order option are more
// than this many takes the once-per-order knapsack (when poolsPlain); fewer
// take the line search, exact to the last tie, when it ends within
// lineTrialNodes nodes, else the knapsack. A variable for the tests.
var poolPathLines = 12

// lineTrialNodes is the line search's budget before the knapsack takes over.
var lineTrialNodes = 3000

// poolLines is how many of the search's lines have a pooled option.
func (s *search) poolLines() int {
	n := 0
	for k := range s.all {
		if s.all[k].pooled {
			n++
		}
	}
	return n
}

// poolSearch is one run of the once-per-order knapsack.
type poolSearch struct {
	s      *search
	pools  []int   // the group's pooled cands
	amount []int64 // per pool: its fixed amount
	elig   [][]int // per pool: the lines (indexes into s.all) it may take, sub > 0
	owner  []int   // per line of s.all: the pool it is given to, or -1
	owned  [][]int // per pool: the lines given to it
	forbid [][]bool
	lam    []int64 // per line of s.all: its price in the Lagrangian bound
	// Each pool's cover is kept until a line it may take changes (its
	// price, owner or ban): poolsOf[k] are the pools that may take line
	// k, fresh[q] whether pool q's kept cover still holds.
	poolsOf   [][]int
	fresh     []bool
	cacheGain []int64
	cacheSet  [][]int
	bestG     int64
	best      [][]int // per pool: its lines in the best solution found
	found     bool
	nodes     int
	viaDP     bool // the dynamic programme (solveDP) proved the answer
	guesses   int  // the programme's runs with a guessed floor (solveByDP)
	// scratch
	sets    [][]int
	gains   []int64
	items   []coverItem
	ord     [][]int // per pool: its lines in the order of its last cover
	excl    []int
	ks      coverKnapsack
	order   []int // repair's
	taken   []bool
	repSets [][]int
	zero    []int64
}

// coverItem is a line a pool may take: its subtotal and its cost (its best
// per-line reduction, plus its price in the bound).
type coverItem struct {
	k         int
	sub, cost int64
	ratio     uint64 // ⌊cost·2⁶⁴/sub⌋ (cost < sub): orders most items without cmpProducts
}

// ratioKey is ⌊cost·2⁶⁴/sub⌋ for 0 ≤ cost < sub: a smaller key means a
// smaller cost per unit of cover; equal keys are compared exactly.
func ratioKey(cost, sub int64) uint64 {
	q, _ := bits.Div64(uint64(cost), 0, uint64(sub))
	return q
}

// cmpCoverItems orders items by cost per unit of cover, then the bigger
// line first, then the first line: a strict order, so any sort gives the
// same.
func cmpCoverItems(x, y coverItem) int {
	if x.ratio != y.ratio {
		return cmp.Compare(x.ratio, y.ratio)
	}
	if c := cmpProducts(x.cost, y.sub, y.cost, x.sub); c != 0 {
		return c
	}
	if x.sub != y.sub {
		return cmp.Compare(y.sub, x.sub)
	}
	return cmp.Compare(x.k, y.k)
}

// poolsPlain reports whether group g can use the once-per-order knapsack.
func (s *search) poolsPlain() bool {
	if len(s.pooled) == 0 {
		return false
	}
	for _, ci := range s.pooled {
		pi := s.pool[ci]
		if pi.bxgy || !pi.plain {
			return false
		}
	}
	return true
}

// runPools is search.run(0) by the once-per-order knapsack (poolsPlain).
func (s *search) runPools() (productResult, bool) {
	e := s.e
	ps, index := newPoolSearch(s)
	ps.branch()
	if !ps.found {
		return productResult{}, false
	}
	n := len(s.all)
	// The assignment: pools' lines, then every other line at its best
	// per-line option, or in a pool it may join, or none.
	asg := grow(s.asg, len(e.lines))
	for i := range asg {
		asg[i] = -1
	}
	taken := make([]bool, n)
	used := make([]bool, len(ps.pools))
	for q, set := range ps.best {
		for _, k := range set {
			asg[s.all[k].l], taken[k], used[q] = ps.pools[q], true, true
		}
	}
	for k, sl := range s.all {
		if taken[k] {
			continue
		}
		for j, ci := range sl.opts {
			if ci >= 0 && !e.cands[ci].pooled && sl.red[j] == sl.sep && sl.sep > 0 {
				asg[sl.l] = ci
				break
			}
		}
		if asg[sl.l] >= 0 {
			continue
		}
		for _, ci := range sl.opts {
			if q, ok := index[ci]; ok && ci >= 0 && used[q] {
				asg[sl.l] = ci
				break
			}
		}
		if asg[sl.l] >= 0 {
			continue
		}
		for _, ci := range sl.opts { // a per-line option that takes nothing on this line
			if ci >= 0 && !e.cands[ci].pooled {
				asg[sl.l] = ci
				break
			}
		}
	}
	s.asg = asg
	r, ok := e.resultOf(asg)
	if !ok {
		return productResult{}, false
	}
	r.asg = append(s.bestAsg[:0], asg...)
	s.bestAsg = r.asg
	return r, true
}

// newPoolSearch sets up the knapsack over the search's lines and pooled
// cands, and the pools' indexes by cand.
func newPoolSearch(s *search) (*poolSearch, map[int]int) {
	e := s.e
	ps := &poolSearch{s: s, pools: s.pooled}
	n := len(s.all)
	ps.owner, ps.lam, ps.owned = make([]int, n), make([]int64, n), make([][]int, len(ps.pools))
	ps.poolsOf = make([][]int, n)
	ps.fresh, ps.cacheGain, ps.cacheSet = make([]bool, len(ps.pools)), make([]int64, len(ps.pools)), make([][]int, len(ps.pools))
	for k := range ps.owner {
		ps.owner[k] = -1
	}
	index := map[int]int{} // cand → pool index
	for q, ci := range ps.pools {
		index[ci] = q
		ps.amount = append(ps.amount, e.cands[ci].d.Value.Amount.Minor())
		ps.elig = append(ps.elig, nil)
		ps.forbid = append(ps.forbid, make([]bool, n))
	}
	for k, sl := range s.all {
		if e.lines[sl.l].sub <= 0 {
			continue
		}
		for _, ci := range sl.opts {
			if q, ok := index[ci]; ok && ci >= 0 {
				ps.elig[q] = append(ps.elig[q], k)
				ps.poolsOf[k] = append(ps.poolsOf[k], q)
			}
		}
	}
	// Each pool's candidate lines by cost per unit of cover, then the
	// bigger line first: the order the knapsack tries them in.
	for q := range ps.elig {
		el := ps.elig[q]
		sort.SliceStable(el, func(a, b int) bool {
			x, y := &s.all[el[a]], &s.all[el[b]]
			sx, sy := e.lines[x.l].sub, e.lines[y.l].sub
			if c := cmpProducts(x.sep, sy, y.sep, sx); c != 0 {
				return c < 0
			}
			return sx > sy
		})
	}
	ps.sets, ps.gains = make([][]int, len(ps.pools)), make([]int64, len(ps.pools))
	return ps, index
}

// branch solves the node. Its bound is Lagrangian: each line that several
// pools may take has a price λ ≥ 0 added to its cost, each pool takes its
// best cover on its own at those costs, and Σ gains + Σ λ bounds G from
// above whatever the prices (weak duality). The prices are improved a few
// times by subgradient steps (more for lines wanted twice, less for lines
// no pool wants), starting from the parent's. Each round's covers, their
// conflicts given to the pool that gains most, give a solution. Then the
// first line two pools want is branched on (to the first of them, or not).
func (ps *poolSearch) branch() {
	ps.nodes++
	ps.s.e.nodes++
	if ps.s.e.nodes > maxNodes {
		ps.s.e.truncated = true
		return
	}
	n := len(ps.owner)
	saved := slices.Clone(ps.lam)
	defer func() {
		for k, l := range saved {
			ps.setLam(k, l)
		}
	}()
	use := make([]int, n)
	bestUB := int64(-1)
	conflict, wanted := -1, []int(nil)
	rounds, theta, stale := lagrangeRounds, int64(64), 0 // theta: the step's factor, in 64ths
	if ps.nodes == 1 {
		rounds *= 10 // the root's prices are every node's start
	}
	for round := 0; round < rounds; round++ {
		var ub int64
		for q := range ps.pools {
			ps.gains[q], ps.sets[q] = ps.cachedCover(q, ps.sets[q][:0])
			ub += ps.gains[q]
		}
		clear(use)
		for _, set := range ps.sets {
			for _, k := range set {
				if ps.owner[k] < 0 {
					use[k]++
				}
			}
		}
		for k, l := range ps.lam {
			if ps.owner[k] < 0 {
				ub += l
			}
		}
		if bestUB < 0 || ub < bestUB {
			bestUB, stale = ub, 0
		} else if stale++; stale >= 2 {
			theta, stale = max(1, theta/2), 0
		}
		if round == 0 && ps.nodes == 1 {
			ps.repair(false)
		}
		if ps.nodes == 1 && (round%4 == 3 || round == rounds-1) {
			ps.repair(true) // a solution the prices guide
		}
		if ps.found && bestUB < (ps.bestG+1)*lamScale {
			return
		}
		// the conflict of this round, and the subgradient
		conflict, wanted = -1, wanted[:0]
		var norm int64
		for k := range use {
			if ps.owner[k] >= 0 {
				continue
			}
			if use[k] > 1 && (conflict < 0 || ps.lam[k] > ps.lam[conflict]) {
				conflict = k // the most contested line: the highest price
			}
			if g := int64(use[k] - 1); g > 0 || ps.lam[k] > 0 {
				norm += g * g
			}
		}
		if conflict < 0 {
			// no line wanted twice: these covers are a solution; with
			// no price on a line left unused, the best of this node
			var G int64
			for q, set := range ps.sets {
				G += ps.trueGain(q, set)
			}
			if !ps.found || G > ps.bestG {
				ps.bestG, ps.found = G, true
				ps.best = make([][]int, len(ps.sets))
				for q, set := range ps.sets {
					ps.best[q] = slices.Clone(set)
				}
			}
			slack := false
			for k := range use {
				slack = slack || (ps.owner[k] < 0 && use[k] == 0 && ps.lam[k] > 0)
			}
			if !slack {
				return // repair recorded it
			}
		}
		if norm == 0 {
			break
		}
		gap := bestUB - ps.bestG*lamScale
		if !ps.found || gap <= 0 {
			gap = bestUB / 10
		}
		step := max(1, gap*theta/64/norm)
		for k := range use {
			if ps.owner[k] >= 0 {
				continue
			}
			ps.setLam(k, max(0, ps.lam[k]+step*int64(use[k]-1)))
		}
	}
	if ps.nodes == 1 && ps.found {
		// The root's prices ban the pairs they rule out; the search
		// proper starts from a node with those bans: the dynamic
		// programme over the pools, or, when it would be too big, the
		// branch and bound.
		if ps.viaDP = poolDPOn && ps.solveByDP(bestUB/lamScale); !ps.viaDP {
			ps.fixAtRoot(ps.bestG)
			ps.branch()
		}
		return
	}
	if conflict >= 0 {
		for q, set := range ps.sets {
			if slices.Contains(set, conflict) && !ps.forbid[q][conflict] {
				wanted = append(wanted, q)
			}
		}
	} else {
		// No line wanted twice, but the bound is not reached: a line with
		// a price that no pool takes, and some pool may take, is branched
		// on. With none, the prices of lines no pool may take could be 0:
		// the bound is reached, the node solved (recorded above).
		for k := range use {
			if ps.owner[k] >= 0 || use[k] > 0 || ps.lam[k] == 0 {
				continue
			}
			for q := range ps.pools {
				if !ps.forbid[q][k] && slices.Contains(ps.elig[q], k) {
					wanted = append(wanted, q)
				}
			}
			if len(wanted) > 0 {
				conflict = k
				break
			}
		}
	}
	// Two branches: the line to the first pool that wants it, or never to
	// that pool. (Fewer nodes than one branch per pool that wants it.)
	if len(wanted) == 0 {
		return
	}
	k, q := conflict, wanted[0]
	ps.owner[k] = q
	ps.owned[q] = append(ps.owned[q], k)
	ps.touch(k)
	ps.branch()
	ps.owner[k] = -1
	ps.owned[q] = ps.owned[q][:len(ps.owned[q])-1]
	ps.forbid[q][k] = true
	ps.touch(k)
	ps.branch()
	ps.forbid[q][k] = false
	ps.touch(k)
}

// fixAtRoot bans, for the whole search, giving a line to a pool when the
// bound says no solution doing so can beat floor (the best gain found, or
// a guess above it, solveByDP): at the root's prices, the bound with line
// k given to pool q is at most the root's bound less q's cover, plus q's
// cover with k, less k's price. It returns the bans, for unban.
func (ps *poolSearch) fixAtRoot(floor int64) []ban {
	var bans []ban
	var ub int64
	for q := range ps.pools {
		ps.gains[q], ps.sets[q] = ps.cachedCover(q, ps.sets[q][:0])
		ub += ps.gains[q]
	}
	for k, l := range ps.lam {
		if ps.owner[k] < 0 {
			ub += l
		}
	}
	for q := range ps.pools {
		for _, k := range ps.elig[q] {
			if ps.owner[k] >= 0 || ps.forbid[q][k] || slices.Contains(ps.sets[q], k) {
				continue
			}
			ps.owner[k] = q
			ps.owned[q] = append(ps.owned[q], k)
			g, _ := ps.cover(q, nil)
			ps.owner[k] = -1
			ps.owned[q] = ps.owned[q][:len(ps.owned[q])-1]
			if ub-ps.gains[q]+g-ps.lam[k] < (floor+1)*lamScale {
				ps.forbid[q][k] = true
				ps.touch(k)
				bans = append(bans, ban{q, k})
			}
		}
	}
	return bans
}

// ban is a line k kept from pool q.
type ban struct{ q, k int }

// unban lifts the bans.
func (ps *poolSearch) unban(bans []ban) {
	for _, b := range bans {
		ps.forbid[b.q][b.k] = false
		ps.touch(b.k)
	}
}

// touch notes that line k changed: the covers that may take it are redone.
func (ps *poolSearch) touch(k int) {
	for _, q := range ps.poolsOf[k] {
		ps.fresh[q] = false
	}
}

func (ps *poolSearch) setLam(k int, v int64) {
	if ps.lam[k] != v {
		ps.lam[k] = v
		ps.touch(k)
	}
}

// cachedCover is cover, kept per pool while none of its lines changes.
func (ps *poolSearch) cachedCover(q int, set []int) (int64, []int) {
	if ps.fresh[q] {
		return ps.cacheGain[q], append(set, ps.cacheSet[q]...)
	}
	g, set := ps.cover(q, set)
	ps.fresh[q], ps.cacheGain[q], ps.cacheSet[q] = true, g, append(ps.cacheSet[q][:0], set...)
	return g, set
}

// trueGain is what pool q gains with the lines set, at their true costs.
func (ps *poolSearch) trueGain(q int, set []int) int64 {
	if len(set) == 0 {
		return 0
	}
	var W, K int64
	for _, k := range set {
		W += ps.s.e.lines[ps.s.all[k].l].sub
		K += ps.s.all[k].sep
	}
	return min(ps.amount[q], W) - K
}

// lamScale: the bound's prices are in 1/lamScale of a minor unit, and the
// covers' amounts and costs in the same unit, so that the bound can fall
// between two cents: a node is pruned once its bound, in whole minor units
// rounded down, is at most the best gain found.
const lamScale = 64

// lagrangeRounds is how many price rounds a node of the knapsack takes (the
// root ten times as many).
const lagrangeRounds = 8

// repair turns the round's covers into a solution: pools by gain, each
// keeping its lines no pool before it took and covering again without
// them; the best solution is kept.
func (ps *poolSearch) repair(prices bool) {
	if ps.order == nil {
		ps.order, ps.taken = make([]int, len(ps.pools)), make([]bool, len(ps.owner))
		ps.repSets = make([][]int, len(ps.pools))
	}
	order, taken, sets := ps.order, ps.taken, ps.repSets
	for q := range order {
		order[q] = q
	}
	sort.SliceStable(order, func(a, b int) bool { return ps.gains[order[a]] > ps.gains[order[b]] })
	clear(taken)
	var G int64
	lam := ps.lam
	if !prices {
		ps.lam = ps.zeroLam()
	}
	for _, q := range order {
		// lines taken by pools before it are out of its reach
		_, sets[q] = ps.coverFree(q, sets[q][:0], taken)
		G += ps.trueGain(q, sets[q])
		for _, k := range sets[q] {
			taken[k] = true
		}
	}
	ps.lam = lam
	if !ps.found || G > ps.bestG {
		ps.bestG, ps.found = G, true
		if len(ps.best) != len(sets) {
			ps.best = make([][]int, len(sets))
		}
		for q, set := range sets {
			ps.best[q] = append(ps.best[q][:0], set...)
		}
	}
}

// zeroLam is a slice of zero prices, one per line.
func (ps *poolSearch) zeroLam() []int64 {
	if len(ps.zero) != len(ps.owner) {
		ps.zero = make([]int64, len(ps.owner))
	}
	return ps.zero
}

func (ps *poolSearch) cover(q int, set []int) (int64, []int) { return ps.coverFree(q, set, nil) }

// coverFree is pool q's best gain on its own, with the lines given to it
// and those it may still take but taken (taken may be nil), and its lines
// (appended to set).
func (ps *poolSearch) coverFree(q int, set []int, taken []bool) (int64, []int) {
	s, e := ps.s, ps.s.e
	A := ps.amount[q] * lamScale
	var F, C int64
	forced := false
	for _, k := range ps.owned[q] {
		{
			F += e.lines[s.all[k].l].sub * lamScale
			C += s.all[k].sep * lamScale // given lines carry no price: their constraint holds
			set = append(set, k)
			forced = true
		}
	}
	need := A - F
	if need <= 0 {
		return A - C, set
	}
	// The lines in the order of q's last cover (prices move little from
	// one cover to the next, so the insertion sort has little to do);
	// the order is then kept for the next.
	if ps.ord == nil {
		ps.ord = make([][]int, len(ps.pools))
	}
	if ps.ord[q] == nil {
		ps.ord[q] = slices.Clone(ps.elig[q])
	}
	items, excl := ps.items[:0], ps.excl[:0]
	for _, k := range ps.ord[q] {
		if ps.owner[k] < 0 && !ps.forbid[q][k] && (taken == nil || !taken[k]) {
			sb, c := e.lines[s.all[k].l].sub*lamScale, s.all[k].sep*lamScale+ps.lam[k]
			if c < min(sb, need) { // else it never adds to the gain
				items = append(items, coverItem{k, sb, c, ratioKey(c, sb)})
				continue
			}
		}
		excl = append(excl, k)
	}
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && cmpCoverItems(items[j], items[j-1]) < 0; j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
	ord := ps.ord[q][:0]
	for _, it := range items {
		ord = append(ord, it.k)
	}
	ps.ord[q] = append(ord, excl...)
	ps.items, ps.excl = items, excl
	// Knapsack by depth-first search over items (cheapest cover first),
	// bounded by the fractional cover.
	ks := &ps.ks
	ks.items, ks.need, ks.bestV = items, need, -1
	ks.best, ks.pick = ks.best[:0], ks.pick[:0]
	ks.dfs(0, 0, 0)
	best := ks.best
	gain := min(A, F) - C // with no line of its own choosing
	if ks.bestV > 0 || forced {
		var W, K int64
		for _, i := range best {
			W += items[i].sub
			K += items[i].cost
		}
		if g := min(A, F+W) - C - K; !forced || g > gain {
			gain = g
			for _, i := range best {
				set = append(set, items[i].k)
			}
		}
	}
	if !forced && gain <= 0 {
		return 0, set[:0]
	}
	return gain, set
}

// coverKnapsack is coverFree's depth-first search: the items (cheapest
// cover per unit first) that maximise min(need, W) − K.
type coverKnapsack struct {
	items      []coverItem
	need       int64
	bestV      int64
	pick, best []int
}

func (ks *coverKnapsack) dfs(j int, W, K int64) {
	need, items := ks.need, ks.items
	v := min(need, W) - K
	if v > ks.bestV {
		ks.bestV, ks.best = v, append(ks.best[:0], ks.pick...)
	}
	if W >= need || j == len(items) {
		return
	}
	ub, w := v, W
	for _, it := range items[j:] {
		if w >= need || it.cost >= it.sub {
			break
		}
		if w+it.sub <= need {
			ub += it.sub - it.cost
			w += it.sub
		} else {
			part := need - w
			c, _ := mulDiv(it.cost, part, it.sub)
			ub += part - c
			w = need
		}
	}
	if ub <= ks.bestV {
		return
	}
	for i := j; i < len(items); i++ {
		it := items[i]
		if it.cost >= it.sub && W+it.sub <= need {
			continue
		}
		ks.pick = append(ks.pick, i)
		ks.dfs(i+1, W+it.sub, K+it.cost)
		ks.pick = ks.pick[:len(ks.pick)-1]
	}
}

// cmpProducts compares a·b with c·d (all ≥ 0) without overflow: the
// products of scaled subtotals and costs can exceed 64 bits.
func cmpProducts(a, b, c, d int64) int {
	h1, l1 := bits.Mul64(uint64(a), uint64(b))
	h2, l2 := bits.Mul64(uint64(c), uint64(d))
	if h1 != h2 {
		return cmp.Compare(h1, h2)
	}
	return cmp.Compare(l1, l2)
}
