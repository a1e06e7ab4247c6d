package pos

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

var decimalHundred = decimal.NewFromInt(100)

// armed is a manager's approval of one permission, waiting for the next
// action that needs it.
type armed struct {
	perm Permission
	by   Staff
}

// SignIn checks the PIN of a member of staff (by id or name, any case) and
// signs them in at the till; the open cart stays as it was. Wrong PINs
// count towards a lockout (MaxPINTries, LockoutFor), decided in one storage
// transaction and kept in the database. Errors: ErrWrongPIN (ENotAllowed),
// ELocked, EInternal.
func (t *Till) SignIn(ctx context.Context, who, pin string) (Staff, error) {
	s, err := t.checkPIN(ctx, who, pin)
	if err != nil {
		return Staff{}, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.who = &s
	t.approval = nil
	return s, nil
}

// Lock signs out whoever is signed in; the open cart stays for the next
// one. An approval not yet used is dropped, and an Office handed out before
// refuses from now on.
func (t *Till) Lock() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.who = nil
	t.approval = nil
	t.lockGen++
}

// SignedIn returns the member of staff signed in (never the PIN hash).
func (t *Till) SignedIn() (Staff, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.who == nil {
		return Staff{}, false
	}
	return *t.who, true
}

// StaffList is the sign-in picker: the active staff, by name, with when a
// lockout ends (never the PIN hashes).
func (t *Till) StaffList(ctx context.Context) ([]StaffInfo, error) {
	all, err := t.store.Staff(ctx)
	if err != nil {
		return nil, Errorf(EInternal, "reading the staff: %w", err)
	}
	var out []StaffInfo
	for i := range all {
		if all[i].Active {
			out = append(out, all[i].Info())
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, nil
}

// Approve checks a manager's PIN (with the same lockout as SignIn) and arms
// a one-shot approval of perm: the next action that needs perm is allowed
// once, and the approval is written to the audit log in the same
// transaction as that action. A member whose role lacks perm is refused
// (EUnauthorized). Nobody needs to be signed in for a manager to approve,
// but the action itself needs someone signed in.
func (t *Till) Approve(ctx context.Context, perm Permission, staffID, pin string) (Staff, error) {
	s, err := t.checkPIN(ctx, staffID, pin)
	if err != nil {
		return Staff{}, err
	}
	if !s.Can(perm) {
		return Staff{}, Errorf(EUnauthorized, "%s may not approve this: a manager must.", s.Name)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.approval = &armed{perm: perm, by: s}
	return s, nil
}

// findStaff finds a member by id or name (any case).
func findStaff(all []Staff, who string) (Staff, bool) {
	who = strings.TrimSpace(who)
	for _, s := range all {
		if strings.EqualFold(s.ID, who) {
			return s, true
		}
	}
	for _, s := range all {
		if strings.EqualFold(s.Name, who) {
			return s, true
		}
	}
	return Staff{}, false
}

// checkPIN verifies who's PIN and records the try: a right PIN clears the
// count of wrong ones (and re-hashes an old hash), a wrong one counts, and
// the MaxPINTries-th locks the member out, audited. The hash is checked
// outside the transaction (it is slow on purpose); the lockout is decided
// inside it, against the stored count. It returns the member without hash.
func (t *Till) checkPIN(ctx context.Context, who, pin string) (Staff, error) {
	all, err := t.store.Staff(ctx)
	if err != nil {
		return Staff{}, Errorf(EInternal, "reading the staff: %w", err)
	}
	s, ok := findStaff(all, who)
	if !ok || !s.Active {
		// As slow as a real check: the time says nothing of who exists.
		if demo, err := DemoStaff(); err == nil {
			PINMatches(demo[0].PINHash, pin)
		}
		return Staff{}, ErrWrongPIN
	}
	now := t.now()
	if s.LockedUntil.After(now) {
		return Staff{}, lockedErr(s, now)
	}
	right := PINMatches(s.PINHash, pin)
	rehash := ""
	if right && PINNeedsRehash(s.PINHash) {
		if rehash, err = HashPIN(pin); err != nil {
			rehash = "" // keep the old hash; the PIN was right
		}
	}
	var (
		locked, accepted bool
		outcome          Staff
	)
	err = t.store.UpdateStaff(ctx, s.ID, func(cur *Staff) ([]AuditEntry, error) {
		locked, accepted, outcome = false, false, *cur
		if cur.LockedUntil.After(now) {
			locked = true
			return nil, nil
		}
		// Right against the hash read before, and that hash is still the
		// stored one (a PIN changed meanwhile counts as wrong).
		if right && cur.PINHash == s.PINHash {
			accepted = true
			cur.FailedPINs, cur.Lockouts = 0, 0
			if rehash != "" {
				cur.PINHash = rehash
			}
			outcome = *cur
			return nil, nil
		}
		cur.FailedPINs++
		if cur.FailedPINs < MaxPINTries {
			outcome = *cur
			return nil, nil
		}
		cur.FailedPINs = 0
		cur.Lockouts++
		cur.LockedUntil = now.Add(LockoutFor(cur.Lockouts))
		outcome = *cur
		e, err := NewAuditEntry(now, cur.ID, AuditLockout, cur.ID, nil,
			map[string]any{"locked_until": cur.LockedUntil.UTC().Format(time.RFC3339), "lockouts": cur.Lockouts, "till": t.tillID})
		if err != nil {
			return nil, err
		}
		return []AuditEntry{e}, nil
	})
	if err != nil {
		return Staff{}, Errorf(EInternal, "recording the PIN try: %w", err)
	}
	switch {
	case locked || outcome.LockedUntil.After(now):
		return Staff{}, lockedErr(outcome, now)
	case !accepted:
		return Staff{}, ErrWrongPIN
	}
	outcome.PINHash = ""
	return outcome, nil
}

func lockedErr(s Staff, now time.Time) error {
	return Errorf(ELocked, "Too many wrong PINs: %s is locked out until %s. A manager can clear it.", s.Name, s.LockedUntil.Local().Format("15:04:05"))
}

// actor returns who is signed in, or the refusal to show when nobody is.
// t.mu is held.
func (t *Till) actor() (Staff, error) {
	if t.who == nil {
		return Staff{}, Errorf(ESignIn, "Nobody is signed in: sign in with your PIN first.")
	}
	return *t.who, nil
}

// grant is who is allowed an action and, when a manager's approval allowed
// it, who approved (consume it once the action is written).
type grant struct {
	who      Staff
	approver *Staff
}

// approvedBy is who allowed it: the approver, or the member themselves.
func (g grant) approvedBy() Staff {
	if g.approver != nil {
		return *g.approver
	}
	return g.who
}

// need checks that someone is signed in and may do perm, themselves or by
// an armed approval. t.mu is held. format is the refusal when neither.
func (t *Till) need(perm Permission, format string, args ...any) (grant, error) {
	who, err := t.actor()
	if err != nil {
		return grant{}, err
	}
	if who.Can(perm) {
		return grant{who: who}, nil
	}
	if t.approval != nil && t.approval.perm == perm {
		by := t.approval.by
		return grant{who: who, approver: &by}, nil
	}
	return grant{}, needsApproval(perm, format, args...)
}

// used consumes the armed approval g used (after its action was written).
func (t *Till) used(g grant) {
	if g.approver != nil {
		t.approval = nil
	}
}

// approvalEntry is the audit entry of an approval: approver, cashier, what.
func (t *Till) approvalEntry(g grant, perm Permission, subject string, what map[string]any) (AuditEntry, error) {
	after := map[string]any{"permission": perm, "cashier": g.who.ID, "till": t.tillID}
	for k, v := range what {
		after[k] = v
	}
	return NewAuditEntry(t.now(), g.approvedBy().ID, AuditApproval, subject, nil, after)
}

// entry is an audit entry by the member signed in (g.who), or their approver.
func (t *Till) entry(by Staff, action, subject string, before, after any) (AuditEntry, error) {
	return NewAuditEntry(t.now(), by.ID, action, subject, before, after)
}
