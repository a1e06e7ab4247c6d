package pos

import (
	"slices"
	"sync"
	"time"
)

// PriceCart prices a cart as PRICING.md says. It is a pure function of its
// arguments: no I/O, no clock, no state kept between calls (its scratch
// memory comes from enginePool); the same input gives the same Quote. It is
// safe to call from several goroutines.
func PriceCart(c *Cart, cat *Catalog, ds *DiscountSet, loc *Location, now time.Time) *Quote {
	e := enginePool.Get().(*engine)
	defer enginePool.Put(e)
	e.reset()
	return e.price(c, cat, ds, loc, now)
}

// price is PriceCart on a new or reset engine.
func (e *engine) price(c *Cart, cat *Catalog, ds *DiscountSet, loc *Location, now time.Time) *Quote {
	notApplied := e.build(c, cat, ds, loc, now)
	best, mainWith := e.optimize()
	truncated := e.truncated
	q := e.quote(c, best, loc)
	var withTotals []int64
	if best != nil {
		kept := best.clone() // the searches withTotals runs reuse the engine's plans
		best, withTotals = &kept, e.withTotals(&kept, slices.Clone(mainWith))
	}
	e.truncated = truncated
	q.NotApplied = e.explain(best, withTotals, notApplied, q)
	q.SearchComplete = !e.truncated
	q.CrossSellOffers = crossSellOffers(c, cat, loc)
	for _, code := range c.Codes {
		if d, ok := ds.ByCode(code); ok {
			q.Codes = append(q.Codes, d.Code)
		} else {
			q.Codes = append(q.Codes, code)
		}
	}
	return q
}

// staticMiss is a discount that cannot apply to this cart whatever the plan.
type staticMiss struct {
	rank   int
	d      *Discount
	source Source
	reason string
	why    Sentence
	minSub int64 // an order or shipping minimum no plan reaches: why is said from the quote's subtotal
}

// buildEngine turns the cart into engine lines and candidate discounts, and
// collects the discounts that fail on their own (inactive, used up, no
// eligible item, requirement not met).
func buildEngine(c *Cart, cat *Catalog, ds *DiscountSet, loc *Location, now time.Time) (*engine, []staticMiss) {
	e := new(engine)
	return e, e.build(c, cat, ds, loc, now)
}

// enginePool keeps engines, with the memory of their buffers, between
// quotes: a quote then allocates little more than the Quote it returns.
// Nothing a Quote holds points into an engine.
var enginePool = sync.Pool{New: func() any { return new(engine) }}

// candEntry is an automatic discount or an entered code, before the checks
// that make it a candidate.
type candEntry struct {
	d    *Discount
	code bool
	idx  int // in ds.All(); -1 for a code whose discount no longer exists
	rank int
}

// build readies a new or reset engine for the cart (see buildEngine): the
// lines (steps 1 and 3 of PRICING.md's order of calculation, without any
// product discount), then every candidate discount, checked on its own and
// readied for the step it belongs to (2, 5 or 7), then each line's
// product discounts.
func (e *engine) build(c *Cart, cat *Catalog, ds *DiscountSet, loc *Location, now time.Time) []staticMiss {
	e.cur, e.ship, e.pro, e.custom = c.Currency, c.Shipping.Minor(), loc.Pro, c.CartDiscounts
	units := e.step1LineSubtotals(c, cat)
	eligible := ds.eligibleLines(e.products)
	entries := e.candidateEntries(c, ds)
	// Room for every entry up front: cands are pointed into, so the slab
	// never grows while in use.
	if cap(e.slab) < len(entries) {
		e.slab = make([]cand, 0, len(entries))
	}
	e.slab = e.slab[:0]
	for _, en := range entries {
		cd, miss := e.checkCandidate(en, c, ds, eligible, units, now)
		if cd == nil {
			e.misses = append(e.misses, miss)
			continue
		}
		ci := len(e.cands)
		e.cands = append(e.cands, cd)
		switch cd.kind {
		case kOrder:
			e.order = append(e.order, ci)
		case kShipping:
			e.shipping = append(e.shipping, ci)
		default:
			e.product = append(e.product, ci)
		}
	}
	e.indexLineOptions()
	e.sortOrder(e.order) // calculation order: every subset taken in this order is too
	return e.misses
}

