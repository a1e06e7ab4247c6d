package hq

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"caisse/assets"
	"caisse/hq/pgtest"
	"caisse/storage"
)

// faultSeconds is how long the fault test sells by default: the issue asks
// for at least 60 s. CAISSE_FAULT_SECONDS makes it longer (or shorter).
const faultSeconds = 60

// buildCaisse builds the real `caisse` binary once for a test (the build
// cache makes it quick when the tree was built before).
func buildCaisse(t *testing.T) string {
	t.Helper()
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		if gobin, err = exec.LookPath("go"); err != nil {
			t.Fatalf("building caisse: no go command: %v", err)
		}
	}
	bin := filepath.Join(t.TempDir(), "caisse")
	cmd := exec.Command(gobin, "build", "-tags", "migrated_fynedo", "-o", bin, "caisse/app")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building caisse: %v\n%s", err, out)
	}
	return bin
}

// caisse runs the binary to the end and returns its exit status and output.
func runCaisse(t *testing.T, bin string, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "LANG=en_US.UTF-8"), env...)
	out, err := cmd.CombinedOutput()
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("caisse %v: %v", args, err)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// faultTill is one till of the fault test: its `caisse sync` running in the
// background and the `caisse sell` (or `caisse scenario`) under way, both
// SIGKILLed together when the test kills the till.
type faultTill struct {
	name, db string

	mu      sync.Mutex
	procs   []*exec.Cmd // running: the sync, and the sale under way
	sync    *exec.Cmd
	syncOut *bytes.Buffer
	killing bool // a kill is under way: an exit by signal is expected
}

func (ft *faultTill) track(c *exec.Cmd, add bool) {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	if add {
		ft.procs = append(ft.procs, c)
		return
	}
	for i, p := range ft.procs {
		if p == c {
			ft.procs = append(ft.procs[:i], ft.procs[i+1:]...)
			return
		}
	}
}

