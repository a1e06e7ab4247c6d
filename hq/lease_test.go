package hq

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"caisse/pos"
)

// Twelve tills lease blocks of a code limited to 50 at once, some giving
// uses back between: the uses handed out and not given back never pass 50,
// and every use is handed out in the end.
func TestLeasesNeverOverGrant(t *testing.T) {
	h, _ := newHQ(t)
	ctx := context.Background()
	_, err := h.PushConfig(ctx, "Lyon", Config{Setup: limitedDemo(t, 50)})
	must(t, err)
	var wg sync.WaitGroup
	type total struct{ granted, returned int64 }
	totals := make([]total, 12)
	errs := make(chan error, len(totals))
	for i := range totals {
		_, tillID, err := h.Register(ctx, "Lyon", fmt.Sprintf("till-%d", i))
		must(t, err)
		wg.Add(1)
		go func(i int, tillID int64) {
			defer wg.Done()
			tot := &totals[i]
			for round := 0; ; round++ {
				granted, err := h.Lease(ctx, tillID, "welcome-5", tot.granted, 3)
				if err != nil {
					errs <- err
					return
				}
				if granted == tot.granted {
					return // nothing left
				}
				tot.granted = granted
				if i%3 == 0 && round%2 == 0 { // give one back now and then
					if tot.returned, err = h.Return(ctx, tillID, "welcome-5", tot.returned+1); err != nil {
						errs <- err
						return
					}
				}
			}
		}(i, tillID)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var out int64
	for _, tot := range totals {
		out += tot.granted - tot.returned
	}
	limit, outstanding, err := h.Outstanding(ctx, "welcome-5")
	must(t, err)
	if outstanding != out || out != limit || limit != 50 {
		t.Fatalf("tills hold %d, head office counts %d out of %d", out, outstanding, limit)
	}
	if got := count(t, h, `SELECT sum(granted - returned)::bigint FROM leases`); got != 50 {
		t.Fatalf("leases add up to %d", got)
	}
	// A lost answer: asking with an old total grants nothing new.
	_, tillID, err := h.Register(ctx, "Lyon", "till-0")
	must(t, err)
	if g, err := h.Lease(ctx, tillID, "welcome-5", 0, 3); err != nil || g != totals[0].granted {
		t.Fatalf("a stale lease request got %d %v, want the total %d", g, err, totals[0].granted)
	}
}

// limitedDemo is the demo set-up with WELCOME5 limited to limit uses.
func limitedDemo(t testing.TB, limit int) []byte {
	return editDemo(t, func(doc map[string]any) {
		for _, d := range doc["discounts"].([]any) {
			d := d.(map[string]any)
			if d["id"] == "welcome-5" {
				d["usage_limit"] = limit
			}
		}
	})
}

// leaseSpent is how a till refuses WELCOME5 when its lease is spent.
const leaseSpent = "There are no uses of WELCOME5 left on this till: it can be used again once the till is back online and the head office grants it more."

// sellWelcome sells two bags of house blend (30.00, over WELCOME5's minimum) with the
// code.
func sellWelcome(t testing.TB, tt *testTill) (*pos.Order, error) {
	t.Helper()
	ctx := context.Background()
	must(t, tt.till.NewCart(ctx, pos.CartOptions{}))
	must(t, tt.till.Add(ctx, "house-blend", "", 2))
	if err := tt.till.EnterCode(ctx, "WELCOME5"); err != nil {
		return nil, err
	}
	return tt.till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: tt.till.Quote().Total}})
}

