package main

import (
	"context"

	"caisse/hq"
	"caisse/pos"
	"caisse/storage"
	"caisse/ui"
)

// openWindow runs the till window on an open database (`caisse` with no
// command). The window gets the till and nothing else: every read and write goes through it. fullScreen opens it as a
// kiosk (Ctrl+F switches). On a joined till (sync not nil) the sync runs in
// the background while the window is open, and the top bar shows its state.
func openWindow(db *storage.DB, till *pos.Till, sync *hq.Syncer, dataDir string, fullScreen bool) {
	opts := ui.Options{DataDir: dataDir, FullScreen: fullScreen}
	if sync != nil {
		stop := runSync(sync)
		defer stop()
		opts.Sync = sync
	}
	ui.Run(till, opts)
}

// runSync runs the till's sync in the background until stop, which waits
// for the round under way to end and closes the connection.
func runSync(s *hq.Syncer) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Run(ctx) // returns ctx's error: the window closed
		s.Close()
	}()
	return func() { cancel(); <-done }
}
