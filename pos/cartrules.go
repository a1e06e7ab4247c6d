package pos

// cartRules is the set-up a cart started with: the location (tax,
// currency) and the discount set. A cart keeps them until it is completed
// or dropped, whatever the till reloads meanwhile (a change from the head
// office, an edit in the back office); a cart started after the reload
// gets the new ones. Its lines keep their unit prices as they were added.
// The pins live in memory: a cart resumed after a restart is priced with
// the set-up current at the restart (docs/rules.md).
type cartRules struct {
	gen       uint64 // the till's setupGen the cart was started on
	loc       Location
	discounts *DiscountSet
}

// rulesFor returns the location and discounts cart c is priced with: the
// ones it was pinned to at a reload while it was live, else (a cart started
// since) the current ones. A pinned discount set takes the current usage
// limits reached (a limit is the chain's, and the store decides it at
// payment anyway). t.mu is held.
func (t *Till) rulesFor(c *Cart) (*Location, *DiscountSet) {
	r, ok := t.rules[c.ID]
	if !ok {
		return &t.loc, t.discounts
	}
	ds := *r.discounts
	ds.LimitReached = t.discounts.LimitReached
	loc := r.loc
	return &loc, &ds
}

// pinCarts, before a reload, pins every live cart (open, parked) that has
// started (a line or a code) and is not pinned yet to the current set-up,
// the one it was started on, and
// forgets the pins of carts that are gone (completed, dropped). t.mu is
// held.
func (t *Till) pinCarts() {
	if t.rules == nil {
		t.rules = map[string]cartRules{}
	}
	live := map[string]bool{}
	pin := func(c *Cart) {
		live[c.ID] = true
		if len(c.Lines) == 0 && len(c.Codes) == 0 {
			return // not started: an empty cart takes the new set-up
		}
		if _, ok := t.rules[c.ID]; !ok {
			t.rules[c.ID] = cartRules{gen: t.setupGen, loc: t.loc, discounts: t.discounts}
		}
	}
	if t.cart != nil && t.cart.Status != CartCompleted {
		pin(t.cart)
	}
	for _, c := range t.parked {
		pin(c)
	}
	for id := range t.rules {
		if !live[id] {
			delete(t.rules, id)
		}
	}
}
