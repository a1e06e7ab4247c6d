package ui

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// historyDialog shows today's orders (or today's test orders), finds one by
// number, opens it to see its lines and discounts, and reprints its receipt.
type historyDialog struct {
	s       *Sell
	d       *dialog.CustomDialog
	series  *widget.RadioGroup
	number  *keyEntry
	list    *widget.List
	orders  []*pos.Order
	current *pos.Order
	receipt *receiptView
	title   *widget.Label
	msg     *widget.Label
	reprint *widget.Button
	returnB *widget.Button // returns.go
	empty   *widget.Label
}

func (s *Sell) openHistory() {
	h := &historyDialog{s: s}
	s.historyD = h
	real, test := tr("Today's orders"), tr("Today's test orders")
	h.series = widget.NewRadioGroup([]string{real, test}, func(string) { h.load() })
	h.series.Horizontal = true
	h.series.Required = true
	h.number = newKeyEntry(nil, tr("Order number, e.g. 1042 or TEST-7 (Enter)"))
	h.number.OnSubmitted = func(string) { h.find() }
	h.number.onKey = escCloses(func() { h.d.Hide() })
	find := widget.NewButtonWithIcon(tr("Find"), theme.SearchIcon(), h.find)
	h.msg = widget.NewLabel("")
	h.msg.Importance = widget.DangerImportance
	h.msg.Wrapping = fyne.TextWrapWord
	h.msg.Hide()
	h.empty = widget.NewLabel(tr("No order yet today."))
	h.empty.TextStyle = fyne.TextStyle{Italic: true}
	h.empty.Hide()

	h.list = widget.NewList(
		func() int { return len(h.orders) },
		func() fyne.CanvasObject {
			n := widget.NewLabel("#0000")
			n.TextStyle = fyne.TextStyle{Bold: true}
			info := widget.NewLabel("00:00 · 0 lines")
			info.Truncation = fyne.TextTruncateEllipsis
			total := widget.NewLabel("0.00")
			total.Alignment = fyne.TextAlignTrailing
			return container.NewBorder(nil, nil, n, total, info)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(h.orders) {
				return
			}
			ord := h.orders[id]
			row := o.(*fyne.Container)
			// Border keeps the centre first: info, number, total.
			row.Objects[1].(*widget.Label).SetText(ord.NumberLabel())
			row.Objects[0].(*widget.Label).SetText(ord.CreatedAt.Local().Format("15:04") + " · " +
				tr("{{.N}} lines", "N", len(ord.Quote.Lines)))
			row.Objects[2].(*widget.Label).SetText(s.money.money(ord.Quote.Total))
		})
	h.list.OnSelected = func(id widget.ListItemID) {
		if id < len(h.orders) {
			h.open(h.orders[id])
		}
	}

	h.receipt = newReceiptView()
	h.title = widget.NewLabel(tr("Choose an order to see its receipt."))
	h.title.TextStyle = fyne.TextStyle{Bold: true}
	h.reprint = widget.NewButtonWithIcon(tr("Reprint receipt"), theme.DocumentPrintIcon(), h.doReprint)
	h.reprint.Disable()
	h.returnB = widget.NewButtonWithIcon(tr("Return items")+"  (F7)", theme.MailReplyIcon(), func() { s.openReturn(h.current) })
	h.returnB.Disable()
	h.number.onKey = func(e *fyne.KeyEvent) bool {
		switch {
		case e.Name == fyne.KeyEscape:
			h.d.Hide()
		case e.Name == fyne.KeyF7 && h.current != nil:
			s.openReturn(h.current)
		default:
			return false
		}
		return true
	}

	left := container.NewBorder(nil, nil, nil, nil, container.NewStack(h.list, container.NewVBox(h.empty)))
	right := container.NewBorder(h.title, container.NewGridWithColumns(2, h.reprint, h.returnB), nil, nil, h.receipt.root)
	split := container.NewHSplit(left, right)
	split.Offset = 0.42
	top := container.NewVBox(h.series, container.NewBorder(nil, nil, nil, find, h.number), h.msg)
	body := container.NewBorder(top, nil, nil, nil, split)
	h.d = dialog.NewCustom(tr("Orders"), tr("Close (Esc)"), sized(body, 940, 560), s.win)
	s.showDialog(h.d, func() { s.historyD = nil })
	if s.cart != nil && s.cart.Test {
		h.series.SetSelected(test)
	} else {
		h.series.SetSelected(real)
	}
	s.win.Canvas().Focus(h.number)
}

func (h *historyDialog) test() bool { return h.series.Selected == h.series.Options[1] }

// load reads today's orders off the UI goroutine.
func (h *historyDialog) load() {
	test := h.test()
	var orders []*pos.Order
	var err error
	h.s.background(func(ctx context.Context) {
		orders, err = h.s.till.OrdersOn(ctx, time.Now(), test)
	}, func() {
		if err != nil {
			h.fail(err)
			return
		}
		h.msg.Hide()
		sort.SliceStable(orders, func(i, j int) bool { return orders[i].CreatedAt.After(orders[j].CreatedAt) })
		h.orders = orders
		if len(orders) == 0 {
			h.empty.SetText(tr("No order yet today."))
			if test {
				h.empty.SetText(tr("No test order today."))
			}
			h.empty.Show()
		} else {
			h.empty.Hide()
		}
		h.list.UnselectAll()
		h.list.Refresh()
	})
}

// find opens an order by number: "1042", "#1042" or "TEST-7".
func (h *historyDialog) find() {
	text := strings.ToUpper(strings.TrimSpace(h.number.Text))
	test := h.test()
	if strings.HasPrefix(text, "TEST-") {
		test, text = true, strings.TrimPrefix(text, "TEST-")
	}
	text = strings.TrimPrefix(text, "#")
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < 1 {
		h.fail(pos2err(tr("Type an order number, e.g. 1042 or TEST-7.")))
		return
	}
	var o *pos.Order
	h.s.background(func(ctx context.Context) {
		o, err = h.s.till.OrderByNumber(ctx, n, test)
	}, func() {
		if err != nil {
			h.fail(err)
			return
		}
		if o == nil {
			h.fail(pos.Errorf(pos.ENotFound, "%s", tr("There is no order {{.N}}.", "N", text)))
			return
		}
		h.msg.Hide()
		h.open(o)
	})
}

func (h *historyDialog) fail(err error) {
	h.msg.SetText(errText(err))
	h.msg.Show()
}

func (h *historyDialog) open(o *pos.Order) {
	h.current = o
	h.title.SetText(tr("Order {{.N}}", "N", o.NumberLabel()) + " · " + o.CreatedAt.Local().Format("2006-01-02 15:04"))
	h.receipt.set(receipt.Sale(o, h.s.till.Location(), h.s.receiptText()), o.Test)
	h.reprint.Enable()
	h.returnB.Enable()
	h.showReturns(o) // returns.go
}

// doReprint saves the receipt's PDF again (off the UI goroutine).
func (h *historyDialog) doReprint() {
	o := h.current
	if o == nil {
		return
	}
	lines := receipt.Sale(o, h.s.till.Location(), h.s.receiptText())
	var (
		path string
		err  error
	)
	h.s.background(func(ctx context.Context) {
		path, err = h.s.saveReceipt(ctx, o, lines)
	}, func() {
		if err != nil {
			h.fail(err)
			return
		}
		h.s.lastPDF = path
		h.msg.Importance = widget.SuccessImportance
		h.msg.SetText(tr("Receipt saved as {{.Path}}", "Path", path))
		h.msg.Show()
		h.msg.Importance = widget.DangerImportance
	})
}
