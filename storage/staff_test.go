package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"caisse/pos"
)

func TestStaffRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	h, err := pos.HashPIN("123456")
	if err != nil {
		t.Fatal(err)
	}
	// A new database has the demo staff: SeedStaff adds nobody.
	if ok, err := db.SeedStaff(ctx, []pos.Staff{{ID: "x", Name: "X", Role: pos.Cashier, PINHash: h}}); ok || err != nil {
		t.Fatalf("SeedStaff = %v, %v; want false", ok, err)
	}
	if err := db.SaveStaff(ctx, pos.Staff{ID: "c1", Name: "Cam", Role: pos.Cashier, PINHash: "1234", Active: true}); err == nil {
		t.Fatal("a plain PIN was stored")
	}
	locked := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	m := pos.Staff{ID: "m1", Name: "Mia", Role: pos.Manager, PINHash: h, Active: true, FailedPINs: 2, Lockouts: 1, LockedUntil: locked}
	c := pos.Staff{ID: "c1", Name: "Cam", Role: pos.Cashier, PINHash: h, Active: true}
	for _, s := range []pos.Staff{m, c} {
		if err := db.SaveStaff(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Staff(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]pos.Staff{}
	for _, s := range got {
		byID[s.ID] = s
	}
	if len(got) != 4 || byID["c1"] != c || byID["m1"] != m || !byID["manager"].DemoPIN || !byID["cashier"].DemoPIN {
		t.Fatalf("Staff = %+v", got)
	}
	if s, err := pos.FindByPIN(got, "123456", pos.Manager); err != nil || (s.ID != "m1" && s.ID != "manager") {
		t.Fatalf("FindByPIN = %v, %v", s, err)
	}
}

// A new database, however it is opened, gets the demo manager (123456) and
// cashier (0000) marked DemoPIN; a database with staff keeps its own.
func TestNewDatabaseHasDemoStaff(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop", "caisse.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	staff, err := db.Staff(ctx)
	if err != nil || len(staff) != 2 {
		t.Fatalf("Staff = %+v, %v", staff, err)
	}
	for _, s := range staff {
		pin := map[string]string{"manager": pos.DemoManagerPIN, "cashier": pos.DemoCashierPIN}[s.ID]
		if pin == "" || !s.DemoPIN || !s.Active || !pos.PINMatches(s.PINHash, pin) || string(s.Role) != s.ID {
			t.Fatalf("demo staff %+v", s)
		}
	}
	// The manager renames the cashier and disables the demo manager after
	// adding one of their own: reopening does not bring the demo staff back.
	h, _ := pos.HashPIN("654321")
	if err := db.SaveStaff(ctx, pos.Staff{ID: "mia", Name: "Mia", Role: pos.Manager, PINHash: h, Active: true}); err != nil {
		t.Fatal(err)
	}
	off := staff[1] // manager (by id)
	off.Active = false
	if err := db.SaveStaff(ctx, off); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = MustOpenDBAt(t, path)
	again, err := db.Staff(ctx)
	if err != nil || len(again) != 3 {
		t.Fatalf("reopened: %+v, %v", again, err)
	}
	for _, s := range again {
		if s.ID == "manager" && s.Active {
			t.Fatal("the demo manager came back")
		}
	}
}

// The database file is created 0600 in a folder created 0700: it holds the
// PIN hashes.
func TestDatabaseFileModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "caisse")
	path := filepath.Join(dir, "caisse.db")
	MustOpenDBAt(t, path)
	for p, want := range map[string]os.FileMode{path: 0o600, dir: 0o700, filepath.Dir(dir): 0o700} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", p, got, want)
		}
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("the write-ahead log is %o", fi.Mode().Perm())
	}
}

