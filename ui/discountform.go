package ui

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// discountsAdmin lists the discounts grouped active, scheduled, expired and
// disabled, with the form to create or edit one beside the list.
type discountsAdmin struct {
	bo      *backOffice
	root    fyne.CanvasObject
	list    *fyne.Container
	formBox *fyne.Container
	form    *discountForm
	newBtn  *widget.Button
}

func newDiscountsAdmin(bo *backOffice) *discountsAdmin {
	v := &discountsAdmin{bo: bo}
	v.list = container.NewVBox()
	v.newBtn = widget.NewButtonWithIcon(tr("New discount"), theme.ContentAddIcon(), func() { v.edit(nil, false) })
	v.formBox = container.NewStack(widget.NewLabel(tr("Pick a discount to edit, or create one.")))
	left := container.NewBorder(v.newBtn, nil, nil, nil, container.NewVScroll(v.list))
	split := container.NewHSplit(left, container.NewVScroll(v.formBox))
	split.Offset = 0.38
	v.root = split
	return v
}

func statusLabel(st pos.DiscountStatus) string {
	switch st {
	case pos.StatusActive:
		return tr("Active")
	case pos.StatusScheduled:
		return tr("Scheduled")
	case pos.StatusExpired:
		return tr("Expired")
	}
	return tr("Disabled")
}

func (v *discountsAdmin) refresh() {
	now := time.Now()
	groups := map[pos.DiscountStatus][]*pos.Discount{}
	for _, d := range v.bo.s.till.Discounts().All() {
		st := d.Status(now)
		groups[st] = append(groups[st], d)
	}
	v.list.RemoveAll()
	for _, st := range []pos.DiscountStatus{pos.StatusActive, pos.StatusScheduled, pos.StatusExpired, pos.StatusDisabled} {
		if len(groups[st]) == 0 {
			continue
		}
		v.list.Add(heading(statusLabel(st) + " (" + strconv.Itoa(len(groups[st])) + ")"))
		for _, d := range groups[st] {
			d := *d
			name := widget.NewLabel(d.Name())
			name.TextStyle = fyne.TextStyle{Bold: true}
			name.Truncation = fyne.TextTruncateEllipsis
			info := widget.NewLabel(v.bo.describe(&d))
			info.Truncation = fyne.TextTruncateEllipsis
			edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { v.edit(&d, false) })
			dup := widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() { v.edit(&d, true) })
			off := widget.NewButtonWithIcon("", theme.CancelIcon(), func() { v.disable(d) })
			if !d.Enabled {
				off.Disable()
			}
			v.list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(edit, dup, off), container.NewVBox(name, info)))
		}
	}
	v.list.Refresh()
}

// describe is one line about a discount: code, class, value.
func (bo *backOffice) describe(d *pos.Discount) string {
	parts := []string{}
	if d.Method == pos.Code {
		parts = append(parts, d.Code)
	} else {
		parts = append(parts, tr("automatic"))
	}
	parts = append(parts, classLabel(d.Class))
	switch {
	case d.IsBuyXGetY():
		parts = append(parts, tr("buy %v get %v", d.Buy.Quantity, d.Get.Quantity))
	case d.Value.Type == pos.Percentage:
		parts = append(parts, d.Value.Percent.Percent().String()+" %")
	default:
		parts = append(parts, bo.s.money.money(d.Value.Amount))
	}
	return strings.Join(parts, " · ")
}

func classLabel(c pos.Class) string {
	switch c {
	case pos.ClassProduct:
		return tr("Product")
	case pos.ClassOrder:
		return tr("Order")
	}
	return tr("Shipping")
}

// edit shows the form for d (nil: a new discount; dup: a copy of d, new id,
// no code, disabled until the manager enables it).
func (v *discountsAdmin) edit(d *pos.Discount, dup bool) {
	var before *pos.Discount
	var start pos.Discount
	switch {
	case d == nil:
		start = pos.Discount{Method: pos.Automatic, Class: pos.ClassProduct, Enabled: true,
			Value: pos.Value{Type: pos.Percentage}}
	case dup:
		start = *d
		start.ID = ""
		start.Title = tr("Copy of %v", d.Name())
		start.Code = ""
		start.Enabled = false
	default:
		start = *d
		before = d
	}
	v.form = newDiscountForm(v.bo, start, before)
	v.formBox.Objects = []fyne.CanvasObject{v.form.root}
	v.formBox.Refresh()
}

func (v *discountsAdmin) disable(d pos.Discount) {
	after := d
	after.Enabled = false
	v.bo.saveDiscount(&d, after, func(err error) {
		if err == nil {
			v.bo.say(tr("Disabled: %v", d.Name()), nil)
		}
	})
}

