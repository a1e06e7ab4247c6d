package ui

import (
	"context"
	"encoding/json"
	"fmt"
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

// auditView is the audit log as a table a manager reads: when, who (by
// name), what (the kind of change and the name of what changed, not its
// id) and what changed, before → after, field by field. Three filters
// narrow it: who, what, and any text.
type auditView struct {
	bo    *backOffice
	root  fyne.CanvasObject
	all   []auditLine
	shown []auditLine
	list  *escList
	who   *escSelect
	what  *escSelect
	text  *escEntry
	count *widget.Label
}

// auditLine is one entry as shown, with its text folded for the filter.
type auditLine struct {
	when, who, what, change string
	action                  string
	folded                  string
}

// The widths of the table's first three columns; the change takes the rest.
const (
	auditWhen = 175 // "24 Dec 2026 09:05:30", "24/12/2026 09:05:30"
	auditWho  = 120
	auditWhat = 250
)

func newAuditView(bo *backOffice) *auditView {
	v := &auditView{bo: bo}
	v.list = newEscList(func() int { return len(v.shown) },
		func() fyne.CanvasObject { return newAuditRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(v.shown) {
				o.(*auditRow).set(v.shown[id])
			}
		})
	v.who = newEscSelect(nil, func(string) { v.filter() })
	v.what = newEscSelect(nil, func(string) { v.filter() })
	v.text = newEscEntry()
	v.text.SetPlaceHolder(tr("Search the log"))
	v.text.OnChanged = func(string) { v.filter() }
	v.count = widget.NewLabel("")
	v.count.TextStyle = fyne.TextStyle{Italic: true}
	head := newAuditRow()
	head.set(auditLine{when: tr("When"), who: tr("Who"), what: tr("What"), change: tr("Before → after")})
	for _, l := range []*widget.Label{head.when, head.who, head.what, head.change} {
		l.TextStyle = fyne.TextStyle{Bold: true}
	}
	filters := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(tr("Who")), sized(v.who, 170, 0), widget.NewLabel(tr("What")), sized(v.what, 210, 0)),
		v.count, v.text)
	v.root = container.NewBorder(container.NewVBox(filters, head, widget.NewSeparator()), nil, nil, nil, v.list)
	return v
}

// refresh reads the newest entries, the staff's names and the numbers of
// the orders entries name, off the UI goroutine.
func (v *auditView) refresh() {
	var list []pos.AuditEntry
	var staff []pos.StaffInfo
	orders := map[string]string{}
	var err error
	office, till := v.bo.office, v.bo.till
	v.bo.w.background(func(ctx context.Context) {
		if list, err = office.Audit(ctx, 500); err != nil {
			return
		}
		if staff, err = office.Staff(ctx); err != nil {
			return
		}
		for _, e := range list {
			if e.Action != pos.AuditApproval || auditPermission(e) != pos.PermRefundAboveLimit || orders[e.Subject] != "" {
				continue
			}
			o, oerr := till.Order(ctx, e.Subject)
			if oerr != nil {
				err = fmt.Errorf("reading order %s of the audit log: %w", e.Subject, oerr)
				return
			}
			orders[e.Subject] = o.NumberLabel()
		}
	}, func() {
		if err != nil {
			v.bo.say("", err)
			return
		}
		v.show(list, auditNames{staff: staffNames(staff), orders: orders, shifts: shiftsOf(list)})
	})
}

// auditNames is what the audit table names things by, read with the log:
// staff by name, orders by number, shifts by till and opening time.
type auditNames struct {
	staff  map[string]string     // staff id → name
	orders map[string]string     // order id → "#12"
	shifts map[string]auditShift // shift id → its till and opening
}

// auditShift is a shift as the log knows it (its opening entry).
type auditShift struct {
	till   string
	opened time.Time
}

func staffNames(staff []pos.StaffInfo) map[string]string {
	names := map[string]string{}
	for _, s := range staff {
		names[s.ID] = s.Name
	}
	return names
}

// shiftsOf reads the shifts opened in list: their till and when.
func shiftsOf(list []pos.AuditEntry) map[string]auditShift {
	out := map[string]auditShift{}
	for _, e := range list {
		if e.Action != pos.AuditShiftOpen {
			continue
		}
		sh := auditShift{opened: e.At}
		if m, ok := auditValue(e.After).(map[string]any); ok {
			sh.till, _ = m["till"].(string)
		}
		out[e.Subject] = sh
	}
	return out
}

