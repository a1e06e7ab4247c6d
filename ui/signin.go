package ui

import (
	"context"
	"image/color"
	"strings"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// signInView is the screen the window opens on and goes back to when the
// till locks: pick your name (or type your staff code), then your PIN on
// the keypad or the keyboard. The till checks the PIN, counts wrong ones
// and locks a member out; the screen says what it answered.
type signInView struct {
	env        // the till, its worker, the window, the money format
	s    *Sell // the coordinator: runs a change and shows the new cart
	root fyne.CanvasObject

	// The picker.
	picker  *fyne.Container
	title   *widget.Label
	grid    *fyne.Container
	staff   []pos.StaffInfo
	tiles   []*widget.Button // one per member of staff, as listed
	code    *keyEntry
	codeBtn *widget.Button
	pickMsg *widget.Label

	// The PIN pad.
	pad     *fyne.Container
	who     string // the id, name or code typed: what Till.SignIn gets
	whoName *widget.Label
	note    *widget.Label // "locked until" of the member picked
	pin     *keyEntry
	msg     *widget.Label
	keys    map[string]*widget.Button // "0".."9", "clear", "ok"
	okBtn   *widget.Button
	backBtn *widget.Button
	busy    bool
}

// showSignIn shows the sign-in screen (the till is locked: nobody signed in).
func (s *Sell) showSignIn() {
	if s.lk.screen == nil {
		s.lk.screen = newSignInView(s)
	}
	s.lk.locked = true
	s.updateLockBar()
	v := s.lk.screen
	s.win.SetContent(v.root)
	v.showPicker()
}

func newSignInView(s *Sell) *signInView {
	v := &signInView{env: s.env, s: s, keys: map[string]*widget.Button{}}

	// The picker: a tile per member of staff, or a staff code.
	v.title = widget.NewLabelWithStyle("Caisse", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	v.title.SizeName = theme.SizeNameHeadingText
	v.title.Truncation = fyne.TextTruncateEllipsis
	ask := widget.NewLabelWithStyle(tr("Who is at the till? Tap your name."), fyne.TextAlignCenter, fyne.TextStyle{})
	ask.SizeName = theme.SizeNameSubHeadingText
	v.grid = container.NewGridWithColumns(4)
	v.code = newKeyEntry(nil, tr("Staff code"))
	v.code.OnSubmitted = func(string) { v.pickCode() }
	v.codeBtn = widget.NewButtonWithIcon(tr("Next (Enter)"), theme.NavigateNextIcon(), v.pickCode)
	v.pickMsg = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.pickMsg.Importance = widget.DangerImportance
	v.pickMsg.Wrapping = fyne.TextWrapWord
	v.pickMsg.Hide()
	codeRow := container.NewHBox(
		widget.NewLabel(tr("or type your staff code:")),
		sized(v.code, 220, 0), v.codeBtn)
	v.picker = container.NewVBox(
		v.title, ask,
		container.NewCenter(v.grid),
		gap(24),
		container.NewCenter(codeRow),
		v.pickMsg)

	// The PIN pad.
	v.whoName = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	v.whoName.SizeName = theme.SizeNameHeadingText
	v.whoName.Truncation = fyne.TextTruncateEllipsis
	v.note = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.note.Importance = widget.WarningImportance
	v.note.Hide()
	v.pin = newKeyEntry(nil, tr("PIN"))
	v.pin.Password = true
	v.pin.ActionItem = canvas.NewRectangle(color.Transparent) // no "show the PIN" eye
	v.pin.OnSubmitted = func(string) { v.submit() }
	v.pin.onKey = func(e *fyne.KeyEvent) bool {
		if e.Name == fyne.KeyEscape {
			v.showPicker()
			return true
		}
		return false
	}
	v.msg = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	v.msg.Importance = widget.DangerImportance
	v.msg.Wrapping = fyne.TextWrapWord
	v.msg.Hide()
	pad := container.NewGridWithColumns(3)
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		pad.Add(v.key(d))
	}
	clr := widget.NewButtonWithIcon("", theme.ContentUndoIcon(), func() {
		v.pin.SetText("")
		v.win.Canvas().Focus(v.pin)
	})
	v.keys["clear"] = clr
	pad.Add(sized(clr, 88, 64))
	pad.Add(v.key("0"))
	v.okBtn = widget.NewButtonWithIcon("", theme.ConfirmIcon(), v.submit)
	v.okBtn.Importance = widget.HighImportance
	v.keys["ok"] = v.okBtn
	pad.Add(sized(v.okBtn, 88, 64))
	v.backBtn = widget.NewButtonWithIcon(tr("Back (Esc)"), theme.NavigateBackIcon(), v.showPicker)
	v.pad = container.NewVBox(
		v.whoName, v.note,
		container.NewCenter(sized(v.pin, 300, 0)),
		container.NewCenter(sized(v.msg, 420, 0)),
		container.NewCenter(pad),
		container.NewCenter(sized(v.backBtn, 300, 48)))

	v.root = container.NewPadded(container.NewStack(
		container.NewVScroll(container.NewCenter(container.NewPadded(v.picker))),
		container.NewCenter(v.pad)))
	return v
}

// key is a keypad key: at least 44×44 (here 88×64) for a finger.
func (v *signInView) key(d string) fyne.CanvasObject {
	b := widget.NewButton(d, func() {
		v.pin.SetText(v.pin.Text + d)
		v.pin.CursorColumn = len(v.pin.Text)
		v.win.Canvas().Focus(v.pin)
	})
	v.keys[d] = b
	return sized(b, 88, 64)
}

// load reads the staff to pick from (who is locked out, until when).
func (v *signInView) load() {
	var list []pos.StaffInfo
	var err error
	v.background(func(ctx context.Context) { list, err = v.till.StaffList(ctx) }, func() {
		if err != nil {
			v.pickMsg.SetText(errText(err))
			v.pickMsg.Show()
			v.relayout()
			return
		}
		v.setStaff(list)
	})
}

func (v *signInView) setStaff(list []pos.StaffInfo) {
	v.staff = list
	v.tiles = nil
	v.grid.RemoveAll()
	now := v.s.lk.now()
	for i := range list {
		m := list[i]
		v.grid.Add(v.tile(m, now))
	}
	cols := min(max(len(list), 1), 4)
	v.grid.Layout = layout.NewGridLayoutWithColumns(cols)
	v.relayout() // the grid's new size reaches its centring
}

// tile is a member of staff's large button: name, role, and when a
// lockout ends.
func (v *signInView) tile(m pos.StaffInfo, now time.Time) fyne.CanvasObject {
	b := widget.NewButton("", func() { v.pick(m.ID, m.Name, m) })
	v.tiles = append(v.tiles, b)
	icon := widget.NewIcon(theme.AccountIcon())
	name := widget.NewLabelWithStyle(m.Name, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameSubHeadingText
	name.Truncation = fyne.TextTruncateEllipsis
	role := widget.NewLabelWithStyle(roleLabel(m.Role), fyne.TextAlignCenter, fyne.TextStyle{})
	lines := []fyne.CanvasObject{icon, name, role}
	if m.Locked(now) {
		icon.SetResource(theme.NewErrorThemedResource(theme.WarningIcon()))
		b.Importance = widget.LowImportance
		locked := widget.NewLabelWithStyle(lockedUntil(m), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		locked.Importance = widget.DangerImportance
		lines = append(lines, locked)
	}
	return sized(container.NewStack(b, container.NewPadded(container.NewVBox(lines...))), 200, 150)
}

// lockedUntil is "Locked until 14:05" for a member locked out.
func lockedUntil(m pos.StaffInfo) string {
	return tr("Locked until %v", m.LockedUntil.Local().Format("15:04"))
}

// showPicker goes back to the names (Esc on the PIN pad).
func (v *signInView) showPicker() {
	v.pin.SetText("")
	v.msg.Hide()
	v.pad.Hide()
	v.picker.Show()
	v.code.SetText("")
	v.pickMsg.Hide()
	v.relayout()
	loc := v.till.Location()
	v.title.SetText("Caisse · " + loc.Name)
	if v.s.lk.locked {
		v.win.Canvas().Focus(v.code)
	}
	v.load()
}

// pickCode goes to the PIN pad for the staff code typed; the till decides
// whether it names anyone (a wrong code is a wrong PIN, as it should be).
func (v *signInView) pickCode() {
	code := strings.TrimSpace(v.code.Text)
	if code == "" {
		v.pickMsg.SetText(tr("Type your staff code, or tap your name."))
		v.pickMsg.Show()
		v.relayout()
		return
	}
	name := code
	var info pos.StaffInfo
	for _, m := range v.staff {
		if strings.EqualFold(m.ID, code) {
			name, info = m.Name, m
		}
	}
	v.pick(code, name, info)
}

// pick shows the PIN pad for who (an id or a code), named name.
func (v *signInView) pick(who, name string, m pos.StaffInfo) {
	v.who = who
	v.whoName.SetText(tr("PIN for %v", name))
	if m.Locked(v.s.lk.now()) {
		v.note.SetText(lockedUntil(m))
		v.note.Show()
	} else {
		v.note.Hide()
	}
	v.msg.Hide()
	v.pin.SetText("")
	v.picker.Hide()
	v.pad.Show()
	v.relayout()
	v.win.Canvas().Focus(v.pin)
}

// relayout lays the screen out again after a part was shown or hidden
// (a centred box does not follow its content's new size by itself).
func (v *signInView) relayout() {
	if c, ok := v.root.(*fyne.Container); ok {
		c.Refresh()
	}
}

// gap is empty space of a height.
func gap(h float32) fyne.CanvasObject { return sized(layout.NewSpacer(), 0, h) }

// submit asks the till to sign in who with the PIN typed (off the UI
// goroutine: the PIN's hash is slow on purpose).
func (v *signInView) submit() {
	if v.busy {
		return
	}
	pin := v.pin.Text
	if pin == "" {
		v.say(tr("Type your PIN."))
		return
	}
	v.busy = true
	v.okBtn.Disable()
	s := v.s
	who := v.who
	var err error
	var idle time.Duration
	v.background(func(ctx context.Context) {
		if _, err = v.till.SignIn(ctx, who, pin); err != nil {
			return
		}
		var ierr error
		if idle, ierr = v.till.IdleLock(ctx); ierr != nil {
			idle = pos.DefaultIdleLock // the default, rather than never
		}
	}, func() {
		v.busy = false
		v.okBtn.Enable()
		v.pin.SetText("")
		switch {
		case err == nil:
			s.signedIn(idle)
		case pos.IsWrongPIN(err):
			v.say(tr("Wrong PIN. Try again."))
			v.win.Canvas().Focus(v.pin)
		default: // locked out (until when), or the store failed
			v.say(errText(err))
			v.win.Canvas().Focus(v.pin)
		}
	})
}

func (v *signInView) say(text string) {
	v.msg.SetText(text)
	v.msg.Show()
	v.relayout()
}
