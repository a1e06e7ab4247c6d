package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
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
// in the tooltips. The tip is drawn in the sell screen's tip layer, plain
// canvas objects over the screen: it takes no tap (a pop-up would eat the
// next click).
type tipArea struct {
	widget.BaseWidget
	layer  *tipLayer
	target hoverTarget
	tip    string
}

// tipLayer draws one tooltip over the sell screen.
type tipLayer struct {
	box  *fyne.Container
	bg   *canvas.Rectangle
	text *canvas.Text
}

func newTipLayer() *tipLayer {
	l := &tipLayer{}
	l.bg = canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	l.bg.StrokeColor = theme.Color(theme.ColorNameShadow)
	l.bg.StrokeWidth = 1
	l.bg.CornerRadius = theme.InputRadiusSize()
	l.text = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	l.box = container.NewWithoutLayout(l.bg, l.text)
	l.bg.Hide()
	l.text.Hide()
	return l
}

// tipped puts a tooltip on a button or check of the sell screen.
func (l *tipLayer) tipped(target hoverTarget, tip string) fyne.CanvasObject {
	a := &tipArea{layer: l, target: target, tip: tip}
	a.ExtendBaseWidget(a)
	return &fyne.Container{Layout: &minSize{}, Objects: []fyne.CanvasObject{target, a}}
}

func (a *tipArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

func (a *tipArea) Tapped(e *fyne.PointEvent) {
	a.layer.hide()
	a.target.Tapped(e)
}

func (a *tipArea) MouseIn(e *desktop.MouseEvent) {
	a.target.MouseIn(e)
	a.layer.show(a)
}

func (a *tipArea) MouseMoved(e *desktop.MouseEvent) { a.target.MouseMoved(e) }

func (a *tipArea) MouseOut() {
	a.target.MouseOut()
	a.layer.hide()
}

// showTip draws a's tooltip under it, kept within the screen.
func (l *tipLayer) show(a *tipArea) {
	if a.tip == "" {
		return
	}
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(a).Subtract(d.AbsolutePositionForObject(l.box))
	l.text.Text = a.tip
	ts := l.text.MinSize()
	pad := theme.Padding() * 2
	size := fyne.NewSize(ts.Width+2*pad, ts.Height+pad)
	pos := fyne.NewPos(at.X, at.Y+a.Size().Height+2)
	if w := l.box.Size().Width; pos.X+size.Width > w {
		pos.X = max(0, w-size.Width)
	}
	l.bg.Move(pos)
	l.bg.Resize(size)
	l.text.Move(pos.AddXY(pad, pad/2))
	l.text.Resize(ts)
	l.bg.Show()
	l.text.Show()
	l.box.Refresh()
}

func (l *tipLayer) hide() {
	l.bg.Hide()
	l.text.Hide()
	l.box.Refresh()
}