// A new database's approval limit is 20%, 50.00 and a refund of 50.00 in
// its currency; a saved one reads back, zero fields meaning no limit.
func TestApprovalLimitDefaultAndSaved(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := db.ApprovalLimit(ctx); err == nil {
		t.Fatal("a limit without a location to take its currency from")
	}
	if _, err := db.Seed(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	l, err := db.ApprovalLimit(ctx)
	if err != nil || l != pos.DefaultApprovalLimit(usd) || l.Amount != money(5000) || l.Refund != money(5000) || l.Percent != mustPercent(t, "20") {
		t.Fatalf("ApprovalLimit = %+v, %v", l, err)
	}
	want := pos.ApprovalLimit{Percent: mustPercent(t, "15"), Amount: money(2000)}
	e, _ := pos.NewAuditEntry(time.Now(), "m1", pos.AuditApprovalLimit, "", l, want)
	if err := db.SaveApprovalLimit(ctx, want, e); err != nil {
		t.Fatal(err)
	}
	want.Refund = money(0)
	if l, err = db.ApprovalLimit(ctx); err != nil || l != want {
		t.Fatalf("ApprovalLimit = %+v, %v; want %+v", l, err, want)
	}
	if d, err := db.IdleLock(ctx); err != nil || d != pos.DefaultIdleLock {
		t.Fatalf("IdleLock = %v, %v", d, err)
	}
	if err := db.SaveIdleLock(ctx, 90*time.Second, e); err != nil {
		t.Fatal(err)
	}
	if d, err := db.IdleLock(ctx); err != nil || d != 90*time.Second {
		t.Fatalf("IdleLock = %v, %v", d, err)
	}
}

// UpdateStaff writes what fn changed and its audit entries together; an
// entry that cannot be written leaves the member as it was.
func TestUpdateStaffOneTransaction(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	until := time.Date(2026, 5, 1, 9, 1, 0, 0, time.UTC)
	lock := func(s *pos.Staff) {
		s.FailedPINs, s.Lockouts, s.LockedUntil, s.PINHash = 0, 1, until, "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5"
	}
	bad := func(s *pos.Staff) ([]pos.AuditEntry, error) {
		lock(s)
		return []pos.AuditEntry{{At: until, Action: pos.AuditLockout}}, nil // no who
	}
	if err := db.UpdateStaff(ctx, "cashier", bad); err == nil {
		t.Fatal("an audit entry without who was written")
	}
	staff, _ := db.Staff(ctx)
	if c := staff[0]; c.ID != "cashier" || c.Lockouts != 0 || !c.LockedUntil.IsZero() || !c.DemoPIN {
		t.Fatalf("a refused update left %+v", c)
	}
	good := func(s *pos.Staff) ([]pos.AuditEntry, error) {
		lock(s)
		e, err := pos.NewAuditEntry(until, s.ID, pos.AuditLockout, s.ID, nil, nil)
		return []pos.AuditEntry{e}, err
	}
	if err := db.UpdateStaff(ctx, "cashier", good); err != nil {
		t.Fatal(err)
	}
	staff, _ = db.Staff(ctx)
	if c := staff[0]; c.Lockouts != 1 || !c.LockedUntil.Equal(until) || c.DemoPIN {
		t.Fatalf("after the update %+v (a new hash is no longer the demo PIN)", c)
	}
	if log, _ := db.Audit(ctx, 0); len(log) != 1 || log[0].Action != pos.AuditLockout {
		t.Fatalf("audit %+v", log)
	}
	if err := db.UpdateStaff(ctx, "nobody", good); pos.ErrorCode(err) != pos.ENotFound {
		t.Fatalf("no such member: %v", err)
	}
}

func TestAuditRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	setup := testSetup(t)
	if _, err := db.Seed(ctx, setup); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 1, 9, 30, 0, 0, time.UTC)
	before := setup.Discounts[0]
	after := before
	after.Title = "Renamed"
	after.Combines.Order = true
	e, err := pos.NewAuditEntry(at, "m1", pos.AuditDiscount, after.ID, before, after)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveDiscount(ctx, after, e); err != nil {
		t.Fatal(err)
	}
	// A refused discount writes no audit entry either.
	bad := after
	bad.Method = "nope"
	e2, _ := pos.NewAuditEntry(at, "m1", pos.AuditDiscount, bad.ID, after, bad)
	if err := db.SaveDiscount(ctx, bad, e2); err == nil {
		t.Fatal("a bad discount was saved")
	}
	approval, _ := pos.NewAuditEntry(at.Add(time.Minute), "m1", pos.AuditApproval, "cart-1",
		nil, pos.CustomDiscount{Type: pos.Percentage, Percent: mustPercent(t, "50"), Reason: "damaged"})
	if err := db.AppendAudit(ctx, approval); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendAudit(ctx, pos.AuditEntry{At: at}); err == nil {
		t.Fatal("an entry without who or what was written")
	}
	log, err := db.Audit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 {
		t.Fatalf("audit log has %d entries, want 2: %+v", len(log), log)
	}
	approval.Seq, e.Seq = log[0].Seq, log[1].Seq
	if log[0] != approval || log[1] != e {
		t.Fatalf("audit log = %+v\nwant %+v\n and %+v", log, approval, e)
	}
	if e.Before == "" || e.After == "" || e.Before == e.After || approval.Before != "" {
		t.Fatalf("before/after JSON: %q %q %q", e.Before, e.After, approval.Before)
	}
	s, _ := db.LoadSetup(ctx)
	if s.Discounts[0].Title != "Renamed" {
		t.Fatalf("discount not saved: %+v", s.Discounts[0])
	}
	if l, _ := db.Audit(ctx, 1); len(l) != 1 || l[0].Seq != approval.Seq {
		t.Fatalf("Audit(1) = %+v", l)
	}

	// SKU and barcode unique, refused with the other product's name.
	p := setup.Products[0]
	q := setup.Products[1]
	q.SKU = p.SKU
	if p.SKU == "" {
		t.Skip("test set-up has no SKU")
	}
	ep, _ := pos.NewAuditEntry(at, "m1", pos.AuditProduct, q.ID, nil, q)
	err = db.SaveProduct(ctx, q, ep)
	if pos.ErrorCode(err) != pos.EConflict {
		t.Fatalf("duplicate SKU: %v", err)
	}
}

