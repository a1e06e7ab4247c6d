package pos

import "context"

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
// with SQLite; tests in pos/ use MemStore.
type Store interface {
	// LoadSetup returns the location, catalog and discounts.
	LoadSetup(ctx context.Context) (Setup, error)
	// DiscountUsage returns how many completed sales (test orders excluded)
	// used each discount that has a usage limit.
	DiscountUsage(ctx context.Context) (map[string]int, error)
	// SaveCart persists an open or parked cart; called on every change.
	SaveCart(ctx context.Context, c *Cart) error
	// DeleteCart forgets a cart that was dropped.
	DeleteCart(ctx context.Context, id string) error
	// LoadCarts returns the open and parked carts, oldest first.
	LoadCarts(ctx context.Context) ([]*Cart, error)
	// CompleteOrder writes the order, its lines, discount shares, tenders and
	// its order-completed event, assigns its number and deletes its cart, all
	// in one transaction. It refuses (ELimit) a sale that would take a
	// discount past its usage limit. It returns only after the commit.
	CompleteOrder(ctx context.Context, o *Order) error
	// SaveProduct adds or replaces a product (manager).
	SaveProduct(ctx context.Context, p Product) error
	// SaveDiscount adds or replaces a discount (manager).
	SaveDiscount(ctx context.Context, d Discount) error
}