// saveDiscount writes after (before nil: a new one) with its audit entry.
func (bo *backOffice) saveDiscount(before *pos.Discount, after pos.Discount, done func(error)) {
	bo.save(func(ctx context.Context, o *pos.Office) error { return o.SaveDiscount(ctx, after) }, func(err error) {
		if err != nil {
			bo.say("", err)
		}
		done(err)
	})
}

// formRow is one field: its label, its widget and its own error line.
type formRow struct {
	label *widget.Label
	err   *widget.Label
	box   *fyne.Container
}

func newFormRow(label string, w fyne.CanvasObject) *formRow {
	r := &formRow{label: widget.NewLabel(label)}
	r.err = widget.NewLabel("")
	r.err.Importance = widget.DangerImportance
	r.err.Wrapping = fyne.TextWrapWord
	r.err.Hide()
	r.box = container.NewBorder(nil, r.err, sized(r.label, 170, 0), nil, w)
	return r
}

func (r *formRow) fail(msg string) {
	r.err.SetText(msg)
	r.err.Show()
}

func (r *formRow) clear() { r.err.SetText(""); r.err.Hide() }

// discountForm edits one discount. Save reads every field, says what is
// wrong under each one, and saves nothing until all are right.
type discountForm struct {
	bo     *backOffice
	before *pos.Discount
	id     string
	root   fyne.CanvasObject
	msg    *widget.Label

	title, code, value, minSubtotal, minQty, starts, ends, usage *widget.Entry
	buyQty, buyTargets, getQty, getTargets, getPercent, uses     *widget.Entry
	method, kind                                                 *widget.RadioGroup
	class                                                        *widget.Select
	once, enabled, combProduct, combOrder, combShipping          *widget.Check
	products, collections                                        *widget.CheckGroup
	productIDs                                                   map[string]string // title → id
	rows                                                         map[string]*formRow
	bxgy                                                         *fyne.Container
	saveBtn                                                      *widget.Button
}

const dateLayout = "2006-01-02 15:04"

