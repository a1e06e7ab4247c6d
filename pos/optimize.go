package pos

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

// The combination search.
//
// A plan is a set of discounts that pairwise combine (each allows the other's
// class), at most one shipping discount, and for product discounts a choice
// per line: a line eligible for some product discount of the set takes
// exactly one of them. The till applies the plan with the lowest total
// before tax; ties go to fewer discounts, then fewer codes, then ids.
//
// How it is bounded. Whether two discounts combine depends only on their
// classes and combines_with flags, and the order and shipping layers see the
// product layer only through S, the subtotal after product and custom line
// discounts, and through the flags of the product discounts used. Totals only
// grow with S, except that order and shipping minimums are checked against S.
// So the search is layered:
//
//  1. Product layer. For each of the 4 flag classes (must the product
//     discounts also combine with order discounts? with shipping?) and for
//     each threshold T in {0} ∪ {order and shipping minimums above the
//     unconstrained optimum}, find the assignment with the smallest S ≥ T
//     among product discounts that combine with one another; and each
//     product discount alone. That is at most 4·(1+m) depth-first searches
//     over the lines (m = distinct minimums) plus p single evaluations.
//     Each search is a branch and bound over lines with options sorted by
//     saving; its lower bound is exact for per-line discounts, so with no
//     once-per-order or buy X get Y discount the first descent is optimal
//     and proven: O(L·k) for L lines with k eligible discounts each.
//     Pooled discounts (once per order, buy X get Y) are bounded by their
//     cap; the search is exponential only in the lines that hesitate between
//     a pooled discount and another one, and is capped at maxNodes nodes.
//  2. Order and shipping layers, for each product result R: shipping none or
//     each shipping discount; order discounts none, each alone, or all that
//     combine with one another, with R and with the shipping discount and
//     whose minimum S meets (more of them never costs the customer).
//     O(R·(1+h)·(2+o)·o) arithmetic for h shipping and o order discounts.
//
// Every plan that could be optimal is one of these combinations, so the
// result equals exhaustive search (see optimize_test.go, which checks it
// against every subset and every per-line assignment on random carts).
// On a location that is not Pro only single discounts are compared.

var maxNodes = 200_000 // a variable so that tests can reach it

type plan struct {
	asg   []int // per line: product cand or -1
	order []int // order cands, calculation order
	ship  int   // shipping cand or -1
	total int64 // before tax: lines after every discount + shipping after its discount
	set   []int // every cand used, sorted by rank
	nCode int
}

// better reports whether a beats b (lower total; then fewer discounts, fewer codes, ids).
func (e *engine) better(a, b *plan) bool {
	if b == nil {
		return true
	}
	if a.total != b.total {
		return a.total < b.total
	}
	if len(a.set) != len(b.set) {
		return len(a.set) < len(b.set)
	}
	if a.nCode != b.nCode {
		return a.nCode < b.nCode
	}
	if len(e.idRank) != len(e.cands) {
		e.rankIDs()
	}
	ia, ib := e.idA[:0], e.idB[:0]
	for i := range a.set {
		ia, ib = append(ia, e.idRank[a.set[i]]), append(ib, e.idRank[b.set[i]])
	}
	slices.Sort(ia)
	slices.Sort(ib)
	e.idA, e.idB = ia, ib
	return slices.Compare(ia, ib) < 0
}

// rankIDs gives each cand its id's place among the sorted ids, so that
// better compares sets of ids as integers.
func (e *engine) rankIDs() {
	by := make([]int, len(e.cands))
	for i := range by {
		by[i] = i
	}
	slices.SortFunc(by, func(x, y int) int { return strings.Compare(e.cands[x].d.ID, e.cands[y].d.ID) })
	e.idRank = grow(e.idRank, len(e.cands))
	for k, ci := range by {
		if k > 0 && e.cands[ci].d.ID == e.cands[by[k-1]].d.ID {
			e.idRank[ci] = e.idRank[by[k-1]]
		} else {
			e.idRank[ci] = k
		}
	}
}

func (e *engine) ids(set []int) []string {
	out := make([]string, len(set))
	for i, ci := range set {
		out[i] = e.cands[ci].d.ID
	}
	sort.Strings(out)
	return out
}

// productResult is one outcome of the product layer.
type productResult struct {
	asg          []int
	S            int64
	used         []int
	allOrder     bool // every used product discount combines with order discounts
	allShipping  bool
	orderProduct bool // (unused by product results; kept false)
}

func (e *engine) resultOf(asg []int) (productResult, bool) { return e.resultOfInto(asg, nil) }

// resultOfInto is resultOf writing the used discounts over used's memory:
// for a result that is only looked at before the next one is built.
func (e *engine) resultOfInto(asg []int, used []int) (productResult, bool) {
	if len(e.saveBuf) != len(e.lines) {
		e.saveBuf, e.unitBuf = grow(e.saveBuf, len(e.lines)), grow(e.unitBuf, len(e.lines))
	}
	if !e.productSavings(asg, e.saveBuf, e.unitBuf) {
		return productResult{}, false
	}
	r := productResult{asg: asg, S: e.subtotalOf(e.saveBuf), allOrder: true, allShipping: true}
	r.used = append(used[:0], e.usedList...) // productSavings leaves the used discounts there
	sort.Ints(r.used)
	for _, ci := range r.used {
		r.allOrder = r.allOrder && e.cands[ci].d.Combines.Order
		r.allShipping = r.allShipping && e.cands[ci].d.Combines.Shipping
	}
	return r, true
}

