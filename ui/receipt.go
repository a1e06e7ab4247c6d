package ui

import (
	"context"
	"image/color"
	"strconv"

	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// receiptView shows a receipt on screen, with a TEST watermark on test
// orders.
type receiptView struct {
	lines      []receipt.Line
	list       *widget.List
	rowH, bigH float32
	watermark  *canvas.Text
	root       fyne.CanvasObject
}

func newReceiptView() *receiptView {
	v := &receiptView{}
	v.list = widget.NewList(
		func() int { return len(v.lines) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("left")
			l.Truncation = fyne.TextTruncateEllipsis
			r := widget.NewLabel("right")
			r.Alignment = fyne.TextAlignTrailing
			sep := widget.NewSeparator()
			return container.NewStack(container.NewBorder(nil, nil, nil, r, l), container.NewVBox(sep))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(v.lines) {
				return
			}
			rl := v.lines[id]
			st := o.(*fyne.Container)
			row := st.Objects[0].(*fyne.Container)
			sep := st.Objects[1]
			l, r := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
			l.TextStyle, r.TextStyle = fyne.TextStyle{}, fyne.TextStyle{}
			l.Importance, r.Importance = widget.MediumImportance, widget.MediumImportance
			l.SizeName, r.SizeName = theme.SizeNameText, theme.SizeNameText
			l.Alignment = fyne.TextAlignLeading
			text := rl.Left
			switch rl.Style {
			case receipt.Bold:
				l.TextStyle.Bold, r.TextStyle.Bold = true, true
			case receipt.Big:
				l.TextStyle.Bold, r.TextStyle.Bold = true, true
				l.SizeName, r.SizeName = theme.SizeNameSubHeadingText, theme.SizeNameSubHeadingText
			case receipt.Indent:
				text = "    " + text
				l.Importance, r.Importance = widget.SuccessImportance, widget.SuccessImportance
			case receipt.Muted:
				text = "    " + text
				l.TextStyle.Italic, r.TextStyle.Italic = true, true
			case receipt.Center:
				l.Alignment = fyne.TextAlignCenter
				l.TextStyle.Italic = true
			}
			if rl.Style == receipt.Rule {
				row.Hide()
				sep.Show()
			} else {
				row.Show()
				sep.Hide()
			}
			l.SetText(text)
			r.SetText(rl.Right)
		})
	v.list.HideSeparators = true
	probe := widget.NewLabel("X")
	v.rowH = probe.MinSize().Height - theme.InnerPadding()
	probe.SizeName = theme.SizeNameSubHeadingText
	v.bigH = probe.MinSize().Height
	v.watermark = canvas.NewText("TEST", color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0x40})
	v.watermark.TextSize = 140
	v.watermark.TextStyle = fyne.TextStyle{Bold: true}
	v.watermark.Alignment = fyne.TextAlignCenter
	v.watermark.Hide()
	v.root = container.NewStack(v.list, container.NewCenter(v.watermark))
	return v
}

func (v *receiptView) set(lines []receipt.Line, test bool) {
	v.lines = lines
	for i, l := range lines {
		if l.Style == receipt.Rule {
			v.list.SetItemHeight(i, theme.Padding()*3)
		} else if l.Style == receipt.Big {
			v.list.SetItemHeight(i, v.bigH)
		} else {
			v.list.SetItemHeight(i, v.rowH)
		}
	}
	if test {
		v.watermark.Show()
	} else {
		v.watermark.Hide()
	}
	v.list.Refresh()
	v.list.ScrollToTop()
}

// receiptsDir is the folder of DataDir where sale receipts go.
const receiptsDir = "receipts"

// receiptName is an order's receipt file name, without .pdf: its number
// in its series.
func receiptName(o *pos.Order) string {
	switch {
	case o.Number == 0:
		return "order-" + o.ID
	case o.Test:
		return "test-" + strconv.FormatInt(o.Number, 10)
	}
	return "order-" + strconv.FormatInt(o.Number, 10)
}

// saveReceipt saves an order's receipt as a PDF and prints it when a
// receipt printer is set. Called off the UI goroutine.
func (s *Sell) saveReceipt(ctx context.Context, o *pos.Order, lines []receipt.Line) (string, error) {
	return s.saveAndPrint(ctx, receiptsDir, receiptName(o), lines, o.Test)
}

// completed shows the receipt of a paid sale, saves its PDF and starts a
// fresh cart behind it.
func (s *Sell) completed(o *pos.Order) {
	loc := s.till.Location()
	lines := receipt.Sale(o, loc, s.receiptText())
	v := newReceiptView()
	v.set(lines, o.Test)
	s.receiptD = v
	status := widget.NewLabel(tr("Saving the receipt…"))
	status.Wrapping = fyne.TextWrapWord
	status.TextStyle = fyne.TextStyle{Italic: true}
	var d *dialog.CustomDialog
	next := widget.NewButtonWithIcon(tr("Next customer (Enter)"), theme.ConfirmIcon(), func() { d.Hide() })
	next.Importance = widget.HighImportance
	changeText := canvas.NewText("", theme.Color(theme.ColorNameSuccess))
	changeText.TextSize = theme.TextSize() * 2
	changeText.TextStyle = fyne.TextStyle{Bold: true}
	changeText.Alignment = fyne.TextAlignCenter
	if !o.Change.IsZero() {
		changeText.Text = tr("Change: {{.Amount}}", "Amount", s.money.money(o.Change))
	} else {
		changeText.Text = tr("Paid — thank you!")
	}
	title := tr("Receipt {{.N}}", "N", o.NumberLabel())
	body := container.NewBorder(changeText, status, nil, nil, sized(v.root, 420, 430))
	d = dialog.NewCustomWithoutButtons(title, body, s.win)
	d.SetButtons([]fyne.CanvasObject{next})
	s.showDialog(d, func() {
		s.receiptNext = nil
		s.receiptD = nil
	})
	s.win.Canvas().Unfocus()
	s.receiptNext = func() { d.Hide() }
	// Save the PDF and start the next cart off the UI goroutine.
	var (
		path   string
		pdfErr error
	)
	s.background(func(ctx context.Context) {
		path, pdfErr = s.saveReceipt(ctx, o, lines)
	}, func() {
		if pdfErr != nil {
			status.Importance = widget.DangerImportance
			status.SetText(tr("The receipt PDF was not saved: {{.Err}}", "Err", pdfErr.Error()))
			return
		}
		s.lastPDF = path
		status.SetText(tr("Saved as {{.Path}}", "Path", path))
	})
	s.run(func(ctx context.Context) error { return s.till.NewCart(ctx, pos.CartOptions{}) }, func(err error) {
		if err != nil {
			s.fail(err)
		}
		s.selected = 0
	})
}
