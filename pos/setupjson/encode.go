package setupjson

import (
	"encoding/json"
	"fmt"
	"time"

	"caisse/pos"
)

// Encode writes a till's set-up as a set-up file, the one format the head
// office stores (a version pushed with `caisse hq push-config` and one
// pushed from a till's back office alike): Parse reads it back to the same
// set-up. Amounts are decimal strings in the location's currency (a
// price's in its own), rates percentages, times RFC 3339.
func Encode(s pos.Setup) ([]byte, error) {
	f := File{Location: fromLocation(s.Location), Products: []Product{}, Discounts: []Discount{}}
	for _, p := range s.Products {
		f.Products = append(f.Products, fromProduct(p))
	}
	for _, d := range s.Discounts {
		dj, err := fromDiscount(d, s.Location.Currency)
		if err != nil {
			return nil, err
		}
		f.Discounts = append(f.Discounts, dj)
	}
	b, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("encoding the set-up: %w", err)
	}
	return b, nil
}

func percent(r pos.Rate) Amount {
	if r.IsZero() {
		return ""
	}
	return Amount(r.Percent().String())
}

func ptr[T any](v T) *T { return &v }

func fromLocation(l pos.Location) Location {
	return Location{ID: l.ID, Name: l.Name, Currency: string(l.Currency), Pro: l.Pro, TaxRate: percent(l.TaxRate),
		DefaultTaxBehavior: string(l.DefaultTaxBehavior), AutomaticTax: l.AutomaticTax,
		ReceiptHeader: l.ReceiptHeader, ReceiptFooter: l.ReceiptFooter}
}

func fromProduct(p pos.Product) Product {
	pj := Product{ID: p.ID, Title: p.Title, SKU: p.SKU, Barcode: p.Barcode, Collections: p.Collections,
		CrossSell: p.CrossSell, Favourite: p.Favourite, Archived: p.Archived, Prices: []Price{}}
	for _, pr := range p.Prices {
		pj.Prices = append(pj.Prices, Price{ID: pr.ID, Amount: Amount(pr.Amount.String()), Currency: string(pr.Amount.Currency()),
			Type: string(pr.Type), Interval: string(pr.Interval), IntervalCount: pr.IntervalCount,
			TaxBehavior: string(pr.TaxBehavior), Active: ptr(pr.Active)})
	}
	return pj
}

func fromDiscount(d pos.Discount, cur pos.Currency) (Discount, error) {
	dj := Discount{ID: d.ID, Title: d.Title, Method: string(d.Method), Code: d.Code, Class: string(d.Class),
		Products: d.Target.Products, Collections: d.Target.Collections, UsesPerOrder: d.UsesPerOrder,
		MinQuantity: d.MinQuantity, CombinesWith: Combines(d.Combines), Enabled: ptr(d.Enabled),
		StartsAt: rfc3339(d.StartsAt), EndsAt: rfc3339(d.EndsAt), UsageLimit: d.UsageLimit}
	// Amounts are written in the location's currency, as Parse reads them.
	for _, m := range []pos.Money{d.MinSubtotal, d.Value.Amount} {
		if !m.IsZero() && m.Currency() != cur {
			return dj, fmt.Errorf("discount %s: an amount in %s at a location in %s", d.ID, m.Currency(), cur)
		}
	}
	if !d.MinSubtotal.IsZero() {
		dj.MinSubtotal = Amount(d.MinSubtotal.String())
	}
	if d.Value != (pos.Value{}) {
		dj.Value = &Value{Type: string(d.Value.Type), Percent: percent(d.Value.Percent), OncePerOrder: d.Value.OncePerOrder}
		if !d.Value.Amount.IsZero() {
			dj.Value.Amount = Amount(d.Value.Amount.String())
		}
	}
	if b := d.Buy; b != nil {
		dj.Buy = &Rule{Quantity: b.Quantity, Products: b.Products, Collections: b.Collections}
	}
	if g := d.Get; g != nil {
		dj.Get = &Rule{Quantity: g.Quantity, Products: g.Products, Collections: g.Collections, Percent: percent(g.Percent)}
		if g.Percent.IsZero() {
			dj.Get.Percent = "0"
		}
	}
	return dj, nil
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}
