package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The back office's focusable widgets (entries, selects, checks, lists)
// hand Esc, which none of them uses, to the window's key handler, as the
// driver does when nothing is focused: the back office's handler then goes
// back to the till unless a dialog or a popup is open (bindOfficeKeys).
// Without this, Esc typed in the audit search box or a product field stops
// at the field. Every other key is the widget's own.

// escToWindow passes Esc on to the window of o; it reports whether it did.
func escToWindow(o fyne.CanvasObject, ev *fyne.KeyEvent) bool {
	if ev.Name != fyne.KeyEscape {
		return false
	}
	app := fyne.CurrentApp()
	if app == nil {
		return false
	}
	c := app.Driver().CanvasForObject(o)
	if c == nil || c.OnTypedKey() == nil {
		return false
	}
	c.OnTypedKey()(ev)
	return true
}

// escEntry is a back-office text field.
type escEntry struct{ widget.Entry }

func newEscEntry() *escEntry {
	e := &escEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func newEscMultiLineEntry() *escEntry {
	e := &escEntry{}
	e.MultiLine, e.Wrapping = true, fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

func newEscPasswordEntry() *escEntry {
	e := &escEntry{}
	e.Password, e.Wrapping = true, fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

func (e *escEntry) TypedKey(ev *fyne.KeyEvent) {
	if !escToWindow(e, ev) {
		e.Entry.TypedKey(ev)
	}
}

// escSelect is a back-office select (its list, when open, is a popup of
// its own: Esc closes the list there).
type escSelect struct{ widget.Select }

func newEscSelect(options []string, changed func(string)) *escSelect {
	s := &escSelect{}
	s.Options, s.OnChanged = options, changed
	s.PlaceHolder = tr("(Select one)")
	s.ExtendBaseWidget(s)
	return s
}

func (s *escSelect) TypedKey(ev *fyne.KeyEvent) {
	if !escToWindow(s, ev) {
		s.Select.TypedKey(ev)
	}
}

// escCheck is a back-office check box.
type escCheck struct{ widget.Check }

func newEscCheck(label string, changed func(bool)) *escCheck {
	c := &escCheck{}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *escCheck) TypedKey(ev *fyne.KeyEvent) {
	if !escToWindow(c, ev) {
		c.Check.TypedKey(ev)
	}
}

// escList is a back-office list (a tap on a row focuses it).
type escList struct{ widget.List }

func newEscList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *escList {
	l := &escList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *escList) TypedKey(ev *fyne.KeyEvent) {
	if !escToWindow(l, ev) {
		l.List.TypedKey(ev)
	}
}
