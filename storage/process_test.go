package storage

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"caisse/pos"
)

// The tests below run tills as separate processes on one database file: the
// test binary re-executed as TestHelperProcess, configured by environment
// variables.
const (
	envHelper   = "CAISSE_STORAGE_HELPER" // what the helper does: "complete", "limited" or "return"
	envDB       = "CAISSE_STORAGE_DB"
	envTill     = "CAISSE_STORAGE_TILL"
	envFor      = "CAISSE_STORAGE_FOR"      // "complete": stop after this long (default: never)
	envAttempts = "CAISSE_STORAGE_ATTEMPTS" // "limited": sales to try
	envStartAt  = "CAISSE_STORAGE_START_AT" // Unix nanoseconds to start at, so tills start together
	envLine     = "CAISSE_STORAGE_LINE"     // "return": the order line this till returns
)

// TestHelperProcess is not a test: it is a till run by the tests below.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(envHelper)
	if mode == "" {
		t.Skip("a till process for the crash and two-till tests")
	}
	if err := runHelper(mode); err != nil {
		fmt.Fprintf(os.Stderr, "helper %s: %v\n", mode, err)
		os.Exit(1)
	}
	os.Exit(0)
}

func runHelper(mode string) error {
	if mode == "readonly" { // a reader on a read-only folder: no Open
		return helperReadOnly(os.Getenv(envDB), os.Getenv(envStop))
	}
	db, err := Open(os.Getenv(envDB))
	if err != nil {
		return err
	}
	defer db.Close()
	till := os.Getenv(envTill)
	if at, err := strconv.ParseInt(os.Getenv(envStartAt), 10, 64); err == nil {
		time.Sleep(time.Until(time.Unix(0, at)))
	}
	switch mode {
	case "complete":
		d, _ := time.ParseDuration(os.Getenv(envFor))
		return helperComplete(db.WithTill(till), till, d)
	case "limited":
		n, _ := strconv.Atoi(os.Getenv(envAttempts))
		return helperLimited(db, till, n)
	case "timed":
		return helperTimed(db.WithTill(till), till, os.Getenv(envStop))
	case "return":
		line, _ := strconv.Atoi(os.Getenv(envLine))
		return helperReturn(db, till, line, os.Stdin, os.Stdout)
	}
	return fmt.Errorf("unknown mode %q", mode)
}

// helperComplete rings up sales, as a till does (the cart saved, then the
// order completed), and prints each order's id once it is committed. Every
// fifth sale is a test order.
func helperComplete(db *DB, till string, d time.Duration) error {
	end := time.Now().Add(d)
	for i := 0; d == 0 || time.Now().Before(end); i++ {
		o := buildOrder(orderSpec{Lines: 10, Till: till, Test: i%5 == 4})
		if err := db.SaveCart(ctx, testCart(o.CartID, o.CreatedAt)); err != nil {
			return err
		}
		if err := db.CompleteOrder(ctx, o); err != nil {
			return err
		}
		if _, err := fmt.Fprintln(os.Stdout, o.ID); err != nil {
			return err
		}
	}
	return nil
}

// helperLimited tries n sales that use the limited discount and prints "ok
// ID" or "limit" for each.
func helperLimited(db *DB, till string, n int) error {
	for i := 0; i < n; i++ {
		o := buildOrder(orderSpec{Lines: 3, Till: till, Limited: "10offOrder"})
		err := db.CompleteOrder(ctx, o)
		switch {
		case err == nil:
			fmt.Println("ok", o.ID)
		case pos.ErrorCode(err) == pos.ELimit:
			fmt.Println("limit")
		default:
			return err
		}
	}
	return nil
}

// till is a running helper process and what it printed.
type till struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	done   chan struct{} // closed when stdout is read to its end
	mu     sync.Mutex
	lines  []string
}

func startTill(tb testing.TB, mode, dbPath, tillID string, env ...string) *till {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHelper+"="+mode, envDB+"="+dbPath, envTill+"="+tillID)
	cmd.Env = append(cmd.Env, env...)
	tl := &till{cmd: cmd, done: make(chan struct{})}
	cmd.Stderr = &tl.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go tl.read(out)
	return tl
}

func (tl *till) read(r io.Reader) {
	defer close(tl.done)
	s := bufio.NewScanner(r)
	for s.Scan() {
		tl.mu.Lock()
		tl.lines = append(tl.lines, s.Text())
		tl.mu.Unlock()
	}
}

// waitForLine waits until the process has printed a line, at most d.
func (tl *till) waitForLine(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		tl.mu.Lock()
		n := len(tl.lines)
		tl.mu.Unlock()
		if n > 0 {
			return
		}
	}
}

// wait waits for the process to end and returns what it printed.
func (tl *till) wait() ([]string, error) {
	<-tl.done
	err := tl.cmd.Wait()
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return tl.lines, err
}

