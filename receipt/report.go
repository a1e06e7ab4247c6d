package receipt

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"caisse/pos"

	"github.com/go-pdf/fpdf"
)

const day = "2006-01-02"

// ReportPeriod is "2026-11-22" or "2026-11-01 – 2026-11-30" (To is exclusive).
func ReportPeriod(r *pos.Report) string {
	last := r.To.AddDate(0, 0, -1)
	if !last.After(r.From) {
		return r.From.Format(day)
	}
	return r.From.Format(day) + " - " + last.Format(day)
}

// ReportLines lays out a report as receipt lines (screen, roll printers).
func ReportLines(r *pos.Report, x Text) []Line {
	var b builder
	b.add(x.t("Report %v", ReportPeriod(r)), "", Bold)
	b.add("", "", Rule)
	b.add(x.t("Sales (%v)", r.Orders), x.money(r.Sales), Normal)
	b.add(x.t("Returns (%v)", r.Returns), x.minus(r.Refunds), Normal)
	b.add(x.t("Net sales"), x.money(r.Net), Big)
	b.add(x.t("after discounts and returns, before tax and shipping"), "", Muted)
	b.add(x.t("Tax"), x.money(r.Tax), Normal)
	b.add(x.t("Shipping"), x.money(r.Shipping), Normal)
	b.add(x.t("Total taken less refunds"), x.money(r.Total), Bold)
	b.add(x.t("Discounts given"), x.money(r.Discounted), Normal)
	for _, d := range r.Discounts {
		b.add(d.Title, x.money(d.Net()), Indent)
	}
	b.add(x.t("Cross-sells accepted / offered"), strconv.Itoa(r.CrossSellAccepted)+" / "+strconv.Itoa(r.CrossSellOffered), Normal)
	b.add("", "", Rule)
	b.add(x.t("By payment type"), "", Bold)
	for _, p := range r.Payments {
		if p.Orders == 0 && p.Returns == 0 {
			continue
		}
		b.add(x.TenderName(p.Method), x.money(p.Net()), Normal)
		b.add(x.t("Sales (%v)", p.Orders), x.money(p.Taken), Muted)
		if p.Returns > 0 {
			b.add(x.t("Returns (%v)", p.Returns), x.minus(p.Refunded), Muted)
		}
	}
	b.add("", "", Rule)
	b.add(x.t("Net sales by hour"), "", Bold)
	for _, h := range r.Hours {
		b.add(HourLabel(h.Hour), x.money(h.Net), Normal)
		b.add(hourCounts(h, x), "", Muted)
	}
	b.add("", "", Rule)
	b.add(x.t("By staff member"), "", Bold)
	for _, m := range r.Staff {
		b.add(x.MemberName(m), x.money(m.Net()), Normal)
		b.add(x.t("Sales (%v)", m.Orders), x.money(m.Sales), Muted)
		if m.Returns > 0 {
			b.add(x.t("Returns (%v)", m.Returns), x.minus(m.Refunds), Muted)
		}
	}
	b.add("", "", Rule)
	b.add(x.t("Top products"), "", Bold)
	for i, p := range r.Products {
		if i == 10 {
			break
		}
		b.add(strconv.Itoa(p.Units)+" x "+p.Title, x.money(p.Revenue), Normal)
	}
	return b.out
}

// HourLabel names an hour of the day: "10:00–10:59".
func HourLabel(h int) string {
	two := func(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }
	return two(h) + ":00-" + two(h) + ":59"
}

// hourCounts is an hour's "Sales (2) · Returns (1)".
func hourCounts(h pos.HourSum, x Text) string {
	s := x.t("Sales (%v)", h.Orders)
	if h.Returns > 0 {
		s += " · " + x.t("Returns (%v)", h.Returns)
	}
	return s
}