// auditPermission is the permission an approval entry records.
func auditPermission(e pos.AuditEntry) pos.Permission {
	if m, ok := auditValue(e.After).(map[string]any); ok {
		if p, ok := m["permission"].(string); ok {
			return pos.Permission(p)
		}
	}
	return ""
}

// show lays out entries (newest first) with the names known now.
func (v *auditView) show(list []pos.AuditEntry, names auditNames) {
	v.all = v.all[:0]
	whos, whats := map[string]bool{}, map[string]bool{}
	for _, e := range list {
		l := v.bo.auditLine(e, names)
		v.all = append(v.all, l)
		whos[l.who], whats[auditActionLabel(e.Action)] = true, true
	}
	everyone, everything := tr("Everyone"), tr("Everything")
	opts := func(set map[string]bool, first string) []string {
		out := make([]string, 0, len(set)+1)
		for k := range set {
			out = append(out, k)
		}
		sort.Strings(out)
		return append([]string{first}, out...)
	}
	keep := func(s *escSelect, options []string, first string) {
		sel := s.Selected
		s.Options = options
		found := false
		for _, o := range options {
			found = found || o == sel
		}
		if !found {
			sel = first
		}
		s.Selected = sel
		s.Refresh()
	}
	keep(v.who, opts(whos, everyone), everyone)
	keep(v.what, opts(whats, everything), everything)
	v.filter()
}

// filter shows the lines matching who, what and the text typed.
func (v *auditView) filter() {
	q := pos.FoldText(strings.TrimSpace(v.text.Text))
	v.shown = v.shown[:0]
	for _, l := range v.all {
		if v.who.SelectedIndex() > 0 && l.who != v.who.Selected {
			continue
		}
		if v.what.SelectedIndex() > 0 && auditActionLabel(l.action) != v.what.Selected {
			continue
		}
		if q != "" && !strings.Contains(l.folded, q) {
			continue
		}
		v.shown = append(v.shown, l)
	}
	v.count.SetText(trn("%d entries", len(v.shown)))
	// One line per field changed: each row is as tall as its change.
	line := newAuditRow().MinSize().Height - 2*theme.Padding()
	for i, l := range v.shown {
		n := min(strings.Count(l.change, "\n")+1, 12)
		v.list.SetItemHeight(i, line*float32(n)+2*theme.Padding())
	}
	v.list.Refresh()
}

// auditLine is an entry in words: the member's name, the action and what
// it acted on named as a manager knows it (a discount's or a product's
// title, a member's name, a shift by its till and opening time, an order
// by its number), and the fields that changed, named in the manager's
// language. No id is shown: one the log cannot name is left out.
func (bo *backOffice) auditLine(e pos.AuditEntry, names auditNames) auditLine {
	l := auditLine{action: e.Action, when: bo.money.stamp(e.At.In(time.Local))}
	l.who = names.staff[e.StaffID]
	if l.who == "" {
		l.who = e.StaffID
		if isID(l.who) {
			l.who = "–"
		}
	}
	before, after := bo.auditNamed(auditValue(e.Before), names), bo.auditNamed(auditValue(e.After), names)
	subject := e.Subject
	shift := func() string {
		sh, ok := names.shifts[e.Subject]
		if !ok {
			return tr("Shift")
		}
		return tr("Shift %v · %v", sh.till, bo.money.dayTime(sh.opened.In(time.Local)))
	}
	switch e.Action {
	case pos.AuditDiscount:
		if d, ok := bo.till.Discounts().ByID(e.Subject); ok {
			subject = d.Name()
		}
	case pos.AuditProduct, pos.AuditCrossSell:
		if p, ok := bo.till.Catalog().Product(e.Subject); ok {
			subject = p.Title
		}
	case pos.AuditStaff, pos.AuditLockout, pos.AuditLockoutClear:
		if n := names.staff[e.Subject]; n != "" {
			subject = n
		}
	case pos.AuditShiftOpen, pos.AuditShiftClose, pos.AuditCashMove, pos.AuditNoSale:
		subject = shift()
	case pos.AuditTestMode:
		subject = tr("Till %v", e.Subject)
	case pos.AuditLineRemoved, pos.AuditLineRestored:
		subject = tr("Cart")
	case pos.AuditPrinter, pos.AuditImport, pos.AuditIdleLock, pos.AuditApprovalLimit:
		subject = "" // the action says it all
	case pos.AuditApproval:
		switch auditPermission(e) {
		case pos.PermRefundAboveLimit:
			subject = tr("Order %v", names.orders[e.Subject])
		case pos.PermDiscountAboveLimit:
			subject = tr("Cart")
		case pos.PermTestMode:
			subject = tr("Till %v", e.Subject)
		case pos.PermCashOut, pos.PermNoSale:
			subject = shift()
		case pos.PermBackOffice:
			subject = tr("Printer")
		}
	}
	if subject == e.Subject && subject != "" { // gone since: its name as written
		for _, v := range []any{after, before} {
			if m, ok := v.(map[string]any); ok {
				for _, k := range []string{"Title", "Name", "Code"} {
					if s, ok := m[k].(string); ok && s != "" {
						subject = s
						break
					}
				}
			}
		}
	}
	if isID(subject) {
		subject = ""
	}
	l.what = auditActionLabel(e.Action)
	if subject != "" {
		l.what = colonText(l.what, subject)
	}
	l.change = auditChange(bo.money, before, after)
	l.folded = pos.FoldText(strings.Join([]string{l.when, l.who, l.what, l.change}, " "))
	return l
}

