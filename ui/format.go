package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// moneyFormat prints amounts, numbers, percentages and dates the way the
// cashier's locale writes them: the one table of the window's formats. The
// digits always come from Money.String or a decimal's String (exact, never
// a float); only the grouping, the decimal mark, the symbol's place and
// the date layouts change.
type moneyFormat struct {
	group, decimal string
	symbolAfter    bool
	// percent is the space between a number and "%" ("" or a no-break
	// space, as French writes "12,5 %").
	percent string
	// Date layouts (Go's reference time): a day, a time of day, a day with
	// its time, a day of this year with its time.
	date, clock, dateTime, shortDateTime string
	// days are the weekdays' short names, Sunday first.
	days [7]string
}

var (
	formatEN = moneyFormat{group: ",", decimal: ".",
		date: "2 Jan 2006", clock: "15:04", dateTime: "2 Jan 2006 15:04", shortDateTime: "2 Jan 15:04",
		days: [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}}
	// French groups with a (no-break) space, puts the symbol after and
	// writes days as 25/12/2026.
	formatFR = moneyFormat{group: "\u00a0", decimal: ",", symbolAfter: true, percent: "\u00a0",
		date: "02/01/2006", clock: "15:04", dateTime: "02/01/2006 15:04", shortDateTime: "02/01 15:04",
		days: [7]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."}}
)

// formatFor picks the format of a locale such as "fr-FR" or "en-US".
func formatFor(l fyne.Locale) moneyFormat {
	language, _, _ := strings.Cut(string(l), "-")
	switch strings.ToLower(language) {
	case "fr":
		return formatFR
	case "de", "es", "it", "pt", "nl":
		f := formatFR
		f.group = "."
		return f
	}
	return formatEN
}

var symbols = map[pos.Currency]string{
	"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "$", "AUD": "$",
	"NZD": "$", "CNY": "¥", "INR": "₹", "KRW": "₩", "ILS": "₪", "VND": "₫",
	"TRY": "₺", "PLN": "zł", "BRL": "R$", "MXN": "$", "HKD": "$", "SGD": "$",
	"XOF": "F\u00a0CFA", "XAF": "F\u00a0CFA", "MAD": "MAD", "CHF": "CHF",
}

func symbol(c pos.Currency) string {
	if s, ok := symbols[c]; ok {
		return s
	}
	return string(c)
}

// money prints m, e.g. "$1,234.50" or "1 234,50 €".
func (f moneyFormat) money(m pos.Money) string {
	s := m.String()
	neg := strings.HasPrefix(s, "-")
	num := f.number(strings.TrimPrefix(s, "-"))
	sym := symbol(m.Currency())
	var out string
	switch {
	case f.symbolAfter:
		out = num + "\u00a0" + sym
	case len(sym) > 2: // a code such as CHF reads better apart
		out = sym + "\u00a0" + num
	default:
		out = sym + num
	}
	if neg {
		return "−" + out
	}
	return out
}

// number writes a decimal as its String gives it ("1234.5", "-3") the
// locale's way: "1,234.5", in French "1 234,5".
func (f moneyFormat) number(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(f.group)
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString(f.decimal + frac)
	}
	return b.String()
}

// integer writes a count: "1,200", in French "1 200".
func (f moneyFormat) integer(n int) string { return f.number(strconv.Itoa(n)) }

// rate writes a rate as a percentage without its sign: "12.5", "12,5".
func (f moneyFormat) rate(r pos.Rate) string { return f.number(r.Percent().String()) }

// pct writes a percentage from its decimal string: "12.5%", "12,5 %".
func (f moneyFormat) pct(dec string) string { return f.number(dec) + f.percent + "%" }

// day writes a date: "25 Dec 2026", in French "25/12/2026".
func (f moneyFormat) day(t time.Time) string { return t.Format(f.date) }

// dayTime writes a date and time: "25 Dec 2026 09:30", "25/12/2026 09:30".
func (f moneyFormat) dayTime(t time.Time) string { return t.Format(f.dateTime) }

// clockTime writes a time of day: "09:30".
func (f moneyFormat) clockTime(t time.Time) string { return t.Format(f.clock) }

// shortDayTime writes a day of the year and a time: "25 Dec 09:30",
// "25/12 09:30".
func (f moneyFormat) shortDayTime(t time.Time) string { return t.Format(f.shortDateTime) }

// weekday writes a day as "Mon 02", in French "lun. 02".
func (f moneyFormat) weekday(t time.Time) string {
	return f.days[t.Weekday()] + " " + t.Format("02")
}

