package ui

import (
	"bytes"
	"encoding/json"
	"image/color"
	"strconv"
	"strings"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// matrixView shows every active discount against every other (pos.CombinationMatrix):
// ✓ they combine, — they do not, ⚠ one-sided, with a one-click fix below.
type matrixView struct {
	bo     *backOffice
	root   fyne.CanvasObject
	grid   *fyne.Container
	issues *fyne.Container
	m      pos.Matrix
	fixes  []*widget.Button // one per one-sided pair, in order (tests)
	warns  []*widget.Label  // what each fix would make one-sided (nil: nothing)
	// undo puts back the discount as it was before the last fix.
	undo     *widget.Button
	undoNote *widget.Label
	undoBox  *fyne.Container
	undone   *pos.Discount // the discount before the last fix
	fixed    *pos.Discount // and after it: Undo only while it is so
}

func newMatrixView(bo *backOffice) *matrixView {
	v := &matrixView{bo: bo}
	v.grid = container.NewVBox()
	v.issues = container.NewVBox()
	v.undoNote = widget.NewLabel("")
	v.undoNote.Wrapping = fyne.TextWrapWord
	v.undo = widget.NewButtonWithIcon(tr("Undo the fix"), theme.ContentUndoIcon(), v.undoFix)
	v.undoBox = container.NewBorder(nil, nil, nil, container.NewCenter(v.undo), v.undoNote)
	v.undoBox.Hide()
	legend := widget.NewLabel(tr("✓ combine · — do not combine · ⚠ one-sided: one says it combines, the other does not, so they never do"))
	legend.Wrapping = fyne.TextWrapWord
	v.root = container.NewVScroll(container.NewVBox(legend, v.undoBox, v.grid, widget.NewSeparator(), v.issues))
	return v
}

func (v *matrixView) refresh() {
	// Undo puts back what the fix changed, so only while the discount is
	// as the fix left it (not after another edit).
	if v.fixed != nil {
		if cur, ok := v.bo.till.Discounts().ByID(v.fixed.ID); !ok || !sameDiscount(*cur, *v.fixed) {
			v.undone, v.fixed = nil, nil
			v.undoBox.Hide()
		}
	}
	list := make([]pos.Discount, 0)
	for _, d := range v.bo.till.Discounts().All() {
		list = append(list, *d)
	}
	v.m = pos.CombinationMatrix(list, v.bo.now())
	n := len(v.m.Discounts)
	v.grid.RemoveAll()
	v.issues.RemoveAll()
	v.fixes, v.warns = nil, nil
	if n == 0 {
		v.grid.Add(widget.NewLabel(tr("No active discount.")))
		return
	}
	cell := func(text string, bg color.Color, bold bool) fyne.CanvasObject {
		r := canvas.NewRectangle(bg)
		l := widget.NewLabel(text)
		l.Alignment = fyne.TextAlignCenter
		l.TextStyle = fyne.TextStyle{Bold: bold}
		l.Truncation = fyne.TextTruncateEllipsis
		return container.NewStack(r, l)
	}
	ok := color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0x40}
	no := color.NRGBA{A: 0}
	warn := color.NRGBA{R: 0xf9, G: 0xa8, B: 0x25, A: 0x80}
	self := color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0x30}
	rows := container.New(&matrixLayout{n: n})
	rows.Add(cell("", no, true))
	for j := range v.m.Discounts {
		rows.Add(cell(strconv.Itoa(j+1), no, true))
	}
	for i, a := range v.m.Discounts {
		rows.Add(cell(strconv.Itoa(i+1)+". "+a.Name()+" ("+classLabel(a.Class)+")", no, true))
		for j := range v.m.Discounts {
			c := v.m.Cells[i][j]
			switch {
			case i == j:
				rows.Add(cell("", self, false))
			case c.Combines:
				rows.Add(cell("✓", ok, true))
			case c.OneSided:
				rows.Add(cell("⚠", warn, true))
			default:
				rows.Add(cell("—", no, false))
			}
		}
	}
	v.grid.Add(rows)
	pairs := v.m.OneSided()
	if len(pairs) == 0 {
		v.issues.Add(widget.NewLabel(tr("No one-sided settings.")))
		return
	}
	v.issues.Add(heading(tr("One-sided settings (%v)", len(pairs))))
	for _, p := range pairs {
		a, b := v.m.Discounts[p[0]], v.m.Discounts[p[1]]
		fix := *v.m.Cells[p[0]][p[1]].Fix
		yes, not := a, b
		if fix.DiscountID == a.ID {
			yes, not = b, a
		}
		text := tr("%v combines with %v discounts, but %v does not combine with %v discounts: they never combine.", yes.Name(), lowerClass(not.Class), not.Name(), lowerClass(yes.Class))
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		what := widget.NewLabel(tr("Fix: let %v combine with %v discounts", not.Name(), lowerClass(fix.Class)))
		what.TextStyle = fyne.TextStyle{Italic: true}
		what.Wrapping = fyne.TextWrapWord
		btn := widget.NewButtonWithIcon(tr("Fix"), theme.ConfirmIcon(), func() { v.fix(fix) })
		btn.Importance = widget.HighImportance
		v.fixes = append(v.fixes, btn)
		box := container.NewVBox(l, what)
		var warn *widget.Label
		if created := pos.FixCreates(list, fix, v.bo.now()); len(created) > 0 {
			var names []string
			for _, c := range created {
				other := c[0]
				if other == fix.DiscountID {
					other = c[1]
				}
				if d, ok := v.bo.till.Discounts().ByID(other); ok {
					names = append(names, d.Name())
				}
			}
			warn = widget.NewLabel(tr("This fix makes %v one-sided with: %v.", not.Name(), strings.Join(names, ", ")))
			warn.Importance = widget.WarningImportance
			warn.Wrapping = fyne.TextWrapWord
			box.Add(warn)
		}
		v.warns = append(v.warns, warn)
		v.issues.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewCenter(btn), box))
	}
}