// A joined till spends the uses it leased, offline too, and refuses the code
// with a clear message when its lease is spent; its shift's close gives the
// unused uses back.
func TestJoinedTillSpendsItsLeaseAndGivesTheRestBack(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	_, err := h.PushConfig(ctx, "Lyon", Config{Setup: limitedDemo(t, 5)})
	must(t, err)
	tt := newTestTill(t, "till-a")
	link, err := Join(ctx, tt.db, url, "Lyon", "till-a")
	must(t, err)
	// Joined, no lease yet: the code is refused.
	must(t, tt.till.Reload(ctx))
	if _, err := sellWelcome(t, tt); pos.ErrorCode(err) != pos.ELimit {
		t.Fatalf("a sale with no lease: %v", err)
	}
	sh := newShift(t, tt)
	s := NewSyncer(tt.db)
	defer s.Close()
	s.OnConfig = tt.till.Reload
	s.LeaseBlock = 3
	res, err := s.Round(ctx)
	must(t, err)
	if res.Leased != 3 {
		t.Fatalf("round %+v, want 3 uses leased", res)
	}
	must(t, tt.till.Reload(ctx))
	// Offline from here: the lease is spent, then the code is refused.
	link.URL = "postgres://postgres@127.0.0.1:1/none?sslmode=disable"
	must(t, tt.db.SetHQLink(ctx, link))
	for i := 0; i < 3; i++ {
		o, err := sellWelcome(t, tt)
		if err != nil {
			t.Fatalf("sale %d with a lease: %v", i+1, err)
		}
		if len(o.Quote.Applied) != 1 || o.Quote.Applied[0].DiscountID != "welcome-5" {
			t.Fatalf("sale %d applied %+v", i+1, o.Quote.Applied)
		}
	}
	// The code is refused as it is typed, saying the lease is spent (not
	// that the chain's limit is reached); the sale's transaction would
	// refuse it in the same words.
	if _, err := sellWelcome(t, tt); pos.ErrorCode(err) != pos.ELimit || pos.ErrorMessage(err) != leaseSpent {
		t.Fatalf("a fourth sale with the code: %v, want %q", err, leaseSpent)
	}
	// Back online; the shift closes: nothing unused is left to give back,
	// and the till leases no more until a shift opens.
	link.URL = url
	must(t, tt.db.SetHQLink(ctx, link))
	closeShift(t, tt, sh)
	res, err = s.Round(ctx)
	must(t, err)
	if res.Leased != 0 || res.Returned != 0 {
		t.Fatalf("after the close: %+v", res)
	}
	if _, out, _ := h.Outstanding(ctx, "welcome-5"); out != 3 {
		t.Fatalf("%d uses out, want the 3 spent", out)
	}
	// A new shift leases again (2 left of 5); closing it with none spent
	// gives them back.
	sh = newShift(t, tt)
	res, err = s.Round(ctx)
	must(t, err)
	if res.Leased != 2 {
		t.Fatalf("new shift: %+v, want the last 2 uses leased", res)
	}
	closeShift(t, tt, sh)
	res, err = s.Round(ctx)
	must(t, err)
	if res.Returned != 2 {
		t.Fatalf("close: %+v, want 2 uses given back", res)
	}
	if _, out, _ := h.Outstanding(ctx, "welcome-5"); out != 3 {
		t.Fatalf("%d uses out after the return, want 3", out)
	}
	leases, err := tt.db.Leases(ctx)
	must(t, err)
	for _, l := range leases {
		if l.DiscountID == "welcome-5" && (l.Left() != 0 || l.Used != 3 || l.Returned != 2 || l.ReturnedAcked != 2) {
			t.Fatalf("lease %+v", l)
		}
	}
}

// Two tills on one file share its lease: the one whose view is stale is
// refused by the sale's own transaction, with the lease's message.
func TestLastLeasedUseIsDecidedInTheSaleTransaction(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	_, err := h.PushConfig(ctx, "Lyon", Config{Setup: limitedDemo(t, 1)})
	must(t, err)
	a := newTestTill(t, "till-a")
	_, err = Join(ctx, a.db, url, "Lyon", "till-a")
	must(t, err)
	s := NewSyncer(a.db)
	defer s.Close()
	_, err = s.Round(ctx)
	must(t, err)
	must(t, a.till.Reload(ctx))
	b := &testTill{name: "till-b", db: a.db}
	b.till, err = pos.NewTill(ctx, a.db.WithTill("till-b"), tillOptions("till-b"))
	must(t, err)
	// b prices its cart with the code while the use is still there...
	must(t, b.till.NewCart(ctx, pos.CartOptions{}))
	must(t, b.till.Add(ctx, "house-blend", "", 2))
	must(t, b.till.EnterCode(ctx, "WELCOME5"))
	// ...a spends it...
	if _, err := sellWelcome(t, a); err != nil {
		t.Fatal(err)
	}
	// ...and b's payment is refused inside its transaction.
	_, err = b.till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: b.till.Quote().Total}})
	if pos.ErrorCode(err) != pos.ELimit || pos.ErrorMessage(err) != leaseSpent {
		t.Fatalf("the stale till's sale: %v, want %q", err, leaseSpent)
	}
}
