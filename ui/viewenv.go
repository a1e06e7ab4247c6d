package ui

import (
	"fyne.io/fyne/v2/dialog"
)

// viewEnv is what a view the sell screen opens on its own (reports, the
// demo-PIN prompt) is given: the window's env (the till, its worker, the
// window, the money format, the data directory) and showDialog, which
// counts a dialog as open so the sell screen's keys stay quiet behind it
// (and the lock closes it). It reaches nothing through Sell.
type viewEnv struct {
	env
	showDialog func(d dialog.Dialog, onClosed ...func())
}

// viewEnv is the sell screen's environment for the views it opens.
func (s *Sell) viewEnv() viewEnv { return viewEnv{env: s.env, showDialog: s.showDialog} }
