package ui

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/go-pdf/fpdf"
)

// Receipt line styles.
const (
	rNormal = iota
	rBold
	rIndent // a discount or detail under a line
	rBig    // the total
	rMuted
	rRule // a separator
	rCenter
)

// receiptLine is one row of a receipt, left text and right amount. The same
// rows feed the screen and the PDF.
type receiptLine struct {
	Left, Right string
	Style       int
}

// buildReceipt lays out an order: each line at its original price, its
// discounts by name, the order discounts, shipping, tax, the total and what
// was paid.
func buildReceipt(o *pos.Order, loc pos.Location, f moneyFormat) []receiptLine {
	q := &o.Quote
	var out []receiptLine
	add := func(l, r string, st int) { out = append(out, receiptLine{l, r, st}) }
	header := loc.ReceiptHeader
	if header == "" {
		header = loc.Name
	}
	for _, h := range strings.Split(header, "\n") {
		add(h, "", rCenter)
	}
	if o.Test {
		add(tr("TEST RECEIPT — not a sale"), "", rCenter)
	}
	add(tr("Order {{.N}}", "N", o.NumberLabel()), o.CreatedAt.Local().Format("2006-01-02 15:04"), rBold)
	add("", "", rRule)
	for _, l := range q.Lines {
		title := l.Title
		if l.CrossSell {
			title += " *"
		}
		add(strconv.Itoa(l.Quantity)+" × "+title, f.money(l.Subtotal), rNormal)
		if l.Quantity != 1 {
			add(tr("at {{.Price}} each", "Price", f.money(l.UnitPrice)), "", rMuted)
		}
		for _, d := range l.Discounts {
			name := discountName(d.Title, d.Source)
			if d.Reason != "" && !strings.Contains(name, d.Reason) {
				name += " (" + d.Reason + ")"
			}
			add(name, f.minus(d.Amount), rIndent)
		}
		if len(l.Discounts) > 0 {
			add(tr("Line total"), f.money(l.Amount), rMuted)
		}
	}
	add("", "", rRule)
	add(tr("Subtotal"), f.money(q.Subtotal), rNormal)
	for _, d := range q.OrderDiscounts {
		name := discountName(d.Title, d.Source)
		if d.Reason != "" && !strings.Contains(name, d.Reason) {
			name += " (" + d.Reason + ")"
		}
		add(name, f.minus(d.Amount), rIndent)
	}
	if !q.Shipping.IsZero() || !q.ShippingDiscount.IsZero() {
		add(tr("Shipping"), f.money(q.Shipping), rNormal)
		if !q.ShippingDiscount.IsZero() {
			add(tr("Shipping discount"), f.minus(q.ShippingDiscount), rIndent)
		}
	}
	if q.ExclusiveTax.IsZero() {
		add(tr("Tax (included)"), f.money(q.Tax), rMuted)
	} else {
		add(tr("Tax"), f.money(q.Tax), rNormal)
	}
	add(tr("TOTAL"), f.money(q.Total), rBig)
	add("", "", rRule)
	for _, t := range o.Tenders {
		add(tenderName(t.Method), f.money(t.Amount), rNormal)
	}
	add(tr("Paid"), f.money(o.Paid), rBold)
	if !o.Change.IsZero() {
		add(tr("Change"), f.money(o.Change), rBold)
	}
	if saved := q.DiscountTotal(); !saved.IsZero() {
		add(tr("You saved {{.Amount}}", "Amount", f.money(saved)), "", rCenter)
	}
	for _, l := range q.Lines {
		if l.CrossSell {
			add(tr("* suggested with your purchase"), "", rMuted)
			break
		}
	}
	if loc.ReceiptFooter != "" {
		for _, h := range strings.Split(loc.ReceiptFooter, "\n") {
			add(h, "", rCenter)
		}
	}
	return out
}

func tenderName(m pos.TenderMethod) string {
	switch m {
	case pos.Cash:
		return tr("Cash")
	case pos.Card:
		return tr("Card")
	}
	return tr("Other payment")
}

