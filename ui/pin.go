package ui

import (
	"context"
	"image/color"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pinDialog asks a member of staff (picked from a list) for their PIN. The
// till checks it (with its lockout) off the UI goroutine; a wrong one is
// refused in the dialog, which stays open.
type pinDialog struct {
	d      *dialog.CustomDialog
	who    *widget.Select
	ids    []string
	entry  *widget.Entry
	msg    *widget.Label
	why    *widget.Label // what is asked
	detail *widget.Label // the till's refusal (amounts), when approving
	ok     *widget.Button
}

// pinCheck is what the dialog does with the member picked and the PIN typed.
type pinCheck func(ctx context.Context, staffID, pin string) error

// askPIN shows the PIN dialog with the staff for whom pick is true (the
// only one preselected); check runs off the UI goroutine, granted on the
// UI goroutine once check succeeded. cancelled (may be nil) runs when the
// dialog is closed without success.
func (s *Sell) askPIN(title, why string, pick func(pos.StaffInfo) bool, check pinCheck, granted func(), cancelled func()) *pinDialog {
	p := &pinDialog{}
	p.who = newSelect(nil, nil)
	p.who.PlaceHolder = tr("Who are you?")
	p.entry = widget.NewPasswordEntry()
	p.entry.ActionItem = canvas.NewRectangle(color.Transparent) // no "show the PIN" eye over a manager's shoulder
	p.entry.SetPlaceHolder(tr("PIN"))
	p.msg = widget.NewLabel("")
	p.msg.Importance = widget.DangerImportance
	p.msg.Hide()
	var names []string
	s.background(func(ctx context.Context) {
		list, err := s.till.StaffList(ctx)
		if err != nil {
			return
		}
		for _, m := range list {
			if pick(m) {
				p.ids = append(p.ids, m.ID)
				names = append(names, m.Name)
			}
		}
	}, func() {
		p.who.Options = names
		if len(names) == 1 {
			p.who.SetSelectedIndex(0)
		}
		p.who.Refresh()
	})
	done := false
	submit := func() {
		pin := p.entry.Text
		i := p.who.SelectedIndex()
		if i < 0 || i >= len(p.ids) {
			p.msg.SetText(tr("Pick who you are first."))
			p.msg.Show()
			return
		}
		id := p.ids[i]
		var err error
		s.background(func(ctx context.Context) { err = check(ctx, id, pin) }, func() {
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
			done = true
			p.d.Hide()
			granted()
		})
	}
	p.entry.OnSubmitted = func(string) { submit() }
	p.ok = widget.NewButtonWithIcon(tr("OK (Enter)"), theme.ConfirmIcon(), submit)
	p.ok.Importance = widget.HighImportance
	cancel := widget.NewButton(tr("Cancel"), func() { p.d.Hide() })
	// No word wrapping: a wrapped label in a dialog is measured on one
	// line and overlaps the next; the dialog widens to the text instead.
	p.why = widget.NewLabel(why)
	p.detail = widget.NewLabel("")
	p.detail.Hide()
	p.d = dialog.NewCustomWithoutButtons(title, container.NewVBox(p.why, p.detail, p.who, p.entry, p.msg), s.win)
	p.d.SetButtons([]fyne.CanvasObject{cancel, p.ok})
	p.d.Resize(fyne.NewSize(480, 0))
	s.mgr.pin = p
	s.showDialog(p.d, func() {
		if s.mgr.pin == p {
			s.mgr.pin = nil
		}
		if !done && cancelled != nil {
			cancelled()
		}
	})
	s.win.Canvas().Focus(p.entry)
	return p
}

func isManager(m pos.StaffInfo) bool { return m.Role == pos.Manager }

// askApproval asks a manager to approve perm: the till refused a change
// with refusal; what (may be "") is what the screen knows of it, such as
// the amount of a cash out. Once the till armed the approval, retry runs on
// the UI goroutine. cancelled runs when nobody approved.
func (s *Sell) askApproval(perm pos.Permission, what string, refusal error, retry, cancelled func()) {
	if s.lk.locked { // the till locked while the call ran: nobody to ask for
		cancelled()
		return
	}
	why := permLabel(perm)
	if what != "" {
		why += "\n" + what
	}
	p := s.askPIN(tr("Manager approval"), why, isManager, func(ctx context.Context, id, pin string) error {
		_, err := s.till.Approve(ctx, perm, id, pin)
		return err
	}, retry, cancelled)
	p.why.TextStyle = fyne.TextStyle{Bold: true}
	p.why.Refresh()
	p.detail.SetText(errText(refusal))
	p.detail.Show()
}

// permLabel says what a manager approves: "Approve: a refund above the
// limit".
func permLabel(p pos.Permission) string { return tr("Approve: %v", permName(p)) }

// permName names what a permission allows, as the audit log shows it.
func permName(p pos.Permission) string {
	switch p {
	case pos.PermDiscountAboveLimit:
		return tr("custom discounts above the limit")
	case pos.PermRefundAboveLimit:
		return tr("a refund above the limit")
	case pos.PermTestMode:
		return tr("switching test mode")
	case pos.PermCashOut:
		return tr("cash out of the drawer")
	case pos.PermNoSale:
		return tr("opening the drawer with no sale")
	case pos.PermBackOffice:
		return tr("a manager's setting")
	}
	return string(p)
}
