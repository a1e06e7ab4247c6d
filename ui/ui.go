package ui

import (
	"caisse/pos"
	"caisse/ui/icon"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
)

// Options configure the window.
type Options struct {
	DataDir string // receipts PDFs go to DataDir/receipts
}

// AppID is the Fyne application id (also in FyneApp.toml).
const AppID = "io.caisse.till"

// Run opens the till window and returns when it is closed.
// Everything the window shows and changes goes through till: the window
// holds nothing else. Staff sign in first.
func Run(till *pos.Till, opts Options) {
	a := newApp()
	w := a.NewWindow("Caisse")
	till.SetRequireShift(true) // the window sells only in an open shift
	s := NewSell(till, opts, w)
	s.Show()
	if _, ok := till.SignedIn(); !ok {
		s.askSignIn()
	}
	w.ShowAndRun()
}

func newApp() fyne.App {
	loadTranslations()
	a := app.NewWithID(AppID)
	a.SetIcon(icon.Resource())
	return a
}

// windowSize is the till's usual screen (and the screenshots').
var windowSize = fyne.NewSize(1366, 768)
