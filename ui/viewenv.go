package ui

import (
	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// viewEnv is what a view the sell screen opens (reports, the demo-PIN
// prompt) is given: the till, the worker its calls run on, the window, the
// money format, and showDialog, which counts a dialog as open so the sell
// screen's keys stay quiet behind it (and the lock closes it). No view
// reaches through the sell screen.
type viewEnv struct {
	till       *pos.Till
	w          *worker
	win        fyne.Window
	money      moneyFormat
	showDialog func(d dialog.Dialog, onClosed ...func())
}

// viewEnv is the sell screen's environment for the views it opens.
func (s *Sell) viewEnv() viewEnv {
	return viewEnv{till: s.till, w: s.worker, win: s.win, money: s.money, showDialog: s.showDialog}
}
