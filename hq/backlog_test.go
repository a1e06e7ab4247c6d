package hq

import (
	"context"
	"testing"
	"time"
)

// BenchmarkBacklog10000: a till offline for a day comes back with 10,000
// orders waiting; one round sends them all (goal ≤ 5 s). The sales are made
// through the till, untimed; the round is timed.
func BenchmarkBacklog10000(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		h, url := newHQ(b)
		tt := newTestTill(b, "till-a")
		tt.mustSell(b, 10_000)
		_, err := Join(context.Background(), tt.db, url, "Lyon", "till-a")
		must(b, err)
		s := NewSyncer(tt.db)
		b.StartTimer()
		start := time.Now()
		res, err := s.Round(context.Background())
		elapsed := time.Since(start)
		b.StopTimer()
		must(b, err)
		if res.Sent != 10_000 || res.Waiting != 0 {
			b.Fatalf("round %+v", res)
		}
		if n := count(b, h, `SELECT count(*) FROM orders`); n != 10_000 {
			b.Fatalf("%d orders at head office", n)
		}
		b.ReportMetric(elapsed.Seconds(), "s/backlog")
		s.Close()
	}
}
