package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// productsView is the catalog: a searchable list, and the page of the
// product picked (its fields, prices and cross-sell).
type productsView struct {
	bo      *backOffice
	root    fyne.CanvasObject
	search  *escEntry
	list    *escList
	shown   []*pos.Product
	pageBox *fyne.Container
	page    *productPage
	newBtn  *widget.Button
	// importer is the catalog import; importing while it runs, when
	// nothing that changes the catalog can be tapped.
	importer  *catalogImport
	importing bool
}

func newProductsView(bo *backOffice) *productsView {
	v := &productsView{bo: bo}
	v.search = newEscEntry()
	v.search.SetPlaceHolder(tr("Search name, SKU or barcode"))
	v.search.OnChanged = func(string) { v.filter() }
	v.list = newEscList(func() int { return len(v.shown) },
		func() fyne.CanvasObject { return newProductRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.shown) {
				o.(*productRow).set(v.shown[id], bo.money)
			}
		})
	v.list.OnSelected = func(id widget.ListItemID) {
		if id < len(v.shown) {
			v.open(v.shown[id].ID)
		}
	}
	v.newBtn = widget.NewButtonWithIcon(tr("New product"), theme.ContentAddIcon(), func() { v.open("") })
	v.pageBox = container.NewStack(widget.NewLabel(tr("Pick a product, or create one.")))
	v.importer = newCatalogImport(v)
	left := container.NewBorder(container.NewVBox(v.newBtn, v.importer.btn, v.search), nil, nil, nil, v.list)
	right := container.NewBorder(v.importer.root, nil, nil, nil, container.NewVScroll(v.pageBox))
	v.importer.frame = right
	split := container.NewHSplit(left, right)
	split.Offset = 0.3
	v.root = split
	return v
}

