package ui

import (
	"context"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pinDialog asks a member of staff (picked from a list) for their PIN. The
// till checks it (with its lockout) off the UI goroutine; a wrong one is
// refused in the dialog, which stays open.
type pinDialog struct {
	d     *dialog.CustomDialog
	who   *widget.Select
	ids   []string
	entry *widget.Entry
	msg   *widget.Label
	ok    *widget.Button
}

// pinCheck is what the dialog does with the member picked and the PIN typed.
type pinCheck func(ctx context.Context, staffID, pin string) error

// askPIN shows the PIN dialog with the staff for whom pick is true (the
// only one preselected); check runs off the UI goroutine, granted on the
// UI goroutine once check succeeded. cancelled (may be nil) runs when the
// dialog is closed without success.
func (s *Sell) askPIN(title, why string, pick func(pos.StaffInfo) bool, check pinCheck, granted func(), cancelled func()) *pinDialog {
	p := &pinDialog{}
	p.who = widget.NewSelect(nil, nil)
	p.who.PlaceHolder = tr("Who are you?")
	p.entry = widget.NewPasswordEntry()
	p.entry.SetPlaceHolder(tr("PIN"))
	p.msg = widget.NewLabel("")
	p.msg.Importance = widget.DangerImportance
	p.msg.Wrapping = fyne.TextWrapWord
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
	label := widget.NewLabel(why)
	label.Wrapping = fyne.TextWrapWord
	p.d = dialog.NewCustomWithoutButtons(title, container.NewVBox(label, p.who, p.entry, p.msg), s.win)
	p.d.SetButtons([]fyne.CanvasObject{cancel, p.ok})
	p.d.Resize(fyne.NewSize(420, 0))
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

// askApproval asks a manager to approve perm (the till refused a change
// with why); once the till armed the approval, retry runs on the UI
// goroutine. cancelled runs when nobody approved.
func (s *Sell) askApproval(perm pos.Permission, why string, retry, cancelled func()) {
	s.askPIN(tr("Manager approval"), why, isManager, func(ctx context.Context, id, pin string) error {
		_, err := s.till.Approve(ctx, perm, id, pin)
		return err
	}, retry, cancelled)
}

// askSignIn asks a member of staff to sign in (the till is locked).
func (s *Sell) askSignIn() {
	s.askPIN(tr("Sign in"), tr("Pick your name and type your PIN."), func(pos.StaffInfo) bool { return true },
		func(ctx context.Context, id, pin string) error {
			_, err := s.till.SignIn(ctx, id, pin)
			return err
		}, func() { s.say("") }, nil)
}
