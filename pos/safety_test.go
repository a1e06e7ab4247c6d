package pos

import (
	"context"
	"errors"
	"strings"
	"testing"
)

type fakeIntegrity struct{ err error }

func (f fakeIntegrity) QuickCheck(context.Context) error { return f.err }

type fakeBackups struct {
	path string
	err  error
	n    int
}

func (f *fakeBackups) BackupAfterClose(context.Context) (string, error) {
	f.n++
	return f.path, f.err
}

// Finding 9: the till never sells into a file that failed its check, and
// says what to do.
func TestDamagedStoreRefusesSales(t *testing.T) {
	st := NewMemStore(Setup{Location: Location{ID: "shop", Currency: "USD"}, Products: []Product{prod("mug", "5.00")}})
	till, err := NewTill(ctx, st, Options{Actor: testActor, Integrity: fakeIntegrity{errors.New("page 7: btree corrupt")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := till.Add(ctx, "mug", "", 1); err != nil {
		t.Fatal(err)
	}
	err = till.CheckIntegrity(ctx)
	if err == nil || !strings.Contains(ErrorMessage(err), "restore the last backup") {
		t.Fatalf("CheckIntegrity = %v", err)
	}
	if _, err := till.Pay(ctx, []Tender{{Method: Cash, Amount: money("5.00")}}); err == nil || !strings.Contains(ErrorMessage(err), "damaged") {
		t.Fatalf("a sale on a damaged file: %v", err)
	}
	ok, err := NewTill(ctx, st, Options{Actor: testActor, Integrity: fakeIntegrity{}})
	if err != nil || ok.CheckIntegrity(ctx) != nil {
		t.Fatalf("a sound file: %v", err)
	}
}

// A backup is made at every shift close, after the close (who closed it
// and its audit entry) is written; one that fails never undoes the close
// and is said in words. A close that is refused makes no backup.
func TestShiftCloseBackup(t *testing.T) {
	for _, tc := range []struct {
		name      string
		b         *fakeBackups
		failAudit bool
	}{
		{"made", &fakeBackups{path: "/data/backups/x.db"}, false},
		{"failed", &fakeBackups{err: errors.New("disk full")}, false},
		{"close refused", &fakeBackups{path: "/data/backups/x.db"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := NewMemStore(Setup{Location: Location{ID: "shop", Currency: "USD"}, Products: []Product{prod("mug", "5.00")}})
			till, err := NewTill(ctx, st, Options{Actor: testActor, Backups: tc.b})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := till.OpenShift(ctx, money("100.00")); err != nil {
				t.Fatal(err)
			}
			if tc.failAudit {
				st.FailAudit = errors.New("audit log full")
				if _, err := till.CloseShift(ctx, money("100.00")); err == nil {
					t.Fatal("the close went through without its audit entry")
				}
				if tc.b.n != 0 {
					t.Fatalf("%d backups of a close that was refused", tc.b.n)
				}
				if s, _ := st.CurrentShift(ctx, till.tillID); s == nil {
					t.Fatal("the refused close closed the shift")
				}
				return
			}
			z, err := till.CloseShift(ctx, money("100.00"))
			if err != nil {
				t.Fatalf("the close failed: %v", err)
			}
			if tc.b.n != 1 {
				t.Fatalf("%d backups", tc.b.n)
			}
			if s, _ := st.CurrentShift(ctx, till.tillID); s != nil {
				t.Fatal("the shift is still open")
			}
			if len(st.Shifts) != 1 || st.Shifts[0].ClosedBy != testActor.ID || z.Shift.ClosedBy != testActor.ID {
				t.Fatalf("the close does not say who closed it: %+v", st.Shifts)
			}
			if n := len(st.AuditLog); n == 0 || st.AuditLog[n-1].Action != AuditShiftClose || st.AuditLog[n-1].StaffID != testActor.ID {
				t.Fatalf("the close is not audited: %+v", st.AuditLog)
			}
			switch {
			case tc.b.err == nil && (z.Backup.Path != tc.b.path || z.Backup.Problem != nil):
				t.Fatalf("backup note %+v", z.Backup)
			case tc.b.err != nil && (z.Backup.Problem == nil || !strings.Contains(ErrorMessage(z.Backup.Problem), "The shift is closed, but its backup failed: disk full")):
				t.Fatalf("backup note %+v", z.Backup)
			}
		})
	}
}

// Order.Problems re-adds an order: a sale the till made has none, and each
// kind of damage is named.
func TestOrderProblems(t *testing.T) {
	f := newFixture(t, nil, []Product{prod("mug", "5.00"), prod("tee", "20.00")}, pctOff("ten", ClassOrder, "10"))
	f.add("mug", 2)
	f.add("tee", 1)
	f.ok(f.till.SetShipping(ctx, money("4.00")))
	o, err := f.till.Pay(ctx, []Tender{{Method: Card, Amount: money("10.00")}, {Method: Cash, Amount: money("50.00")}})
	if err != nil {
		t.Fatal(err)
	}
	if p := o.Problems(); len(p) != 0 {
		t.Fatalf("a sound order: %v", p)
	}
	for _, tc := range []struct {
		name   string
		damage func(o *Order)
		want   string
	}{
		{"total", func(o *Order) { o.Quote.Total = o.Quote.Total.Add(money("0.01")) }, "the total is"},
		{"line subtotal", func(o *Order) { o.Quote.Lines[0].Subtotal = money("1.00") }, "line 1"},
		{"a share", func(o *Order) { o.Quote.OrderDiscounts[0].Shares[0] = money("0.00") }, "shares of ten"},
		{"tax", func(o *Order) { o.Quote.Tax = money("1.00") }, "tax"},
		{"change", func(o *Order) { o.Change = o.Change.Add(money("1.00")) }, "do not settle"},
		{"overflow", func(o *Order) {
			o.Quote.Lines[0].Amount = NewMoney(1<<62, "USD")
			o.Quote.Lines[1].Amount = NewMoney(1<<62, "USD")
		}, "too large"},
	} {
		c := *o
		c.Quote.Lines = append([]QuoteLine(nil), o.Quote.Lines...)
		c.Quote.OrderDiscounts = append([]OrderDiscount(nil), o.Quote.OrderDiscounts...)
		c.Quote.OrderDiscounts[0].Shares = append([]Money(nil), o.Quote.OrderDiscounts[0].Shares...)
		tc.damage(&c)
		if p := strings.Join(c.Problems(), "\n"); !strings.Contains(p, tc.want) {
			t.Errorf("%s: problems %q, want one saying %q", tc.name, p, tc.want)
		}
	}
}
