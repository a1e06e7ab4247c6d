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
		func() fyne.CanvasObject { return newReceiptRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(v.lines) {
				return
			}
			o.(*receiptRow).set(v.lines[id])
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
func (e env) saveReceipt(ctx context.Context, o *pos.Order, lines []receipt.Line) (string, error) {
	return e.saveAndPrint(ctx, receiptsDir, receiptName(o), lines, o.Test)
}

// Receipt choices after a sale.
const (
	receiptPrint = "print"
	receiptPDF   = "pdf"
	receiptNone  = "none"
)

// receiptChoice is the dialog shown after a sale: the receipt on screen,
// the change, and what to do with the receipt: Print (P), Save as PDF (S)
// or No receipt (N, Esc). Enter takes the default: Print when a receipt
// printer is set, else Save as PDF. Each choice starts the next customer
// (the fresh cart is already behind the dialog); a failed print or save
// keeps the dialog, with why, for another choice.
type receiptChoice struct {
	env      // the till, its worker, the window, the money format
	*sale    // the sale on screen
	d        *dialog.CustomDialog
	print    *widget.Button
	pdf      *widget.Button
	none     *widget.Button
	status   *widget.Label
	def      string // the choice Enter takes
	busy     bool
	printer  receipt.Printer // Path "" when none is set
	lines    []receipt.Line
	order    *pos.Order
	lastPath string
	shown    bool              // the dialog is on screen
	say      func(text string) // the coordinator's message bar
	saved    func(path string) // the PDF just written (tests)
}

// completed shows the receipt of a paid sale with the receipt choices, and
// starts a fresh cart behind it. printer is the receipt printer set on the
// till (Path "" for none), read with the payment; printerErr, when set,
// says why it could not be read (Print is then off).
func (s *Sell) completed(o *pos.Order, printer receipt.Printer, printerErr error) {
	if printerErr != nil {
		printer = receipt.Printer{}
	}
	loc := s.till.Location()
	lines := receipt.Sale(o, loc, s.receiptText())
	v := newReceiptView()
	v.set(lines, o.Test)
	s.receiptD = v
	rc := &receiptChoice{env: s.env, sale: s.sale, printer: printer, lines: lines, order: o}
	s.receiptC = rc
	rc.say, rc.saved = s.say, func(path string) { s.lastPDF = path }
	rc.status = widget.NewLabel("")
	rc.status.Wrapping = fyne.TextWrapWord
	rc.status.Hide()
	if printerErr != nil {
		rc.status.Importance = widget.DangerImportance
		rc.status.SetText(tr("The receipt printer setting could not be read: %v", errText(printerErr)))
		rc.status.Show()
	}
	rc.print = widget.NewButtonWithIcon(tr("Print (P)"), theme.DocumentPrintIcon(), func() { rc.choose(receiptPrint) })
	rc.pdf = widget.NewButtonWithIcon(tr("Save as PDF (S)"), theme.DocumentSaveIcon(), func() { rc.choose(receiptPDF) })
	rc.none = widget.NewButtonWithIcon(tr("No receipt (N)"), theme.CancelIcon(), func() { rc.choose(receiptNone) })
	rc.def = receiptPDF
	if printer.Path == "" {
		rc.print.Disable()
	} else {
		rc.def = receiptPrint
	}
	for b, c := range map[*widget.Button]string{rc.print: receiptPrint, rc.pdf: receiptPDF} {
		if c == rc.def {
			b.Importance = widget.HighImportance
			b.SetText(b.Text + "  ⏎")
		}
	}
	hint := widget.NewLabel(tr("Enter: the highlighted choice · Esc or N: no receipt. Each starts the next customer."))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	changeText := canvas.NewText("", theme.Color(theme.ColorNameSuccess))
	changeText.TextSize = theme.TextSize() * 2
	changeText.TextStyle = fyne.TextStyle{Bold: true}
	changeText.Alignment = fyne.TextAlignCenter
	if !o.Change.IsZero() {
		changeText.Text = tr("Change: %v", rc.money.money(o.Change))
	} else {
		changeText.Text = tr("Paid — thank you!")
	}
	title := tr("Receipt %v", o.NumberLabel())
	buttons := container.NewGridWithColumns(3, tall(rc.print, touchSize), tall(rc.pdf, touchSize), tall(rc.none, touchSize))
	body := container.NewBorder(changeText, container.NewVBox(rc.status, buttons, hint), nil, nil, sized(v.root, 460, 380))
	rc.d = dialog.NewCustomWithoutButtons(title, body, rc.win)
	rc.shown = true
	s.showDialog(rc.d, func() {
		s.receiptNext = nil
		s.receiptD = nil
		s.receiptC = nil
		rc.shown = false
	})
	rc.win.Canvas().Unfocus()
	s.receiptNext = func() { rc.choose(receiptNone) }
	s.run(func(ctx context.Context) error { return rc.till.NewCart(ctx, pos.CartOptions{}) }, func(err error) {
		if err != nil {
			s.fail(err)
		}
		rc.selected = 0
	})
}

// receiptKey handles the receipt choice's keys: Enter the default, P
// print, S save as PDF, N or Esc no receipt.
func (rc *receiptChoice) key(e *fyne.KeyEvent) bool {
	if rc == nil {
		return false
	}
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		rc.choose(rc.def)
	case fyne.KeyP:
		rc.choose(receiptPrint)
	case fyne.KeyS:
		rc.choose(receiptPDF)
	case fyne.KeyN, fyne.KeyEscape:
		rc.choose(receiptNone)
	default:
		return false
	}
	return true
}

// receiptChoose does what the cashier chose and, done, closes the dialog
// for the next customer.
func (rc *receiptChoice) choose(choice string) {
	if rc == nil || rc.busy || !rc.shown {
		return
	}
	switch choice {
	case receiptNone:
		rc.d.Hide()
		return
	case receiptPrint:
		if rc.printer.Path == "" {
			return
		}
	}
	rc.busy = true
	rc.status.Importance = widget.MediumImportance
	rc.status.SetText(tr("Working…"))
	rc.status.Show()
	var (
		path string
		err  error
	)
	rc.background(func(ctx context.Context) {
		if choice == receiptPrint {
			err = rc.printer.Print(rc.lines, rc.order.Test)
			return
		}
		path = rc.pdfPath(receiptsDir, receiptName(rc.order))
		err = receipt.SavePDF(path, rc.lines, rc.order.Test, receipt.PDFOptions{})
	}, func() {
		rc.busy = false
		if err != nil {
			rc.status.Importance = widget.DangerImportance
			if choice == receiptPrint {
				rc.status.SetText(tr("The receipt was not printed: %v. Save it as a PDF, or try again.", err.Error()))
			} else {
				rc.status.SetText(tr("The receipt PDF was not saved: %v", err.Error()))
			}
			return
		}
		if choice == receiptPDF {
			rc.saved(path)
			rc.say(tr("Receipt saved as %v", path))
		} else {
			rc.say(tr("Receipt %v printed.", rc.order.NumberLabel()))
		}
		if rc.shown {
			rc.d.Hide()
		}
	})
}
