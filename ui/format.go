package ui

import (
	"strings"

	"caisse/pos"

	"fyne.io/fyne/v2"
)

// moneyFormat prints amounts the way the cashier's locale writes them. The
// digits always come from Money.String (exact, never a float); only the
// grouping, the decimal mark and the symbol's place change.
type moneyFormat struct {
	group, decimal string
	symbolAfter    bool
}

var (
	formatEN = moneyFormat{group: ",", decimal: "."}
	// French groups with a (no-break) space and puts the symbol after.
	formatFR = moneyFormat{group: "\u00a0", decimal: ",", symbolAfter: true}
)

// formatFor picks the format of a locale such as "fr-FR" or "en-US".
func formatFor(l fyne.Locale) moneyFormat {
	language, _, _ := strings.Cut(string(l), "-")
	switch strings.ToLower(language) {
	case "fr":
		return formatFR
	case "de", "es", "it", "pt", "nl":
		return moneyFormat{group: ".", decimal: ",", symbolAfter: true}
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
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(f.group)
		}
		b.WriteRune(r)
	}
	num := b.String()
	if hasFrac {
		num += f.decimal + frac
	}
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
