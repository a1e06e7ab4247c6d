package ui

import (
	"context"
	"strings"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// staffView lists cashiers and managers and edits one: name, role, a new
// PIN (hashed off the UI goroutine; empty keeps the old one), active.
type staffView struct {
	bo      *backOffice
	root    fyne.CanvasObject
	staff   []pos.StaffInfo
	list    *escList
	editing *pos.StaffInfo // nil: a new member
	rows    map[string]*formRow
	msg     *widget.Label

	name    *escEntry
	pin     *escEntry
	role    *widget.RadioGroup
	active  *escCheck
	saveBtn *widget.Button
	newBtn  *widget.Button

	head     *widget.Label  // "New member of staff", or the member's name
	lockNote *widget.Label  // "Locked until 14:05" of the member edited
	clearBtn *widget.Button // Clear lock
}

func newStaffView(bo *backOffice) *staffView {
	v := &staffView{bo: bo, rows: map[string]*formRow{}}
	v.list = newEscList(func() int { return len(v.staff) },
		func() fyne.CanvasObject { return newStaffRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.staff) {
				o.(*staffRow).set(v.staff[id], v.line(v.staff[id]))
			}
		})
	v.list.OnSelected = func(id widget.ListItemID) {
		if id < len(v.staff) {
			s := v.staff[id]
			v.edit(&s)
		}
	}
	v.name = newEscEntry()
	v.pin = newEscPasswordEntry()
	v.role = widget.NewRadioGroup([]string{roleLabel(pos.Cashier), roleLabel(pos.Manager)}, nil)
	v.role.Horizontal, v.role.Required = true, true
	v.active = newEscCheck(tr("Active (the PIN works)"), nil)
	v.msg = widget.NewLabel("")
	v.msg.Importance = widget.DangerImportance
	v.msg.Hide()
	row := func(key, label string, w fyne.CanvasObject) fyne.CanvasObject {
		r := newFormRow(label, w)
		v.rows[key] = r
		return r.box
	}
	v.saveBtn = widget.NewButtonWithIcon(tr("Save"), theme.DocumentSaveIcon(), v.submit)
	v.saveBtn.Importance = widget.HighImportance
	v.lockNote = widget.NewLabel("")
	v.lockNote.Importance = widget.WarningImportance
	v.clearBtn = widget.NewButtonWithIcon(tr("Clear lock"), theme.ViewRefreshIcon(), v.clearLock)
	v.newBtn = widget.NewButtonWithIcon(tr("New member of staff"), theme.ContentAddIcon(), func() { v.edit(nil) })
	v.head = heading("").(*widget.Label)
	form := container.NewVBox(
		v.head,
		row("name", tr("Name"), v.name),
		row("role", tr("Role"), v.role),
		row("pin", tr("PIN"), v.pin),
		v.active,
		container.NewBorder(nil, nil, nil, v.clearBtn, v.lockNote),
		v.msg,
		container.NewBorder(nil, nil, nil, v.saveBtn))
	split := container.NewHSplit(container.NewBorder(v.newBtn, nil, nil, nil, v.list), container.NewVScroll(form))
	split.Offset = 0.3
	v.root = split
	v.edit(nil)
	return v
}

// line is a member in the list: name, role, inactive, locked until when,
// still on the demo PIN.
func (v *staffView) line(s pos.StaffInfo) string {
	text := s.Name + " · " + roleLabel(s.Role)
	if !s.Active {
		text += " (" + tr("inactive") + ")"
	}
	if s.Locked(v.bo.now()) {
		text += " · " + lockedUntil(s)
	}
	if s.DemoPIN && s.Active {
		text += " · " + tr("demo PIN")
	}
	return text
}

func roleLabel(r pos.Role) string {
	if r == pos.Manager {
		return tr("Manager")
	}
	return tr("Cashier")
}