// checkStore checks every order in the database: complete, adding up, each
// with its event, numbers unique and without gaps in each series, and the
// file sound. It returns the orders by id.
func checkStore(tb testing.TB, path string, lines int) map[string]*pos.Order {
	tb.Helper()
	db := MustOpenDBAt(tb, path)
	var integrity string
	if err := db.db.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		tb.Fatalf("integrity_check: %q, %v", integrity, err)
	}
	orders, err := db.Orders(ctx, OrderFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	byID := map[string]*pos.Order{}
	numbers := map[bool][]int64{}
	for _, o := range orders {
		if err := checkAddsUp(o); err != nil {
			tb.Error(err)
		}
		if len(o.Quote.Lines) != lines || len(o.Tenders) != 2 || len(o.Quote.Applied) < 3 {
			tb.Errorf("order %s is half-written: %d lines, %d tenders, %d discounts", o.ID, len(o.Quote.Lines), len(o.Tenders), len(o.Quote.Applied))
		}
		byID[o.ID] = o
		numbers[o.Test] = append(numbers[o.Test], o.Number)
	}
	for test, ns := range numbers {
		seen := make([]bool, len(ns)+1)
		for _, n := range ns {
			if n < 1 || n > int64(len(ns)) || seen[n] {
				tb.Errorf("test %v: numbers are not 1..%d each once: %d", test, len(ns), n)
				break
			}
			seen[n] = true
		}
	}
	var events, orphans int
	// The order events (shifts, cash moves and audit entries have theirs too).
	if err := db.db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE order_id NOT IN (SELECT id FROM orders))
		FROM events WHERE type = 'order.completed'`).Scan(&events, &orphans); err != nil {
		tb.Fatal(err)
	}
	if events != len(orders) || orphans != 0 {
		tb.Errorf("%d events (%d without their order) for %d orders", events, orphans, len(orders))
	}
	return byID
}

// TestCrash kills a till with SIGKILL at random moments while it rings up
// sales, many times: every sale it reported is there, whole, and no sale is
// half-written.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes for about 20 s")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	var reported []string
	kills, start := 0, time.Now()
	for round := 0; round < 60 && time.Since(start) < 20*time.Second; round++ {
		tl := startTill(t, "complete", path, "till-crash")
		if round%2 == 1 {
			// Every other round kills the till while it sells, not while
			// it starts: on a loaded machine (or under -race) starting
			// can take longer than the longest random wait.
			tl.waitForLine(5 * time.Second)
		}
		time.Sleep(time.Duration(5+rand.IntN(400)) * time.Millisecond)
		if err := tl.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		lines, err := tl.wait()
		if ws, ok := tl.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("round %d: the till ended by itself: %v\n%s", round, err, tl.stderr.String())
		}
		kills++
		for _, l := range lines {
			if len(l) == 26 {
				reported = append(reported, l)
			}
		}
	}
	orders := checkStore(t, path, 10)
	for _, id := range reported {
		if _, ok := orders[id]; !ok {
			t.Errorf("order %s was reported completed and is lost", id)
		}
	}
	t.Logf("%d kills in %s: %d orders reported, %d stored", kills, time.Since(start).Round(time.Millisecond), len(reported), len(orders))
	if len(reported) < 50 {
		t.Errorf("only %d orders completed: the test proves little", len(reported))
	}
}

// TestTwoTills runs two tills on one new file for a few seconds: no error
// reaches either, no order is lost, numbers are unique and without gaps.
func TestTwoTills(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two tills for 4 s")
	}
	path := filepath.Join(t.TempDir(), "shared.db")
	startAt := fmt.Sprintf("%s=%d", envStartAt, time.Now().Add(300*time.Millisecond).UnixNano())
	tills := []*till{
		startTill(t, "complete", path, "till-1", envFor+"=4s", startAt),
		startTill(t, "complete", path, "till-2", envFor+"=4s", startAt),
	}
	var reported []string
	for i, tl := range tills {
		lines, err := tl.wait()
		if err != nil || tl.stderr.Len() > 0 {
			t.Errorf("till %d: %v\n%s", i+1, err, tl.stderr.String())
		}
		t.Logf("till %d: %d orders", i+1, len(lines))
		if len(lines) < 20 {
			t.Errorf("till %d completed only %d orders", i+1, len(lines))
		}
		reported = append(reported, lines...)
	}
	orders := checkStore(t, path, 10)
	if len(orders) != len(reported) {
		t.Errorf("%d orders stored, %d reported", len(orders), len(reported))
	}
	for _, id := range reported {
		if _, ok := orders[id]; !ok {
			t.Errorf("order %s is lost", id)
		}
	}
}

// TestUsageLimitTwoTills: a code usable 5 times, 16 attempts from two tills
// at once: exactly 5 sales take it, the others are refused as over the limit.
func TestUsageLimitTwoTills(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two tills")
	}
	const limit = 5
	path := filepath.Join(t.TempDir(), "limit.db")
	db := MustOpenDBAt(t, path)
	s := testSetup(t)
	s.Discounts[1].UsageLimit = limit
	if err := db.SaveSetup(ctx, s); err != nil {
		t.Fatal(err)
	}
	startAt := fmt.Sprintf("%s=%d", envStartAt, time.Now().Add(300*time.Millisecond).UnixNano())
	tills := []*till{
		startTill(t, "limited", path, "till-1", envAttempts+"=8", startAt),
		startTill(t, "limited", path, "till-2", envAttempts+"=8", startAt),
	}
	ok, refused := 0, 0
	for i, tl := range tills {
		lines, err := tl.wait()
		if err != nil || tl.stderr.Len() > 0 {
			t.Errorf("till %d: %v\n%s", i+1, err, tl.stderr.String())
		}
		for _, l := range lines {
			switch {
			case strings.HasPrefix(l, "ok "):
				ok++
			case l == "limit":
				refused++
			default:
				t.Errorf("till %d printed %q", i+1, l)
			}
		}
	}
	if ok != limit || refused != 16-limit {
		t.Errorf("%d sales took the code and %d were refused; want %d and %d", ok, refused, limit, 16-limit)
	}
	usage, err := db.DiscountUsage(ctx)
	if err != nil || usage["10offOrder"] != limit {
		t.Errorf("usage = %v, %v", usage, err)
	}
	orders := checkStore(t, path, 3)
	if len(orders) != limit {
		t.Errorf("%d orders stored", len(orders))
	}
}
