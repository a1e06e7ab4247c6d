package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// hoverTarget is a button or a check: tapped and hovered.
type hoverTarget interface {
	fyne.CanvasObject
	fyne.Tappable
	desktop.Hoverable
}

// tipArea lies over a button and shows a tooltip while the mouse is on it
// (Fyne 2.7 has none), passing taps and hovering on to the button. The top
// bar's buttons carry short labels at 1024 px; their keys and full names are
// in the tooltips.
type tipArea struct {
	widget.BaseWidget
	target hoverTarget
	tip    string
	pop    *widget.PopUp
}

// tipped puts a tooltip on a button or check.
func tipped(target hoverTarget, tip string) fyne.CanvasObject {
	a := &tipArea{target: target, tip: tip}
	a.ExtendBaseWidget(a)
	return &fyne.Container{Layout: &minSize{}, Objects: []fyne.CanvasObject{target, a}}
}

func (a *tipArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

func (a *tipArea) Tapped(e *fyne.PointEvent) {
	a.hide()
	a.target.Tapped(e)
}

func (a *tipArea) MouseIn(e *desktop.MouseEvent) {
	a.target.MouseIn(e)
	c := fyne.CurrentApp().Driver().CanvasForObject(a)
	if c == nil || a.tip == "" {
		return
	}
	if a.pop == nil {
		a.pop = widget.NewPopUp(widget.NewLabel(a.tip), c)
	}
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(a)
	pos := fyne.NewPos(at.X, at.Y+a.Size().Height+2)
	// Keep the tip on the canvas at its right edge.
	if w := a.pop.MinSize().Width; pos.X+w > c.Size().Width {
		pos.X = max(0, c.Size().Width-w)
	}
	a.pop.ShowAtPosition(pos)
}

func (a *tipArea) MouseMoved(e *desktop.MouseEvent) { a.target.MouseMoved(e) }

func (a *tipArea) MouseOut() {
	a.target.MouseOut()
	a.hide()
}

func (a *tipArea) hide() {
	if a.pop != nil {
		a.pop.Hide()
	}
}
