package pos

import (
	"testing"
	"time"
)

func TestReportSalesReturnsDiscountsCrossSells(t *testing.T) {
	f := newFixture(t, nil, []Product{crossSell(prod("plan", "30.00"), "deploy"), prod("deploy", "10.00"), prod("mug", "5.00")},
		on(pctOff("p10", ClassProduct, "10"), "plan"))
	f.add("plan", 1) // 27.00, offers deploy
	f.ok(f.till.AcceptCrossSell(ctx, "deploy"))
	o1 := f.sale() // 37.00
	f.add("plan", 2)
	o2 := f.sale() // 54.00, offer declined
	f.add("mug", 3)
	f.sale() // 15.00
	f.ok(f.till.SetTestMode(ctx, true))
	f.add("mug", 1)
	f.sale() // test: never counts
	ret, err := f.till.Return(ctx, o2.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	f.ok(err)
	_ = o1
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	r := MakeReport(f.st.Orders, f.st.ReturnsMade, "USD", day, day.AddDate(0, 0, 1))
	if r.Orders != 3 || r.Returns != 1 || r.Returned != 1 {
		t.Fatalf("orders %d returns %d units back %d", r.Orders, r.Returns, r.Returned)
	}
	f.eq("sales", r.Sales, "106.00")
	f.eq("refund", ret.Total, "27.00")
	f.eq("net", r.Net, "79.00")
	// p10 took 3.00 + 6.00, the return gave back 3.00.
	if len(r.Discounts) != 1 || r.Discounts[0].Orders != 2 || r.Discounts[0].Net() != money("6.00") {
		t.Fatalf("discounts %+v", r.Discounts)
	}
	if r.CrossSellOffered != 2 || r.CrossSellAccepted != 1 {
		t.Fatalf("cross-sells offered %d accepted %d", r.CrossSellOffered, r.CrossSellAccepted)
	}
	f.eq("cross-sell revenue", r.CrossSellRevenue, "10.00")
	if len(r.Products) != 3 || r.Products[0].ProductID != "plan" || r.Products[0].Units != 2 || r.Products[0].Revenue != money("54.00") {
		t.Fatalf("products %+v", r.Products)
	}
	if len(r.Days) != 1 || r.Days[0].Net != money("79.00") {
		t.Fatalf("days %+v", r.Days)
	}
}

// TestReportByPaymentType: each payment type's sales (cash less the change
// given) and refunds, with counts; together they make the report's sales
// and refunds.
func TestReportByPaymentType(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("plan", "30.00"), prod("mug", "5.00")})
	tn := func(method TenderMethod, amount string) Tender { return Tender{Method: method, Amount: money(amount)} }
	f.add("plan", 1)
	a := f.sale(tn(Card, "20.00"), tn(Cash, "20.00")) // 10.00 change: cash took 10.00
	f.add("mug", 2)
	f.sale(tn(Other, "10.00"))
	f.add("plan", 2)
	c := f.sale(tn(Card, "60.00"))
	f.ok(f.till.SetTestMode(ctx, true))
	f.add("mug", 1)
	f.sale(tn(Card, "5.00")) // test: never counts
	f.ok(f.till.SetTestMode(ctx, false))
	_, err := f.till.Return(ctx, c.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}}) // card first
	f.ok(err)
	_, err = f.till.Return(ctx, a.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}, AllCash: true})
	f.ok(err)
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	r := MakeReport(f.st.Orders, f.st.ReturnsMade, "USD", day, day.AddDate(0, 0, 1))
	want := []struct {
		method               TenderMethod
		orders, returns      int
		taken, refunded, net string
	}{
		{Cash, 1, 1, "10.00", "30.00", "-20.00"},
		{Card, 2, 1, "80.00", "30.00", "50.00"},
		{Other, 1, 0, "10.00", "0.00", "10.00"},
	}
	if len(r.Payments) != len(want) {
		t.Fatalf("payments %+v", r.Payments)
	}
	taken, refunded := money("0.00"), money("0.00")
	for i, w := range want {
		p := r.Payments[i]
		if p.Method != w.method || p.Orders != w.orders || p.Returns != w.returns {
			t.Errorf("%s: %d orders, %d returns; want %s %d %d", p.Method, p.Orders, p.Returns, w.method, w.orders, w.returns)
		}
		f.eq(string(p.Method)+" taken", p.Taken, w.taken)
		f.eq(string(p.Method)+" refunded", p.Refunded, w.refunded)
		f.eq(string(p.Method)+" net", p.Net(), w.net)
		taken, refunded = taken.Add(p.Taken), refunded.Add(p.Refunded)
	}
	f.eq("sales by payment type", taken, r.Sales.String())
	f.eq("refunds by payment type", refunded, r.Refunds.String())
}

