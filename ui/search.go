package ui

import (
	"strings"

	"caisse/pos"
)

// searchIndex answers the product search as the cashier types. It is built
// once per catalog snapshot: one folded "title sku barcode" string per
// sellable product (pos.FoldText: lower case, no accents), so a keystroke is a scan
// of plain substring tests with no allocation per product.
type searchIndex struct {
	catalog    *pos.Catalog
	products   []*pos.Product
	text       []string
	favourites []*pos.Product
}

// maxResults caps what one keystroke shows; the cashier narrows from there.
const maxResults = 200

func newSearchIndex(cat *pos.Catalog) *searchIndex {
	ix := &searchIndex{catalog: cat}
	if cat == nil {
		return ix
	}
	all := cat.Products()
	ix.products = make([]*pos.Product, 0, len(all))
	ix.text = make([]string, 0, len(all))
	for _, p := range all {
		if p.Archived {
			continue
		}
		ix.products = append(ix.products, p)
		ix.text = append(ix.text, pos.FoldText(p.Title+"\x00"+p.SKU+"\x00"+p.Barcode))
		if p.Favourite {
			ix.favourites = append(ix.favourites, p)
		}
	}
	return ix
}

// search returns the products whose title, SKU or barcode contain every
// word of the query, up to maxResults, in catalog order, ignoring case and
// accents. Titles starting with the query come first.
func (ix *searchIndex) search(query string, out []*pos.Product) []*pos.Product {
	out = out[:0]
	words := strings.Fields(pos.FoldText(query))
	if len(words) == 0 {
		return out
	}
	var later []*pos.Product
	first := words[0]
	for i, t := range ix.text {
		ok := true
		for _, w := range words {
			if !strings.Contains(t, w) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if strings.HasPrefix(t, first) {
			out = append(out, ix.products[i])
		} else if len(later) < maxResults {
			later = append(later, ix.products[i])
		}
		if len(out) >= maxResults {
			break
		}
	}
	for _, p := range later {
		if len(out) >= maxResults {
			break
		}
		out = append(out, p)
	}
	return out
}