// auditNamed is an entry's value with its ids named: staff (cashier, by,
// StaffID) by name, products and discounts by title, a permission in
// words; the ids of the object itself, its lines and prices are left out,
// and so is any other id the log cannot name.
func (bo *backOffice) auditNamed(v any, names auditNames) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			switch k {
			case "ID", "LineID", "PriceID", "CartID":
				continue
			case "permission":
				if p, ok := e.(string); ok {
					e = permName(pos.Permission(p))
				}
			case "ProductID", "Products":
				e = bo.auditProducts(e)
			case "DiscountID":
				if id, ok := e.(string); ok {
					if d, ok := bo.till.Discounts().ByID(id); ok {
						e = d.Name()
					}
				}
			}
			if id, ok := e.(string); ok {
				if n := names.staff[id]; n != "" {
					e = n
				} else if isID(id) {
					continue
				}
			}
			out[k] = bo.auditNamed(e, names)
		}
		return out
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if id, ok := e.(string); ok && isID(id) {
				continue
			}
			out = append(out, bo.auditNamed(e, names))
		}
		return out
	}
	return v
}

// auditProducts names a product id, or a list of them, by title.
func (bo *backOffice) auditProducts(v any) any {
	title := func(id string) any {
		if p, ok := bo.till.Catalog().Product(id); ok {
			return p.Title
		}
		return id
	}
	switch x := v.(type) {
	case string:
		return title(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			if id, ok := e.(string); ok {
				out[i] = title(id)
			} else {
				out[i] = e
			}
		}
		return out
	}
	return v
}

// isID reports an id as pos.NewID writes them: 26 Crockford base32 digits.
func isID(s string) bool {
	if len(s) != 26 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", r) {
			return false
		}
	}
	return true
}

// auditActionLabel names an audit action in the manager's language.
func auditActionLabel(a string) string {
	switch a {
	case pos.AuditApproval:
		return tr("Approval")
	case pos.AuditDiscount:
		return tr("Discount")
	case pos.AuditCrossSell:
		return tr("Cross-sell")
	case pos.AuditProduct:
		return tr("Product")
	case pos.AuditLocation:
		return tr("Location")
	case pos.AuditApprovalLimit:
		return tr("Limits")
	case pos.AuditStaff:
		return tr("Staff")
	case pos.AuditLockout:
		return tr("Locked out")
	case pos.AuditLockoutClear:
		return tr("Lock cleared")
	case pos.AuditTestMode:
		return tr("Test mode")
	case pos.AuditCashMove:
		return tr("Cash in or out")
	case pos.AuditNoSale:
		return tr("No sale")
	case pos.AuditShiftOpen:
		return tr("Shift opened")
	case pos.AuditShiftClose:
		return tr("Shift closed")
	case pos.AuditIdleLock:
		return tr("Idle lock")
	case pos.AuditPrinter:
		return tr("Printer")
	case pos.AuditImport:
		return tr("Catalog import")
	case pos.AuditLineRemoved:
		return tr("Line removed")
	case pos.AuditLineRestored:
		return tr("Line put back")
	}
	return a
}