// receiptView shows a receipt on screen, with a TEST watermark on test
// orders.
type receiptView struct {
	lines      []receiptLine
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
			case rBold:
				l.TextStyle.Bold, r.TextStyle.Bold = true, true
			case rBig:
				l.TextStyle.Bold, r.TextStyle.Bold = true, true
				l.SizeName, r.SizeName = theme.SizeNameSubHeadingText, theme.SizeNameSubHeadingText
			case rIndent:
				text = "    " + text
				l.Importance, r.Importance = widget.SuccessImportance, widget.SuccessImportance
			case rMuted:
				text = "    " + text
				l.TextStyle.Italic, r.TextStyle.Italic = true, true
			case rCenter:
				l.Alignment = fyne.TextAlignCenter
				l.TextStyle.Italic = true
			}
			if rl.Style == rRule {
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

func (v *receiptView) set(lines []receiptLine, test bool) {
	v.lines = lines
	for i, l := range lines {
		if l.Style == rRule {
			v.list.SetItemHeight(i, theme.Padding()*3)
		} else if l.Style == rBig {
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

// receiptPath is where an order's PDF goes: DataDir/receipts/<number>.pdf.
func (s *Sell) receiptPath(o *pos.Order) string {
	name := "order-" + strconv.FormatInt(o.Number, 10)
	if o.Test {
		name = "test-" + strconv.FormatInt(o.Number, 10)
	}
	if o.Number == 0 {
		name = "order-" + o.ID
	}
	return filepath.Join(s.opts.DataDir, "receipts", name+".pdf")
}

// writeReceiptPDF saves a receipt as a PDF on an 80 mm roll, with a TEST
// watermark on test orders.
func writeReceiptPDF(path string, lines []receiptLine, test bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	const width, margin, lh = 80.0, 5.0, 5.0
	height := 2*margin + lh*float64(len(lines)+2)
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: width, Ht: max(height, 100)}})
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, margin)
	pdf.AddPage()
	enc := pdf.UnicodeTranslatorFromDescriptor("") // cp1252
	text := func(s string) string {
		s = strings.NewReplacer("−", "-", "\u00a0", " ", "\u202f", " ", "…", "...", "“", "\"", "”", "\"").Replace(s)
		return enc(s)
	}
	inner := width - 2*margin
	for _, l := range lines {
		size, style := 9.0, ""
		left := l.Left
		switch l.Style {
		case rBold:
			style = "B"
		case rBig:
			style, size = "B", 12
		case rIndent, rMuted:
			left = "   " + left
			if l.Style == rMuted {
				pdf.SetTextColor(110, 110, 110)
			}
		case rCenter:
			style = "I"
		}
		pdf.SetFont("Helvetica", style, size)
		switch l.Style {
		case rRule:
			y := pdf.GetY() + lh/2
			pdf.SetDrawColor(150, 150, 150)
			pdf.Line(margin, y, width-margin, y)
			pdf.Ln(lh)
		case rCenter:
			pdf.CellFormat(inner, lh, text(left), "", 1, "C", false, 0, "")
		default:
			rw := pdf.GetStringWidth(text(l.Right)) + 1
			lt := text(left)
			for pdf.GetStringWidth(lt) > inner-rw-1 && len(lt) > 4 {
				lt = lt[:len(lt)-4] + "..."
			}
			pdf.CellFormat(inner-rw, lh, lt, "", 0, "L", false, 0, "")
			pdf.CellFormat(rw, lh, text(l.Right), "", 1, "R", false, 0, "")
		}
		pdf.SetTextColor(0, 0, 0)
	}
	if test {
		pdf.SetAlpha(0.18, "Normal")
		pdf.SetTextColor(200, 0, 0)
		pdf.SetFont("Helvetica", "B", 64)
		h := max(height, 100)
		pdf.TransformBegin()
		pdf.TransformRotate(60, width/2, h/2)
		w := pdf.GetStringWidth("TEST")
		pdf.Text(width/2-w/2, h/2+8, "TEST")
		pdf.TransformEnd()
		pdf.SetAlpha(1, "Normal")
	}
	return pdf.OutputFileAndClose(path)
}

// completed shows the receipt of a paid sale, saves its PDF and starts a
// fresh cart behind it.
func (s *Sell) completed(o *pos.Order) {
	loc := s.till.Location()
	lines := buildReceipt(o, loc, s.money)
	path := s.receiptPath(o)
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
	var pdfErr error
	s.background(func(ctx context.Context) {
		if pdfErr = writeReceiptPDF(path, lines, o.Test); pdfErr == nil {
			pdfErr = s.printSale(ctx, o) // ESC/POS, when a printer is set (tillops.go)
		}
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

var _ = fmt.Sprint
