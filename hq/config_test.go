package hq

import (
	"context"
	"testing"
	"time"

	"caisse/pos"
)

// pricedDemo is the demo set-up with the espresso at price and without the
// product drop (the last one), so a change is visible.
func pricedDemo(t testing.TB, price string, drop bool) []byte {
	return editDemo(t, func(doc map[string]any) {
		products := doc["products"].([]any)
		for _, p := range products {
			p := p.(map[string]any)
			if p["id"] == "espresso" {
				p["prices"].([]any)[0].(map[string]any)["amount"] = price
			}
		}
		if drop {
			doc["products"] = products[:len(products)-1]
		}
	})
}

// A configuration pushed at head office reaches a joined till at its next
// round, whole, in one transaction; the till reloads and sells at the new
// price; an older or repeated version changes nothing; a till offline keeps
// what it has.
func TestConfigComesDownAndReloadsTheTill(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	tt := newTestTill(t, "till-a")
	_, err := Join(ctx, tt.db, url, "Lyon", "till-a")
	must(t, err)
	before, err := tt.db.LoadSetup(ctx)
	must(t, err)
	dropped := before.Products[len(before.Products)-1].ID
	v1, err := h.PushConfig(ctx, "Lyon", Config{Setup: pricedDemo(t, "3.10", true)})
	must(t, err)
	s := NewSyncer(tt.db)
	defer s.Close()
	s.OnConfig = tt.till.Reload
	res, err := s.Round(ctx)
	must(t, err)
	if res.Applied != v1 {
		t.Fatalf("round applied version %d, want %d", res.Applied, v1)
	}
	if p, ok := tt.till.Catalog().Product("espresso"); !ok || p.Prices[0].Amount.Minor() != 310 {
		t.Fatalf("espresso after the change: %+v", p)
	}
	if _, ok := tt.till.Catalog().Product(dropped); ok {
		t.Fatalf("product %s is still in the catalog", dropped)
	}
	o, err := tt.sell(t, "espresso", "")
	must(t, err)
	if o.Quote.Lines[0].UnitPrice.Minor() != 310 {
		t.Fatalf("sold at %s", o.Quote.Lines[0].UnitPrice)
	}
	// Nothing new: nothing applied.
	res, err = s.Round(ctx)
	must(t, err)
	if res.Applied != 0 {
		t.Fatalf("an unchanged configuration was applied again: %+v", res)
	}
	// The head office goes away: the till keeps its configuration and sells.
	link, _, err := tt.db.HQLink(ctx)
	must(t, err)
	link.URL = "postgres://postgres@127.0.0.1:1/none?sslmode=disable"
	must(t, tt.db.SetHQLink(ctx, link))
	if _, err := s.Round(ctx); err == nil {
		t.Fatal("a round without the head office succeeded")
	}
	must(t, tt.till.Reload(ctx))
	if v, _ := tt.db.ConfigVersion(ctx); v != v1 {
		t.Fatalf("offline till's version %d, want %d", v, v1)
	}
	if o, err := tt.sell(t, "espresso", ""); err != nil || o.Quote.Lines[0].UnitPrice.Minor() != 310 {
		t.Fatalf("offline sale: %v", err)
	}
}

