package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// locationView edits the till's location and the manager's approval limit
// for custom discounts.
type locationView struct {
	bo   *backOffice
	root fyne.CanvasObject
	rows map[string]*formRow
	msg  *widget.Label

	name, currency, taxRate, header, footer *escEntry
	pro, autoTax                            *escCheck
	behavior                                *escSelect
	limitPct, limitAmt, limitRefund, idle   *escEntry
	saveBtn, limitBtn                       *widget.Button
	limit                                   pos.ApprovalLimit // as last read
	reads                                   int               // reads started: only the last one shows
	idleLock                                time.Duration     // as last read
}

var behaviorOptions = []pos.TaxBehavior{"", pos.TaxInclusive, pos.TaxExclusive}

func newLocationView(bo *backOffice) *locationView {
	v := &locationView{bo: bo, rows: map[string]*formRow{}}
	v.name, v.currency, v.taxRate = newEscEntry(), newEscEntry(), newEscEntry()
	v.header, v.footer = newEscMultiLineEntry(), newEscMultiLineEntry()
	v.header.SetMinRowsVisible(2)
	v.footer.SetMinRowsVisible(2)
	v.pro = newEscCheck(tr("Pro (several discounts combine on one cart)"), nil)
	v.autoTax = newEscCheck(tr("Automatic tax"), nil)
	v.behavior = newEscSelect([]string{tr("none (tax on top)"), tr("tax included"), tr("tax on top")}, nil)
	v.limitPct, v.limitAmt = newEscEntry(), newEscEntry()
	v.limitRefund, v.idle = newEscEntry(), newEscEntry()
	v.limitPct.SetPlaceHolder(tr("no limit"))
	v.limitAmt.SetPlaceHolder(tr("no limit"))
	v.limitRefund.SetPlaceHolder(tr("no limit"))
	v.idle.SetPlaceHolder(tr("minutes, e.g. 5"))
	row := func(key, label string, w fyne.CanvasObject) fyne.CanvasObject {
		r := newFormRow(label, w)
		v.rows[key] = r
		return r.box
	}
	v.msg = newErrLabel()
	v.saveBtn = widget.NewButtonWithIcon(tr("Save location"), theme.DocumentSaveIcon(), v.submit)
	v.saveBtn.Importance = widget.HighImportance
	v.limitBtn = widget.NewButtonWithIcon(tr("Save limits"), theme.DocumentSaveIcon(), v.submitLimit)
	v.root = container.NewVScroll(container.NewVBox(
		heading(tr("Location")),
		row("name", tr("Name"), v.name),
		row("currency", tr("Currency"), v.currency),
		container.NewHBox(v.pro, v.autoTax),
		row("taxRate", tr("Tax rate (%%)"), v.taxRate),
		row("behavior", tr("Default tax behavior"), v.behavior),
		row("header", tr("Receipt header"), v.header),
		row("footer", tr("Receipt footer"), v.footer),
		v.msg,
		container.NewBorder(nil, nil, nil, v.saveBtn),
		widget.NewSeparator(),
		heading(tr("Limits at the till")),
		wrapped(tr("Custom discounts on a cart (lines and cart together) above either limit, and a refund above its limit, need a manager's PIN. Empty: no limit.")),
		row("limitPct", tr("Custom discounts: percent above"), v.limitPct),
		row("limitAmt", tr("Custom discounts: amount above"), v.limitAmt),
		row("limitRefund", tr("Refund above"), v.limitRefund),
		row("idle", tr("Lock the till after (minutes idle)"), v.idle),
		wrapped(tr("The idle time applies from each member's next sign-in.")),
		container.NewBorder(nil, nil, nil, v.limitBtn),
	))
	alignRows(v.rows["limitPct"], v.rows["limitAmt"], v.rows["limitRefund"], v.rows["idle"])
	return v
}

func (v *locationView) refresh() {
	loc := v.bo.till.Location()
	v.name.SetText(loc.Name)
	v.currency.SetText(string(loc.Currency))
	v.pro.SetChecked(loc.Pro)
	v.autoTax.SetChecked(loc.AutomaticTax)
	v.taxRate.SetText(v.bo.money.rate(loc.TaxRate))
	for i, b := range behaviorOptions {
		if b == loc.DefaultTaxBehavior {
			v.behavior.SetSelectedIndex(i)
		}
	}
	v.header.SetText(loc.ReceiptHeader)
	v.footer.SetText(loc.ReceiptFooter)
	v.readLimits()
}

// readLimits shows the limits and idle time as stored.
func (v *locationView) readLimits() {
	var l pos.ApprovalLimit
	var idle time.Duration
	var err error
	office := v.bo.office
	v.reads++
	n := v.reads
	v.bo.w.background(func(ctx context.Context) {
		if l, err = office.Limits(ctx); err == nil {
			idle, err = office.IdleLock(ctx)
		}
	}, func() {
		if err != nil {
			v.bo.say("", err)
			return
		}
		if n != v.reads {
			return // a newer read (a save's) shows what is stored
		}
		v.showLimits(l, idle)
	})
}

