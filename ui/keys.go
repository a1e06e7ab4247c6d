package ui

import (
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// keymap routes the till's keys. Function keys have no modifier, so Fyne
// does not turn them into shortcuts: they reach the canvas only when nothing
// is focused, and the focused widget otherwise. Every entry of the sell
// screen is a keyEntry that hands them here first, so F2..F12 work wherever
// the cursor is. Ctrl combinations are desktop.CustomShortcuts added to the
// canvas and forwarded the same way by keyEntry.
type keymap struct {
	keys      map[fyne.KeyName]func()
	shortcuts map[string]func()
	// blocked reports a modal (dialog) in front: the sell screen's keys then
	// stay quiet so they do not act behind it.
	blocked func() bool
	// always: shortcuts that work behind a dialog too (Ctrl+L locks).
	always map[string]bool
	// touched, when set, hears every key (the idle lock's activity).
	touched func()
	// eat is the character of a letter key a dialog just took (N on the
	// receipt choice): the driver sends the key, then its character, to
	// whatever has the focus by then, which the key may have just changed
	// (the search field of the next sale). That character is dropped; any
	// other key or character forgets it.
	eat rune
}

func newKeymap() *keymap {
	return &keymap{keys: map[fyne.KeyName]func(){}, shortcuts: map[string]func(){}, always: map[string]bool{}}
}

func (k *keymap) onKey(name fyne.KeyName, f func()) { k.keys[name] = f }

func (k *keymap) onShortcut(c fyne.Canvas, s *desktop.CustomShortcut, f func()) {
	k.shortcuts[s.ShortcutName()] = f
	if c != nil {
		c.AddShortcut(s, func(fyne.Shortcut) { k.shortcut(s) })
	}
}

func (k *keymap) key(name fyne.KeyName) bool {
	k.touch()
	k.eat = 0
	f, ok := k.keys[name]
	if !ok || (k.blocked != nil && k.blocked()) {
		return false
	}
	f()
	return true
}

func (k *keymap) shortcut(s fyne.Shortcut) bool {
	k.touch()
	k.eat = 0
	f, ok := k.shortcuts[s.ShortcutName()]
	if !ok || (k.blocked != nil && k.blocked() && !k.always[s.ShortcutName()]) {
		return false
	}
	f()
	return true
}

// took says a dialog took the key name: a letter's character, coming
// next, is then dropped wherever it lands.
func (k *keymap) took(name fyne.KeyName) {
	k.eat = 0
	if len(name) == 1 && name[0] >= 'A' && name[0] <= 'Z' {
		k.eat = unicode.ToLower(rune(name[0]))
	}
}

// eaten reports whether r is the character of the key a dialog just took
// (and forgets that key either way).
func (k *keymap) eaten(r rune) bool {
	e := k.eat
	k.eat = 0
	return e != 0 && unicode.ToLower(r) == e
}

// keyEntry is a widget.Entry that lets the till's keys through.
type keyEntry struct {
	widget.Entry
	keys *keymap
	// onKey, when set, sees keys first (Up/Down to move in a list...).
	onKey   func(*fyne.KeyEvent) bool
	focused bool
}

func newKeyEntry(k *keymap, placeholder string) *keyEntry {
	e := &keyEntry{keys: k}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = placeholder
	return e
}

func (e *keyEntry) TypedKey(ev *fyne.KeyEvent) {
	if e.onKey != nil && e.onKey(ev) {
		return
	}
	if e.keys != nil && e.keys.key(ev.Name) {
		return
	}
	e.Entry.TypedKey(ev)
}

// TypedRune counts as activity for the idle lock; the character of a key
// a dialog just took is not typed.
func (e *keyEntry) TypedRune(r rune) {
	if e.keys != nil {
		e.keys.touch()
		if e.keys.eaten(r) {
			return
		}
	}
	e.Entry.TypedRune(r)
}

func (e *keyEntry) FocusGained() { e.focused = true; e.Entry.FocusGained() }
func (e *keyEntry) FocusLost()   { e.focused = false; e.Entry.FocusLost() }

// HasFocus reports whether the cursor is in this entry.
func (e *keyEntry) HasFocus() bool { return e.focused }

func (e *keyEntry) TypedShortcut(s fyne.Shortcut) {
	if _, custom := s.(*desktop.CustomShortcut); custom && e.keys != nil && e.keys.shortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// keyName is how a shortcut is written on a button.
func ctrl(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl}
}

// bindKeys wires the sell screen's keys. Every action of a sale has one:
//
//	F2 search · F3 code · F4 line discount · F5 cart discount · F6 barcode
//	F7 quantity · F8 park · F9 parked carts · F10 orders · F11 shipping
//	F12 (or Ctrl+P) pay
//	Ctrl+Up/Down select a cart line · Ctrl+= / Ctrl+- quantity ±1
//	Ctrl+Delete remove the line · Ctrl+K add the suggested cross-sell
//	Ctrl+N new sale · Ctrl+T test mode · Ctrl+D shift · Ctrl+R reports
//	Ctrl+F full screen (remembered)
//
// In the pay dialog: F1 cash, F2 card, F3 split, Enter takes the payment,
// Esc cancels. On the receipt: Enter serves the next customer.
func (s *Sell) bindKeys(c fyne.Canvas) {
	k := s.keys
	k.onKey(fyne.KeyF2, func() { s.win.Canvas().Focus(s.prod.search) })
	k.onKey(fyne.KeyF3, func() { s.win.Canvas().Focus(s.disc.code) })
	k.onKey(fyne.KeyF4, func() { s.openLineDiscount(s.currentLine()) })
	k.onKey(fyne.KeyF5, s.openCartDiscount)
	k.onKey(fyne.KeyF6, func() { s.win.Canvas().Focus(s.prod.barcode) })
	k.onKey(fyne.KeyF7, s.openQuantity)
	k.onKey(fyne.KeyF8, s.openPark)
	k.onKey(fyne.KeyF9, s.openParked)
	k.onKey(fyne.KeyF10, s.openHistory)
	k.onKey(fyne.KeyF11, s.openShipping)
	k.onKey(fyne.KeyF12, s.openPay)
	k.onShortcut(c, ctrl(fyne.KeyP), s.openPay)
	k.onShortcut(c, ctrl(fyne.KeyUp), func() { s.moveLine(-1) })
	k.onShortcut(c, ctrl(fyne.KeyDown), func() { s.moveLine(1) })
	k.onShortcut(c, ctrl(fyne.KeyEqual), func() { s.bumpQuantity(1) })
	k.onShortcut(c, ctrl(fyne.KeyMinus), func() { s.bumpQuantity(-1) })
	k.onShortcut(c, ctrl(fyne.KeyDelete), func() {
		if p := s.currentLine(); p > 0 {
			s.removeLine(p)
		}
	})
	k.onShortcut(c, ctrl(fyne.KeyK), s.mid.offers.accept)
	k.onShortcut(c, ctrl(fyne.KeyE), s.openNote)
	k.onShortcut(c, ctrl(fyne.KeyI), s.openCustomSale)
	k.onShortcut(c, ctrl(fyne.KeyN), s.confirmNewSale)
	k.onShortcut(c, ctrl(fyne.KeyT), func() { s.bar.testSwitch.SetChecked(!s.bar.testSwitch.Checked) })
	k.onShortcut(c, ctrl(fyne.KeyF), s.toggleFullScreen)
	s.bindTillOpsKeys(c)
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch {
		case s.payD != nil && s.payD.typedKey(e):
			k.took(e.Name)
		case s.receiptC.key(e):
			k.took(e.Name) // N closes the choice: its "n" must not reach the search field
		case s.receiptNext != nil && (e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter || e.Name == fyne.KeyEscape):
			s.receiptNext()
		case k.key(e.Name):
		case prev != nil:
			prev(e)
		}
	})
	prevRune := c.OnTypedRune()
	c.SetOnTypedRune(func(r rune) {
		if k.eaten(r) || prevRune == nil {
			return
		}
		prevRune(r)
	})
}

