package pos

import "fmt"

// Problems re-adds a stored order and says, in words, every way its parts
// do not make its totals (`caisse check`): each line's unit price ×
// quantity, its discounts and order share; the lines against the subtotal;
// each order discount's shares; the taxes; the total from the lines, tax
// and shipping; the tenders against what was paid and the change. Sums are
// checked for overflow, so a damaged row is reported, never wrapped.
func (o *Order) Problems() []string {
	var out []string
	bad := func(format string, args ...any) {
		out = append(out, fmt.Sprintf("order %s (%s): ", o.ID, o.NumberLabel())+fmt.Sprintf(format, args...))
	}
	q := &o.Quote
	if len(q.Lines) == 0 {
		bad("it has no lines")
	}
	overflow := false
	add := func(a, b int64) int64 {
		s, ok := AddChecked(a, b)
		if !ok {
			overflow = true
		}
		return s
	}
	var sub, net, tax, shares int64
	for _, l := range q.Lines {
		want, ok := MulChecked(l.UnitPrice.Minor(), int64(l.Quantity))
		if !ok || want != l.Subtotal.Minor() {
			bad("line %d: %d × %s is not its subtotal %s", l.Pos, l.Quantity, l.UnitPrice, l.Subtotal)
		}
		off := int64(0)
		for _, d := range l.Discounts {
			if d.Amount.IsNegative() {
				bad("line %d: the discount %s is negative", l.Pos, d.Amount)
			}
			off = add(off, d.Amount.Minor())
		}
		if l.Subtotal.Minor()-off != l.Amount.Minor() {
			bad("line %d: subtotal %s less its discounts is not its amount %s", l.Pos, l.Subtotal, l.Amount)
		}
		if l.Amount.Minor()-l.OrderShare.Minor() != l.Net.Minor() {
			bad("line %d: amount %s less its order share %s is not its net %s", l.Pos, l.Amount, l.OrderShare, l.Net)
		}
		if l.Amount.IsNegative() || l.Net.IsNegative() || l.Tax.IsNegative() {
			bad("line %d has a negative amount, net or tax", l.Pos)
		}
		sub, net, tax = add(sub, l.Amount.Minor()), add(net, l.Net.Minor()), add(tax, l.Tax.Minor())
		shares = add(shares, l.OrderShare.Minor())
	}
	if sub != q.Subtotal.Minor() {
		bad("the lines add up to %s, the subtotal is %s", NewMoney(sub, o.Currency), q.Subtotal)
	}
	var orderOff int64
	for _, d := range q.OrderDiscounts {
		orderOff = add(orderOff, d.Amount.Minor())
		if len(d.Shares) == 0 {
			continue // stored without per-line shares (an older order)
		}
		var s int64
		for _, x := range d.Shares {
			s = add(s, x.Minor())
		}
		if s != d.Amount.Minor() {
			bad("the shares of %s add up to %s, not %s", d.DiscountID, NewMoney(s, o.Currency), d.Amount)
		}
	}
	if orderOff != shares {
		bad("the order discounts (%s) are not the lines' order shares (%s)", NewMoney(orderOff, o.Currency), NewMoney(shares, o.Currency))
	}
	if tax != q.Tax.Minor() || q.ExclusiveTax.Minor() > q.Tax.Minor() || q.ExclusiveTax.IsNegative() {
		bad("the lines' tax adds up to %s; the tax is %s, of which %s on top", NewMoney(tax, o.Currency), q.Tax, q.ExclusiveTax)
	}
	total := add(add(net, q.ExclusiveTax.Minor()), q.Shipping.Minor()-q.ShippingDiscount.Minor())
	if total != q.Total.Minor() || q.Total.IsNegative() {
		bad("lines, tax and shipping add up to %s, the total is %s", NewMoney(total, o.Currency), q.Total)
	}
	var paid int64
	for _, t := range o.Tenders {
		if t.Amount.Minor() <= 0 {
			bad("a %s payment of %s", t.Method, t.Amount)
		}
		paid = add(paid, t.Amount.Minor())
	}
	if paid != o.Paid.Minor() || o.Paid.Minor()-o.Change.Minor() != q.Total.Minor() || o.Change.IsNegative() {
		bad("payments %s, paid %s, change %s do not settle the total %s", NewMoney(paid, o.Currency), o.Paid, o.Change, q.Total)
	}
	if overflow {
		bad("its figures are too large to add up (damaged)")
	}
	return out
}