// showLimits fills the limits form with l and idle.
func (v *locationView) showLimits(l pos.ApprovalLimit, idle time.Duration) {
	v.limit, v.idleLock = l, idle
	v.limitPct.SetText("")
	v.limitAmt.SetText("")
	v.limitRefund.SetText("")
	if !l.Percent.IsZero() {
		v.limitPct.SetText(v.bo.money.rate(l.Percent))
	}
	if !l.Amount.IsZero() {
		v.limitAmt.SetText(v.bo.money.plain(l.Amount))
	}
	if !l.Refund.IsZero() {
		v.limitRefund.SetText(v.bo.money.plain(l.Refund))
	}
	v.idle.SetText(strconv.FormatFloat(idle.Minutes(), 'f', -1, 64))
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (v *locationView) submit() {
	for _, r := range v.rows {
		r.clear()
	}
	v.msg.Hide()
	before := v.bo.till.Location()
	loc := before
	ok := true
	bad := func(key, msg string) { v.rows[key].fail(msg); ok = false }
	loc.Name = strings.TrimSpace(v.name.Text)
	if loc.Name == "" {
		bad("name", tr("Give the location a name."))
	}
	cur, err := pos.ParseCurrency(strings.TrimSpace(v.currency.Text))
	if err != nil {
		bad("currency", errText(err))
	} else if cur != before.Currency {
		n := 0
		for _, p := range v.bo.till.Catalog().Products() {
			for _, pr := range p.ActivePrices() {
				if pr.Amount.Currency() == before.Currency {
					n++
					break
				}
			}
		}
		if n > 0 {
			bad("currency", trn("%d products are priced in %v: change their prices first.", n, string(before.Currency)))
		}
	}
	loc.Currency = cur
	loc.Pro, loc.AutomaticTax = v.pro.Checked, v.autoTax.Checked
	rate := pos.Rate{}
	if s := strings.TrimSpace(v.taxRate.Text); s != "" {
		r, err := parsePercent(s)
		if err != nil {
			bad("taxRate", errText(err))
		}
		rate = r
	}
	loc.TaxRate = rate
	loc.DefaultTaxBehavior = behaviorOptions[max(v.behavior.SelectedIndex(), 0)]
	loc.ReceiptHeader, loc.ReceiptFooter = v.header.Text, v.footer.Text
	if ok {
		check := loc
		if err := check.Validate(); err != nil {
			showErr(v.msg, err)
			ok = false
		}
	}
	if !ok {
		return
	}
	v.bo.save(func(ctx context.Context, o *pos.Office) error { return o.SaveLocation(ctx, loc) }, func(err error) {
		if err != nil {
			showErr(v.msg, err)
			return
		}
		v.bo.say(tr("Location saved."), nil)
	})
}

func (v *locationView) submitLimit() {
	for _, k := range []string{"limitPct", "limitAmt", "limitRefund", "idle"} {
		v.rows[k].clear()
	}
	var l pos.ApprovalLimit
	var saveErr error
	ok := true
	if s := strings.TrimSpace(v.limitPct.Text); s != "" {
		r, err := parsePercent(s)
		if err != nil {
			v.rows["limitPct"].fail(errText(err))
			ok = false
		}
		l.Percent = r
	}
	if s := strings.TrimSpace(v.limitAmt.Text); s != "" {
		m, err := parseAmount(s, v.bo.till.Location().Currency)
		if err != nil {
			v.rows["limitAmt"].fail(errText(err))
			ok = false
		}
		l.Amount = m
	}
	if s := strings.TrimSpace(v.limitRefund.Text); s != "" {
		m, err := parseAmount(s, v.bo.till.Location().Currency)
		if err != nil {
			v.rows["limitRefund"].fail(errText(err))
			ok = false
		}
		l.Refund = m
	}
	idle, err := parseMinutes(v.idle.Text)
	if err != nil {
		v.rows["idle"].fail(tr("Give the idle time in minutes, e.g. 5 or 0.5."))
		ok = false
	}
	if ok {
		if err := l.Validate(); err != nil {
			v.rows["limitPct"].fail(errText(err))
			ok = false
		}
	}
	if !ok {
		return
	}
	// After the save (or a refusal), the form shows what is stored: read
	// back in the same call, after the write, and shown last (a read
	// started earlier is dropped).
	var stored pos.ApprovalLimit
	var storedIdle time.Duration
	var readErr error
	office := v.bo.office
	idleBefore := v.idleLock
	v.reads++
	n := v.reads
	v.limitBtn.Disable()
	v.bo.w.background(func(ctx context.Context) {
		err := office.SaveLimits(ctx, l)
		if err == nil && idle != idleBefore { // an unchanged idle time is no change to audit
			err = office.SetIdleLock(ctx, idle)
		}
		saveErr = err
		if stored, readErr = office.Limits(ctx); readErr == nil {
			storedIdle, readErr = office.IdleLock(ctx)
		}
	}, func() {
		v.limitBtn.Enable()
		if readErr == nil && n == v.reads {
			v.showLimits(stored, storedIdle)
		}
		switch {
		case saveErr != nil:
			v.rows["idle"].fail(errText(saveErr))
			v.bo.say("", saveErr)
		case readErr != nil:
			v.bo.say("", readErr)
		default:
			v.bo.say(tr("Limits saved."), nil)
		}
		v.bo.audit.refresh()
	})
}

// parseMinutes reads "5" or "0.5" minutes.
func parseMinutes(s string) (time.Duration, error) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
	if err != nil || f < 0 || f > 24*60 {
		return 0, fmt.Errorf("not a number of minutes: %q", s)
	}
	return time.Duration(f * float64(time.Minute)).Round(time.Second), nil
}