// auditValue reads an entry's JSON (nil when empty, the text itself when
// it is not JSON).
func auditValue(s string) any {
	if s == "" {
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	return v
}

// colonText writes "Label: value", in French "Libellé : valeur" (the
// catalogue's typography).
func colonText(label, value string) string { return tr("%v: %v", label, value) }

// auditChange says what changed: "Title: A → B · Enabled: yes → no" field
// by field for two objects, "new: …" or "removed: …" for one alone;
// amounts, percentages, numbers and times written the locale's way.
func auditChange(f moneyFormat, before, after any) string {
	fb, fa := map[string]string{}, map[string]string{}
	flatten(f, "", before, fb)
	flatten(f, "", after, fa)
	switch {
	case before == nil && after == nil:
		return ""
	case before == nil:
		return colonText(tr("new"), summary(fa))
	case after == nil:
		return colonText(tr("removed"), summary(fb))
	}
	keys := map[string]bool{}
	for k := range fb {
		keys[k] = true
	}
	for k := range fa {
		keys[k] = true
	}
	var sorted []string
	for k := range keys {
		if fb[k] != fa[k] {
			sorted = append(sorted, k)
		}
	}
	sort.Strings(sorted)
	var parts []string
	for _, k := range sorted {
		b, a := fb[k], fa[k]
		if b == "" {
			b = "–"
		}
		if a == "" {
			a = "–"
		}
		if k == "" {
			parts = append(parts, b+" → "+a)
			continue
		}
		parts = append(parts, colonText(fieldLabel(k), b+" → "+a))
	}
	if len(parts) == 0 {
		return tr("no change")
	}
	return strings.Join(parts, "\n")
}

// summary is an object's main fields for a creation or removal.
func summary(f map[string]string) string {
	for _, k := range []string{"Title", "Name", "Code"} {
		if v := f[k]; v != "" {
			return v
		}
	}
	var parts []string
	var keys []string
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if f[k] != "" {
			if k == "" {
				parts = append(parts, f[k])
			} else {
				parts = append(parts, colonText(fieldLabel(k), f[k]))
			}
		}
	}
	return strings.Join(parts, " · ")
}

// flatten writes v's leaves as "Path.To.Field" → text, the locale's way
// (f): money objects ({"currency","amount"}) are one leaf, "$12.50" or
// "12,50 $"; percentages (Percent, TaxRate) "12.5%", "12,5 %"; numbers
// "1,200", "1 200"; times "24 Dec 2026 09:05", "24/12/2026 09:05" (a whole
// day's start or end as the day). Empty values are left out (an unset
// field reads as "–").
func flatten(f moneyFormat, path string, v any, out map[string]string) {
	field := path[strings.LastIndex(path, ".")+1:]
	switch x := v.(type) {
	case nil:
	case map[string]any:
		if c, ok := x["currency"].(string); ok && len(x) == 2 {
			if a, ok := x["amount"].(string); ok {
				if a != "" {
					if m, err := pos.ParseMoney(a, pos.Currency(c)); err == nil && c != "" {
						out[path] = f.money(m)
					} else {
						out[path] = strings.TrimSpace(f.number(a) + " " + c)
					}
				}
				return
			}
		}
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			flatten(f, p, e, out)
		}
	case []any:
		var parts []string
		for _, e := range x {
			m := map[string]string{}
			flatten(f, "", e, m)
			parts = append(parts, summary(m))
		}
		if len(parts) > 0 {
			out[path] = "[" + strings.Join(parts, ", ") + "]"
		}
	case bool:
		if x {
			out[path] = tr("yes")
		} else {
			out[path] = tr("no")
		}
	case float64:
		if x != 0 {
			out[path] = f.number(strconv.FormatFloat(x, 'f', -1, 64))
		}
	case string:
		if x == "" || x == "0001-01-01T00:00:00Z" {
			break
		}
		out[path] = x
		if field == "Percent" || field == "percent" || field == "TaxRate" {
			if r, err := pos.ParsePercent(x); err == nil {
				out[path] = f.pct(r.Percent().String())
			}
		} else if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			switch field {
			case "StartsAt", "EndsAt":
				out[path] = dateText(f, t, field == "EndsAt")
			default:
				out[path] = f.dayTime(t.In(time.Local))
			}
		}
	default:
		out[path] = fmt.Sprint(x)
	}
}

// auditRow is one line of the audit table: a widget of its own, its four
// columns at the table's widths.
type auditRow struct {
	widget.BaseWidget
	when, who, what, change *widget.Label
}

func newAuditRow() *auditRow {
	r := &auditRow{when: widget.NewLabel(""), who: widget.NewLabel(""), what: widget.NewLabel(""), change: widget.NewLabel("")}
	for _, l := range []*widget.Label{r.when, r.who, r.what} {
		l.Truncation = fyne.TextTruncateEllipsis
	}
	r.change.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

func (r *auditRow) set(l auditLine) {
	r.when.SetText(l.when)
	r.who.SetText(l.who)
	r.what.SetText(l.what)
	r.change.SetText(l.change)
}

func (r *auditRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(auditColumns{}, r.when, r.who, r.what, r.change))
}

// auditColumns lays out the when, who, what and change columns.
type auditColumns struct{}

