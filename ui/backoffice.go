package ui

import (
	"context"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// manager is the sell screen's link to the back office: the PIN dialog and
// the back office when open, with the pos.Office the till handed it.
type manager struct {
	office *pos.Office // while the back office is open
	pin    *pinDialog
	demo   *demoPINDialog // the demo-PIN prompt, while open
	bo     *backOffice
	btn    *widget.Button
	// prevKey is the window's key handler before the back office took
	// Esc, put back when it closes.
	prevKey func(*fyne.KeyEvent)
}

// initManager returns the back office button for the top bar.
func (s *Sell) initManager() fyne.CanvasObject {
	s.mgr = &manager{}
	// Icon only: the top bar is full (the tab and the PIN dialog say what it is).
	s.mgr.btn = widget.NewButtonWithIcon("", theme.SettingsIcon(), s.openBackOffice)
	return s.tips.tipped(s.mgr.btn, tr("Back office"))
}

// openBackOffice shows the back office in the window instead of the sell
// screen: straight away for a manager signed in, else after a manager's
// PIN (the till checks both).
func (s *Sell) openBackOffice() {
	if s.mgr.bo != nil {
		return
	}
	if who, ok := s.till.SignedIn(); ok && who.Can(pos.PermBackOffice) {
		var office *pos.Office
		var err error
		s.background(func(ctx context.Context) { office, err = s.till.Office(ctx) }, func() {
			if err != nil {
				s.askOfficePIN() // the till did not take the member signed in
				return
			}
			s.showBackOffice(office)
		})
		return
	}
	s.askOfficePIN()
}

// askOfficePIN asks a manager's PIN for the back office.
func (s *Sell) askOfficePIN() {
	var office *pos.Office
	s.askPIN(tr("Manager approval"), tr("The back office is for managers."), isManager, func(ctx context.Context, id, pin string) error {
		var err error
		office, err = s.till.OfficeFor(ctx, id, pin)
		return err
	}, func() { s.showBackOffice(office) }, nil)
}

func (s *Sell) showBackOffice(office *pos.Office) {
	s.mgr.office = office
	bo := newBackOffice(officeEnv{till: s.till, office: office, w: s.worker, win: s.win, money: s.money,
		now: s.lk.now, onBack: s.closeBackOffice, catalogChanged: s.catalogChanged})
	s.mgr.bo = bo
	s.dialogs++ // the sell screen's keys stay quiet behind it
	s.win.SetContent(bo.root)
	s.bindOfficeKeys(bo)
	demoPINs{viewEnv: s.viewEnv(), office: office, bo: bo, shown: s.mgr.demoShown}.ask() // on every visit while a demo PIN is left
}

// bindOfficeKeys makes Esc (typed with nothing focused) leave the back
// office as Back does, unless a dialog is open over it (Esc is then the
// dialog's). The window's other keys go on to the sell screen's handler,
// which stays quiet while the back office is shown.
func (s *Sell) bindOfficeKeys(bo *backOffice) {
	c := s.win.Canvas()
	prev := c.OnTypedKey()
	s.mgr.prevKey = prev
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape && s.mgr.bo == bo && c.Overlays().Top() == nil {
			bo.onBack()
			return
		}
		if prev != nil {
			prev(e)
		}
	})
}

// closeBackOffice goes back to the sell screen, with the catalog as saved.
func (s *Sell) closeBackOffice() {
	if s.mgr.bo == nil {
		return
	}
	s.mgr.bo.closed = true
	s.mgr.bo, s.mgr.office = nil, nil
	s.win.Canvas().SetOnTypedKey(s.mgr.prevKey)
	s.mgr.prevKey = nil
	s.dialogs--
	s.catalogChanged()
	s.show(s.till.Quote(), s.till.Cart(), len(s.till.Parked()))
	s.clearMessages() // what was said before the back office is old news
	s.win.SetContent(s.root)
	s.win.Canvas().Focus(s.prod.search)
}

// catalogChanged shows the till's catalog as it is now on the sell screen:
// its search, favourites and results.
func (s *Sell) catalogChanged() {
	s.prod.index = newSearchIndex(s.till.Catalog())
	s.prod.favourites.Refresh()
	s.prod.updateResults()
}

