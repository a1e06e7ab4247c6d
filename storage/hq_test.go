package storage

import (
	"context"
	"strings"
	"testing"

	"caisse/pos"
)

// A configuration version replaces the whole set-up in one transaction:
// products and discounts no longer configured go, the order given is the
// catalog's, staff are replaced only when the version has them, and a
// version not newer than the applied one changes nothing.
func TestReplaceSetupReplacesTheWholeSetUp(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	setup := testSetup(t)
	if _, err := db.Seed(ctx, setup); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	before, err := db.Staff(ctx) // a new file's demo staff
	must(err)
	must(db.SaveStaff(ctx, pos.Staff{ID: "m1", Name: "Ana", Role: pos.Manager, PINHash: "$2a$04$abcdefghijklmnopqrstuu5gqDSZ9q0j1VNSWi4oi1rQxDkoCGGeS", Active: true}))
	next := testSetup(t)
	next.Products = []pos.Product{next.Products[2], next.Products[1]} // beans, belt: pants and old go
	next.Discounts = next.Discounts[3:4]                              // ship only
	next.Location.ReceiptFooter = "Version 7"
	applied, err := db.ReplaceSetup(ctx, HQConfig{Version: 7, Setup: next})
	if err != nil || !applied {
		t.Fatalf("applying version 7: %v %v", applied, err)
	}
	got, err := db.LoadSetup(ctx)
	must(err)
	if len(got.Products) != 2 || got.Products[0].ID != "beans" || got.Products[1].ID != "belt" {
		t.Fatalf("products %+v", got.Products)
	}
	if len(got.Discounts) != 1 || got.Discounts[0].ID != "ship" || got.Location.ReceiptFooter != "Version 7" {
		t.Fatalf("discounts %+v, location %+v", got.Discounts, got.Location)
	}
	if staff, err := db.Staff(ctx); err != nil || len(staff) != len(before)+1 {
		t.Fatalf("a version without staff changed them: %+v %v", staff, err)
	}
	// An older version, or the same again: nothing.
	for _, v := range []int64{6, 7} {
		if applied, err := db.ReplaceSetup(ctx, HQConfig{Version: v, Setup: setup}); err != nil || applied {
			t.Fatalf("version %d applied again: %v %v", v, applied, err)
		}
	}
	if v, err := db.ConfigVersion(ctx); err != nil || v != 7 {
		t.Fatalf("version %d %v", v, err)
	}
	// A version with staff replaces them; a bad one changes nothing at all.
	cashier := pos.Staff{ID: "c1", Name: "Cam", Role: pos.Cashier, PINHash: "$2a$04$abcdefghijklmnopqrstuu5gqDSZ9q0j1VNSWi4oi1rQxDkoCGGeS", Active: true}
	applied, err = db.ReplaceSetup(ctx, HQConfig{Version: 8, Setup: setup, Staff: []pos.Staff{cashier}})
	if err != nil || !applied {
		t.Fatalf("version 8: %v %v", applied, err)
	}
	if staff, err := db.Staff(ctx); err != nil || len(staff) != 1 || staff[0].ID != "c1" {
		t.Fatalf("staff after version 8: %+v %v", staff, err)
	}
	// A lockout stays through a new version.
	must(db.UpdateStaff(ctx, "c1", func(s *pos.Staff) ([]pos.AuditEntry, error) {
		s.FailedPINs, s.Lockouts = 5, 1
		return nil, nil
	}))
	applied, err = db.ReplaceSetup(ctx, HQConfig{Version: 9, Setup: setup, Staff: []pos.Staff{cashier}})
	if err != nil || !applied {
		t.Fatalf("version 9: %v %v", applied, err)
	}
	if staff, err := db.Staff(ctx); err != nil || len(staff) != 1 || staff[0].FailedPINs != 5 || staff[0].Lockouts != 1 {
		t.Fatalf("a new version cleared the lockout: %+v %v", staff, err)
	}
	bad := testSetup(t)
	bad.Products[0].CrossSell = "nowhere"
	if _, err := db.ReplaceSetup(ctx, HQConfig{Version: 10, Setup: bad}); err == nil {
		t.Fatal("a set-up with a cross-sell to nowhere was applied")
	}
	if v, _ := db.ConfigVersion(ctx); v != 9 {
		t.Fatalf("a refused version moved the version to %d", v)
	}
}

