package ui

import (
	"context"
	"time"

	"caisse/pos"
	"caisse/ui/icon"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"
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