// step1LineSubtotals is step 1 (unit price × quantity) for every line, with
// the line after its custom discount alone (step 3 with no product
// discount), and the most the subtotal can be (maxS). It returns the
// cart's units.
func (e *engine) step1LineSubtotals(c *Cart, cat *Catalog) (units int) {
	e.products = grow(e.products, len(c.Lines))
	for i, l := range c.Lines {
		sub := l.UnitPrice.Minor() * int64(l.Quantity)
		e.lines = append(e.lines, eline{sub: sub, unit: l.UnitPrice.Minor(), qty: l.Quantity, custom: l.Custom, base: afterCustom(sub, l.Custom)})
		if l.Sale { // a custom sale: no catalog product, no product discount
			e.products[i] = &Product{Title: l.Title, sale: true}
			if l.Exempt {
				e.lines[i].tax = TaxExempt
			}
		} else if p, ok := cat.Product(l.ProductID); ok {
			e.products[i] = p
			if pr, ok := p.Price(l.PriceID); ok {
				e.lines[i].tax = pr.TaxBehavior
			}
		} else {
			e.products[i] = &Product{ID: l.ProductID, Title: l.Title}
		}
		units += l.Quantity
		e.maxS += e.lines[i].base // no plan's subtotal is higher
	}
	e.elig = grow(e.elig, len(e.lines))
	return units
}

// candidateEntries lists the enabled automatic discounts in set-up order,
// then the entered codes in entry order.
func (e *engine) candidateEntries(c *Cart, ds *DiscountSet) []candEntry {
	entries := e.entries
	for i, d := range ds.All() {
		if d.Method == Automatic && d.Enabled {
			entries = append(entries, candEntry{d, false, i, len(entries)})
		}
	}
	nAuto := len(entries)
	for k, code := range c.Codes {
		if d, ok := ds.ByCode(code); ok {
			entries = append(entries, candEntry{d, true, ds.indexOf(d), nAuto + k})
		} else { // deleted since it was entered
			entries = append(entries, candEntry{&Discount{ID: code, Code: code, Title: code}, true, -1, nAuto + k})
		}
	}
	e.entries = entries
	return entries
}

// checkCandidate checks one entry on its own and readies it for its step:
// a product discount or buy X get Y for step 2, an order discount for step
// 5, a shipping discount for step 7. It returns the candidate, or why the
// discount cannot apply to this cart whatever the plan.
func (e *engine) checkCandidate(en candEntry, c *Cart, ds *DiscountSet, eligible [][]int, units int, now time.Time) (*cand, staticMiss) {
	d, rank := en.d, en.rank
	src := Automatic
	if en.code {
		src = Code
	}
	miss := func(reason string, why Sentence) (*cand, staticMiss) {
		return nil, staticMiss{rank: rank, d: d, source: src, reason: reason, why: why}
	}
	switch {
	case en.idx < 0:
		return miss(ReasonNotActive, sentence("The code %s no longer exists.", d.Code))
	case !d.Active(now):
		if !d.Enabled {
			return miss(ReasonNotActive, sentence("%s is disabled.", d.Name()))
		} else if !d.StartsAt.IsZero() && now.Before(d.StartsAt) {
			return miss(ReasonNotActive, sentence("%s starts %s.", d.Name(), d.StartsAt))
		}
		return miss(ReasonNotActive, sentence("%s ended %s.", d.Name(), d.EndsAt))
	case ds.LimitReached[d.ID]:
		return miss(ReasonLimitReached, sentence("%s has reached its usage limit.", d.Name()))
	case d.Value.Type == FixedAmount && !d.IsBuyXGetY() && d.Value.Amount.Currency() != c.Currency,
		!d.MinSubtotal.IsZero() && d.MinSubtotal.Currency() != c.Currency:
		return miss(ReasonRequirement, sentence("%s is set up in another currency than %s.", d.Name(), string(c.Currency)))
	case len(e.lines) == 0:
		return miss(ReasonNoEligible, sentence("The cart is empty."))
	}
	min := d.MinSubtotal.Minor()
	switch {
	case d.Class == ClassShipping && e.ship == 0:
		return miss(ReasonNoEligible, sentence("There is no shipping on this cart."))
	case d.Class != ClassProduct && d.MinQuantity > 0 && units < d.MinQuantity:
		return miss(ReasonRequirement, addItems(d.MinQuantity-units, d))
	case d.Class != ClassProduct && min > e.maxS:
		// explain says how much more, from the subtotal on screen
		return nil, staticMiss{rank: rank, d: d, source: src, reason: ReasonRequirement, minSub: min}
	case d.Class == ClassProduct && !d.IsBuyXGetY() && len(eligible[en.idx]) == 0:
		return miss(ReasonNoEligible, sentence("Nothing in the cart is eligible for %s.", d.Name()))
	}
	oldSave := e.slab[:len(e.slab)+1][len(e.slab)].save // the slot's memory from an earlier quote
	e.slab = append(e.slab, cand{d: d, code: en.code, rank: rank})
	cd := &e.slab[len(e.slab)-1]
	var reason string
	var why Sentence
	switch {
	case d.Class == ClassOrder:
		cd.kind, cd.minSub = kOrder, min // step 5
	case d.Class == ClassShipping:
		cd.kind, cd.minSub = kShipping, min // step 7
	case d.IsBuyXGetY():
		reason, why = e.step2BuyXGetY(cd, c.Currency) // step 2
	default:
		reason, why = e.step2ProductDiscount(cd, eligible[en.idx], oldSave, c.Currency) // step 2
	}
	if reason != "" {
		e.slab = e.slab[:len(e.slab)-1]
		return miss(reason, why)
	}
	return cd, staticMiss{}
}

