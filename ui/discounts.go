package ui

import (
	"context"
	"strconv"
	"strings"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// discountsView is the right column's top: the code field, the codes on the
// cart, the custom discount and shipping buttons, and the explanations —
// every discount that applied (amount and source) and every one that did
// not, with the core's sentence saying why.
type discountsView struct {
	s         *Sell
	root      fyne.CanvasObject
	code      *keyEntry
	apply     *widget.Button
	codeMsg   *widget.Label
	codes     *fyne.Container
	lineBtn   *widget.Button
	cartBtn   *widget.Button
	shipBtn   *widget.Button
	codesSc   *container.Scroll
	explain   *widget.RichText
	explainSc *container.Scroll
	// count says how many discounts applied and how many did not, beside
	// the heading, so "not applied" is seen at any height.
	heading, count *widget.Label
	// The automatic discounts nothing in the cart is eligible for (or not
	// active now) fold behind a button, after those a cashier can act on.
	more     *widget.Button
	folded   *widget.RichText
	foldOpen bool
	nFolded  int
}

func newDiscountsView(s *Sell) *discountsView {
	v := &discountsView{s: s}
	v.code = newKeyEntry(s.keys, tr("Discount code (F3)"))
	v.code.OnSubmitted = func(string) { v.enterCode() }
	// A refusal belongs to the code typed: editing it clears the message.
	v.code.OnChanged = func(string) { v.codeMsg.Hide() }
	v.apply = widget.NewButton(tr("Apply"), v.enterCode)
	v.codeMsg = widget.NewLabel("")
	v.codeMsg.Wrapping = fyne.TextWrapWord
	v.codeMsg.Hide()
	v.codes = container.NewHBox()
	v.lineBtn = widget.NewButton(tr("Line discount")+" (F4)", func() { s.openLineDiscount(s.currentLine()) })
	v.cartBtn = widget.NewButton(tr("Cart discount")+" (F5)", s.openCartDiscount)
	v.shipBtn = widget.NewButtonWithIcon(tr("Shipping")+" (F11)", theme.MailSendIcon(), s.openShipping)
	v.explain = widget.NewRichText()
	v.explain.Wrapping = fyne.TextWrapWord
	v.folded = widget.NewRichText()
	v.folded.Wrapping = fyne.TextWrapWord
	v.folded.Hide()
	v.more = widget.NewButtonWithIcon("", theme.MenuDropDownIcon(), func() {
		v.foldOpen = !v.foldOpen
		v.showFold()
	})
	v.more.Importance = widget.LowImportance
	v.more.Alignment = widget.ButtonAlignLeading
	v.more.IconPlacement = widget.ButtonIconTrailingText
	v.more.Hide()
	v.explainSc = container.NewVScroll(container.New(&tightRows{}, v.explain, v.more, v.folded))
	v.codesSc = container.NewHScroll(v.codes)
	v.codesSc.Hide()
	v.heading = heading(tr("Discounts")).(*widget.Label)
	v.count = widget.NewLabel("")
	v.count.Truncation = fyne.TextTruncateEllipsis
	v.count.Alignment = fyne.TextAlignTrailing
	v.count.TextStyle = fyne.TextStyle{Italic: true}
	top := container.NewVBox(
		container.NewBorder(nil, nil, v.heading, nil, v.count),
		container.NewBorder(nil, nil, nil, v.apply, v.code),
		v.codeMsg,
		v.codesSc,
		container.NewGridWithColumns(2, v.lineBtn, v.cartBtn),
		v.shipBtn,
		widget.NewSeparator(),
	)
	v.root = container.NewBorder(top, nil, nil, nil, v.explainSc)
	return v
}

func (v *discountsView) enterCode() {
	code := strings.TrimSpace(v.code.Text)
	if code == "" {
		v.codeMsg.Importance = widget.DangerImportance
		v.codeMsg.SetText(tr("Type a code first."))
		v.codeMsg.Show()
		return
	}
	v.s.run(func(ctx context.Context) error { return v.s.till.EnterCode(ctx, code) }, func(err error) {
		if err != nil {
			v.codeMsg.Importance = widget.DangerImportance
			v.codeMsg.SetText(errText(err))
			v.codeMsg.Show()
			return
		}
		v.code.SetText("")
		v.codeMsg.Hide()
		v.s.say("")
	})
}

func (v *discountsView) update() {
	s, q := v.s, v.s.quote
	v.codes.RemoveAll()
	for _, c := range q.Codes {
		code := c
		b := widget.NewButtonWithIcon(code, theme.CancelIcon(), func() {
			s.run(func(ctx context.Context) error { return s.till.RemoveCode(ctx, code) }, nil)
		})
		b.IconPlacement = widget.ButtonIconTrailingText
		v.codes.Add(b)
	}
	v.codes.Refresh()
	if len(q.Codes) == 0 {
		v.codesSc.Hide()
	} else {
		v.codesSc.Show()
	}
	if len(q.Lines) == 0 {
		v.lineBtn.Disable()
	} else {
		v.lineBtn.Enable()
	}

	var segs []widget.RichTextSegment
	bold := func(text string, c fyne.ThemeColorName) *widget.TextSegment {
		return &widget.TextSegment{Text: text, Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: true}, ColorName: c}}
	}
	plain := func(text string, inline bool, c fyne.ThemeColorName) *widget.TextSegment {
		return &widget.TextSegment{Text: text, Style: widget.RichTextStyle{Inline: inline, ColorName: c}}
	}
	if len(q.Applied) > 0 {
		segs = append(segs, plain(tr("Applied"), false, theme.ColorNameForeground))
		segs[len(segs)-1].(*widget.TextSegment).Style.TextStyle.Bold = true
		segs[len(segs)-1].(*widget.TextSegment).Style.SizeName = theme.SizeNameSubHeadingText
	}
	for _, a := range q.Applied {
		segs = append(segs, bold(s.money.minus(a.Amount)+"  ", theme.ColorNameSuccess))
		segs = append(segs, bold(discountName(a.Title, a.Source), theme.ColorNameForeground))
		segs = append(segs, plain("  · "+s.appliedWhere(a), false, theme.ColorNamePlaceHolder))
	}
	if !q.SearchComplete {
		segs = append(segs, plain(tr("This cart has so many ways to combine its discounts that the till stopped searching: these are the best it found, which may not be the very best."), false, theme.ColorNameWarning))
	}
	notApplied := q.NotApplied
	if len(q.Lines) == 0 {
		notApplied = nil // "the cart is empty" for every discount says nothing
	}
	act, fold := splitNotApplied(notApplied)
	if len(q.Applied) == 0 && len(notApplied) == 0 {
		v.count.SetText("")
	} else {
		v.count.SetText(trn("%d applied · %d not applied", len(q.Applied), len(notApplied)))
	}
	if len(notApplied) > 0 {
		segs = append(segs, plain(tr("Not applied"), false, theme.ColorNameForeground))
		segs[len(segs)-1].(*widget.TextSegment).Style.TextStyle.Bold = true
		segs[len(segs)-1].(*widget.TextSegment).Style.SizeName = theme.SizeNameSubHeadingText
	}
	notAppliedSegs := func(list []pos.NotApplied, title fyne.ThemeColorName) []widget.RichTextSegment {
		var out []widget.RichTextSegment
		for _, n := range list {
			out = append(out, bold(discountName(n.Title, n.Source), title))
			out = append(out, plain("  · "+sourceName(n.Source), false, theme.ColorNamePlaceHolder))
			detail := sentenceText(n.Why)
			if detail == "" {
				detail = n.Reason
			}
			out = append(out, plain(detail, false, theme.ColorNameForeground))
		}
		return out
	}
	segs = append(segs, notAppliedSegs(act, theme.ColorNameWarning)...)
	if len(segs) == 0 {
		segs = append(segs, plain(tr("No discount on this cart. Automatic discounts apply by themselves; type a code above or give a custom discount."), false, theme.ColorNamePlaceHolder))
	}
	v.nFolded = len(fold)
	v.folded.Segments = notAppliedSegs(fold, theme.ColorNameForeground)
	v.folded.Refresh()
	v.showFold()
	v.explain.Segments = segs
	v.explain.Refresh()
}