// TestFaultTillsKeepSellingThroughFailures: three tills, each the real
// `caisse` binary: `caisse sync` running in the background (as the window
// syncs) and `caisse sell` in a loop (every other sale with WELCOME5,
// limited to 50 across the chain, so that a minute reaches the limit even
// though each sale is a process signing in with an argon2 PIN hash; one in
// eight a `caisse scenario --db` test order). Meanwhile tills are SIGKILLed at random (the sync and the
// sale under way) and restarted, the head office is stopped and started
// twice, and a configuration change is pushed with `caisse hq push-config`.
// At the end, after a `caisse sync --once` per till: every order of every
// till's file is at head office exactly once with equal totals, WELCOME5
// was used at most 50 times (and as often as the files say), and every
// till applied the change. It runs CAISSE_FAULT_SECONDS (default 60).
func TestFaultTillsKeepSellingThroughFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault test runs a minute of till processes")
	}
	if !server.Owned() {
		t.Skip("the fault test stops and starts the server: it needs its own cluster, not " + pgtest.EnvURL + "'s")
	}
	dur := faultSeconds * time.Second
	if s := os.Getenv("CAISSE_FAULT_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 5 {
			t.Fatalf("CAISSE_FAULT_SECONDS=%q: a whole number of seconds, at least 5", s)
		}
		dur = time.Duration(n) * time.Second
	}
	bin := buildCaisse(t)
	ctx := context.Background()
	dir := t.TempDir()
	url := server.Database(t)
	caisse := func(args ...string) string {
		t.Helper()
		code, out := runCaisse(t, bin, nil, args...)
		if code != 0 {
			t.Fatalf("caisse %v: exit %d\n%s", args, code, out)
		}
		return out
	}
	caisse("hq", "init", "--url", url)
	h, err := Open(ctx, url)
	must(t, err)
	defer h.Close()
	writeFile := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		must(t, os.WriteFile(p, b, 0o600))
		return p
	}
	caisse("hq", "push-config", "--url", url, "--shop", "Lyon", "--setup", writeFile("limited.json", limitedDemo(t, 50)))
	changed := writeFile("changed.json", editDemo(t, func(doc map[string]any) {
		for _, d := range doc["discounts"].([]any) {
			if d := d.(map[string]any); d["id"] == "welcome-5" {
				d["usage_limit"] = 50
			}
		}
		doc["location"].(map[string]any)["receipt_footer"] = "Changed mid-run"
	}))
	// A test order through the scenario runner: orders only, no set-up, so
	// a joined till accepts it.
	scenario := writeFile("sale.json", []byte(`{"currency": "USD", "steps": [{"add": "espresso"}, {"pay": [{"method": "cash", "amount": "10.00"}]}]}`))

	tills := []*faultTill{{name: "till-a"}, {name: "till-b"}, {name: "till-c"}}
	for _, ft := range tills {
		// A till's file is made as the window makes it: the demo shop.
		ft.db = filepath.Join(dir, ft.name+".db")
		db, err := storage.Open(ft.db)
		must(t, err)
		setup, err := assets.DemoSetup()
		must(t, err)
		_, err = db.Seed(ctx, setup)
		must(t, err)
		must(t, db.Close())
		caisse("join", "--db", ft.db, "--hq", url, "--shop", "Lyon", "--till", ft.name)
	}

	start := time.Now()
	until := start.Add(dur)
	var (
		mu                                sync.Mutex
		sales, codeSales, refused, scened int
		kills, restarts                   int
		failures                          []string
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	// startSync starts a till's `caisse sync` in the background.
	startSync := func(ft *faultTill) {
		c := exec.Command(bin, "sync", "--db", ft.db, "--poll", "1s")
		c.Env = append(os.Environ(), "LANG=en_US.UTF-8")
		out := &bytes.Buffer{}
		c.Stdout, c.Stderr = out, out
		if err := c.Start(); err != nil {
			t.Fatalf("starting %s's sync: %v", ft.name, err)
		}
		ft.mu.Lock()
		ft.sync, ft.syncOut = c, out
		ft.procs = append(ft.procs, c)
		ft.mu.Unlock()
		go func() {
			err := c.Wait()
			ft.track(c, false)
			ft.mu.Lock()
			killed := ft.killing
			ft.mu.Unlock()
			if err != nil && !killed && c.ProcessState.ExitCode() != 0 && !strings.Contains(err.Error(), "signal: terminated") {
				fail("%s's sync: %v\n%s", ft.name, err, out.String())
			}
		}()
	}
	// sellLoop sells on a till until the end, through the real commands.
	sellLoop := func(ft *faultTill, done *sync.WaitGroup) {
		defer done.Done()
		for i := 0; time.Now().Before(until); i++ {
			var args []string
			code := i%2 == 0
			switch {
			case i%8 == 3:
				args = []string{"scenario", "--db", ft.db, scenario}
			case code:
				args = []string{"sell", "--db", ft.db, "--till", ft.name, "--staff", "cashier", "--code", "WELCOME5", "house-blend:2"}
			default:
				args = []string{"sell", "--db", ft.db, "--till", ft.name, "--staff", "cashier", "espresso"}
			}
			c := exec.Command(bin, args...)
			c.Env = append(os.Environ(), "LANG=en_US.UTF-8", "CAISSE_PIN=0000")
			var out bytes.Buffer
			c.Stdout, c.Stderr = &out, &out
			ft.mu.Lock()
			if err := c.Start(); err != nil {
				ft.mu.Unlock()
				fail("%s: starting caisse %v: %v", ft.name, args, err)
				return
			}
			ft.procs = append(ft.procs, c)
			ft.mu.Unlock()
			err := c.Wait()
			ft.track(c, false)
			status := c.ProcessState.ExitCode()
			killed := false
			if ws, ok := c.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
				killed = true
			}
			mu.Lock()
			switch {
			case killed:
				// The till was killed mid-sale: the sale happened or not.
			case status == 0 && args[0] == "scenario":
				scened++
			case status == 0:
				sales++
				if code {
					codeSales++
				}
			case code && status == 1 && strings.Contains(out.String(), leaseSpent):
				refused++
			default:
				failures = append(failures, fmt.Sprintf("%s: caisse %v: %v (exit %d)\n%s", ft.name, args, err, status, out.String()))
			}
			mu.Unlock()
			time.Sleep(time.Duration(rand.IntN(20)) * time.Millisecond)
		}
	}
	var selling sync.WaitGroup
	for _, ft := range tills {
		startSync(ft)
		selling.Add(1)
		go sellLoop(ft, &selling)
	}
	// killTill SIGKILLs a till's processes (its sync, its sale under way)
	// and starts its sync again; its sale loop starts the next sale.
	killTill := func(ft *faultTill) {
		ft.mu.Lock()
		ft.killing = true
		procs := append([]*exec.Cmd(nil), ft.procs...)
		ft.mu.Unlock()
		for _, p := range procs {
			p.Process.Signal(syscall.SIGKILL)
		}
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			ft.mu.Lock()
			gone := true
			for _, p := range procs {
				for _, q := range ft.procs {
					gone = gone && p != q
				}
			}
			ft.mu.Unlock()
			if gone {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s's processes did not die", ft.name)
			}
		}
		ft.mu.Lock()
		ft.killing = false
		ft.mu.Unlock()
		startSync(ft)
	}

	// The faults, on a schedule scaled to the run.
	at := func(f float64) time.Time { return start.Add(time.Duration(f * float64(dur))) }
	stops := []time.Time{at(0.2), at(0.6)}
	change := at(0.45)
	var v2 int64
	var changedAt time.Time
	reached := map[string]time.Duration{}
	nextKill := start.Add(time.Second)
	for time.Now().Before(until.Add(-time.Second)) {
		now := time.Now()
		switch {
		case len(stops) > 0 && now.After(stops[0]):
			stops = stops[1:]
			must(t, server.Pause())
			time.Sleep(time.Duration(2000+rand.IntN(2000)) * time.Millisecond)
			must(t, server.Resume())
			restarts++
		case v2 == 0 && now.After(change):
			out := caisse("hq", "push-config", "--url", url, "--shop", "Lyon", "--setup", changed)
			m := regexp.MustCompile(`configuration version (\d+)`).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("caisse hq push-config said %q", out)
			}
			v2, _ = strconv.ParseInt(m[1], 10, 64)
			changedAt = time.Now()
		case now.After(nextKill):
			killTill(tills[rand.IntN(len(tills))])
			kills++
			nextKill = now.Add(time.Duration(1000+rand.IntN(2000)) * time.Millisecond)
		}
		// How soon each running till applied the change (its file's version).
		if v2 != 0 && len(reached) < len(tills) {
			for _, ft := range tills {
				if _, ok := reached[ft.name]; !ok && configVersionOf(ft.db) == v2 {
					reached[ft.name] = time.Since(changedAt)
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	selling.Wait()
	ran := time.Since(start)
	for _, ft := range tills {
		ft.mu.Lock()
		c, out := ft.sync, ft.syncOut
		ft.mu.Unlock()
		c.Process.Signal(syscall.SIGTERM)
		for deadline := time.Now().Add(30 * time.Second); c.ProcessState == nil; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				c.Process.Signal(syscall.SIGKILL)
				t.Fatalf("%s's sync did not stop on SIGTERM\n%s", ft.name, out.String())
			}
		}
		if code := c.ProcessState.ExitCode(); code != 0 {
			t.Errorf("%s's sync exited %d on SIGTERM\n%s", ft.name, code, out.String())
		}
	}
	for _, f := range failures {
		t.Error(f)
	}
	if v2 == 0 {
		t.Fatal("the run ended before the configuration change")
	}

	// The final round, and the checks.
	var orders, localUses int
	for _, ft := range tills {
		if code, out := runCaisse(t, bin, nil, "sync", "--db", ft.db, "--once"); code != 0 {
			t.Fatalf("%s's final caisse sync --once: exit %d\n%s", ft.name, code, out)
		}
		db, err := storage.Open(ft.db)
		must(t, err)
		if v, err := db.ConfigVersion(ctx); err != nil || v != v2 {
			t.Errorf("%s applied version %d (%v), want %d", ft.name, v, err, v2)
		}
		setup, err := db.LoadSetup(ctx)
		must(t, err)
		if setup.Location.ReceiptFooter != "Changed mid-run" {
			t.Errorf("%s's receipt footer is %q: the change was not applied", ft.name, setup.Location.ReceiptFooter)
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
			if _, dup := remote[id]; dup {
				t.Errorf("%s: order %s twice at head office", ft.name, id)
			}
			remote[id] = total
		}
		must(t, rows.Err())
		rows.Close()
		if len(local) != len(remote) {
			t.Errorf("%s: %d orders in its file, %d at head office", ft.name, len(local), len(remote))
		}
		for id, total := range local {
			if got, ok := remote[id]; !ok || got != total {
				t.Errorf("%s: order %s totals %d here, %d (%v) at head office", ft.name, id, total, got, ok)
			}
		}
		if n := count(t, h, `SELECT count(*) FROM events WHERE till_id = $1`, link.TillID); n != int64(eventCount(t, db)) {
			t.Errorf("%s: %d events at head office, %d in its file", ft.name, n, eventCount(t, db))
		}
		orders += len(local)
		must(t, db.Close())
	}
	uses := int(count(t, h, `SELECT count(*) FROM events WHERE type = 'order.completed'
		AND NOT (payload->'order'->>'test')::boolean
		AND payload->'order'->'applied' @> '[{"discount": "welcome-5"}]'`))
	if uses != localUses || uses > 50 {
		t.Errorf("WELCOME5 used %d times at head office, %d in the tills' files; the limit is 50", uses, localUses)
	}
	if uses < 50 {
		t.Logf("WELCOME5 was used %d times: the run was too short to reach its limit of 50 (CAISSE_FAULT_SECONDS)", uses)
	}
	if uses == 0 || refused == 0 {
		t.Errorf("WELCOME5 used %d times, refused %d times: the limit was not exercised", uses, refused)
	}
	if codeSales > uses {
		t.Errorf("%d sales with WELCOME5 succeeded, but only %d uses are recorded", codeSales, uses)
	}
	var slowest time.Duration
	for _, d := range reached {
		slowest = max(slowest, d)
	}
	t.Logf("%v of selling (%v in all): %d orders in the tills' files (%d live sales, %d scenario test orders, %d whose process was killed after its commit), "+
		"%d SIGKILLs of a till (its sync and its sale under way), the head office stopped and started %d times, "+
		"WELCOME5 used %d times of 50 and refused %d times; the change reached %d running tills in at most %v",
		ran.Round(time.Second), time.Since(start).Round(time.Second), orders, sales, scened, orders-sales-scened,
		kills, restarts, uses, refused, len(reached), slowest.Round(10*time.Millisecond))
}

// configVersionOf reads the configuration version a till's file applied,
// 0 when it can't be read right now.
func configVersionOf(path string) int64 {
	db, err := storage.OpenReadOnly(path)
	if err != nil {
		return 0
	}
	defer db.Close()
	v, _ := db.ConfigVersion(context.Background())
	return v
}

func eventCount(t testing.TB, db *storage.DB) int {
	t.Helper()
	events, err := db.Events(context.Background(), 0, 1_000_000)
	must(t, err)
	return len(events)
}
