package pos

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// OrdersOn returns the orders completed on day (local time), test orders
// only when test is true, real ones only otherwise, newest first.
func (t *Till) OrdersOn(ctx context.Context, day time.Time, test bool) ([]*Order, error) {
	y, m, d := day.Local().Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	orders, err := t.store.OrdersBetween(ctx, from, from.AddDate(0, 0, 1), test)
	if err != nil {
		return nil, Errorf(EInternal, "reading the orders: %w", err)
	}
	return orders, nil
}

// OrderByNumber finds an order by its number in the real (test=false) or
// the test series; ENotFound when there is none.
func (t *Till) OrderByNumber(ctx context.Context, number int64, test bool) (*Order, error) {
	return t.store.OrderByNumber(ctx, number, test)
}

// Order returns the completed order with that id; ENotFound when none.
func (t *Till) Order(ctx context.Context, id string) (*Order, error) {
	return t.store.Order(ctx, id)
}

// FindOrder finds an order by what a person types: its number as printed
// ("12", "#12", "TEST-3") or its id. ENotFound when none.
func (t *Till) FindOrder(ctx context.Context, ref string) (*Order, error) {
	ref = strings.TrimSpace(ref)
	num, test := strings.TrimPrefix(ref, "#"), false
	if up := strings.ToUpper(num); strings.HasPrefix(up, "TEST-") {
		num, test = num[len("TEST-"):], true
	}
	if n, err := strconv.ParseInt(num, 10, 64); err == nil && n > 0 {
		return t.store.OrderByNumber(ctx, n, test)
	}
	if ref == "" {
		return nil, Errorf(EInvalid, "Give an order's number or id.")
	}
	return t.store.Order(ctx, ref)
}

// ReportData returns the live orders and the returns made from ≤ t < to.
func (t *Till) ReportData(ctx context.Context, from, to time.Time) ([]*Order, []Return, error) {
	orders, err := t.store.OrdersBetween(ctx, from, to, false)
	if err != nil {
		return nil, nil, Errorf(EInternal, "reading the orders: %w", err)
	}
	returns, err := t.store.ReturnsBetween(ctx, from, to)
	if err != nil {
		return nil, nil, Errorf(EInternal, "reading the returns: %w", err)
	}
	return orders, returns, nil
}

// Report sums the period from ≤ t < to (MakeReport) in the till's currency.
func (t *Till) Report(ctx context.Context, from, to time.Time) (*Report, error) {
	orders, returns, err := t.ReportData(ctx, from, to)
	if err != nil {
		return nil, err
	}
	return MakeReport(orders, returns, t.Location().Currency, from, to), nil
}

// ApprovalLimit returns the limits as stored now (the till reads them at
// every check; a screen may show them).
func (t *Till) ApprovalLimit(ctx context.Context) (ApprovalLimit, error) {
	l, err := t.store.ApprovalLimit(ctx)
	if err != nil {
		return l, Errorf(EInternal, "reading the approval limit: %w", err)
	}
	return l, nil
}

// IdleLock is how long the till may stay idle before the front locks it.
func (t *Till) IdleLock(ctx context.Context) (time.Duration, error) {
	d, err := t.store.IdleLock(ctx)
	if err != nil {
		return DefaultIdleLock, Errorf(EInternal, "reading the idle lock: %w", err)
	}
	return d, nil
}

// Printer is where ESC/POS receipts go ("" for none) and the paper's columns.
func (t *Till) Printer(ctx context.Context) (string, int, error) {
	p, c, err := t.store.Printer(ctx)
	if err != nil {
		return "", 0, Errorf(EInternal, "reading the printer settings: %w", err)
	}
	return p, c, nil
}

// SetPrinter saves the receipt printer (a manager's setting: it names a
// file or device the till writes to), audited.
func (t *Till) SetPrinter(ctx context.Context, path string, columns int) error {
	t.mu.Lock()
	g, err := t.need(PermBackOffice, "The receipt printer is a manager's setting.")
	t.mu.Unlock()
	if err != nil {
		return err
	}
	return t.setPrinter(ctx, g, path, columns)
}

func (t *Till) setPrinter(ctx context.Context, g grant, path string, columns int) error {
	if columns != 32 && columns != 48 {
		return Errorf(EInvalid, "A receipt printer has 32 (58 mm) or 48 (80 mm) columns.")
	}
	oldPath, oldCols, err := t.store.Printer(ctx)
	if err != nil {
		return Errorf(EInternal, "reading the printer settings: %w", err)
	}
	var entries []AuditEntry
	if g.approver != nil {
		e, err := t.approvalEntry(g, PermBackOffice, "printer", map[string]any{"path": path, "columns": columns})
		if err != nil {
			return err
		}
		entries = append(entries, e)
	}
	e, err := t.entry(g.approvedBy(), AuditPrinter, "printer",
		map[string]any{"path": oldPath, "columns": oldCols}, map[string]any{"path": path, "columns": columns})
	if err != nil {
		return err
	}
	entries = append(entries, e)
	if err := t.store.SetPrinter(ctx, path, columns, entries...); err != nil {
		return Errorf(EInternal, "saving the printer settings: %w", err)
	}
	t.mu.Lock()
	t.used(g)
	t.mu.Unlock()
	return nil
}