// dayExample is a date as the cashier would type it, for placeholders.
func (f moneyFormat) dayExample() string {
	return time.Date(2026, 12, 24, 0, 0, 0, 0, time.Local).Format(f.date)
}

// dayTimeExample is a date and time as the cashier would type them, for
// placeholders: "24 Dec 2026 18:00", "24/12/2026 18:00".
func (f moneyFormat) dayTimeExample() string {
	return time.Date(2026, 12, 24, 18, 0, 0, 0, time.Local).Format(f.dateTime)
}

// stamp writes a moment to the second, as a log does: "24 Dec 2026
// 09:05:30", "24/12/2026 09:05:30".
func (f moneyFormat) stamp(t time.Time) string { return t.Format(f.dateTime + ":05") }

// parseDay reads a date typed in the locale's layout (in French 24/12/2026
// or 1/2/2027), or as 2026-12-24.
func (f moneyFormat) parseDay(s string) (time.Time, error) {
	t, clock, err := f.parseDayTime(s)
	if err == nil && clock {
		return time.Time{}, fmt.Errorf("%q has a time of day: type the day alone", s)
	}
	return t, err
}

// parseDayTime reads a date, with or without a time of day, typed in the
// locale's layout ("31/12/2026", "31/12/2026 18:00", "1/2/2027 9:05") or
// as ISO ("2026-12-31", "2026-12-31 18:00"), in the shop's time zone;
// clock says whether it had a time.
func (f moneyFormat) parseDayTime(s string) (t time.Time, clock bool, err error) {
	s = strings.Join(strings.Fields(s), " ")
	lenient := func(layout string) string { // one-digit days, months and hours too
		return strings.NewReplacer("02", "2", "01", "1", "15:04", "15:4").Replace(layout)
	}
	for _, l := range []string{f.dateTime, lenient(f.dateTime), "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(l, s, time.Local); err == nil {
			return t, true, nil
		}
	}
	for _, l := range []string{f.date, lenient(f.date), time.DateOnly} {
		if t, err := time.ParseInLocation(l, s, time.Local); err == nil {
			return t, false, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("%q is not a date", s)
}

// value writes one of a sentence's values (pos.Sentence.Values): an
// amount, a percentage, a count, a time; ok is false for another type.
func (f moneyFormat) value(v any) (string, bool) {
	switch v := v.(type) {
	case pos.Money:
		return f.money(v), true
	case pos.Rate:
		return f.rate(v), true
	case int:
		return f.integer(v), true
	case time.Time:
		return f.dayTime(v.Local()), true
	case string:
		return v, true
	}
	return "", false
}

// plain prints an amount for an entry field: "12.50", or "12,50" in French.
func (f moneyFormat) plain(m pos.Money) string {
	return strings.Replace(m.String(), ".", f.decimal, 1)
}

// minus prints an amount taken off, "−$2.00".
func (f moneyFormat) minus(m pos.Money) string {
	if m.IsZero() {
		return f.money(m)
	}
	return "−" + f.money(m)
}

// parseAmount reads an amount as the cashier types it: "12.5", "12,50",
// "1 234,50", with or without the currency symbol.
func parseAmount(s string, cur pos.Currency) (pos.Money, error) {
	s = normalizeNumber(s, symbol(cur))
	if s == "" {
		return pos.Money{}, pos.Errorf(pos.EInvalid, "%s", tr("Type an amount."))
	}
	return pos.ParseMoney(s, cur)
}

// parsePercent reads "10", "12,5" or "12.5 %".
func parsePercent(s string) (pos.Rate, error) {
	s = normalizeNumber(strings.TrimSuffix(strings.TrimSpace(s), "%"), "")
	if s == "" {
		return pos.Rate{}, pos.Errorf(pos.EInvalid, "%s", tr("Type a percentage."))
	}
	return pos.ParsePercent(s)
}

func normalizeNumber(s, sym string) string {
	if sym != "" {
		s = strings.ReplaceAll(s, sym, "")
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\'':
			return -1
		}
		return r
	}, s)
	// "1,234.50": commas group; "12,50": a comma is the decimal mark.
	if strings.Contains(s, ".") {
		s = strings.ReplaceAll(s, ",", "")
	} else {
		s = strings.ReplaceAll(s, ",", ".")
	}
	return strings.TrimSpace(s)
}

// newSelect is widget.NewSelect with its placeholder, "(Select one)", in
// the window's language (Fyne's own is English only).
func newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = tr("(Select one)")
	return s
}
