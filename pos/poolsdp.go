package pos

import (
	"math/bits"
	"slices"
)

// The once-per-order knapsack's search proper, after its root (see
// poolSearch.branch): a dynamic programme over the pools.
//
// The root's prices ban most line–pool pairs (fixAtRoot): a banned pair is
// in no solution better than a floor f (the best gain found, or a guess
// above it, see solveByDP). What is left is small: each pool may still
// take a few lines, and few lines are wanted by more than one pool (the
// shared lines). So each pool's covers are enumerated, at their true
// costs: the sets of its lines with a positive gain min(A, W) − K from
// which no line can be dropped keeping W ≥ A (dropping it would lose
// nothing and free the line). Of the covers using the same shared lines
// only the best is kept (its other lines no other pool may take), and a
// cover that gains no more than one using a subset of its shared lines is
// dropped. The pools are then taken one by one in an order that keeps few
// shared lines both behind and ahead (the frontier), and
//
//	best(i, used) = max over pool i's covers c not using a line of used:
//	                gain(c) + best(i+1, (used ∪ shared(c)) ∩ ahead(i+1))
//
// where ahead(i) are the shared lines the pools from i on may take: two
// sub-problems with the same pool and the same used lines ahead are one
// (memoised). Each is solved only above a floor (alpha pruning): a cover
// is skipped when its gain plus a bound on the pools after it cannot beat
// the floor, the bound being the least of (a) each later pool's best cover
// without the used lines and (b) the same at the root's prices (gain less
// the prices of its shared lines) plus the prices of the shared lines
// still free ahead (weak duality, as at the root). A state solved above
// its floor is memoised as exact; one that is not, as a bound no more than
// that floor, reused while the floor asked is no lower. best(0, ∅) above f
// is the exact best gain when it is more than f; the root's solution is
// kept unless it is beaten (so ties keep the first found, as in the branch
// and bound), and the programme's solution is, pool by pool in its order,
// the first cover that reaches the best. Each state counts as a node.
//
// Every step is a fixed order over integers: the same cart gives the same
// covers, the same order and the same answer on every till. When the bans
// leave more than dpMaxShared shared lines, more than dpMaxCovers
// enumeration steps or more than dpMaxStates states, the branch and bound
// takes over from the root with the bans of the best gain found (as before
// the programme existed).

// poolDPOn: whether the knapsack's search proper is the dynamic programme
// (else always the branch and bound). A variable for the tests.
var poolDPOn = true

const (
	dpMaxShared = 64      // shared lines: one bit each in a uint64
	dpMaxCovers = 1 << 14 // enumeration steps over the pools' line sets
	dpMaxStates = 1 << 16 // memoised states
)

// dpCover is a set of lines a pool may take: its shared lines (a bit each)
// and its gain at the lines' true costs.
type dpCover struct {
	mask   uint64
	gain   int64
	priced int64 // gain × lamScale less its shared lines' root prices
	lines  []int
}

type poolDP struct {
	ps     *poolSearch
	order  []int       // pools in the programme's order (only pools with a cover)
	covers [][]dpCover // per position: the pool's covers, best gain first, then the empty one
	ahead  []uint64    // per position: shared lines of the pools from it on
	memo   []map[uint64]dpEntry
	lam    []int64 // per shared line (bit): its price at the root
	states int
	over   bool // a limit was reached
}

// solveByDP finds the best gain by the dynamic programme after the root,
// whose bound (in whole minor units) is hi; false when a limit stops it
// (the branch and bound takes over). It guesses first: with the best gain
// found G₀ well below hi, floor f = G₀ + (hi − G₀)/2 bans more pairs and
// prunes more states than G₀. A programme above f is exact above f: if it
// finds more than f that is the best gain (any better solution would be
// above f too); if not, no solution beats f, so hi becomes f and the next
// guess is halfway again, until f is G₀ itself.
func (ps *poolSearch) solveByDP(hi int64) bool {
	for {
		f := ps.bestG
		if hi-f > dpGuessGap {
			f += (hi - f) / 2
			ps.guesses++
		}
		bans := ps.fixAtRoot(f)
		done, beat := ps.solveDP(f)
		ps.unban(bans)
		switch {
		case !done:
			return false
		case beat || f == ps.bestG:
			return true
		}
		hi = f
	}
}

// dpGuessGap: with the root's bound at most this many minor units above
// the best gain found, solveByDP does not guess. A variable for the tests.
var dpGuessGap int64 = 8