// actionable reports a discount that did not apply for a reason the
// cashier can act on (a requirement, a conflict, a limit), or an entered
// code whatever its reason. Automatic discounts nothing in the cart is
// eligible for, or not active now, are not.
func actionable(n pos.NotApplied) bool {
	if n.Source != pos.Automatic {
		return true
	}
	switch n.Reason {
	case pos.ReasonNoEligible, pos.ReasonNotActive:
		return false
	}
	return true
}

// splitNotApplied keeps the quote's order within each half.
func splitNotApplied(list []pos.NotApplied) (act, fold []pos.NotApplied) {
	for _, n := range list {
		if actionable(n) {
			act = append(act, n)
		} else {
			fold = append(fold, n)
		}
	}
	return act, fold
}

// showFold shows the count line and, when opened, the folded discounts.
func (v *discountsView) showFold() {
	if v.nFolded == 0 {
		v.more.Hide()
		v.folded.Hide()
		return
	}
	switch {
	case v.foldOpen && v.nFolded == 1:
		v.more.SetText(tr("Hide the one not eligible"))
	case v.foldOpen:
		v.more.SetText(tr("Hide the %v not eligible", v.nFolded))
	default:
		v.more.SetText(trn("%d more not eligible", v.nFolded))
	}
	wasOpen := v.folded.Visible()
	if v.foldOpen {
		v.more.SetIcon(theme.MenuDropUpIcon())
		v.folded.Show()
	} else {
		v.more.SetIcon(theme.MenuDropDownIcon())
		v.folded.Hide()
	}
	v.more.Show()
	if v.foldOpen && !wasOpen {
		// Just opened: bring the count line to the top of the panel so the
		// folded discounts show below it.
		c := v.explainSc.Content
		c.Resize(fyne.NewSize(max(c.Size().Width, c.MinSize().Width), c.MinSize().Height))
		limit := c.MinSize().Height - v.explainSc.Size().Height
		v.explainSc.ScrollToOffset(fyne.NewPos(0, max(0, min(v.more.Position().Y, limit))))
		v.explainSc.Refresh()
	}
	if !v.foldOpen && wasOpen {
		v.explainSc.ScrollToTop() // just folded: the applied discounts are the top again
	}
}

