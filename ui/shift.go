package ui

import (
	"context"
	"strings"

	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// shiftDialog opens a shift with a counted float, takes cash in and out
// with a reason, and closes it with a count, showing the X report while it
// is open and the Z report at the close. It also sets the receipt printer.
type shiftDialog struct {
	env          // the till, its worker, the window, the money format
	s      *Sell // the coordinator: runs a change and shows the new cart
	d      *dialog.CustomDialog
	status *widget.Label
	msg    *widget.Label

	float   *keyEntry
	openBtn *widget.Button

	moveAmount *keyEntry
	moveReason *keyEntry
	cashIn     *widget.Button
	cashOut    *widget.Button
	noSale     *widget.Button
	count      *keyEntry
	closeBtn   *widget.Button

	report *receiptView
	z      *pos.ZReport // the last report shown

	printerPath *widget.Entry
	printerCols *widget.RadioGroup
	printerSave *widget.Button

	openBox, runBox *fyne.Container
	left            *fyne.Container // the fields, laid out again when a message shows
	split           *container.Split
	shift           *pos.Shift
}

func (s *Sell) openShift() {
	if s.ops.shiftD != nil {
		return
	}
	h := &shiftDialog{env: s.env, s: s}
	s.ops.shiftD = h
	h.status = widget.NewLabel("")
	h.status.TextStyle = fyne.TextStyle{Bold: true}
	h.status.Wrapping = fyne.TextWrapWord
	h.msg = widget.NewLabel("")
	h.msg.Wrapping = fyne.TextWrapWord
	h.msg.Hide()
	esc := escCloses(func() { h.d.Hide() })

	h.float = newKeyEntry(nil, tr("Float counted in the drawer, e.g. 150.00"))
	h.float.onKey = esc
	h.float.OnSubmitted = func(string) { h.doOpen() }
	h.openBtn = widget.NewButtonWithIcon(tr("Open shift")+"  "+tr("(Enter)"), theme.ConfirmIcon(), h.doOpen)
	h.openBtn.Importance = widget.HighImportance
	h.openBox = container.NewVBox(widget.NewLabel(tr("Count the cash in the drawer and open the shift.")),
		container.NewBorder(nil, nil, nil, h.openBtn, h.float))

	// In the shift's fields: F2 cash in, F3 cash out, Esc closes.
	keys := func(e *fyne.KeyEvent) bool {
		switch e.Name {
		case fyne.KeyF2:
			h.doMove(1)
		case fyne.KeyF3:
			h.doMove(-1)
		default:
			return esc(e)
		}
		return true
	}
	h.moveAmount = newKeyEntry(nil, tr("Amount"))
	h.moveAmount.onKey = keys
	h.moveReason = newKeyEntry(nil, tr("Reason, e.g. bank drop"))
	h.moveReason.onKey = keys
	h.cashIn = widget.NewButtonWithIcon(tr("Cash in")+"  (F2)", theme.ContentAddIcon(), func() { h.doMove(1) })
	h.cashOut = widget.NewButtonWithIcon(tr("Cash out")+"  (F3)", theme.ContentRemoveIcon(), func() { h.doMove(-1) })
	h.noSale = widget.NewButtonWithIcon(tr("No sale (open the drawer)"), theme.MailSendIcon(), h.doNoSale)
	h.count = newKeyEntry(nil, tr("Cash counted at the close"))
	h.count.onKey = keys
	h.count.OnSubmitted = func(string) { h.doClose() }
	h.closeBtn = widget.NewButtonWithIcon(tr("Close shift")+"  (Enter)", theme.LogoutIcon(), h.doClose)
	h.closeBtn.Importance = widget.DangerImportance
	h.runBox = container.NewVBox(
		widget.NewLabelWithStyle(tr("Cash in or out"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewGridWithColumns(2, h.moveAmount, h.moveReason),
		container.NewHBox(h.cashIn, h.cashOut, h.noSale),
		widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("Close the shift"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewBorder(nil, nil, nil, h.closeBtn, h.count))

	h.printerPath = widget.NewEntry()
	h.printerPath.SetPlaceHolder(tr("Receipt printer: a file or device, e.g. /dev/usb/lp0"))
	h.printerCols = widget.NewRadioGroup([]string{"58 mm (32)", "80 mm (48)"}, nil)
	h.printerCols.Horizontal = true
	h.printerCols.SetSelected("80 mm (48)")
	h.printerSave = widget.NewButtonWithIcon(tr("Save printer"), theme.DocumentSaveIcon(), h.doPrinter)
	printer := container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("Receipt printer (ESC/POS)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		h.printerPath, container.NewBorder(nil, nil, nil, h.printerSave, h.printerCols))

	h.report = newReceiptView()
	h.left = container.NewVBox(h.status, h.openBox, h.runBox, h.msg, printer)
	h.split = container.NewHSplit(container.NewVScroll(h.left), h.report.root)
	h.split.Offset = 0.55
	h.d = dialog.NewCustom(tr("Shift"), tr("Close (Esc)"), sized(h.split, 940, 580), s.win)
	s.showDialog(h.d, func() { s.ops.shiftD = nil })
	h.load()
}

// load reads the open shift, its report so far and the printer settings.
func (h *shiftDialog) load() {
	var sh *pos.Shift
	var z *pos.ZReport
	var err error
	var path string
	cols := 48
	h.background(func(ctx context.Context) {
		sh, err = h.till.CurrentShift(ctx)
		if err == nil && sh != nil {
			z, err = h.till.ShiftReport(ctx)
		}
		if err == nil {
			path, cols, err = h.till.Printer(ctx)
		}
	}, func() {
		if err != nil {
			h.fail(err)
		}
		h.printerPath.SetText(path)
		if cols == 32 {
			h.printerCols.SetSelected("58 mm (32)")
		}
		h.shift = sh
		h.refresh(z)
	})
}

func (h *shiftDialog) refresh(z *pos.ZReport) {
	h.z = z
	if h.shift == nil {
		h.status.SetText(tr("No shift is open on this till."))
		h.openBox.Show()
		h.runBox.Hide()
		h.win.Canvas().Focus(h.float)
	} else {
		h.status.SetText(tr("Shift open since %v with a float of %v.", h.money.dayTime(h.shift.OpenedAt.Local()), h.money.money(h.shift.Float)))
		h.openBox.Hide()
		h.runBox.Show()
		h.win.Canvas().Focus(h.moveAmount)
	}
	h.relayout() // the box shown takes the place of the one hidden
	if z != nil {
		h.report.set(receipt.ZReport(z, h.till.Location(), h.receiptText()), false)
	} else {
		h.report.set(nil, false)
	}
	h.s.ops.showShift(h.shift)
}

func (h *shiftDialog) fail(err error) {
	h.msg.Importance = widget.DangerImportance
	h.msg.SetText(errText(err))
	h.msg.Show()
	h.relayout() // the message takes its place, under the fields
}

func (h *shiftDialog) ok(text string) {
	h.msg.Importance = widget.SuccessImportance
	h.msg.SetText(text)
	h.msg.Show()
	h.relayout() // the message takes its place, under the fields
}

func (h *shiftDialog) amount(e *keyEntry) (pos.Money, bool) {
	m, err := parseAmount(e.Text, h.till.Location().Currency)
	if err != nil {
		h.fail(err)
		return pos.Money{}, false
	}
	return m, true
}

func (h *shiftDialog) doOpen() {
	float, ok := h.amount(h.float)
	if !ok {
		return
	}
	var err error
	h.background(func(ctx context.Context) { _, err = h.till.OpenShift(ctx, float) }, func() {
		if err != nil {
			h.fail(err)
			return
		}
		h.ok(tr("Shift opened."))
		h.float.SetText("")
		h.load()
	})
}

func (h *shiftDialog) doMove(sign int64) {
	m, ok := h.amount(h.moveAmount)
	if !ok {
		return
	}
	if sign < 0 {
		m = pos.NewMoney(-m.Minor(), m.Currency())
	}
	reason := strings.TrimSpace(h.moveReason.Text)
	// A cash out needs a manager: the till refuses, a manager approves,
	// the same call runs again.
	h.s.runWhat(h.cashWhat(m, reason), func(ctx context.Context) error { return h.till.CashMove(ctx, m, reason) }, func(err error) {
		if err != nil {
			h.fail(err)
			return
		}
		h.ok(tr("Recorded: %v (%v).", h.money.money(m), reason))
		h.moveAmount.SetText("")
		h.moveReason.SetText("")
		h.load()
	})
}

// cashWhat says what a cash move is, for a manager's approval.
func (e env) cashWhat(m pos.Money, reason string) string {
	if m.IsNegative() {
		return tr("Cash out: %v (%v)", e.money.money(pos.NewMoney(-m.Minor(), m.Currency())), reason)
	}
	return tr("Cash in: %v (%v)", e.money.money(m), reason)
}

// doNoSale opens the drawer with no sale, for the reason typed: a
// manager approves it, the till records it, then the drawer opens (an
// ESC/POS drawer kick to the receipt printer, when one is set).
func (h *shiftDialog) doNoSale() {
	reason := strings.TrimSpace(h.moveReason.Text)
	s := h.s
	var kickErr error
	opened := false
	s.runWhat(tr("No sale: %v", reason), func(ctx context.Context) error {
		if err := h.till.NoSale(ctx, reason); err != nil {
			return err
		}
		path, _, err := h.till.Printer(ctx)
		if err != nil {
			kickErr = err
			return nil
		}
		if path != "" {
			kickErr = receipt.Printer{Path: path}.OpenDrawer()
			opened = kickErr == nil
		}
		return nil
	}, func(err error) {
		switch {
		case err != nil:
			h.fail(err)
		case kickErr != nil:
			h.fail(kickErr)
		case opened:
			h.ok(tr("No sale recorded; the drawer is open."))
			h.moveReason.SetText("")
		default:
			h.ok(tr("No sale recorded. No receipt printer is set: open the drawer by hand."))
			h.moveReason.SetText("")
		}
	})
}

func (h *shiftDialog) doClose() {
	counted, ok := h.amount(h.count)
	if !ok {
		return
	}
	var z *pos.ZReport
	var err error
	var path string
	var fileErr error
	s := h.s
	h.background(func(ctx context.Context) {
		z, err = h.till.CloseShift(ctx, counted)
		if err == nil {
			lines := receipt.ZReport(z, h.till.Location(), s.receiptText())
			name := "z-" + z.Shift.ClosedAt.Local().Format("2006-01-02-1504")
			path, fileErr = s.saveAndPrint(ctx, "reports", name, lines, false)
		}
	}, func() {
		if err != nil {
			h.fail(err)
			return
		}
		h.count.SetText("")
		h.shift = nil
		h.refresh(z)
		s.ops.lastFile = path
		if fileErr != nil {
			h.fail(fileErr)
		} else if z.Backup.Problem != nil { // the close stands; the backup did not happen
			h.fail(z.Backup.Problem)
		} else {
			h.ok(tr("Shift closed. Z report saved as %v", path))
		}
	})
}

func (h *shiftDialog) doPrinter() {
	path := strings.TrimSpace(h.printerPath.Text)
	cols := 48
	if strings.Contains(h.printerCols.Selected, "32") {
		cols = 32
	}
	// The printer is a manager's setting: the till asks for an approval.
	h.s.run(func(ctx context.Context) error { return h.till.SetPrinter(ctx, path, cols) }, func(err error) {
		if err != nil {
			h.fail(err)
			return
		}
		h.ok(trn("Printer saved: %[2]v, %[1]d columns.", cols, path))
	})
}

// relayout lays the fields out again after a box or a message was shown or
// hidden, and the split too: the open shift's buttons are wider than the
// closed shift's, and the split keeps its divider until told.
func (h *shiftDialog) relayout() {
	h.left.Refresh()
	h.split.Refresh()
}
