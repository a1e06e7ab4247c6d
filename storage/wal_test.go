package storage

import (
	"encoding/binary"
	"os"
	"sort"
	"testing"
)

// TestPagesPerSale counts the pages a completed sale writes to the
// write-ahead log, by table and index: each is written and synced at the
// commit, so they are most of a sale's cost. It guards against a schema
// change that would write many more.
func TestPagesPerSale(t *testing.T) {
	db := MustOpenDB(t)
	for i := 0; i < 50; i++ { // past the first pages of every table
		mustComplete(t, db, buildOrder(orderSpec{Lines: 10}))
	}
	var pageSize int
	if err := db.db.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.Exec("PRAGMA wal_autocheckpoint = 0"); err != nil {
		t.Fatal(err)
	}
	var busy, logged, done int
	if err := db.db.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &done); err != nil || busy != 0 {
		t.Fatalf("checkpoint: busy %d, %v", busy, err)
	}
	const sales = 100
	for i := 0; i < sales; i++ {
		mustComplete(t, db, buildOrder(orderSpec{Lines: 10}))
	}
	wal, err := os.ReadFile(db.path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	frames := map[uint32]int{} // page number → times written
	total := 0
	for off := 32; off+24+pageSize <= len(wal); off += 24 + pageSize { // WAL header, then frame header + page
		frames[binary.BigEndian.Uint32(wal[off:])]++
		total++
	}
	owner := map[uint32]string{}
	rows, err := db.db.Query("SELECT name, pageno FROM dbstat")
	if err != nil {
		t.Skipf("no dbstat: %v", err)
	}
	for rows.Next() {
		var name string
		var page uint32
		if err := rows.Scan(&name, &page); err != nil {
			t.Fatal(err)
		}
		owner[page] = name
	}
	rows.Close()
	byName := map[string]int{}
	for page, n := range frames {
		byName[owner[page]] += n
	}
	var names []string
	for name := range byName {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Logf("%-34s %.2f pages per sale", name, float64(byName[name])/sales)
	}
	perSale := float64(total) / sales
	t.Logf("%.1f pages per sale of 10 lines", perSale)
	if perSale > 17 { // 14.7 at schema 6 (about 22 before it)
		t.Errorf("a sale writes %.1f pages, more than 17", perSale)
	}
}