func (v *staffView) refresh() {
	var list []pos.StaffInfo
	var err error
	v.bo.w.background(func(ctx context.Context) { list, err = v.bo.office.Staff(ctx) }, func() {
		if err != nil {
			v.bo.say("", err)
			return
		}
		v.staff = list
		v.list.Refresh()
		if v.editing != nil { // show the member edited as stored now
			for _, m := range list {
				if m.ID == v.editing.ID {
					m := m
					v.editing = &m
				}
			}
			v.showLock()
		}
	})
}

// showLock shows the lockout of the member edited, with Clear lock.
func (v *staffView) showLock() {
	if v.editing == nil || !v.editing.Locked(v.bo.now()) {
		v.lockNote.SetText("")
		v.lockNote.Hide()
		v.clearBtn.Hide()
		return
	}
	v.lockNote.SetText(tr("Too many wrong PINs.") + " " + lockedUntil(*v.editing))
	v.lockNote.Show()
	v.clearBtn.Show()
}

// clearLock lets the member edited try their PIN again now.
func (v *staffView) clearLock() {
	if v.editing == nil {
		return
	}
	m := *v.editing
	v.clearBtn.Disable()
	v.bo.save(func(ctx context.Context, o *pos.Office) error { return o.ClearLockout(ctx, m.ID) }, func(err error) {
		v.clearBtn.Enable()
		if err != nil {
			v.bo.say("", err)
			return
		}
		v.bo.say(tr("%v can sign in again.", m.Name), nil)
	})
}

func (v *staffView) edit(s *pos.StaffInfo) {
	v.editing = s
	for _, r := range v.rows {
		r.clear()
	}
	v.msg.Hide()
	if s == nil {
		v.head.SetText(tr("New member of staff"))
		v.name.SetText("")
		v.role.SetSelected(roleLabel(pos.Cashier))
		v.active.SetChecked(true)
		v.pin.SetPlaceHolder(tr("4 to 8 digits"))
	} else {
		v.head.SetText(s.Name)
		v.name.SetText(s.Name)
		v.role.SetSelected(roleLabel(s.Role))
		v.active.SetChecked(s.Active)
		v.pin.SetPlaceHolder(tr("empty: keep the PIN"))
	}
	v.pin.SetText("")
	v.showLock()
}

func (v *staffView) submit() {
	for _, r := range v.rows {
		r.clear()
	}
	v.msg.Hide()
	s := pos.StaffInfo{Name: strings.TrimSpace(v.name.Text), Role: pos.Cashier, Active: v.active.Checked}
	if v.role.Selected == roleLabel(pos.Manager) {
		s.Role = pos.Manager
	}
	if v.editing != nil {
		s.ID = v.editing.ID
	}
	ok := true
	if s.Name == "" {
		v.rows["name"].fail(tr("Give a name."))
		ok = false
	}
	// The PIN's rules (digits, 6 for a manager, a new member needs one) are
	// the till's: SaveStaff refuses in its own words.
	pin := v.pin.Text
	if !ok {
		return
	}
	v.saveBtn.Disable()
	var saved pos.StaffInfo
	v.bo.save(func(ctx context.Context, o *pos.Office) error {
		var err error
		saved, err = o.SaveStaff(ctx, s, pin)
		return err
	}, func(err error) {
		v.saveBtn.Enable()
		if err != nil {
			v.msg.SetText(errText(err))
			v.msg.Show()
			return
		}
		v.pin.SetText("")
		v.editing = &saved
		v.head.SetText(saved.Name)
		v.bo.say(tr("Saved: %v.", saved.Name), nil)
	})
}

// staffRow is one member in the staff list: a widget of its own, the line
// in words, greyed when the member is inactive.
type staffRow struct {
	widget.BaseWidget
	text *widget.Label
}

func newStaffRow() *staffRow {
	r := &staffRow{text: widget.NewLabel("")}
	r.text.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

func (r *staffRow) set(s pos.StaffInfo, line string) {
	r.text.Importance = widget.MediumImportance
	if !s.Active {
		r.text.Importance = widget.LowImportance
	}
	r.text.SetText(line)
}

func (r *staffRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.text) }
