package storage

import (
	"encoding/binary"
	"os"
	"sort"
	"testing"
)

func TestZZFrames(t *testing.T) {
	db := MustOpenDB(t)
	for i := 0; i < 50; i++ {
		mustComplete(t, db, buildOrder(orderSpec{Lines: 10}))
	}
	if _, err := db.db.Exec("PRAGMA wal_autocheckpoint = 0"); err != nil {
		t.Fatal(err)
	}
	var a, b, c int
	db.db.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&a, &b, &c)
	const n = 100
	for i := 0; i < n; i++ {
		mustComplete(t, db, buildOrder(orderSpec{Lines: 10}))
	}
	wal, _ := os.ReadFile(db.path + "-wal")
	pages := map[uint32]int{}
	for off := 32; off+24+4096 <= len(wal); off += 24 + 4096 {
		pages[binary.BigEndian.Uint32(wal[off:])]++
	}
	rows, err := db.db.Query("SELECT name, pageno FROM dbstat")
	if err != nil {
		t.Fatal(err)
	}
	owner := map[uint32]string{1: "page1"}
	for rows.Next() {
		var name string
		var p uint32
		rows.Scan(&name, &p)
		owner[p] = name
	}
	byName := map[string]int{}
	total := 0
	for p, k := range pages {
		byName[owner[p]] += k
		total += k
	}
	var names []string
	for k := range byName {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		t.Logf("%-40s %.2f frames/sale", k, float64(byName[k])/n)
	}
	t.Logf("total %.2f", float64(total)/n)
}