// appliedWhere says where a discount came from and what it took money off.
func (s *Sell) appliedWhere(a pos.AppliedDiscount) string {
	parts := []string{sourceName(a.Source)}
	if a.Code != "" {
		parts[0] = tr("code %v", a.Code)
	}
	switch {
	case a.Line > 0:
		parts = append(parts, tr("line %v", a.Line))
	case a.Class == pos.ClassOrder:
		parts = append(parts, tr("whole order"))
	case a.Class == pos.ClassShipping:
		parts = append(parts, tr("shipping"))
	case a.Class == pos.ClassProduct:
		parts = append(parts, tr("products"))
	}
	return strings.Join(parts, ", ")
}

// customDiscountForm is the body of the line and cart discount dialogs.
type customDiscountForm struct {
	kind   *widget.RadioGroup
	value  *keyEntry
	reason *keyEntry
	msg    *widget.Label
	quick  []*widget.Button // 5%, 10%… (touch targets)
	box    *fyne.Container
}

func (s *Sell) newCustomDiscountForm(submit func(), cancel func()) *customDiscountForm {
	f := &customDiscountForm{}
	pct, amt := tr("Percent (%%)"), tr("Amount (%v)", symbol(s.quote.Currency))
	f.kind = widget.NewRadioGroup([]string{pct, amt}, nil)
	f.kind.Horizontal = true
	f.kind.Required = true
	f.kind.SetSelected(pct)
	f.value = newKeyEntry(nil, tr("e.g. 10"))
	f.reason = newKeyEntry(nil, tr("Reason (damaged, loyal customer...)"))
	for _, e := range []*keyEntry{f.value, f.reason} {
		e.OnSubmitted = func(string) { submit() }
		e.onKey = func(ev *fyne.KeyEvent) bool {
			switch ev.Name {
			case fyne.KeyEscape:
				cancel()
				return true
			case fyne.KeyF1:
				f.kind.SetSelected(pct)
				return true
			case fyne.KeyF2:
				f.kind.SetSelected(amt)
				return true
			}
			return false
		}
	}
	// Touch targets: 44 px high and wide at least, 8 px apart.
	quick := container.New(&gapRow{gap: touchGap})
	for _, p := range []int{5, 10, 15, 20, 50} {
		p := p
		b := widget.NewButton(s.money.pct(strconv.Itoa(p)), func() {
			f.kind.SetSelected(pct)
			f.value.SetText(strconv.Itoa(p))
		})
		f.quick = append(f.quick, b)
		quick.Add(sized(b, 56, touchSize))
	}
	f.msg = widget.NewLabel("")
	f.msg.Importance = widget.DangerImportance
	f.msg.Wrapping = fyne.TextWrapWord
	f.msg.Hide()
	hint := widget.NewLabel(tr("F1 percent · F2 amount · Enter applies · Esc cancels"))
	hint.TextStyle = fyne.TextStyle{Italic: true}
	f.box = container.NewVBox(f.kind, quick,
		widget.NewForm(widget.NewFormItem(tr("Value"), f.value), widget.NewFormItem(tr("Reason"), f.reason)),
		f.msg, hint)
	return f
}

