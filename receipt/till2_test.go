package receipt

import (
	"strings"
	"testing"
)

// TestSaleReceiptPrintsTheNote: the order's note is on the receipt, under
// the order's number and cashier, each of its lines; printed, a long line
// wraps to the printer's columns.
func TestSaleReceiptPrintsTheNote(t *testing.T) {
	o := order()
	o.Note = "Gift for Léa: please wrap it in the blue paper with a ribbon\nPaid by voucher 12"
	lines := Sale(o, shop, Text{})
	text := PlainText(lines, Columns58)
	for _, want := range []string{"Note: Gift for Léa", "Paid by voucher 12"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
	note := strings.Index(text, "Note:")
	if note < strings.Index(text, "Cashier: Camille") || note > strings.Index(text, "Latte") {
		t.Errorf("the note sits under the cashier, before the lines:\n%s", text)
	}
	for _, row := range strings.Split(text, "\n") {
		if len([]rune(row)) > Columns58 {
			t.Errorf("row wider than %d columns: %q", Columns58, row)
		}
	}
	if strings.Contains(PlainText(Sale(order(), shop, Text{}), Columns58), "Note:") {
		t.Error("no note, no note line")
	}
}
