package hq

import (
	"context"
	"testing"
	"time"

	"caisse/storage"

	"github.com/jackc/pgx/v5"
)

// BenchmarkSaleWhileSyncing: a sale's time on a joined till whose Syncer
// runs in the background (kicked after every sale), with the head office
// up, down (unreachable) and slow (a lock held on its events table, so
// every upload waits): the three are the same, since a sale never waits
// for the network.
func BenchmarkSaleWhileSyncing(b *testing.B) {
	h, url := newHQ(b)
	ctx := context.Background()
	tt := newTestTill(b, "till-a")
	link, err := Join(ctx, tt.db, url, "Lyon", "till-a")
	must(b, err)
	run := func(b *testing.B, link string) {
		must(b, tt.db.SetHQLink(ctx, withURL(b, tt, link)))
		rctx, cancel := context.WithCancel(ctx)
		s := NewSyncer(tt.db)
		s.Poll = 50 * time.Millisecond
		done := make(chan error, 1)
		go func() { done <- s.Run(rctx) }()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := tt.sell(b, "espresso", ""); err != nil {
				b.Fatal(err)
			}
			s.Kick()
		}
		b.StopTimer()
		cancel()
		<-done
	}
	b.Run("up", func(b *testing.B) { run(b, link.URL) })
	b.Run("down", func(b *testing.B) { run(b, "postgres://postgres@127.0.0.1:1/none?sslmode=disable") })
	b.Run("slow", func(b *testing.B) {
		conn, err := pgx.Connect(ctx, url)
		must(b, err)
		defer conn.Close(ctx)
		tx, err := conn.Begin(ctx)
		must(b, err)
		_, err = tx.Exec(ctx, `LOCK TABLE events IN ACCESS EXCLUSIVE MODE`)
		must(b, err)
		defer tx.Rollback(ctx)
		run(b, link.URL)
	})
	_ = h
}

// withURL returns the till's link with another URL.
func withURL(t testing.TB, tt *testTill, url string) storage.HQLink {
	t.Helper()
	l, _, err := tt.db.HQLink(context.Background())
	must(t, err)
	l.URL = url
	return l
}