// solveDP runs the dynamic programme for a gain above floor (≥ the best
// gain found), and keeps its solution if it finds one (beat). done is
// false when a limit stopped it.
func (ps *poolSearch) solveDP(floor int64) (done, beat bool) {
	s, e := ps.s, ps.s.e
	P := len(ps.pools)
	// candidates per pool: lines it may take that can add to its gain
	cand := make([][]int, P)
	uses := make([]int, len(ps.owner))
	for q := range ps.pools {
		A := ps.amount[q]
		for _, k := range ps.elig[q] {
			sl := &s.all[k]
			if ps.owner[k] >= 0 || ps.forbid[q][k] || sl.sep >= min(e.lines[sl.l].sub, A) {
				continue
			}
			cand[q] = append(cand[q], k)
			uses[k]++
		}
		slices.Sort(cand[q])
	}
	dp := &poolDP{ps: ps}
	bit := make([]int, len(ps.owner))
	nShared := 0
	for k, u := range uses {
		bit[k] = -1
		if u > 1 {
			if nShared == dpMaxShared {
				return false, false
			}
			bit[k] = nShared
			dp.lam = append(dp.lam, ps.lam[k])
			nShared++
		}
	}
	// each pool's covers
	steps := 0
	covers := make([][]dpCover, P)
	poolMask := make([]uint64, P)
	for q := range ps.pools {
		if len(cand[q]) == 0 {
			continue
		}
		A := ps.amount[q]
		best := map[uint64]int{} // mask → index in covers[q]
		var pick []int
		var enum func(i int, W, K int64, mask uint64)
		enum = func(i int, W, K int64, mask uint64) {
			for j := i; j < len(cand[q]); j++ {
				if steps++; steps > dpMaxCovers {
					return
				}
				k := cand[q][j]
				sub, sep := e.lines[s.all[k].l].sub, s.all[k].sep
				W2, K2, m2 := W+sub, K+sep, mask
				if bit[k] >= 0 {
					m2 |= 1 << bit[k]
				}
				pick = append(pick, k)
				minimal := true
				if W2 >= A {
					for _, l := range pick[:len(pick)-1] {
						if W2-e.lines[s.all[l].l].sub >= A {
							minimal = false
							break
						}
					}
				}
				if g := min(A, W2) - K2; minimal && g > 0 {
					if at, ok := best[m2]; !ok {
						best[m2] = len(covers[q])
						covers[q] = append(covers[q], dpCover{mask: m2, gain: g, lines: slices.Clone(pick)})
					} else if g > covers[q][at].gain {
						covers[q][at] = dpCover{mask: m2, gain: g, lines: slices.Clone(pick)}
					}
				}
				if W2 < A {
					enum(j+1, W2, K2, m2)
				}
				pick = pick[:len(pick)-1]
			}
		}
		enum(0, 0, 0, 0)
		if steps > dpMaxCovers {
			return false, false
		}
		if _, ok := best[0]; !ok {
			covers[q] = append(covers[q], dpCover{}) // take nothing
		}
		// best gain first (then fewer shared lines, then the enumeration's
		// order); drop a cover no better than one on a subset of its lines
		slices.SortStableFunc(covers[q], func(x, y dpCover) int {
			if x.gain != y.gain {
				if x.gain > y.gain {
					return -1
				}
				return 1
			}
			return bits.OnesCount64(x.mask) - bits.OnesCount64(y.mask)
		})
		kept := covers[q][:0]
		for _, c := range covers[q] {
			dominated := false
			for _, d := range kept {
				if d.mask&^c.mask == 0 {
					dominated = true // d gains at least as much with a subset
					break
				}
			}
			if !dominated {
				kept = append(kept, c)
				poolMask[q] |= c.mask
			}
		}
		covers[q] = kept
		for j := range kept {
			kept[j].priced = kept[j].gain*lamScale - dp.lamOf(kept[j].mask)
		}
	}
	// the order: each next pool the one leaving the fewest shared lines
	// between the pools placed and those still to place (ties: the first)
	var placed uint64
	var wanted [dpMaxShared]int // per shared line: pools left that may take it
	left := []int{}
	for q := range ps.pools {
		if len(covers[q]) > 1 || (len(covers[q]) == 1 && covers[q][0].gain > 0) {
			left = append(left, q)
			for m := poolMask[q]; m != 0; m &= m - 1 {
				wanted[bits.TrailingZeros64(m)]++
			}
		}
	}
	for len(left) > 0 {
		var leftAny, leftOne uint64 // lines some pool left wants; exactly one
		for b, w := range wanted {
			if w > 0 {
				leftAny |= 1 << b
			}
			if w == 1 {
				leftOne |= 1 << b
			}
		}
		bi, bf := -1, 0
		for i, q := range left {
			after := leftAny &^ (poolMask[q] & leftOne)
			if f := bits.OnesCount64((placed | poolMask[q]) & after); bi < 0 || f < bf {
				bi, bf = i, f
			}
		}
		q := left[bi]
		placed |= poolMask[q]
		for m := poolMask[q]; m != 0; m &= m - 1 {
			wanted[bits.TrailingZeros64(m)]--
		}
		dp.order = append(dp.order, q)
		left = slices.Delete(left, bi, bi+1)
	}
	n := len(dp.order)
	dp.covers, dp.ahead = make([][]dpCover, n+1), make([]uint64, n+1)
	dp.memo = make([]map[uint64]dpEntry, n)
	for i := n - 1; i >= 0; i-- {
		q := dp.order[i]
		dp.covers[i] = covers[q]
		dp.ahead[i] = dp.ahead[i+1] | poolMask[q]
	}
	G := dp.best(0, 0, floor)
	if dp.over {
		return false, false
	}
	if G > floor {
		// the first cover, in each pool's order, that reaches the best
		best := make([][]int, P)
		var used uint64
		v := G
		for i, q := range dp.order {
			for _, c := range dp.covers[i] {
				if c.mask&used != 0 {
					continue
				}
				next := (used | c.mask) & dp.ahead[i+1]
				if c.gain+dp.best(i+1, next, v-c.gain-1) == v {
					best[q] = slices.Clone(c.lines)
					used, v = next, v-c.gain
					break
				}
			}
		}
		if dp.over || v != 0 {
			return false, false // a limit reached while rebuilding it
		}
		ps.bestG, ps.found, ps.best = G, true, best
		return true, true
	}
	return true, false
}

