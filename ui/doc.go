// Package ui is the cashier's till window (Fyne): the sell screen, the cart,
// discounts, payment, receipts, parked carts and order history. It prices
// nothing itself: every number it shows comes from the till's pos.Quote.
//
// How the sell screen is put together:
//
//   - Sell is the coordinator. It owns the sale on screen (sale: the
//     quote, the cart, the highlighted line) and the one way to change it
//     (run: a till call on the worker, then show), the message bar (say,
//     fail) and the dialogs (showDialog); it lays out the views and hands
//     each what it needs.
//   - env is what every view has as its own fields: the till, the worker
//     (worker.go: till calls off the UI goroutine, one at a time, ending
//     with the window), the window, its keys, the money format and the
//     options. A view reads the till through its env, never through Sell.
//   - The views: the top bar and test-mode banner (topBarView, topbar.go),
//     the left column (catalogPane: search, results, barcode, favourites),
//     the middle column (cartPane: cartView, crossSellCard, undoBar), the
//     right column (discountsView, totalsView), and the dialogs (payDialog,
//     receiptChoice, historyDialog, returnDialog, shiftDialog, parkedDialog,
//     customSaleDialog, noteDialog, shiftFirstDialog, syncBar's status,
//     signInView). List rows are widgets of their own (cartRow, resultRow,
//     favouriteTile, offerCard).
//
// Every screen is checked by golden images (testdata/**/*.png, drawn by
// Fyne's test driver at 1024×768 and 1920×1080 in English and French):
// UPDATE_GOLDEN=1 rewrites them, SCREENSHOTS=dir copies every capture
// (make screenshots).
package ui
