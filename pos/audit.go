package pos

import (
	"encoding/json"
	"time"
)

// Audit actions.
const (
	AuditApproval      = "approval"       // a manager approved a custom discount at the till
	AuditDiscount      = "discount"       // a discount created, edited, duplicated or disabled
	AuditCrossSell     = "cross_sell"     // a product's cross-sell set or removed
	AuditProduct       = "product"        // a product created, edited or archived
	AuditLocation      = "location"       // the location's settings
	AuditApprovalLimit = "approval_limit" // the limit above which custom discounts need a manager
	AuditStaff         = "staff"          // a member of staff added or changed (never the PIN)
	AuditLockout       = "lockout"        // too many wrong PINs locked a member of staff
	AuditLockoutClear  = "lockout_clear"  // a manager cleared a lockout
	AuditTestMode      = "test_mode"      // test mode switched on or off
	AuditCashMove      = "cash_move"      // cash put in or taken out of the drawer
	AuditNoSale        = "no_sale"        // the drawer opened with no sale
	AuditShiftOpen     = "shift_open"     // a shift opened with its float
	AuditShiftClose    = "shift_close"    // a shift closed with its count
	AuditIdleLock      = "idle_lock"      // the idle time before the till locks itself
	AuditPrinter       = "printer"        // the receipt printer's settings
	AuditImport        = "import"         // a catalog import (storage.ImportCatalog; staff "import" from the command line)
)

// AuditEntry is one line of the audit log: who did what, when, with the
// values before and after as JSON ("" when there was none).
type AuditEntry struct {
	Seq     int64
	At      time.Time
	StaffID string
	Action  string
	Subject string // the discount, product, ... id
	Before  string
	After   string
}

// NewAuditEntry writes before and after as JSON; a nil value is "".
func NewAuditEntry(at time.Time, staffID, action, subject string, before, after any) (AuditEntry, error) {
	e := AuditEntry{At: at.UTC(), StaffID: staffID, Action: action, Subject: subject}
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			return "", Errorf(EInternal, "writing the audit entry: %w", err)
		}
		return string(b), nil
	}
	var err error
	if e.Before, err = enc(before); err != nil {
		return e, err
	}
	e.After, err = enc(after)
	return e, err
}