// WriteReportCSV writes a report as CSV rows: section, name, count, amount
// (amounts as plain decimals in the report's currency).
func WriteReportCSV(w io.Writer, r *pos.Report) error {
	cw := csv.NewWriter(w)
	n := strconv.Itoa
	rows := [][]string{
		{"section", "name", "count", "amount", "currency"},
		{"period", "from", "", r.From.Format(day), ""},
		{"period", "to (exclusive)", "", r.To.Format(day), ""},
		{"summary", "gross", n(r.Units), r.Gross.String(), string(r.Currency)},
		{"summary", "sales", n(r.Orders), r.Sales.String(), string(r.Currency)},
		{"summary", "returns", n(r.Returns), r.Refunds.String(), string(r.Currency)},
		{"summary", "net sales", "", r.Net.String(), string(r.Currency)},
		{"summary", "tax", "", r.Tax.String(), string(r.Currency)},
		{"summary", "shipping", "", r.Shipping.String(), string(r.Currency)},
		{"summary", "total", "", r.Total.String(), string(r.Currency)},
		{"summary", "discounts", "", r.Discounted.String(), string(r.Currency)},
		{"cross-sell", "offered", n(r.CrossSellOffered), "", ""},
		{"cross-sell", "accepted", n(r.CrossSellAccepted), r.CrossSellRevenue.String(), string(r.Currency)},
	}
	for _, p := range r.Payments {
		rows = append(rows, []string{"payment", string(p.Method), n(p.Orders), p.Taken.String(), string(r.Currency)},
			[]string{"payment refunds", string(p.Method), n(p.Returns), p.Refunded.String(), string(r.Currency)})
	}
	for _, m := range r.Staff {
		who := m.Name + " [" + m.StaffID + "]"
		rows = append(rows, []string{"staff", who, n(m.Orders), m.Sales.String(), string(r.Currency)},
			[]string{"staff refunds", who, n(m.Returns), m.Refunds.String(), string(r.Currency)})
	}
	for _, d := range r.Discounts {
		rows = append(rows, []string{"discount", d.Title + " [" + d.DiscountID + "]", n(d.Orders), d.Net().String(), string(r.Currency)})
	}
	for _, p := range r.Products {
		rows = append(rows, []string{"product", p.Title + " [" + p.ProductID + "]", n(p.Units), p.Revenue.String(), string(r.Currency)})
	}
	for _, d := range r.Days {
		rows = append(rows, []string{"day", d.Day.Format(day), "", d.Net.String(), string(r.Currency)})
	}
	for _, h := range r.Hours {
		rows = append(rows, []string{"hour", HourLabel(h.Hour), n(h.Orders), h.Net.String(), string(r.Currency)})
	}
	for _, row := range rows {
		pos.CSVRecord(row) // a title such as "=cmd|..." must not reach a spreadsheet as a formula
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// WriteReportPDF writes a report on A4: the figures, a bar chart of the top
// products' revenue, and what each discount cost.
func WriteReportPDF(w io.Writer, r *pos.Report, x Text, opt PDFOptions) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(!opt.Uncompressed)
	pdf.SetMargins(15, 15, 15)
	pdf.AddPage()
	enc := pdf.UnicodeTranslatorFromDescriptor("")
	text := func(s string) string { return enc(strings.NewReplacer("−", "-", "\u202f", " ").Replace(s)) }
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 10, text(x.t("Report %v", ReportPeriod(r))), "", 1, "L", false, 0, "")
	pdf.Ln(2)
	row := func(label, value string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		pdf.SetFont("Helvetica", style, 11)
		pdf.CellFormat(90, 7, text(label), "", 0, "L", false, 0, "")
		pdf.CellFormat(40, 7, text(value), "", 1, "R", false, 0, "")
	}
	row(x.t("Sales (%v)", r.Orders), x.money(r.Sales), false)
	row(x.t("Returns (%v)", r.Returns), x.minus(r.Refunds), false)
	row(x.t("Net sales"), x.money(r.Net), true)
	pdf.SetFont("Helvetica", "I", 9)
	pdf.CellFormat(0, 5, text(x.t("after discounts and returns, before tax and shipping")), "", 1, "L", false, 0, "")
	row(x.t("Tax"), x.money(r.Tax), false)
	row(x.t("Shipping"), x.money(r.Shipping), false)
	row(x.t("Total taken less refunds"), x.money(r.Total), true)
	row(x.t("Discounts given"), x.money(r.Discounted), false)
	row(x.t("Cross-sells accepted / offered"), strconv.Itoa(r.CrossSellAccepted)+" / "+strconv.Itoa(r.CrossSellOffered), false)
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 13)
	pdf.CellFormat(0, 8, text(x.t("By payment type")), "", 1, "L", false, 0, "")
	breakdown := func(name string, sales int, taken pos.Money, returns int, refunded, net pos.Money) {
		pdf.SetFont("Helvetica", "", 10)
		pdf.CellFormat(60, 7, text(name), "", 0, "L", false, 0, "")
		pdf.CellFormat(40, 7, text(x.t("Sales (%v)", sales)+" "+x.money(taken)), "", 0, "R", false, 0, "")
		pdf.CellFormat(45, 7, text(x.t("Returns (%v)", returns)+" "+x.minus(refunded)), "", 0, "R", false, 0, "")
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(35, 7, text(x.money(net)), "", 1, "R", false, 0, "")
	}
	for _, p := range r.Payments {
		breakdown(x.TenderName(p.Method), p.Orders, p.Taken, p.Returns, p.Refunded, p.Net())
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 13)
	pdf.CellFormat(0, 8, text(x.t("Net sales by hour")), "", 1, "L", false, 0, "")
	for _, h := range r.Hours {
		pdf.SetFont("Helvetica", "", 10)
		pdf.CellFormat(60, 7, HourLabel(h.Hour), "", 0, "L", false, 0, "")
		pdf.CellFormat(85, 7, text(hourCounts(h, x)), "", 0, "R", false, 0, "")
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(35, 7, text(x.money(h.Net)), "", 1, "R", false, 0, "")
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 13)
	pdf.CellFormat(0, 8, text(x.t("By staff member")), "", 1, "L", false, 0, "")
	for _, m := range r.Staff {
		breakdown(x.MemberName(m), m.Orders, m.Sales, m.Returns, m.Refunds, m.Net())
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 13)
	pdf.CellFormat(0, 8, text(x.t("Top products")), "", 1, "L", false, 0, "")
	top := r.Products
	if len(top) > 10 {
		top = top[:10]
	}
	var most int64 = 1
	for _, p := range top {
		most = max(most, p.Revenue.Minor())
	}
	pdf.SetFont("Helvetica", "", 10)
	for _, p := range top {
		y := pdf.GetY()
		pdf.CellFormat(60, 7, text(p.Title), "", 0, "L", false, 0, "")
		bar := 80 * float64(max(p.Revenue.Minor(), 0)) / float64(most)
		pdf.SetFillColor(52, 120, 200)
		pdf.Rect(77, y+1, bar, 5, "F")
		pdf.SetX(160)
		pdf.CellFormat(35, 7, text(strconv.Itoa(p.Units)+" · "+x.money(p.Revenue)), "", 1, "R", false, 0, "")
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 13)
	pdf.CellFormat(0, 8, text(x.t("Discounts")), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	for _, d := range r.Discounts {
		pdf.CellFormat(90, 7, text(d.Title), "", 0, "L", false, 0, "")
		pdf.CellFormat(20, 7, strconv.Itoa(d.Orders), "", 0, "R", false, 0, "")
		pdf.CellFormat(40, 7, text(x.money(d.Net())), "", 1, "R", false, 0, "")
	}
	return pdf.Output(w)
}

// MemberName names a report's member of staff; sales and returns recorded
// before staff signed in are "Before sign-in".
func (x Text) MemberName(m pos.StaffSum) string {
	if name := staffName(m.Name, m.StaffID); name != "" {
		return name
	}
	return x.t("Before sign-in")
}
