package ui

import (
	"context"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Touch targets: at least 44×44 px (Apple's and Google's minimum), 8 px apart.
const (
	touchSize = 44
	touchGap  = 8
)

// touch gives a button the minimum touch target.
func touch(o fyne.CanvasObject) *fyne.Container { return sized(o, touchSize, touchSize) }

// spacer is empty room of w px.
func spacer(w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 0))
	return r
}

// relayout lays a container out again at its size: after a child is shown
// or hidden, or replaced, when the container's own size did not change.
func relayout(o fyne.CanvasObject) {
	if c, ok := o.(*fyne.Container); ok && c.Layout != nil {
		c.Layout.Layout(c.Objects, c.Size())
	}
}

// gapRow lays its objects side by side at their minimum width, gap px apart,
// at the full height.
type gapRow struct{ gap float32 }

func (g *gapRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		w := o.MinSize().Width
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + g.gap
	}
}

func (g *gapRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w += m.Width
		h = max(h, m.Height)
		n++
	}
	if n > 1 {
		w += g.gap * float32(n-1)
	}
	return fyne.NewSize(w, h)
}

// undoBar offers to put back the line just removed, for undoFor. It has
// the till and its worker as its own; the coordinator runs the undo and
// says how it went (run, say, fail).
type undoBar struct {
	env
	run  func(op func(ctx context.Context) error, done func(err error))
	say  func(text string)
	fail func(err error)

	box   *fyne.Container
	label *widget.Label
	btn   *widget.Button
	gen   int // which removal the bar is for; a later one replaces it
}

// undoFor is how long the Undo button stays.
var undoFor = 6 * time.Second

func newUndoBar(s *Sell) *undoBar {
	u := &undoBar{env: s.env, run: s.run, say: s.say, fail: s.fail}
	u.label = widget.NewLabel("")
	u.label.Truncation = fyne.TextTruncateEllipsis
	u.btn = widget.NewButtonWithIcon(tr("Undo"), theme.ContentUndoIcon(), u.undo)
	u.btn.Importance = widget.WarningImportance
	u.box = container.NewBorder(nil, nil, nil, touch(u.btn), u.label)
	u.box.Hide()
	return u
}

// offer shows "Removed: title" with Undo, and hides it after undoFor.
func (u *undoBar) offer(title string) {
	u.gen++
	gen := u.gen
	u.label.SetText(tr("Removed: %v", title))
	u.btn.Enable()
	u.box.Show()
	time.AfterFunc(undoFor, func() {
		u.deliver(func() {
			if u.gen == gen {
				u.box.Hide()
			}
		})
	})
}

// hide drops the offer (a new sale, another cart).
func (u *undoBar) hide() {
	u.gen++
	u.box.Hide()
}

// undo puts the line back, while the offer stands.
func (u *undoBar) undo() {
	if !u.box.Visible() {
		return
	}
	u.hide()
	u.run(func(ctx context.Context) error { return u.till.UndoRemoveLine(ctx) }, func(err error) {
		if err != nil {
			u.fail(err)
			return
		}
		u.say(tr("The line is back."))
	})
}