func lowerClass(c pos.Class) string {
	switch c {
	case pos.ClassProduct:
		return tr("product")
	case pos.ClassOrder:
		return tr("order")
	}
	return tr("shipping")
}

// fix ticks the missing flag and saves the discount (audited).
func (v *matrixView) fix(f pos.CombineFix) {
	d, ok := v.bo.till.Discounts().ByID(f.DiscountID)
	if !ok {
		return
	}
	before := *d
	after := *d
	f.Apply(&after)
	v.bo.saveDiscount(&before, after, func(err error) {
		if err != nil {
			return
		}
		said := tr("%v now combines with %v discounts.", after.Name(), lowerClass(f.Class))
		v.bo.say(said, nil)
		v.undone, v.fixed = &before, &after
		v.undoNote.SetText(said)
		v.undoBox.Show()
	})
}

// undoFix saves the discount as it was before the last fix (audited as
// any edit).
func (v *matrixView) undoFix() {
	if v.undone == nil {
		return
	}
	before := *v.undone
	cur, ok := v.bo.till.Discounts().ByID(before.ID)
	if !ok {
		return
	}
	now := *cur
	v.undo.Disable()
	v.bo.saveDiscount(&now, before, func(err error) {
		v.undo.Enable()
		if err != nil {
			return
		}
		v.undone = nil
		v.undoBox.Hide()
		v.bo.say(tr("Fix undone: %v is as it was.", before.Name()), nil)
	})
}

// matrixLayout: a wide first column for names, then n square-ish columns.
type matrixLayout struct{ n int }

const (
	matrixName = 300
	matrixCell = 44
	matrixRow  = 36
)

func (l *matrixLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	cols := l.n + 1
	for k, o := range objs {
		r, c := k/cols, k%cols
		x, w := float32(0), float32(matrixName)
		if c > 0 {
			x, w = matrixName+float32(c-1)*matrixCell, matrixCell-2
		}
		o.Move(fyne.NewPos(x, float32(r)*matrixRow))
		o.Resize(fyne.NewSize(w, matrixRow-2))
	}
}

func (l *matrixLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	rows := (len(objs) + l.n) / (l.n + 1)
	return fyne.NewSize(matrixName+float32(l.n)*matrixCell, float32(rows)*matrixRow)
}

// sameDiscount reports whether a and b are the same set-up (as the audit
// log writes them).
func sameDiscount(a, b pos.Discount) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}