// The acknowledged position only moves forward; joining another till (or
// head office) starts the upload from the beginning again.
func TestHQPositionAndLink(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := db.Seed(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := db.CompleteOrder(ctx, buildOrder(orderSpec{Lines: 2})); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, err := db.HQLink(ctx); ok || err != nil {
		t.Fatalf("a new till is joined: %v %v", ok, err)
	}
	link := HQLink{URL: "postgres://a/hq", Shop: "Lyon", ShopID: 1, Till: "till-1", TillID: 4}
	if err := db.SetHQLink(ctx, link); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Waiting(ctx); err != nil || n != 3 {
		t.Fatalf("%d waiting %v", n, err)
	}
	events, err := db.PendingEvents(ctx, 2)
	if err != nil || len(events) != 2 {
		t.Fatalf("pending %d %v", len(events), err)
	}
	if err := db.AckEvents(ctx, events[1].Seq); err != nil {
		t.Fatal(err)
	}
	if err := db.AckEvents(ctx, events[0].Seq); err != nil { // a late, older ack
		t.Fatal(err)
	}
	if n, _ := db.Waiting(ctx); n != 1 {
		t.Fatalf("%d waiting after acking 2 of 3", n)
	}
	if err := db.SetHQLink(ctx, link); err != nil { // joining again as the same till
		t.Fatal(err)
	}
	if n, _ := db.Waiting(ctx); n != 1 {
		t.Fatalf("joining again as the same till reset the position: %d waiting", n)
	}
	link.TillID = 5
	if err := db.SetHQLink(ctx, link); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Waiting(ctx); n != 3 {
		t.Fatalf("joining as another till: %d waiting, want all 3", n)
	}
	if got, ok, err := db.HQLink(ctx); err != nil || !ok || got != link {
		t.Fatalf("link %+v %v %v", got, ok, err)
	}
}

// A joined till's limited discount is spent from its lease in the sale's
// transaction: refused with no lease (test orders too), spent by live
// sales only, and what is set aside to go back can't be spent.
func TestJoinedTillSpendsLeases(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := db.Seed(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.SetHQLink(ctx, HQLink{URL: "postgres://a/hq", Shop: "Lyon", ShopID: 1, Till: "till-1", TillID: 4}))
	limited := func(test bool) error {
		return db.CompleteOrder(ctx, buildOrder(orderSpec{Lines: 2, Limited: "10offOrder", Test: test}))
	}
	if err := limited(false); pos.ErrorCode(err) != pos.ELimit {
		t.Fatalf("a live sale with no lease: %v", err)
	}
	if err := limited(true); pos.ErrorCode(err) != pos.ELimit {
		t.Fatalf("a test sale with no lease: %v", err)
	}
	if u, err := db.DiscountUsage(ctx); err != nil || u["10offOrder"] != 3 {
		t.Fatalf("usage with no lease %v %v, want the limit (3)", u, err)
	}
	must(db.SetLeaseGranted(ctx, "10offOrder", 2))
	must(limited(true)) // a test order: refused like a live one, spends nothing
	must(limited(false))
	if u, _ := db.DiscountUsage(ctx); u["10offOrder"] != 2 {
		t.Fatalf("usage %v, want 3 - 1 left", u)
	}
	back, err := db.ReserveReturns(ctx)
	must(err)
	if len(back) != 1 || back[0].Returned != 1 || back[0].Left() != 0 {
		t.Fatalf("set aside %+v", back)
	}
	if err := limited(false); pos.ErrorCode(err) != pos.ELimit {
		t.Fatalf("a use set aside was spent: %v", err)
	}
	must(db.AckReturned(ctx, "10offOrder", 1))
	if back, err := db.PendingReturns(ctx); err != nil || len(back) != 0 {
		t.Fatalf("pending after the ack: %+v %v", back, err)
	}
	must(db.SetLeaseGranted(ctx, "10offOrder", 1)) // an older total never lowers it
	leases, err := db.Leases(ctx)
	must(err)
	for _, l := range leases {
		if l.DiscountID == "10offOrder" && (l.Granted != 2 || l.Used != 1 || l.Returned != 1 || l.ReturnedAcked != 1) {
			t.Fatalf("lease %+v", l)
		}
	}
}

// A till joined to a head office takes its catalog from there: a CSV import
// (the command line's or the back office's) is refused and changes nothing.
func TestJoinedTillRefusesACatalogImport(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	before, err := db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	link := HQLink{URL: "postgres://a/hq", Shop: "Lyon", ShopID: 1, Till: "till-1", TillID: 4}
	if err := db.SetHQLink(ctx, link); err != nil {
		t.Fatal(err)
	}
	_, err = db.ImportCatalogCSV(ctx, strings.NewReader(goodCatalog))
	if pos.ErrorCode(err) != pos.ENotAllowed || !strings.Contains(pos.ErrorMessage(err), "head office") {
		t.Fatalf("an import on a joined till: %v", err)
	}
	after, err := db.LoadSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "set-up after a refused import", after, before)
}