// The location and its audit entry are saved together, or neither.
func TestLocationAudited(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	setup := testSetup(t)
	if _, err := db.Seed(ctx, setup); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 1, 9, 30, 0, 0, time.UTC)
	loc := setup.Location
	loc.ReceiptFooter = "À bientôt"
	e, _ := pos.NewAuditEntry(at, "m1", pos.AuditLocation, loc.ID, setup.Location, loc)
	if err := db.SaveLocation(ctx, loc, e); err != nil {
		t.Fatal(err)
	}
	bad := loc
	bad.Currency = "XXX1"
	e2, _ := pos.NewAuditEntry(at, "m1", pos.AuditLocation, loc.ID, loc, bad)
	if err := db.SaveLocation(ctx, bad, e2); err == nil {
		t.Fatal("a bad location was saved")
	}
	noWho := e
	noWho.StaffID = ""
	loc2 := loc
	loc2.ReceiptFooter = "changed"
	if err := db.SaveLocation(ctx, loc2, noWho); err == nil {
		t.Fatal("a change without who was saved")
	}
	s, _ := db.LoadSetup(ctx)
	if s.Location.ReceiptFooter != "À bientôt" {
		t.Fatalf("footer %q: the refused saves left something", s.Location.ReceiptFooter)
	}
	if log, _ := db.Audit(ctx, 0); len(log) != 1 {
		t.Fatalf("%d audit entries, want 1", len(log))
	}
}

func TestStaffAuditedKeepsAManager(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	staff, _ := db.Staff(ctx)
	m := staff[1] // the demo manager, the only one
	at := time.Now()
	e, _ := pos.NewAuditEntry(at, "manager", pos.AuditStaff, "manager", nil, m.Info())
	off := m
	off.Active = false
	if err := db.SaveStaff(ctx, off, e); pos.ErrorCode(err) != pos.ENotAllowed {
		t.Fatalf("the last manager was disabled: %v", err)
	}
	cashier := m
	cashier.Role = pos.Cashier
	if err := db.SaveStaff(ctx, cashier, e); pos.ErrorCode(err) != pos.ENotAllowed {
		t.Fatalf("the last manager was made a cashier: %v", err)
	}
	m.Name = "Boss"
	if err := db.SaveStaff(ctx, m, e); err != nil {
		t.Fatal(err)
	}
	if log, _ := db.Audit(ctx, 0); len(log) != 1 {
		t.Fatalf("%d audit entries, want 1", len(log))
	}
}
