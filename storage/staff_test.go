package storage

import (
	"context"
	"testing"
	"time"

	"caisse/pos"
)

func TestStaffRoundTrip(t *testing.T) {
	pos.PINCost = pos.TestPINCost
	ctx := context.Background()
	db := MustOpenDB(t)
	h, err := pos.HashPIN("1234")
	if err != nil {
		t.Fatal(err)
	}
	m := pos.Staff{ID: "m1", Name: "Mia", Role: pos.Manager, PINHash: h, Active: true}
	if ok, err := db.SeedStaff(ctx, []pos.Staff{m}); !ok || err != nil {
		t.Fatalf("SeedStaff = %v, %v", ok, err)
	}
	if ok, err := db.SeedStaff(ctx, []pos.Staff{{ID: "x", Name: "X", Role: pos.Cashier, PINHash: h}}); ok || err != nil {
		t.Fatalf("second SeedStaff = %v, %v; want false", ok, err)
	}
	if err := db.SaveStaff(ctx, pos.Staff{ID: "c1", Name: "Cam", Role: pos.Cashier, PINHash: "1234", Active: true}); err == nil {
		t.Fatal("a plain PIN was stored")
	}
	c := pos.Staff{ID: "c1", Name: "Cam", Role: pos.Cashier, PINHash: h, Active: true}
	if err := db.SaveStaff(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := db.Staff(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != c || got[1] != m {
		t.Fatalf("Staff = %+v", got)
	}
	if s, err := pos.FindByPIN(got, "1234", pos.Manager); err != nil || s.ID != "m1" {
		t.Fatalf("FindByPIN = %v, %v", s, err)
	}

	// The approval limit: off until set.
	l, err := db.ApprovalLimit(ctx)
	if err != nil || !l.Off() {
		t.Fatalf("ApprovalLimit = %+v, %v; want off", l, err)
	}
	want := pos.ApprovalLimit{Percent: mustPercent(t, "15"), Amount: money(2000)}
	e, _ := pos.NewAuditEntry(time.Now(), "m1", pos.AuditApprovalLimit, "", l, want)
	if err := db.SaveApprovalLimit(ctx, want, e); err != nil {
		t.Fatal(err)
	}
	if l, err = db.ApprovalLimit(ctx); err != nil || l != want {
		t.Fatalf("ApprovalLimit = %+v, %v; want %+v", l, err, want)
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
	pos.PINCost = pos.TestPINCost
	ctx := context.Background()
	db := MustOpenDB(t)
	h, _ := pos.HashPIN("1234")
	m := pos.Staff{ID: "m1", Name: "Mia", Role: pos.Manager, PINHash: h, Active: true}
	at := time.Now()
	e, _ := pos.NewAuditEntry(at, "m1", pos.AuditStaff, "m1", nil, m)
	if err := db.SaveStaff(ctx, m, e); err != nil {
		t.Fatal(err)
	}
	off := m
	off.Active = false
	if err := db.SaveStaff(ctx, off, e); pos.ErrorCode(err) != pos.ENotAllowed {
		t.Fatalf("the last manager was disabled: %v", err)
	}
	if log, _ := db.Audit(ctx, 0); len(log) != 1 {
		t.Fatalf("%d audit entries, want 1", len(log))
	}
}
