package ui

import (
	"context"
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// reportsDialog shows a day's or a period's sales, returns, discounts,
// cross-sells and top products, with a bar chart, and exports them to CSV
// and PDF (DataDir/reports). Test orders never count.
type reportsDialog struct {
	viewEnv
	ops     *tillOps // the sell screen's record of it and of the last file saved
	d       *dialog.CustomDialog
	from    *keyEntry
	to      *keyEntry
	show    *widget.Button
	csvBtn  *widget.Button
	pdfBtn  *widget.Button
	msg     *widget.Label
	figures *receiptView
	chart   *fyne.Container
	chartT  *widget.Label
	rep     *pos.Report
}

func (s *Sell) openReports() { openReports(s.viewEnv(), s.ops) }

// openReports shows the reports dialog on today, recorded in ops while it
// is open.
func openReports(env viewEnv, ops *tillOps) *reportsDialog {
	src := env.till
	r := &reportsDialog{viewEnv: env, ops: ops}
	ops.reportsD = r
	today := r.money.day(time.Now())
	esc := escCloses(func() { r.d.Hide() })
	r.from = newKeyEntry(nil, r.money.dayExample())
	r.from.SetText(today)
	r.from.onKey = esc
	r.from.OnSubmitted = func(string) { r.load(src) }
	r.to = newKeyEntry(nil, r.money.dayExample())
	r.to.SetText(today)
	r.to.onKey = esc
	r.to.OnSubmitted = func(string) { r.load(src) }
	r.show = widget.NewButtonWithIcon(tr("Show")+"  "+tr("(Enter)"), theme.SearchIcon(), func() { r.load(src) })
	r.csvBtn = widget.NewButtonWithIcon(tr("Export CSV"), theme.DocumentSaveIcon(), func() { r.export("csv") })
	r.pdfBtn = widget.NewButtonWithIcon(tr("Export PDF"), theme.DocumentPrintIcon(), func() { r.export("pdf") })
	r.csvBtn.Disable()
	r.pdfBtn.Disable()
	r.msg = widget.NewLabel("")
	r.msg.Wrapping = fyne.TextWrapWord
	r.msg.Hide()
	r.figures = newReceiptView()
	r.chartT = widget.NewLabelWithStyle(tr("Top products"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.chart = container.NewVBox()
	top := container.NewHBox(widget.NewLabel(tr("From")), sized(r.from, 130, 0), widget.NewLabel(tr("To")), sized(r.to, 130, 0),
		r.show, r.csvBtn, r.pdfBtn)
	right := container.NewBorder(r.chartT, nil, nil, nil, container.NewVScroll(r.chart))
	split := container.NewHSplit(r.figures.root, right)
	split.Offset = 0.45
	body := container.NewBorder(container.NewVBox(top, r.msg), nil, nil, nil, split)
	r.d = dialog.NewCustom(tr("Reports"), tr("Close (Esc)"), sized(body, 940, 600), r.win)
	r.showDialog(r.d, func() {
		if ops.reportsD == r {
			ops.reportsD = nil
		}
	})
	r.win.Canvas().Focus(r.from)
	r.load(src)
	return r
}

func (r *reportsDialog) fail(err error) {
	r.msg.Importance = widget.DangerImportance
	r.msg.SetText(errText(err))
	r.msg.Show()
}

// load reads the period off the UI goroutine and shows it.
func (r *reportsDialog) load(src *pos.Till) {
	from, err := r.money.parseDay(r.from.Text)
	if err != nil {
		r.fail(pos2err(tr("Type the days such as %v.", r.money.day(time.Now()))))
		return
	}
	last, err := r.money.parseDay(r.to.Text)
	if err != nil || last.Before(from) {
		r.fail(pos2err(tr("Type the days such as %v.", r.money.day(time.Now()))))
		return
	}
	to := last.AddDate(0, 0, 1)
	cur := r.till.Location().Currency
	var rep *pos.Report
	r.background(func(ctx context.Context) {
		var orders []*pos.Order
		var returns []pos.Return
		orders, returns, err = src.ReportData(ctx, from, to)
		if err == nil {
			rep = pos.MakeReport(orders, returns, cur, from, to)
		}
	}, func() {
		if err != nil {
			r.fail(err)
			return
		}
		r.msg.Hide()
		r.rep = rep
		r.figures.set(receipt.ReportLines(rep, localText()), false)
		r.drawChart()
		r.csvBtn.Enable()
		r.pdfBtn.Enable()
	})
}

// drawChart draws the top products' net revenue as horizontal bars.
func (r *reportsDialog) drawChart() {
	r.chart.RemoveAll()
	top := r.rep.Products
	if len(top) > 10 {
		top = top[:10]
	}
	if len(top) == 0 {
		r.chart.Add(widget.NewLabel(tr("No sale in this period.")))
		r.chart.Refresh()
		return
	}
	var most int64 = 1
	for _, p := range top {
		most = max(most, p.Revenue.Minor())
	}
	for _, p := range top {
		r.chart.Add(r.bar(p.Title, strconv.Itoa(p.Units)+" · "+r.money.money(p.Revenue), p.Revenue.Minor(), most))
	}
	if days := r.rep.Days; len(days) > 1 {
		r.chart.Add(widget.NewSeparator())
		r.chart.Add(widget.NewLabelWithStyle(tr("Net sales by day"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		most = 1
		for _, d := range days {
			most = max(most, d.Net.Minor())
		}
		for _, d := range days {
			r.chart.Add(r.bar(r.money.weekday(d.Day), r.money.money(d.Net), d.Net.Minor(), most))
		}
	}
	r.drawHours()
	r.drawPayments()
	r.drawStaff()
	r.chart.Refresh()
}

// drawHours adds the net sales by hour of the day (every day of the
// period together), with each hour's counts.
func (r *reportsDialog) drawHours() {
	if len(r.rep.Hours) == 0 {
		return
	}
	r.chart.Add(widget.NewSeparator())
	r.chart.Add(widget.NewLabelWithStyle(tr("Net sales by hour"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	var most int64 = 1
	for _, h := range r.rep.Hours {
		most = max(most, h.Net.Minor())
	}
	for _, h := range r.rep.Hours {
		figure := tr("Sales (%v)", h.Orders)
		if h.Returns > 0 {
			figure += " · " + tr("Returns (%v)", h.Returns)
		}
		r.chart.Add(r.barOf(receipt.HourLabel(h.Hour), figure+" · "+r.money.money(h.Net), h.Net.Minor(), most, breakdownBar))
	}
}

// breakdownBar is the longest bar of a breakdown row, whose figure holds counts.
const breakdownBar = 120

// drawPayments adds the payment types used: each one's net (what its sales
// took less what returns gave back to it) as a bar, with its counts.
func (r *reportsDialog) drawPayments() {
	r.chart.Add(widget.NewSeparator())
	r.chart.Add(widget.NewLabelWithStyle(tr("By payment type"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	var most int64 = 1
	for _, p := range r.rep.Payments {
		most = max(most, p.Net().Minor())
	}
	x := localText()
	for _, p := range r.rep.Payments {
		if p.Orders == 0 && p.Returns == 0 {
			continue
		}
		figure := tr("Sales (%v)", p.Orders) + " · " + tr("Returns (%v)", p.Returns) + " · " + r.money.money(p.Net())
		r.chart.Add(r.barOf(x.TenderName(p.Method), figure, p.Net().Minor(), most, breakdownBar))
	}
}

// bar is one row of the chart: a name, a bar as long as value is of most,
// and the figure.
func (r *reportsDialog) bar(name, figure string, value, most int64) fyne.CanvasObject {
	return r.barOf(name, figure, value, most, 300)
}

// barOf is bar with the longest bar barMax wide (shorter for the rows whose
// figure is long).
func (r *reportsDialog) barOf(name, figure string, value, most int64, barMax float32) fyne.CanvasObject {
	label := widget.NewLabel(name)
	label.Truncation = fyne.TextTruncateEllipsis
	w := float32(barMax) * float32(max(value, 0)) / float32(most)
	bar := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	bar.SetMinSize(fyne.NewSize(max(w, 2), 18))
	bar.CornerRadius = 3
	track := canvas.NewRectangle(color.Transparent)
	track.SetMinSize(fyne.NewSize(barMax, 18))
	row := container.NewStack(track, container.NewHBox(container.NewCenter(bar)))
	return container.NewBorder(nil, nil, sized(label, 170, 0), widget.NewLabel(figure), row)
}

// export writes the report to DataDir/reports as CSV or PDF.
func (r *reportsDialog) export(kind string) {
	rep := r.rep
	if rep == nil {
		return
	}
	name := "report-" + rep.From.Format(time.DateOnly) + "-" + rep.To.AddDate(0, 0, -1).Format(time.DateOnly) + "." + kind
	path := filepath.Join(r.opts.DataDir, "reports", name)
	x := localText()
	var err error
	r.background(func(context.Context) {
		err = writeFile(path, func(f *os.File) error {
			if kind == "csv" {
				return receipt.WriteReportCSV(f, rep)
			}
			return receipt.WriteReportPDF(f, rep, x, receipt.PDFOptions{})
		})
	}, func() {
		if err != nil {
			r.fail(err)
			return
		}
		r.ops.lastFile = path
		r.msg.Importance = widget.SuccessImportance
		r.msg.SetText(tr("Saved as %v", path))
		r.msg.Show()
	})
}

// drawStaff adds each member of staff: the net of the sales they took less
// the returns they gave, as a bar, with the counts.
func (r *reportsDialog) drawStaff() {
	r.chart.Add(widget.NewSeparator())
	r.chart.Add(widget.NewLabelWithStyle(tr("By staff member"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	var most int64 = 1
	for _, m := range r.rep.Staff {
		most = max(most, m.Net().Minor())
	}
	x := localText()
	for _, m := range r.rep.Staff {
		figure := tr("Sales (%v)", m.Orders) + " · " + tr("Returns (%v)", m.Returns) + " · " + r.money.money(m.Net())
		r.chart.Add(r.barOf(x.MemberName(m), figure, m.Net().Minor(), most, breakdownBar))
	}
}
