package receipt

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func init() { time.Local = time.UTC } // receipts print local time; the golden files are in UTC

func usd(minor int64) pos.Money { return pos.NewMoney(minor, "USD") }

var shop = pos.Location{ID: "shop", Name: "Café Caisse", Currency: "USD", ReceiptHeader: "Café Caisse\n12 rue de la Paix", ReceiptFooter: "Merci !"}

// order is a sale priced by hand: 3 lattes at 4.50 with 10% off each
// (1.35), a mug at 12.00, a 10% order discount (2.565 → 2.57 split 1.22 /
// 1.20... as stored), 8% tax on top.
func order() *pos.Order {
	q := pos.Quote{Currency: "USD",
		Lines: []pos.QuoteLine{
			{Pos: 1, ProductID: "latte", Title: "Latte", Quantity: 3, UnitPrice: usd(450), Subtotal: usd(1350),
				Discounts: []pos.LineDiscount{{DiscountID: "p10", Title: "Latte week", Source: pos.Automatic, Amount: usd(135), Units: 3}},
				Amount:    usd(1215), OrderShare: usd(122), Net: usd(1093), Tax: usd(87), TaxBehavior: pos.TaxExclusive},
			{Pos: 2, ProductID: "mug", Title: "Ceramic mug with a long name for wrapping", Quantity: 1, UnitPrice: usd(1200), Subtotal: usd(1200),
				Amount: usd(1200), OrderShare: usd(120), Net: usd(1080), Tax: usd(86), TaxBehavior: pos.TaxExclusive, CrossSell: true},
		},
		Subtotal:       usd(2415),
		OrderDiscounts: []pos.OrderDiscount{{DiscountID: "o10", Title: "WELCOME10", Source: pos.Code, Amount: usd(242), Shares: []pos.Money{usd(122), usd(120)}}},
		Shipping:       usd(0), ShippingDiscount: usd(0),
		Tax: usd(173), ExclusiveTax: usd(173), Total: usd(2346), Units: 4,
		Applied: []pos.AppliedDiscount{{DiscountID: "p10", Title: "Latte week", Class: pos.ClassProduct, Amount: usd(135)},
			{DiscountID: "o10", Title: "WELCOME10", Class: pos.ClassOrder, Source: pos.Code, Amount: usd(242)}},
	}
	return &pos.Order{ID: "01ORDER", Number: 1042, LocationID: "shop", TillID: "till-1",
		CreatedAt: time.Date(2026, 11, 22, 10, 15, 0, 0, time.UTC), Currency: "USD", Quote: q,
		Tenders: []pos.Tender{{Method: pos.Card, Amount: usd(1000)}, {Method: pos.Cash, Amount: usd(1500)}},
		Paid:    usd(2500), Change: usd(154), StaffID: "cam", StaffName: "Camille"}
}

func aReturn(t *testing.T) *pos.Return {
	r, err := pos.Refund(order(), nil, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: 1, Quantity: 2}}, Reason: "cold"})
	if err != nil {
		t.Fatal(err)
	}
	r.Number, r.TillID, r.CreatedAt = 7, "till-1", time.Date(2026, 11, 22, 16, 40, 0, 0, time.UTC)
	r.StaffID, r.StaffName = "mia", "Mia"
	return &r
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./receipt -update once, and read the file)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n got %q\nwant %q", name, got, want)
	}
}

func TestReturnRefundsWhatThoseUnitsPaid(t *testing.T) {
	r := aReturn(t)
	// 2 of 3 lattes: 9.00 − 0.90 product discount − 0.82 order share (1.22 by
	// largest remainder: 0.41 each) + 0.58 tax (0.87: 0.29 each) = 7.86.
	if r.Total != usd(786) || r.Tax != usd(58) || r.Discounts != usd(172) {
		t.Fatalf("refund %s tax %s discounts %s", r.Total, r.Tax, r.Discounts)
	}
	if len(r.Tenders) != 1 || r.Tenders[0] != (pos.Tender{Method: pos.Card, Amount: usd(786)}) {
		t.Fatalf("tenders %+v", r.Tenders)
	}
}

func TestESCPOSGolden(t *testing.T) {
	golden(t, "sale-48.escpos", ESCPOS(Sale(order(), shop, Text{}), Columns80, false))
	golden(t, "return-32.escpos", ESCPOS(Return(aReturn(t), shop, Text{}), Columns58, false))
	test := aReturn(t)
	test.Test = true
	out := ESCPOS(Return(test, shop, Text{}), Columns58, true)
	if bytes.Count(out, []byte("*** TEST ***")) != 2 || !bytes.Contains(out, []byte("Return TEST-R-7")) {
		t.Errorf("a test return's receipt: %q", out)
	}
}

