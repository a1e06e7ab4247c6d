package main

import (
	"context"
	"time"

	"caisse/pos"
	"caisse/storage"
	"caisse/ui"
)

// dbHistory adapts storage's order queries to what the till window needs
// (ui.History): today's orders of one series, and one order by number.
type dbHistory struct{ db *storage.DB }

var _ ui.History = dbHistory{}

func (h dbHistory) Orders(ctx context.Context, day time.Time, test bool) ([]*pos.Order, error) {
	y, m, d := day.Local().Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	return h.db.Orders(ctx, storage.OrderFilter{From: from, To: from.AddDate(0, 0, 1), Test: &test})
}

func (h dbHistory) OrderByNumber(ctx context.Context, number int64, test bool) (*pos.Order, error) {
	return h.db.OrderByNumber(ctx, number, test)
}

// openWindow runs the till window on an open database (`caisse` with no
// command); screenshots drives it through a scripted sale and saves PNGs
// (`caisse screenshots --out DIR`).
func openWindow(db *storage.DB, till *pos.Till, dataDir string, fullScreen bool) {
	ui.Run(till, dbHistory{db}, ui.Options{DataDir: dataDir, Office: db, FullScreen: fullScreen})
}

func screenshots(db *storage.DB, till *pos.Till, dataDir, outDir string) error {
	return ui.Screenshots(till, dbHistory{db}, ui.Options{DataDir: dataDir, Office: db}, outDir)
}
