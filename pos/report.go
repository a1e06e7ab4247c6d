package pos

import (
	"sort"
	"time"
)

// Report sums the live orders and returns of a period (test ones never
// count): sales, returns, what each discount cost, cross-sells offered
// against accepted, and the best-selling products.
type Report struct {
	From, To time.Time // From ≤ created_at < To
	Currency Currency
	Orders   int
	Units    int
	Gross    Money // unit price × quantity, before discounts
	Sales    Money // what customers paid (order totals)
	Returns  int
	Refunds  Money // what returns gave back (their totals)
	Returned int   // units returned
	// Net is the net sales, as Shopify and Square mean it: the goods sold
	// after every discount, less the goods returned, before tax and
	// shipping. Net + Tax + Shipping = Total.
	Net       Money
	Tax       Money // tax taken (inside prices and on top), less tax refunded
	Shipping  Money // shipping charged after its discount, less shipping refunded
	Total     Money // Sales − Refunds: everything the period took, all in
	Discounts []DiscountSum
	// Discounted is every discount's money net of returns.
	Discounted Money
	// Cross-sells: orders whose quote offered one (an offer still shown at
	// payment, or a cross-sell line, which was offered before it was
	// accepted), and orders with an accepted cross-sell line.
	CrossSellOffered  int
	CrossSellAccepted int
	CrossSellRevenue  Money // what accepted cross-sell lines took (net)
	Products          []ProductSum
	Days              []DaySum
	// Hours is the net sales by hour of the day (the report's time zone),
	// every day of the period together: the hours with a sale or a return.
	Hours []HourSum
	// Payments is the money by payment type, always cash, card, other.
	Payments []PaymentSum
	// Staff is the money by member of staff, the largest net first.
	Staff []StaffSum
}

// StaffSum is one member of staff's sales and refunds over the period: the
// sales they took payment for, the returns they gave. StaffID "" gathers
// those recorded before staff signed in.
type StaffSum struct {
	StaffID string
	Name    string // the latest name their sales and returns carry
	Orders  int
	Sales   Money // what their sales took (order totals)
	Returns int
	Refunds Money // what their returns gave back
}

// Net is what their sales took less what their returns gave back.
func (s StaffSum) Net() Money { return s.Sales.Sub(s.Refunds) }

// PaymentSum is one payment type's money over the period: what sales took
// by it and what returns gave back to it.
type PaymentSum struct {
	Method   TenderMethod
	Orders   int   // sales paid with it, wholly or in part
	Taken    Money // what they took by it; cash less the change given back
	Returns  int   // returns that gave money back to it
	Refunded Money
}

// Net is what the payment type took, less what returns gave back to it.
func (s PaymentSum) Net() Money { return s.Taken.Sub(s.Refunded) }

// reportMethods are the payment types a report shows, in order.
var reportMethods = []TenderMethod{Cash, Card, Other}

// ProductSum is one product's sales over the period.
type ProductSum struct {
	ProductID string
	Title     string
	Units     int   // sold less returned
	Revenue   Money // net of discounts, before exclusive tax, less refunds' net
}

// DaySum is one day's net sales.
type DaySum struct {
	Day time.Time
	Net Money
}

// HourSum is one hour of the day's sales over the period: from Hour:00 to
// Hour:59, every day together.
type HourSum struct {
	Hour    int // 0–23
	Orders  int // sales made in that hour
	Returns int // returns made in that hour
	Net     Money
}

// netSales is what a sale's goods came to after every discount, before tax
// and shipping (shipping is not taxed: PRICING.md).
func netSales(q *Quote) int64 {
	return q.Total.Minor() - q.Tax.Minor() - (q.Shipping.Minor() - q.ShippingDiscount.Minor())
}

// netReturned is what a return gave back for goods, before tax and shipping.
func netReturned(rt *Return) int64 {
	return rt.Total.Minor() - rt.Tax.Minor() - rt.Shipping.Minor()
}