// setImporting disables (or enables again) what changes the catalog while
// an import runs: new product, import, and the product page's changes.
func (v *productsView) setImporting(on bool) {
	v.importing = on
	for _, b := range []*widget.Button{v.newBtn, v.importer.btn} {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if v.page != nil {
		v.page.setBusy(on)
	}
}

func (v *productsView) refresh() {
	v.filter()
	if v.page != nil && v.page.id != "" {
		v.open(v.page.id)
	}
}

func (v *productsView) filter() {
	q := strings.ToLower(strings.TrimSpace(v.search.Text))
	v.shown = v.shown[:0]
	for _, p := range v.bo.till.Catalog().Products() {
		if q == "" || strings.Contains(strings.ToLower(p.Title), q) || strings.Contains(strings.ToLower(p.SKU), q) || strings.Contains(p.Barcode, q) {
			v.shown = append(v.shown, p)
		}
	}
	v.list.Refresh()
}

// productRow is one product in the back office's list: its title, its
// prices (the active ones; "no price" when it has none) and SKU and barcode.
type productRow struct {
	widget.BaseWidget
	title, price, info *widget.Label
	box                *fyne.Container
}

func newProductRow() *productRow {
	r := &productRow{title: widget.NewLabel(""), price: widget.NewLabel(""), info: widget.NewLabel("")}
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.price.TextStyle = fyne.TextStyle{Bold: true}
	r.info.Truncation = fyne.TextTruncateEllipsis
	r.box = container.NewVBox(container.NewBorder(nil, nil, nil, r.price, r.title), r.info)
	r.ExtendBaseWidget(r)
	return r
}

func (r *productRow) set(p *pos.Product, m moneyFormat) {
	title := p.Title
	if p.Archived {
		title += " (" + tr("archived") + ")"
	}
	r.title.SetText(title)
	r.price.SetText(priceSummary(p, m))
	r.info.SetText(productInfo(p))
	r.box.Objects[0].(*fyne.Container).Refresh() // the price's width follows its text
}

func (r *productRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

// priceSummary is a product's active prices for the list: "$12.00",
// "$9.00 · $13.50 / month", at most three, then "+2".
func priceSummary(p *pos.Product, m moneyFormat) string {
	prices := p.ActivePrices()
	if len(prices) == 0 {
		return tr("no price")
	}
	var parts []string
	for i, pr := range prices {
		if i == 3 {
			parts = append(parts, "+"+strconv.Itoa(len(prices)-3))
			break
		}
		parts = append(parts, m.money(pr.Amount)+priceSuffix(pr))
	}
	return strings.Join(parts, " · ")
}

// open shows product id's page ("" for a new product).
func (v *productsView) open(id string) {
	v.page = newProductPage(v.bo, id)
	v.page.setBusy(v.importing)
	v.pageBox.Objects = []fyne.CanvasObject{v.page.root}
	v.pageBox.Refresh()
}

// productPage edits one product; its cross-sell is set or removed at once
// (Till.ConfigureCrossSell: carts started afterwards are offered it).
type productPage struct {
	bo     *backOffice
	id     string
	before *pos.Product
	root   fyne.CanvasObject
	msg    *widget.Label
	rows   map[string]*formRow

	title, sku, barcode, collections *escEntry
	favourite, archived              *escCheck
	prices                           []*priceRow
	priceBox                         *fyne.Container
	saveBtn                          *widget.Button

	crossSell   *escSelect
	crossIDs    map[string]string // title → id
	crossNow    *widget.Label
	crossRemove *widget.Button
	notEligible []*widget.Label
}

type priceRow struct {
	id                    string
	amount, count         *escEntry
	kind, interval, taxes *escSelect
	active                *escCheck
	box                   fyne.CanvasObject
}

var taxOptions = []pos.TaxBehavior{pos.TaxUnspecified, pos.TaxInclusive, pos.TaxExclusive}

func taxLabel(t pos.TaxBehavior) string {
	switch t {
	case pos.TaxInclusive:
		return tr("tax included")
	case pos.TaxExclusive:
		return tr("tax on top")
	}
	return tr("location default")
}

func newPriceRow(pr pos.Price) *priceRow {
	r := &priceRow{id: pr.ID}
	r.amount = newEscEntry()
	if pr.ID != "" {
		r.amount.SetText(formatFor(locale()).plain(pr.Amount))
	}
	r.amount.SetPlaceHolder(formatFor(locale()).number("0.00"))
	r.kind = newEscSelect([]string{tr("one-time"), tr("recurring")}, nil)
	if pr.Type == pos.Recurring {
		r.kind.SetSelectedIndex(1)
	} else {
		r.kind.SetSelectedIndex(0)
	}
	var ivs []string
	for _, iv := range intervals {
		ivs = append(ivs, intervalLabel(iv))
	}
	r.interval = newEscSelect(ivs, nil)
	r.interval.PlaceHolder = tr("interval")
	for i, iv := range intervals {
		if iv == pr.Interval {
			r.interval.SetSelectedIndex(i)
		}
	}
	r.count = newEscEntry()
	if pr.IntervalCount > 0 {
		r.count.SetText(strconv.Itoa(pr.IntervalCount))
	}
	r.count.SetPlaceHolder("1")
	var taxes []string
	for _, t := range taxOptions {
		taxes = append(taxes, taxLabel(t))
	}
	r.taxes = newEscSelect(taxes, nil)
	// As wide as its longest option in the language shown: never cut.
	taxW := float32(0)
	for _, t := range taxes {
		taxW = max(taxW, fyne.MeasureText(t, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	taxW += theme.IconInlineSize() + 6*theme.InnerPadding()
	r.taxes.SetSelected(taxLabel(pr.TaxBehavior))
	r.active = newEscCheck(tr("active"), nil)
	r.active.SetChecked(pr.Active || pr.ID == "")
	r.kind.OnChanged = func(string) {
		if r.kind.SelectedIndex() == 1 {
			r.interval.Enable()
			r.count.Enable()
		} else {
			r.interval.Disable()
			r.count.Disable()
		}
	}
	r.kind.OnChanged("")
	// Two lines: the window stays within 1366 px in every language.
	r.box = container.NewVBox(
		container.NewHBox(sized(r.amount, 110, 0), r.kind, r.interval, sized(r.count, 50, 0)),
		container.NewHBox(sized(r.taxes, taxW, 0), r.active))
	return r
}

func newProductPage(bo *backOffice, id string) *productPage {
	pg := &productPage{bo: bo, id: id, rows: map[string]*formRow{}, crossIDs: map[string]string{}}
	cat := bo.till.Catalog()
	var p pos.Product
	if existing, ok := cat.Product(id); ok {
		p = *existing
		pg.before = existing
	}
	entry := func(text, hint string) *escEntry {
		e := newEscEntry()
		e.SetText(text)
		e.SetPlaceHolder(hint)
		return e
	}
	pg.title = entry(p.Title, "")
	pg.sku = entry(p.SKU, tr("unique, optional"))
	pg.barcode = entry(p.Barcode, tr("EAN-13, UPC-A or EAN-8, unique, optional"))
	pg.collections = entry(strings.Join(p.Collections, ", "), tr("comma-separated"))
	pg.favourite = newEscCheck(tr("Favourite (on the till's grid)"), nil)
	pg.favourite.SetChecked(p.Favourite)
	pg.archived = newEscCheck(tr("Archived (no longer sold)"), nil)
	pg.archived.SetChecked(p.Archived)
	pg.priceBox = container.NewVBox()
	for _, pr := range p.Prices {
		pg.addPrice(pr)
	}
	if len(p.Prices) == 0 {
		pg.addPrice(pos.Price{Type: pos.OneTime, TaxBehavior: pos.TaxUnspecified, Active: true})
	}
	addPrice := widget.NewButtonWithIcon(tr("Add a price"), theme.ContentAddIcon(), func() {
		pg.addPrice(pos.Price{Type: pos.OneTime, TaxBehavior: pos.TaxUnspecified, Active: true})
	})
	row := func(key, label string, w fyne.CanvasObject) fyne.CanvasObject {
		r := newFormRow(label, w)
		pg.rows[key] = r
		return r.box
	}
	pg.msg = widget.NewLabel("")
	pg.msg.Wrapping = fyne.TextWrapWord
	pg.msg.Importance = widget.DangerImportance
	pg.msg.Hide()
	pg.saveBtn = widget.NewButtonWithIcon(tr("Save product"), theme.DocumentSaveIcon(), pg.submit)
	pg.saveBtn.Importance = widget.HighImportance
	head := tr("New product")
	if pg.before != nil {
		head = p.Title
	}
	form := container.NewVBox(
		heading(head),
		row("title", tr("Title"), pg.title),
		row("sku", tr("SKU"), pg.sku),
		row("barcode", tr("Barcode"), pg.barcode),
		row("collections", tr("Collections"), pg.collections),
		container.NewHBox(pg.favourite, pg.archived),
		row("prices", tr("Prices (%v)", string(bo.till.Location().Currency)), container.NewVBox(pg.priceBox, container.NewHBox(addPrice))),
		pg.msg,
		container.NewBorder(nil, nil, nil, pg.saveBtn),
	)
	if pg.before == nil {
		pg.root = form
		return pg
	}
	pg.root = container.NewVBox(form, widget.NewSeparator(), pg.buildCrossSell(cat, &p))
	return pg
}

// setBusy disables the page's changes while an import runs (and enables
// them again).
func (pg *productPage) setBusy(on bool) {
	ws := []fyne.Disableable{pg.saveBtn}
	if pg.crossSell != nil {
		ws = append(ws, pg.crossSell)
		if pg.currentCrossSell() != "" {
			ws = append(ws, pg.crossRemove)
		}
	}
	for _, w := range ws {
		if on {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}

func (pg *productPage) addPrice(pr pos.Price) {
	r := newPriceRow(pr)
	pg.prices = append(pg.prices, r)
	pg.priceBox.Add(r.box)
}

// buildCrossSell is the product's "Cross-sell" choice: the products that can
// be one to pick from; the others greyed with why not.
func (pg *productPage) buildCrossSell(cat *pos.Catalog, p *pos.Product) fyne.CanvasObject {
	var eligible []string
	others := container.NewVBox()
	for _, c := range cat.CrossSellChoices(p.ID) {
		if c.Eligible {
			eligible = append(eligible, c.Product.Title)
			pg.crossIDs[c.Product.Title] = c.Product.ID
			continue
		}
		l := widget.NewLabel(c.Product.Title + " — " + trText(c.Reason))
		l.Importance = widget.LowImportance
		l.TextStyle = fyne.TextStyle{Italic: true}
		pg.notEligible = append(pg.notEligible, l)
		others.Add(l)
	}
	pg.crossNow = widget.NewLabel("")
	pg.crossNow.TextStyle = fyne.TextStyle{Bold: true}
	if cs, ok := cat.Product(p.CrossSell); ok {
		pg.crossNow.SetText(tr("Offered with it: %v", cs.Title))
	} else {
		pg.crossNow.SetText(tr("No cross-sell."))
	}
	pg.crossSell = newEscSelect(eligible, nil)
	pg.crossSell.PlaceHolder = tr("Choose a product to offer with this one")
	if cs, ok := cat.Product(p.CrossSell); ok {
		pg.crossSell.Selected = cs.Title
	}
	pg.crossSell.OnChanged = func(title string) {
		if id := pg.crossIDs[title]; id != "" && id != pg.currentCrossSell() {
			pg.setCrossSell(id)
		}
	}
	pg.crossRemove = widget.NewButtonWithIcon(tr("Remove cross-sell"), theme.DeleteIcon(), func() { pg.setCrossSell("") })
	if p.CrossSell == "" {
		pg.crossRemove.Disable()
	}
	hint := widget.NewLabel(tr("Only a product with exactly one active price can be a cross-sell. Carts started from now on are offered it."))
	hint.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(heading(tr("Cross-sell")), hint, pg.crossNow,
		container.NewBorder(nil, nil, nil, pg.crossRemove, pg.crossSell))
	if len(pg.notEligible) > 0 {
		box.Add(widget.NewLabelWithStyle(tr("Cannot be a cross-sell:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(others)
	}
	return box
}

func (pg *productPage) currentCrossSell() string {
	if p, ok := pg.bo.till.Catalog().Product(pg.id); ok {
		return p.CrossSell
	}
	return ""
}

// setCrossSell sets (or with "" removes) the product's cross-sell through the
// till, then writes the audit entry.
func (pg *productPage) setCrossSell(cs string) {
	id := pg.id
	pg.bo.save(func(ctx context.Context, o *pos.Office) error { return o.SetCrossSell(ctx, id, cs) }, func(err error) {
		if err != nil {
			pg.bo.say("", err)
			return
		}
		if cs == "" {
			pg.bo.say(tr("Cross-sell removed."), nil)
		} else {
			pg.bo.say(tr("Cross-sell saved: carts started from now on are offered it."), nil)
		}
	})
}

// read builds the product from the fields, each wrong field saying why.
func (pg *productPage) read() (pos.Product, bool) {
	for _, r := range pg.rows {
		r.clear()
	}
	pg.msg.Hide()
	ok := true
	bad := func(key, msg string) {
		pg.rows[key].fail(msg)
		ok = false
	}
	p := pos.Product{ID: pg.id, Title: strings.TrimSpace(pg.title.Text), SKU: strings.TrimSpace(pg.sku.Text),
		Barcode: strings.TrimSpace(pg.barcode.Text), Favourite: pg.favourite.Checked, Archived: pg.archived.Checked}
	if pg.before != nil {
		p.CrossSell = pg.before.CrossSell
	}
	if p.ID == "" {
		p.ID = strings.ToLower(pos.NewID(time.Now()))
	}
	if p.Title == "" {
		bad("title", tr("Give the product a title."))
	}
	cat := pg.bo.till.Catalog()
	if p.Barcode != "" {
		if err := pos.CheckBarcode(p.Barcode); err != nil {
			bad("barcode", errText(err))
		} else if other, dup := cat.ByBarcode(p.Barcode); dup && other.ID != p.ID {
			bad("barcode", tr("%v already has this barcode.", other.Title))
		}
	}
	if p.SKU != "" {
		for _, o := range cat.Products() {
			if o.ID != p.ID && strings.EqualFold(o.SKU, p.SKU) {
				bad("sku", tr("%v already has this SKU.", o.Title))
				break
			}
		}
	}
	for _, c := range strings.Split(pg.collections.Text, ",") {
		if c = strings.TrimSpace(c); c != "" && !p.InCollection(c) {
			p.Collections = append(p.Collections, c)
		}
	}
	cur := pg.bo.till.Location().Currency
	for i, r := range pg.prices {
		if strings.TrimSpace(r.amount.Text) == "" && r.id == "" {
			continue // an empty new row
		}
		pr := pos.Price{ID: r.id, Type: pos.OneTime, Active: r.active.Checked, TaxBehavior: taxOptions[max(r.taxes.SelectedIndex(), 0)]}
		if pr.ID == "" {
			pr.ID = p.ID + "-" + strconv.Itoa(i+1)
			for _, o := range pg.prices {
				if o.id == pr.ID {
					pr.ID = strings.ToLower(pos.NewID(time.Now()))
				}
			}
		}
		m, err := parseAmount(r.amount.Text, cur)
		if err != nil {
			bad("prices", tr("Price %v: %v", i+1, errText(err)))
			continue
		}
		pr.Amount = m
		if r.kind.SelectedIndex() == 1 {
			pr.Type = pos.Recurring
			if i := r.interval.SelectedIndex(); i >= 0 {
				pr.Interval = intervals[i]
			}
			n, err := strconv.Atoi(strings.TrimSpace(r.count.Text))
			if strings.TrimSpace(r.count.Text) == "" {
				n, err = 1, nil
			}
			if err != nil || n < 1 {
				bad("prices", tr("Price %v: the interval count is a whole number of at least 1.", i+1))
			}
			pr.IntervalCount = n
			if pr.Interval == "" {
				bad("prices", tr("Price %v: choose an interval.", i+1))
			}
		}
		if err := pr.Validate(); err != nil && ok {
			bad("prices", tr("Price %v: %v", i+1, errText(err)))
		}
		p.Prices = append(p.Prices, pr)
	}
	if ok {
		if err := p.Validate(); err != nil {
			pg.msg.SetText(errText(err))
			pg.msg.Show()
			return p, false
		}
		if _, err := cat.WithProduct(p); err != nil {
			pg.msg.SetText(errText(err))
			pg.msg.Show()
			return p, false
		}
	}
	return p, ok
}

func (pg *productPage) submit() {
	p, ok := pg.read()
	if !ok {
		if !pg.msg.Visible() {
			pg.msg.SetText(tr("Nothing was saved: fix the fields marked in red."))
			pg.msg.Show()
		}
		return
	}
	pg.saveBtn.Disable()
	pg.bo.save(func(ctx context.Context, o *pos.Office) error { return o.SaveProduct(ctx, p) }, func(err error) {
		pg.saveBtn.Enable()
		if err != nil {
			pg.msg.SetText(errText(err))
			pg.msg.Show()
			return
		}
		pg.bo.say(tr("Saved: %v.", p.Title), nil)
		pg.bo.products.open(p.ID)
	})
}

// priceSuffix is " / month" for a recurring price ("" for a one-time one).
func priceSuffix(pr *pos.Price) string {
	if pr.Type != pos.Recurring {
		return ""
	}
	return " / " + string(pr.Interval)
}

// intervals are a recurring price's intervals, in the order offered.
var intervals = []pos.Interval{pos.Day, pos.Week, pos.Month, pos.Year}

// intervalLabel names an interval in the manager's language.
func intervalLabel(iv pos.Interval) string {
	switch iv {
	case pos.Day:
		return tr("day")
	case pos.Week:
		return tr("week")
	case pos.Month:
		return tr("month")
	}
	return tr("year")
}
