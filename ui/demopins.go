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

// demoPINDialog asks the manager to replace the demo PINs a new database
// got (README): one new-PIN field per member still on one. "Later" puts it
// off to the next visit of the back office.
type demoPINDialog struct {
	d       *dialog.CustomDialog
	members []pos.StaffInfo
	pins    []*widget.Entry
	errs    []*widget.Label
	msg     *widget.Label
	save    *widget.Button
	later   *widget.Button
}

// demoPINs is the demo-PIN prompt's environment: the window's, the
// manager's office, the back office it is asked over (its messages; not
// asked, nor saved, once that has closed), and shown, which records the
// dialog while it is open (open false when it closes).
type demoPINs struct {
	viewEnv
	office *pos.Office
	bo     *backOffice
	shown  func(p *demoPINDialog, open bool)
}

// demoShown records the demo-PIN dialog while it is open (tests, the
// screenshots).
func (m *manager) demoShown(p *demoPINDialog, open bool) {
	switch {
	case open:
		m.demo = p
	case m.demo == p:
		m.demo = nil
	}
}

// ask shows the demo-PIN dialog when the till says an active member still
// has a demo PIN.
func (e demoPINs) ask() {
	var demo bool
	var staff []pos.StaffInfo
	var err error
	office := e.office
	e.background(func(ctx context.Context) {
		if demo, err = office.DemoPINs(ctx); err == nil && demo {
			staff, err = office.Staff(ctx)
		}
	}, func() {
		if err != nil {
			if !e.bo.closed {
				e.bo.say("", err)
			}
			return
		}
		var left []pos.StaffInfo
		for _, m := range staff {
			if m.Active && m.DemoPIN {
				left = append(left, m)
			}
		}
		if demo && len(left) > 0 && !e.bo.closed {
			e.show(left)
		}
	})
}

func (e demoPINs) show(members []pos.StaffInfo) *demoPINDialog {
	p := &demoPINDialog{members: members}
	intro := widget.NewLabel(tr("These members of staff still have the PIN every new Caisse database gets, which anyone who read the README knows. Give each of them a new PIN now (4 to 8 digits, at least 6 for a manager)."))
	intro.Wrapping = fyne.TextWrapWord
	form := container.New(&formColumns{})
	for _, m := range members {
		e := widget.NewPasswordEntry()
		if m.Role == pos.Manager {
			e.SetPlaceHolder(tr("new PIN, 6 to 8 digits"))
		} else {
			e.SetPlaceHolder(tr("new PIN, 4 to 8 digits"))
		}
		bad := widget.NewLabel("")
		bad.Importance = widget.DangerImportance
		bad.Wrapping = fyne.TextWrapWord
		bad.Hide()
		p.pins = append(p.pins, e)
		p.errs = append(p.errs, bad)
		name := widget.NewLabelWithStyle(m.Name+" · "+roleLabel(m.Role), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		form.Add(name)
		form.Add(container.NewVBox(e, bad))
	}
	p.msg = widget.NewLabel("")
	p.msg.Wrapping = fyne.TextWrapWord
	p.msg.Hide()
	p.save = widget.NewButtonWithIcon(tr("Save the new PINs"), theme.DocumentSaveIcon(), func() { e.save(p) })
	p.save.Importance = widget.HighImportance
	p.later = widget.NewButton(tr("Later (asked again next time)"), func() { p.d.Hide() })
	p.d = dialog.NewCustomWithoutButtons(tr("Change the demo PINs"), container.NewVBox(intro, form, p.msg), e.win)
	p.d.SetButtons([]fyne.CanvasObject{p.later, p.save})
	p.d.Resize(fyne.NewSize(620, 0))
	e.shown(p, true)
	e.showDialog(p.d, func() { e.shown(p, false) })
	if len(p.pins) > 0 {
		e.win.Canvas().Focus(p.pins[0])
	}
	return p
}

// save saves each new PIN typed through the till (which checks it and
// clears the member's demo mark), says what it refused, and closes the
// dialog once no demo PIN is left.
func (e demoPINs) save(p *demoPINDialog) {
	office := e.office
	if e.bo.closed {
		return
	}
	type change struct {
		i   int
		pin string
	}
	var todo []change
	for i, e := range p.pins {
		p.errs[i].Hide()
		if e.Text != "" {
			todo = append(todo, change{i, e.Text})
		}
	}
	if len(todo) == 0 {
		p.msg.Importance = widget.DangerImportance
		p.msg.SetText(tr("Type a new PIN for at least one member, or choose Later."))
		p.msg.Show()
		return
	}
	errs := make([]error, len(p.pins))
	var left bool
	var err error
	p.save.Disable()
	e.background(func(ctx context.Context) {
		for _, c := range todo {
			_, errs[c.i] = office.SaveStaff(ctx, p.members[c.i], c.pin)
		}
		left, err = office.DemoPINs(ctx)
	}, func() {
		p.save.Enable()
		for _, c := range todo {
			if errs[c.i] != nil {
				p.errs[c.i].SetText(errText(errs[c.i]))
				p.errs[c.i].Show()
			} else {
				p.pins[c.i].SetText("")
				p.pins[c.i].Disable()
				p.pins[c.i].SetPlaceHolder(tr("changed"))
			}
		}
		if !e.bo.closed {
			e.bo.refresh()
		}
		switch {
		case err != nil:
			p.msg.Importance = widget.DangerImportance
			p.msg.SetText(errText(err))
			p.msg.Show()
		case !left:
			p.d.Hide()
			if !e.bo.closed {
				e.bo.say(tr("No demo PIN is left."), nil)
			}
		default:
			p.msg.Importance = widget.WarningImportance
			p.msg.SetText(tr("Some members still have a demo PIN."))
			p.msg.Show()
		}
	})
}

// formColumns lays out label/field pairs: labels as wide as the widest,
// fields taking the rest.
type formColumns struct{}

func (formColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	lw := float32(0)
	for i := 0; i < len(objs); i += 2 {
		lw = max(lw, objs[i].MinSize().Width)
	}
	pad := theme.Padding()
	y := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		h := max(objs[i].MinSize().Height, objs[i+1].MinSize().Height)
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(lw, objs[i].MinSize().Height))
		objs[i+1].Move(fyne.NewPos(lw+pad, y))
		objs[i+1].Resize(fyne.NewSize(size.Width-lw-pad, h))
		y += h + pad
	}
}

func (formColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lw, fw, h := float32(0), float32(0), float32(0)
	pad := theme.Padding()
	for i := 0; i+1 < len(objs); i += 2 {
		lw = max(lw, objs[i].MinSize().Width)
		fw = max(fw, objs[i+1].MinSize().Width)
		h += max(objs[i].MinSize().Height, objs[i+1].MinSize().Height) + pad
	}
	return fyne.NewSize(lw+pad+max(fw, 240), h)
}