// step2BuyXGetY readies a buy X get Y candidate for step 2: its buy units
// and get lines, and whether the cart allows one use at all.
func (e *engine) step2BuyXGetY(cd *cand, cur Currency) (reason string, why Sentence) {
	d := cd.d
	cd.kind, cd.pooled = kBXGY, true
	cd.buyLine = make([]int, len(e.lines))
	cd.getLine = make([]bool, len(e.lines))
	var buySub int64
	buyUnits := 0
	for l, p := range e.products {
		if d.Buy.Target.Matches(p) {
			cd.buyLine[l] = e.lines[l].qty
			buySub += e.lines[l].sub
			buyUnits += e.lines[l].qty
		}
		if d.Get.Target.Matches(p) {
			cd.getLine[l] = true
			cd.lines = append(cd.lines, l)
			cd.cap += d.Get.Percent.Of(e.lines[l].sub)
		}
	}
	min := d.MinSubtotal.Minor()
	switch {
	case len(cd.lines) == 0:
		return ReasonNoEligible, sentence("Nothing in the cart is one of the items %s gives.", d.Name())
	case d.MinQuantity > 0 && buyUnits < d.MinQuantity:
		return ReasonRequirement, addItems(d.MinQuantity-buyUnits, d)
	case min > 0 && buySub < min:
		return ReasonRequirement, addMore(min-buySub, min, cur, d)
	}
	all := make([]int, len(e.lines))
	for l := range all {
		all[l] = -1
	}
	for _, l := range cd.lines {
		all[l] = 0
	}
	tmpS, tmpU := make([]int64, len(e.lines)), make([]int, len(e.lines))
	tmp := &engine{lines: e.lines}
	if tmp.bxgy(cd, all, 0, tmpS, tmpU) == 0 {
		return ReasonRequirement, sentence("Buy %s qualifying items to get %s at %s%% off (%s in the cart; the items got don't count as bought).",
			d.Buy.Quantity, d.Get.Quantity, d.Get.Percent, buyUnits)
	}
	return "", Sentence{}
}