func (s *Sell) moveLine(d int) {
	n := len(s.quote.Lines)
	if n == 0 {
		return
	}
	p := s.currentLine() + d
	if s.selected == 0 && d > 0 {
		p = 1
	}
	p = min(max(p, 1), n)
	s.selectLine(p)
}

func (s *Sell) bumpQuantity(d int) {
	p := s.currentLine()
	if p == 0 {
		return
	}
	s.setQuantity(p, s.quote.Lines[p-1].Quantity+d)
}

// keyList, keyGrid and keyCheck are the sell screen's tappable widgets that
// take the focus when tapped (Fyne focuses a list, a grid or a check on a
// tap): they hand the till's keys to the keymap first, so F2..F12 keep
// working whatever was tapped last.
type keyList struct {
	widget.List
	keys *keymap
}

func newKeyList(k *keymap, length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{keys: k}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *keyList) TypedKey(e *fyne.KeyEvent) {
	if l.keys != nil && l.keys.key(e.Name) {
		return
	}
	l.List.TypedKey(e)
}

type keyGrid struct {
	widget.GridWrap
	keys *keymap
}

func newKeyGrid(k *keymap, length func() int, create func() fyne.CanvasObject, update func(widget.GridWrapItemID, fyne.CanvasObject)) *keyGrid {
	g := &keyGrid{keys: k}
	g.Length, g.CreateItem, g.UpdateItem = length, create, update
	g.ExtendBaseWidget(g)
	return g
}

func (g *keyGrid) TypedKey(e *fyne.KeyEvent) {
	if g.keys != nil && g.keys.key(e.Name) {
		return
	}
	g.GridWrap.TypedKey(e)
}

type keyCheck struct {
	widget.Check
	keys *keymap
}

func newKeyCheck(k *keymap, label string, changed func(bool)) *keyCheck {
	c := &keyCheck{keys: k}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *keyCheck) TypedKey(e *fyne.KeyEvent) {
	if c.keys != nil && c.keys.key(e.Name) {
		return
	}
	c.Check.TypedKey(e)
}

// giveFocusBack returns the focus to the search field after a tap on o
// took it, so typing and a scanner (which types into the search field)
// keep working after a tap. A programmatic change (o not focused) leaves
// the focus where it is.
func (s *Sell) giveFocusBack(o fyne.Focusable) {
	c := s.win.Canvas()
	if c.Focused() == o {
		c.Focus(s.prod.search)
	}
}
