package storage

import (
	"testing"
	"time"

	"caisse/pos"
)

// BenchmarkDurableWrite measures a completed sale (10 lines, 3 discounts with
// their per-line shares, 2 tenders, its event, the cart deleted, committed
// with synchronous=FULL) beside the cheapest durable write: one row inserted
// and committed. The goal is a sale within 3× the bare insert.
func BenchmarkDurableWrite(b *testing.B) {
	b.Run("complete-sale", func(b *testing.B) {
		db := MustOpenDB(b)
		orders := make([]*pos.Order, b.N)
		for i := range orders {
			orders[i] = buildOrder(orderSpec{Lines: 10, Till: "till-1"})
		}
		b.ResetTimer()
		for _, o := range orders {
			if err := db.CompleteOrder(ctx, o); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bare-insert", func(b *testing.B) {
		db := MustOpenDB(b)
		if _, err := db.db.Exec(`CREATE TABLE bench (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := db.exec(ctx, `INSERT INTO bench (v) VALUES (?)`, "x"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("save-cart", func(b *testing.B) {
		db := MustOpenDB(b)
		c := testCart(pos.NewID(time.Now()), time.Now().UTC())
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			c.Lines[0].Quantity = 1 + i%5
			if err := db.SaveCart(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
	})
}
