package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caisse/hq"
	"caisse/hq/pgtest"
	"caisse/pos"
)

// pgServer is the PostgreSQL server of this package's head-office tests:
// one throwaway cluster for the run (or CAISSE_TEST_PG_URL's).
var pgServer *pgtest.Server

func TestMain(m *testing.M) { pgtest.Main(m, &pgServer) }

// TestHeadOfficeCommands: hq init twice, a configuration pushed, a till
// with a sale joined, synced (exit 0, the configuration applied), then with
// the head office unreachable (exit 1).
func TestHeadOfficeCommands(t *testing.T) {
	url := pgServer.Database(t)
	quiet := func(args ...string) int {
		t.Helper()
		return run(args, io.Discard, io.Discard)
	}
	if code := quiet("hq", "init", "--url", url); code != 0 {
		t.Fatalf("hq init: exit %d", code)
	}
	if code := quiet("hq", "init", "--url", url); code != 0 {
		t.Fatalf("hq init again: exit %d", code)
	}
	dir := t.TempDir()
	setup := filepath.Join(dir, "setup.json")
	demo, err := os.ReadFile(filepath.Join("..", "assets", "demo.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(setup, demo, 0o644); err != nil {
		t.Fatal(err)
	}
	staff := filepath.Join(dir, "staff.json")
	if err := os.WriteFile(staff, []byte(`[{"id":"m1","name":"Ana","role":"manager","pin":"654321","active":true},{"id":"cashier","name":"Cam","role":"cashier","pin":"0000","active":true}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.json")
	if err := os.WriteFile(short, []byte(`[{"id":"m1","name":"Ana","role":"manager","pin":"4321","active":true}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := quiet("hq", "push-config", "--url", url, "--shop", "Lyon", "--setup", setup, "--staff", short); code != 1 {
		t.Fatalf("hq push-config with a manager's 4-digit PIN: exit %d, want 1", code)
	}
	if code := quiet("hq", "push-config", "--url", url, "--shop", "Lyon", "--setup", setup, "--staff", staff); code != 0 {
		t.Fatalf("hq push-config: exit %d", code)
	}
	ctx := context.Background()
	path := filepath.Join(dir, "till.db")
	db, till, sync, err := openTill(ctx, path, "till-a", false)
	if err != nil {
		t.Fatal(err)
	}
	if sync != nil {
		t.Fatal("a till that never joined got a sync: it must run on SQLite alone")
	}
	sellOne(t, till)
	db.Close()
	if code := quiet("join", "--db", path, "--hq", url, "--shop", "Lyon", "--till", "till-a"); code != 0 {
		t.Fatalf("join: exit %d", code)
	}
	if code := quiet("sync", "--db", path, "--once"); code != 0 {
		t.Fatalf("sync: exit %d", code)
	}
	h, err := hq.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	db, till, sync, err = openTill(ctx, path, "till-a", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The window's wiring on a joined till: the sync runs in the background
	// until stopped, and the till's back office writes through hq.Store.
	if sync == nil {
		t.Fatal("a joined till got no sync")
	}
	stop := runSync(sync)
	waitUntil(t, func() bool { st := sync.SyncState(); return st.Online && st.Waiting == 0 })
	stop()
	if v, err := db.ConfigVersion(ctx); err != nil || v == 0 {
		t.Fatalf("configuration version %d %v after sync", v, err)
	}
	if staff, err := db.Staff(ctx); err != nil || len(staff) != 2 || staff[0].ID != "cashier" || staff[1].ID != "m1" {
		t.Fatalf("staff after sync: %+v %v", staff, err)
	}
	link, _, err := db.HQLink(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if acked, err := h.Acked(ctx, link.TillID); err != nil || acked == 0 {
		t.Fatalf("head office position %d %v", acked, err)
	}
	report := filepath.Join(dir, "chain.csv")
	pdf := filepath.Join(dir, "chain.pdf")
	if code := quiet("report", "--hq", url, "--shop", "Lyon", "--csv", report, "--pdf", pdf); code != 0 {
		t.Fatalf("report --hq: exit %d", code)
	}
	if b, err := os.ReadFile(report); err != nil || !strings.Contains(string(b), "chain,,,,,USD,1,") {
		t.Fatalf("chain report CSV: %s %v", b, err)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("chain report PDF: %v", err)
	}
	sellOne(t, till)
	link.URL = "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"
	if err := db.SetHQLink(ctx, link); err != nil {
		t.Fatal(err)
	}
	if code := quiet("sync", "--db", path, "--once"); code != 1 {
		t.Fatalf("sync with the head office unreachable: exit %d, want 1", code)
	}
}

// sellOne sells an espresso, paid in cash.
func sellOne(t *testing.T, till *pos.Till) {
	t.Helper()
	ctx := context.Background()
	if _, ok := till.SignedIn(); !ok {
		if _, err := till.SignIn(ctx, "cashier", pos.DemoCashierPIN); err != nil {
			t.Fatal(err)
		}
	}
	if err := till.NewCart(ctx, pos.CartOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := till.Add(ctx, "espresso", "", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: till.Quote().Total}}); err != nil {
		t.Fatal(err)
	}
}

// On a joined till, `caisse scenario --db` runs a file whose set-up is the
// till's own, and refuses (exit 2) one that would change it; without --db
// the file runs as always.
func TestScenarioOnAJoinedTillLeavesTheConfigurationAlone(t *testing.T) {
	url := pgServer.Database(t)
	if code := run([]string{"hq", "init", "--url", url}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("hq init: exit %d", code)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "till.db")
	file := filepath.Join("testdata", "scenarios", "yen-has-no-decimals.json")
	if code := run([]string{"scenario", "--db", path, file}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("scenario before joining: exit %d", code)
	}
	if code := run([]string{"join", "--db", path, "--hq", url, "--shop", "Tokyo", "--till", "till-a"}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("join: exit %d", code)
	}
	if code := run([]string{"scenario", "--db", path, file}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("the same set-up on the joined till: exit %d", code)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	changed := filepath.Join(dir, "changed.json")
	if err := os.WriteFile(changed, []byte(strings.Replace(string(b), `{"id": "tea", `, `{"id": "tea", "title": "Green tea", `, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	if code := run([]string{"scenario", "--db", path, changed}, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "head office") {
		t.Fatalf("a changed set-up on the joined till: exit %d, %s", code, stderr.String())
	}
	if code := run([]string{"scenario", changed}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("the changed file without --db: exit %d", code)
	}
}

// waitUntil polls cond for up to 20 s.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
