package receipt

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

func TestCustomTitle(t *testing.T) {
	cases := []struct {
		title, number, reason string
		percent, ok           bool
	}{
		{"Custom 12.5%", "12.5", "", true, true},
		{"Custom 10%", "10", "", true, true},
		{"Custom 5.00", "5.00", "", false, true},
		{"Custom 12.5% (Chipped (badly))", "12.5", "Chipped (badly)", true, true},
		{"Custom 5.00 (Damaged box)", "5.00", "Damaged box", false, true},
		{"Custom discount", "", "", false, false},
		{"Custom 10% off everything", "", "", false, false},
		{"Staff 15%", "", "", false, false},
		{"Custom 1e3", "", "", false, false},
	}
	for _, c := range cases {
		n, pct, r, ok := CustomTitle(c.title)
		if n != c.number || pct != c.percent || r != c.reason || ok != c.ok {
			t.Errorf("CustomTitle(%q) = %q %v %q %v", c.title, n, pct, r, ok)
		}
	}
}

// Custom discounts are named in the receipt's language with its numbers;
// other discounts keep their titles.
func TestDiscountNameInLanguage(t *testing.T) {
	fr := map[string]string{"Custom %s": "Remise personnalisée %s", "%s%%": "%s\u00a0%%",
		"Custom discount": "Remise personnalisée", "Custom discounts": "Remises personnalisées"}
	x := Text{
		T: func(format string, args ...any) string {
			if t, ok := fr[format]; ok {
				format = t
			}
			return fmt.Sprintf(format, args...)
		},
		Number: func(dec string) string { return strings.Replace(dec, ".", ",", 1) },
	}
	cases := []struct{ id, title, reason, en, fr string }{
		{"custom", "Custom 12.5%", "", "Custom 12.5%", "Remise personnalisée 12,5\u00a0%"},
		{"custom", "Custom 5.00 (Damaged)", "Damaged", "Custom 5.00 (Damaged)", "Remise personnalisée 5,00 (Damaged)"},
		{"custom", "Custom 10%", "Damaged", "Custom 10% (Damaged)", "Remise personnalisée 10\u00a0% (Damaged)"},
		{"custom", "", "", "Custom discount", "Remise personnalisée"},
		{"custom", "Custom", "", "Custom discounts", "Remises personnalisées"},
		{"staff", "Custom 10%", "", "Custom 10%", "Custom 10%"}, // a manager's own title
		{"staff", "Staff 15%", "", "Staff 15%", "Staff 15%"},
	}
	for _, c := range cases {
		if got := (Text{}).DiscountName(c.id, c.title, c.reason); got != c.en {
			t.Errorf("English %q: %q, want %q", c.title, got, c.en)
		}
		if got := x.DiscountName(c.id, c.title, c.reason); got != c.fr {
			t.Errorf("French %q: %q, want %q", c.title, got, c.fr)
		}
	}
}

// A report's period is written in the text's dates; files keep ISO days.
func TestReportPeriodInLocale(t *testing.T) {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local)
	fr := Text{Day: func(t time.Time) string { return t.Format("02/01/2006") }}
	for _, c := range []struct {
		days    int
		iso, fr string
	}{{1, "2026-11-01", "01/11/2026"}, {30, "2026-11-01 - 2026-11-30", "01/11/2026 - 30/11/2026"}} {
		r := &pos.Report{From: from, To: from.AddDate(0, 0, c.days)}
		if got := ReportPeriod(r); got != c.iso {
			t.Errorf("ReportPeriod %q, want %q", got, c.iso)
		}
		if got := fr.Period(r); got != c.fr {
			t.Errorf("French period %q, want %q", got, c.fr)
		}
	}
}