// optimize returns the best plan, and for each candidate the best total of
// an evaluated plan that used it (for the "saves X more" explanations).
func (e *engine) optimize() (*plan, []int64) {
	bestWith := make([]int64, len(e.cands))
	for i := range bestWith {
		bestWith[i] = -1
	}
	var best *plan
	try := &e.plans[2]   // the plan being considered, in scratch
	spare := &e.plans[0] // where a winning plan is copied; best and spare then swap
	consider := func(r *productResult, order []int, ship int, total int64) {
		note := func(ci int) {
			if bestWith[ci] < 0 || total < bestWith[ci] {
				bestWith[ci] = total
			}
		}
		for _, ci := range r.used {
			note(ci)
		}
		for _, ci := range order {
			note(ci)
		}
		if ship >= 0 {
			note(ship)
		}
		if best != nil && total > best.total {
			return
		}
		// Compare in scratch; keep a copy only of a plan that wins.
		try.set = append(append(try.set[:0], r.used...), order...)
		if ship >= 0 {
			try.set = append(try.set, ship)
		}
		sort.Ints(try.set)
		try.total, try.nCode = total, 0
		for _, ci := range try.set {
			if e.cands[ci].code {
				try.nCode++
			}
		}
		if !e.better(try, best) {
			return
		}
		spare.asg, spare.order = append(spare.asg[:0], r.asg...), append(spare.order[:0], order...)
		spare.set, spare.ship, spare.total, spare.nCode = append(spare.set[:0], try.set...), ship, total, try.nCode
		if best == nil {
			best, spare = spare, &e.plans[1]
		} else {
			best, spare = spare, best
		}
	}
	none := make([]int, len(e.lines))
	for i := range none {
		none[i] = -1
	}
	// r is the result being looked at (one variable: consider keeps a
	// pointer, so it lives on the heap), its used discounts in scratch.
	var r productResult
	r, _ = e.resultOfInto(none, nil)
	e.orderAndShipping(&r, consider)

	// Each product discount alone (consider copies what it keeps).
	asg := make([]int, len(e.lines))
	for _, ci := range e.product {
		copy(asg, none)
		for _, l := range e.cands[ci].lines {
			asg[l] = ci
		}
		var ok bool
		if r, ok = e.resultOfInto(asg, r.used); ok {
			e.orderAndShipping(&r, consider)
		}
	}
	if !e.pro {
		return best, bestWith
	}
	e.sortLineOptions()
	// Product discounts that combine with one another, per flag class:
	// first unconstrained, then for each order or shipping minimum above
	// what they leave, unless no plan reaching that minimum can beat the
	// best so far.
	var r0 productResult
	for _, g := range e.groups() {
		var s *search
		var ok bool
		r0 = productResult{}
		if g.pooled {
			s = newSearch(e, g)
			switch {
			case e.requiring && g.in[e.reqCand] && s.poolsPlain() && s.poolLines() > poolPathLines:
				e.reqStopped = true // the knapsack's group: withTotals forces it line by line
				continue
			case !s.poolsPlain() || (e.requiring && g.in[e.reqCand]):
				r0, ok = s.run(0)
			case s.poolLines() > poolPathLines:
				r0, ok = s.runPools()
			default:
				// the line search, exact to the last tie, if it ends soon;
				// else the knapsack
				s.limit = lineTrialNodes
				if r0, ok = s.run(0); s.stopped {
					r0, ok = s.runPools()
				}
				s.limit = maxNodes
			}
		} else if e.requiring && g.in[e.reqCand] {
			s = newSearch(e, g) // the best layout that uses reqCand: a search
			r0, ok = s.run(0)
		} else if r0, ok = e.greedy(g); ok && e.tied(g) {
			// a line hesitates between discounts that save as much: which
			// one it takes is the tie rule's, so the search decides
			s = newSearch(e, g)
			r0, ok = s.run(0)
		}
		if !ok {
			continue
		}
		e.orderAndShipping(&r0, consider)
		for _, t := range e.thresholdsFor(g) {
			if t <= r0.S || t > e.maxS || (!e.noPrune && e.lowerBoundAt(t) > best.total) {
				continue
			}
			if s == nil {
				s = newSearch(e, g)
			}
			if r, ok := s.run(t); ok {
				e.orderAndShipping(&r, consider)
			}
		}
	}
	// A product discount that adds nothing to the best plan is left out:
	// the same total with fewer discounts wins.
	e.dropIdle(&best, consider)
	e.plateau(best, consider)
	return best, bestWith
}

