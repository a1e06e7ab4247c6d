package ui

import (
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// lockState is the window's side of signing in: who the top bar names,
// the sign-in screen while the till is locked, and the idle lock. The till
// decides who is signed in (Till.SignIn, Till.Lock); the window only asks
// it and shows the answer. Touched on the UI goroutine only.
type lockState struct {
	till   *pos.Till
	lock   func()           // the screen's lock: dialogs closed, signed out
	now    func() time.Time // the clock; tests inject one
	last   time.Time        // the last key, tap or mouse move
	idle   time.Duration    // Till.IdleLock as read at the last sign-in; 0: never
	locked bool             // the sign-in screen is showing
	screen *signInView
	btn    *widget.Button // the top bar's Lock
}

// initLockBar builds the top bar's Lock button.
func (s *Sell) initLockBar() fyne.CanvasObject {
	s.lk.btn = widget.NewButtonWithIcon("", theme.LogoutIcon(), s.lock)
	return s.tips.tipped(s.lk.btn, tr("Lock")+"  (Ctrl+L)")
}

// initLock wires the idle lock's activity: keys (keymap), taps that reach
// the till (run, background, dialogs) and mouse moves over the screen.
func (s *Sell) initLock() {
	s.keys.touched = s.lk.touch
	blocked := s.keys.blocked
	s.keys.blocked = func() bool { return s.lk.locked || blocked() }
	s.root = newActivityArea(s.root, s.lk.touch)
}

// bindLockKeys wires Ctrl+L: it locks behind any dialog too.
func (s *Sell) bindLockKeys(c fyne.Canvas) {
	l := ctrl(fyne.KeyL)
	s.keys.onShortcut(c, l, s.lock)
	s.keys.always[l.ShortcutName()] = true
	// Keys typed with nothing focused count as activity too.
	prevKey, prevRune := c.OnTypedKey(), c.OnTypedRune()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		s.lk.touch()
		if prevKey != nil {
			prevKey(e)
		}
	})
	c.SetOnTypedRune(func(r rune) {
		s.lk.touch()
		if prevRune != nil {
			prevRune(r)
		}
	})
}

// updateLockBar names who is signed in at the start of the top bar's
// title, before the shop's name (the Lock button beside it is an icon: the
// top bar fits 1024 px in every language).
func (s *Sell) updateLockBar() {
	if s.bar == nil || s.bar.title == nil {
		return
	}
	name := tr("Nobody signed in")
	if who, ok := s.till.SignedIn(); ok {
		name = who.Name
	}
	s.bar.title.SetText(name + " · " + s.till.Location().Name)
	if s.screen != nil { // one row or two for the new text
		relayout(s.screen)
	}
}

// newLockState starts the idle clock for till; lock locks the screen.
func newLockState(till *pos.Till, lock func()) *lockState {
	l := &lockState{till: till, lock: lock, now: time.Now}
	l.last = l.now()
	return l
}

// touch records activity: the idle lock counts from the last one.
func (l *lockState) touch() { l.last = l.now() }

func (k *keymap) touch() {
	if k.touched != nil {
		k.touched()
	}
}

// lock closes every dialog and the back office, signs out at the till
// (the open cart stays) and shows the sign-in screen.
func (s *Sell) lock() {
	if s.lk.locked {
		return
	}
	s.closeDialogs()
	s.closeBackOffice()
	s.till.Lock()
	s.showSignIn()
}

// checkIdle locks the till when nothing happened for the idle time read at
// the last sign-in. The ticker calls it every second on the UI goroutine;
// tests call it after moving their clock.
func (l *lockState) checkIdle() {
	if l.locked || l.idle <= 0 {
		return
	}
	if _, ok := l.till.SignedIn(); !ok {
		return
	}
	if l.now().Sub(l.last) >= l.idle {
		l.lock()
	}
}

// startIdleTicker checks the idle lock every second until stop is called.
func (l *lockState) startIdleTicker() (stop func()) {
	t := time.NewTicker(time.Second)
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				fyne.Do(l.checkIdle)
			case <-quit:
				return
			}
		}
	}()
	return func() { t.Stop(); close(quit) }
}

// signedIn puts the sell screen back after a sign-in, with the cart as it
// was, and reads the idle time for this member's session (a change made
// in the back office applies from the next sign-in).
func (s *Sell) signedIn(idle time.Duration) {
	s.lk.locked = false
	s.lk.idle = idle
	s.lk.last = s.lk.now()
	s.updateLockBar()
	s.win.SetContent(s.root)
	s.show(s.till.Quote(), s.till.Cart(), len(s.till.Parked()))
	s.say("")
	s.ops.refreshShift()
	s.win.Canvas().Focus(s.prod.search)
}

// activityArea is the window's content with an ear for the mouse: a move
// over any part of the screen that is not itself hoverable (buttons and
// lists see their own) counts as activity for the idle lock.
type activityArea struct {
	widget.BaseWidget
	content fyne.CanvasObject
	touched func()
}

func newActivityArea(content fyne.CanvasObject, touched func()) *activityArea {
	a := &activityArea{content: content, touched: touched}
	a.ExtendBaseWidget(a)
	return a
}

func (a *activityArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(a.content)
}

func (a *activityArea) MouseIn(*desktop.MouseEvent)    { a.touched() }
func (a *activityArea) MouseMoved(*desktop.MouseEvent) { a.touched() }
func (a *activityArea) MouseOut()                      {}

var _ desktop.Hoverable = (*activityArea)(nil)
