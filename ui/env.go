package ui

import (
	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// env is what every view of the till has as its own: the till, the worker
// that calls it off the UI goroutine (one call at a time, in the order the
// cashier made them), the window (dialogs, focus), its keys and the money
// format. A view reads the till through it, never through Sell.
type env struct {
	till *pos.Till
	*worker
	win   fyne.Window
	keys  *keymap
	money moneyFormat
	opts  Options // the data directory, the head office's sync
}

// sale is the sale on screen as the till last said it: Sell sets it (show)
// and the views read it. Touched on the UI goroutine only.
type sale struct {
	quote    *pos.Quote
	cart     *pos.Cart
	parked   int
	selected int // selected cart line position, 0 for none
	// highlight, when set, is the product (and price) whose line the next
	// cart shown highlights: where a unit was just added (one refresh).
	highlight struct{ productID, priceID string }
}

// openDialogs are the sell screen's dialogs while they are open (the keys
// stay quiet behind them; tests reach them).
type openDialogs struct {
	open        []dialog.Dialog // shown through showDialog, oldest first
	dialogs     int
	payD        *payDialog
	receiptD    *receiptView
	lastPDF     string
	receiptNext func()
	receiptC    *receiptChoice // the receipt choice after a sale
	lineForm    *customDiscountForm
	cartForm    *customDiscountForm
	parkedD     *parkedDialog
	historyD    *historyDialog
	shiftFirstD *shiftFirstDialog
	noteD       *noteDialog
	customD     *customSaleDialog
}
