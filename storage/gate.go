package storage

import (
	"os"
	"sync"
	"time"
)

// gate lets a bulk job (a catalog import) give way to the tills. Every
// write transaction of a till holds a shared lock on the file beside the
// database (path + "-writers") while it waits for and holds SQLite's write
// lock; the bulk job runs its next short transaction only when it can
// take that lock exclusively, that is when no till is waiting to write.
// A till therefore waits for at most one of the job's transactions.
//
// The lock is advisory (flock) and only ever held for a moment; where it
// cannot be had (no file, another OS) the gate is open and the job relies
// on its short transactions alone.
type gate struct {
	mu sync.Mutex
	n  int      // this process's writers inside
	f  *os.File // shared lock, held while n > 0
	p  string
}

func newGate(dbPath string) *gate {
	g := &gate{p: dbPath + "-writers"}
	if f, err := os.OpenFile(g.p, os.O_RDWR|os.O_CREATE, 0o600); err == nil {
		g.f = f
	}
	return g
}

// enter marks a till's writer waiting or writing.
func (g *gate) enter() {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.f == nil {
		return
	}
	if g.n == 0 {
		if err := lockShared(g.f); err != nil {
			// Never a reason not to sell: the gate stays open, and the
			// job relies on its short transactions alone.
			g.f.Close()
			g.f = nil
			return
		}
	}
	g.n++
}

// leave undoes enter.
func (g *gate) leave() {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.f == nil {
		return
	}
	g.n--
	if g.n == 0 {
		if err := unlock(g.f); err != nil {
			g.f.Close() // closing the file releases the lock
			g.f = nil
		}
	}
}

// waitIdle blocks the bulk job until no till is waiting to write, for at
// most max (then it goes ahead: a till waits for one short transaction).
func (g *gate) waitIdle(max time.Duration) {
	if g == nil {
		return
	}
	f, err := os.OpenFile(g.p, os.O_RDWR, 0)
	if err != nil {
		return
	}
	defer f.Close()
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		if tryLockExclusive(f) {
			return // f.Close releases it
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (g *gate) close() error {
	if g == nil || g.f == nil {
		return nil
	}
	return g.f.Close()
}