// step2ProductDiscount readies a percentage or fixed product discount for
// step 2: its eligible lines, and what it takes off each (per line) or at
// most in all (once per order).
func (e *engine) step2ProductDiscount(cd *cand, lines []int, oldSave []int64, cur Currency) (reason string, why Sentence) {
	d := cd.d
	var eligSub int64
	eligUnits := 0
	cd.lines = lines
	for _, l := range cd.lines {
		eligSub += e.lines[l].sub
		eligUnits += e.lines[l].qty
	}
	min := d.MinSubtotal.Minor()
	switch {
	case len(cd.lines) == 0:
		return ReasonNoEligible, sentence("Nothing in the cart is eligible for %s.", d.Name())
	case d.MinQuantity > 0 && eligUnits < d.MinQuantity:
		return ReasonRequirement, addItems(d.MinQuantity-eligUnits, d)
	case min > 0 && eligSub < min:
		return ReasonRequirement, addMore(min-eligSub, min, cur, d)
	}
	switch {
	case d.Value.Type == Percentage:
		cd.kind = kPercent
	case d.Value.OncePerOrder:
		cd.kind, cd.pooled = kFixedOnce, true
		cd.cap = min64(d.Value.Amount.Minor(), eligSub)
	default:
		cd.kind = kFixedUnit
	}
	if !cd.pooled {
		var total int64
		cd.save = grow(oldSave, len(e.lines))
		for _, l := range cd.lines {
			ln := e.lines[l]
			var s int64
			if cd.kind == kPercent {
				s = d.Value.Percent.Of(ln.sub)
			} else {
				s = min64(d.Value.Amount.Minor(), ln.unit) * int64(ln.qty)
			}
			cd.save[l] = s
			total += s
		}
		cd.cap = total
	}
	if cd.cap == 0 {
		return ReasonNoEligible, sentence("The items %s applies to cost nothing.", d.Name())
	}
	return "", Sentence{}
}

func min64(a, b int64) int64 { return min(a, b) }

// indexLineOptions lists each line's product candidates (step 2's
// choices), in one backing array.
func (e *engine) indexLineOptions() {
	e.countBuf = grow(e.countBuf, len(e.lines))
	count := e.countBuf
	total := 0
	for _, ci := range e.product {
		for _, l := range e.cands[ci].lines {
			count[l]++
			total++
		}
	}
	e.eligBuf = grow(e.eligBuf, total)
	buf := e.eligBuf
	off := 0
	for l, n := range count {
		e.elig[l] = buf[off : off : off+n]
		off += n
	}
	for _, ci := range e.product {
		for _, l := range e.cands[ci].lines {
			e.elig[l] = append(e.elig[l], ci)
		}
	}
}

// spendMore says how much more to spend to reach an order or shipping
// discount's minimum, from the subtotal the cashier sees (after product and
// custom line discounts, which is what the minimum counts).
func spendMore(more, min int64, cur Currency, d *Discount) Sentence {
	return sentence("Spend %s more to reach the %s minimum of %s (the subtotal counts after product discounts).",
		NewMoney(more, cur), NewMoney(min, cur), d.Name())
}

func addMore(more, min int64, cur Currency, d *Discount) Sentence {
	return sentence("Add %s more of the qualifying items to reach the %s minimum of %s.", NewMoney(more, cur), NewMoney(min, cur), d.Name())
}

func addItems(n int, d *Discount) Sentence {
	if n == 1 {
		return sentence("Add 1 more qualifying item: %s needs %s.", d.Name(), d.MinQuantity)
	}
	return sentence("Add %s more qualifying items: %s needs %s.", n, d.Name(), d.MinQuantity)
}

// quote evaluates the chosen plan in detail, one function per step of
// PRICING.md's order of calculation.
func (e *engine) quote(c *Cart, p *plan, loc *Location) *Quote {
	n := len(e.lines)
	asg := make([]int, n)
	for i := range asg {
		asg[i] = -1
	}
	var order []int
	ship := -1
	if p != nil {
		copy(asg, p.asg)
		order, ship = p.order, p.ship
	}
	q := &Quote{Currency: c.Currency, Lines: make([]QuoteLine, 0, n)}
	amounts := make([]int64, n) // each line after steps 2 and 3
	e.step1to3Lines(q, c, asg, amounts)
	S := e.step4Subtotal(q, amounts)
	run := e.step5OrderDiscounts(q, S, order)
	e.step6CustomCartDiscounts(q, run, c.CartDiscounts)
	lineShare := e.spreadOrderDiscounts(q, amounts)
	shipOff := e.step7Shipping(q, ship)
	e.step8TaxAndTotal(q, loc, amounts, lineShare, shipOff)
	e.listApplied(q, asg, ship, shipOff)
	return q
}

func (e *engine) money(v int64) Money { return NewMoney(v, e.cur) }

