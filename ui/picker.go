package ui

import (
	"strings"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// productPicker finds a product by typing (title, SKU or barcode, accents
// and case folded) in a catalog of any size: the list shows the matches
// only, a widget.List that makes rows for what is on screen. Tapping a
// match calls onPick.
type productPicker struct {
	root   fyne.CanvasObject
	search *escEntry
	list   *escList
	count  *widget.Label
	items  []pickItem
	shown  []int // indexes into items
	onPick func(id string)
	money  moneyFormat
}

// pickItem is a product as the picker shows and searches it.
type pickItem struct {
	id, title, info, folded string
}

// newProductPicker lists products (the archived left out, but for keep:
// ids that must stay findable).
func newProductPicker(money moneyFormat, hint string, onPick func(id string)) *productPicker {
	p := &productPicker{onPick: onPick, money: money}
	p.search = newEscEntry()
	p.search.SetPlaceHolder(hint)
	p.search.OnChanged = func(string) { p.filter() }
	p.search.OnSubmitted = func(string) { // Enter picks the first match
		if len(p.shown) > 0 {
			p.pick(0)
		}
	}
	p.count = widget.NewLabel("")
	p.count.TextStyle = fyne.TextStyle{Italic: true}
	p.list = newEscList(func() int { return len(p.shown) },
		func() fyne.CanvasObject { return newPickRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(p.shown) {
				o.(*pickRow).set(p.items[p.shown[id]])
			}
		})
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		p.pick(id)
	}
	p.root = container.NewBorder(container.NewBorder(nil, nil, nil, p.count, p.search), nil, nil, nil, sized(p.list, 0, 180))
	return p
}

// setCatalog lists cat's products that are not archived (and those in keep).
func (p *productPicker) setCatalog(cat *pos.Catalog, keep map[string]bool) {
	p.items = p.items[:0]
	for _, pr := range cat.Products() {
		if pr.Archived && !keep[pr.ID] {
			continue
		}
		info := []string{}
		if pr.SKU != "" {
			info = append(info, pr.SKU)
		}
		if prices := pr.ActivePrices(); len(prices) > 0 {
			info = append(info, p.money.money(prices[0].Amount))
		}
		p.items = append(p.items, pickItem{id: pr.ID, title: pr.Title, info: strings.Join(info, " · "),
			folded: pos.FoldText(pr.Title + " " + pr.SKU + " " + pr.Barcode)})
	}
	p.filter()
}

// filter shows the items whose title, SKU or barcode hold every word typed.
func (p *productPicker) filter() {
	words := strings.Fields(pos.FoldText(p.search.Text))
	p.shown = p.shown[:0]
	for i, it := range p.items {
		ok := true
		for _, w := range words {
			if !strings.Contains(it.folded, w) {
				ok = false
				break
			}
		}
		if ok {
			p.shown = append(p.shown, i)
		}
	}
	p.count.SetText(trn("%d products", len(p.shown)))
	if p.list.GetScrollOffset() > 0 { // (no scroller before the list is drawn)
		p.list.ScrollToTop()
	}
	p.list.Refresh()
}

func (p *productPicker) pick(row int) {
	if row < len(p.shown) && p.onPick != nil {
		p.onPick(p.items[p.shown[row]].id)
	}
}

// titleOf is a listed product's title ("" when not listed).
func (p *productPicker) titleOf(id string) string {
	for _, it := range p.items {
		if it.id == id {
			return it.title
		}
	}
	return ""
}

// pickRow is one match in a picker: title, then SKU and price.
type pickRow struct {
	widget.BaseWidget
	title, info *widget.Label
	box         *fyne.Container
}

func newPickRow() *pickRow {
	r := &pickRow{title: widget.NewLabel(""), info: widget.NewLabel("")}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.info.TextStyle = fyne.TextStyle{Italic: true}
	r.box = container.NewBorder(nil, nil, nil, r.info, r.title)
	r.ExtendBaseWidget(r)
	return r
}

func (r *pickRow) set(it pickItem) {
	r.title.SetText(it.title)
	r.info.SetText(it.info)
	r.box.Refresh() // lay out again: the info's width follows its text
}

func (r *pickRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

// targetPicker is a discount's target products: the ones chosen, each with
// a button to take it off, and a picker to add more.
type targetPicker struct {
	root   fyne.CanvasObject
	picker *productPicker
	chosen []string // product ids, in the order added
	chips  *fyne.Container
	none   *widget.Label
}

func newTargetPicker(money moneyFormat, cat *pos.Catalog, chosen []string) *targetPicker {
	t := &targetPicker{chosen: append([]string(nil), chosen...)}
	keep := map[string]bool{}
	for _, id := range chosen {
		keep[id] = true
	}
	t.picker = newProductPicker(money, tr("Type to find a product to add"), t.add)
	t.picker.setCatalog(cat, keep)
	t.chips = container.NewGridWrap(fyne.NewSize(230, 40))
	t.none = widget.NewLabel(tr("No product chosen."))
	t.none.Importance = widget.LowImportance
	t.root = container.NewVBox(t.none, t.chips, t.picker.root)
	t.show()
	return t
}

func (t *targetPicker) add(id string) {
	for _, c := range t.chosen {
		if c == id {
			return
		}
	}
	t.chosen = append(t.chosen, id)
	t.show()
}

func (t *targetPicker) remove(id string) {
	out := t.chosen[:0]
	for _, c := range t.chosen {
		if c != id {
			out = append(out, c)
		}
	}
	t.chosen = out
	t.show()
}

// show lays out a labelled button per chosen product (tap: take it off).
func (t *targetPicker) show() {
	t.chips.RemoveAll()
	for _, id := range t.chosen {
		id := id
		title := t.picker.titleOf(id)
		if title == "" {
			title = id
		}
		b := widget.NewButtonWithIcon(title, theme.CancelIcon(), func() { t.remove(id) })
		b.IconPlacement = widget.ButtonIconTrailingText
		b.Alignment = widget.ButtonAlignLeading
		t.chips.Add(b)
	}
	if len(t.chosen) == 0 {
		t.none.Show()
		t.chips.Hide()
	} else {
		t.none.Hide()
		t.chips.Show()
	}
	t.chips.Refresh()
}
