package ui

import (
	"context"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pinDialog asks for a manager's PIN. The PIN is checked against the staff's
// bcrypt hashes off the UI goroutine; a wrong one is refused in the dialog,
// which stays open.
type pinDialog struct {
	d     *dialog.CustomDialog
	entry *widget.Entry
	msg   *widget.Label
	ok    *widget.Button
}

// askManagerPIN shows the PIN dialog; granted runs on the UI goroutine with
// the manager who typed it.
func (s *Sell) askManagerPIN(why string, granted func(m pos.Staff)) *pinDialog {
	p := &pinDialog{}
	p.entry = widget.NewPasswordEntry()
	p.entry.SetPlaceHolder(tr("Manager PIN"))
	p.msg = widget.NewLabel("")
	p.msg.Importance = widget.DangerImportance
	p.msg.Hide()
	submit := func() {
		pin := p.entry.Text
		var (
			who pos.Staff
			err error
		)
		s.background(func(ctx context.Context) {
			who, err = s.mgr.checkPIN(ctx, pin)
		}, func() {
			if err != nil {
				if pos.IsWrongPIN(err) {
					p.msg.SetText(tr("Wrong PIN: a manager's PIN is needed."))
				} else {
					p.msg.SetText(errText(err))
				}
				p.msg.Show()
				p.entry.SetText("")
				return
			}
			p.d.Hide()
			granted(who)
		})
	}
	p.entry.OnSubmitted = func(string) { submit() }
	p.ok = widget.NewButtonWithIcon(tr("OK (Enter)"), theme.ConfirmIcon(), submit)
	p.ok.Importance = widget.HighImportance
	cancel := widget.NewButton(tr("Cancel"), func() { p.d.Hide() })
	label := widget.NewLabel(why)
	label.Wrapping = fyne.TextWrapWord
	p.d = dialog.NewCustomWithoutButtons(tr("Manager approval"), container.NewVBox(label, p.entry, p.msg), s.win)
	p.d.SetButtons([]fyne.CanvasObject{cancel, p.ok})
	p.d.Resize(fyne.NewSize(420, 0))
	s.mgr.pin = p
	s.showDialog(p.d, func() {
		if s.mgr.pin == p {
			s.mgr.pin = nil
		}
	})
	s.win.Canvas().Focus(p.entry)
	return p
}

// checkPIN finds the active manager whose PIN it is (storage read, bcrypt).
func (m *manager) checkPIN(ctx context.Context, pin string) (pos.Staff, error) {
	if m.office == nil {
		return pos.Staff{}, pos.ErrWrongPIN
	}
	staff, err := m.office.Staff(ctx)
	if err != nil {
		return pos.Staff{}, err
	}
	return pos.FindByPIN(staff, pin, pos.Manager)
}

// approveCustom runs apply at once when the custom discount is within the
// manager's limit; above it, it asks a manager's PIN, writes the approval to
// the audit log, then applies.
func (s *Sell) approveCustom(cd pos.CustomDiscount, where string, apply func()) {
	if !s.mgr.limit.Needs(cd) {
		apply()
		return
	}
	why := tr("A discount of {{.Value}} is above the limit: a manager must approve it.", "Value", cd.Describe())
	s.askManagerPIN(why, func(m pos.Staff) {
		var err error
		cartID := s.cart.ID
		s.background(func(ctx context.Context) {
			var e pos.AuditEntry
			e, err = pos.NewAuditEntry(time.Now(), m.ID, pos.AuditApproval, cartID, nil,
				map[string]any{"where": where, "discount": cd})
			if err == nil {
				err = s.mgr.office.AppendAudit(ctx, e)
			}
		}, func() {
			if err != nil {
				s.fail(err)
				return
			}
			apply()
		})
	})
}