// step1to3Lines prices each line: its subtotal (step 1), its product
// discount (step 2), then its custom line discount on what is left (step
// 3). amounts receives each line after them.
func (e *engine) step1to3Lines(q *Quote, c *Cart, asg []int, amounts []int64) {
	n := len(e.lines)
	if len(e.saveBuf) != n {
		e.saveBuf, e.unitBuf = grow(e.saveBuf, n), grow(e.unitBuf, n)
	}
	save, units := e.saveBuf, e.unitBuf
	e.productSavings(asg, save, units) // step 2, every line at once (pooled discounts are spread)
	m := e.money
	lineDiscs := make([]LineDiscount, 0, 2*n) // one backing array for every line's discounts
	for l, ln := range e.lines {
		cl := c.Lines[l]
		ql := QuoteLine{Pos: l + 1, LineID: cl.ID, ProductID: cl.ProductID, PriceID: cl.PriceID, Title: cl.Title,
			Quantity: cl.Quantity, UnitPrice: cl.UnitPrice, Subtotal: m(ln.sub), CrossSell: cl.CrossSell}
		rem := ln.sub                             // step 1
		if ci := asg[l]; ci >= 0 && save[l] > 0 { // step 2
			d := e.cands[ci].d
			start := len(lineDiscs)
			lineDiscs = append(lineDiscs, LineDiscount{DiscountID: d.ID, Title: d.Name(), Source: e.source(ci), Amount: m(save[l]), Units: units[l]})
			ql.Discounts = lineDiscs[start:len(lineDiscs):len(lineDiscs)]
			rem -= save[l]
			ql.Split = units[l] < ln.qty
		}
		if cl.Custom != nil { // step 3
			if off := customAmount(rem, cl.Custom); off > 0 {
				ld := LineDiscount{DiscountID: "custom", Title: customTitle(cl.Custom), Source: Custom, Amount: m(off), Units: ln.qty, Reason: cl.Custom.Reason}
				if ql.Discounts == nil {
					start := len(lineDiscs)
					lineDiscs = append(lineDiscs, ld)
					ql.Discounts = lineDiscs[start:len(lineDiscs):len(lineDiscs)]
				} else {
					ql.Discounts = append(ql.Discounts, ld)
				}
				rem -= off
			}
		}
		amounts[l] = rem
		ql.Amount = m(rem)
		q.Lines = append(q.Lines, ql)
		q.Units += ln.qty
	}
}

// step4Subtotal is the sum of the lines after steps 2 and 3.
func (e *engine) step4Subtotal(q *Quote, amounts []int64) int64 {
	var S int64
	for _, a := range amounts {
		S += a
	}
	q.Subtotal = e.money(S)
	return S
}

// step5OrderDiscounts applies the plan's order discounts (in calculation
// order: percentages of S, then fixed amounts, each capped at what is
// left) and returns what is left.
func (e *engine) step5OrderDiscounts(q *Quote, S int64, order []int) int64 {
	orderAmts := make([]int64, len(order))
	e.orderPart(S, order, orderAmts)
	run := S
	for i, ci := range order {
		d := e.cands[ci].d
		run -= orderAmts[i]
		q.OrderDiscounts = append(q.OrderDiscounts, OrderDiscount{DiscountID: d.ID, Title: d.Name(), Source: e.source(ci), Amount: e.money(orderAmts[i])})
	}
	return run
}

// step6CustomCartDiscounts applies the custom cart discounts, each on the
// running subtotal, in the order they were added.
func (e *engine) step6CustomCartDiscounts(q *Quote, run int64, cds []CustomDiscount) {
	for _, cd := range cds {
		off := customAmount(run, &cd)
		run -= off
		if off > 0 {
			q.OrderDiscounts = append(q.OrderDiscounts, OrderDiscount{DiscountID: "custom", Title: customTitle(&cd), Source: Custom, Amount: e.money(off), Reason: cd.Reason})
		}
	}
}

// spreadOrderDiscounts spreads the order-level discounts of steps 5 and 6
// over the lines once, in proportion to the lines' amounts of step 4, then
// each discount's share of each line, so that shares add up both ways (by
// line and by discount). It returns each line's share.
func (e *engine) spreadOrderDiscounts(q *Quote, amounts []int64) []int64 {
	n := len(amounts)
	levels := q.OrderDiscounts
	var combined int64
	for _, od := range levels {
		combined += od.Amount.Minor()
	}
	lineShare := Split(combined, amounts)
	capacity := append([]int64(nil), lineShare...)
	shareBuf := make([]Money, n*len(levels))
	for i := range levels {
		a := levels[i].Amount.Minor()
		var parts []int64
		if i == len(levels)-1 {
			parts = append([]int64(nil), capacity...)
		} else {
			parts = Split(a, capacity)
		}
		levels[i].Shares = shareBuf[i*n : (i+1)*n : (i+1)*n]
		for l := range parts {
			capacity[l] -= parts[l]
			levels[i].Shares[l] = e.money(parts[l])
		}
	}
	return lineShare
}

