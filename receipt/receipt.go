// Package receipt lays out sale and return receipts and the Z report as
// text lines, and renders them as ESC/POS bytes for thermal printers
// (58 mm: 32 columns, 80 mm: 48) or as a PDF. It has no Fyne dependency, so
// the window and the command line print the same receipts.
package receipt

import (
	"fmt"
	"strconv"
	"strings"

	"caisse/pos"
)

// Style is how a line is printed.
type Style int

const (
	Normal Style = iota
	Bold
	Indent // a discount or detail under a line
	Big    // the total
	Muted
	Rule // a separator
	Center
)

// Line is one row of a receipt: left text, right amount.
type Line struct {
	Left, Right string
	Style       Style
}

// Text is how a layout writes words and amounts: T translates a printf
// message of the catalogue (caisse/assets/translations) and formats it
// (the window passes its tr helper), Money prints an amount the locale's
// way. The zero Text writes English and plain amounts.
type Text struct {
	T     func(format string, args ...any) string
	Money func(pos.Money) string
}

func (x Text) t(format string, args ...any) string {
	if x.T != nil {
		return x.T(format, args...)
	}
	return fmt.Sprintf(format, args...)
}

func (x Text) money(m pos.Money) string {
	if x.Money != nil {
		return x.Money(m)
	}
	return m.String()
}

func (x Text) minus(m pos.Money) string {
	if m.IsZero() {
		return x.money(m)
	}
	return "−" + x.money(m) // ESC/POS and PDF write it as '-'

}

// TenderName is a payment method's name.
func (x Text) TenderName(m pos.TenderMethod) string {
	switch m {
	case pos.Cash:
		return x.t("Cash")
	case pos.Card:
		return x.t("Card")
	}
	return x.t("Other payment")
}

