package pos

import (
	"sort"
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

const maxNodes = 200_000

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
	ia, ib := e.ids(a.set), e.ids(b.set)
	for i := range ia {
		if ia[i] != ib[i] {
			return ia[i] < ib[i]
		}
	}
	return false
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

func (e *engine) resultOf(asg []int) (productResult, bool) {
	save := make([]int64, len(e.lines))
	units := make([]int, len(e.lines))
	if !e.productSavings(asg, save, units) {
		return productResult{}, false
	}
	r := productResult{asg: asg, S: e.subtotalOf(save), allOrder: true, allShipping: true}
	seen := map[int]bool{}
	for _, ci := range asg {
		if ci >= 0 && !seen[ci] {
			seen[ci] = true
			r.used = append(r.used, ci)
			r.allOrder = r.allOrder && e.cands[ci].d.Combines.Order
			r.allShipping = r.allShipping && e.cands[ci].d.Combines.Shipping
		}
	}
	sort.Ints(r.used)
	return r, true
}

// optimize returns the best plan, and for each candidate the best total of
// an evaluated plan that used it (for the "saves X more" explanations).
func (e *engine) optimize() (*plan, []int64) {
	bestWith := make([]int64, len(e.cands))
	for i := range bestWith {
		bestWith[i] = -1
	}
	none := make([]int, len(e.lines))
	for i := range none {
		none[i] = -1
	}
	empty, _ := e.resultOf(none)
	results := []productResult{empty}

	// Each product discount alone.
	for _, ci := range e.product {
		asg := append([]int(nil), none...)
		for _, l := range e.cands[ci].lines {
			asg[l] = ci
		}
		if r, ok := e.resultOf(asg); ok {
			results = append(results, r)
		}
	}
	if e.pro {
		results = append(results, e.multiResults()...)
	}

	var best *plan
	consider := func(p *plan) {
		for _, ci := range p.set {
			if bestWith[ci] < 0 || p.total < bestWith[ci] {
				bestWith[ci] = p.total
			}
		}
		if e.better(p, best) {
			best = p
		}
	}
	for ri := range results {
		e.orderAndShipping(&results[ri], consider)
	}
	return best, bestWith
}

// multiResults runs the product-layer searches over discounts that combine
// with one another, for each flag class and binding threshold.
func (e *engine) multiResults() []productResult {
	var thresholds []int64
	for _, ci := range append(append([]int(nil), e.order...), e.shipping...) {
		if t := e.cands[ci].minSub; t > 0 {
			thresholds = append(thresholds, t)
		}
	}
	sort.Slice(thresholds, func(i, j int) bool { return thresholds[i] < thresholds[j] })
	var out []productResult
	seenGroup := map[string]bool{}
	for class := 0; class < 4; class++ {
		needOrder, needShip := class&1 != 0, class&2 != 0
		var group []int
		key := ""
		for _, ci := range e.product {
			d := e.cands[ci].d
			if !d.Combines.Product || (needOrder && !d.Combines.Order) || (needShip && !d.Combines.Shipping) {
				continue
			}
			group = append(group, ci)
			key += d.ID + "\x00"
		}
		if len(group) < 2 || seenGroup[key] {
			continue // a group of one is covered by the single evaluations
		}
		seenGroup[key] = true
		s := newSearch(e, group)
		r0, ok := s.run(0)
		if !ok {
			continue
		}
		out = append(out, r0)
		last := r0.S
		for _, t := range thresholds {
			if t <= last {
				continue
			}
			r, ok := s.run(t)
			if !ok {
				break // no assignment reaches t, nor any higher threshold
			}
			out = append(out, r)
			last = r.S
		}
	}
	return out
}

// orderAndShipping enumerates the order and shipping choices for one product
// result and hands each valid plan to consider.
func (e *engine) orderAndShipping(r *productResult, consider func(*plan)) {
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
	amounts := make([]int64, len(e.order))
	build := func(order []int, ship int) {
		if !e.pro && len(r.used)+len(order)+b2i(ship >= 0) > 1 {
			return
		}
		order = append([]int(nil), order...)
		e.sortOrder(order)
		after := e.orderPart(r.S, order, amounts[:len(order)])
		var kept []int
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
		p := &plan{asg: r.asg, order: order, ship: ship, total: after + e.ship - shipOff}
		p.set = append(append([]int(nil), r.used...), order...)
		if ship >= 0 {
			p.set = append(p.set, ship)
		}
		sort.Ints(p.set)
		for _, ci := range p.set {
			if e.cands[ci].code {
				p.nCode++
			}
		}
		consider(p)
	}
	ships := append([]int{-1}, e.shipping...)
	for _, sh := range ships {
		if sh >= 0 && (!okWithP(sh) || e.cands[sh].minSub > r.S) {
			continue
		}
		okWithShip := func(ci int) bool {
			if sh < 0 {
				return true
			}
			return CombinesWith(e.cands[ci].d, e.cands[sh].d)
		}
		build(nil, sh)
		var multi []int
		for _, ci := range e.order {
			c := e.cands[ci]
			if c.minSub > r.S || !okWithP(ci) || !okWithShip(ci) {
				continue
			}
			build([]int{ci}, sh)
			if c.d.Combines.Order {
				multi = append(multi, ci)
			}
		}
		if len(multi) > 1 && e.pro {
			build(multi, sh)
		}
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
	inGroup map[int]bool
	lines   []int     // lines with at least one option, search order
	opts    [][]int   // per search line: cand options (best first), then -1
	red     [][]int64 // per search line and option: exact reduction of the line for separable options, cap bound for pooled ones
	sepMax  []int64   // suffix sums of the best separable reduction per line
	pooled  []int     // pooled cands of the group
	baseS   int64     // S with no product discount
	asg     []int
	used    []int // per cand: lines using it
	banned  []int // per cand: lines that chose none while eligible
	decided int64 // exact reductions of decided lines (separable options)
	T       int64
	best    productResult
	found   bool
	nodes   int
}

func newSearch(e *engine, group []int) *search {
	s := &search{e: e, group: group, inGroup: map[int]bool{}, used: make([]int, len(e.cands)), banned: make([]int, len(e.cands))}
	for _, ci := range group {
		s.inGroup[ci] = true
		if e.cands[ci].pooled {
			s.pooled = append(s.pooled, ci)
		}
	}
	for l, ln := range e.lines {
		s.baseS += ln.base
		var o []int
		for _, ci := range e.elig[l] {
			if s.inGroup[ci] {
				o = append(o, ci)
			}
		}
		if len(o) == 0 {
			continue
		}
		reds := make([]int64, len(o))
		for i, ci := range o {
			c := e.cands[ci]
			if c.pooled {
				reds[i] = ln.base // bounded globally by the pool's cap
			} else {
				reds[i] = ln.base - afterCustom(ln.sub-c.saveOn(l), ln.custom)
			}
		}
		idx := make([]int, len(o))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return reds[idx[a]] > reds[idx[b]] })
		so, sr := make([]int, 0, len(o)+1), make([]int64, 0, len(o)+1)
		for _, i := range idx {
			so, sr = append(so, o[i]), append(sr, reds[i])
		}
		s.lines = append(s.lines, l)
		s.opts = append(s.opts, append(so, -1))
		s.red = append(s.red, append(sr, 0))
	}
	s.sepMax = make([]int64, len(s.lines)+1)
	for i := len(s.lines) - 1; i >= 0; i-- {
		var m int64
		for j, ci := range s.opts[i] {
			if ci >= 0 && !e.cands[ci].pooled && s.red[i][j] > m {
				m = s.red[i][j]
			}
		}
		s.sepMax[i] = s.sepMax[i+1] + m
	}
	return s
}

