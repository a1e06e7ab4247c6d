package receipt

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-pdf/fpdf"
)

// PDFOptions: Width of the roll in mm (80 when zero); Uncompressed keeps
// the content stream readable (tests look for the text in it).
type PDFOptions struct {
	Width        float64
	Uncompressed bool
}

// pdfFont is a line's font style and size.
func pdfFont(st Style) (string, float64) {
	switch st {
	case Bold:
		return "B", 9
	case Big:
		return "B", 12
	case Center:
		return "I", 9
	}
	return "", 9
}

// WritePDF renders lines as a PDF on a roll, with a TEST watermark on test
// receipts. A left text too long for the roll wraps, its amount on its last
// row; a centred line too long is set smaller.
func WritePDF(w io.Writer, lines []Line, test bool, opt PDFOptions) error {
	width := opt.Width
	if width == 0 {
		width = 80
	}
	const margin, lh = 5.0, 5.0
	inner := width - 2*margin
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: width, Ht: 100}})
	pdf.SetCompression(!opt.Uncompressed)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, margin)
	enc := pdf.UnicodeTranslatorFromDescriptor("") // cp1252
	text := func(s string) string {
		s = strings.NewReplacer("−", "-", "\u00a0", " ", "\u202f", " ", "…", "...", "“", "\"", "”", "\"").Replace(s)
		return enc(s)
	}

	// Lay out first: each line's rows, so the roll is as long as it needs.
	type row struct {
		left, right string
		style       Style
		size        float64
		last        bool // the line's last row: it carries the amount
	}
	var rows []row
	for _, l := range lines {
		style, size := pdfFont(l.Style)
		pdf.SetFont("Helvetica", style, size)
		left := l.Left
		if l.Style == Indent || l.Style == Muted {
			left = "   " + left
		}
		switch l.Style {
		case Rule:
			rows = append(rows, row{style: Rule, last: true})
		case Center:
			for size > 6 && pdf.GetStringWidth(text(left)) > inner {
				size -= 0.5
				pdf.SetFont("Helvetica", style, size)
			}
			rows = append(rows, row{left: text(left), style: Center, size: size, last: true})
		default:
			right := text(l.Right)
			rw := pdf.GetStringWidth(right) + 1
			parts := pdf.SplitLines([]byte(text(left)), inner-rw-1)
			if len(parts) == 0 {
				parts = [][]byte{nil}
			}
			for i, p := range parts {
				if i > 0 && (l.Style == Indent || l.Style == Muted) {
					p = append([]byte("   "), p...)
				}
				r := row{left: string(p), style: l.Style, size: size, last: i == len(parts)-1}
				if r.last {
					r.right = right
				}
				rows = append(rows, r)
			}
		}
	}
	height := max(2*margin+lh*float64(len(rows)+2), 100)
	pdf.AddPageFormat("P", fpdf.SizeType{Wd: width, Ht: height})

	for _, r := range rows {
		style, _ := pdfFont(r.style)
		pdf.SetFont("Helvetica", style, r.size)
		if r.style == Muted {
			pdf.SetTextColor(110, 110, 110)
		}
		switch r.style {
		case Rule:
			y := pdf.GetY() + lh/2
			pdf.SetDrawColor(150, 150, 150)
			pdf.Line(margin, y, width-margin, y)
			pdf.Ln(lh)
		case Center:
			pdf.CellFormat(inner, lh, r.left, "", 1, "C", false, 0, "")
		default:
			rw := pdf.GetStringWidth(r.right) + 1
			pdf.CellFormat(inner-rw, lh, r.left, "", 0, "L", false, 0, "")
			pdf.CellFormat(rw, lh, r.right, "", 1, "R", false, 0, "")
		}
		pdf.SetTextColor(0, 0, 0)
	}
	if test {
		pdf.SetAlpha(0.18, "Normal")
		pdf.SetTextColor(200, 0, 0)
		pdf.SetFont("Helvetica", "B", 64)
		pdf.TransformBegin()
		pdf.TransformRotate(60, width/2, height/2)
		tw := pdf.GetStringWidth("TEST")
		pdf.Text(width/2-tw/2, height/2+8, "TEST")
		pdf.TransformEnd()
		pdf.SetAlpha(1, "Normal")
	}
	return pdf.Output(w)
}

// SavePDF writes the PDF to path, creating its folder.
func SavePDF(path string, lines []Line, test bool, opt PDFOptions) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WritePDF(f, lines, test, opt); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
