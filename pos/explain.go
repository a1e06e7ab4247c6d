package pos

// explain says, for every enabled automatic discount and every entered code
// that does not apply, why not, in a sentence a cashier can read.
func (e *engine) explain(p *plan, bestWith []int64, misses []staticMiss, q *Quote) []NotApplied {
	// misses and candidates are each in rank order; merge them.
	res := make([]NotApplied, 0, len(misses)+len(e.cands))
	mi := 0
	flush := func(rank int) {
		for ; mi < len(misses) && misses[mi].rank < rank; mi++ {
			m := misses[mi]
			res = append(res, NotApplied{DiscountID: m.d.ID, Title: m.d.Name(), Source: m.source, Reason: m.reason, Why: m.why})
		}
	}
	inPlan := map[int]bool{}
	if p != nil {
		for _, ci := range p.set {
			inPlan[ci] = true
		}
	}
	S := q.Subtotal.Minor()
	cur := e.cur
	var winners []int
	if p != nil {
		winners = p.set
	}
	for ci, c := range e.cands {
		if inPlan[ci] {
			continue
		}
		d := c.d
		na := NotApplied{DiscountID: d.ID, Title: d.Name(), Source: e.source(ci)}
		conflict := -1
		for _, w := range winners {
			if !CombinesWith(d, e.cands[w].d) || (c.kind == kShipping && e.cands[w].kind == kShipping) {
				conflict = w
				break
			}
		}
		switch {
		case !e.pro && len(winners) > 0:
			na.Reason = ReasonNotPro
			na.Why = sentence("Only one discount applies at a location without Pro, and %s saves more.", e.cands[winners[0]].d.Name())
		case conflict < 0 && c.minSub > S:
			na.Reason = ReasonRequirement
			na.Why = sentence("Spend %s more to reach the %s minimum of %s (the subtotal counts after product discounts).",
				NewMoney(c.minSub-S, cur).Display(), NewMoney(c.minSub, cur).Display(), d.Name())
		case conflict >= 0:
			na.Reason = ReasonNotCombinable
			w := e.cands[conflict].d
			more := int64(0)
			if p != nil && bestWith[ci] >= 0 {
				more = bestWith[ci] - p.total
			}
			if more > 0 {
				na.Why = sentence("%s can't be combined with %s, which saves %s more.", d.Name(), w.Name(), NewMoney(more, cur).Display())
			} else {
				na.Why = sentence("%s can't be combined with %s, which saves as much and was preferred.", d.Name(), w.Name())
			}
		case c.kind == kOrder || c.kind == kShipping:
			na.Reason = ReasonNoEligible
			na.Why = sentence("Nothing is left for %s to take off.", d.Name())
		default:
			// A product discount that combines with everything applied, but
			// whose lines each take a discount that saves more.
			na.Reason = ReasonNotCombinable
			other := ""
			for _, l := range c.lines {
				if p != nil && p.asg[l] >= 0 {
					other = e.cands[p.asg[l]].d.Name()
					break
				}
			}
			if other != "" {
				na.Why = sentence("An item takes only one product discount, and its items take %s, which saves more.", other)
			} else {
				na.Why = sentence("%s would not lower the total.", d.Name())
			}
		}
		flush(c.rank)
		res = append(res, na)
	}
	flush(int(^uint(0) >> 1))
	return res
}
