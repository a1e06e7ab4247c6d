package storage

import (
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

// The removal of a cart line priced with discounts, and its undo, are
// audited in the database in the cart save's transaction, by the member
// signed in (the demo cashier, signed in with a PIN); a restarted till
// finds the cart as the audit log says, and the log's chain holds.
func TestLineRemovalAuditedWithTheCart(t *testing.T) {
	db := MustOpenDemoDB(t)
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	open := func() *pos.Till {
		till, err := pos.NewTill(ctx, db.WithTill("till-1"), pos.Options{TillID: "till-1", Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		return till
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(pos.ErrorMessage(err))
		}
	}
	till := open()
	_, err := till.SignIn(ctx, "cashier", pos.DemoCashierPIN)
	must(err)
	must(till.Add(ctx, "latte", "", 1))
	must(till.Add(ctx, "espresso", "", 1))
	must(till.SetLineDiscount(ctx, 1, pos.CustomDiscount{Type: pos.FixedAmount, Amount: pos.NewMoney(10, "USD"), Reason: "spilt"}))
	cartID := till.Cart().ID
	must(till.RemoveLine(ctx, 1))
	must(till.UndoRemoveLine(ctx))
	must(till.RemoveLine(ctx, 2)) // no discount: not audited

	log, err := db.Audit(ctx, 0)
	must(err)
	var got []string
	for _, e := range log {
		if e.Subject == cartID {
			got = append(got, e.Action+"/"+e.StaffID)
		}
	}
	if strings.Join(got, " ") != "line_restored/cashier line_removed/cashier" {
		t.Fatalf("audit log for the cart: %v", got)
	}
	if c, err := db.VerifyAudit(ctx); err != nil || c.Broken != nil {
		t.Fatalf("the audit chain with the till's entries: %+v, %v", c, err)
	}
	again := open()
	if lines := again.Cart().Lines; len(lines) != 1 || lines[0].ProductID != "latte" || lines[0].Custom == nil {
		t.Fatalf("the restarted till's cart: %+v", lines)
	}
}