// discount reads the form; an error says what to fix.
func (f *customDiscountForm) discount(cur pos.Currency) (pos.CustomDiscount, error) {
	d := pos.CustomDiscount{Reason: strings.TrimSpace(f.reason.Text)}
	if f.kind.Selected == f.kind.Options[0] {
		r, err := parsePercent(f.value.Text)
		if err != nil {
			return d, err
		}
		d.Type, d.Percent = pos.Percentage, r
	} else {
		m, err := parseAmount(f.value.Text, cur)
		if err != nil {
			return d, err
		}
		d.Type, d.Amount = pos.FixedAmount, m
	}
	return d, d.Validate(cur)
}

func (f *customDiscountForm) fail(err error) {
	f.msg.SetText(errText(err))
	f.msg.Show()
}

// customDiscountDialog is the dialog of a custom discount, on a line or on
// the whole cart: the form, Cancel, Remove when one is given already, Apply.
type customDiscountDialog struct {
	title, intro string
	scope        string // "line" or "cart", for the manager's approval
	apply        func(context.Context, pos.CustomDiscount) error
	applied      string // said once applied
	remove       func(context.Context) error
	removeLabel  string
	form         **customDiscountForm // the Sell field that holds the open form (tests)
}

func (s *Sell) showCustomDiscount(c customDiscountDialog) {
	var d *dialog.CustomDialog
	var f *customDiscountForm
	// done runs op off the UI goroutine; it closes the dialog when op is
	// accepted and shows its refusal in the form otherwise.
	done := func(op func(context.Context) error, said string) {
		s.run(op, func(err error) {
			if err != nil {
				f.fail(err)
				return
			}
			d.Hide()
			s.say(said) // "" clears an earlier refusal: it is fixed

		})
	}
	submit := func() {
		cd, err := f.discount(s.quote.Currency)
		if err != nil {
			f.fail(err)
			return
		}
		// Above the limit, the till refuses until a manager approves
		// (run asks the PIN and applies it again).
		done(func(ctx context.Context) error { return c.apply(ctx, cd) }, c.applied)
	}
	f = s.newCustomDiscountForm(submit, func() { d.Hide() })
	buttons := []fyne.CanvasObject{widget.NewButton(tr("Cancel (Esc)"), func() { d.Hide() })}
	if c.remove != nil {
		buttons = append(buttons, widget.NewButtonWithIcon(c.removeLabel, theme.DeleteIcon(), func() { done(c.remove, "") }))
	}
	ok := widget.NewButtonWithIcon(tr("Apply (Enter)"), theme.ConfirmIcon(), submit)
	ok.Importance = widget.HighImportance
	buttons = append(buttons, ok)
	d = dialog.NewCustomWithoutButtons(c.title, container.NewVBox(widget.NewLabel(c.intro), f.box), s.win)
	d.SetButtons(buttons)
	d.Resize(fyne.NewSize(520, 0))
	*c.form = f
	s.showDialog(d, func() {
		if *c.form == f {
			*c.form = nil
		}
	})
	s.win.Canvas().Focus(f.value)
}

