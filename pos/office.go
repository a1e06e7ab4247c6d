package pos

import (
	"context"
	"strings"
	"time"
)

// Office is the back office of a till, bound to the manager who opened it.
// Every change checks that this manager may still change the back office,
// writes the change with its audit entry in one transaction, and reloads
// the till. An Office refuses once the till was locked after it was opened.
type Office struct {
	t   *Till
	by  Staff
	gen int
}

// Office opens the back office for the manager signed in. Errors: ESignIn,
// EUnauthorized (not a manager).
func (t *Till) Office(ctx context.Context) (*Office, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	who, err := t.actor()
	if err != nil {
		return nil, err
	}
	if !who.Can(PermBackOffice) {
		return nil, Errorf(EUnauthorized, "The back office is for managers.")
	}
	return &Office{t: t, by: who, gen: t.lockGen}, nil
}

// OfficeFor opens the back office for a manager who types their PIN while
// someone else is signed in (or nobody). The PIN counts towards the
// lockout as at sign-in. Errors: ErrWrongPIN, ELocked, EUnauthorized.
func (t *Till) OfficeFor(ctx context.Context, staffID, pin string) (*Office, error) {
	s, err := t.checkPIN(ctx, staffID, pin)
	if err != nil {
		return nil, err
	}
	if !s.Can(PermBackOffice) {
		return nil, Errorf(EUnauthorized, "The back office is for managers.")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return &Office{t: t, by: s, gen: t.lockGen}, nil
}

// Manager is who opened the back office.
func (o *Office) Manager() Staff { return o.by }

// check refuses when the till was locked since, or the manager is no
// longer an active manager in the store.
func (o *Office) check(ctx context.Context) error {
	o.t.mu.Lock()
	gen := o.t.lockGen
	o.t.mu.Unlock()
	if gen != o.gen {
		return Errorf(EUnauthorized, "The till was locked: open the back office again.")
	}
	all, err := o.t.store.Staff(ctx)
	if err != nil {
		return Errorf(EInternal, "reading the staff: %w", err)
	}
	if o.t.trusted != nil && o.by.ID == o.t.trusted.ID && o.by.Can(PermBackOffice) {
		return nil // the till's trusted actor (Options.Actor) is nobody's row
	}
	if s, ok := findStaff(all, o.by.ID); !ok || !s.Can(PermBackOffice) {
		return Errorf(EUnauthorized, "%s is no longer a manager.", o.by.Name)
	}
	return nil
}

// entry is an audit entry by the office's manager.
func (o *Office) entry(action, subject string, before, after any) (AuditEntry, error) {
	return NewAuditEntry(o.t.now(), o.by.ID, action, subject, before, after)
}

// write checks, runs the store write, and reloads the till.
func (o *Office) write(ctx context.Context, what string, f func() error) error {
	if err := o.check(ctx); err != nil {
		return err
	}
	if err := f(); err != nil {
		if code := ErrorCode(err); code != EInternal {
			return err
		}
		return Errorf(EInternal, "saving %s: %w", what, err)
	}
	return o.t.Reload(ctx)
}

// SaveProduct adds or replaces a product (audited with before and after).
func (o *Office) SaveProduct(ctx context.Context, p Product) error {
	if _, err := o.t.Catalog().WithProduct(p); err != nil {
		return err
	}
	var before any
	if old, ok := o.t.Catalog().Product(p.ID); ok {
		before = *old
	}
	e, err := o.entry(AuditProduct, p.ID, before, p)
	if err != nil {
		return err
	}
	return o.write(ctx, "the product", func() error { return o.t.store.SaveProduct(ctx, p, e) })
}

// SaveDiscount adds or replaces a discount (audited with before and after).
func (o *Office) SaveDiscount(ctx context.Context, d Discount) error {
	if _, err := NewDiscountSet([]Discount{d}); err != nil {
		return err
	}
	var before any
	if old, ok := o.t.Discounts().ByID(d.ID); ok {
		before = *old
	}
	e, err := o.entry(AuditDiscount, d.ID, before, d)
	if err != nil {
		return err
	}
	return o.write(ctx, "the discount", func() error { return o.t.store.SaveDiscount(ctx, d, e) })
}

// SetCrossSell sets a product's cross-sell ("" removes it), audited; carts
// already started keep what they were offered.
func (o *Office) SetCrossSell(ctx context.Context, productID, crossSell string) error {
	if err := o.check(ctx); err != nil {
		return err
	}
	o.t.mu.Lock()
	defer o.t.mu.Unlock()
	return o.t.configureCrossSell(ctx, o.by, productID, crossSell)
}

// SaveLocation saves the location's settings (audited).
func (o *Office) SaveLocation(ctx context.Context, loc Location) error {
	if err := loc.Validate(); err != nil {
		return err
	}
	before := o.t.Location()
	e, err := o.entry(AuditLocation, loc.ID, before, loc)
	if err != nil {
		return err
	}
	return o.write(ctx, "the location", func() error { return o.t.store.SaveLocation(ctx, loc, e) })
}

// Limits returns the approval limits as stored.
func (o *Office) Limits(ctx context.Context) (ApprovalLimit, error) {
	return o.t.ApprovalLimit(ctx)
}

// SaveLimits saves the approval limits (audited). A zero field is no limit.
func (o *Office) SaveLimits(ctx context.Context, l ApprovalLimit) error {
	if err := l.Validate(); err != nil {
		return err
	}
	cur := o.t.Location().Currency
	for _, m := range []Money{l.Amount, l.Refund} {
		if !m.IsZero() && m.Currency() != cur {
			return Errorf(EInvalid, "The limits must be amounts in %s.", cur)
		}
	}
	before, err := o.t.store.ApprovalLimit(ctx)
	if err != nil {
		return Errorf(EInternal, "reading the approval limit: %w", err)
	}
	e, err := o.entry(AuditApprovalLimit, "", before, l)
	if err != nil {
		return err
	}
	return o.write(ctx, "the approval limit", func() error { return o.t.store.SaveApprovalLimit(ctx, l, e) })
}

// IdleLock is the idle time before the till locks itself.
func (o *Office) IdleLock(ctx context.Context) (time.Duration, error) { return o.t.IdleLock(ctx) }

// MinIdleLock and MaxIdleLock bound the idle lock.
const (
	MinIdleLock = 30 * time.Second
	MaxIdleLock = 8 * time.Hour
)

// SetIdleLock saves the idle time before the till locks itself (audited).
func (o *Office) SetIdleLock(ctx context.Context, d time.Duration) error {
	if d < MinIdleLock || d > MaxIdleLock {
		return Errorf(EInvalid, "The idle lock is between 30 seconds and 8 hours.")
	}
	before, err := o.t.store.IdleLock(ctx)
	if err != nil {
		return Errorf(EInternal, "reading the idle lock: %w", err)
	}
	e, err := o.entry(AuditIdleLock, "", map[string]any{"seconds": int64(before / time.Second)}, map[string]any{"seconds": int64(d / time.Second)})
	if err != nil {
		return err
	}
	return o.write(ctx, "the idle lock", func() error { return o.t.store.SaveIdleLock(ctx, d, e) })
}

// SetPrinter saves the receipt printer (audited).
func (o *Office) SetPrinter(ctx context.Context, path string, columns int) error {
	if err := o.check(ctx); err != nil {
		return err
	}
	return o.t.setPrinter(ctx, grant{who: o.by}, path, columns)
}

// Staff lists every member of staff (inactive ones too), without PIN
// hashes, with when a lockout ends.
func (o *Office) Staff(ctx context.Context) ([]StaffInfo, error) {
	if err := o.check(ctx); err != nil {
		return nil, err
	}
	all, err := o.t.store.Staff(ctx)
	if err != nil {
		return nil, Errorf(EInternal, "reading the staff: %w", err)
	}
	out := make([]StaffInfo, len(all))
	for i := range all {
		out[i] = all[i].Info()
	}
	return out, nil
}

// DemoPINs reports whether an active member of staff still has the PIN a
// new database gave them (the back office asks to change it).
func (o *Office) DemoPINs(ctx context.Context) (bool, error) {
	all, err := o.Staff(ctx)
	if err != nil {
		return false, err
	}
	for _, s := range all {
		if s.Active && s.DemoPIN {
			return true, nil
		}
	}
	return false, nil
}

// SaveStaff adds (s.ID "": a new id) or changes a member of staff: name,
// role, active. newPIN "" keeps the PIN (a new member needs one; so does a
// cashier made manager, whose PIN must have 6 digits). Audited without the
// PIN. It refuses a change that leaves no active manager. It returns the
// member as saved.
func (o *Office) SaveStaff(ctx context.Context, s StaffInfo, newPIN string) (StaffInfo, error) {
	if err := o.check(ctx); err != nil {
		return StaffInfo{}, err
	}
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		return StaffInfo{}, Errorf(EInvalid, "Give a name.")
	}
	if s.Role != Cashier && s.Role != Manager {
		return StaffInfo{}, Errorf(EInvalid, "the role must be cashier or manager")
	}
	all, err := o.t.store.Staff(ctx)
	if err != nil {
		return StaffInfo{}, Errorf(EInternal, "reading the staff: %w", err)
	}
	var old *Staff
	if s.ID != "" {
		for i := range all {
			if all[i].ID == s.ID {
				old = &all[i]
			}
		}
	}
	rec := Staff{ID: s.ID, Name: s.Name, Role: s.Role, Active: s.Active}
	var before any
	if old != nil {
		rec.PINHash, rec.DemoPIN = old.PINHash, old.DemoPIN
		rec.FailedPINs, rec.Lockouts, rec.LockedUntil = old.FailedPINs, old.Lockouts, old.LockedUntil
		before = StaffAudit{ID: old.ID, Name: old.Name, Role: old.Role, Active: old.Active}
	} else if rec.ID == "" {
		rec.ID = strings.ToLower(NewID(o.t.now()))
	}
	switch {
	case newPIN == "" && old == nil:
		return StaffInfo{}, Errorf(EInvalid, "A new member of staff needs a PIN.")
	case newPIN == "" && rec.Role == Manager && old.Role != Manager:
		return StaffInfo{}, Errorf(EInvalid, "A manager's PIN has at least 6 digits: give %s a new PIN to make them a manager.", rec.Name)
	case newPIN != "":
		if err := CheckPINForRole(rec.Role, newPIN); err != nil {
			return StaffInfo{}, err
		}
		h, err := HashPIN(newPIN)
		if err != nil {
			return StaffInfo{}, err
		}
		rec.PINHash, rec.DemoPIN = h, false
	}
	if err := CheckManagersLeft(all, rec); err != nil {
		return StaffInfo{}, err
	}
	e, err := o.entry(AuditStaff, rec.ID, before, StaffAudit{ID: rec.ID, Name: rec.Name, Role: rec.Role, Active: rec.Active, PINChanged: newPIN != ""})
	if err != nil {
		return StaffInfo{}, err
	}
	if err := o.t.store.SaveStaff(ctx, rec, e); err != nil {
		if ErrorCode(err) != EInternal {
			return StaffInfo{}, err
		}
		return StaffInfo{}, Errorf(EInternal, "saving staff %s: %w", rec.Name, err)
	}
	return rec.Info(), nil
}

