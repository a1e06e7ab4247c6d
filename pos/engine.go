package pos

import (
	"cmp"
	"slices"
)

// The pricing engine works on int64 minor units. A cart is turned into an
// engine (lines and candidate discounts with everything that does not depend
// on the choice of discounts precomputed), the optimiser picks a plan, and
// the plan is evaluated once more in detail to build the Quote.

type candKind uint8

const (
	kPercent   candKind = iota // product, percentage, per line
	kFixedUnit                 // product, fixed amount off each unit
	kFixedOnce                 // product, fixed amount once, spread over its lines
	kBXGY                      // product, buy X get Y
	kOrder                     // order class
	kShipping                  // shipping class
)

type eline struct {
	sub    int64 // unit × quantity
	unit   int64
	qty    int
	custom *CustomDiscount
	base   int64 // the line after its custom discount alone (no product discount)
	tax    TaxBehavior
}

// cand is an automatic or code discount that passed the static checks.
type cand struct {
	d      *Discount
	kind   candKind
	code   bool    // entered as a code
	rank   int     // position among candidates: automatic in set-up order, then codes in entry order
	lines  []int   // product: eligible lines; BXGY: lines with get-eligible units
	save   []int64 // per cart line: the saving of a per-line discount (0 where not eligible)
	minSub int64   // order and shipping: threshold on the subtotal after product discounts
	cap    int64   // product: an upper bound of what it can take off in total
	pooled bool    // kFixedOnce and kBXGY: the saving depends on which lines take it
	// buy X get Y
	buyLine []int // units per line that count as "buy" items (len = lines of cart)
	getLine []bool
}

type engine struct {
	cur      Currency
	lines    []eline
	cands    []*cand
	product  []int // indexes into cands
	order    []int
	shipping []int
	custom   []CustomDiscount // cart discounts in order
	ship     int64
	pro      bool
	maxS     int64   // S with no automatic or code discount: no plan's S is higher
	elig     [][]int // per line: product cand indexes eligible on it
	// truncated is set when a product-layer search stopped at maxNodes: the
	// plan is then the best found, not proven best (benchmarks assert it stays false).
	truncated bool
	nodes     int  // nodes the product-layer searches visited (benchmarks report it)
	noPrune   bool // withTotals: search every minimum, not only those that could beat the best plan
	// withTotals: when requiring, every product result of a group holding
	// reqCand uses it (the best plan that holds it, for "saves $Z more")
	requiring  bool
	reqCand    int
	reqStopped bool // a search requiring reqCand passed lineTrialNodes: forcing takes over
	// withTotals, past reqStopped: line forceLine takes forceCand in every group holding it
	forcing              bool
	forceLine, forceCand int
	// scratch for productSavings
	usedAmt  []int64
	usedMark []bool
	usedList []int
	saveBuf  []int64
	unitBuf  []int
	// each line's product discounts, best first (sortLineOptions)
	lineOpts [][]int
	lineRed  [][]int64
	// scratch for orderAndShipping
	amounts []int64
	kept    []int
	multi   []int
	single  [1]int

	// Buffers PriceCart keeps between quotes (enginePool); reset resets
	// the engine and keeps their capacity.
	products   []*Product
	entries    []candEntry
	misses     []staticMiss
	slab       []cand // every cand of the quote: allocated once, never grown while pointed into
	eligBuf    []int
	countBuf   []int
	optBuf     []int
	redBuf     []int64
	lineOptsOK bool
	idRank     []int   // per cand: its id's place among the sorted ids (equal ids, equal places); better
	idA, idB   []int   // better's scratch
	srch       search  // the one search alive at a time (newSearch)
	plans      [3]plan // the best plan so far, the next one and the one considered (optimize)
}