// openLineDiscount gives a custom discount on line p (F4: the selected line).
func (s *Sell) openLineDiscount(p int) {
	if p < 1 || p > len(s.quote.Lines) {
		s.fail(pos2err(tr("Add a product first.")))
		return
	}
	l := s.quote.Lines[p-1]
	c := customDiscountDialog{
		title:   tr("Discount on line %v: %v", p, l.Title),
		intro:   s.money.money(l.UnitPrice) + " × " + strconv.Itoa(l.Quantity) + " = " + s.money.money(l.Subtotal),
		scope:   "line",
		apply:   func(ctx context.Context, cd pos.CustomDiscount) error { return s.till.SetLineDiscount(ctx, p, cd) },
		applied: tr("Discount given on line %v.", p),
		form:    &s.lineForm,
	}
	for _, ld := range l.Discounts {
		if ld.Source == pos.Custom {
			c.remove = func(ctx context.Context) error { return s.till.RemoveLineDiscount(ctx, p) }
			c.removeLabel = tr("Remove discount")
		}
	}
	s.showCustomDiscount(c)
}

// openCartDiscount adds a custom discount on the whole cart (F5).
func (s *Sell) openCartDiscount() {
	if len(s.quote.Lines) == 0 {
		s.fail(pos2err(tr("Add a product first.")))
		return
	}
	c := customDiscountDialog{
		title:   tr("Discount on the whole cart"),
		intro:   tr("Subtotal: %v. Several cart discounts compound in the order given.", s.money.money(s.quote.Subtotal)),
		scope:   "cart",
		apply:   s.till.AddCartDiscount,
		applied: tr("Discount given on the whole cart."),
		form:    &s.cartForm,
	}
	if len(s.cart.CartDiscounts) > 0 {
		c.remove, c.removeLabel = s.till.RemoveCartDiscounts, tr("Remove cart discounts")
	}
	s.showCustomDiscount(c)
}

// openShipping sets the cart's shipping charge (F11).
func (s *Sell) openShipping() {
	e := newKeyEntry(nil, s.money.plain(pos.Zero(s.quote.Currency)))
	if !s.quote.Shipping.IsZero() {
		e.SetText(s.money.plain(s.quote.Shipping))
	}
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Wrapping = fyne.TextWrapWord
	msg.Hide()
	var d *dialog.CustomDialog
	set := func(m pos.Money) {
		s.run(func(ctx context.Context) error { return s.till.SetShipping(ctx, m) }, func(err error) {
			if err != nil {
				msg.SetText(errText(err))
				msg.Show()
				return
			}
			d.Hide()
		})
	}
	submit := func() {
		m, err := parseAmount(e.Text, s.quote.Currency)
		if err != nil {
			msg.SetText(errText(err))
			msg.Show()
			return
		}
		set(m)
	}
	e.OnSubmitted = func(string) { submit() }
	e.onKey = escCloses(func() { d.Hide() })
	none := widget.NewButton(tr("No shipping"), func() { set(pos.Zero(s.quote.Currency)) })
	ok := widget.NewButtonWithIcon(tr("Set (Enter)"), theme.ConfirmIcon(), submit)
	ok.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(tr("Shipping"), container.NewVBox(
		widget.NewLabel(tr("Shipping charge (%v)", string(s.quote.Currency))), e, msg), s.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButton(tr("Cancel (Esc)"), func() { d.Hide() }), none, ok})
	d.Resize(fyne.NewSize(420, 0))
	s.showDialog(d)
	s.win.Canvas().Focus(e)
}