// officeEnv is what the back office is given by the window that opens
// it: the till and the office (the manager's writes), the worker its
// calls run on, the window (file dialogs), the money format, the clock,
// and what to do on Back and when the catalog changed after it closed.
// No view reaches through the sell screen.
type officeEnv struct {
	till           *pos.Till
	office         *pos.Office
	w              *worker
	win            fyne.Window
	money          moneyFormat
	now            func() time.Time
	onBack         func()
	catalogChanged func() // the sell screen's catalog, once closed
}

// backOffice is the manager's screens: products, discounts, how they
// combine, a try-it till, the location, the audit log.
type backOffice struct {
	officeEnv
	who    pos.Staff
	closed bool // Back was tapped, or the till locked
	root   fyne.CanvasObject
	tabs   *container.AppTabs
	msg    *widget.Label
	back   *widget.Button

	products  *productsView
	discounts *discountsAdmin
	matrix    *matrixView
	tryit     *tryItView
	location  *locationView
	audit     *auditView
	staff     *staffView
}

func newBackOffice(env officeEnv) *backOffice {
	if env.now == nil {
		env.now = time.Now
	}
	bo := &backOffice{officeEnv: env, who: env.office.Manager()}
	who := bo.who
	bo.msg = widget.NewLabel("")
	bo.msg.Wrapping = fyne.TextWrapWord
	bo.msg.Hide()
	bo.back = widget.NewButtonWithIcon(tr("Back to the till"), theme.NavigateBackIcon(), func() { bo.onBack() })
	bo.back.Importance = widget.HighImportance
	title := widget.NewLabelWithStyle(tr("Back office · %v", who.Name), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	bo.products = newProductsView(bo)
	bo.discounts = newDiscountsAdmin(bo)
	bo.matrix = newMatrixView(bo)
	bo.tryit = newTryItView(bo)
	bo.location = newLocationView(bo)
	bo.audit = newAuditView(bo)
	bo.staff = newStaffView(bo)
	bo.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(tr("Products"), theme.ListIcon(), bo.products.root),
		container.NewTabItemWithIcon(tr("Discounts"), theme.ContentCutIcon(), bo.discounts.root),
		container.NewTabItemWithIcon(tr("Combinations"), theme.GridIcon(), bo.matrix.root),
		container.NewTabItemWithIcon(tr("Try it"), theme.MediaPlayIcon(), bo.tryit.root),
		container.NewTabItemWithIcon(tr("Location"), theme.HomeIcon(), bo.location.root),
		container.NewTabItemWithIcon(tr("Staff"), theme.AccountIcon(), bo.staff.root),
		container.NewTabItemWithIcon(tr("Audit log"), theme.HistoryIcon(), bo.audit.root),
	)
	bo.tabs.OnSelected = func(*container.TabItem) { bo.refresh() }
	top := container.NewBorder(nil, nil, title, bo.back)
	bo.root = container.NewBorder(container.NewVBox(container.NewPadded(top), bo.msg, widget.NewSeparator()), nil, nil, nil, bo.tabs)
	bo.refresh()
	return bo
}

// refresh shows the till's current set-up on every screen.
func (bo *backOffice) refresh() {
	bo.products.refresh()
	bo.discounts.refresh()
	bo.matrix.refresh()
	bo.tryit.refresh()
	bo.location.refresh()
	bo.audit.refresh()
	bo.staff.refresh()
}

// say shows a confirmation (or, with err, a refusal) above the tabs.
func (bo *backOffice) say(text string, err error) {
	if err != nil {
		bo.msg.Importance = widget.DangerImportance
		bo.msg.SetText(errText(err))
	} else {
		bo.msg.Importance = widget.SuccessImportance
		bo.msg.SetText(text)
	}
	bo.msg.Show()
}

// save runs a write of the back office (a pos.Office call, which reloads
// the till) off the UI goroutine, then shows the result on the UI goroutine.
func (bo *backOffice) save(op func(ctx context.Context, o *pos.Office) error, done func(err error)) {
	var err error
	office := bo.office
	bo.w.background(func(ctx context.Context) { err = op(ctx, office) }, func() {
		if err == nil {
			bo.refresh()
		}
		done(err)
	})
}
