package ui

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// worker runs the till's calls one after another on a goroutine of its
// own, never on the UI goroutine (a database write must not freeze the
// window), and hands each result back to the UI goroutine. The sell screen
// and every view it opens share one worker, so the till sees one call at a
// time in the order the cashier made them.
type worker struct {
	work    chan func()
	pending sync.WaitGroup
	// done closes with the window: the loop ends and later calls are
	// dropped; loopDone closes when the loop has ended.
	done     chan struct{}
	stopOnce sync.Once
	loopDone chan struct{}
	// inflight counts calls whose result has not been shown yet (the worker
	// ran them, the UI goroutine has not).
	inflight atomic.Int64
	// deliver runs a result on the UI goroutine: fyne.Do, or a queue the
	// tests drain on their own goroutine (settle).
	deliver func(func())
	qmu     sync.Mutex
	queued  []func()
	// touched is called on every call (the idle lock's activity).
	touched func()
}

// newWorker starts a worker delivering its results through deliver.
func newWorker(deliver func(func()), touched func()) *worker {
	w := &worker{
		work: make(chan func(), 256),
		done: make(chan struct{}), loopDone: make(chan struct{}),
		deliver: deliver, touched: touched,
	}
	go w.loop()
	return w
}

// loop runs the calls one after another until the window closes.
func (w *worker) loop() {
	defer close(w.loopDone)
	for {
		select {
		case <-w.done:
			return
		case f := <-w.work:
			f()
		}
	}
}

// stop ends the worker (the window is closed); calls queued and not yet
// run are dropped, as are later ones.
func (w *worker) stop() { w.stopOnce.Do(func() { close(w.done) }) }

// enqueue hands f to the loop; false once the window is closed (f never
// runs).
func (w *worker) enqueue(f func()) bool {
	select {
	case <-w.done:
		return false
	default:
	}
	select {
	case w.work <- f:
		return true
	case <-w.done:
		return false
	}
}

// submit queues a call counted in pending and inflight; once the window
// is closed it is dropped and uncounted.
func (w *worker) submit(f func()) {
	if !w.enqueue(f) {
		w.pending.Done()
		w.inflight.Add(-1)
	}
}

// begin counts a call about to be submitted (the idle lock sees activity).
func (w *worker) begin() {
	if w.touched != nil {
		w.touched()
	}
	w.inflight.Add(1)
	w.pending.Add(1)
}

// background runs op off the UI goroutine (a read, or a write whose
// result the caller shows itself), then then on the UI goroutine.
func (w *worker) background(op func(ctx context.Context), then func()) {
	w.begin()
	w.submit(func() {
		defer w.pending.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		op(ctx)
		cancel()
		w.deliver(func() {
			defer w.inflight.Add(-1)
			then()
		})
	})
}

// queue is a deliver for tests: results wait until settle or drain runs
// them on the test's goroutine.
func (w *worker) queue(f func()) {
	w.qmu.Lock()
	w.queued = append(w.queued, f)
	w.qmu.Unlock()
}
