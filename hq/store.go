package hq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"caisse/pos"
	"caisse/pos/setupjson"
	"caisse/storage"
)

// Store is a joined till's store: the till's SQLite (*storage.DB) with two
// differences. Its back office's configuration writes (products, cross-
// sells, discounts, the location, the approval limits, the idle lock,
// staff) go to the head office first, as a new version of the shop's
// configuration, and are then applied here with their audit entries in one
// SQLite transaction; while the head office can't be reached they are
// refused and nothing changes. And each completed sale, return or shift
// change kicks the Syncer, after its commit, without waiting: a sale never
// waits for the network. Everything else is the till's own (sign-in
// lockouts, the printer, carts).
type Store struct {
	*storage.DB
	sync *Syncer
}

// NewStore wraps db (the till's view, storage.DB.WithTill) for a joined
// till whose sync is s.
func NewStore(db *storage.DB, s *Syncer) *Store { return &Store{DB: db, sync: s} }

// EditTimeout bounds a back-office edit's round trip to the head office.
const EditTimeout = 2 * DialTimeout

// offlineFormat is the refusal of a configuration edit while the head
// office can't be reached.
const offlineFormat = "The head office can't be reached: configuration changes are made online. Try again when the till is online."

// offline is the refusal, keeping its cause.
func offline(cause error) error {
	e := pos.Errorf(pos.EConflict, offlineFormat)
	e.Err = cause
	return e
}

// edited is a configuration as a back-office edit changes it.
type edited struct {
	setup  pos.Setup
	staff  []pos.Staff // nil: the configuration carries none
	limits *pos.ApprovalLimit
	idle   time.Duration
}

// edit pushes the shop's latest configuration with change applied as a new
// version, then applies that version here with audit, in one SQLite
// transaction. A version pushed by someone else in between makes it start
// again on that one.
func (st *Store) edit(ctx context.Context, change func(c *edited) error, audit []pos.AuditEntry) error {
	link, ok, err := st.DB.HQLink(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotJoined
	}
	st.sync.cfg.Lock()
	defer st.sync.cfg.Unlock()
	rctx, cancel := context.WithTimeout(ctx, EditTimeout)
	defer cancel()
	h, err := st.sync.connect(rctx, link.URL)
	if err != nil {
		return offline(err)
	}
	for attempt := 0; ; attempt++ {
		base, c, found, err := h.LatestConfig(rctx, link.ShopID, 0)
		if err != nil {
			return offline(st.sync.dropOnFailure(err))
		}
		var e edited
		if found {
			tc, err := c.TillConfig(base)
			if err != nil {
				return err
			}
			e = edited{setup: tc.Setup, staff: tc.Staff, limits: tc.Limits, idle: tc.IdleLock}
		} else if e.setup, err = st.DB.LoadSetup(ctx); err != nil {
			return err
		}
		if err := change(&e); err != nil {
			return err
		}
		doc, err := setupjson.Encode(e.setup) // the format push-config takes
		if err != nil {
			return err
		}
		next := Config{Setup: doc, Limits: e.limits, IdleLockSeconds: int64(e.idle / time.Second)}
		if e.staff != nil {
			next.Staff = staffDocs(e.staff)
		}
		local := storage.HQConfig{Setup: e.setup, Staff: e.staff, Limits: e.limits, IdleLock: e.idle, Audit: audit}
		// The till's own checks first (unique SKUs, barcodes, codes): a
		// version the tills could not apply never reaches the head office.
		if err := st.DB.CheckSetup(ctx, local); err != nil {
			return err
		}
		if _, _, err := next.Parse(); err != nil {
			return err
		}
		version, err := h.PushConfigAfter(rctx, link.Shop, base, next)
		if errors.Is(err, ErrConfigMoved) && attempt < 3 {
			continue
		}
		if err != nil {
			return offline(st.sync.dropOnFailure(err))
		}
		local.Version = version
		if _, err := st.DB.ReplaceSetup(ctx, local); err != nil {
			return fmt.Errorf("applying configuration version %d here: %w", version, err)
		}
		st.sync.Kick()
		return nil
	}
}

// SaveProduct adds or replaces a product at the head office, then here.
func (st *Store) SaveProduct(ctx context.Context, p pos.Product, audit ...pos.AuditEntry) error {
	return st.edit(ctx, func(c *edited) error {
		c.setup.Products = upsert(c.setup.Products, p, func(q pos.Product) bool { return q.ID == p.ID })
		return nil
	}, audit)
}

