// Package ui is the cashier's till window (Fyne): the sell screen, the cart,
// discounts, payment, receipts, parked carts and order history. It prices
// nothing itself: every number it shows comes from the till's pos.Quote.
package ui