func TestESCPOSRowsFitTheColumns(t *testing.T) {
	for _, cols := range []int{Columns58, Columns80} {
		out := ESCPOS(Sale(order(), shop, Text{}), cols, false)
		// Strip the commands (each starts with ESC or GS and is 3–4 bytes).
		var text []byte
		for i := 0; i < len(out); i++ {
			switch out[i] {
			case 0x1b:
				if out[i+1] == '@' {
					i++
				} else {
					i += 2
				}
			case 0x1d:
				if out[i+1] == 'V' {
					i += 3
				} else {
					i += 2
				}
			default:
				text = append(text, out[i])
			}
		}
		for _, row := range strings.Split(string(text), "\n") {
			if len(row) > cols {
				t.Errorf("%d columns: row %q is %d long", cols, row, len(row))
			}
		}
		if !strings.Contains(string(text), "Caf\xe9 Caisse") {
			t.Errorf("é is not in code page 1252: %q", text)
		}
	}
}

func TestPDFHoldsTheText(t *testing.T) {
	for _, c := range []struct {
		name  string
		lines []Line
		want  []string
	}{
		{"return", Return(aReturn(t), shop, Text{}),
			[]string{"Return R-7", "Refund of order #1042", "2 \xd7 Latte", "Latte week", "WELCOME10", "REFUND", "7.86", "To Card", "Caf\xe9 Caisse", "Cashier: Mia"}},
		{"sale", Sale(order(), shop, Text{}),
			[]string{"Order #1042", "3 \xd7 Latte", "Latte week", "Line total", "12.15", "wrapping *", "WELCOME10",
				"TOTAL", "23.46", "Paid", "25.00", "Change", "1.54", "* suggested with your purchase", "Cashier: Camille"}},
	} {
		var b bytes.Buffer
		if err := WritePDF(&b, c.lines, false, PDFOptions{Uncompressed: true}); err != nil {
			t.Fatal(err)
		}
		pdf := b.String()
		if !strings.HasPrefix(pdf, "%PDF-") {
			t.Fatalf("%s: not a PDF", c.name)
		}
		for _, s := range c.want {
			if !strings.Contains(pdf, s) {
				t.Errorf("the %s PDF lacks %q", c.name, s)
			}
		}
	}
}

func TestZReportLines(t *testing.T) {
	o := order()
	r := aReturn(t)
	s := &pos.Shift{ID: "s", TillID: "till-1", Currency: "USD", Float: usd(10000),
		OpenedAt: time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC), ClosedAt: time.Date(2026, 11, 22, 18, 0, 0, 0, time.UTC),
		Counted: usd(10000 + 1346 - 0 - 2000), Moves: []pos.CashMove{{Amount: usd(-2000), Reason: "bank"}},
		OpenedBy: "cam", OpenedName: "Camille", ClosedBy: "mia", ClosedName: "Mia"}
	z := pos.MakeZReport(s, []*pos.Order{o}, []pos.Return{*r})
	var all strings.Builder
	for _, l := range ZReport(z, shop, Text{}) {
		all.WriteString(l.Left + "|" + l.Right + "\n")
	}
	for _, s := range []string{"Z report|till-1", "Sales (1)|23.46", "Returns (1)|−7.86", "Expected in drawer|93.46", "Difference|0.00", "bank|-20.00",
		"Opened by|Camille", "Closed by|Mia"} {
		if !strings.Contains(all.String(), s) {
			t.Errorf("Z report lacks %q:\n%s", s, all.String())
		}
	}
}

