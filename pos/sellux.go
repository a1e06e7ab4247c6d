package pos

import "context"

// Audit actions of the till's own changes.
const (
	AuditLineRemoved  = "line_removed"  // a line priced with discounts taken off the cart
	AuditLineRestored = "line_restored" // such a line put back (undo)
)

// removedLine is the last line taken off a cart, kept so it can be put back.
type removedLine struct {
	cartID string
	pos    int
	line   Line
	// audited: its removal was recorded, so its return is too.
	audited bool
}

// FittingPrices lists the product's prices that can be sold in cart c (the
// same rule Add applies): active, in the cart's currency, and recurring only
// in a subscription cart of the same interval.
func FittingPrices(p *Product, c *Cart) []*Price {
	var out []*Price
	for i := range p.Prices {
		if fits(&p.Prices[i], c) {
			out = append(out, &p.Prices[i])
		}
	}
	return out
}

// PricesFor lists the prices of a product that fit the open cart. A front
// offers only these; when there is exactly one it adds the product at once.
// A product with none is refused with a sentence naming it.
func (t *Till) PricesFor(productID string) ([]Price, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.catalog.Product(productID)
	if !ok || p.Archived {
		return nil, Errorf(ENotFound, "This product is no longer sold: search it again.")
	}
	var out []Price
	for _, pr := range FittingPrices(p, t.cart) {
		out = append(out, *pr)
	}
	if len(out) == 0 {
		return nil, Errorf(ENotAllowed, "%s has no price that fits this cart (%s).", p.Title, t.cart.Currency)
	}
	return out, nil
}

// DismissCrossSell stops offering a cross-sell on this cart. The cart keeps
// it, so a parked and resumed cart does not offer it again; a new cart does.
func (t *Till) DismissCrossSell(ctx context.Context, productID string) error {
	return t.change(ctx, func(c *Cart) error {
		for _, o := range t.quote.CrossSellOffers {
			if o.ProductID == productID {
				c.Dismissed = append(c.Dismissed, productID)
				return nil
			}
		}
		return Errorf(ENotFound, "This suggestion is no longer offered.")
	})
}

// UndoRemoveLine puts the last line removed from this cart back where it
// was, as it was (quantity, custom discount, cross-sell). Only the last
// removal can be undone, and only on the same cart. When the removal was
// audited, so is the return (line_restored), with the cart.
func (t *Till) UndoRemoveLine(ctx context.Context) error {
	var back *removedLine
	err := t.changeAudited(ctx, func(c *Cart, stamp AuditEntry) ([]AuditEntry, error) {
		r := t.removed
		if r == nil || r.cartID != c.ID {
			return nil, Errorf(ENotFound, "There is no removed line to put back.")
		}
		if len(c.Lines) >= MaxLines {
			return nil, Errorf(ELimit, "A cart holds at most %d lines.", MaxLines)
		}
		var audit []AuditEntry
		if r.audited {
			e, err := NewAuditEntry(stamp.At, stamp.StaffID, AuditLineRestored, c.ID, nil, r.line)
			if err != nil {
				return nil, err
			}
			audit = append(audit, e)
		}
		at := min(max(r.pos, 1), len(c.Lines)+1) - 1
		c.Lines = append(c.Lines[:at], append([]Line{r.line}, c.Lines[at:]...)...)
		back = r
		return audit, nil
	})
	if err != nil {
		return err
	}
	t.mu.Lock()
	if t.removed == back {
		t.removed = nil
	}
	t.mu.Unlock()
	return nil
}
