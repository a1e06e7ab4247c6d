package ui

import (
	"image/color"
	"strings"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// catalogPane is the sell screen's left column: the search field and its
// results, the barcode field and what a scan said, the favourites, and the
// custom sale button. It has the window's keys and money format and the
// catalogue's search index as its own; what a pick does to the cart is the
// coordinator's (the callbacks, set by Sell).
type catalogPane struct {
	keys  *keymap
	money moneyFormat
	index *searchIndex

	results []*pos.Product
	hl      int // highlighted search result (keyboard)

	search      *keyEntry
	barcode     *keyEntry
	scanMsg     *widget.Label
	resultList  *keyList
	favourites  *keyGrid
	productArea *fyne.Container
	noResults   *widget.Label
	saleBtn     *widget.Button // a custom sale (Ctrl+I)
	root        fyne.CanvasObject

	// The coordinator's: the prices of a product that fit the cart, adding
	// one unit, scanning a barcode, a custom sale, and giving the keys back
	// to the search field after a tap.
	fitting    func(p *pos.Product) []*pos.Price
	add        func(p *pos.Product)
	scan       func(code string)
	customSale func()
	focusBack  func(o fyne.Focusable)
}

func newCatalogPane(keys *keymap, money moneyFormat, index *searchIndex) *catalogPane {
	return &catalogPane{keys: keys, money: money, index: index}
}

// build makes the widgets; the callbacks must be set.
func (c *catalogPane) build() fyne.CanvasObject {
	c.search = newKeyEntry(c.keys, tr("Name, SKU or barcode (F2)"))
	c.search.OnChanged = func(string) { c.updateResults() }
	c.search.OnSubmitted = func(text string) { c.submitSearch(text) }
	c.search.onKey = func(e *fyne.KeyEvent) bool {
		switch e.Name {
		case fyne.KeyDown:
			c.moveHighlight(1)
			return true
		case fyne.KeyUp:
			c.moveHighlight(-1)
			return true
		case fyne.KeyEscape:
			c.search.SetText("")
			return true
		}
		return false
	}

	c.barcode = newKeyEntry(c.keys, tr("Scan or type a barcode (F6)"))
	c.barcode.OnSubmitted = func(code string) { c.scan(code) }
	c.scanMsg = widget.NewLabel("")
	c.scanMsg.Wrapping = fyne.TextWrapWord
	c.scanMsg.Hide()

	c.resultList = newKeyList(c.keys,
		func() int { return len(c.results) },
		func() fyne.CanvasObject { return newResultRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(c.results) {
				return
			}
			p := c.results[id]
			o.(*resultRow).set(p, c.productPrice(p), id == c.hl)
		})
	c.resultList.OnSelected = func(id widget.ListItemID) {
		c.focusBack(c.resultList)
		c.resultList.UnselectAll()
		if id < len(c.results) {
			c.add(c.results[id])
		}
	}
	c.noResults = widget.NewLabel("")
	c.noResults.Wrapping = fyne.TextWrapWord
	c.noResults.Alignment = fyne.TextAlignCenter

	c.favourites = newKeyGrid(c.keys,
		func() int { return len(c.index.favourites) },
		func() fyne.CanvasObject { return newFavouriteTile() },
		func(id widget.GridWrapItemID, o fyne.CanvasObject) {
			if id >= len(c.index.favourites) {
				return
			}
			p := c.index.favourites[id]
			o.(*favouriteTile).set(p.Title, c.productPrice(p))
		})
	c.favourites.OnSelected = func(id widget.GridWrapItemID) {
		c.focusBack(c.favourites)
		c.favourites.UnselectAll()
		if id < len(c.index.favourites) {
			c.add(c.index.favourites[id])
		}
	}
	favs := container.NewBorder(heading(tr("Favourites")), nil, nil, nil, c.favourites)
	if len(c.index.favourites) == 0 {
		favs = container.NewBorder(heading(tr("Favourites")), nil, nil, nil,
			widget.NewLabel(tr("No favourite products yet. Search above, or scan a barcode.")))
	}
	results := container.NewBorder(heading(tr("Products")), c.noResults, nil, nil, c.resultList)
	c.productArea = container.NewStack(favs, results)
	results.Hide()
	c.noResults.Hide()

	scan := container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, c.search)
	bar := container.NewBorder(nil, nil, widget.NewIcon(theme.ViewRestoreIcon()), nil, c.barcode)
	// Something not in the catalogue: a custom sale, under the products.
	c.saleBtn = widget.NewButtonWithIcon(tr("Custom sale")+"  (Ctrl+I)", theme.ContentAddIcon(), c.customSale)
	c.root = container.NewBorder(container.NewVBox(scan, bar, c.scanMsg), tall(c.saleBtn, touchSize), nil, nil, c.productArea)
	return c.root
}

