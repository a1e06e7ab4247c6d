package ui

import (
	"github.com/go-gl/glfw/v3.3/glfw"

	"fyne.io/fyne/v2"
)

// fitScreen sizes the window to the primary screen, once, at start (on the
// main thread: the app's OnStarted). Fyne has no "maximise"; the screen's
// video mode divided by Fyne's scale is the whole screen in Fyne units.
func fitScreen(w fyne.Window) {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return
	}
	mode := m.GetVideoMode()
	if mode == nil || mode.Width <= 0 || mode.Height <= 0 {
		return
	}
	scale := float32(1)
	if mm, _ := m.GetPhysicalSize(); mm > 0 {
		if dpi := float32(mode.Width) / (float32(mm) / 25.4); dpi > 96 && dpi < 1000 {
			scale = dpi / 96
		}
	}
	if user := fyne.CurrentApp().Settings().Scale(); user > 0 {
		scale *= user
	}
	size := fyne.NewSize(float32(mode.Width)/scale, float32(mode.Height)/scale)
	w.Resize(size.Max(minWindow))
}

// toggleFullScreen switches full screen (a kiosk) and remembers it.
func (s *Sell) toggleFullScreen() {
	on := !s.win.FullScreen()
	s.win.SetFullScreen(on)
	if a := fyne.CurrentApp(); a != nil {
		a.Preferences().SetBool(prefFullScreen, on)
	}
}