// step7Shipping is the shipping charge less the plan's shipping discount.
func (e *engine) step7Shipping(q *Quote, ship int) (shipOff int64) {
	shipOff = e.shippingPart(ship)
	q.Shipping, q.ShippingDiscount = e.money(e.ship), e.money(shipOff)
	return shipOff
}

// step8TaxAndTotal computes each line's tax on the line after every
// discount, and the total: lines after all discounts, plus exclusive tax,
// plus shipping after its discount.
func (e *engine) step8TaxAndTotal(q *Quote, loc *Location, amounts, lineShare []int64, shipOff int64) {
	m := e.money
	var tax, excl, net int64
	for l := range q.Lines {
		ql := &q.Lines[l]
		nl := amounts[l] - lineShare[l]
		ql.OrderShare, ql.Net = m(lineShare[l]), m(nl)
		ql.TaxBehavior = loc.TaxBehaviorOf(e.lines[l].tax)
		var t int64
		if e.lines[l].tax == TaxExempt {
			ql.TaxBehavior = TaxExempt // no tax
		} else if ql.TaxBehavior == TaxInclusive {
			t = loc.TaxRate.Inside(nl)
		} else {
			t = loc.TaxRate.Of(nl)
			excl += t
		}
		ql.Tax = m(t)
		tax += t
		net += nl
	}
	q.Tax, q.ExclusiveTax = m(tax), m(excl)
	q.Total = m(net + excl + e.ship - shipOff)
}

// listApplied lists every discount that applies, once, with its whole
// amount, in the order of calculation (product, custom line, order and
// custom cart, shipping).
func (e *engine) listApplied(q *Quote, asg []int, ship int, shipOff int64) {
	nApplied := len(q.OrderDiscounts) + 1
	for _, ql := range q.Lines {
		nApplied += len(ql.Discounts)
	}
	q.Applied = make([]AppliedDiscount, 0, nApplied)
	seen := make([]int, len(e.cands)) // applied index + 1, by cand
	for l, ql := range q.Lines {
		for _, ld := range ql.Discounts {
			if ld.Source == Custom {
				continue
			}
			ci := asg[l]
			if i := seen[ci]; i > 0 {
				q.Applied[i-1].Amount = q.Applied[i-1].Amount.Add(ld.Amount)
				continue
			}
			seen[ci] = len(q.Applied) + 1
			q.Applied = append(q.Applied, AppliedDiscount{DiscountID: ld.DiscountID, Title: ld.Title, Class: ClassProduct, Source: ld.Source, Amount: ld.Amount, Code: e.codeOf(ld.DiscountID)})
		}
	}
	for _, ql := range q.Lines {
		for _, ld := range ql.Discounts {
			if ld.Source == Custom {
				q.Applied = append(q.Applied, AppliedDiscount{DiscountID: "custom", Title: ld.Title, Class: ClassProduct, Source: Custom, Amount: ld.Amount, Line: ql.Pos})
			}
		}
	}
	for _, od := range q.OrderDiscounts {
		q.Applied = append(q.Applied, AppliedDiscount{DiscountID: od.DiscountID, Title: od.Title, Class: ClassOrder, Source: od.Source, Amount: od.Amount, Code: e.codeOf(od.DiscountID)})
	}
	if ship >= 0 && shipOff > 0 {
		d := e.cands[ship].d
		q.Applied = append(q.Applied, AppliedDiscount{DiscountID: d.ID, Title: d.Name(), Class: ClassShipping, Source: e.source(ship), Amount: e.money(shipOff), Code: e.codeOf(d.ID)})
	}
}

func (e *engine) source(ci int) Source {
	if e.cands[ci].code {
		return Code
	}
	return Automatic
}

func (e *engine) codeOf(id string) string {
	for _, c := range e.cands {
		if c.d.ID == id && c.code {
			return c.d.Code
		}
	}
	return ""
}

func customTitle(c *CustomDiscount) string {
	if c.Reason != "" {
		return "Custom " + c.Describe() + " (" + c.Reason + ")"
	}
	return "Custom " + c.Describe()
}