// ClearLockout lets a locked-out member of staff try their PIN again now
// (audited).
func (o *Office) ClearLockout(ctx context.Context, staffID string) error {
	if err := o.check(ctx); err != nil {
		return err
	}
	now := o.t.now()
	err := o.t.store.UpdateStaff(ctx, staffID, func(s *Staff) ([]AuditEntry, error) {
		before := map[string]any{"locked_until": s.LockedUntil.UTC().Format(time.RFC3339), "lockouts": s.Lockouts, "failed_pins": s.FailedPINs}
		s.FailedPINs, s.Lockouts, s.LockedUntil = 0, 0, time.Time{}
		e, err := NewAuditEntry(now, o.by.ID, AuditLockoutClear, s.ID, before, nil)
		if err != nil {
			return nil, err
		}
		return []AuditEntry{e}, nil
	})
	if err != nil {
		if ErrorCode(err) != EInternal {
			return err
		}
		return Errorf(EInternal, "clearing the lockout: %w", err)
	}
	return nil
}

// Audit returns the newest audit entries first, at most limit (0: all).
func (o *Office) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	if err := o.check(ctx); err != nil {
		return nil, err
	}
	list, err := o.t.store.Audit(ctx, limit)
	if err != nil {
		return nil, Errorf(EInternal, "reading the audit log: %w", err)
	}
	return list, nil
}
