package storage

import (
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

// Who did it is stored on every record the till writes through a real
// database: orders, returns, shifts and their cash moves, parked carts,
// audit entries; a restarted till (and a restarted process) reads it back.
func TestStaffStoredOnRecords(t *testing.T) {
	path := t.TempDir() + "/caisse.db"
	db := MustOpenDBAt(t, path)
	if _, err := db.Seed(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	till, err := pos.NewTill(ctx, db.WithTill("till-1"), pos.Options{TillID: "till-1", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(pos.ErrorMessage(err))
		}
	}
	_, err = till.SignIn(ctx, "cashier", pos.DemoCashierPIN)
	must(err)
	_, err = till.OpenShift(ctx, money(5000))
	must(err)
	must(till.CashMove(ctx, money(1000), "change"))
	must(till.Add(ctx, "belt", "", 1))
	must(till.Park(ctx, "later"))
	must(till.Add(ctx, "beans", "beans-bag", 1))
	o, err := till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: money(2000)}})
	must(err)
	_, err = till.SignIn(ctx, "manager", pos.DemoManagerPIN)
	must(err)
	must(till.NoSale(ctx, "change for the bank"))
	r, err := till.Return(ctx, o.ID, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 1}}})
	must(err)
	_, err = till.CloseShift(ctx, money(5000+1000+o.Quote.Total.Minor()-r.Total.Minor()))
	must(err)

	stored, err := db.Order(ctx, o.ID)
	must(err)
	if stored.StaffID != "cashier" || stored.StaffName != "Cashier" {
		t.Errorf("order by %q %q", stored.StaffID, stored.StaffName)
	}
	rs, err := db.Returns(ctx, o.ID)
	must(err)
	if len(rs) != 1 || rs[0].StaffID != "manager" || rs[0].StaffName != "Manager" {
		t.Errorf("returns %+v", rs)
	}
	s, err := db.Shift(ctx, r.ShiftID)
	must(err)
	if s.OpenedBy != "cashier" || s.OpenedName != "Cashier" || s.ClosedBy != "manager" || s.ClosedName != "Manager" {
		t.Errorf("shift %+v", s)
	}
	if len(s.Moves) != 2 || s.Moves[0].StaffID != "cashier" || s.Moves[0].NoSale || !s.Moves[1].NoSale || s.Moves[1].StaffID != "manager" || !s.Moves[1].Amount.IsZero() {
		t.Errorf("moves %+v", s.Moves)
	}
	carts, err := db.WithTill("till-1").LoadCarts(ctx)
	must(err)
	parked := 0
	for _, c := range carts {
		if c.Status == pos.CartParked {
			parked++
			if c.StaffID != "cashier" {
				t.Errorf("parked cart by %q", c.StaffID)
			}
		}
	}
	var col string
	if err := db.db.QueryRowContext(ctx, `SELECT staff_id FROM carts WHERE status = 'parked'`).Scan(&col); err != nil || col != "cashier" || parked != 1 {
		t.Errorf("carts.staff_id %q, %v (%d parked)", col, err, parked)
	}
	all, err := db.Events(ctx, 0, 0)
	must(err)
	var events []pos.Event // the order's and the return's (shifts, moves and audit entries are there too)
	for _, e := range all {
		if e.Type == pos.EventOrderCompleted || e.Type == pos.EventReturnCompleted {
			events = append(events, e)
		}
	}
	if len(events) != 2 || !strings.Contains(string(events[0].Payload), `"staff_id":"cashier"`) || !strings.Contains(string(events[1].Payload), `"staff_id":"manager"`) {
		t.Errorf("events do not say who: %d", len(events))
	}
	log, err := db.Audit(ctx, 0)
	must(err)
	got := ""
	for i := len(log) - 1; i >= 0; i-- {
		got += log[i].Action + "/" + log[i].StaffID + " "
	}
	if want := "shift_open/cashier cash_move/cashier no_sale/manager shift_close/manager "; got != want {
		t.Errorf("audit %q, want %q", got, want)
	}
}