func (auditColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, w := range []float32{auditWhen, auditWho, auditWhat} {
		objs[i].Move(fyne.NewPos(x, 0))
		objs[i].Resize(fyne.NewSize(w, size.Height))
		x += w
	}
	objs[3].Move(fyne.NewPos(x, 0))
	objs[3].Resize(fyne.NewSize(max(size.Width-x, 0), size.Height))
}

func (auditColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs[:3] {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(auditWhen+auditWho+auditWhat+200, h)
}

// fieldLabel names a changed field ("Combines.Order", "float") in the
// manager's language, part by part: every field the audit log records
// (the set-up's objects, and the till's own entries: shifts, cash moves,
// approvals, lockouts, imports). A field not named here keeps its own
// name [TestAuditFieldsNamed].
func fieldLabel(path string) string {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		if l := fieldName(p); l != "" {
			parts[i] = l
		}
	}
	return strings.Join(parts, " · ")
}

// fieldName is one field's name, "" when it has none; the Go name and the
// snake_case one are the same field ("CrossSell", "cross_sell").
func fieldName(p string) string {
	switch strings.ToLower(strings.ReplaceAll(p, "_", "")) {
	case "title":
		return tr("Title")
	case "name":
		return tr("Name")
	case "code":
		return tr("Code")
	case "amount":
		return tr("Amount")
	case "percent":
		return tr("Percent")
	case "refund":
		return tr("Refund")
	case "enabled":
		return tr("Enabled")
	case "active":
		return tr("active")
	case "value":
		return tr("Value")
	case "combines":
		return tr("Combines with")
	case "product", "productid":
		return tr("Product")
	case "order":
		return tr("Order")
	case "shipping":
		return tr("Shipping")
	case "startsat":
		return tr("Starts")
	case "endsat":
		return tr("Ends")
	case "usagelimit":
		return tr("Usage limit")
	case "minsubtotal":
		return tr("Minimum subtotal")
	case "minquantity":
		return tr("Minimum quantity")
	case "prices":
		return tr("Prices")
	case "barcode":
		return tr("Barcode")
	case "sku":
		return tr("SKU")
	case "collections":
		return tr("Collections")
	case "archived":
		return tr("archived")
	case "role":
		return tr("Role")
	case "seconds":
		return tr("seconds")
	case "till":
		return tr("Till")
	case "float":
		return tr("Float")
	case "counted":
		return tr("Counted")
	case "expected":
		return tr("Expected")
	case "difference":
		return tr("Difference")
	case "reason":
		return tr("Reason")
	case "subtotal":
		return tr("Subtotal")
	case "permission":
		return tr("Permission")
	case "cashier":
		return tr("Cashier")
	case "by":
		return tr("By")
	case "testmode":
		return tr("Test mode")
	case "crosssell":
		return tr("Cross-sell")
	case "path":
		return tr("Device")
	case "columns":
		return tr("Columns")
	case "lockeduntil":
		return tr("Locked until")
	case "lockouts":
		return tr("Lockouts")
	case "products":
		return tr("Products")
	case "added":
		return tr("Added")
	case "replaced":
		return tr("Replaced")
	case "pinchanged":
		return tr("PIN changed")
	case "currency":
		return tr("Currency")
	case "taxrate":
		return tr("Tax rate")
	case "taxbehavior":
		return tr("Tax behaviour")
	case "defaulttaxbehavior":
		return tr("Default tax behaviour")
	case "automatictax":
		return tr("Automatic tax")
	case "pro":
		return tr("Pro")
	case "receiptheader":
		return tr("Receipt header")
	case "receiptfooter":
		return tr("Receipt footer")
	case "favourite":
		return tr("Favourite")
	case "type":
		return tr("Type")
	case "interval":
		return tr("Interval")
	case "intervalcount":
		return tr("Interval count")
	case "quantity":
		return tr("Quantity")
	case "unitprice":
		return tr("Unit price")
	case "class":
		return tr("Class")
	case "method":
		return tr("Method")
	case "buy":
		return tr("Buy")
	case "get":
		return tr("Get")
	case "target":
		return tr("Target")
	case "discounts":
		return tr("Discounts")
	case "discountid":
		return tr("Discount")
	case "net":
		return tr("Net")
	case "split":
		return tr("Split")
	case "units":
		return tr("Units")
	case "usesperorder":
		return tr("Uses per order")
	case "onceperorder":
		return tr("Once per order")
	case "source":
		return tr("Source")
	case "pos":
		return tr("Line")
	case "ordershare":
		return tr("Order share")
	case "tax":
		return tr("Tax")
	}
	return ""
}