// MakeReport sums orders and returns in cur over [from, to). Orders in
// another currency or test orders are skipped; returns count on the day
// they were made.
func MakeReport(orders []*Order, returns []Return, cur Currency, from, to time.Time) *Report {
	m := func(n int64) Money { return NewMoney(n, cur) }
	r := &Report{From: from, To: to, Currency: cur}
	var gross, sales, tax, refunds, discNet, xsRev, net, ship int64
	type hacc struct {
		orders, returns int
		net             int64
	}
	hours := map[int]*hacc{}
	hourOf := func(t time.Time) *hacc {
		h := t.In(from.Location()).Hour()
		a, ok := hours[h]
		if !ok {
			a = &hacc{}
			hours[h] = a
		}
		return a
	}
	discs := map[string]*DiscountSum{}
	var discOrder []string
	disc := func(id, title string) *DiscountSum {
		d, ok := discs[id]
		if !ok {
			if id == "custom" {
				title = "Custom"
			}
			d = &DiscountSum{DiscountID: id, Title: title, Given: m(0), Returned: m(0)}
			discs[id] = d
			discOrder = append(discOrder, id)
		}
		return d
	}
	type pacc struct {
		id, title string
		units     int
		rev       int64
	}
	prods := map[string]*pacc{}
	prod := func(id, title string) *pacc {
		key := id
		if id == "" { // custom sales, one entry per title
			key = "\x00" + title
		}
		p, ok := prods[key]
		if !ok {
			p = &pacc{id: id, title: title}
			prods[key] = p
		}
		return p
	}
	payments := map[TenderMethod]*PaymentSum{}
	for _, method := range reportMethods {
		payments[method] = &PaymentSum{Method: method, Taken: m(0), Refunded: m(0)}
	}
	staff := map[string]*StaffSum{}
	member := func(id, name string) *StaffSum {
		s, ok := staff[id]
		if !ok {
			s = &StaffSum{StaffID: id, Sales: m(0), Refunds: m(0)}
			staff[id] = s
		}
		if name != "" {
			s.Name = name
		}
		return s
	}
	days := map[time.Time]int64{}
	dayOf := func(t time.Time) time.Time {
		y, mo, d := t.In(from.Location()).Date()
		return time.Date(y, mo, d, 0, 0, 0, 0, from.Location())
	}
	for _, o := range orders {
		if o.Test || o.Currency != cur || o.CreatedAt.Before(from) || !o.CreatedAt.Before(to) {
			continue
		}
		q := &o.Quote
		r.Orders++
		r.Units += q.Units
		sales += q.Total.Minor()
		tax += q.Tax.Minor()
		n := netSales(q)
		net += n
		ship += q.Shipping.Minor() - q.ShippingDiscount.Minor()
		days[dayOf(o.CreatedAt)] += n
		h := hourOf(o.CreatedAt)
		h.orders++
		h.net += n
		addPayments(payments, o.Tenders, o.Change, func(s *PaymentSum, a Money) { s.Orders++; s.Taken = s.Taken.Add(a) })
		who := member(o.StaffID, o.StaffName)
		who.Orders++
		who.Sales = who.Sales.Add(q.Total)
		offered, accepted := len(q.CrossSellOffers) > 0, false
		for _, l := range q.Lines {
			gross += l.Subtotal.Minor()
			p := prod(l.ProductID, l.Title)
			p.units += l.Quantity
			p.rev += l.Net.Minor()
			if l.CrossSell {
				offered, accepted = true, true
				xsRev += l.Net.Minor()
			}
		}
		if offered {
			r.CrossSellOffered++
		}
		if accepted {
			r.CrossSellAccepted++
		}
		for _, a := range q.Applied {
			d := disc(a.DiscountID, a.Title)
			d.Orders++
			d.Given = d.Given.Add(a.Amount)
			discNet += a.Amount.Minor()
		}
	}
	for i := range returns {
		rt := &returns[i]
		if rt.Test || rt.Currency != cur || rt.CreatedAt.Before(from) || !rt.CreatedAt.Before(to) {
			continue
		}
		r.Returns++
		r.Returned += rt.Units
		refunds += rt.Total.Minor()
		tax -= rt.Tax.Minor()
		n := netReturned(rt)
		net -= n
		ship -= rt.Shipping.Minor()
		days[dayOf(rt.CreatedAt)] -= n
		h := hourOf(rt.CreatedAt)
		h.returns++
		h.net -= n
		addPayments(payments, rt.Tenders, Money{}, func(s *PaymentSum, a Money) { s.Returns++; s.Refunded = s.Refunded.Add(a) })
		who := member(rt.StaffID, rt.StaffName)
		who.Returns++
		who.Refunds = who.Refunds.Add(rt.Total)
		for _, l := range rt.Lines {
			p := prod(l.ProductID, l.Title)
			p.units -= l.Quantity
			p.rev -= l.Refund.Minor() - l.ExclusiveTax.Minor()
			for _, d := range l.Discounts {
				s := disc(d.DiscountID, d.Title)
				s.Returned = s.Returned.Add(d.Amount)
				discNet -= d.Amount.Minor()
			}
		}
	}
	for _, id := range discOrder {
		r.Discounts = append(r.Discounts, *discs[id])
	}
	sort.SliceStable(r.Discounts, func(i, j int) bool { return r.Discounts[i].Net().Cmp(r.Discounts[j].Net()) > 0 })
	for _, p := range prods {
		r.Products = append(r.Products, ProductSum{ProductID: p.id, Title: p.title, Units: p.units, Revenue: m(p.rev)})
	}
	sort.Slice(r.Products, func(i, j int) bool {
		a, b := r.Products[i], r.Products[j]
		if c := a.Revenue.Cmp(b.Revenue); c != 0 {
			return c > 0
		}
		if a.ProductID != b.ProductID {
			return a.ProductID < b.ProductID
		}
		return a.Title < b.Title
	})
	for d := dayOf(from); d.Before(to); d = d.AddDate(0, 0, 1) {
		r.Days = append(r.Days, DaySum{Day: d, Net: m(days[d])})
		if len(r.Days) > 366 {
			break
		}
	}
	for h := 0; h < 24; h++ {
		if a, ok := hours[h]; ok {
			r.Hours = append(r.Hours, HourSum{Hour: h, Orders: a.orders, Returns: a.returns, Net: m(a.net)})
		}
	}
	for _, method := range reportMethods {
		r.Payments = append(r.Payments, *payments[method])
	}
	for _, s := range staff {
		r.Staff = append(r.Staff, *s)
	}
	sort.Slice(r.Staff, func(i, j int) bool {
		a, b := r.Staff[i], r.Staff[j]
		if c := a.Net().Cmp(b.Net()); c != 0 {
			return c > 0
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.StaffID < b.StaffID
	})
	r.Gross, r.Sales, r.Tax, r.Refunds = m(gross), m(sales), m(tax), m(refunds)
	r.Net, r.Shipping, r.Total = m(net), m(ship), m(sales-refunds)
	r.Discounted, r.CrossSellRevenue = m(discNet), m(xsRev)
	return r
}

// addPayments adds each payment type's part of one sale or return once:
// several tenders of one type count as one, and the change given back comes
// out of the cash.
func addPayments(sums map[TenderMethod]*PaymentSum, tenders []Tender, change Money, add func(*PaymentSum, Money)) {
	by := map[TenderMethod]int64{}
	for _, t := range tenders {
		by[t.Method] += t.Amount.Minor()
	}
	by[Cash] -= change.Minor()
	for _, method := range reportMethods {
		if a, s := by[method], sums[method]; a != 0 && s != nil {
			add(s, NewMoney(a, s.Taken.Currency()))
		}
	}
}
