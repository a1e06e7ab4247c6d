package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// historyDialog shows the orders (or the test orders) of a day or days,
// searched by amount, product and cashier (the till searches:
// pos.Till.SearchOrders), each with what its returns left; finds one by
// number, opens it to see its lines and discounts, and reprints its receipt.
type historyDialog struct {
	env           // the till, its worker, the window, the money format
	*sale         // the sale on screen
	s       *Sell // the coordinator: runs a change and shows the new cart
	d       *dialog.CustomDialog
	series  *widget.RadioGroup
	number  *keyEntry
	from    *keyEntry // first day, YYYY-MM-DD
	to      *keyEntry // last day
	amount  *keyEntry // the order's total
	product *keyEntry // title, SKU or barcode
	staff   *keyEntry // cashier's name
	list    *widget.List
	rows    []pos.OrderRow
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
	h := &historyDialog{env: s.env, sale: s.sale, s: s}
	s.historyD = h
	real, test := tr("Orders"), tr("Test orders")
	h.series = widget.NewRadioGroup([]string{real, test}, func(string) { h.load() })
	h.series.Horizontal = true
	h.series.Required = true
	h.number = newKeyEntry(nil, tr("Order number, e.g. 1042 or TEST-7 (Enter)"))
	h.number.OnSubmitted = func(string) { h.find() }
	h.number.onKey = escCloses(func() { h.d.Hide() })
	find := widget.NewButtonWithIcon(tr("Find"), theme.SearchIcon(), h.find)
	h.msg = newErrLabel()
	esc := escCloses(func() { h.d.Hide() })
	today := s.money.day(s.lk.now()) // the window's clock (tests set it)
	field := func(placeholder, text string) *keyEntry {
		e := newKeyEntry(nil, placeholder)
		e.SetText(text)
		e.onKey = esc
		e.OnSubmitted = func(string) { h.load() }
		return e
	}
	h.from = field(s.money.dayExample(), today)
	h.to = field(s.money.dayExample(), today)
	h.amount = field(tr("Total, e.g. 12.99"), "")
	h.product = field(tr("Product, SKU or barcode"), "")
	h.staff = field(tr("Cashier"), "")
	search := widget.NewButtonWithIcon(tr("Search (Enter)"), theme.SearchIcon(), h.load)
	h.empty = widget.NewLabel(tr("No order yet today."))
	h.empty.TextStyle = fyne.TextStyle{Italic: true}
	h.empty.Hide()

	h.list = widget.NewList(
		func() int { return len(h.orders) },
		func() fyne.CanvasObject { return newOrderRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(h.rows) {
				return
			}
			o.(*orderRow).set(h.rows[id], h.from.Text != h.to.Text, h.money)
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
	filters := container.NewGridWithColumns(5,
		labelled(tr("From"), h.from), labelled(tr("To"), h.to), labelled(tr("Total"), h.amount),
		labelled(tr("Product"), h.product), labelled(tr("Cashier"), h.staff))
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(sized(h.number, 340, 0), find), h.series),
		container.NewBorder(nil, nil, nil, container.NewVBox(layout.NewSpacer(), search), filters), h.msg)
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

// filter reads the search fields; a field that cannot be read says so.
func (h *historyDialog) filter() (pos.OrderFilter, bool) {
	f := pos.OrderFilter{Test: h.test(), Product: strings.TrimSpace(h.product.Text), Staff: strings.TrimSpace(h.staff.Text)}
	day := func(e *keyEntry) (time.Time, bool) {
		text := strings.TrimSpace(e.Text)
		if text == "" {
			return time.Time{}, true
		}
		d, err := h.s.money.parseDay(text)
		if err != nil {
			h.fail(pos2err(tr("Type a day such as %v.", h.money.day(h.s.lk.now()))))
			return d, false
		}
		return d, true
	}
	var ok bool
	if f.From, ok = day(h.from); !ok {
		return f, false
	}
	if f.To, ok = day(h.to); !ok {
		return f, false
	}
	if text := strings.TrimSpace(h.amount.Text); text != "" {
		a, err := parseAmount(text, h.till.Location().Currency)
		if err != nil {
			h.fail(err)
			return f, false
		}
		f.Amount = a
	}
	return f, true
}

// filtered tells whether the search narrows the days' orders.
func (h *historyDialog) filtered() bool {
	return strings.TrimSpace(h.amount.Text+h.product.Text+h.staff.Text) != ""
}

// load asks the till for the orders the search fields describe, off the
// UI goroutine.
func (h *historyDialog) load() {
	f, ok := h.filter()
	if !ok {
		return
	}
	test := h.test()
	today := h.money.day(h.s.lk.now())
	onlyToday := strings.TrimSpace(h.from.Text) == today && strings.TrimSpace(h.to.Text) == today
	var rows []pos.OrderRow
	var err error
	h.background(func(ctx context.Context) {
		rows, err = h.till.SearchOrders(ctx, f)
	}, func() {
		if err != nil {
			h.fail(err)
			return
		}
		h.msg.Hide()
		h.rows = rows
		h.orders = h.orders[:0]
		for _, r := range rows {
			h.orders = append(h.orders, r.Order)
		}
		if len(rows) == 0 {
			switch {
			case h.filtered() || !onlyToday:
				h.empty.SetText(tr("No order matches the search."))
			case test:
				h.empty.SetText(tr("No test order today."))
			default:
				h.empty.SetText(tr("No order yet today."))
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
	h.background(func(ctx context.Context) {
		o, err = h.till.OrderByNumber(ctx, n, test)
	}, func() {
		if err != nil {
			h.fail(err)
			return
		}
		if o == nil {
			h.fail(pos.Errorf(pos.ENotFound, "%s", tr("There is no order %v.", text)))
			return
		}
		h.msg.Hide()
		h.open(o)
	})
}

// labelled is a field with a small label above it.
func labelled(label string, o fyne.CanvasObject) fyne.CanvasObject {
	l := widget.NewLabel(label)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewBorder(l, nil, nil, nil, o)
}

func (h *historyDialog) fail(err error) {
	showErr(h.msg, err)
}

func (h *historyDialog) open(o *pos.Order) {
	h.current = o
	h.title.SetText(tr("Order %v", o.NumberLabel()) + " · " + h.money.dayTime(o.CreatedAt.Local()))
	h.receipt.set(receipt.Sale(o, h.till.Location(), h.receiptText()), o.Test)
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
	lines := receipt.Sale(o, h.till.Location(), h.receiptText())
	var (
		path string
		err  error
	)
	h.background(func(ctx context.Context) {
		path, err = h.saveReceipt(ctx, o, lines)
	}, func() {
		if err != nil {
			h.fail(err)
			return
		}
		h.s.lastPDF = path
		h.msg.Importance = widget.SuccessImportance
		h.msg.SetText(tr("Receipt saved as %v", path))
		h.msg.Show()
		h.msg.Importance = widget.DangerImportance
	})
}
