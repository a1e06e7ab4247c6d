package storage

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

// bigCatalog is a catalog CSV of n products, each with a SKU, a collection
// and a price.
func bigCatalog(n int, prefix string) []byte {
	var b bytes.Buffer
	b.WriteString("id,title,sku,collections,price_id,amount,currency\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s%d,Product %d,%sSKU-%d,c%d,%s%d-usd,%d.%02d,USD\n", prefix, i, i, prefix, i, i%50, prefix, i, 1+i%500, i%100)
	}
	return b.Bytes()
}

const envStop = "CAISSE_STORAGE_STOP" // "timed": stop when this file exists

// helperTimed rings up sales as a till does until the stop file appears,
// and prints how long each took, in nanoseconds.
func helperTimed(db *DB, till, stop string) error {
	for i := 0; ; i++ {
		if _, err := os.Stat(stop); err == nil {
			return nil
		}
		o := buildOrder(orderSpec{Lines: 3, Till: till})
		start := time.Now()
		if err := db.SaveCart(ctx, testCart(o.CartID, o.CreatedAt)); err != nil {
			return err
		}
		if err := db.CompleteOrder(ctx, o); err != nil {
			return err
		}
		if _, err := fmt.Printf("%d %d\n", start.UnixNano(), time.Since(start).Nanoseconds()); err != nil {
			return err
		}
		time.Sleep(20 * time.Millisecond) // a busy till, not a flood
	}
}

// Finding 6: a 70k-row import took 97.5 s in one write transaction and
// both tills' sales failed with SQLITE_BUSY. Here 100,000 rows are
// imported while another process keeps selling: the import is whole, the
// sales all succeed, and the longest a sale took during the import is
// logged (the figure the issue asks for; the bound below only catches a
// sale stuck behind the import, it is not a speed goal).
func TestImportWhileSelling(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 100,000 rows")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "shop.db")
	db := MustOpenDBAt(t, path)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	stop := filepath.Join(dir, "stop")
	tl := startTill(t, "timed", path, "till-2", envStop+"="+stop)
	time.Sleep(500 * time.Millisecond) // the till is selling
	data := bigCatalog(100000, "p")
	start := time.Now()
	res, err := db.ImportCatalog(ctx, bytes.NewReader(data), ImportOptions{})
	took := time.Since(start)
	end := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if err := os.WriteFile(stop, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	lines, err := tl.wait()
	if err != nil {
		t.Fatalf("the till failed during the import: %v\n%s", err, tl.stderr.String())
	}
	var during []time.Duration
	for _, l := range lines {
		f := strings.Fields(l)
		at, _ := strconv.ParseInt(f[0], 10, 64)
		d, _ := strconv.ParseInt(f[1], 10, 64)
		if s := time.Unix(0, at); s.After(start) && s.Before(end) {
			during = append(during, time.Duration(d))
		}
	}
	sort.Slice(during, func(i, j int) bool { return during[i] > during[j] })
	if res.Added != 100000 || len(during) < 10 {
		t.Fatalf("import %+v in %v; %d sales during it", res, took, len(during))
	}
	t.Logf("100,000 rows imported in %v; %d sales during it, the longest %v, then %v", took.Round(time.Millisecond), len(during), during[0].Round(time.Millisecond), during[1:min(5, len(during))])
	if during[0] > 5*time.Second {
		t.Errorf("a sale waited %v behind the import", during[0])
	}
	s, err := db.LoadSetup(ctx)
	if err != nil || len(s.Products) < 100000 {
		t.Fatalf("%d products after the import, %v", len(s.Products), err)
	}
	checkStore(t, path, 3)
}

// BenchmarkImport100k imports 100,000 new products into a fresh database.
func BenchmarkImport100k(b *testing.B) {
	data := bigCatalog(100000, "p")
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := MustOpenDBAt(b, filepath.Join(b.TempDir(), "shop.db"))
		if err := db.SaveSetup(ctx, testSetup(b)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := db.ImportCatalog(ctx, bytes.NewReader(data), ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// SQLITE_BUSY never reaches a cashier raw: after its bounded retries a
// write that stays locked out says in words what is busy.
func TestBusySaysWhatIsBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	MustOpenDBAt(t, path)
	holder := keepOpen(t, path)
	if _, err := holder.Exec("BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer holder.Exec("ROLLBACK")
	conn, err := sql.Open("sqlite", strings.Replace(dsn(path), "busy_timeout%2810000%29", "busy_timeout%2820%29", 1))
	if err != nil {
		t.Fatal(err)
	}
	db := newDB(conn, path)
	defer db.Close()
	err = db.SaveLocation(ctx, testSetup(t).Location)
	if err == nil {
		t.Fatal("a write went through a held lock")
	}
	msg := pos.ErrorMessage(err)
	if !errors.Is(err, ErrBusy) || !strings.Contains(msg, "another till, an import or a backup is writing") || strings.Contains(msg, "SQLITE_BUSY") {
		t.Fatalf("the cashier reads %q (%v)", msg, err)
	}
	if !isBusy(err) {
		t.Fatal("SQLite's error is no longer wrapped")
	}
}
