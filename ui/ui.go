package ui

import (
	"context"

	"caisse/pos"
	"caisse/ui/icon"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"
)

// Options configure the window.
type Options struct {
	DataDir string // receipts PDFs go to DataDir/receipts
	// FullScreen opens the window full screen (a kiosk); the cashier's
	// choice (Ctrl+F, the top bar's button) is remembered too.
	FullScreen bool
	// Sync is a joined till's background sync with its head office: the top
	// bar shows its state. nil for a till on its own.
	Sync pos.SyncStatus
}

// AppID is the Fyne application id (also in FyneApp.toml).
const AppID = "io.caisse.till"

// Run opens the till window and returns when it is closed.
// Everything the window shows and changes goes through till: the window
// holds nothing else. Staff sign in first; the till locks itself when idle.
func Run(till *pos.Till, opts Options) {
	a := newApp()
	w := a.NewWindow("Caisse")
	till.SetRequireShift(true) // the window sells only in an open shift
	s := NewSell(till, opts, w)
	s.Show()
	// The window opens once at the screen's size (or full screen) and never
	// resizes itself after: every screen fits 1024×768 and grows with the
	// window.
	if opts.FullScreen || a.Preferences().Bool(prefFullScreen) {
		w.SetFullScreen(true)
	} else {
		w.Resize(minWindow)
		a.Lifecycle().SetOnStarted(func() { fitScreen(w) })
	}
	if _, ok := till.SignedIn(); !ok {
		s.showSignIn() // the window opens on the sign-in screen
	}
	// quick_check in the background: a damaged file is said at once, and
	// the till then refuses payments (pos.Till.CheckIntegrity).
	go func() {
		if err := till.CheckIntegrity(context.Background()); err != nil {
			fyne.Do(func() {
				s.fail(err)
				dialog.ShowInformation(tr("The database file is damaged"), errText(err), w)
			})
		}
	}()
	stop := s.lk.startIdleTicker()
	defer stop()
	stopSync := s.sync.startTicker()
	defer stopSync()
	w.ShowAndRun()
}

func newApp() fyne.App {
	loadTranslations()
	a := app.NewWithID(AppID)
	a.SetIcon(icon.Resource())
	return a
}

// windowSize is the tests' usual screen.
var windowSize = fyne.NewSize(1366, 768)

// minWindow is the smallest screen the till fits with nothing cut.
var minWindow = fyne.NewSize(1024, 768)

// prefFullScreen is the app preference that remembers full screen.
const prefFullScreen = "fullscreen"
