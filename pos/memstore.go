package pos

import (
	"context"
	"io"
	"sort"
	"sync"
	"time"
)

// MemStore is an in-memory Store: for tests, and for the manager's try-it
// panel, which rings up nothing. It keeps completed orders in memory.
type MemStore struct {
	mu      sync.Mutex
	setup   Setup
	carts   map[string]*Cart
	order   []string
	Orders  []*Order
	numbers map[bool]int64
	// FailComplete, when set, makes CompleteOrder fail (tests).
	FailComplete error
	// FailLimit, when set, makes ApprovalLimit fail (tests).
	FailLimit error
	// FailUsage, when set, makes DiscountUsage fail (tests).
	FailUsage error
	// Leased makes the usage limits a chain's, leased to this till
	// (LimitsLeased; tests): Usage then stands for the lease's state.
	Leased bool
	// Usage, when set, is what DiscountUsage returns (tests: a spent lease).
	Usage map[string]int
	// FailAudit, when set, makes every write with audit entries fail after
	// the change was made in a copy: neither is kept (tests).
	FailAudit error
	// Import, when set, is what ImportCatalogAs does (tests): the store
	// itself reads no file, and without Import it refuses in words.
	Import func(ctx context.Context, r io.Reader, staffID string, progress func(stage string, done, total int)) (ImportResult, error)
	// Returns and shifts (memstore_returns.go).
	ReturnsMade []Return
	Shifts      []*Shift
	// Staff, the audit log and the settings.
	StaffList []Staff
	AuditLog  []AuditEntry
	Limit     ApprovalLimit
	idleLock  time.Duration
	printer   string
	columns   int
}

// NewMemStore returns a store holding setup, with no staff and the default
// approval limit of a new database.
func NewMemStore(setup Setup) *MemStore {
	return &MemStore{setup: setup, carts: map[string]*Cart{}, numbers: map[bool]int64{},
		Limit: DefaultApprovalLimit(setup.Location.Currency), columns: 48}
}

// audit appends entries (m.mu held); FailAudit refuses them all.
func (m *MemStore) audit(entries []AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	if m.FailAudit != nil {
		return m.FailAudit
	}
	for _, e := range entries {
		if e.StaffID == "" || e.Action == "" || e.At.IsZero() {
			return Errorf(EInvalid, "an audit entry needs who, what and when")
		}
	}
	for _, e := range entries {
		e.Seq = int64(len(m.AuditLog) + 1)
		m.AuditLog = append(m.AuditLog, e)
	}
	return nil
}

func (m *MemStore) LoadSetup(ctx context.Context) (Setup, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.setup
	s.Products = append([]Product(nil), s.Products...)
	s.Discounts = append([]Discount(nil), s.Discounts...)
	return s, nil
}

func (m *MemStore) DiscountUsage(ctx context.Context) (map[string]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.FailUsage != nil {
		return nil, m.FailUsage
	}
	if m.Usage != nil {
		use := map[string]int{}
		for id, n := range m.Usage {
			use[id] = n
		}
		return use, nil
	}
	use := map[string]int{}
	for _, o := range m.Orders {
		if o.Test {
			continue
		}
		for _, a := range o.Quote.Applied {
			if a.Source != Custom {
				use[a.DiscountID]++
			}
		}
	}
	return use, nil
}

func (m *MemStore) LimitsLeased(ctx context.Context) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.Leased, nil
}

func (m *MemStore) SaveCart(ctx context.Context, c *Cart, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.audit(audit); err != nil {
		return err
	}
	if _, ok := m.carts[c.ID]; !ok {
		m.order = append(m.order, c.ID)
	}
	m.carts[c.ID] = c.Clone()
	return nil
}

func (m *MemStore) DeleteCart(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.carts, id)
	return nil
}

func (m *MemStore) LoadCarts(ctx context.Context) ([]*Cart, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*Cart
	for _, id := range m.order {
		if c, ok := m.carts[id]; ok {
			out = append(out, c.Clone())
		}
	}
	return out, nil
}

func (m *MemStore) CompleteOrder(ctx context.Context, o *Order, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.FailComplete != nil {
		return m.FailComplete
	}
	if err := m.audit(audit); err != nil {
		return err
	}
	m.numbers[o.Test]++
	o.Number = m.numbers[o.Test]
	m.Orders = append(m.Orders, o)
	delete(m.carts, o.CartID)
	return nil
}

// OrderByNumber finds an order by its number in one series.
func (m *MemStore) OrderByNumber(ctx context.Context, n int64, test bool) (*Order, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.Orders {
		if o.Number == n && o.Test == test {
			return o, nil
		}
	}
	return nil, Errorf(ENotFound, "There is no order %d.", n)
}

