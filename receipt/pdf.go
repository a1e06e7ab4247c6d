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

// WritePDF renders lines as a PDF on a roll, with a TEST watermark on test
// receipts.
func WritePDF(w io.Writer, lines []Line, test bool, opt PDFOptions) error {
	width := opt.Width
	if width == 0 {
		width = 80
	}
	const margin, lh = 5.0, 5.0
	height := max(2*margin+lh*float64(len(lines)+2), 100)
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: width, Ht: height}})
	pdf.SetCompression(!opt.Uncompressed)
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
		case Bold:
			style = "B"
		case Big:
			style, size = "B", 12
		case Indent, Muted:
			left = "   " + left
			if l.Style == Muted {
				pdf.SetTextColor(110, 110, 110)
			}
		case Center:
			style = "I"
		}
		pdf.SetFont("Helvetica", style, size)
		switch l.Style {
		case Rule:
			y := pdf.GetY() + lh/2
			pdf.SetDrawColor(150, 150, 150)
			pdf.Line(margin, y, width-margin, y)
			pdf.Ln(lh)
		case Center:
			for size > 6 && pdf.GetStringWidth(text(left)) > inner {
				size -= 0.5
				pdf.SetFont("Helvetica", style, size)
			}
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