// TestReportByStaff: each member's sales (those they took payment for) and
// refunds (the returns they gave, whoever sold), net, the largest first;
// sales recorded before staff signed in are gathered under no one.
func TestReportByStaff(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("plan", "30.00"), prod("mug", "5.00")})
	by := func(o *Order, id, name string) { o.StaffID, o.StaffName = id, name }
	f.add("plan", 1)
	a1 := f.sale()
	by(a1, "alice", "Alice")
	f.add("mug", 2)
	by(f.sale(), "alice", "Alice B.") // renamed since: the latest name shows
	f.add("plan", 2)
	by(f.sale(), "bob", "Bob")
	f.add("mug", 1)
	by(f.sale(), "", "") // recorded before staff signed in (an older database)
	f.ok(f.till.SetTestMode(ctx, true))
	f.add("mug", 1)
	by(f.sale(), "alice", "Alice") // test: never counts
	f.ok(f.till.SetTestMode(ctx, false))
	_, err := f.till.Return(ctx, a1.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	f.ok(err)
	last := &f.st.ReturnsMade[len(f.st.ReturnsMade)-1]
	last.StaffID, last.StaffName = "bob", "Bob" // Bob gave Alice's sale back
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	r := MakeReport(f.st.Orders, f.st.ReturnsMade, "USD", day, day.AddDate(0, 0, 1))
	want := []struct {
		id, name                string
		orders, returns         int
		sales, refunds, netWant string
	}{
		{"alice", "Alice B.", 2, 0, "40.00", "0.00", "40.00"},
		{"bob", "Bob", 1, 1, "60.00", "30.00", "30.00"},
		{"", "", 1, 0, "5.00", "0.00", "5.00"},
	}
	if len(r.Staff) != len(want) {
		t.Fatalf("staff %+v", r.Staff)
	}
	sales, refunds := money("0.00"), money("0.00")
	for i, w := range want {
		s := r.Staff[i]
		if s.StaffID != w.id || s.Name != w.name || s.Orders != w.orders || s.Returns != w.returns {
			t.Errorf("staff %d = %q %q, %d orders, %d returns; want %+v", i, s.StaffID, s.Name, s.Orders, s.Returns, w)
		}
		f.eq(w.id+" sales", s.Sales, w.sales)
		f.eq(w.id+" refunds", s.Refunds, w.refunds)
		f.eq(w.id+" net", s.Net(), w.netWant)
		sales, refunds = sales.Add(s.Sales), refunds.Add(s.Refunds)
	}
	f.eq("sales by staff", sales, r.Sales.String())
	f.eq("refunds by staff", refunds, r.Refunds.String())
}

// TestReportNetSalesBeforeTaxAndShipping: net sales are the goods after
// discounts, less the goods returned, before tax and shipping; tax and
// shipping are shown apart, and together the three make everything taken
// less everything refunded. Hours add up each hour's sales and returns,
// every day together. Prices with tax on top and tax inside alike.
func TestReportNetSalesBeforeTaxAndShipping(t *testing.T) {
	for _, tc := range []struct {
		name     string
		behavior TaxBehavior
		// 2 × 50.00 with 10% off = 90.00 goods; 10% tax; shipping 5.00.
		net1, tax1 string
		// the return of one unit: 45.00 of goods, its tax
		netBack, taxBack string
	}{
		{"tax on top", TaxExclusive, "90.00", "9.00", "45.00", "4.50"},
		{"tax inside", TaxInclusive, "81.82", "8.18", "40.91", "4.09"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := &Location{ID: "shop", Currency: "USD", Pro: true, TaxRate: percent("10"), DefaultTaxBehavior: tc.behavior}
			f := newFixture(t, loc, []Product{prod("lamp", "50.00"), prod("mug", "10.00")}, on(pctOff("p10", ClassProduct, "10"), "lamp"))
			day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
			f.now = day.Add(10*time.Hour + 5*time.Minute)
			f.add("lamp", 2)
			f.ok(f.till.SetShipping(ctx, money("5.00")))
			o1 := f.sale()
			f.now = day.Add(10*time.Hour + 50*time.Minute)
			f.add("mug", 1)
			o2 := f.sale()
			f.now = day.AddDate(0, 0, 1).Add(14 * time.Hour) // the next day, 14:00
			_, err := f.till.Return(ctx, o1.ID, ReturnRequest{Lines: []ReturnLineRequest{{Pos: 1, Quantity: 1}}, Shipping: true})
			f.ok(err)

			r := MakeReport(f.st.Orders, f.st.ReturnsMade, "USD", day, day.AddDate(0, 0, 2))
			goods2 := o2.Quote.Total.Sub(o2.Quote.Tax)
			f.eq("net sales", r.Net, money(tc.net1).Add(goods2).Sub(money(tc.netBack)).String())
			f.eq("shipping", r.Shipping, "0.00") // 5.00 charged, 5.00 given back
			f.eq("tax", r.Tax, money(tc.tax1).Add(o2.Quote.Tax).Sub(money(tc.taxBack)).String())
			f.eq("total", r.Total, r.Sales.Sub(r.Refunds).String())
			if sum := r.Net.Add(r.Tax).Add(r.Shipping); sum != r.Total {
				t.Fatalf("net %s + tax %s + shipping %s = %s, total %s", r.Net, r.Tax, r.Shipping, sum, r.Total)
			}
			if len(r.Hours) != 2 || r.Hours[0].Hour != 10 || r.Hours[0].Orders != 2 || r.Hours[1].Hour != 14 || r.Hours[1].Returns != 1 {
				t.Fatalf("hours %+v", r.Hours)
			}
			f.eq("10:00", r.Hours[0].Net, money(tc.net1).Add(goods2).String())
			f.eq("14:00", r.Hours[1].Net, "-"+tc.netBack)
			var days, hours int64
			for _, d := range r.Days {
				days += d.Net.Minor()
			}
			for _, h := range r.Hours {
				hours += h.Net.Minor()
			}
			if days != r.Net.Minor() || hours != r.Net.Minor() {
				t.Fatalf("days %d, hours %d, net %s", days, hours, r.Net)
			}
		})
	}
}