// reset readies a pooled engine for a new quote: every field is cleared but
// the buffers keep their memory.
func (e *engine) reset() {
	*e = engine{
		usedAmt: e.usedAmt[:0], usedMark: e.usedMark[:0], usedList: e.usedList[:0],
		saveBuf: e.saveBuf[:0], unitBuf: e.unitBuf[:0],
		lineOpts: e.lineOpts[:0], lineRed: e.lineRed[:0],
		amounts: e.amounts[:0], kept: e.kept[:0], multi: e.multi[:0],
		lines: e.lines[:0], cands: e.cands[:0], product: e.product[:0], order: e.order[:0], shipping: e.shipping[:0],
		elig: e.elig[:0], products: e.products[:0], entries: e.entries[:0], misses: e.misses[:0], slab: e.slab[:0],
		eligBuf: e.eligBuf[:0], countBuf: e.countBuf[:0], optBuf: e.optBuf[:0], redBuf: e.redBuf[:0],
		srch: e.srch.emptied(), plans: e.plans, idA: e.idA[:0], idB: e.idB[:0],
	}
}

// grow returns b with length n and zeroed elements, reusing its memory.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// afterCustom applies a line's custom discount to what is left of the line.
func afterCustom(rem int64, c *CustomDiscount) int64 {
	if c == nil || rem <= 0 {
		return rem
	}
	return rem - customAmount(rem, c)
}

func customAmount(rem int64, c *CustomDiscount) int64 {
	if rem <= 0 {
		return 0
	}
	var off int64
	if c.Type == Percentage {
		off = c.Percent.Of(rem)
	} else {
		off = c.Amount.Minor()
	}
	if off > rem {
		off = rem
	}
	return off
}

// productSavings computes each line's product-discount saving for an
// assignment (asg[l] = cand index or -1), and for buy X get Y the units it
// discounted. It returns ok=false when a used discount takes nothing (such
// a plan is never chosen: the same plan without it is at least as good).
func (e *engine) productSavings(asg []int, save []int64, units []int) bool {
	for l := range save {
		save[l], units[l] = 0, 0
	}
	if len(e.usedAmt) != len(e.cands) {
		e.usedAmt, e.usedMark = grow(e.usedAmt, len(e.cands)), grow(e.usedMark, len(e.cands))
	}
	used := e.usedList[:0]
	for l, ci := range asg {
		if ci < 0 {
			continue
		}
		if !e.usedMark[ci] {
			e.usedMark[ci], e.usedAmt[ci] = true, 0
			used = append(used, ci)
		}
		c := e.cands[ci]
		if c.pooled {
			continue
		}
		s := c.save[l]
		save[l], units[l] = s, e.lines[l].qty
		e.usedAmt[ci] += s
	}
	ok := true
	for _, ci := range used {
		c := e.cands[ci]
		switch c.kind {
		case kFixedOnce:
			e.usedAmt[ci] = e.fixedOnce(c, asg, ci, save, units)
		case kBXGY:
			e.usedAmt[ci] = e.bxgy(c, asg, ci, save, units)
		}
		if e.usedAmt[ci] <= 0 {
			ok = false
		}
		e.usedMark[ci] = false
	}
	e.usedList = used
	return ok
}

// fixedOnce takes the amount once, capped at the lines it is assigned to,
// split over them by largest remainder in proportion to their subtotals.
func (e *engine) fixedOnce(c *cand, asg []int, ci int, save []int64, units []int) int64 {
	var idxArr [32]int // on the stack for up to 32 lines
	var wArr, partArr [32]int64
	idx, w := idxArr[:0], wArr[:0]
	var pool int64
	for l, a := range asg {
		if a == ci {
			idx = append(idx, l)
			w = append(w, e.lines[l].sub)
			pool += e.lines[l].sub
		}
	}
	total := c.d.Value.Amount.Minor()
	if total > pool {
		total = pool
	}
	parts := partArr[:0]
	if len(w) <= len(partArr) {
		parts = partArr[:len(w)]
	} else {
		parts = make([]int64, len(w))
	}
	SplitInto(parts, total, w)
	for i, l := range idx {
		save[l], units[l] = parts[i], e.lines[l].qty
	}
	return total
}

