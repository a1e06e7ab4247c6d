package pos

import (
	"context"
	"time"
)

// Order returns the completed order with that id.
func (m *MemStore) Order(ctx context.Context, id string) (*Order, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.Orders {
		if o.ID == id {
			return o, nil
		}
	}
	return nil, Errorf(ENotFound, "No order %s.", id)
}

// Returns lists an order's returns, oldest first.
func (m *MemStore) Returns(ctx context.Context, orderID string) ([]Return, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Return
	for _, r := range m.ReturnsMade {
		if r.OrderID == orderID {
			out = append(out, r)
		}
	}
	return out, nil
}

// CompleteReturn records a return and numbers it. Like storage, it decides
// the refund tenders under its lock, against the order's returns so far.
func (m *MemStore) CompleteReturn(ctx context.Context, r *Return, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.audit(audit); err != nil {
		return err
	}
	var prev []Return
	for _, x := range m.ReturnsMade {
		if x.OrderID == r.OrderID {
			prev = append(prev, x)
		}
	}
	for _, o := range m.Orders {
		if o.ID == r.OrderID {
			r.Tenders = RefundTenders(o, prev, r.Total.Minor(), AllCash(r.Tenders))
		}
	}
	n := int64(1)
	for _, x := range m.ReturnsMade {
		if x.Test == r.Test {
			n++
		}
	}
	r.Number = n
	m.ReturnsMade = append(m.ReturnsMade, *r)
	return nil
}

// ReturnsBetween lists the returns made from ≤ t < to.
func (m *MemStore) ReturnsBetween(ctx context.Context, from, to time.Time) ([]Return, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Return
	for _, r := range m.ReturnsMade {
		if !r.CreatedAt.Before(from) && r.CreatedAt.Before(to) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *MemStore) OpenShift(ctx context.Context, s *Shift, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.Shifts {
		if x.TillID == s.TillID && x.Open() {
			return Errorf(EConflict, "A shift is already open on this till: close it first.")
		}
	}
	if err := m.audit(audit); err != nil {
		return err
	}
	c := *s
	m.Shifts = append(m.Shifts, &c)
	return nil
}

func (m *MemStore) CurrentShift(ctx context.Context, tillID string) (*Shift, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.Shifts {
		if s.TillID == tillID && s.Open() {
			c := *s
			c.Moves = append([]CashMove(nil), s.Moves...)
			return &c, nil
		}
	}
	return nil, nil
}

func (m *MemStore) AddCashMove(ctx context.Context, shiftID string, mv CashMove, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.Shifts {
		if s.ID == shiftID && s.Open() {
			if err := m.audit(audit); err != nil {
				return err
			}
			s.Moves = append(s.Moves, mv)
			return nil
		}
	}
	return Errorf(ENotFound, "No open shift %s.", shiftID)
}

func (m *MemStore) CloseShift(ctx context.Context, s *Shift, audit ...AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, x := range m.Shifts {
		if x.ID == s.ID {
			if err := m.audit(audit); err != nil {
				return err
			}
			c := *s
			m.Shifts[i] = &c
			return nil
		}
	}
	return Errorf(ENotFound, "No open shift %s.", s.ID)
}

func (m *MemStore) ShiftActivity(ctx context.Context, s *Shift) ([]*Order, []Return, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	end := s.ClosedAt
	if end.IsZero() {
		end = time.Now().Add(time.Hour)
	}
	var orders []*Order
	for _, o := range m.Orders {
		if o.TillID == s.TillID && !o.CreatedAt.Before(s.OpenedAt) && o.CreatedAt.Before(end.Add(time.Nanosecond)) {
			orders = append(orders, o)
		}
	}
	var returns []Return
	for _, r := range m.ReturnsMade {
		if r.ShiftID == s.ID {
			returns = append(returns, r)
		}
	}
	return orders, returns, nil
}
