package main

import (
	"caisse/pos"
	"caisse/storage"
	"caisse/ui"
)

// openWindow runs the till window on an open database (`caisse` with no
// command); screenshots drives it through a scripted sale and saves PNGs
// (`caisse screenshots --out DIR`). The window gets the till and nothing
// else: every read and write goes through it. fullScreen opens it as a
// kiosk (Ctrl+F switches).
func openWindow(db *storage.DB, till *pos.Till, dataDir string, fullScreen bool) {
	ui.Run(till, ui.Options{DataDir: dataDir, FullScreen: fullScreen})
}

func screenshots(db *storage.DB, till *pos.Till, dataDir, outDir string) error {
	return ui.Screenshots(till, ui.Options{DataDir: dataDir}, outDir)
}