// staffName is how a member of staff is named on paper: their name, else
// their id ("" when nobody was recorded: a sale before staff signed in).
func staffName(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

type builder struct{ out []Line }

func (b *builder) add(l, r string, st Style) { b.out = append(b.out, Line{l, r, st}) }

func (b *builder) header(loc pos.Location) {
	h := loc.ReceiptHeader
	if h == "" {
		h = loc.Name
	}
	for _, s := range strings.Split(h, "\n") {
		if s != "" {
			b.add(s, "", Center)
		}
	}
}

func (b *builder) footer(loc pos.Location) {
	for _, s := range strings.Split(loc.ReceiptFooter, "\n") {
		if s != "" {
			b.add(s, "", Center)
		}
	}
}

const stamp = "2006-01-02 15:04"

// discountName is a discount's name on a receipt: its title (the pricing
// engine names custom discounts "Custom 10%"), "Custom discount" for an
// order stored without one, with the cashier's reason when the title does
// not already hold it.
func (x Text) discountName(title, reason string) string {
	if title == "" || title == "custom" {
		title = x.t("Custom discount")
	}
	if reason != "" && !strings.Contains(title, reason) {
		title += " (" + reason + ")"
	}
	return title
}

// Sale lays out an order's receipt: each line at its original price with
// its discounts by name and what it came to, the order discounts, shipping,
// tax, the total, what was paid and how, the change. A cross-sell line is
// marked with a star, explained at the foot.
func Sale(o *pos.Order, loc pos.Location, x Text) []Line {
	q := &o.Quote
	var b builder
	b.header(loc)
	if o.Test {
		b.add(x.t("TEST RECEIPT — not a sale"), "", Center)
	}
	b.add(x.t("Order %v", o.NumberLabel()), o.CreatedAt.Local().Format(stamp), Bold)
	if name := staffName(o.StaffName, o.StaffID); name != "" {
		b.add(x.t("Cashier: %v", name), "", Normal)
	}
	if o.Note != "" {
		for i, s := range strings.Split(o.Note, "\n") {
			if i == 0 {
				s = x.t("Note: %v", s)
			}
			if s = strings.TrimSpace(s); s != "" {
				b.add(s, "", Muted)
			}
		}
	}
	b.add("", "", Rule)
	crossSell := false
	for _, l := range q.Lines {
		title := l.Title
		if l.CrossSell {
			title, crossSell = title+" *", true
		}
		b.add(strconv.Itoa(l.Quantity)+" × "+title, x.money(l.Subtotal), Normal)
		if l.Quantity != 1 {
			b.add(x.t("at %v each", x.money(l.UnitPrice)), "", Muted)
		}
		for _, d := range l.Discounts {
			b.add(x.discountName(d.Title, d.Reason), x.minus(d.Amount), Indent)
		}
		if len(l.Discounts) > 0 {
			b.add(x.t("Line total"), x.money(l.Amount), Muted)
		}
	}
	b.add("", "", Rule)
	b.add(x.t("Subtotal"), x.money(q.Subtotal), Normal)
	for _, d := range q.OrderDiscounts {
		b.add(x.discountName(d.Title, d.Reason), x.minus(d.Amount), Indent)
	}
	if !q.Shipping.IsZero() || !q.ShippingDiscount.IsZero() {
		b.add(x.t("Shipping"), x.money(q.Shipping), Normal)
		if !q.ShippingDiscount.IsZero() {
			b.add(x.t("Shipping discount"), x.minus(q.ShippingDiscount), Indent)
		}
	}
	if q.ExclusiveTax.IsZero() {
		b.add(x.t("Tax (included)"), x.money(q.Tax), Muted)
	} else {
		b.add(x.t("Tax"), x.money(q.Tax), Normal)
	}
	b.add(x.t("TOTAL"), x.money(q.Total), Big)
	b.add("", "", Rule)
	for _, t := range o.Tenders {
		b.add(x.TenderName(t.Method), x.money(t.Amount), Normal)
	}
	b.add(x.t("Paid"), x.money(o.Paid), Bold)
	if !o.Change.IsZero() {
		b.add(x.t("Change"), x.money(o.Change), Bold)
	}
	if saved := q.DiscountTotal(); !saved.IsZero() {
		b.add(x.t("You saved %v", x.money(saved)), "", Center)
	}
	if crossSell {
		b.add(x.t("* suggested with your purchase"), "", Muted)
	}
	b.footer(loc)
	return b.out
}

// Return lays out a return receipt: the order it refunds, each line given
// back with the discounts its units had taken, shipping, tax, the refund
// and where it went.
func Return(r *pos.Return, loc pos.Location, x Text) []Line {
	var b builder
	b.header(loc)
	if r.Test {
		b.add(x.t("TEST RECEIPT — not a sale"), "", Center)
	}
	if r.Number == 0 { // a preview, not recorded yet
		b.add(x.t("Return (not recorded yet)"), "", Bold)
	} else {
		b.add(x.t("Return %v", r.NumberLabel()), r.CreatedAt.Local().Format(stamp), Bold)
	}
	if name := staffName(r.StaffName, r.StaffID); name != "" {
		b.add(x.t("Cashier: %v", name), "", Normal)
	}
	order := (&pos.Order{Number: r.OrderNumber, Test: r.Test}).NumberLabel()
	b.add(x.t("Refund of order %v", order), "", Normal)
	if r.Reason != "" {
		b.add(x.t("Reason: %v", r.Reason), "", Muted)
	}
	b.add("", "", Rule)
	for _, l := range r.Lines {
		b.add(strconv.Itoa(l.Quantity)+" × "+l.Title, x.money(l.Gross), Normal)
		for _, d := range l.Discounts {
			b.add(x.discountName(d.Title, ""), x.minus(d.Amount), Indent)
		}
		if !l.ExclusiveTax.IsZero() {
			b.add(x.t("Tax"), x.money(l.ExclusiveTax), Muted)
		}
		b.add(x.t("Refunded"), x.money(l.Refund), Muted)
	}
	if !r.Shipping.IsZero() {
		b.add(x.t("Shipping"), x.money(r.Shipping), Normal)
	}
	b.add("", "", Rule)
	b.add(x.t("Tax refunded"), x.money(r.Tax), Muted)
	b.add(x.t("REFUND"), x.money(r.Total), Big)
	b.add("", "", Rule)
	for _, t := range r.Tenders {
		b.add(x.t("To %v", x.TenderName(t.Method)), x.money(t.Amount), Normal)
	}
	b.footer(loc)
	return b.out
}

// ZReport lays out a shift's report.
func ZReport(z *pos.ZReport, loc pos.Location, x Text) []Line {
	var b builder
	b.header(loc)
	s := &z.Shift
	title := x.t("Z report")
	end := s.ClosedAt
	if s.Open() {
		title = x.t("X report (shift open)")
	}
	b.add(title, s.TillID, Bold)
	b.add(x.t("Opened"), s.OpenedAt.Local().Format(stamp), Normal)
	if name := staffName(s.OpenedName, s.OpenedBy); name != "" {
		b.add(x.t("Opened by"), name, Normal)
	}
	if !end.IsZero() {
		b.add(x.t("Closed"), end.Local().Format(stamp), Normal)
		if name := staffName(s.ClosedName, s.ClosedBy); name != "" {
			b.add(x.t("Closed by"), name, Normal)
		}
	}
	b.add("", "", Rule)
	b.add(x.t("Sales (%v)", z.Orders), x.money(z.Sales), Normal)
	b.add(x.t("Returns (%v)", z.Returns), x.minus(z.Refunds), Normal)
	b.add(x.t("Net sales"), x.money(z.Sales.Sub(z.Refunds)), Bold)
	b.add(x.t("Tax"), x.money(z.Tax), Normal)
	b.add(x.t("Discounts given"), x.money(z.DiscountsNet), Normal)
	for _, d := range z.Discounts {
		b.add(d.Title, x.money(d.Net()), Indent)
	}
	b.add("", "", Rule)
	for _, t := range z.Tenders {
		b.add(x.TenderName(t.Method), x.money(t.Taken.Sub(t.Refunded)), Normal)
		if !t.Refunded.IsZero() {
			b.add(x.t("refunded %v", x.money(t.Refunded)), "", Muted)
		}
	}
	b.add("", "", Rule)
	b.add(x.t("Float"), x.money(s.Float), Normal)
	b.add(x.t("Cash sales"), x.money(z.CashSales), Normal)
	b.add(x.t("Cash refunds"), x.minus(z.CashRefunds), Normal)
	b.add(x.t("Cash in"), x.money(z.CashIn), Normal)
	b.add(x.t("Cash out"), x.minus(z.CashOut), Normal)
	for _, mv := range s.Moves {
		b.add(mv.Reason, x.money(mv.Amount), Indent)
	}
	b.add(x.t("Expected in drawer"), x.money(z.ExpectedCash), Bold)
	if !s.Open() {
		b.add(x.t("Counted"), x.money(z.Counted), Bold)
		b.add(x.t("Difference"), x.money(z.Difference), Big)
	}
	return b.out
}
