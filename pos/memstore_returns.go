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
func (m *MemStore) CompleteReturn(ctx context.Context, r *Return) error {
	m.mu.Lock()
	defer m.mu.Unlock()
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

func (m *MemStore) OpenShift(ctx context.Context, s *Shift) error {
	m.mu.Lock()
	defer m.mu.Unlock()
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

func (m *MemStore) AddCashMove(ctx context.Context, shiftID string, mv CashMove) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.Shifts {
		if s.ID == shiftID && s.Open() {
			s.Moves = append(s.Moves, mv)
			return nil
		}
	}
	return Errorf(ENotFound, "No open shift %s.", shiftID)
}

func (m *MemStore) CloseShift(ctx context.Context, s *Shift) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, x := range m.Shifts {
		if x.ID == s.ID {
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
