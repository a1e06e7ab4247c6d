package ui

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tillOps holds the returns, shift and reports screens of a sell screen.
type tillOps struct {
	env        // the till, its worker, the window, the money format
	shiftBtn   *widget.Button
	reportsBtn *widget.Button
	returnD    *returnDialog
	shiftD     *shiftDialog
	reportsD   *reportsDialog
	lastFile   string // the last receipt or report file written
}

// initTillOps builds the Shift and Reports buttons of the toolbar.
func (s *Sell) initTillOps() fyne.CanvasObject {
	s.ops = &tillOps{env: s.env}
	s.ops.shiftBtn = widget.NewButtonWithIcon(tr("Shift"), theme.AccountIcon(), s.openShift)
	s.ops.reportsBtn = widget.NewButtonWithIcon(tr("Reports"), theme.GridIcon(), s.openReports)
	// Read once before the window shows (nothing to freeze yet); after
	// that the shift screen keeps the button up to date.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	sh, err := s.till.CurrentShift(ctx)
	cancel()
	if err != nil {
		s.fail(err) // the button stays as it is built; the next shift action reads it again
	} else {
		s.ops.showShift(sh)
	}
	return container.NewHBox(s.tips.tipped(s.ops.shiftBtn, tr("Shift")+"  (Ctrl+D)"), s.tips.tipped(s.ops.reportsBtn, tr("Reports")+"  (Ctrl+R)"))
}

// showShift shows on the toolbar whether a shift is open.
func (o *tillOps) showShift(sh *pos.Shift) {
	if o == nil || o.shiftBtn == nil {
		return
	}
	if sh == nil {
		o.shiftBtn.SetText(tr("Shift: closed"))
		o.shiftBtn.Importance = widget.WarningImportance
	} else {
		o.shiftBtn.SetText(tr("Shift: open"))
		o.shiftBtn.Importance = widget.MediumImportance
	}
	o.shiftBtn.Refresh()
}

// refreshShift reads the open shift again (another member may have
// opened or closed it while the till was locked).
func (o *tillOps) refreshShift() {
	var sh *pos.Shift
	var err error
	o.background(func(ctx context.Context) { sh, err = o.till.CurrentShift(ctx) }, func() {
		if err == nil {
			o.showShift(sh)
		}
	})
}

// bindTillOpsKeys wires Ctrl+D (shift) and Ctrl+R (reports).
func (s *Sell) bindTillOpsKeys(c fyne.Canvas) {
	s.keys.onShortcut(c, ctrl(fyne.KeyD), s.openShift)
	s.keys.onShortcut(c, ctrl(fyne.KeyR), s.openReports)
}

// receiptText writes receipts the cashier's way.
func (e env) receiptText() receipt.Text {
	return localText()
}

// pdfPath is where a PDF named name goes: DataDir/<dir>/<name>.pdf.
func (e env) pdfPath(dir, name string) string {
	return filepath.Join(e.opts.DataDir, dir, name+".pdf")
}

// saveAndPrint writes lines as a PDF to DataDir/<dir>/<name>.pdf and, when
// a receipt printer is set, sends them to it as ESC/POS. Called off the UI
// goroutine. It returns the PDF's path.
func (e env) saveAndPrint(ctx context.Context, dir, name string, lines []receipt.Line, test bool) (string, error) {
	path := e.pdfPath(dir, name)
	if err := receipt.SavePDF(path, lines, test, receipt.PDFOptions{}); err != nil {
		return "", err
	}
	p, cols, err := e.till.Printer(ctx)
	if err != nil {
		return path, err
	}
	if p != "" {
		if err := (receipt.Printer{Path: p, Columns: cols}).Print(lines, test); err != nil {
			return path, err
		}
	}
	return path, nil
}

// writeFile writes a file of DataDir/reports (off the UI goroutine).
func writeFile(path string, write func(f *os.File) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
