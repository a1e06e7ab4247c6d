package ui

import (
	"encoding/json"
	"testing"
	"time"

	"caisse/pos"
)

// Item 23: the audit table writes amounts, percentages, numbers and times
// the locale's way, with the catalogue's "Label : value" in French.
func TestAuditChangeInLocale(t *testing.T) {
	jsonOf := func(v any) any {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return auditValue(string(b))
	}
	usd := func(s string) pos.Money { m, _ := pos.ParseMoney(s, "USD"); return m }
	rate := func(s string) pos.Rate { r, _ := pos.ParsePercent(s); return r }
	limitBefore := jsonOf(pos.ApprovalLimit{Percent: rate("20"), Amount: usd("50"), Refund: usd("1234.5")})
	limitAfter := jsonOf(pos.ApprovalLimit{Percent: rate("12.5"), Amount: usd("80"), Refund: usd("1234.5")})
	ends := pos.EndOfDay(time.Date(2026, 12, 31, 12, 0, 0, 0, time.Local), time.Local)
	at6 := time.Date(2026, 12, 24, 18, 0, 0, 0, time.Local)
	discBefore := jsonOf(map[string]any{"Title": "Noël", "UsageLimit": 1000, "EndsAt": at6, "StartsAt": time.Time{}})
	discAfter := jsonOf(map[string]any{"Title": "Noël", "UsageLimit": 2500, "EndsAt": ends, "StartsAt": at6})
	cases := []struct {
		code          string
		f             moneyFormat
		before, after any
		want          string
	}{
		{"en", formatEN, limitBefore, limitAfter, "Amount: $50.00 → $80.00\nPercent: 20% → 12.5%"},
		{"fr", formatFR, limitBefore, limitAfter, "Montant\u00a0: 50,00\u00a0$ → 80,00\u00a0$\nPourcentage\u00a0: 20\u00a0% → 12,5\u00a0%"},
		{"en", formatEN, discBefore, discAfter,
			"Ends: 24 Dec 2026 18:00 → 31 Dec 2026\nStarts: – → 24 Dec 2026 18:00\nUsage limit: 1,000 → 2,500"},
		{"fr", formatFR, discBefore, discAfter,
			"Fin\u00a0: 24/12/2026 18:00 → 31/12/2026\nDébut\u00a0: – → 24/12/2026 18:00\nLimite d'utilisation\u00a0: 1\u00a0000 → 2\u00a0500"},
		{"fr", formatFR, nil, jsonOf(pos.ApprovalLimit{Amount: usd("50")}), "créé\u00a0: Montant\u00a0: 50,00\u00a0$ · Pourcentage\u00a0: 0\u00a0% · Rembourser\u00a0: 0,00"},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			useLanguage(t, c.code)
			if got := auditChange(c.f, c.before, c.after); got != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
	// The time of an entry, to the second.
	at := time.Date(2026, 12, 24, 9, 5, 30, 0, time.Local)
	if got := formatFR.stamp(at); got != "24/12/2026 09:05:30" {
		t.Errorf("French stamp %q", got)
	}
	if got := formatEN.stamp(at); got != "24 Dec 2026 09:05:30" {
		t.Errorf("English stamp %q", got)
	}
}