// Each write that carries audit entries writes both or neither: an entry
// the log refuses (no who) undoes the change in the same transaction.
func TestAuditedWritesAreOneTransaction(t *testing.T) {
	db := MustOpenDB(t)
	setup := testSetup(t)
	if _, err := db.Seed(ctx, setup); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	bad := pos.AuditEntry{At: now, Action: pos.AuditApproval} // no who: refused
	till, err := pos.NewTill(ctx, db.WithTill("t1"), pos.Options{TillID: "t1", Actor: testActor, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if err := till.Add(ctx, "belt", "", 1); err != nil {
		t.Fatal(err)
	}
	cart := till.Cart()
	changed := cart.Clone()
	changed.Label = "changed"
	o := &pos.Order{ID: "o-1", LocationID: "loc-1", TillID: "t1", CartID: cart.ID, CreatedAt: now, Currency: usd,
		Quote: *till.Quote(), Tenders: []pos.Tender{{Method: pos.Cash, Amount: till.Quote().Total}}, Paid: till.Quote().Total, Change: money(0)}
	p := setup.Products[1]
	p.Title = "Changed"
	d := setup.Discounts[0]
	d.Title = "Changed"
	loc := setup.Location
	loc.Name = "Changed"
	shift := &pos.Shift{ID: "s-1", TillID: "t1", LocationID: "loc-1", Currency: usd, OpenedAt: now, Float: money(0)}
	staff, _ := db.Staff(ctx)
	renamed := staff[0]
	renamed.Name = "Changed"
	for name, write := range map[string]func() error{
		"cart":     func() error { return db.WithTill("t1").SaveCart(ctx, changed, bad) },
		"order":    func() error { return db.CompleteOrder(ctx, o, bad) },
		"product":  func() error { return db.SaveProduct(ctx, p, bad) },
		"discount": func() error { return db.SaveDiscount(ctx, d, bad) },
		"location": func() error { return db.SaveLocation(ctx, loc, bad) },
		"shift":    func() error { return db.OpenShift(ctx, shift, bad) },
		"staff":    func() error { return db.SaveStaff(ctx, renamed, bad) },
		"limit":    func() error { return db.SaveApprovalLimit(ctx, pos.ApprovalLimit{}, bad) },
		"idle":     func() error { return db.SaveIdleLock(ctx, time.Hour, bad) },
		"printer":  func() error { return db.SetPrinter(ctx, "/dev/null", 32, bad) },
		"audit":    func() error { return db.AppendAudit(ctx, pos.AuditEntry{At: now, StaffID: "x", Action: "a"}, bad) },
	} {
		if err := write(); err == nil {
			t.Errorf("%s: written with an entry the log refuses", name)
		}
	}
	carts, _ := db.WithTill("t1").LoadCarts(ctx)
	if len(carts) != 1 || carts[0].Label != "" {
		t.Error("the cart changed")
	}
	if _, err := db.Order(ctx, "o-1"); pos.ErrorCode(err) != pos.ENotFound {
		t.Errorf("the order was written: %v", err)
	}
	s, _ := db.LoadSetup(ctx)
	if s.Products[1].Title == "Changed" || s.Location.Name == "Changed" {
		t.Error("the set-up changed")
	}
	for _, x := range s.Discounts {
		if x.Title == "Changed" {
			t.Error("the discount changed")
		}
	}
	if sh, _ := db.CurrentShift(ctx, "t1"); sh != nil {
		t.Error("the shift opened")
	}
	if st, _ := db.Staff(ctx); st[0].Name == "Changed" {
		t.Error("the staff changed")
	}
	if l, _ := db.ApprovalLimit(ctx); l.Off() {
		t.Error("the limit changed")
	}
	if d, _ := db.IdleLock(ctx); d != pos.DefaultIdleLock {
		t.Error("the idle lock changed")
	}
	if p, _, _ := db.Printer(ctx); p != "" {
		t.Error("the printer changed")
	}
	if log, _ := db.Audit(ctx, 0); len(log) != 0 {
		t.Errorf("audit %+v", log)
	}
}

// A lockout is kept in the database: the process restarts, the member is
// still locked; an old bcrypt hash is re-hashed to argon2id on disk.
func TestLockoutAndRehashPersisted(t *testing.T) {
	path := t.TempDir() + "/caisse.db"
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Seed(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	till, err := pos.NewTill(ctx, db.WithTill("t1"), pos.Options{TillID: "t1", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < pos.MaxPINTries; i++ {
		_, err = till.SignIn(ctx, "cashier", "9999")
	}
	if pos.ErrorCode(err) != pos.ELocked {
		t.Fatalf("5th wrong PIN: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = MustOpenDBAt(t, path)
	till, err = pos.NewTill(ctx, db.WithTill("t1"), pos.Options{TillID: "t1", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := till.SignIn(ctx, "cashier", pos.DemoCashierPIN); pos.ErrorCode(err) != pos.ELocked {
		t.Fatalf("after a restart: %v", err)
	}
	list, _ := till.StaffList(ctx)
	if list[0].ID != "cashier" || !list[0].LockedUntil.Equal(now.Add(time.Minute)) {
		t.Fatalf("staff list %+v", list)
	}
	if log, _ := db.Audit(ctx, 0); len(log) != 1 || log[0].Action != pos.AuditLockout || log[0].Subject != "cashier" {
		t.Fatalf("audit %+v", log)
	}
	// An old bcrypt hash: the right PIN signs in and leaves argon2id.
	old := "$2a$04$B..MRwiT4nfSzw.45Jq.vOTLjIRdzjSICd9OLtE2NxGViWRkNnpFW" // bcrypt of 2468, cost 4
	if !pos.PINMatches(old, "2468") {
		t.Fatal("the test's bcrypt hash is not of 2468")
	}
	staff, _ := db.Staff(ctx)
	m := staff[1]
	m.PINHash = old
	if err := db.SaveStaff(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, err := till.SignIn(ctx, "manager", "2468"); err != nil {
		t.Fatal(err)
	}
	staff, _ = db.Staff(ctx)
	if h := staff[1].PINHash; pos.PINNeedsRehash(h) || !pos.PINMatches(h, "2468") || staff[1].DemoPIN {
		t.Fatalf("stored hash %q demo %v", h, staff[1].DemoPIN)
	}
}
