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

// Office is what the back office needs from storage; storage.DB satisfies
// it. Every save writes its audit entry in the same transaction.
type Office interface {
	Staff(ctx context.Context) ([]pos.Staff, error)
	AppendAudit(ctx context.Context, e pos.AuditEntry) error
	Audit(ctx context.Context, limit int) ([]pos.AuditEntry, error)
	SaveDiscountAudited(ctx context.Context, d pos.Discount, e pos.AuditEntry) error
	SaveProductAudited(ctx context.Context, p pos.Product, e pos.AuditEntry) error
	SaveLocationAudited(ctx context.Context, loc pos.Location, e pos.AuditEntry) error
	ApprovalLimit(ctx context.Context) (pos.ApprovalLimit, error)
	SaveApprovalLimit(ctx context.Context, l pos.ApprovalLimit, e pos.AuditEntry) error
	SaveStaffAudited(ctx context.Context, s pos.Staff, e pos.AuditEntry) error
}

// manager is the sell screen's link to the back office: the approval limit
// for custom discounts, the PIN dialog, the back office when open.
type manager struct {
	office Office
	limit  pos.ApprovalLimit // zero (off) until read
	pin    *pinDialog
	bo     *backOffice
	btn    *widget.Button
}

// initManager reads the approval limit (off the UI goroutine) and returns
// the back office button for the top bar.
func (s *Sell) initManager() fyne.CanvasObject {
	s.mgr = &manager{office: s.opts.Office}
	// Icon only: the top bar is full (the tab and the PIN dialog say what it is).
	s.mgr.btn = widget.NewButtonWithIcon("", theme.SettingsIcon(), s.openBackOffice)
	btn := s.tipped(s.mgr.btn, tr("Back office"))
	if s.mgr.office == nil {
		s.mgr.btn.Disable()
		return btn
	}
	var l pos.ApprovalLimit
	var err error
	s.background(func(ctx context.Context) { l, err = s.mgr.office.ApprovalLimit(ctx) }, func() {
		if err != nil {
			s.fail(err)
			return
		}
		s.mgr.limit = l
	})
	return btn
}

// openBackOffice asks a manager's PIN, then shows the back office in the
// window instead of the sell screen.
func (s *Sell) openBackOffice() {
	if s.mgr.office == nil || s.mgr.bo != nil {
		return
	}
	s.askManagerPIN(tr("The back office is for managers."), func(m pos.Staff) {
		s.showBackOffice(m)
	})
}

func (s *Sell) showBackOffice(m pos.Staff) {
	bo := newBackOffice(s, m)
	s.mgr.bo = bo
	s.dialogs++ // the sell screen's keys stay quiet behind it
	s.win.SetContent(bo.root)
}

// closeBackOffice goes back to the sell screen, with the catalog as saved.
func (s *Sell) closeBackOffice() {
	if s.mgr.bo == nil {
		return
	}
	s.mgr.bo = nil
	s.dialogs--
	s.index = newSearchIndex(s.till.Catalog())
	s.favourites.Refresh()
	s.updateResults()
	s.show(s.till.Quote(), s.till.Cart(), len(s.till.Parked()))
	s.clearMessages() // what was said before the back office is old news
	s.win.SetContent(s.root)
	s.win.Canvas().Focus(s.search)
}

// backOffice is the manager's screens: products, discounts, how they
// combine, a try-it till, the location, the audit log.
type backOffice struct {
	s    *Sell
	who  pos.Staff
	root fyne.CanvasObject
	tabs *container.AppTabs
	msg  *widget.Label
	back *widget.Button

	products  *productsView
	discounts *discountsAdmin
	matrix    *matrixView
	tryit     *tryItView
	location  *locationView
	audit     *auditView
	staff     *staffView
}

func newBackOffice(s *Sell, who pos.Staff) *backOffice {
	bo := &backOffice{s: s, who: who}
	bo.msg = widget.NewLabel("")
	bo.msg.Wrapping = fyne.TextWrapWord
	bo.msg.Hide()
	bo.back = widget.NewButtonWithIcon(tr("Back to the till"), theme.NavigateBackIcon(), s.closeBackOffice)
	bo.back.Importance = widget.HighImportance
	title := widget.NewLabelWithStyle(tr("Back office · {{.Name}}", "Name", who.Name), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
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

// save runs a write off the UI goroutine, reloads the till's set-up (carts
// started afterwards see it), then shows the result on the UI goroutine.
func (bo *backOffice) save(op func(ctx context.Context) error, done func(err error)) {
	var err error
	bo.s.background(func(ctx context.Context) {
		if err = op(ctx); err == nil {
			err = bo.s.till.Reload(ctx)
		}
	}, func() {
		if err == nil {
			bo.refresh()
		}
		done(err)
	})
}

// entry writes an audit entry by the manager who opened the back office.
func (bo *backOffice) entry(action, subject string, before, after any) (pos.AuditEntry, error) {
	return pos.NewAuditEntry(time.Now(), bo.who.ID, action, subject, before, after)
}

// auditView lists the newest audit entries.
type auditView struct {
	bo      *backOffice
	root    fyne.CanvasObject
	entries []pos.AuditEntry
	list    *widget.List
}

func newAuditView(bo *backOffice) *auditView {
	v := &auditView{bo: bo}
	v.list = widget.NewList(func() int { return len(v.entries) },
		func() fyne.CanvasObject {
			head := widget.NewLabel("")
			head.TextStyle = fyne.TextStyle{Bold: true}
			body := widget.NewLabel("")
			body.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(head, body)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(v.entries) {
				return
			}
			e := v.entries[id]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(e.At.Local().Format("2006-01-02 15:04:05") + " · " + e.StaffID + " · " + e.Action + " " + e.Subject)
			box.Objects[1].(*widget.Label).SetText(e.Before + "  →  " + e.After)
		})
	v.root = v.list
	return v
}

func (v *auditView) refresh() {
	var list []pos.AuditEntry
	var err error
	v.bo.s.background(func(ctx context.Context) { list, err = v.bo.s.mgr.office.Audit(ctx, 200) }, func() {
		if err != nil {
			v.bo.say("", err)
			return
		}
		v.entries = list
		v.list.Refresh()
	})
}