// productPrice is the product's price for this cart, "from" the lowest
// when it has several.
func (c *catalogPane) productPrice(p *pos.Product) string {
	var best *pos.Price
	n := 0
	for _, pr := range c.fitting(p) {
		n++
		if best == nil || pr.Amount.Cmp(best.Amount) < 0 {
			best = pr
		}
	}
	switch {
	case best == nil:
		return tr("no price")
	case n > 1:
		return tr("from %v", c.money.money(best.Amount))
	}
	return c.money.money(best.Amount)
}

func (c *catalogPane) updateResults() {
	q := c.search.Text
	c.results = c.index.search(q, c.results)
	c.hl = 0
	results := c.productArea.Objects[1]
	favs := c.productArea.Objects[0]
	if strings.TrimSpace(q) == "" {
		results.Hide()
		favs.Show()
		return
	}
	favs.Hide()
	results.Show()
	if len(c.results) == 0 {
		c.noResults.SetText(tr("No product matches “%v”.", q))
		c.noResults.Show()
	} else {
		c.noResults.Hide()
	}
	c.resultList.Refresh()
	c.resultList.ScrollToTop()
}

func (c *catalogPane) moveHighlight(d int) {
	if len(c.results) == 0 {
		return
	}
	c.hl = (c.hl + d + len(c.results)) % len(c.results)
	c.resultList.RefreshItem(c.hl)
	c.resultList.Refresh()
	c.resultList.ScrollTo(c.hl)
}

// submitSearch adds the highlighted result; digits the length of a barcode
// are scanned (a scanner may type into the search field).
func (c *catalogPane) submitSearch(text string) {
	t := strings.TrimSpace(text)
	if isDigits(t) && (len(t) == 8 || len(t) == 12 || len(t) == 13) {
		c.search.SetText("")
		c.scan(t)
		return
	}
	if c.hl < len(c.results) {
		p := c.results[c.hl]
		c.search.SetText("")
		c.add(p)
	}
}

// resultRow is one search result: the title, SKU and barcode, the price
// for this cart, highlighted when the keys point at it.
type resultRow struct {
	widget.BaseWidget
	bg                 *canvas.Rectangle
	title, info, price *widget.Label
	box                *fyne.Container
}

func newResultRow() *resultRow {
	r := &resultRow{bg: canvas.NewRectangle(color.Transparent)}
	r.title = widget.NewLabel("title")
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.info = widget.NewLabel("sku")
	r.info.TextStyle = fyne.TextStyle{Italic: true}
	r.info.Truncation = fyne.TextTruncateEllipsis
	r.price = widget.NewLabel("price")
	r.box = container.NewBorder(nil, nil, nil, r.price, container.NewVBox(r.title, r.info))
	r.ExtendBaseWidget(r)
	return r
}

func (r *resultRow) set(p *pos.Product, price string, highlighted bool) {
	r.title.SetText(p.Title)
	r.info.SetText(productInfo(p))
	r.price.SetText(price)
	r.box.Refresh() // the price's width changed: the title gives way, not the price
	if highlighted {
		r.bg.FillColor = theme.Color(theme.ColorNameSelection)
	} else {
		r.bg.FillColor = color.Transparent
	}
	r.bg.Refresh()
}

func (r *resultRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.bg, r.box))
}

// favouriteTile is one favourite: its title and its price for this cart.
type favouriteTile struct {
	widget.BaseWidget
	title, price *widget.Label
	root         fyne.CanvasObject
}

func newFavouriteTile() *favouriteTile {
	t := &favouriteTile{}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
	bg.StrokeWidth = 1
	t.title = widget.NewLabel("Favourite product")
	t.title.TextStyle = fyne.TextStyle{Bold: true}
	t.title.Wrapping = fyne.TextWrapWord
	t.title.Alignment = fyne.TextAlignCenter
	t.price = widget.NewLabel("0.00")
	t.price.Alignment = fyne.TextAlignCenter
	t.root = sized(container.NewStack(bg, container.NewBorder(nil, t.price, nil, nil, t.title)), 128, 96)
	t.ExtendBaseWidget(t)
	return t
}

func (t *favouriteTile) set(title, price string) {
	t.title.SetText(title)
	t.price.SetText(price)
}

func (t *favouriteTile) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(t.root)
}
