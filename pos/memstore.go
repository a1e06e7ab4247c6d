package pos

import (
	"context"
	"sync"
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
	// Returns and shifts (memstore_returns.go).
	ReturnsMade []Return
	Shifts      []*Shift
}

// NewMemStore returns a store holding setup.
func NewMemStore(setup Setup) *MemStore {
	return &MemStore{setup: setup, carts: map[string]*Cart{}, numbers: map[bool]int64{}}
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

func (m *MemStore) SaveCart(ctx context.Context, c *Cart) error {
	m.mu.Lock()
	defer m.mu.Unlock()
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

func (m *MemStore) CompleteOrder(ctx context.Context, o *Order) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.FailComplete != nil {
		return m.FailComplete
	}
	m.numbers[o.Test]++
	o.Number = m.numbers[o.Test]
	m.Orders = append(m.Orders, o)
	delete(m.carts, o.CartID)
	return nil
}

func (m *MemStore) SaveProduct(ctx context.Context, p Product) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.setup.Products = upsert(m.setup.Products, p, func(x Product) string { return x.ID })
	return nil
}

func (m *MemStore) SaveDiscount(ctx context.Context, d Discount) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.setup.Discounts = upsert(m.setup.Discounts, d, func(x Discount) string { return x.ID })
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