// plateau looks, when the best plan's total stays the same for a higher
// subtotal (its order discounts take it to zero, or a cent is lost to
// rounding), for a product layout of fewer discounts (or codes, or first
// ids) with a subtotal up to that height: the line search with every S up
// to it counting as equal. Within lineTrialNodes nodes per group.
func (e *engine) plateau(p *plan, consider func(r *productResult, order []int, ship int, total int64)) {
	if p == nil || !e.pro || e.truncated {
		return
	}
	r, ok := e.resultOf(slices.Clone(p.asg))
	if !ok {
		return
	}
	order, ship := slices.Clone(p.order), p.ship
	totalAt := func(S int64) int64 { return e.orderPart(S, order, nil) + e.ship - e.shippingPart(ship) }
	lo, hi := r.S, e.maxS // the highest S with the same total
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if totalAt(mid) <= p.total {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == r.S {
		return
	}
	var T int64 // the minimums of the plan's order and shipping discounts still hold
	for _, ci := range order {
		T = max(T, e.cands[ci].minSub)
	}
	if ship >= 0 {
		T = max(T, e.cands[ship].minSub)
	}
	e.sortLineOptions()
	truncated := e.truncated
	for _, g := range e.groups() {
		if (len(order) > 0 && !g.allOrder) || (ship >= 0 && !g.allShipping) {
			continue
		}
		s := newSearch(e, g)
		s.floor, s.limit = lo, lineTrialNodes
		if r, ok := s.run(T); ok && !s.stopped {
			e.orderAndShipping(&r, consider)
		}
	}
	e.truncated = truncated
}

// dropIdle tries the best plan without each of its product discounts, its
// lines taking instead the set's next option (or none when they have no
// other), until no plan of fewer discounts saves as much.
func (e *engine) dropIdle(best **plan, consider func(r *productResult, order []int, ship int, total int64)) {
	asg := make([]int, len(e.lines))
	var r productResult // consider keeps a pointer: one variable, its used discounts in scratch
	var cur, set []int
	for {
		p := *best
		if p == nil {
			return
		}
		cur, set = append(cur[:0], p.asg...), append(set[:0], p.set...)
		for _, ci := range set {
			if e.cands[ci].kind == kOrder || e.cands[ci].kind == kShipping {
				continue
			}
			copy(asg, cur)
			for l, a := range asg {
				if a != ci {
					continue
				}
				asg[l] = -1 // or the set's best other option: a line takes one when it has one
				for _, o := range e.lineOpts[l] {
					if o != ci && slices.Contains(set, o) {
						asg[l] = o
						break
					}
				}
			}
			var ok bool
			if r, ok = e.resultOfInto(asg, r.used); ok {
				e.orderAndShipping(&r, consider)
			}
		}
		if q := *best; len(q.set) >= len(set) {
			return
		}
	}
}

// thresholdsFor returns the order and shipping minimums a group's search
// must try to reach: order minimums when its discounts all combine with
// order discounts, shipping minimums when they combine with shipping ones,
// and only of discounts that combine with product discounts.
func (e *engine) thresholdsFor(g *group) []int64 {
	var out []int64
	for k := range len(e.order) + len(e.shipping) {
		ci := 0
		if k < len(e.order) {
			ci = e.order[k]
		} else {
			ci = e.shipping[k-len(e.order)]
		}
		c := e.cands[ci]
		t := c.minSub
		if e.noPrune && c.kind == kOrder {
			t = max(t, c.leastS()) // withTotals: the least S it takes something of
		}
		if t <= 0 || !c.d.Combines.Product {
			continue
		}
		if (c.kind == kOrder && g.allOrder) || (c.kind == kShipping && g.allShipping) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// lowerBoundAt is a lower bound of the total of any plan with product
// discounts whose largest order or shipping minimum is t: S is at least t,
// and at most every order discount with a minimum up to t and the biggest
// such shipping discount apply.
func (e *engine) lowerBoundAt(t int64) int64 {
	var order []int
	for _, ci := range e.order {
		if c := e.cands[ci]; c.minSub <= t && c.d.Combines.Product {
			order = append(order, ci)
		}
	}
	e.sortOrder(order)
	var shipOff int64
	for _, ci := range e.shipping {
		if c := e.cands[ci]; c.minSub <= t && c.d.Combines.Product {
			if off := e.shippingPart(ci); off > shipOff {
				shipOff = off
			}
		}
	}
	return e.orderPart(t, order, nil) + e.ship - shipOff
}

// group is a set of product discounts that all combine with one another.
type group struct {
	members     []int
	in          []bool // by cand
	allOrder    bool   // every member combines with order discounts
	allShipping bool
	pooled      bool // some member is once per order or buy X get Y
}

// groups returns the distinct groups of product discounts that combine with
// one another, one per flag class (must they also combine with order
// discounts? with shipping discounts?).
func (e *engine) groups() []*group {
	// at most 4 groups: their members and in are cut from shared arrays
	var out []*group
	var gs []group
	var memSlab []int
	var inSlab []bool
	members := make([]int, 0, len(e.product))
next:
	for class := 0; class < 4; class++ {
		needOrder, needShip := class&1 != 0, class&2 != 0
		members = members[:0]
		for _, ci := range e.product {
			d := e.cands[ci].d
			if d.Combines.Product && (!needOrder || d.Combines.Order) && (!needShip || d.Combines.Shipping) {
				members = append(members, ci)
			}
		}
		if len(members) < 2 {
			continue // a group of one is covered by the single evaluations
		}
		for _, g := range out {
			if slices.Equal(g.members, members) {
				continue next
			}
		}
		if gs == nil {
			gs = make([]group, 0, 4)
			memSlab = make([]int, 0, 4*len(members))
			inSlab = make([]bool, 4*len(e.cands))
		}
		k, n := len(memSlab), len(e.cands)
		memSlab = append(memSlab, members...)
		gs = append(gs, group{members: memSlab[k:len(memSlab):len(memSlab)], in: inSlab[:n:n], allOrder: true, allShipping: true})
		inSlab = inSlab[n:]
		g := &gs[len(gs)-1]
		for _, ci := range g.members {
			c := e.cands[ci]
			g.in[ci] = true
			g.allOrder = g.allOrder && c.d.Combines.Order
			g.allShipping = g.allShipping && c.d.Combines.Shipping
			g.pooled = g.pooled || c.pooled
		}
		out = append(out, g)
	}
	return out
}

// greedy gives each line its best discount of the group. With no pooled
// discount and no minimum to reach, that is the group's optimum: each line's
// reduction is independent of the others.
func (e *engine) greedy(g *group) (productResult, bool) {
	e.sortLineOptions()
	asg := make([]int, len(e.lines))
	for l := range asg {
		asg[l] = -1
		for _, ci := range e.lineOpts[l] {
			if g.in[ci] && (!e.forcing || l != e.forceLine || !g.in[e.forceCand] || ci == e.forceCand) {
				asg[l] = ci
				break
			}
		}
	}
	return e.resultOf(asg)
}

// tied reports that some line's best discount of group g saves no more than
// another of the group, or than none: greedy's choice there is arbitrary.
func (e *engine) tied(g *group) bool {
	for l := range e.lines {
		first, n := int64(-1), 0
		for k, ci := range e.lineOpts[l] {
			if !g.in[ci] {
				continue
			}
			if e.forcing && l == e.forceLine && g.in[e.forceCand] {
				break // the line takes the forced discount
			}
			if n++; n == 1 {
				first = e.lineRed[l][k]
				if first == 0 {
					return true
				}
			} else {
				if e.lineRed[l][k] == first {
					return true
				}
				break
			}
		}
	}
	return false
}

// orderAndShipping enumerates the order and shipping choices for one product
// result and hands each valid combination to consider. e.order is in
// calculation order, so every subset built here is too.
func (e *engine) orderAndShipping(r *productResult, consider func(r *productResult, order []int, ship int, total int64)) {
	hasP := len(r.used) > 0
	okWithP := func(ci int) bool {
		if !hasP {
			return true
		}
		d := e.cands[ci].d
		if !d.Combines.Product {
			return false
		}
		if d.Class == ClassOrder {
			return r.allOrder
		}
		return r.allShipping
	}
	if cap(e.amounts) < len(e.order) {
		e.amounts = make([]int64, len(e.order))
		e.kept = make([]int, 0, len(e.order))
	}
	build := func(order []int, ship int) {
		if !e.pro && len(r.used)+len(order)+b2i(ship >= 0) > 1 {
			return
		}
		amounts := e.amounts[:len(order)]
		after := e.orderPart(r.S, order, amounts)
		kept := e.kept[:0]
		for i, ci := range order {
			if amounts[i] > 0 {
				kept = append(kept, ci)
			}
		}
		if len(kept) != len(order) {
			order = kept
			after = e.orderPart(r.S, order, nil)
		}
		shipOff := e.shippingPart(ship)
		if ship >= 0 && shipOff == 0 {
			return
		}
		consider(r, order, ship, after+e.ship-shipOff)
	}
	single := e.single[:]
	for si := -1; si < len(e.shipping); si++ {
		sh := -1
		if si >= 0 {
			sh = e.shipping[si]
			if !okWithP(sh) || e.cands[sh].minSub > r.S {
				continue
			}
		}
		build(nil, sh)
		multi := e.multi[:0]
		for _, ci := range e.order {
			c := e.cands[ci]
			if c.minSub > r.S || !okWithP(ci) || (sh >= 0 && !CombinesWith(c.d, e.cands[sh].d)) {
				continue
			}
			single[0] = ci
			build(single, sh)
			if c.d.Combines.Order {
				multi = append(multi, ci)
			}
		}
		if len(multi) > 1 && e.pro {
			build(e.fewestOrder(r.S, multi), sh)
			if e.noPrune {
				// withTotals: the best set holding each one
				for _, x := range multi {
					build(e.bestHolding(r.S, multi, x), sh)
				}
			}
		}
		e.multi = multi
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// search is the product-layer branch and bound over lines.
type search struct {
	e       *engine
	group   []int
	inGroup []bool
	all     []sline  // every line with an option in the group
	lines   []*sline // the lines the current run branches on
	posOf   []int    // per line of all: its position in lines, -1 when fixed
	fixed   []*sline // lines given their best per-line option up front (no minimum to reach)
	sepRest []int64  // suffix sums of the best per-line reduction over lines
	require bool     // withTotals: only layouts that use engine.reqCand count
	reqRest []int64  // suffix minimum of what taking reqCand costs a line (-1: no line left has it)
	width   []int    // per line of lines: how many of its options are branched on
	pooled  []int    // pooled cands of the group
	pool    map[int]*poolInfo
	// memory kept for the next search (emptied)
	order   []int
	optBuf  []int
	redBuf  []int64
	bestAsg []int
	// leaf's used discounts, and the best result's (a result run returns
	// is read before the search runs again, as its asg in bestAsg)
	leafUsed, bestUsed []int
	baseS              int64 // S with no product discount
	asg                []int
	used               []int // per cand: lines using it
	usedSet            []int // scratch for usedBeats
	addBuf             []int64
	gainBuf            []int64
	nUsed              int   // cands with used > 0
	banned             []int // per cand: lines that chose none while eligible
	decided            int64 // exact reductions of decided lines that took a per-line discount
	T                  int64
	best               productResult
	found              bool
	nodes              int
	limit              int   // nodes this run may visit: maxNodes, or lineTrialNodes on a trial
	floor              int64 // plateau: every S up to floor counts as floor (ties decide)
	stopped            bool  // the run reached its limit
}

// sline is one line of the search with its options, best first.
type sline struct {
	l      int
	opts   []int   // cands, then -1 (none)
	red    []int64 // per option: exact reduction for per-line cands, an estimate for pooled ones
	sep    int64   // best exact reduction among per-line options
	pooled bool    // some option is pooled
	req    bool    // the required discount (engine.reqCand) is an option
	reqRed int64   // its reduction (an estimate when pooled)
}

// strictBest reports that the line's first option reduces it strictly more
// than every other one, none included (the last option, reducing nothing).
func (sl *sline) strictBest() bool {
	return len(sl.opts) == 1 || sl.red[0] > sl.red[1]
}

// poolInfo holds what the bound of a pooled discount needs.
type poolInfo struct {
	amount    int64 // the most it can take off
	committed int64 // fixedOnce: subtotals of decided lines that took it
	ratio     []int // its lines (indexes into all), by sep/sub ascending
	bxgy      bool
	plain     bool // none of its lines has a custom discount
}

// newSearch readies the engine's search for group g. An engine has one
// search at a time: a new one reuses the last one's memory.
func newSearch(e *engine, g *group) *search {
	s := &e.srch
	*s = s.emptied()
	s.e, s.group, s.inGroup = e, g.members, g.in
	s.used, s.banned = grow(s.used, len(e.cands)), grow(s.banned, len(e.cands))
	e.sortLineOptions()
	total := 0
	for l := range e.lines {
		for _, ci := range e.lineOpts[l] {
			if s.inGroup[ci] {
				total++
			}
		}
		total++
	}
	if cap(s.optBuf) < total {
		s.optBuf, s.redBuf = make([]int, 0, total), make([]int64, 0, total)
	}
	optBuf, redBuf := s.optBuf[:0], s.redBuf[:0] // sized: the lines' slices into them stay valid
	for l, ln := range e.lines {
		s.baseS += ln.base
		start := len(optBuf)
		sl := sline{l: l}
		forced := e.forcing && l == e.forceLine && s.inGroup[e.forceCand]
		for k, ci := range e.lineOpts[l] {
			if !s.inGroup[ci] || (forced && ci != e.forceCand) {
				continue
			}
			if e.requiring && ci == e.reqCand {
				sl.req, sl.reqRed = true, e.lineRed[l][k]
			}
			red := e.lineRed[l][k]
			if e.cands[ci].pooled {
				sl.pooled = true
			} else if red > sl.sep {
				sl.sep = red
			}
			optBuf, redBuf = append(optBuf, ci), append(redBuf, red)
		}
		if len(optBuf) == start {
			continue
		}
		if !forced {
			optBuf, redBuf = append(optBuf, -1), append(redBuf, 0)
		}
		sl.opts, sl.red = optBuf[start:len(optBuf):len(optBuf)], redBuf[start:len(redBuf):len(redBuf)]
		s.all = append(s.all, sl)
	}
	for _, ci := range g.members {
		c := e.cands[ci]
		if !c.pooled {
			continue
		}
		s.pooled = append(s.pooled, ci)
		pi := &poolInfo{amount: c.cap, bxgy: c.kind == kBXGY, plain: true}
		for _, l := range c.lines {
			if e.lines[l].custom != nil {
				pi.plain = false
			}
		}
		for i, sl := range s.all {
			for _, o := range sl.opts {
				if o == ci {
					pi.ratio = append(pi.ratio, i)
				}
			}
		}
		sort.SliceStable(pi.ratio, func(a, b int) bool {
			x, y := s.all[pi.ratio[a]], s.all[pi.ratio[b]]
			// x.sep/x.sub < y.sep/y.sub
			return x.sep*e.lines[y.l].sub < y.sep*e.lines[x.l].sub
		})
		s.pool[ci] = pi
	}
	return s
}

// sortLineOptions lists, once per quote, each line's product discounts by
// reduction, best first (exact for per-line discounts; for pooled ones an
// estimate used for ordering only).
func (e *engine) sortLineOptions() {
	if e.lineOptsOK {
		return
	}
	e.lineOptsOK = true
	e.lineOpts, e.lineRed = grow(e.lineOpts, len(e.lines)), grow(e.lineRed, len(e.lines))
	total := 0
	for l := range e.lines {
		total += len(e.elig[l])
	}
	e.optBuf, e.redBuf = grow(e.optBuf, total), grow(e.redBuf, total)
	optBuf, redBuf := e.optBuf, e.redBuf
	off := 0
	for l, ln := range e.lines {
		n := len(e.elig[l])
		opts, reds := optBuf[off:off:off+n], redBuf[off:off:off+n]
		off += n
		for _, ci := range e.elig[l] {
			c := e.cands[ci]
			var red int64
			if c.pooled {
				red = c.estimate(e, l)
			} else {
				red = ln.base - afterCustom(ln.sub-c.save[l], ln.custom)
			}
			k := len(opts)
			opts, reds = append(opts, ci), append(reds, red)
			for ; k > 0 && reds[k-1] < red; k-- {
				opts[k], reds[k] = opts[k-1], reds[k-1]
			}
			opts[k], reds[k] = ci, red
		}
		e.lineOpts[l], e.lineRed[l] = opts, reds
	}
}

// estimate is a pooled discount's expected reduction on line l, for ordering
// options only: its amount spread over its lines in proportion to their subtotals.
func (c *cand) estimate(e *engine, l int) int64 {
	var total int64
	for _, x := range c.lines {
		total += e.lines[x].sub
	}
	if total == 0 {
		return 0
	}
	est, _ := mulDiv(c.cap, e.lines[l].sub, total)
	return est
}

// run finds the assignment with the smallest S ≥ T (ok=false if none).
// With T = 0, a line with no pooled option whose best option reduces it
// strictly more than any other (none included) simply takes it: nothing
// else depends on it, and every plan of the smallest S gives it that option.
// A line whose best option ties with another, or with none, is branched on
// like the others: which one it takes changes the set, and so the tie rule.
func (s *search) run(T int64) (productResult, bool) {
	s.T, s.found, s.nodes, s.stopped = T, false, 0, false
	if s.limit == 0 {
		s.limit = maxNodes
	}
	s.asg = grow(s.asg, len(s.e.lines))
	for i := range s.asg {
		s.asg[i] = -1
	}
	for i := range s.used {
		s.used[i], s.banned[i] = 0, 0
	}
	s.nUsed, s.decided = 0, 0
	for _, pi := range s.pool {
		pi.committed = 0
	}
	s.lines, s.fixed = s.lines[:0], s.fixed[:0]
	order := s.order[:0]
	for k := range s.all {
		if sl := &s.all[k]; T == 0 && s.floor == 0 && !sl.pooled && !sl.req && sl.strictBest() {
			s.fixed = append(s.fixed, sl)
		} else {
			order = append(order, k)
		}
	}
	// Branch on the biggest lines first: pools fill (and saturate) early,
	// and the bound tightens fastest.
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(s.e.lines[s.all[b].l].sub, s.e.lines[s.all[a].l].sub)
	})
	s.posOf = grow(s.posOf, len(s.all))
	for k := range s.posOf {
		s.posOf[k] = -1
	}
	s.width = s.width[:0]
	for _, k := range order {
		s.posOf[k] = len(s.lines)
		sl := &s.all[k]
		s.lines = append(s.lines, sl)
		w := len(sl.opts)
		if T == 0 && s.floor == 0 && !sl.pooled && !sl.req {
			// a tied line: every layout of the smallest S gives it one of
			// its best options (any other can be swapped for one and S
			// falls), so only those are branched on
			for w = 1; w < len(sl.opts) && sl.red[w] == sl.red[0]; w++ {
			}
		}
		s.width = append(s.width, w)
	}
	s.order = order
	for _, sl := range s.fixed {
		s.take(sl, 0)
	}
	s.sepRest = grow(s.sepRest, len(s.lines)+1)
	s.reqRest = grow(s.reqRest, len(s.lines)+1)
	s.require = s.e.requiring && s.inGroup[s.e.reqCand]
	if s.require {
		s.limit = min(s.limit, lineTrialNodes) // past it, withTotals forces the discount line by line
	}
	s.reqRest[len(s.lines)] = -1
	for i := len(s.lines) - 1; i >= 0; i-- {
		sl := s.lines[i]
		s.sepRest[i] = s.sepRest[i+1] + sl.sep
		s.reqRest[i] = s.reqRest[i+1]
		if s.require && sl.req {
			cost := int64(0) // what taking the required discount costs the line at least
			if !s.e.cands[s.e.reqCand].pooled {
				cost = max(sl.sep-sl.reqRed, 0)
			}
			if s.reqRest[i] < 0 || cost < s.reqRest[i] {
				s.reqRest[i] = cost
			}
		}
	}
	s.dfs(0)
	if s.require && s.stopped {
		s.e.reqStopped = true
	}
	return s.best, s.found
}

func (s *search) take(sl *sline, j int) {
	ci := sl.opts[j]
	s.asg[sl.l] = ci
	if s.used[ci] == 0 {
		s.nUsed++
	}
	s.used[ci]++
	c := s.e.cands[ci]
	if !c.pooled {
		s.decided += sl.red[j]
	} else if pi := s.pool[ci]; !pi.bxgy {
		pi.committed += s.e.lines[sl.l].sub
	}
}

func (s *search) untake(sl *sline, j int) {
	ci := sl.opts[j]
	s.asg[sl.l] = -1
	s.used[ci]--
	if s.used[ci] == 0 {
		s.nUsed--
	}
	c := s.e.cands[ci]
	if !c.pooled {
		s.decided -= sl.red[j]
	} else if pi := s.pool[ci]; !pi.bxgy {
		pi.committed -= s.e.lines[sl.l].sub
	}
}

// lowerBound is a lower bound of S for any completion of the node at line i.
// Reductions: decided per-line ones exactly, the rest at their best per-line
// option, plus for each pooled discount still possible an upper bound of
// what it can add beyond that: its amount covered by the lines that lose the
// least per-line reduction for it (a fractional cover, never below the truth).
func (s *search) lowerBound(i int) int64 {
	red := s.decided + s.sepRest[i]
	for _, ci := range s.pooled {
		if s.banned[ci] > 0 {
			continue
		}
		pi := s.pool[ci]
		if pi.bxgy {
			red += pi.amount
			continue
		}
		need := pi.amount - pi.committed
		gain := pi.committed
		if need <= 0 {
			red += pi.amount
			continue
		}
		var cost int64
		for _, k := range pi.ratio {
			if s.pos(k) < i || need <= 0 {
				continue
			}
			sl := s.all[k]
			sub := s.e.lines[sl.l].sub
			if sub <= need {
				gain += sub
				cost += sl.sep
				need -= sub
			} else {
				gain += need
				c, _ := mulDiv(sl.sep, need, sub)
				cost += c
				need = 0
			}
		}
		if g := gain - cost; g > 0 {
			red += g
		}
	}
	return s.baseS - red
}

// pos returns the position in s.lines of s.all[k], or -1 when it is fixed.
func (s *search) pos(k int) int { return s.posOf[k] }

func (s *search) dfs(i int) {
	s.nodes++
	s.e.nodes++
	if s.nodes > s.limit {
		if s.limit == maxNodes {
			s.e.truncated = true
		}
		s.stopped = true
		return
	}
	if s.baseS-s.decided < s.T {
		return // even with no more reduction, S stays below the minimum
	}
	lb := s.lowerBound(i)
	if s.require && s.used[s.e.reqCand] == 0 {
		if s.reqRest[i] < 0 {
			return // no line left can take the required discount
		}
		lb += s.reqRest[i]
	}
	lb = max(lb, s.T, s.floor)
	// Equal S with fewer discounts, or as many with fewer codes or first
	// ids, is still worth finding. With as many discounts as the best, a
	// completion that ties adds none: its set is the one used so far.
	if s.found && (lb > s.bestS() || (lb == s.bestS() && (s.nUsed+s.minNew(i) > len(s.best.used) ||
		(s.nUsed == len(s.best.used) && !s.usedBeats())))) {
		return
	}
	if i == len(s.lines) {
		s.leaf()
		return
	}
	sl := s.lines[i]
	last := len(sl.opts) - 1
	for j, ci := range sl.opts[:s.width[i]] {
		if ci >= 0 {
			if s.banned[ci] > 0 || s.saturated(ci, sl) {
				continue
			}
			s.take(sl, j)
			s.dfs(i + 1)
			s.untake(sl, j)
			continue
		}
		// none: only if no discount this line could take is used
		ok := true
		for _, o := range sl.opts[:last] {
			if s.used[o] > 0 {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for _, o := range sl.opts[:last] {
			s.banned[o]++
		}
		s.dfs(i + 1)
		for _, o := range sl.opts[:last] {
			s.banned[o]--
		}
	}
}

// saturated reports that giving line sl to the once-per-order pool ci gains
// nothing: its amount is already covered, no line of it has a custom
// discount (so S only sees the pool's total), and a per-line option that
// reduces the line is still open. Such a branch is never better, unless a
// minimum is to be reached (T > 0): then a higher S may be what is wanted.
func (s *search) saturated(ci int, sl *sline) bool {
	pi := s.pool[ci]
	if pi == nil || s.T > 0 || s.floor > 0 || pi.bxgy || !pi.plain || pi.committed < pi.amount || sl.sep == 0 {
		return false
	}
	for j, o := range sl.opts {
		if o >= 0 && !s.e.cands[o].pooled && sl.red[j] == sl.sep && s.banned[o] == 0 {
			return true
		}
	}
	return false
}

func (s *search) leaf() {
	if s.require && s.used[s.e.reqCand] == 0 {
		return
	}
	r, ok := s.e.resultOfInto(s.asg, s.leafUsed)
	if ok {
		s.leafUsed = r.used
	}
	if !ok || r.S < s.T || (s.require && !slices.Contains(r.used, s.e.reqCand)) {
		return
	}
	if S := max(r.S, s.floor); !s.found || S < s.bestS() || (S == s.bestS() && s.fewer(r, s.best)) {
		r.asg = append(s.bestAsg[:0], s.asg...)    // s.asg changes as the search goes on
		r.used = append(s.bestUsed[:0], r.used...) // r.used is leafUsed, the next leaf's
		s.best, s.found, s.bestAsg, s.bestUsed = r, true, r.asg, r.used
	}
}

// bestS is the best result's S as the search compares it (floor).
func (s *search) bestS() int64 { return max(s.best.S, s.floor) }

// emptied is the search with no state, keeping its memory.
func (s search) emptied() search {
	clear(s.pool)
	if s.pool == nil {
		s.pool = map[int]*poolInfo{}
	}
	return search{all: s.all[:0], lines: s.lines[:0], posOf: s.posOf[:0], fixed: s.fixed[:0], sepRest: s.sepRest[:0], reqRest: s.reqRest[:0], width: s.width[:0],
		pooled: s.pooled[:0], pool: s.pool, asg: s.asg[:0], used: s.used[:0], banned: s.banned[:0],
		order: s.order[:0], optBuf: s.optBuf[:0], redBuf: s.redBuf[:0], bestAsg: s.bestAsg[:0],
		leafUsed: s.leafUsed[:0], bestUsed: s.bestUsed[:0], usedSet: s.usedSet[:0], addBuf: s.addBuf[:0], gainBuf: s.gainBuf}
}

// minNew is a lower bound of how many discounts not used yet a completion
// of the node at line i must add to reach S = best S: the reduction still
// needed beyond what the lines left can take from discounts already used
// (and every used pool's whole amount), covered by the new discounts that
// could take the most.
func (s *search) minNew(i int) int {
	need := s.baseS - s.decided - s.bestS()
	add := s.addBuf[:0]
	if cap(s.gainBuf) < len(s.e.cands) {
		s.gainBuf = make([]int64, len(s.e.cands))
	}
	gain := s.gainBuf[:len(s.e.cands)]
	for _, ci := range s.group {
		gain[ci] = 0
	}
	for _, ci := range s.pooled {
		if s.used[ci] > 0 {
			need -= s.pool[ci].amount
		} else if s.banned[ci] == 0 {
			gain[ci] = s.pool[ci].amount
		}
	}
	if need <= 0 {
		return 0
	}
	for _, sl := range s.lines[i:] {
		var free int64
		for j, ci := range sl.opts {
			if ci < 0 || s.e.cands[ci].pooled || s.banned[ci] > 0 {
				continue
			}
			if s.used[ci] > 0 {
				free = max(free, sl.red[j])
			} else {
				gain[ci] += sl.red[j]
			}
		}
		need -= free
	}
	if need <= 0 {
		return 0
	}
	for _, ci := range s.group {
		if gain[ci] > 0 && s.used[ci] == 0 {
			add = append(add, gain[ci])
		}
	}
	s.addBuf = add
	slices.SortFunc(add, func(a, b int64) int { return cmp.Compare(b, a) })
	for k, g := range add {
		if need -= g; need <= 0 {
			return k + 1
		}
	}
	return len(add) + 1 // out of reach
}

// usedBeats reports whether the discounts used so far, as a set, come
// before the best result's (fewer codes, then ids).
func (s *search) usedBeats() bool {
	set := s.usedSet[:0]
	for ci, n := range s.used {
		if n > 0 {
			set = append(set, ci)
		}
	}
	s.usedSet = set
	return s.fewer(productResult{used: set}, s.best)
}

func (s *search) fewer(a, b productResult) bool {
	count := func(set []int) plan {
		p := plan{set: set}
		for _, ci := range set {
			if s.e.cands[ci].code {
				p.nCode++
			}
		}
		return p
	}
	pa, pb := count(a.used), count(b.used)
	return s.e.better(&pa, &pb)
}

// fewestOrder returns, of the order discounts multi (in calculation order,
// all combining with one another), the subset that saves as much as all of
// them with the fewest discounts, then the fewest codes, then the first
// sorted ids, in calculation order.
//
// The order discounts of a set take max(0, S − Σ a) off S in all (a: each
// one's amount on S before capping), and the custom cart discounts after
// them only grow with what is left. So a subset saves as much as all of
// them when its amounts add up to at least D = S − U, U being the most that
// may be left for the same total: the fewest discounts are the largest
// amounts, and among subsets of that size the codes and ids are chosen
// greedily, each step keeping D reachable.
func (e *engine) fewestOrder(S int64, multi []int) []int {
	type item struct {
		ci   int
		a    int64
		code bool
		id   string
	}
	var itemArr [16]item
	items := itemArr[:0]
	var sum int64
	for _, ci := range multi {
		c := e.cands[ci]
		var a int64
		if c.d.Value.Type == Percentage {
			a = c.d.Value.Percent.Of(S)
		} else {
			a = c.d.Value.Amount.Minor()
		}
		if a > 0 {
			items = append(items, item{ci, a, c.code, c.d.ID})
			sum += a
		}
	}
	left := func(R int64) int64 { // what the custom cart discounts leave of R
		for i := range e.custom {
			R -= customAmount(R, &e.custom[i])
		}
		return R
	}
	if sum < S && len(e.custom) == 0 {
		if len(items) == len(multi) {
			return multi // every one takes part of what is left: none can go
		}
		out := make([]int, 0, len(items))
		for _, it := range items {
			out = append(out, it.ci)
		}
		return out // items are in calculation order here
	}
	rAll := max(0, S-sum)
	want := left(rAll)
	lo, hi := rAll, S // the largest R in [lo, hi] with left(R) == want
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if left(mid) == want {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	D := S - lo
	if D <= 0 {
		return nil
	}
	// By id; and each kind (codes, others) by amount, largest first, to
	// know the most n of them not passed yet can add up to.
	slices.SortFunc(items, func(a, b item) int { return strings.Compare(a.id, b.id) }) // ids are unique
	var byAmtArr [2][16]int
	byAmt := [2][]int{byAmtArr[0][:0], byAmtArr[1][:0]} // item indexes: [0] others, [1] codes
	for i, it := range items {
		byAmt[b2i(it.code)] = append(byAmt[b2i(it.code)], i)
	}
	for _, l := range byAmt {
		slices.SortStableFunc(l, func(a, b int) int { return cmp.Compare(items[b].a, items[a].a) })
	}
	passed := 0 // items[:passed] are decided
	top := func(code bool, n int) int64 {
		var t int64
		for _, i := range byAmt[b2i(code)] {
			if n == 0 {
				return t
			}
			if i >= passed {
				t += items[i].a
				n--
			}
		}
		if n > 0 {
			return -1
		}
		return t
	}
	// reach reports whether nc codes and nn other discounts not passed yet
	// can add up to need.
	reach := func(nc, nn int, need int64) bool {
		if nc < 0 || nn < 0 {
			return false
		}
		a, b := top(true, nc), top(false, nn)
		return a >= 0 && b >= 0 && a+b >= need
	}
	for k := 1; k <= len(items); k++ {
		for nc := 0; nc <= k; nc++ {
			if !reach(nc, k-nc, D) {
				continue
			}
			var out []int
			need, rc, rn := D, nc, k-nc // still to reach, codes and other discounts still to take
			for i, it := range items {
				if rc+rn == 0 {
					break
				}
				dc, dn := rc, rn
				if it.code {
					dc--
				} else {
					dn--
				}
				passed = i + 1
				if reach(dc, dn, need-it.a) {
					out = append(out, it.ci)
					need, rc, rn = need-it.a, dc, dn
				}
			}
			e.sortOrder(out)
			return out
		}
	}
	return multi
}

// clone is a copy of p that owns its memory.
func (p *plan) clone() plan {
	c := *p
	c.asg, c.order, c.set = slices.Clone(p.asg), slices.Clone(p.order), slices.Clone(p.set)
	return c
}

// maxForced is how many searches withTotals runs with a left-out product
// discount forced onto one of its lines, per quote, when the search that
// requires it passes lineTrialNodes; beyond, the figure for a product
// discount is the best plan holding it that the searches met.
const maxForced = 16

// maxWithSearches is how many searches over the discounts that combine with
// a left-out one withTotals runs per quote (left-out discounts that combine
// with the same others share one); beyond, the figure is the best plan
// holding it that the first search met.
const maxWithSearches = 16

// maxWithCands: withTotals searches again only for carts with at most this
// many candidates; larger ones say the best plan holding each discount that
// the first search met.
const maxWithCands = 10

// withTotals returns, for each candidate left out of the best plan p because
// it can't be combined with some of p's discounts, the best total of a plan
// that holds it (-1 for the others): the search again, over the candidates
// that combine with it, with no threshold skipped. Candidates that combine
// with the same others share one search. It reuses the engine's plans.
func (e *engine) withTotals(p *plan, mainWith []int64) []int64 {
	out := make([]int64, len(e.cands))
	for i := range out {
		out[i] = -1
	}
	if !e.pro {
		return out
	}
	if len(e.cands) > maxWithCands {
		return mainWith // a big cart: the best plans holding each that the first search met
	}
	in := make([]bool, len(e.cands))
	for _, ci := range p.set {
		in[ci] = true
	}
	compat := func(x, c int) bool {
		return x == c || (CombinesWith(e.cands[x].d, e.cands[c].d) && !(e.cands[x].kind == kShipping && e.cands[c].kind == kShipping))
	}
	filterCompat := func(x int, list []int) []int {
		var f []int
		for _, c := range list {
			if compat(x, c) {
				f = append(f, c)
			}
		}
		return f
	}
	product, order, shipping := e.product, e.order, e.shipping
	defer func() { e.product, e.order, e.shipping, e.noPrune = product, order, shipping, false }()
	done := map[string][]int64{}
	budget := maxForced
	key := make([]byte, len(e.cands))
	for x := range e.cands {
		if in[x] {
			continue
		}
		keptOut := false
		for _, w := range p.set {
			keptOut = keptOut || !compat(x, w)
		}
		if !keptOut {
			continue
		}
		for c := range e.cands {
			key[c] = '0' + byte(b2i(compat(x, c)))
		}
		bw, ok := done[string(key)]
		if !ok && len(done) == maxWithSearches {
			out[x] = mainWith[x] // beyond the budget: the best the first search met
			continue
		}
		if !ok {
			e.product, e.order, e.shipping, e.noPrune = filterCompat(x, product), filterCompat(x, order), filterCompat(x, shipping), true
			_, bw = e.optimize()
			done[string(key)] = bw
		}
		out[x] = bw[x]
		if k := e.cands[x].kind; k != kOrder && k != kShipping {
			// A product discount: the search again, every product layout
			// of its groups made to use it, within lineTrialNodes nodes
			// per line search; past that, it is given each of its lines
			// in turn, within the budget.
			e.product, e.order, e.shipping, e.noPrune = filterCompat(x, product), filterCompat(x, order), filterCompat(x, shipping), true
			e.requiring, e.reqCand, e.reqStopped = true, x, false
			_, bw := e.optimize()
			e.requiring = false
			if !e.reqStopped {
				if bw[x] >= 0 && (out[x] < 0 || bw[x] < out[x]) {
					out[x] = bw[x]
				}
				continue
			}
			for _, l := range e.cands[x].lines {
				if budget == 0 {
					break
				}
				budget--
				e.forcing, e.forceLine, e.forceCand = true, l, x
				if _, bw := e.optimize(); bw[x] >= 0 && (out[x] < 0 || bw[x] < out[x]) {
					out[x] = bw[x]
				}
			}
			e.forcing = false
		}
	}
	return out
}

// bestHolding returns the subset of the order discounts multi (calculation
// order) that holds x and saves the most with x still taking something:
// those before x add up to less than S (the most that does, tried over
// every subset of up to 12 of them, else largest first), and all after it.
func (e *engine) bestHolding(S int64, multi []int, x int) []int {
	amount := func(ci int) int64 {
		v := e.cands[ci].d.Value
		if v.Type == Percentage {
			return v.Percent.Of(S)
		}
		return v.Amount.Minor()
	}
	at := slices.Index(multi, x)
	before := multi[:at]
	var pick []int
	if len(before) <= 12 {
		bestMask, bestSum := 0, int64(-1)
		for mask := 0; mask < 1<<len(before); mask++ {
			var sum int64
			for i, ci := range before {
				if mask&(1<<i) != 0 {
					sum += amount(ci)
				}
			}
			if sum < S && sum > bestSum {
				bestMask, bestSum = mask, sum
			}
		}
		for i, ci := range before {
			if bestMask&(1<<i) != 0 {
				pick = append(pick, ci)
			}
		}
	} else {
		var sum int64
		by := slices.Clone(before)
		sort.SliceStable(by, func(i, j int) bool { return amount(by[i]) > amount(by[j]) })
		for _, ci := range by {
			if a := amount(ci); sum+a < S {
				pick, sum = append(pick, ci), sum+a
			}
		}
	}
	out := append(pick, multi[at:]...)
	e.sortOrder(out)
	return out
}

// leastS is the least subtotal an order discount takes something of (0 when
// not found quickly).
func (c *cand) leastS() int64 {
	v := c.d.Value
	if v.Type != Percentage {
		return 1
	}
	for S := int64(1); S <= 1000; S++ {
		if v.Percent.Of(S) > 0 {
			return S
		}
	}
	return 0
}