func TestReportCSVAndPDF(t *testing.T) {
	from := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	rep := pos.MakeReport([]*pos.Order{order()}, []pos.Return{*aReturn(t)}, "USD", from, from.AddDate(0, 0, 1))
	var csvOut bytes.Buffer
	if err := WriteReportCSV(&csvOut, rep); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"summary,sales,1,23.46,USD", "summary,returns,1,7.86,USD", "summary,net sales,,14.45,USD",
		"summary,tax,,1.15,USD", "summary,shipping,,0.00,USD", "summary,total,,15.60,USD",
		"hour,10:00-10:59,1,21.73,USD", "hour,16:00-16:59,0,-7.28,USD",
		"discount,WELCOME10 [o10],1,1.60,USD", "product,Latte [latte],1,3.65,USD",
		"payment,card,1,10.00,USD", "payment refunds,card,1,7.86,USD", "payment,cash,1,13.46,USD", "payment refunds,cash,0,0.00,USD",
		"payment,other,0,0.00,USD", "staff,Camille [cam],1,23.46,USD", "staff refunds,Camille [cam],0,0.00,USD",
		"staff,Mia [mia],0,0.00,USD", "staff refunds,Mia [mia],1,7.86,USD"} {
		if !strings.Contains(csvOut.String(), s+"\n") {
			t.Errorf("CSV lacks %q:\n%s", s, csvOut.String())
		}
	}
	var pdf bytes.Buffer
	if err := WriteReportPDF(&pdf, rep, Text{}, PDFOptions{Uncompressed: true}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Report 2026-11-22", "Net sales", "14.45", "before tax and shipping", "Shipping", "15.60",
		"Net sales by hour", "10:00-10:59", "21.73", "16:00-16:59", "-7.28", "Top products", "Latte", "WELCOME10",
		"By payment type", "-7.86", "2.14", "By staff member", "Camille", "Mia"} {
		if !strings.Contains(pdf.String(), s) {
			t.Errorf("the report PDF lacks %q", s)
		}
	}
	// On the roll: each payment type used, its net, its sales and refunds.
	var all strings.Builder
	for _, l := range ReportLines(rep, Text{}) {
		all.WriteString(l.Left + "|" + l.Right + "\n")
	}
	want := "By payment type|\nCash|13.46\nSales (1)|13.46\nCard|2.14\nSales (1)|10.00\nReturns (1)|−7.86\n"
	if !strings.Contains(all.String(), want) || strings.Contains(all.String(), "Other payment") {
		t.Errorf("report lines lack the payment types %q:\n%s", want, all.String())
	}
	want = "Net sales|14.45\nafter discounts and returns, before tax and shipping|\nTax|1.15\nShipping|0.00\nTotal taken less refunds|15.60\n"
	if !strings.Contains(all.String(), want) {
		t.Errorf("report lines lack the net sales, tax and shipping apart %q:\n%s", want, all.String())
	}
	want = "Net sales by hour|\n10:00-10:59|21.73\nSales (1)|\n16:00-16:59|-7.28\nSales (0) · Returns (1)|\n"
	if !strings.Contains(all.String(), want) {
		t.Errorf("report lines lack the hours %q:\n%s", want, all.String())
	}
	want = "By staff member|\nCamille|23.46\nSales (1)|23.46\nMia|-7.86\nSales (0)|0.00\nReturns (1)|−7.86\n"
	if !strings.Contains(all.String(), want) {
		t.Errorf("report lines lack the staff %q:\n%s", want, all.String())
	}
}

func TestPrinterWritesTheBytesToItsPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	lines := Return(aReturn(t), shop, Text{})
	if err := (Printer{Path: path, Columns: Columns58}).Print(lines, false); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, ESCPOS(lines, Columns58, false)) {
		t.Fatalf("printed %d bytes: %v", len(got), err)
	}
}

func TestPlainTextFitsTheColumns(t *testing.T) {
	out := PlainText(Return(aReturn(t), shop, Text{}), Columns58)
	for _, row := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if n := len([]rune(row)); n > Columns58 {
			t.Errorf("row %q is %d long", row, n)
		}
	}
	if !strings.Contains(out, "  Latte week               -0.90\n") {
		t.Errorf("plain text:\n%s", out)
	}
}

// Finding 8: the report CSV wrote a product titled as a formula as it was.
func TestReportCSVCellsAreSafe(t *testing.T) {
	r := &pos.Report{Currency: "USD", Net: pos.NewMoney(-500, "USD"),
		Products: []pos.ProductSum{{ProductID: "x", Title: "=cmd|' /C calc'!A0", Units: 1, Revenue: pos.NewMoney(-250, "USD")}}}
	var b bytes.Buffer
	if err := WriteReportCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var product, net []string
	for _, row := range rows {
		switch {
		case row[0] == "product":
			product = row
		case row[0] == "summary" && row[1] == "net sales":
			net = row
		}
	}
	if product == nil || product[1] != "'=cmd|' /C calc'!A0 [x]" || product[3] != "-2.50" || net[3] != "-5.00" {
		t.Fatalf("product row %q, net row %q", product, net)
	}
}

// ESC/POS text is code page 1252 through golang.org/x/text/encoding/charmap:
// every character the page has prints as itself; one it lacks prints as its
// letter without the accent, else '?'.
func TestESCPOSEncoding(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []byte
	}{
		{"Café", []byte{'C', 'a', 'f', 0xe9}},
		{"™ Š Ž Ÿ ‰", []byte{0x99, ' ', 0x8a, ' ', 0x8e, ' ', 0x9f, ' ', 0x89}},
		{"€5 – “ok” …", []byte{0x80, '5', ' ', 0x96, ' ', 0x93, 'o', 'k', 0x94, ' ', 0x85}},
		{"Œuf œ", []byte{0x8c, 'u', 'f', ' ', 0x9c}},
		{"−2,00\u00a0€\u202f", []byte{'-', '2', ',', '0', '0', ' ', 0x80, ' '}},
		{"Őrség č ł ₹ 中", []byte{'O', 'r', 's', 0xe9, 'g', ' ', 'c', ' ', 'l', ' ', '?', ' ', '?'}},
	} {
		if got := encode1252(tc.in); !bytes.Equal(got, tc.want) {
			t.Errorf("encode1252(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	golden(t, "charset-32.escpos", ESCPOS([]Line{
		{Left: "Caisse™ · Škoda · Žofie · Ÿvonne", Style: Center},
		{Left: "Crème brûlée", Right: "€4,50"},
		{Left: "Service 3‰ · Œufs “bio”", Right: "−0,02"},
		{Left: "Łódź, Őrség, ₹"},
	}, Columns58, false))
}