// SaveDiscount adds or replaces a discount at the head office, then here.
func (st *Store) SaveDiscount(ctx context.Context, d pos.Discount, audit ...pos.AuditEntry) error {
	return st.edit(ctx, func(c *edited) error {
		c.setup.Discounts = upsert(c.setup.Discounts, d, func(e pos.Discount) bool { return e.ID == d.ID })
		return nil
	}, audit)
}

// upsert replaces the item that same finds, in place, or appends v.
func upsert[T any](items []T, v T, same func(T) bool) []T {
	for i := range items {
		if same(items[i]) {
			items[i] = v
			return items
		}
	}
	return append(items, v)
}

// SaveLocation saves the shop's location at the head office, then here.
func (st *Store) SaveLocation(ctx context.Context, loc pos.Location, audit ...pos.AuditEntry) error {
	return st.edit(ctx, func(c *edited) error {
		c.setup.Location = loc
		return nil
	}, audit)
}

// SaveApprovalLimit saves the shop's approval limits at the head office,
// then here.
func (st *Store) SaveApprovalLimit(ctx context.Context, l pos.ApprovalLimit, audit ...pos.AuditEntry) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return st.edit(ctx, func(c *edited) error {
		c.limits = &l
		return nil
	}, audit)
}

// SaveIdleLock saves the shop's idle lock at the head office, then here.
func (st *Store) SaveIdleLock(ctx context.Context, d time.Duration, audit ...pos.AuditEntry) error {
	if d < time.Second {
		return pos.Errorf(pos.EInvalid, "The idle lock is at least a second.")
	}
	return st.edit(ctx, func(c *edited) error {
		c.idle = d
		return nil
	}, audit)
}

// SaveStaff adds or replaces a member of staff at the head office, then
// here. A configuration that carried no staff yet takes this till's.
func (st *Store) SaveStaff(ctx context.Context, s pos.Staff, audit ...pos.AuditEntry) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return st.edit(ctx, func(c *edited) error {
		if c.staff == nil {
			all, err := st.DB.Staff(ctx)
			if err != nil {
				return err
			}
			c.staff = all
		}
		if err := pos.CheckManagersLeft(activeManagers(c.staff), s); err != nil {
			return err
		}
		for i := range c.staff {
			if c.staff[i].ID == s.ID {
				c.staff[i] = s
				return nil
			}
		}
		c.staff = append(c.staff, s)
		return nil
	}, audit)
}

// activeManagers lists the active managers of staff.
func activeManagers(staff []pos.Staff) []pos.Staff {
	var out []pos.Staff
	for _, s := range staff {
		if s.IsManager() {
			out = append(out, s)
		}
	}
	return out
}

// CompleteOrder records the sale, then kicks the sync (never waiting).
func (st *Store) CompleteOrder(ctx context.Context, o *pos.Order, audit ...pos.AuditEntry) error {
	return st.kicked(st.DB.CompleteOrder(ctx, o, audit...))
}

// CompleteReturn records the return, then kicks the sync.
func (st *Store) CompleteReturn(ctx context.Context, r *pos.Return, audit ...pos.AuditEntry) error {
	return st.kicked(st.DB.CompleteReturn(ctx, r, audit...))
}

// OpenShift records the shift, then kicks the sync (a lease top-up).
func (st *Store) OpenShift(ctx context.Context, s *pos.Shift, audit ...pos.AuditEntry) error {
	return st.kicked(st.DB.OpenShift(ctx, s, audit...))
}

// CloseShift records the close, then kicks the sync (leases go back).
func (st *Store) CloseShift(ctx context.Context, s *pos.Shift, audit ...pos.AuditEntry) error {
	return st.kicked(st.DB.CloseShift(ctx, s, audit...))
}

// AddCashMove records the cash move, then kicks the sync.
func (st *Store) AddCashMove(ctx context.Context, shiftID string, m pos.CashMove, audit ...pos.AuditEntry) error {
	return st.kicked(st.DB.AddCashMove(ctx, shiftID, m, audit...))
}

func (st *Store) kicked(err error) error {
	if err == nil {
		st.sync.Kick()
	}
	return err
}

var _ pos.Store = (*Store)(nil)