// bxgy applies buy X get Y over the lines assigned to it: the cheapest
// get-eligible units on those lines are discounted, as many uses as the buy
// units allow (a unit is never both bought and got), at most UsesPerOrder.
func (e *engine) bxgy(c *cand, asg []int, ci int, save []int64, units []int) int64 {
	var runs []unitRun
	getUnits := 0
	for l, a := range asg {
		if a == ci && c.getLine[l] {
			runs = append(runs, unitRun{l, e.lines[l].unit, e.lines[l].qty})
			getUnits += e.lines[l].qty
		}
	}
	slices.SortStableFunc(runs, func(a, b unitRun) int { return cmp.Compare(a.price, b.price) })
	buyTotal := 0
	for _, n := range c.buyLine {
		buyTotal += n
	}
	bq, gq := c.d.Buy.Quantity, c.d.Get.Quantity
	// The most uses whose got units leave enough other units to be bought:
	// with k uses, at most buyTotal − k·bq got units may be buy units.
	k := min(c.d.UsesPerOrder, getUnits/gq)
	for ; k > 0 && !gotUnits(c, runs, k*gq, buyTotal-k*bq, nil); k-- {
	}
	var total int64
	gotUnits(c, runs, k*gq, buyTotal-k*bq, func(r unitRun, n int) {
		s := c.d.Get.Percent.Of(int64(n) * r.price)
		save[r.line], units[r.line] = s, n
		total += s
	})
	return total
}

// gotUnits picks the need cheapest units of runs (sorted cheapest first, ties
// to the earlier line) of which at most fromBuy are buy units (a line's units
// are all buy units or none), hands them to f run by run when f is not nil,
// and reports whether need units were found.
func gotUnits(c *cand, runs []unitRun, need, fromBuy int, f func(r unitRun, n int)) bool {
	if fromBuy < 0 {
		return false
	}
	for _, r := range runs {
		if need == 0 {
			break
		}
		n := min(r.n, need)
		if c.buyLine[r.line] > 0 {
			n = min(n, fromBuy)
			fromBuy -= n
		}
		if n == 0 {
			continue
		}
		need -= n
		if f != nil {
			f(r, n)
		}
	}
	return need == 0
}

// unitRun is the units of one line at one unit price.
type unitRun struct {
	line  int
	price int64
	n     int
}

// subtotalOf returns the subtotal after product and custom line discounts.
func (e *engine) subtotalOf(save []int64) int64 {
	var s int64
	for l, ln := range e.lines {
		s += afterCustom(ln.sub-save[l], ln.custom)
	}
	return s
}

// orderPart computes the order discounts (percentages on S, then fixed
// amounts, never below zero), then the custom cart discounts compounding on
// the running subtotal. amounts receives each order discount's amount.
func (e *engine) orderPart(S int64, order []int, amounts []int64) (after int64) {
	run := S
	for pass := 0; pass < 2; pass++ {
		for i, ci := range order {
			v := e.cands[ci].d.Value
			if (v.Type == Percentage) != (pass == 0) {
				continue
			}
			var a int64
			if v.Type == Percentage {
				a = v.Percent.Of(S)
			} else {
				a = v.Amount.Minor()
			}
			if a > run {
				a = run
			}
			run -= a
			if amounts != nil {
				amounts[i] = a
			}
		}
	}
	for i := range e.custom {
		run -= customAmount(run, &e.custom[i])
	}
	return run
}

func (e *engine) shippingPart(ci int) int64 {
	if ci < 0 {
		return 0
	}
	v := e.cands[ci].d.Value
	var a int64
	if v.Type == Percentage {
		a = v.Percent.Of(e.ship)
	} else {
		a = v.Amount.Minor()
	}
	if a > e.ship {
		a = e.ship
	}
	return a
}

// sortOrder puts order discounts in calculation order: percentages, then
// fixed amounts, each by candidate rank.
func (e *engine) sortOrder(order []int) {
	slices.SortStableFunc(order, func(i, j int) int {
		pi := e.cands[i].d.Value.Type == Percentage
		pj := e.cands[j].d.Value.Type == Percentage
		if pi != pj {
			if pi {
				return -1
			}
			return 1
		}
		return cmp.Compare(e.cands[i].rank, e.cands[j].rank)
	})
}
