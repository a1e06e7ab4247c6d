package pos

import (
	"context"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// OrderFilter is what the orders list searches by. Days are local days,
// From to To inclusive (To zero: From alone; From zero: today). Every
// other field is optional and narrows the list.
type OrderFilter struct {
	From, To time.Time
	Test     bool   // the test series instead of the live one
	Amount   Money  // the order's total, exactly (zero Money: any)
	Product  string // a product on the order: part of its title (case and accents ignored), its id, SKU or barcode
	Staff    string // who took the payment: part of their name (case and accents ignored) or their id
}

// MaxOrderSearchDays is the longest period the orders list searches at once.
const MaxOrderSearchDays = 92

// MaxOrderSearchResults is how many orders (the newest) a search returns.
const MaxOrderSearchResults = 500

// OrderRow is one order of the orders list with what its returns left.
type OrderRow struct {
	Order    *Order
	Units    int   // units sold
	Returned int   // units returned so far
	Refunded Money // what its returns gave back so far
	Returns  int   // how many returns
}

// ReturnState says whether an order was returned: "" none, "partly" some
// units, "all" every unit (its shipping may be kept: Left says).
func (r OrderRow) ReturnState() string {
	switch {
	case r.Returns == 0:
		return ""
	case r.Returned >= r.Units:
		return "all"
	}
	return "partly"
}

// UnitsLeft are the units not returned.
func (r OrderRow) UnitsLeft() int { return r.Units - r.Returned }

// Left is what the order still holds of what it took: its total less
// what its returns gave back.
func (r OrderRow) Left() Money { return r.Order.Quote.Total.Sub(r.Refunded) }

// SearchOrders lists the orders of the period that match the filter, newest
// first (at most MaxOrderSearchResults), each with what its returns have
// given back and left. The period is at most MaxOrderSearchDays days.
func (t *Till) SearchOrders(ctx context.Context, f OrderFilter) ([]OrderRow, error) {
	from, to := f.From, f.To
	if from.IsZero() {
		from = t.now()
	}
	if to.IsZero() {
		to = from
	}
	day := func(d time.Time) time.Time {
		y, m, dd := d.Local().Date()
		return time.Date(y, m, dd, 0, 0, 0, 0, time.Local)
	}
	from, to = day(from), day(to).AddDate(0, 0, 1)
	switch {
	case !to.After(from):
		return nil, Errorf(EInvalid, "The last day is before the first: swap them.")
	case to.Sub(from) > MaxOrderSearchDays*24*time.Hour+time.Hour: // a day may have 25 hours
		return nil, Errorf(EInvalid, "Search at most %d days at once.", MaxOrderSearchDays)
	}
	orders, err := t.store.OrdersBetween(ctx, from, to, f.Test)
	if err != nil {
		return nil, Errorf(EInternal, "reading the orders: %w", err)
	}
	product, staff := FoldText(strings.TrimSpace(f.Product)), FoldText(strings.TrimSpace(f.Staff))
	cat := t.Catalog()
	var rows []OrderRow
	for _, o := range orders {
		if !f.Amount.IsZero() && !(o.Currency == f.Amount.Currency() && o.Quote.Total.Cmp(f.Amount) == 0) {
			continue
		}
		if staff != "" && !strings.Contains(FoldText(o.StaffName), staff) && !strings.EqualFold(o.StaffID, f.Staff) {
			continue
		}
		if product != "" && !orderHasProduct(o, product, cat) {
			continue
		}
		rows = append(rows, OrderRow{Order: o, Units: o.Quote.Units, Refunded: Zero(o.Currency)})
	}
	sortNewestFirst(rows)
	if len(rows) > MaxOrderSearchResults {
		rows = rows[:MaxOrderSearchResults]
	}
	if len(rows) == 0 {
		return rows, nil
	}
	// Returns come after their order: those made since the period began
	// hold every return of these orders.
	returns, err := t.store.ReturnsBetween(ctx, from, t.now().Add(time.Hour))
	if err != nil {
		return nil, Errorf(EInternal, "reading the returns: %w", err)
	}
	at := make(map[string]int, len(rows))
	for i := range rows {
		at[rows[i].Order.ID] = i
	}
	for i := range returns {
		rt := &returns[i]
		if j, ok := at[rt.OrderID]; ok {
			r := &rows[j]
			r.Returns++
			r.Returned += rt.Units
			r.Refunded = r.Refunded.Add(rt.Total)
		}
	}
	return rows, nil
}

func sortNewestFirst(rows []OrderRow) {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Order.CreatedAt.After(rows[j].Order.CreatedAt) })
}

// orderHasProduct: a line's title holds the folded text, or its product's
// id, SKU or barcode is the text.
func orderHasProduct(o *Order, folded string, cat *Catalog) bool {
	for _, l := range o.Quote.Lines {
		if strings.Contains(FoldText(l.Title), folded) || strings.EqualFold(l.ProductID, folded) {
			return true
		}
		if cat != nil {
			if p, ok := cat.Product(l.ProductID); ok && (strings.EqualFold(p.SKU, folded) || p.Barcode == folded) {
				return true
			}
		}
	}
	return false
}

// FoldText is text for comparing, as every search of the till does: lower
// case with the accents taken off ("Caffè" → "caffe", "CAFÉ" → "cafe"),
// with golang.org/x/text (NFD, combining marks removed, NFC).
func FoldText(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		return strings.ToLower(s)
	}
	return strings.ToLower(out)
}