// A cart open when a change arrives keeps the prices its lines were added
// at (a line carries its unit price); a new cart takes the new ones.
func TestOpenCartKeepsItsPricesAcrossAChange(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	tt := newTestTill(t, "till-a")
	_, err := Join(ctx, tt.db, url, "Lyon", "till-a")
	must(t, err)
	must(t, tt.till.NewCart(ctx, pos.CartOptions{}))
	must(t, tt.till.Add(ctx, "espresso", "", 1))
	_, err = h.PushConfig(ctx, "Lyon", Config{Setup: pricedDemo(t, "3.10", false)})
	must(t, err)
	s := NewSyncer(tt.db)
	defer s.Close()
	s.OnConfig = tt.till.Reload
	_, err = s.Round(ctx)
	must(t, err)
	if got := tt.till.Quote().Lines[0].UnitPrice.Minor(); got != 300 {
		t.Fatalf("the open cart's espresso is now %d, want 300", got)
	}
	o, err := tt.till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: tt.till.Quote().Total}})
	must(t, err)
	if o.Quote.Lines[0].UnitPrice.Minor() != 300 {
		t.Fatalf("paid at %s", o.Quote.Lines[0].UnitPrice)
	}
	o, err = tt.sell(t, "espresso", "")
	must(t, err)
	if o.Quote.Lines[0].UnitPrice.Minor() != 310 {
		t.Fatalf("a new cart sold at %s", o.Quote.Lines[0].UnitPrice)
	}
}

// A bad configuration is refused at head office, before any till sees it.
func TestPushConfigRefusesABadSetup(t *testing.T) {
	h, _ := newHQ(t)
	ctx := context.Background()
	bad := editDemo(t, func(doc map[string]any) { doc["location"].(map[string]any)["currency"] = "XXQ" })
	if _, err := h.PushConfig(ctx, "Lyon", Config{Setup: bad}); err == nil {
		t.Fatal("a set-up in an unknown currency was stored")
	}
	if n := count(t, h, `SELECT count(*) FROM config_versions`); n != 0 {
		t.Fatalf("%d versions stored", n)
	}
}

// With Run going, a change pushed at head office is applied through
// LISTEN/NOTIFY, long before the poll would come (Poll is an hour here).
func TestConfigChangeReachesARunningTillByNotify(t *testing.T) {
	h, url := newHQ(t)
	tt := newTestTill(t, "till-a")
	_, err := Join(context.Background(), tt.db, url, "Lyon", "till-a")
	must(t, err)
	d := configLatency(t, h, tt, 1)
	t.Logf("a change reached the running till in %v", d)
}

// configLatency starts a Syncer with an hour's poll, waits for its first
// round, then pushes n changes one after the other and returns the mean time
// from each push to the till's reload.
func configLatency(t testing.TB, h *HQ, tt *testTill, n int) time.Duration {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := NewSyncer(tt.db)
	s.Poll = time.Hour
	reloaded := make(chan int64, 16)
	s.OnConfig = func(ctx context.Context) error {
		if err := tt.till.Reload(ctx); err != nil {
			return err
		}
		v, err := tt.db.ConfigVersion(ctx)
		reloaded <- v
		return err
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	deadline := time.Now().Add(30 * time.Second)
	for s.Status().LastSync.IsZero() {
		if time.Now().After(deadline) {
			t.Fatalf("the syncer never completed a round: %+v", s.Status())
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // the listener is connected
	var total time.Duration
	for i := 0; i < n; i++ {
		price := []string{"3.10", "3.20"}[i%2]
		start := time.Now()
		v, err := h.PushConfig(ctx, "Lyon", Config{Setup: pricedDemo(t, price, false)})
		must(t, err)
		for got := int64(0); got != v; {
			select {
			case got = <-reloaded:
			case <-time.After(30 * time.Second):
				t.Fatalf("version %d never reached the till", v)
			}
		}
		total += time.Since(start)
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Run returned %v", err)
	}
	return total / time.Duration(n)
}

// BenchmarkConfigToRunningTill: push → NOTIFY → pull → one SQLite
// transaction → Till.Reload, on the demo shop (goal ≤ 2 s).
func BenchmarkConfigToRunningTill(b *testing.B) {
	h, url := newHQ(b)
	tt := newTestTill(b, "till-a")
	_, err := Join(context.Background(), tt.db, url, "Lyon", "till-a")
	must(b, err)
	b.ResetTimer()
	d := configLatency(b, h, tt, b.N)
	b.ReportMetric(float64(d.Milliseconds()), "ms/change")
}