// run finds the assignment with the smallest S ≥ T (ok=false if none).
func (s *search) run(T int64) (productResult, bool) {
	s.T, s.found, s.nodes = T, false, 0
	s.asg = make([]int, len(s.e.lines))
	for i := range s.asg {
		s.asg[i] = -1
	}
	for i := range s.used {
		s.used[i], s.banned[i] = 0, 0
	}
	s.decided = 0
	s.dfs(0)
	return s.best, s.found
}

// lowerBound is a lower bound of S for any completion of the current node.
func (s *search) lowerBound(i int) int64 {
	red := s.decided + s.sepMax[i]
	for _, ci := range s.pooled {
		if s.banned[ci] == 0 {
			red += s.e.cands[ci].cap
		}
	}
	return s.baseS - red
}

func (s *search) dfs(i int) {
	s.nodes++
	if s.nodes > maxNodes {
		return
	}
	lb := s.lowerBound(i)
	if lb < s.T {
		lb = s.T
	}
	if s.found && lb > s.best.S {
		return
	}
	if i == len(s.lines) {
		s.leaf()
		return
	}
	l := s.lines[i]
	for j, ci := range s.opts[i] {
		if ci >= 0 {
			if s.banned[ci] > 0 {
				continue
			}
			sep := !s.e.cands[ci].pooled
			s.asg[l] = ci
			s.used[ci]++
			if sep {
				s.decided += s.red[i][j]
			}
			s.dfs(i + 1)
			if sep {
				s.decided -= s.red[i][j]
			}
			s.used[ci]--
			s.asg[l] = -1
			continue
		}
		// none: only if no discount this line could take is used
		ok := true
		for _, o := range s.opts[i][:len(s.opts[i])-1] {
			if s.used[o] > 0 {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for _, o := range s.opts[i][:len(s.opts[i])-1] {
			s.banned[o]++
		}
		s.dfs(i + 1)
		for _, o := range s.opts[i][:len(s.opts[i])-1] {
			s.banned[o]--
		}
	}
}

func (s *search) leaf() {
	r, ok := s.e.resultOf(append([]int(nil), s.asg...))
	if !ok || r.S < s.T {
		return
	}
	if !s.found || r.S < s.best.S || (r.S == s.best.S && s.fewer(r, s.best)) {
		s.best, s.found = r, true
	}
}

func (s *search) fewer(a, b productResult) bool {
	if len(a.used) != len(b.used) {
		return len(a.used) < len(b.used)
	}
	pa := &plan{set: a.used}
	pb := &plan{set: b.used}
	for _, ci := range a.used {
		if s.e.cands[ci].code {
			pa.nCode++
		}
	}
	for _, ci := range b.used {
		if s.e.cands[ci].code {
			pb.nCode++
		}
	}
	return s.e.better(pa, pb)
}
