package ui

import (
	"context"
	"time"

	"caisse/pos"
	"caisse/ui/icon"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
)

// History is what the window needs from storage to show past orders.
// storage.DB satisfies it.
type History interface {
	// Orders returns the orders completed on day (local time), test orders
	// only when test is true, real orders only otherwise, newest first.
	Orders(ctx context.Context, day time.Time, test bool) ([]*pos.Order, error)
	// OrderByNumber finds an order by its number in the real (test=false)
	// or the test series; it returns a pos.ENotFound error when there is none.
	OrderByNumber(ctx context.Context, number int64, test bool) (*pos.Order, error)
}

// Options configure the window.
type Options struct {
	DataDir string // receipts PDFs go to DataDir/receipts
	// Office is the back office's storage (staff, audit log, audited
	// saves); nil: no back office and no approval limit.
	Office Office
	// FullScreen opens the window full screen (a kiosk); the cashier's
	// choice (Ctrl+F, the top bar's button) is remembered too.
	FullScreen bool
}

// AppID is the Fyne application id (also in FyneApp.toml).
const AppID = "io.caisse.till"

// Run opens the till window and returns when it is closed.
func Run(till *pos.Till, history History, opts Options) {
	a := newApp()
	w := a.NewWindow("Caisse")
	till.SetRequireShift(true) // the window sells only in an open shift
	s := NewSell(till, history, opts, w)
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
	w.ShowAndRun()
}

func newApp() fyne.App {
	loadTranslations()
	a := app.NewWithID(AppID)
	a.SetIcon(icon.Resource())
	return a
}

// windowSize is the screenshots' and tests' usual screen.
var windowSize = fyne.NewSize(1366, 768)

// minWindow is the smallest screen the till fits with nothing cut.
var minWindow = fyne.NewSize(1024, 768)

// prefFullScreen is the app preference that remembers full screen.
const prefFullScreen = "fullscreen"