// OrdersBetween lists one series' orders from ≤ t < to, newest first.
func (m *MemStore) OrdersBetween(ctx context.Context, from, to time.Time, test bool) ([]*Order, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*Order
	for i := len(m.Orders) - 1; i >= 0; i-- {
		o := m.Orders[i]
		if o.Test == test && !o.CreatedAt.Before(from) && o.CreatedAt.Before(to) {
			out = append(out, o)
		}
	}
	return out, nil
}

func (m *MemStore) SaveProduct(ctx context.Context, p Product, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.audit(audit); err != nil {
		return err
	}
	m.setup.Products = upsert(m.setup.Products, p, func(x Product) string { return x.ID })
	return nil
}

func (m *MemStore) SaveDiscount(ctx context.Context, d Discount, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.audit(audit); err != nil {
		return err
	}
	m.setup.Discounts = upsert(m.setup.Discounts, d, func(x Discount) string { return x.ID })
	return nil
}

func (m *MemStore) SaveLocation(ctx context.Context, loc Location, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.audit(audit); err != nil {
		return err
	}
	m.setup.Location = loc
	return nil
}

// Staff returns the staff by id.
func (m *MemStore) Staff(ctx context.Context) ([]Staff, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := append([]Staff(nil), m.StaffList...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (m *MemStore) SaveStaff(ctx context.Context, s Staff, audit ...AuditEntry) error {
	if err := s.Validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	hadManager := false
	for i := range m.StaffList {
		hadManager = hadManager || m.StaffList[i].IsManager()
	}
	if err := CheckManagersLeft(m.StaffList, s); err != nil && hadManager {
		return err
	}
	if err := m.audit(audit); err != nil {
		return err
	}
	m.StaffList = upsert(m.StaffList, s, func(x Staff) string { return x.ID })
	return nil
}

func (m *MemStore) UpdateStaff(ctx context.Context, id string, fn func(s *Staff) ([]AuditEntry, error)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.StaffList {
		if m.StaffList[i].ID != id {
			continue
		}
		s := m.StaffList[i]
		entries, err := fn(&s)
		if err != nil {
			return err
		}
		if err := m.audit(entries); err != nil {
			return err
		}
		cur := &m.StaffList[i]
		if s.PINHash != cur.PINHash {
			cur.PINHash, cur.DemoPIN = s.PINHash, false
		}
		cur.FailedPINs, cur.Lockouts, cur.LockedUntil = s.FailedPINs, s.Lockouts, s.LockedUntil
		return nil
	}
	return Errorf(ENotFound, "There is no member of staff %s.", id)
}

func (m *MemStore) AppendAudit(ctx context.Context, entries ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.audit(entries)
}

// Audit returns the newest entries first.
func (m *MemStore) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []AuditEntry
	for i := len(m.AuditLog) - 1; i >= 0 && (limit <= 0 || len(out) < limit); i-- {
		out = append(out, m.AuditLog[i])
	}
	return out, nil
}

func (m *MemStore) ApprovalLimit(ctx context.Context) (ApprovalLimit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.FailLimit != nil {
		return ApprovalLimit{}, m.FailLimit
	}
	return m.Limit, nil
}

func (m *MemStore) SaveApprovalLimit(ctx context.Context, l ApprovalLimit, audit ...AuditEntry) error {
	if err := l.Validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.audit(audit); err != nil {
		return err
	}
	m.Limit = l
	return nil
}

func (m *MemStore) IdleLock(ctx context.Context) (time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.idleLock == 0 {
		return DefaultIdleLock, nil
	}
	return m.idleLock, nil
}

func (m *MemStore) SaveIdleLock(ctx context.Context, d time.Duration, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.audit(audit); err != nil {
		return err
	}
	m.idleLock = d
	return nil
}

func (m *MemStore) Printer(ctx context.Context) (string, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.printer, m.columns, nil
}

func (m *MemStore) SetPrinter(ctx context.Context, path string, columns int, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.audit(audit); err != nil {
		return err
	}
	m.printer, m.columns = path, columns
	return nil
}

// upsert replaces the item with v's id, or appends v.
func upsert[T any](list []T, v T, id func(T) string) []T {
	for i := range list {
		if id(list[i]) == id(v) {
			list[i] = v
			return list
		}
	}
	return append(list, v)
}

var _ Store = (*MemStore)(nil)

// ImportCatalogAs is the test double of a catalog import: it runs
// m.Import, which a test sets (it may call SaveProduct and progress), and
// refuses in words when Import is not set. MemStore reads no file itself.
func (m *MemStore) ImportCatalogAs(ctx context.Context, r io.Reader, staffID string, progress func(stage string, done, total int)) (ImportResult, error) {
	m.mu.Lock()
	f := m.Import
	m.mu.Unlock()
	if f == nil {
		return ImportResult{}, Errorf(ENotAllowed, "This till cannot import a catalog file.")
	}
	return f(ctx, r, staffID, progress)
}
