package hq

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"caisse/assets"
	"caisse/hq/pgtest"
	"caisse/pos"
	"caisse/storage"
)

// TestFaultTillsKeepSellingThroughFailures: three till processes sell in
// loops (a WELCOME5 sale, limited to 50 across the chain, every fourth
// sale), each syncing in the background as the window does; meanwhile the
// head office is stopped and started twice, tills are SIGKILLed at random
// and restarted, and a configuration change is pushed. After a final
// round: every order of every till's file is at head office exactly once
// with equal totals, WELCOME5 was used at most 50 times, and every till
// applied the change. It runs CAISSE_FAULT_SECONDS (default 15; the issue
// asks for ≥ 60, see docs/headoffice.md for the measured run).
func TestFaultTillsKeepSellingThroughFailures(t *testing.T) {
	if !server.Owned() {
		t.Skip("the fault test stops and starts the server: it needs its own cluster, not " + pgtest.EnvURL + "'s")
	}
	dur := 15 * time.Second
	if s := os.Getenv("CAISSE_FAULT_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("CAISSE_FAULT_SECONDS=%q", s)
		}
		dur = time.Duration(n) * time.Second
	}
	h, url := newHQ(t)
	ctx := context.Background()
	_, err := h.PushConfig(ctx, "Lyon", Config{Setup: limitedDemo(t, 50)})
	must(t, err)
	dir := t.TempDir()
	names := []string{"till-a", "till-b", "till-c"}
	paths := map[string]string{}
	for _, name := range names {
		paths[name] = filepath.Join(dir, name+".db")
		db, err := storage.Open(paths[name])
		must(t, err)
		setup, err := assets.DemoSetup()
		must(t, err)
		_, err = db.Seed(ctx, setup)
		must(t, err)
		_, err = Join(ctx, db, url, "Lyon", name)
		must(t, err)
		must(t, db.Close())
	}

	start := time.Now()
	until := start.Add(dur)
	var mu sync.Mutex
	procs := map[string]*tillProc{}
	kills := 0
	launch := func(name string) {
		p := startTillProc(t, os.Args[0], paths[name], name, until)
		mu.Lock()
		procs[name] = p
		mu.Unlock()
	}
	for _, name := range names {
		launch(name)
	}
	// The faults, on a schedule scaled to the run.
	at := func(f float64) time.Time { return start.Add(time.Duration(f * float64(dur))) }
	stops := []time.Time{at(0.2), at(0.6)}
	change := at(0.45)
	var v2 int64
	nextKill := start.Add(time.Second)
	for time.Now().Before(until.Add(-time.Second)) {
		now := time.Now()
		switch {
		case len(stops) > 0 && now.After(stops[0]):
			stops = stops[1:]
			must(t, server.Pause())
			time.Sleep(time.Duration(1500+rand.IntN(1500)) * time.Millisecond)
			must(t, server.Resume())
		case v2 == 0 && now.After(change):
			v2, err = h.PushConfig(ctx, "Lyon", Config{Setup: editDemo(t, func(doc map[string]any) {
				for _, d := range doc["discounts"].([]any) {
					if d := d.(map[string]any); d["id"] == "welcome-5" {
						d["usage_limit"] = 50
					}
				}
				doc["location"].(map[string]any)["receipt_footer"] = "Changed mid-run"
			})})
			if err != nil {
				t.Fatalf("the configuration change: %v", err)
			}
		case now.After(nextKill):
			name := names[rand.IntN(len(names))]
			mu.Lock()
			p := procs[name]
			mu.Unlock()
			p.kill()
			kills++
			p.wait(t, true)
			launch(name)
			nextKill = now.Add(time.Duration(1000+rand.IntN(2000)) * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, name := range names {
		procs[name].wait(t, false)
	}
	if v2 == 0 {
		t.Fatal("the run ended before the configuration change")
	}

	// The final round, and the checks.
	var orders, uses, localUses int
	for _, name := range names {
		db, err := storage.Open(paths[name])
		must(t, err)
		s := NewSyncer(db)
		res, err := s.Round(ctx)
		s.Close()
		if err != nil || res.Waiting != 0 {
			t.Fatalf("%s's final round: %+v %v", name, res, err)
		}
		if v, err := db.ConfigVersion(ctx); err != nil || v != v2 {
			t.Errorf("%s applied version %d (%v), want %d", name, v, err, v2)
		}
		link, _, err := db.HQLink(ctx)
		must(t, err)
		local := map[string]int64{}
		all, err := db.Orders(ctx, storage.OrderFilter{})
		must(t, err)
		for _, o := range all {
			local[o.ID] = o.Quote.Total.Minor()
			for _, a := range o.Quote.Applied {
				if a.DiscountID == "welcome-5" && !o.Test {
					localUses++
				}
			}
		}
		remote := map[string]int64{}
		rows, err := h.pool.Query(ctx, `SELECT id, total FROM orders WHERE till_id = $1`, link.TillID)
		must(t, err)
		for rows.Next() {
			var id string
			var total int64
			must(t, rows.Scan(&id, &total))
			remote[id] = total
		}
		rows.Close()
		if len(local) != len(remote) {
			t.Errorf("%s: %d orders in its file, %d at head office", name, len(local), len(remote))
		}
		for id, total := range local {
			if got, ok := remote[id]; !ok || got != total {
				t.Errorf("%s: order %s totals %d here, %d (%v) at head office", name, id, total, got, ok)
			}
		}
		if n := count(t, h, `SELECT count(*) FROM events WHERE till_id = $1`, link.TillID); n != int64(eventCount(t, db)) {
			t.Errorf("%s: %d events at head office, %d in its file", name, n, eventCount(t, db))
		}
		orders += len(local)
		must(t, db.Close())
	}
	uses = int(count(t, h, `SELECT count(*) FROM events WHERE type = 'order.completed'
		AND NOT (payload->'order'->>'test')::boolean
		AND payload->'order'->'applied' @> '[{"discount": "welcome-5"}]'`))
	if uses != localUses || uses > 50 {
		t.Errorf("WELCOME5 used %d times at head office, %d in the tills' files; the limit is 50", uses, localUses)
	}
	if uses == 0 {
		t.Error("no sale used WELCOME5: the limit was not exercised")
	}
	t.Logf("%v run: %d orders from 3 tills, %d SIGKILLs, the head office stopped twice, WELCOME5 used %d times of 50",
		time.Since(start).Round(time.Second), orders, kills, uses)
}

func eventCount(t testing.TB, db *storage.DB) int {
	t.Helper()
	events, err := db.Events(context.Background(), 0, 1_000_000)
	must(t, err)
	return len(events)
}

// tillProc is a till process: this test binary running TestFaultTillProcess.
type tillProc struct {
	name   string
	cmd    *exec.Cmd
	out    bytes.Buffer
	killed bool
	done   chan error
}

func startTillProc(t *testing.T, bin, path, name string, until time.Time) *tillProc {
	t.Helper()
	p := &tillProc{name: name, done: make(chan error, 1)}
	p.cmd = exec.Command(bin, "-test.run=^TestFaultTillProcess$", "-test.count=1")
	p.cmd.Env = append(os.Environ(), pgtest.EnvChild+"=1", "CAISSE_FAULT_DB="+path, "CAISSE_FAULT_TILL="+name,
		"CAISSE_FAULT_UNTIL="+strconv.FormatInt(until.UnixNano(), 10))
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	return p
}

func (p *tillProc) kill() {
	p.killed = true
	p.cmd.Process.Signal(syscall.SIGKILL)
}

// wait waits for the process; one not killed must have passed.
func (p *tillProc) wait(t *testing.T, killed bool) {
	t.Helper()
	select {
	case err := <-p.done:
		if err != nil && !(killed && p.killed) {
			t.Fatalf("till process %s: %v\n%s", p.name, err, p.out.String())
		}
	case <-time.After(2 * time.Minute):
		p.cmd.Process.Signal(syscall.SIGKILL)
		t.Fatalf("till process %s did not stop\n%s", p.name, p.out.String())
	}
}

// TestFaultTillProcess is one till of the fault test (a helper process):
// it sells until CAISSE_FAULT_UNTIL, every fourth sale with WELCOME5 when
// the till accepts it, and syncs in the background like the window.
func TestFaultTillProcess(t *testing.T) {
	path := os.Getenv("CAISSE_FAULT_DB")
	if path == "" {
		t.Skip("a helper process of TestFaultTillsKeepSellingThroughFailures")
	}
	name := os.Getenv("CAISSE_FAULT_TILL")
	ns, err := strconv.ParseInt(os.Getenv("CAISSE_FAULT_UNTIL"), 10, 64)
	must(t, err)
	until := time.Unix(0, ns)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := storage.Open(path)
	must(t, err)
	defer db.Close()
	till, err := pos.NewTill(ctx, db.WithTill(name), tillOptions(name))
	must(t, err)
	tt := &testTill{name: name, db: db, till: till}
	s := NewSyncer(db)
	s.OnConfig = till.Reload
	s.Poll = 500 * time.Millisecond
	s.LeaseBlock = 4
	synced := make(chan error, 1)
	go func() { synced <- s.Run(ctx) }()
	for i := 0; time.Now().Before(until); i++ {
		if i%4 == 0 {
			_, err := sellWelcome(t, tt)
			if err == nil {
				s.Kick()
				continue
			}
			if pos.ErrorCode(err) != pos.ELimit {
				t.Fatalf("a WELCOME5 sale: %v", err)
			}
		}
		if _, err := tt.sell(t, "espresso", ""); err != nil {
			t.Fatalf("a sale: %v", err)
		}
		s.Kick()
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
	}
	cancel()
	<-synced
	fmt.Fprintf(os.Stderr, "%s: status %+v\n", name, s.Status())
}
