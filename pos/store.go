package pos

import (
	"context"
	"time"
)

// Setup is what a till needs to start: where it is, what it sells and which
// discounts are configured.
type Setup struct {
	Location  Location
	Products  []Product
	Discounts []Discount
}

// Store is what the domain needs from storage, as one till sees it: the
// shop's set-up and orders are shared by every till, the open and parked
// carts are this till's own (storage.DB.WithTill). storage/ implements it
// with SQLite; tests in pos/ use MemStore. It is the named capabilities
// below, all of them: a till never asks its store what it can do.
//
// Every write that takes audit entries writes them in the same transaction
// as the change: both or neither.
type Store interface {
	SetupStore
	CartStore
	OrderStore
	ReturnStore
	ShiftStore
	StaffStore
	AuditStore
	OfficeStore
	SettingsStore
	CatalogImporter
}

// SetupStore reads the shop's set-up.
type SetupStore interface {
	// LoadSetup returns the location, catalog and discounts.
	LoadSetup(ctx context.Context) (Setup, error)
	// DiscountUsage returns how many completed sales (test orders excluded)
	// used each discount that has a usage limit.
	DiscountUsage(ctx context.Context) (map[string]int, error)
	// LimitsLeased reports whether the usage limits are shared by a chain's
	// tills, each spending the uses its head office leased it (a till
	// joined to a head office): DiscountUsage then counts a discount whose
	// lease is spent as used up, and the till refuses it in those words.
	LimitsLeased(ctx context.Context) (bool, error)
}

// CartStore keeps this till's open and parked carts.
type CartStore interface {
	// SaveCart persists an open or parked cart (and the audit entries of
	// the change, e.g. an approval); called on every change.
	SaveCart(ctx context.Context, c *Cart, audit ...AuditEntry) error
	// DeleteCart forgets a cart that was dropped.
	DeleteCart(ctx context.Context, id string) error
	// LoadCarts returns the open and parked carts, oldest first.
	LoadCarts(ctx context.Context) ([]*Cart, error)
}

// OrderStore records and reads completed sales.
type OrderStore interface {
	// CompleteOrder writes the order, its lines, discount shares, tenders,
	// its order-completed event and the audit entries, assigns its number
	// and deletes its cart, all in one transaction. It refuses (ELimit) a
	// sale that would take a discount past its usage limit. It returns
	// only after the commit.
	CompleteOrder(ctx context.Context, o *Order, audit ...AuditEntry) error
	// Order returns the completed order with that id (ENotFound if none).
	Order(ctx context.Context, id string) (*Order, error)
	// OrderByNumber finds an order by its number in the real (test=false)
	// or the test series (ENotFound if none).
	OrderByNumber(ctx context.Context, number int64, test bool) (*Order, error)
	// OrdersBetween returns the orders completed from ≤ t < to, test
	// orders only when test is true, real ones only otherwise, newest first.
	OrdersBetween(ctx context.Context, from, to time.Time, test bool) ([]*Order, error)
}

// ReturnStore records and reads returns.
type ReturnStore interface {
	// Returns lists an order's returns, oldest first.
	Returns(ctx context.Context, orderID string) ([]Return, error)
	// CompleteReturn writes the return, its lines, discount amounts, refund
	// tenders, its return.completed event and the audit entries, and
	// assigns its number, in one transaction. It refuses (EConflict) a
	// return whose units or shipping another return already gave back. It
	// returns only after the commit.
	CompleteReturn(ctx context.Context, r *Return, audit ...AuditEntry) error
	// ReturnsBetween lists the returns made from ≤ t < to (test ones too).
	ReturnsBetween(ctx context.Context, from, to time.Time) ([]Return, error)
}

// ShiftStore records cash drawer sessions.
type ShiftStore interface {
	// OpenShift records a new open shift; it refuses (EConflict) a second
	// open shift on the same till.
	OpenShift(ctx context.Context, s *Shift, audit ...AuditEntry) error
	// CurrentShift returns the till's open shift, or nil.
	CurrentShift(ctx context.Context, tillID string) (*Shift, error)
	// AddCashMove records cash in or out (or a no-sale) of an open shift.
	AddCashMove(ctx context.Context, shiftID string, m CashMove, audit ...AuditEntry) error
	// CloseShift records the close (time, count, expected cash, who).
	CloseShift(ctx context.Context, s *Shift, audit ...AuditEntry) error
	// ShiftActivity returns the live orders of the shift's till from its
	// opening to its close (now while open) and the returns made in it.
	ShiftActivity(ctx context.Context, s *Shift) ([]*Order, []Return, error)
}

// StaffStore keeps the staff, their PIN hashes and lockouts.
type StaffStore interface {
	// Staff returns every member of staff, by id.
	Staff(ctx context.Context) ([]Staff, error)
	// SaveStaff adds or replaces a member of staff (PIN already hashed)
	// with the audit entries, refusing (ENotAllowed) a change that leaves
	// no active manager.
	SaveStaff(ctx context.Context, s Staff, audit ...AuditEntry) error
	// UpdateStaff runs fn on member id as stored, inside one write
	// transaction, then writes back what fn changed of the PIN hash and the
	// lockout fields with the audit entries fn returns. fn's error writes
	// nothing. fn may run more than once. ENotFound when there is no id.
	UpdateStaff(ctx context.Context, id string, fn func(s *Staff) ([]AuditEntry, error)) error
}

// AuditStore reads and appends the audit log.
type AuditStore interface {
	// AppendAudit writes entries on their own, in one transaction.
	AppendAudit(ctx context.Context, entries ...AuditEntry) error
	// Audit returns the newest entries first, at most limit (0: all).
	Audit(ctx context.Context, limit int) ([]AuditEntry, error)
}

// OfficeStore saves the back office's changes, each with its audit entries.
type OfficeStore interface {
	// SaveProduct adds or replaces a product, refusing a SKU or barcode
	// another product has and a cross-sell that cannot be one.
	SaveProduct(ctx context.Context, p Product, audit ...AuditEntry) error
	// SaveDiscount adds or replaces a discount.
	SaveDiscount(ctx context.Context, d Discount, audit ...AuditEntry) error
	// SaveLocation saves the till's location.
	SaveLocation(ctx context.Context, loc Location, audit ...AuditEntry) error
}

// SettingsStore keeps the shop's settings.
type SettingsStore interface {
	// ApprovalLimit returns the limits above which a manager is needed;
	// a database where none was saved has DefaultApprovalLimit in its
	// location's currency.
	ApprovalLimit(ctx context.Context) (ApprovalLimit, error)
	SaveApprovalLimit(ctx context.Context, l ApprovalLimit, audit ...AuditEntry) error
	// IdleLock is how long the till waits idle before it locks itself
	// (DefaultIdleLock when never set).
	IdleLock(ctx context.Context) (time.Duration, error)
	SaveIdleLock(ctx context.Context, d time.Duration, audit ...AuditEntry) error
	// Printer is where ESC/POS receipts go (a file or device path, "" for
	// none) and the paper's columns (32 or 48).
	Printer(ctx context.Context) (path string, columns int, err error)
	SetPrinter(ctx context.Context, path string, columns int, audit ...AuditEntry) error
}

// DefaultIdleLock is the idle time after which a till locks itself when
// the back office never set one.
const DefaultIdleLock = 5 * time.Minute