func newDiscountForm(bo *backOffice, d pos.Discount, before *pos.Discount) *discountForm {
	f := &discountForm{bo: bo, before: before, id: d.ID, rows: map[string]*formRow{}, productIDs: map[string]string{}}
	entry := func(text, hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		e.SetPlaceHolder(hint)
		return e
	}
	f.title = entry(d.Title, tr("Shown to the cashier and on receipts"))
	auto, code := tr("Automatic"), tr("Code")
	f.method = widget.NewRadioGroup([]string{auto, code}, nil)
	f.method.Horizontal, f.method.Required = true, true
	f.code = entry(d.Code, tr("e.g. SUMMER10"))
	f.method.OnChanged = func(s string) {
		if s == code {
			f.code.Enable()
		} else {
			f.code.Disable()
		}
	}
	if d.Method == pos.Code {
		f.method.SetSelected(code)
	} else {
		f.method.SetSelected(auto)
	}
	classes := []string{classLabel(pos.ClassProduct), classLabel(pos.ClassOrder), classLabel(pos.ClassShipping)}
	f.class = widget.NewSelect(classes, nil)
	f.class.SetSelected(classLabel(d.Class))
	pct, amt, bx := tr("Percentage"), tr("Fixed amount"), tr("Buy X get Y")
	f.kind = widget.NewRadioGroup([]string{pct, amt, bx}, nil)
	f.kind.Horizontal, f.kind.Required = true, true
	value := ""
	switch {
	case d.Value.Type == pos.Percentage && !d.Value.Percent.IsZero():
		value = d.Value.Percent.Percent().String()
	case d.Value.Type == pos.FixedAmount:
		value = d.Value.Amount.String()
	}
	f.value = entry(value, tr("e.g. 10"))
	f.once = widget.NewCheck(tr("Once per order, not per item"), nil)
	f.once.SetChecked(d.Value.OncePerOrder)

	cat := bo.s.till.Catalog()
	var titles []string
	collSet := map[string]bool{}
	targeted := map[string]bool{}
	for _, id := range d.Target.Products {
		targeted[id] = true
	}
	labels := map[string]string{} // id → label
	for _, p := range cat.Products() {
		for _, c := range p.Collections {
			collSet[c] = true
		}
		if p.Archived && !targeted[p.ID] { // an archived target stays, so saving keeps it
			continue
		}
		label := p.Title
		if _, dup := f.productIDs[label]; dup {
			label = p.Title + " (" + p.ID + ")"
		}
		titles = append(titles, label)
		f.productIDs[label] = p.ID
		labels[p.ID] = label
	}
	for _, c := range d.Target.Collections {
		collSet[c] = true
	}
	var colls []string
	for c := range collSet {
		colls = append(colls, c)
	}
	sort.Strings(colls)
	f.products = widget.NewCheckGroup(titles, nil)
	f.collections = widget.NewCheckGroup(colls, nil)
	for _, id := range d.Target.Products {
		if l, ok := labels[id]; ok {
			f.products.Selected = append(f.products.Selected, l)
		}
	}
	f.collections.Selected = append([]string(nil), d.Target.Collections...)

	bq, gq, gp, uses, bt, gt := "", "", "100", "1", "", ""
	if d.IsBuyXGetY() {
		bq, gq = strconv.Itoa(d.Buy.Quantity), strconv.Itoa(d.Get.Quantity)
		gp = d.Get.Percent.Percent().String()
		uses = strconv.Itoa(d.UsesPerOrder)
		bt, gt = targetText(d.Buy.Target), targetText(d.Get.Target)
	}
	f.buyQty, f.getQty, f.getPercent, f.uses = entry(bq, "2"), entry(gq, "1"), entry(gp, "100"), entry(uses, "1")
	f.buyTargets = entry(bt, tr("collections or product ids, comma-separated"))
	f.getTargets = entry(gt, tr("collections or product ids, comma-separated"))

	ms := ""
	if !d.MinSubtotal.IsZero() {
		ms = d.MinSubtotal.String()
	}
	mq := ""
	if d.MinQuantity > 0 {
		mq = strconv.Itoa(d.MinQuantity)
	}
	f.minSubtotal, f.minQty = entry(ms, tr("none")), entry(mq, tr("none"))
	f.starts, f.ends = entry(dateText(d.StartsAt), dateLayout), entry(dateText(d.EndsAt), dateLayout)
	ul := ""
	if d.UsageLimit > 0 {
		ul = strconv.Itoa(d.UsageLimit)
	}
	f.usage = entry(ul, tr("unlimited"))
	f.enabled = widget.NewCheck(tr("Enabled"), nil)
	f.enabled.SetChecked(d.Enabled)
	f.combProduct = widget.NewCheck(tr("Product discounts"), nil)
	f.combOrder = widget.NewCheck(tr("Order discounts"), nil)
	f.combShipping = widget.NewCheck(tr("Shipping discounts"), nil)
	f.combProduct.SetChecked(d.Combines.Product)
	f.combOrder.SetChecked(d.Combines.Order)
	f.combShipping.SetChecked(d.Combines.Shipping)

	row := func(key, label string, w fyne.CanvasObject) fyne.CanvasObject {
		r := newFormRow(label, w)
		f.rows[key] = r
		return r.box
	}
	f.bxgy = container.NewVBox(
		row("buy", tr("Buy"), container.NewBorder(nil, nil, sized(f.buyQty, 60, 0), nil, f.buyTargets)),
		row("get", tr("Get"), container.NewBorder(nil, nil, sized(f.getQty, 60, 0), nil, f.getTargets)),
		row("getPercent", tr("Get at %% off"), f.getPercent),
		row("uses", tr("Uses per order"), f.uses),
	)
	valueRow := container.NewVBox(row("value", tr("Value"), f.value), f.once)
	f.kind.OnChanged = func(s string) {
		if s == bx {
			f.bxgy.Show()
			valueRow.Hide()
		} else {
			f.bxgy.Hide()
			valueRow.Show()
		}
	}
	switch {
	case d.IsBuyXGetY():
		f.kind.SetSelected(bx)
	case d.Value.Type == pos.FixedAmount:
		f.kind.SetSelected(amt)
	default:
		f.kind.SetSelected(pct)
	}
	f.msg = widget.NewLabel("")
	f.msg.Wrapping = fyne.TextWrapWord
	f.msg.Importance = widget.DangerImportance
	f.msg.Hide()
	f.saveBtn = widget.NewButtonWithIcon(tr("Save discount"), theme.DocumentSaveIcon(), f.submit)
	f.saveBtn.Importance = widget.HighImportance
	// Targets: collections, then products as check boxes.
	targets := container.NewVBox(
		widget.NewLabelWithStyle(tr("Collections"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
		container.NewGridWrap(fyne.NewSize(150, 36), checkBoxes(f.collections)...),
		widget.NewLabelWithStyle(tr("Products"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
		container.NewGridWrap(fyne.NewSize(230, 36), checkBoxes(f.products)...))
	head := tr("New discount")
	if before != nil {
		head = tr("Edit: %v", before.Name())
	}
	f.root = container.NewVBox(
		heading(head),
		row("title", tr("Title"), f.title),
		row("method", tr("Method"), f.method),
		row("code", tr("Code"), f.code),
		row("class", tr("Applies to"), f.class),
		row("kind", tr("Kind"), f.kind),
		valueRow,
		f.bxgy,
		row("products", tr("Targets (none: all)"), targets),
		row("minSubtotal", tr("Minimum subtotal"), f.minSubtotal),
		row("minQty", tr("Minimum quantity"), f.minQty),
		row("starts", tr("Starts"), f.starts),
		row("ends", tr("Ends"), f.ends),
		row("usage", tr("Usage limit"), f.usage),
		row("combines", tr("Combines with"), container.NewHBox(f.combProduct, f.combOrder, f.combShipping)),
		f.enabled,
		f.msg,
		container.NewBorder(nil, nil, nil, f.saveBtn),
	)
	return f
}

// checkBoxes lays a CheckGroup's options out as separate checks bound to it.
func checkBoxes(g *widget.CheckGroup) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range g.Options {
		o := o
		c := widget.NewCheck(o, nil)
		for _, s := range g.Selected {
			if s == o {
				c.SetChecked(true)
			}
		}
		c.OnChanged = func(on bool) {
			sel := g.Selected[:0:0]
			for _, s := range g.Selected {
				if s != o {
					sel = append(sel, s)
				}
			}
			if on {
				sel = append(sel, o)
			}
			g.Selected = sel
		}
		out = append(out, c)
	}
	return out
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(dateLayout)
}

func targetText(t pos.Target) string {
	return strings.Join(append(append([]string(nil), t.Collections...), t.Products...), ", ")
}

// parseTarget reads "collection, product-id, ..." against the catalog.
func (f *discountForm) parseTarget(s string) (pos.Target, string) {
	var t pos.Target
	known := map[string]bool{}
	cat := f.bo.s.till.Catalog()
	for _, p := range cat.Products() {
		for _, c := range p.Collections {
			known[c] = true
		}
	}
	for _, tok := range strings.Split(s, ",") {
		tok = strings.TrimSpace(tok)
		switch {
		case tok == "":
		case known[tok]:
			t.Collections = append(t.Collections, tok)
		default:
			if _, ok := cat.Product(tok); !ok {
				return t, tr("%v is neither a collection nor a product id.", tok)
			}
			t.Products = append(t.Products, tok)
		}
	}
	return t, ""
}

// read builds the discount from the fields; ok is false when a field is wrong
// (each says why under itself).
func (f *discountForm) read() (pos.Discount, bool) {
	for _, r := range f.rows {
		r.clear()
	}
	f.msg.Hide()
	ok := true
	bad := func(key, msg string) {
		f.rows[key].fail(msg)
		ok = false
	}
	cur := f.bo.s.till.Location().Currency
	d := pos.Discount{ID: f.id, Title: strings.TrimSpace(f.title.Text), Enabled: f.enabled.Checked,
		Combines: pos.Combines{Product: f.combProduct.Checked, Order: f.combOrder.Checked, Shipping: f.combShipping.Checked}}
	if d.ID == "" {
		d.ID = strings.ToLower(pos.NewID(time.Now()))
	}
	if d.Title == "" {
		bad("title", tr("Give the discount a title."))
	}
	d.Method = pos.Automatic
	if f.method.Selected == f.method.Options[1] {
		d.Method = pos.Code
		d.Code = pos.NormalizeCode(f.code.Text)
		switch {
		case d.Code == "":
			bad("code", tr("A code discount needs a code."))
		case strings.ContainsAny(d.Code, " \t"):
			bad("code", tr("A code has no spaces."))
		default:
			if other, dup := f.bo.s.till.Discounts().ByCode(d.Code); dup && other.ID != d.ID {
				bad("code", tr("The code %v is already used by %v.", d.Code, other.Name()))
			}
		}
	}
	switch f.class.SelectedIndex() {
	case 0:
		d.Class = pos.ClassProduct
	case 1:
		d.Class = pos.ClassOrder
	case 2:
		d.Class = pos.ClassShipping
	default:
		bad("class", tr("Choose what the discount applies to."))
	}
	positive := func(key, text string, min int) int {
		text = strings.TrimSpace(text)
		if text == "" {
			return 0
		}
		n, err := strconv.Atoi(text)
		if err != nil || n < min {
			bad(key, tr("Type a whole number of at least %v.", min))
		}
		return n
	}
	switch f.kind.Selected {
	case f.kind.Options[0]:
		r, err := parsePercent(f.value.Text)
		if err != nil {
			bad("value", errText(err))
		} else if err := (pos.Value{Type: pos.Percentage, Percent: r}).Validate(); err != nil {
			bad("value", errText(err))
		}
		d.Value = pos.Value{Type: pos.Percentage, Percent: r}
		if f.once.Checked {
			bad("value", tr("Once per order is for a fixed amount."))
		}
	case f.kind.Options[1]:
		m, err := parseAmount(f.value.Text, cur)
		if err != nil {
			bad("value", errText(err))
		} else if err := (pos.Value{Type: pos.FixedAmount, Amount: m}).Validate(); err != nil {
			bad("value", errText(err))
		}
		d.Value = pos.Value{Type: pos.FixedAmount, Amount: m, OncePerOrder: f.once.Checked}
		if f.once.Checked && d.Class != pos.ClassProduct {
			bad("value", tr("Once per order is for a product discount."))
		}
	default:
		if d.Class != pos.ClassProduct {
			bad("kind", tr("Buy X get Y is a product discount."))
		}
		buy := pos.BuyRule{Quantity: positive("buy", f.buyQty.Text, 1)}
		get := pos.GetRule{Quantity: positive("get", f.getQty.Text, 1)}
		if strings.TrimSpace(f.buyQty.Text) == "" {
			bad("buy", tr("Type a whole number of at least %v.", 1))
		}
		if strings.TrimSpace(f.getQty.Text) == "" {
			bad("get", tr("Type a whole number of at least %v.", 1))
		}
		var why string
		if buy.Target, why = f.parseTarget(f.buyTargets.Text); why != "" {
			bad("buy", why)
		}
		if get.Target, why = f.parseTarget(f.getTargets.Text); why != "" {
			bad("get", why)
		}
		p := strings.TrimSpace(f.getPercent.Text)
		if p == "" {
			p = "100"
		}
		r, err := parsePercent(p)
		if err != nil || r.IsZero() || r.Cmp(pct100) > 0 {
			bad("getPercent", tr("Type a percentage more than 0 and at most 100."))
		}
		get.Percent = r
		d.Buy, d.Get = &buy, &get
		d.UsesPerOrder = positive("uses", f.uses.Text, 1)
		if d.UsesPerOrder == 0 {
			d.UsesPerOrder = 1
		}
	}
	if d.Class == pos.ClassProduct && !d.IsBuyXGetY() {
		d.Target.Collections = append([]string(nil), f.collections.Selected...)
		for _, title := range f.products.Selected {
			d.Target.Products = append(d.Target.Products, f.productIDs[title])
		}
	}
	if s := strings.TrimSpace(f.minSubtotal.Text); s != "" {
		m, err := parseAmount(s, cur)
		switch {
		case err != nil:
			bad("minSubtotal", errText(err))
		case m.IsNegative():
			bad("minSubtotal", tr("A minimum cannot be negative."))
		}
		d.MinSubtotal = m
	}
	d.MinQuantity = positive("minQty", f.minQty.Text, 1)
	d.UsageLimit = positive("usage", f.usage.Text, 1)
	date := func(key, s string) time.Time {
		s = strings.TrimSpace(s)
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(dateLayout, s, time.Local)
		if err != nil {
			t2, err2 := time.ParseInLocation("2006-01-02", s, time.Local)
			if err2 != nil {
				bad(key, tr("Type a date as %v.", "2026-12-01 09:00"))
				return time.Time{}
			}
			t = t2
		}
		return t.UTC()
	}
	d.StartsAt, d.EndsAt = date("starts", f.starts.Text), date("ends", f.ends.Text)
	if ok && !d.StartsAt.IsZero() && !d.EndsAt.IsZero() && !d.EndsAt.After(d.StartsAt) {
		bad("ends", tr("It must end after it starts."))
	}
	if ok {
		if err := d.Validate(); err != nil {
			f.msg.SetText(errText(err))
			f.msg.Show()
			ok = false
		}
	}
	return d, ok
}

var pct100, _ = pos.ParsePercent("100")

func (f *discountForm) submit() {
	d, ok := f.read()
	if !ok {
		if !f.msg.Visible() {
			f.msg.SetText(tr("Nothing was saved: fix the fields marked in red."))
			f.msg.Show()
		}
		return
	}
	f.saveBtn.Disable()
	f.bo.saveDiscount(f.before, d, func(err error) {
		f.saveBtn.Enable()
		if err != nil {
			f.msg.SetText(errText(err))
			f.msg.Show()
			return
		}
		f.bo.say(tr("Saved: %v. Carts started from now on use it.", d.Name()), nil)
		nd := d
		f.before, f.id = &nd, d.ID
	})
}
