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
	formSc  *container.Scroll // the form's scroll: back to the top for each form
	form    *discountForm
	newBtn  *widget.Button
	rows    []*discountRow // the list's rows (tests)
}

func newDiscountsAdmin(bo *backOffice) *discountsAdmin {
	v := &discountsAdmin{bo: bo}
	v.list = container.NewVBox()
	v.newBtn = widget.NewButtonWithIcon(tr("New discount"), theme.ContentAddIcon(), func() { v.edit(nil, false) })
	v.formBox = container.NewStack(widget.NewLabel(tr("Pick a discount to edit, or create one.")))
	left := container.NewBorder(v.newBtn, nil, nil, nil, container.NewVScroll(v.list))
	v.formSc = container.NewVScroll(v.formBox)
	split := container.NewHSplit(left, v.formSc)
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
	now := v.bo.now()
	groups := map[pos.DiscountStatus][]*pos.Discount{}
	for _, d := range v.bo.till.Discounts().All() {
		st := d.Status(now)
		groups[st] = append(groups[st], d)
	}
	v.list.RemoveAll()
	v.rows = nil
	for _, st := range []pos.DiscountStatus{pos.StatusActive, pos.StatusScheduled, pos.StatusExpired, pos.StatusDisabled} {
		if len(groups[st]) == 0 {
			continue
		}
		v.list.Add(heading(statusLabel(st) + " (" + strconv.Itoa(len(groups[st])) + ")"))
		for _, d := range groups[st] {
			r := newDiscountRow(*d, v.bo.describe(d), v)
			v.rows = append(v.rows, r)
			v.list.Add(r)
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
		parts = append(parts, trn("buy %d get %d", d.Buy.Quantity, d.Get.Quantity))
	case d.Value.Type == pos.Percentage:
		parts = append(parts, bo.money.pct(d.Value.Percent.Percent().String()))
	default:
		parts = append(parts, bo.money.money(d.Value.Amount))
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
	v.formSc.ScrollToTop() // a new form starts at its top
}

// discountRow is one discount in the list: its name and what it is, and
// labelled buttons (Edit, Duplicate, Disable: nothing here deletes).
type discountRow struct {
	widget.BaseWidget
	d              *pos.Discount
	name, info     *widget.Label
	edit, dup, off *widget.Button
}

func newDiscountRow(d pos.Discount, info string, v *discountsAdmin) *discountRow {
	r := &discountRow{d: &d, name: widget.NewLabel(d.Name()), info: widget.NewLabel(info)}
	r.name.TextStyle = fyne.TextStyle{Bold: true}
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.info.Truncation = fyne.TextTruncateEllipsis
	r.edit = widget.NewButtonWithIcon(tr("Edit"), theme.DocumentCreateIcon(), func() { v.edit(r.d, false) })
	r.dup = widget.NewButtonWithIcon(tr("Duplicate"), theme.ContentCopyIcon(), func() { v.edit(r.d, true) })
	r.off = widget.NewButtonWithIcon(tr("Disable"), theme.VisibilityOffIcon(), func() { v.disable(*r.d) })
	for _, b := range []*widget.Button{r.edit, r.dup, r.off} {
		b.Importance = widget.LowImportance
	}
	if !d.Enabled {
		r.off.Disable()
	}
	r.ExtendBaseWidget(r)
	return r
}

func (r *discountRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(r.name, r.info, container.NewHBox(r.edit, r.dup, r.off), widget.NewSeparator()))
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
	lbl   *fyne.Container // the label at its width
	err   *widget.Label
	box   *fyne.Container
}

func newFormRow(label string, w fyne.CanvasObject) *formRow {
	r := &formRow{label: widget.NewLabel(label)}
	r.err = widget.NewLabel("")
	r.err.Importance = widget.DangerImportance
	r.err.Wrapping = fyne.TextWrapWord
	r.err.Hide()
	r.lbl = sized(r.label, 170, 0)
	r.box = container.NewBorder(nil, r.err, r.lbl, nil, w)
	return r
}

// alignRows gives rows' labels one width, the widest label's (at least
// 170): their fields start at one line.
func alignRows(rows ...*formRow) {
	w := float32(170)
	for _, r := range rows {
		w = max(w, r.label.MinSize().Width)
	}
	for _, r := range rows {
		r.lbl.Layout = &minSize{fyne.NewSize(w, 0)}
	}
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
	collections                                                  *widget.CheckGroup
	targets                                                      *targetPicker // the target products
	targetRow, onceRow                                           fyne.CanvasObject
	rows                                                         map[string]*formRow
	bxgy                                                         *fyne.Container
	valueRow                                                     fyne.CanvasObject
	saveBtn                                                      *widget.Button
}

func newDiscountForm(bo *backOffice, d pos.Discount, before *pos.Discount) *discountForm {
	f := &discountForm{bo: bo, before: before, id: d.ID, rows: map[string]*formRow{}}
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
	f.class = newSelect(classes, nil)
	f.class.SetSelected(classLabel(d.Class))
	pct, amt, bx := tr("Percentage"), tr("Fixed amount"), tr("Buy X get Y")
	f.kind = widget.NewRadioGroup([]string{pct, amt, bx}, nil)
	// One choice a line: three side by side do not fit the form at
	// 1024 px in French.
	f.kind.Required = true
	value := ""
	switch {
	case d.Value.Type == pos.Percentage && !d.Value.Percent.IsZero():
		value = bo.money.rate(d.Value.Percent)
	case d.Value.Type == pos.FixedAmount:
		value = bo.money.plain(d.Value.Amount)
	}
	f.value = entry(value, tr("e.g. 10"))
	f.once = widget.NewCheck(tr("Once per order, not per item"), nil)
	f.once.SetChecked(d.Value.OncePerOrder)

	cat := bo.till.Catalog()
	collSet := map[string]bool{}
	for _, p := range cat.Products() {
		for _, c := range p.Collections {
			collSet[c] = true
		}
	}
	for _, c := range d.Target.Collections {
		collSet[c] = true
	}
	var colls []string
	for c := range collSet {
		colls = append(colls, c)
	}
	sort.Strings(colls)
	f.collections = widget.NewCheckGroup(colls, nil)
	// Products: a searchable picker (a catalog of 10,000 is no list of
	// check boxes); an archived target stays, so saving keeps it.
	f.targets = newTargetPicker(bo.money, cat, d.Target.Products)
	f.collections.Selected = append([]string(nil), d.Target.Collections...)

	bq, gq, gp, uses, bt, gt := "", "", "100", "1", "", ""
	if d.IsBuyXGetY() {
		bq, gq = strconv.Itoa(d.Buy.Quantity), strconv.Itoa(d.Get.Quantity)
		gp = bo.money.rate(d.Get.Percent)
		uses = strconv.Itoa(d.UsesPerOrder)
		bt, gt = targetText(d.Buy.Target), targetText(d.Get.Target)
	}
	f.buyQty, f.getQty, f.getPercent, f.uses = entry(bq, "2"), entry(gq, "1"), entry(gp, "100"), entry(uses, "1")
	f.buyTargets = entry(bt, tr("collections or product ids, comma-separated"))
	f.getTargets = entry(gt, tr("collections or product ids, comma-separated"))

	ms := ""
	if !d.MinSubtotal.IsZero() {
		ms = bo.money.plain(d.MinSubtotal)
	}
	mq := ""
	if d.MinQuantity > 0 {
		mq = strconv.Itoa(d.MinQuantity)
	}
	f.minSubtotal, f.minQty = entry(ms, tr("none")), entry(mq, tr("none"))
	// Dates the locale's way, with real examples ("ex. 24/12/2026 ou
	// 24/12/2026 18:00"); ISO is taken too.
	mf := bo.money
	f.starts = entry(dateText(mf, d.StartsAt, false), tr("e.g. %v or %v", mf.dayExample(), mf.dayTimeExample()))
	f.ends = entry(dateText(mf, d.EndsAt, true), tr("e.g. %v (all of that day) or %v", mf.dayExample(), mf.dayTimeExample()))
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
	f.onceRow = f.once
	valueRow := container.NewVBox(row("value", tr("Value"), f.value), f.once)
	f.kind.OnChanged = func(string) { f.showFields() }
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
	// Targets: collections as check boxes (a shop has a few), then the
	// products picked by search.
	targets := container.NewVBox(
		widget.NewLabelWithStyle(tr("Collections"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
		container.NewGridWrap(fyne.NewSize(150, 36), checkBoxes(f.collections)...),
		widget.NewLabelWithStyle(tr("Products"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}),
		f.targets.root)
	f.targetRow = row("products", tr("Targets (none: all)"), targets)
	f.class.OnChanged = func(string) { f.showFields() }
	f.valueRow = valueRow
	f.showFields()
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
		f.targetRow,
		row("minSubtotal", tr("Minimum subtotal"), f.minSubtotal),
		row("minQty", tr("Minimum quantity"), f.minQty),
		row("starts", tr("Starts"), f.starts),
		row("ends", tr("Ends"), f.ends),
		row("usage", tr("Usage limit"), f.usage),
		row("combines", tr("Combines with"), container.NewVBox(f.combProduct, f.combOrder, f.combShipping)),
		f.enabled,
		f.msg,
		container.NewBorder(nil, nil, nil, f.saveBtn),
	)
	return f
}

// showFields shows the fields that mean something for the class and kind
// chosen: targets, buy X get Y and "Once per order" are for product
// discounts only (an order or shipping discount hides them, and offers no
// buy X get Y).
func (f *discountForm) showFields() {
	product := f.class.SelectedIndex() <= 0
	pct, amt, bx := tr("Percentage"), tr("Fixed amount"), tr("Buy X get Y")
	if product {
		if len(f.kind.Options) != 3 {
			f.kind.Options = []string{pct, amt, bx}
			f.kind.Refresh()
		}
	} else if len(f.kind.Options) != 2 {
		if f.kind.Selected == bx {
			f.kind.Selected = pct
		}
		f.kind.Options = []string{pct, amt}
		f.kind.Refresh()
	}
	isBX := product && f.kind.Selected == bx
	vis := func(o fyne.CanvasObject, on bool) {
		if o == nil {
			return
		}
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	vis(f.bxgy, isBX)
	vis(f.valueRow, !isBX)
	vis(f.onceRow, product && !isBX)
	vis(f.targetRow, product && !isBX)
	if !product {
		f.once.SetChecked(false)
	}
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

// dateText shows a start or end in the shop's time zone, the locale's
// way: a whole day (an end at 23:59:59.999, a start at 00:00) as the day
// alone.
func dateText(f moneyFormat, t time.Time, end bool) string {
	switch {
	case t.IsZero():
		return ""
	case end && pos.IsEndOfDay(t, time.Local), !end && pos.IsStartOfDay(t, time.Local):
		return f.day(t.In(time.Local))
	}
	return f.dayTime(t.In(time.Local))
}

func targetText(t pos.Target) string {
	return strings.Join(append(append([]string(nil), t.Collections...), t.Products...), ", ")
}

// parseTarget reads "collection, product-id, ..." against the catalog.
func (f *discountForm) parseTarget(s string) (pos.Target, string) {
	var t pos.Target
	known := map[string]bool{}
	cat := f.bo.till.Catalog()
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
	cur := f.bo.till.Location().Currency
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
			if other, dup := f.bo.till.Discounts().ByCode(d.Code); dup && other.ID != d.ID {
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
		d.Target.Products = append([]string(nil), f.targets.chosen...)
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
	// A day alone is the whole day in the shop's time zone: a start at its
	// 00:00, an end at its 23:59:59.999 (pos.StartOfDay, pos.EndOfDay).
	date := func(key, s string, end bool) time.Time {
		s = strings.TrimSpace(s)
		if s == "" {
			return time.Time{}
		}
		day, clock, err := f.bo.money.parseDayTime(s)
		switch {
		case err != nil:
			bad(key, tr("Type a date as %v.", f.bo.money.dayTimeExample()))
			return time.Time{}
		case clock:
			return day.UTC()
		case end:
			return pos.EndOfDay(day, time.Local).UTC()
		}
		return pos.StartOfDay(day, time.Local).UTC()
	}
	d.StartsAt, d.EndsAt = date("starts", f.starts.Text, false), date("ends", f.ends.Text, true)
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
