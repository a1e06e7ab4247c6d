package ui

import (
	"strconv"
	"strings"

	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// List rows are widgets of their own, as cartRow is: a list's template is
// a new row, its update sets the row from one item (set), and the row lays
// itself out again when its texts change (a number or a total wider than
// the template's never pushes the row past the list).

// orderRow is one order of the orders list: its number, when, how many
// lines and who, what was returned of it, and its total.
type orderRow struct {
	widget.BaseWidget
	number, info, returned, total *widget.Label
	box                           *fyne.Container
}

func newOrderRow() *orderRow {
	r := &orderRow{}
	r.number = widget.NewLabel("#0000")
	r.number.TextStyle = fyne.TextStyle{Bold: true}
	r.info = widget.NewLabel("00:00 · 0 lines")
	r.info.Truncation = fyne.TextTruncateEllipsis
	r.returned = widget.NewLabel("")
	r.returned.Truncation = fyne.TextTruncateEllipsis
	r.returned.Importance = widget.WarningImportance
	r.total = widget.NewLabel("0.00")
	r.total.Alignment = fyne.TextAlignTrailing
	// The numbers take the width of "#0000" at least, so the times line up.
	r.box = container.NewBorder(nil, nil, sized(r.number, r.number.MinSize().Width, 0), r.total,
		container.New(&tightRows{}, r.info, r.returned))
	r.ExtendBaseWidget(r)
	return r
}

// set shows row; days, when set, puts the day before the time (a search
// over several days).
func (r *orderRow) set(row pos.OrderRow, days bool, money moneyFormat) {
	ord := row.Order
	r.number.SetText(ord.NumberLabel())
	when := money.clockTime(ord.CreatedAt.Local())
	if days {
		when = money.shortDayTime(ord.CreatedAt.Local())
	}
	info := when + " · " + trn("%d lines", len(ord.Quote.Lines))
	if name := ord.StaffName; name != "" {
		info += " · " + name
	}
	r.info.SetText(info)
	switch row.ReturnState() {
	case "all":
		r.returned.SetText(tr("Returned: %v left", money.money(row.Left())))
		r.returned.Show()
	case "partly":
		r.returned.SetText(trn("Part returned: %[2]d/%[1]d units, %[3]v left", row.Units, row.UnitsLeft(), money.money(row.Left())))
		r.returned.Show()
	default:
		r.returned.SetText("")
		r.returned.Hide()
	}
	r.total.SetText(money.money(ord.Quote.Total))
	r.box.Refresh()
}

func (r *orderRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.box)
}

// parkedRow is one parked cart: its name (▸ when the keys point at it),
// its lines, its total and units, and Resume.
type parkedRow struct {
	widget.BaseWidget
	name, what, total, units *widget.Label
	resume                   *widget.Button
	box                      *fyne.Container
}

func newParkedRow() *parkedRow {
	r := &parkedRow{}
	r.name = widget.NewLabel("name")
	r.name.TextStyle = fyne.TextStyle{Bold: true}
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.what = widget.NewLabel("what")
	r.what.Truncation = fyne.TextTruncateEllipsis
	r.what.TextStyle = fyne.TextStyle{Italic: true}
	r.total = widget.NewLabel("$0.00")
	r.total.TextStyle = fyne.TextStyle{Bold: true}
	r.total.Alignment = fyne.TextAlignTrailing
	r.units = widget.NewLabel("0 units")
	r.units.Alignment = fyne.TextAlignTrailing
	r.resume = widget.NewButtonWithIcon(tr("Resume"), theme.MediaPlayIcon(), nil)
	r.box = container.NewBorder(nil, nil, nil,
		container.NewHBox(container.NewVBox(r.total, r.units), r.resume),
		container.NewVBox(r.name, r.what))
	r.ExtendBaseWidget(r)
	return r
}

// set shows cart c, priced as q (nil: not priced); highlighted marks the
// row the keys point at; resume is what Resume does.
func (r *parkedRow) set(c *pos.Cart, q *pos.Quote, highlighted bool, money moneyFormat, resume func()) {
	if q != nil {
		r.total.SetText(money.money(q.Total))
		r.units.SetText(unitsText(q.Units))
	}
	name := c.Label
	if name == "" {
		name = tr("Cart of %v", c.StartedAt.Local().Format("15:04"))
	}
	if highlighted {
		name = "▸ " + name
	}
	if c.Test {
		name += "  [TEST]"
	}
	r.name.SetText(name)
	var titles []string
	for _, l := range c.Lines {
		titles = append(titles, strconv.Itoa(l.Quantity)+" × "+l.Title)
	}
	r.what.SetText(trn("%d lines, parked %v", len(c.Lines), c.UpdatedAt.Local().Format("15:04")) + ": " + strings.Join(titles, ", "))
	r.resume.OnTapped = resume
	r.box.Refresh()
}

func (r *parkedRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.box)
}

// receiptRow is one line of a receipt on screen: left and right texts in
// the line's style, or a rule.
type receiptRow struct {
	widget.BaseWidget
	left, right *widget.Label
	row         *fyne.Container
	sep         *widget.Separator
	root        fyne.CanvasObject
}

func newReceiptRow() *receiptRow {
	r := &receiptRow{}
	r.left = widget.NewLabel("left")
	r.left.Truncation = fyne.TextTruncateEllipsis
	r.right = widget.NewLabel("right")
	r.right.Alignment = fyne.TextAlignTrailing
	r.sep = widget.NewSeparator()
	r.row = container.NewBorder(nil, nil, nil, r.right, r.left)
	r.root = container.NewStack(r.row, container.NewVBox(r.sep))
	r.ExtendBaseWidget(r)
	return r
}

func (r *receiptRow) set(rl receipt.Line) {
	l, rt := r.left, r.right
	l.TextStyle, rt.TextStyle = fyne.TextStyle{}, fyne.TextStyle{}
	l.Importance, rt.Importance = widget.MediumImportance, widget.MediumImportance
	l.SizeName, rt.SizeName = theme.SizeNameText, theme.SizeNameText
	l.Alignment = fyne.TextAlignLeading
	text := rl.Left
	switch rl.Style {
	case receipt.Bold:
		l.TextStyle.Bold, rt.TextStyle.Bold = true, true
	case receipt.Big:
		l.TextStyle.Bold, rt.TextStyle.Bold = true, true
		l.SizeName, rt.SizeName = theme.SizeNameSubHeadingText, theme.SizeNameSubHeadingText
	case receipt.Indent:
		text = "    " + text
		l.Importance, rt.Importance = widget.SuccessImportance, widget.SuccessImportance
	case receipt.Muted:
		text = "    " + text
		l.TextStyle.Italic, rt.TextStyle.Italic = true, true
	case receipt.Center:
		l.Alignment = fyne.TextAlignCenter
		l.TextStyle.Italic = true
	}
	if rl.Style == receipt.Rule {
		r.row.Hide()
		r.sep.Show()
	} else {
		r.row.Show()
		r.sep.Hide()
	}
	l.SetText(text)
	rt.SetText(rl.Right)
}

func (r *receiptRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.root)
}