// lamOf is the root prices' sum over the shared lines of mask.
func (dp *poolDP) lamOf(mask uint64) int64 {
	var t int64
	for mask != 0 {
		b := bits.TrailingZeros64(mask)
		t += dp.lam[b]
		mask &= mask - 1
	}
	return t
}

// dpEntry is a memoised state: its best gain, or (not exact) a bound on it.
type dpEntry struct {
	v     int64
	exact bool
}

// best is the most the pools from position i on can gain with the shared
// lines used taken (used ⊆ ahead[i]), when that is more than floor; else
// a bound on it no more than floor (the search below stops at covers that
// cannot beat floor).
func (dp *poolDP) best(i int, used uint64, floor int64) int64 {
	if i == len(dp.order) || dp.over {
		return 0
	}
	if dp.memo[i] == nil {
		dp.memo[i] = map[uint64]dpEntry{}
	} else if m, ok := dp.memo[i][used]; ok && (m.exact || m.v <= floor) {
		return m.v
	}
	dp.states++
	dp.ps.nodes++
	dp.ps.s.e.nodes++
	if dp.states > dpMaxStates || dp.ps.s.e.nodes > maxNodes {
		dp.over = true
		return 0
	}
	// what the pools after i can gain at most: each its best cover
	// without the lines used
	var after int64
	for j := i + 1; j < len(dp.order); j++ {
		for _, c := range dp.covers[j] {
			if c.mask&used == 0 {
				after += c.gain
				break
			}
		}
	}
	// and at the root's prices: each its best priced cover without the
	// lines used, plus the prices of the lines still free ahead
	var afterP int64
	for j := i + 1; j < len(dp.order); j++ {
		bp := int64(0) // the empty cover
		for _, c := range dp.covers[j] {
			if c.gain*lamScale <= bp {
				break
			}
			if c.mask&used == 0 && c.priced > bp {
				bp = c.priced
			}
		}
		afterP += bp
	}
	afterP += dp.lamOf(dp.ahead[i+1] &^ used)
	v, bound := floor, int64(-1)
	for _, c := range dp.covers[i] {
		if c.mask&used != 0 {
			continue
		}
		if c.gain+after <= v {
			bound = max(bound, c.gain+after)
			break // covers are best first: none after can do better
		}
		if ub := c.gain + (afterP-dp.lamOf(c.mask&dp.ahead[i+1]&^used))/lamScale; ub <= v {
			bound = max(bound, ub)
			continue
		}
		g := c.gain + dp.best(i+1, (used|c.mask)&dp.ahead[i+1], v-c.gain)
		if g > v {
			v = g
		}
		bound = max(bound, g)
	}
	if v > floor {
		dp.memo[i][used] = dpEntry{v, true}
		return v
	}
	dp.memo[i][used] = dpEntry{bound, false}
	return bound
}
