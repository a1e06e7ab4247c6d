package pos

import (
	"slices"
	"strings"
)

// explain says, for every enabled automatic discount and every entered code
// that does not apply, why not, in a sentence a cashier can read.
// withTotals[ci] is the best total of a plan that holds candidate ci (-1:
// not known), for the discounts left out because they don't combine.
func (e *engine) explain(p *plan, withTotals []int64, misses []staticMiss, q *Quote) []NotApplied {
	// misses and candidates are each in rank order; merge them.
	res := make([]NotApplied, 0, len(misses)+len(e.cands))
	S := q.Subtotal.Minor()
	cur := e.cur
	var winners []int
	if p != nil {
		winners = p.set
	}
	mi := 0
	flush := func(rank int) {
		for ; mi < len(misses) && misses[mi].rank < rank; mi++ {
			m := misses[mi]
			switch {
			case m.reason != ReasonNotActive && !e.pro && len(winners) > 0:
				// not_pro comes before every reason but not_active
				m.reason, m.why = ReasonNotPro, notPro(e.cands[winners[0]].d)
			case m.minSub > 0:
				m.why = spendMore(m.minSub-S, m.minSub, cur, m.d)
			}
			res = append(res, NotApplied{DiscountID: m.d.ID, Title: m.d.Name(), Source: m.source, Reason: m.reason, Why: m.why})
		}
	}
	// conflicts are the winners that keep a candidate out, as positions
	// in winners (a bit each: mask). Many candidates are kept out by the
	// same winners, so their names are joined once for them all.
	var confArr [8]int
	conflicts, mask := confArr[:0], uint64(0)
	type joinedNames struct {
		mask  uint64
		names string
	}
	var joinedArr [8]joinedNames
	joined := joinedArr[:0]
	names := func() string {
		if len(winners) <= 64 {
			for _, j := range joined {
				if j.mask == mask {
					return j.names
				}
			}
		}
		var b strings.Builder
		n := 2 * len(conflicts)
		for _, w := range conflicts {
			n += len(e.cands[w].d.Name())
		}
		b.Grow(n)
		for i, w := range conflicts {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(e.cands[w].d.Name())
		}
		if len(winners) <= 64 {
			joined = append(joined, joinedNames{mask, b.String()})
		}
		return b.String()
	}
	var sb sentences // the sentences below share their arguments' memory
	for ci, c := range e.cands {
		if slices.Contains(winners, ci) {
			continue
		}
		d := c.d
		na := NotApplied{DiscountID: d.ID, Title: d.Name(), Source: e.source(ci)}
		conflicts, mask = conflicts[:0], 0
		for k, w := range winners {
			if !CombinesWith(d, e.cands[w].d) || (c.kind == kShipping && e.cands[w].kind == kShipping) {
				conflicts, mask = append(conflicts, w), mask|1<<(k&63)
			}
		}
		conflict := len(conflicts) > 0
		switch {
		case !e.pro && len(winners) > 0:
			na.Reason = ReasonNotPro
			na.Why = notPro(e.cands[winners[0]].d)
		case !conflict && c.minSub > S:
			na.Reason = ReasonRequirement
			na.Why = spendMore(c.minSub-S, c.minSub, cur, d)
		case conflict:
			// more: the best total with it minus the best total without it
			na.Reason = ReasonNotCombinable
			more := int64(0)
			if p != nil && withTotals[ci] >= 0 {
				more = withTotals[ci] - p.total
			}
			switch {
			case len(conflicts) == 1 && more > 0:
				na.Why = sb.sentence("%s can't be combined with %s, which saves %s more.", d.Name(), e.cands[conflicts[0]].d.Name(), NewMoney(more, cur))
			case len(conflicts) == 1:
				na.Why = sb.sentence("%s can't be combined with %s, which saves as much and was preferred.", d.Name(), e.cands[conflicts[0]].d.Name())
			case more > 0:
				na.Why = sb.sentence("%s can't be combined with the discounts applied (%s), which together save %s more.", d.Name(), names(), NewMoney(more, cur))
			default:
				na.Why = sb.sentence("%s can't be combined with the discounts applied (%s), which together save as much and were preferred.", d.Name(), names())
			}
		case c.kind == kOrder || c.kind == kShipping:
			na.Reason = ReasonNoEligible
			na.Why = sb.sentence("Nothing is left for %s to take off.", d.Name())
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
				na.Why = sb.sentence("An item takes only one product discount, and its items take %s, which saves more.", other)
			} else {
				na.Why = sb.sentence("%s would not lower the total.", d.Name())
			}
		}
		flush(c.rank)
		res = append(res, na)
	}
	flush(int(^uint(0) >> 1))
	return res
}

func notPro(winner *Discount) Sentence {
	return sentence("Only one discount applies at a location without Pro, and %s saves more.", winner.Name())
}
