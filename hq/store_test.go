package hq

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"caisse/pos"
	"caisse/pos/setupjson"
)

// testManager is the manager a joined test till's back office acts as.
var testManager = pos.Staff{ID: "manager", Name: "Manager", Role: pos.Manager, Active: true}

// joinedTill is a test till joined to the head office at url as shop
// Lyon, on the joined store (hq.Store) with its Syncer, acting as a
// manager.
func joinedTill(t testing.TB, url, name string) (*testTill, *Syncer) {
	t.Helper()
	ctx := context.Background()
	tt := newTestTill(t, name)
	_, err := Join(ctx, tt.db, url, "Lyon", name)
	must(t, err)
	s := NewSyncer(tt.db)
	t.Cleanup(s.Close)
	till, err := pos.NewTill(ctx, NewStore(tt.db.WithTill(name), s), pos.Options{TillID: name, Actor: &testManager})
	must(t, err)
	s.OnConfig = till.Reload
	tt.till = till
	return tt, s
}

func espressoPrice(t testing.TB, tt *testTill) int64 {
	t.Helper()
	p, ok := tt.till.Catalog().Product("espresso")
	if !ok {
		t.Fatal("no espresso")
	}
	return p.Prices[0].Amount.Minor()
}

// A back-office edit on a joined till goes to the head office as a new
// version, is applied on that till with its audit entry, and reaches the
// shop's other tills at their next round: a product, the approval limits,
// a new member of staff.
func TestOfficeEditGoesToHeadOfficeAndOtherTills(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	v1, err := h.PushConfig(ctx, "Lyon", Config{Setup: demoJSON(t)})
	must(t, err)
	a, sa := joinedTill(t, url, "till-a")
	b, sb := joinedTill(t, url, "till-b")
	for _, s := range []*Syncer{sa, sb} {
		if res, err := s.Round(ctx); err != nil || res.Applied != v1 {
			t.Fatalf("first round: %+v %v", res, err)
		}
	}
	o, err := a.till.Office(ctx)
	must(t, err)
	cp, _ := a.till.Catalog().Product("espresso")
	p := *cp
	p.Prices = append([]pos.Price(nil), cp.Prices...)
	p.Prices[0].Amount = pos.NewMoney(420, "USD")
	auditBefore, err := a.db.Audit(ctx, 0)
	must(t, err)
	must(t, o.SaveProduct(ctx, p))
	if got := espressoPrice(t, a); got != 420 {
		t.Fatalf("till A sells the espresso at %d after its own edit", got)
	}
	v2, err := a.db.ConfigVersion(ctx)
	must(t, err)
	if v2 <= v1 || count(t, h, `SELECT count(*) FROM config_versions`) != 2 {
		t.Fatalf("the edit is version %d at till A, after %d; %d versions at head office", v2, v1, count(t, h, `SELECT count(*) FROM config_versions`))
	}
	latest, c, ok, err := h.LatestConfig(ctx, mustLink(t, a).ShopID, 0)
	must(t, err)
	if !ok || latest != v2 {
		t.Fatalf("head office's latest: version %d %v", latest, ok)
	}
	// The till's version is a set-up file, as push-config's: the espresso
	// at 4.20, written as a decimal.
	if setup, err := setupjson.Parse(c.Setup); err != nil {
		t.Fatalf("the till's version is not a set-up file: %v\n%s", err, c.Setup)
	} else if p, _ := pos.NewCatalog(setup.Products); p == nil {
		t.Fatal("no catalog")
	} else if e, _ := p.Product("espresso"); e.Prices[0].Amount.Minor() != 420 || !strings.Contains(string(c.Setup), `"amount": "4.20"`) {
		t.Fatalf("the till's version prices the espresso at %v:\n%s", e.Prices[0].Amount, c.Setup)
	}
	auditAfter, err := a.db.Audit(ctx, 0)
	must(t, err)
	if len(auditAfter) != len(auditBefore)+1 || auditAfter[0].Action != "product" || auditAfter[0].Subject != "espresso" {
		t.Fatalf("till A's audit after the edit: %d entries (was %d), newest %+v", len(auditAfter), len(auditBefore), auditAfter[0])
	}
	// Till B takes it at its next round.
	if res, err := sb.Round(ctx); err != nil || res.Applied != v2 {
		t.Fatalf("till B's round: %+v %v", res, err)
	}
	if got := espressoPrice(t, b); got != 420 {
		t.Fatalf("till B sells the espresso at %d after till A's edit", got)
	}
	// Approval limits and a new member of staff, the same way.
	lim := pos.ApprovalLimit{Percent: pct(t, "15"), Amount: pos.NewMoney(3000, "USD"), Refund: pos.NewMoney(4000, "USD")}
	must(t, o.SaveLimits(ctx, lim))
	added, err := o.SaveStaff(ctx, pos.StaffInfo{Name: "Noa", Role: pos.Cashier, Active: true}, "2468")
	must(t, err)
	if _, err := sb.Round(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := b.db.ApprovalLimit(ctx)
	must(t, err)
	if got.Amount.Minor() != 3000 || got.Refund.Minor() != 4000 || got.Percent.Cmp(lim.Percent) != 0 {
		t.Fatalf("till B's limits %+v, want %+v", got, lim)
	}
	staff, err := b.db.Staff(ctx)
	must(t, err)
	found := false
	for _, s := range staff {
		found = found || (s.ID == added.ID && s.Name == "Noa" && s.PINHash != "")
	}
	if !found {
		t.Fatalf("till B's staff lacks %s: %+v", added.ID, staff)
	}
	if _, err := b.till.SignIn(ctx, added.ID, "2468"); err != nil {
		t.Fatalf("the new cashier signs in on till B: %v", err)
	}
}

func mustLink(t testing.TB, tt *testTill) (l struct{ ShopID int64 }) {
	t.Helper()
	link, ok, err := tt.db.HQLink(context.Background())
	must(t, err)
	if !ok {
		t.Fatal("not joined")
	}
	l.ShopID = link.ShopID
	return l
}

// offlineURL is a head office nobody listens at.
const offlineURL = "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"

// While the head office can't be reached, a back-office edit on a joined
// till is refused with the reason in words, and nothing changes: not the
// product, not the audit log, not the version.
func TestOfficeEditRefusedOffline(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	_, err := h.PushConfig(ctx, "Lyon", Config{Setup: demoJSON(t)})
	must(t, err)
	a, sa := joinedTill(t, url, "till-a")
	_, err = sa.Round(ctx)
	must(t, err)
	link, _, err := a.db.HQLink(ctx)
	must(t, err)
	link.URL = offlineURL
	must(t, a.db.SetHQLink(ctx, link))
	sa.Close()
	version, err := a.db.ConfigVersion(ctx)
	must(t, err)
	audit, err := a.db.Audit(ctx, 0)
	must(t, err)
	o, err := a.till.Office(ctx)
	must(t, err)
	cp, _ := a.till.Catalog().Product("espresso")
	p := *cp
	p.Prices = append([]pos.Price(nil), cp.Prices...)
	was := p.Prices[0].Amount.Minor()
	p.Prices[0].Amount = pos.NewMoney(999, "USD")
	err = o.SaveProduct(ctx, p)
	const words = "The head office can't be reached: configuration changes are made online. Try again when the till is online."
	if pos.ErrorMessage(err) != words || pos.ErrorCode(err) != pos.EConflict {
		t.Fatalf("offline edit: %v (code %s)", err, pos.ErrorCode(err))
	}
	var pe *pos.Error
	if !errors.As(err, &pe) || pe.Err == nil {
		t.Fatal("the refusal dropped its cause")
	}
	if err := o.SaveLimits(ctx, pos.ApprovalLimit{Percent: pct(t, "5")}); pos.ErrorMessage(err) != words {
		t.Fatalf("offline limits: %v", err)
	}
	if got := espressoPrice(t, a); got != was {
		t.Fatalf("the espresso is at %d after a refused edit, was %d", got, was)
	}
	stored, err := a.db.LoadSetup(ctx)
	must(t, err)
	for _, sp := range stored.Products {
		if sp.ID == "espresso" && sp.Prices[0].Amount.Minor() != was {
			t.Fatal("the refused edit was written locally")
		}
	}
	after, err := a.db.Audit(ctx, 0)
	must(t, err)
	v, err := a.db.ConfigVersion(ctx)
	must(t, err)
	if len(after) != len(audit) || v != version {
		t.Fatalf("audit %d → %d entries, version %d → %d", len(audit), len(after), version, v)
	}
	if n := count(t, h, `SELECT count(*) FROM config_versions`); n != 1 {
		t.Fatalf("%d versions at head office", n)
	}
}

// On a joined till whose sync runs in the background (as the window runs
// it), a sale with the head office down completes at once and waits; the
// status says offline with a count; when the head office is back the next
// sale's kick sends both (the poll is an hour: only the kick can).
func TestSaleWithHeadOfficeDownGoesUpWhenItIsBack(t *testing.T) {
	h, url := newHQ(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := h.PushConfig(ctx, "Lyon", Config{Setup: demoJSON(t)})
	must(t, err)
	a, sa := joinedTill(t, url, "till-a")
	sa.Poll = time.Hour
	link, _, err := a.db.HQLink(ctx)
	must(t, err)
	down := link
	down.URL = offlineURL
	must(t, a.db.SetHQLink(ctx, down))
	done := make(chan struct{})
	go func() { defer close(done); _ = sa.Run(ctx) }()
	defer func() { cancel(); <-done }()

	first, err := a.sell(t, "espresso", "")
	must(t, err)
	waitFor(t, "the status says offline with the sale waiting", func() bool {
		st := sa.SyncState()
		return !st.Online && st.Waiting >= 1 && st.LastError != nil
	})
	if _, ok := hqOrders(t, h)[first.ID]; ok {
		t.Fatal("the sale reached a head office that was down")
	}
	must(t, a.db.SetHQLink(ctx, link)) // the head office is back
	second, err := a.sell(t, "espresso", "")
	must(t, err)
	waitFor(t, "both sales at head office", func() bool {
		got := hqOrders(t, h)
		_, ok1 := got[first.ID]
		_, ok2 := got[second.ID]
		return ok1 && ok2
	})
	waitFor(t, "the status says online with nothing waiting", func() bool {
		st := sa.SyncState()
		return st.Online && st.Waiting == 0 && st.LastError == nil
	})
}

// waitFor polls cond for up to 20 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func pct(t testing.TB, s string) pos.Rate {
	t.Helper()
	r, err := pos.ParsePercent(s)
	must(t, err)
	return r
}

// One format at head office: a set-up pushed with push-config (the demo
// file, as written by hand) and the same set-up pushed from a till's back
// office (an edit that changes nothing) are the same setupjson document;
// a real edit changes only what it edits.
func TestBothSourcesWriteTheSameSetupDocument(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	v1, err := h.PushConfig(ctx, "Lyon", Config{Setup: demoJSON(t)})
	must(t, err)
	a, sa := joinedTill(t, url, "till-a")
	if res, err := sa.Round(ctx); err != nil || res.Applied != v1 {
		t.Fatalf("first round: %+v %v", res, err)
	}
	o, err := a.till.Office(ctx)
	must(t, err)
	cp, _ := a.till.Catalog().Product("espresso")
	must(t, o.SaveProduct(ctx, *cp)) // the same product: a version with nothing changed
	v2, err := a.db.ConfigVersion(ctx)
	must(t, err)
	if v2 == v1 {
		t.Fatal("the edit made no version")
	}
	setupDoc := func(v int64) string {
		t.Helper()
		var doc string
		must(t, h.pool.QueryRow(ctx, `SELECT doc->>'setup' FROM config_versions WHERE version = $1`, v).Scan(&doc))
		return doc
	}
	if n := count(t, h, `SELECT count(*) FROM config_versions a, config_versions b
		WHERE a.version = $1 AND b.version = $2 AND a.doc->'setup' = b.doc->'setup'`, v1, v2); n != 1 {
		t.Fatalf("push-config's document:\n%s\nthe till's:\n%s", setupDoc(v1), setupDoc(v2))
	}
	if n := count(t, h, `SELECT count(*) FROM config_versions WHERE doc ? 'till_setup'`); n != 0 {
		t.Fatalf("%d versions in pos's own JSON", n)
	}
	// A price edit: the documents differ by that price only.
	p := *cp
	p.Prices = append([]pos.Price(nil), cp.Prices...)
	p.Prices[0].Amount = pos.NewMoney(420, "USD")
	must(t, o.SaveProduct(ctx, p))
	v3, err := a.db.ConfigVersion(ctx)
	must(t, err)
	before, after := setupDoc(v2), setupDoc(v3)
	old := `"amount": "` + cp.Prices[0].Amount.String() + `"`
	if before == after || strings.Replace(before, old, `"amount": "4.20"`, 1) != after {
		t.Fatalf("after a price edit:\n%s\nbefore:\n%s", after, before)
	}
}
