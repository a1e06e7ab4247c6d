package pos

import (
	"slices"
	"strconv"
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

// build readies a new or reset engine for the cart (see buildEngine).
func (e *engine) build(c *Cart, cat *Catalog, ds *DiscountSet, loc *Location, now time.Time) []staticMiss {
	e.cur, e.ship, e.pro, e.custom = c.Currency, c.Shipping.Minor(), loc.Pro, c.CartDiscounts
	e.products = grow(e.products, len(c.Lines))
	products := e.products
	units := 0
	for i, l := range c.Lines {
		sub := l.UnitPrice.Minor() * int64(l.Quantity)
		e.lines = append(e.lines, eline{sub: sub, unit: l.UnitPrice.Minor(), qty: l.Quantity, custom: l.Custom, base: afterCustom(sub, l.Custom)})
		if l.Sale {
			products[i] = &Product{Title: l.Title, sale: true}
			if l.Exempt {
				e.lines[i].tax = TaxExempt
			}
		} else if p, ok := cat.Product(l.ProductID); ok {
			products[i] = p
			if pr, ok := p.Price(l.PriceID); ok {
				e.lines[i].tax = pr.TaxBehavior
			}
		} else {
			products[i] = &Product{ID: l.ProductID, Title: l.Title}
		}
		units += l.Quantity
	}
	e.elig = grow(e.elig, len(e.lines))
	var maxS int64 // the subtotal with no automatic or code discount: no plan's S is higher
	for _, l := range e.lines {
		maxS += l.base
	}

	// Candidates: enabled automatic discounts in set-up order, then codes in entry order.
	entries := e.entries
	for i, d := range ds.All() {
		if d.Method == Automatic && d.Enabled {
			entries = append(entries, candEntry{d, false, i, len(entries)})
		}
	}
	eligible := ds.eligibleLines(products)
	misses := e.misses
	nAuto := len(entries)
	for k, code := range c.Codes {
		if d, ok := ds.ByCode(code); ok {
			entries = append(entries, candEntry{d, true, ds.indexOf(d), nAuto + k})
		} else { // deleted since it was entered
			entries = append(entries, candEntry{&Discount{ID: code, Code: code, Title: code}, true, -1, nAuto + k})
		}
	}
	e.entries = entries

	// Room for every entry up front: cands are pointed into, so the slab
	// never grows while in use.
	if cap(e.slab) < len(entries) {
		e.slab = make([]cand, 0, len(entries))
	}
	slab := e.slab[:0]
	for _, en := range entries {
		d, rank := en.d, en.rank
		src := Automatic
		if en.code {
			src = Code
		}
		miss := func(reason string, why Sentence) {
			misses = append(misses, staticMiss{rank: rank, d: d, source: src, reason: reason, why: why})
		}
		switch {
		case en.idx < 0:
			miss(ReasonNotActive, sentence("The code %s no longer exists.", d.Code))
			continue
		case !d.Active(now):
			if !d.Enabled {
				miss(ReasonNotActive, sentence("%s is disabled.", d.Name()))
			} else if !d.StartsAt.IsZero() && now.Before(d.StartsAt) {
				miss(ReasonNotActive, sentence("%s starts %s.", d.Name(), d.StartsAt.UTC().Format("2 Jan 2006 15:04 MST")))
			} else {
				miss(ReasonNotActive, sentence("%s ended %s.", d.Name(), d.EndsAt.UTC().Format("2 Jan 2006 15:04 MST")))
			}
			continue
		case ds.LimitReached[d.ID]:
			miss(ReasonLimitReached, sentence("%s has reached its usage limit.", d.Name()))
			continue
		case d.Value.Type == FixedAmount && !d.IsBuyXGetY() && d.Value.Amount.Currency() != c.Currency,
			!d.MinSubtotal.IsZero() && d.MinSubtotal.Currency() != c.Currency:
			miss(ReasonRequirement, sentence("%s is set up in another currency than %s.", d.Name(), string(c.Currency)))
			continue
		case len(e.lines) == 0:
			miss(ReasonNoEligible, sentence("The cart is empty."))
			continue
		}
		min := d.MinSubtotal.Minor()
		switch {
		case d.Class == ClassShipping && e.ship == 0:
			miss(ReasonNoEligible, sentence("There is no shipping on this cart."))
			continue
		case d.Class != ClassProduct && d.MinQuantity > 0 && units < d.MinQuantity:
			miss(ReasonRequirement, addItems(d.MinQuantity-units, d))
			continue
		case d.Class != ClassProduct && min > maxS:
			// explain says how much more, from the subtotal on screen
			misses = append(misses, staticMiss{rank: rank, d: d, source: src, reason: ReasonRequirement, minSub: min})
			continue
		case d.Class == ClassProduct && !d.IsBuyXGetY() && len(eligible[en.idx]) == 0:
			miss(ReasonNoEligible, sentence("Nothing in the cart is eligible for %s.", d.Name()))
			continue
		}
		oldSave := slab[:len(slab)+1][len(slab)].save // the slot's memory from an earlier quote
		slab = append(slab, cand{d: d, code: en.code, rank: rank})
		cd := &slab[len(slab)-1]
		switch {
		case d.Class == ClassOrder || d.Class == ClassShipping:
			cd.minSub = min
			if d.Class == ClassOrder {
				cd.kind = kOrder
			} else {
				cd.kind = kShipping
			}
		case d.IsBuyXGetY():
			cd.kind, cd.pooled = kBXGY, true
			cd.buyLine = make([]int, len(e.lines))
			cd.getLine = make([]bool, len(e.lines))
			var buySub int64
			buyUnits := 0
			for l, p := range products {
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
			if len(cd.lines) == 0 {
				miss(ReasonNoEligible, sentence("Nothing in the cart is one of the items %s gives.", d.Name()))
				continue
			}
			if d.MinQuantity > 0 && buyUnits < d.MinQuantity {
				miss(ReasonRequirement, addItems(d.MinQuantity-buyUnits, d))
				continue
			}
			if min > 0 && buySub < min {
				miss(ReasonRequirement, addMore(min-buySub, min, c.Currency, d))
				continue
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
				miss(ReasonRequirement, sentence("Buy %s qualifying items to get %s at %s%% off (%s in the cart; the items got don't count as bought).",
					strconv.Itoa(d.Buy.Quantity), strconv.Itoa(d.Get.Quantity), d.Get.Percent.Percent().String(), strconv.Itoa(buyUnits)))
				continue
			}
		default:
			var eligSub int64
			eligUnits := 0
			cd.lines = eligible[en.idx]
			for _, l := range cd.lines {
				eligSub += e.lines[l].sub
				eligUnits += e.lines[l].qty
			}
			if len(cd.lines) == 0 {
				misses = append(misses, staticMiss{rank: rank, d: d, source: src, reason: ReasonNoEligible, why: sentence("Nothing in the cart is eligible for %s.", d.Name())})
				continue
			}
			if d.MinQuantity > 0 && eligUnits < d.MinQuantity {
				miss(ReasonRequirement, addItems(d.MinQuantity-eligUnits, d))
				continue
			}
			if min > 0 && eligSub < min {
				miss(ReasonRequirement, addMore(min-eligSub, min, c.Currency, d))
				continue
			}
			switch {
			case d.Value.Type == Percentage:
				cd.kind = kPercent
			case d.Value.OncePerOrder:
				cd.kind, cd.pooled = kFixedOnce, true
				cd.cap = d.Value.Amount.Minor()
				if cd.cap > eligSub {
					cd.cap = eligSub
				}
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
						off := d.Value.Amount.Minor()
						if off > ln.unit {
							off = ln.unit
						}
						s = off * int64(ln.qty)
					}
					cd.save[l] = s
					total += s
				}
				cd.cap = total
			}
			if cd.cap == 0 {
				miss(ReasonNoEligible, sentence("The items %s applies to cost nothing.", d.Name()))
				continue
			}
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
	e.maxS = maxS
	// Each line's product candidates, in one backing array.
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
	e.sortOrder(e.order) // calculation order: every subset taken in this order is too
	e.slab, e.misses = slab, misses
	return misses
}

// spendMore says how much more to spend to reach an order or shipping
// discount's minimum, from the subtotal the cashier sees (after product and
// custom line discounts, which is what the minimum counts).
func spendMore(more, min int64, cur Currency, d *Discount) Sentence {
	return sentence("Spend %s more to reach the %s minimum of %s (the subtotal counts after product discounts).",
		NewMoney(more, cur).Display(), NewMoney(min, cur).Display(), d.Name())
}

func addMore(more, min int64, cur Currency, d *Discount) Sentence {
	return sentence("Add %s more of the qualifying items to reach the %s minimum of %s.", NewMoney(more, cur).Display(), NewMoney(min, cur).Display(), d.Name())
}

func addItems(n int, d *Discount) Sentence {
	if n == 1 {
		return sentence("Add 1 more qualifying item: %s needs %s.", d.Name(), strconv.Itoa(d.MinQuantity))
	}
	return sentence("Add %s more qualifying items: %s needs %s.", strconv.Itoa(n), d.Name(), strconv.Itoa(d.MinQuantity))
}

// quote evaluates the chosen plan in detail.
func (e *engine) quote(c *Cart, p *plan, loc *Location) *Quote {
	cur := c.Currency
	m := func(v int64) Money { return NewMoney(v, cur) }
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
	if len(e.saveBuf) != n {
		e.saveBuf, e.unitBuf = grow(e.saveBuf, n), grow(e.unitBuf, n)
	}
	save, units := e.saveBuf, e.unitBuf
	e.productSavings(asg, save, units)

	q := &Quote{Currency: cur, Lines: make([]QuoteLine, 0, n)}
	lineDiscs := make([]LineDiscount, 0, 2*n) // one backing array for every line's discounts
	amounts := make([]int64, n)
	var S int64
	for l, ln := range e.lines {
		cl := c.Lines[l]
		ql := QuoteLine{Pos: l + 1, LineID: cl.ID, ProductID: cl.ProductID, PriceID: cl.PriceID, Title: cl.Title,
			Quantity: cl.Quantity, UnitPrice: cl.UnitPrice, Subtotal: m(ln.sub), CrossSell: cl.CrossSell}
		rem := ln.sub
		if ci := asg[l]; ci >= 0 && save[l] > 0 {
			d := e.cands[ci].d
			start := len(lineDiscs)
			lineDiscs = append(lineDiscs, LineDiscount{DiscountID: d.ID, Title: d.Name(), Source: e.source(ci), Amount: m(save[l]), Units: units[l]})
			ql.Discounts = lineDiscs[start:len(lineDiscs):len(lineDiscs)]
			rem -= save[l]
			ql.Split = units[l] < ln.qty
		}
		if cl.Custom != nil {
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
		S += rem
		ql.Amount = m(rem)
		q.Lines = append(q.Lines, ql)
		q.Units += ln.qty
	}
	q.Subtotal = m(S)

	// Order discounts, then custom cart discounts (compounding).
	orderAmts := make([]int64, len(order))
	e.orderPart(S, order, orderAmts)
	run := S
	var levels []OrderDiscount
	for i, ci := range order {
		d := e.cands[ci].d
		run -= orderAmts[i]
		levels = append(levels, OrderDiscount{DiscountID: d.ID, Title: d.Name(), Source: e.source(ci), Amount: m(orderAmts[i])})
	}
	for _, cd := range c.CartDiscounts {
		off := customAmount(run, &cd)
		run -= off
		if off > 0 {
			levels = append(levels, OrderDiscount{DiscountID: "custom", Title: customTitle(&cd), Source: Custom, Amount: m(off), Reason: cd.Reason})
		}
	}
	// Spread the order-level discounts over the lines once, in proportion
	// to the lines' amounts; then each discount's share of each line, so
	// that shares add up both ways (by line and by discount).
	combined := S - run
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
			levels[i].Shares[l] = m(parts[l])
		}
	}
	q.OrderDiscounts = levels

	// Shipping.
	q.Shipping = m(e.ship)
	shipOff := e.shippingPart(ship)
	q.ShippingDiscount = m(shipOff)

	// Tax per line, on the line after all discounts.
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

	// Applied, in the order of calculation.
	nApplied := len(levels) + 1
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
		q.Applied = append(q.Applied, AppliedDiscount{DiscountID: d.ID, Title: d.Name(), Class: ClassShipping, Source: e.source(ship), Amount: m(shipOff), Code: e.codeOf(d.ID)})
	}
	return q
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
