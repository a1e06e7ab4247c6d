package ui

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"caisse/assets/translations"
	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

const nbsp = "\u00a0"

func TestLocaleFormats(t *testing.T) {
	day := time.Date(2026, 12, 24, 9, 5, 0, 0, time.Local)
	cases := []struct {
		name   string
		got    func(moneyFormat) string
		en, fr string
	}{
		{"number", func(f moneyFormat) string { return f.number("1234567.5") }, "1,234,567.5", "1" + nbsp + "234" + nbsp + "567,5"},
		{"negative", func(f moneyFormat) string { return f.number("-12.25") }, "−12.25", "−12,25"},
		{"small", func(f moneyFormat) string { return f.number("0.00") }, "0.00", "0,00"},
		{"integer", func(f moneyFormat) string { return f.integer(1200) }, "1,200", "1" + nbsp + "200"},
		{"rate", func(f moneyFormat) string { return f.rate(pct("12.5")) }, "12.5", "12,5"},
		{"percent", func(f moneyFormat) string { return f.pct("12.5") }, "12.5%", "12,5" + nbsp + "%"},
		{"money", func(f moneyFormat) string { return f.money(usd("379.80")) }, "$379.80", "379,80" + nbsp + "$"},
		{"day", func(f moneyFormat) string { return f.day(day) }, "24 Dec 2026", "24/12/2026"},
		{"day and time", func(f moneyFormat) string { return f.dayTime(day) }, "24 Dec 2026 09:05", "24/12/2026 09:05"},
		{"short", func(f moneyFormat) string { return f.shortDayTime(day) }, "24 Dec 09:05", "24/12 09:05"},
		{"clock", func(f moneyFormat) string { return f.clockTime(day) }, "09:05", "09:05"},
		{"weekday", func(f moneyFormat) string { return f.weekday(day) }, "Thu 24", "jeu. 24"},
		{"example", func(f moneyFormat) string { return f.dayExample() }, "24 Dec 2026", "24/12/2026"},
	}
	for _, c := range cases {
		if got := c.got(formatEN); got != c.en {
			t.Errorf("%s in English: %q, want %q", c.name, got, c.en)
		}
		if got := c.got(formatFR); got != c.fr {
			t.Errorf("%s in French: %q, want %q", c.name, got, c.fr)
		}
	}
	// Days typed the locale's way, or ISO, read back.
	for _, c := range []struct {
		f    moneyFormat
		text string
	}{{formatFR, "24/12/2026"}, {formatFR, "2026-12-24"}, {formatEN, "24 Dec 2026"}, {formatEN, " 2026-12-24 "}} {
		got, err := c.f.parseDay(c.text)
		if err != nil || !got.Equal(time.Date(2026, 12, 24, 0, 0, 0, 0, time.Local)) {
			t.Errorf("parseDay(%q) = %v, %v", c.text, got, err)
		}
	}
	if _, err := formatFR.parseDay("24.12.26"); err == nil {
		t.Error("parseDay took 24.12.26")
	}
}

// French input fields take a decimal comma (and grouping spaces).
func TestLocaleInputs(t *testing.T) {
	for text, want := range map[string]string{"12,5": "12.5", "12.5": "12.5", "12,5 %": "12.5", "7": "7"} {
		r, err := parsePercent(text)
		if err != nil || r.Cmp(pct(want)) != 0 {
			t.Errorf("parsePercent(%q) = %v, %v", text, r.Percent(), err)
		}
	}
	for text, want := range map[string]string{"1 234,50": "1234.50", "1\u00a0234,5 $": "1234.50", "1,234.50": "1234.50", "3,5": "3.50"} {
		m, err := parseAmount(text, "USD")
		if err != nil || m.Cmp(usd(want)) != 0 {
			t.Errorf("parseAmount(%q) = %v, %v", text, m, err)
		}
	}
}

// A not-applied sentence carries its values: the window writes them the
// locale's way, while Args keep the English the scenario runner prints.
func TestSentenceValuesInLocale(t *testing.T) {
	fr := func(k string, args ...any) string {
		v, _ := translations.Text(translations.Match("fr"), k, args...)
		return v
	}
	s := pos.Sentence{
		Format: "Spend %s more to reach the %s minimum of %s (the subtotal counts after product discounts).",
		Args:   []string{"$1,379.80", "$2,500.00", "Big basket"},
		Values: []any{usd("1379.80"), usd("2500"), "Big basket"},
	}
	want := "Dépensez 1" + nbsp + "379,80" + nbsp + "$ de plus pour atteindre le minimum de 2" + nbsp + "500,00" + nbsp + "$ de Big basket (le sous-total compte après les remises produit)."
	if got := sentenceIn(s, fr, formatFR); got != want {
		t.Errorf("French:\n got %q\nwant %q", got, want)
	}
	if got := sentenceIn(s, func(string, ...any) string { return "" }, formatEN); got != "Spend $1,379.80 more to reach the $2,500.00 minimum of Big basket (the subtotal counts after product discounts)." {
		t.Errorf("English: %q", got)
	}
	// A stored sentence (no values) keeps its English arguments.
	s.Values = nil
	if got := sentenceIn(s, fr, formatFR); !strings.Contains(got, "$1,379.80") {
		t.Errorf("without values: %q", got)
	}
	// Percentages and counts.
	b := pos.Sentence{
		Format: "Buy %s qualifying items to get %s at %s%% off (%s in the cart; the items got don't count as bought).",
		Args:   []string{"2", "1", "12.5", "1"},
		Values: []any{2, 1, pct("12.5"), 1},
	}
	if got := sentenceIn(b, fr, formatFR); !strings.Contains(got, "12,5 % de remise") && !strings.Contains(got, "12,5"+nbsp+"%") {
		t.Errorf("French percentage: %q", got)
	}
}

// A catalog import's problems are refusals the window translates, one a
// line, wrapped refusals included.
type refusals []error

func (r refusals) Error() string     { return "several" }
func (r refusals) Refusals() []error { return r }

func TestRefusalsTranslated(t *testing.T) {
	fr := func(k string, args ...any) string {
		v, _ := translations.Text(translations.Match("fr"), k, args...)
		return v
	}
	inner := pos.Errorf(pos.EInvalid, "the column %q is missing", "title")
	err := refusals{
		pos.Errorf(pos.EInvalid, "the file was not imported, %d problems:", 2),
		pos.Errorf(pos.EInvalid, "line %d: %w", 1, inner),
		pos.Errorf(pos.EInvalid, "line %d: %w", 3, errors.New("disk on fire")),
	}
	want := "le fichier n'a pas été importé, 2 problèmes\u00a0:\nligne 1\u00a0: la colonne \"title\" manque\nligne 3\u00a0: disk on fire"
	if got := errorText(err, fr, formatFR); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// shownTexts lists every text drawn under o (visible objects, through the
// widgets' renderers), and the entries' texts and placeholders.
func shownTexts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(x fyne.CanvasObject)
	walk = func(x fyne.CanvasObject) {
		if x == nil || !x.Visible() {
			return
		}
		switch w := x.(type) {
		case *canvas.Text:
			out = append(out, w.Text)
			return
		case *widget.Entry:
			out = append(out, w.Text, w.PlaceHolder)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
			return
		}
		if w, ok := x.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// The French sell screen with a custom discount typed the French way
// ("12,5") shows it as "Remise personnalisée 12,5 %", amounts with a
// decimal comma, and no English: no catalogue message in English, no
// "Custom", no amount with a decimal point.
func TestFrenchSellScreenHasNoEnglish(t *testing.T) {
	useLanguage(t, "fr")
	f := newFixture(t, testSetup())
	s := f.s
	f.addBySearch("SKU-bea")
	s.keys.key(fyne.KeyF4)
	if s.lineForm == nil {
		t.Fatal("F4 opens the line discount dialog")
	}
	test.Type(s.lineForm.value, "12,5")
	enter(s.lineForm.value)
	s.settle()
	name := "Remise personnalisée 12,5" + nbsp + "%"
	if got := f.row(1).discounts.Text; !strings.Contains(got, name) {
		t.Errorf("the line's discount reads %q, want %q", got, name)
	}
	if got := richText(s.disc.explain); !strings.Contains(got, name) {
		t.Errorf("the discounts panel reads %q", got)
	}
	found := false
	for _, d := range s.quote.Lines[0].Discounts {
		if d.Source == pos.Custom {
			found = true
			if got := localText().DiscountName(d.DiscountID, d.Title, d.Reason); got != name {
				t.Errorf("the receipt's name %q", got)
			}
		}
	}
	if !found {
		t.Fatalf("no custom discount on the line: %+v", s.quote.Lines[0].Discounts)
	}

	checkNoEnglish(t, shownTexts(f.win.Canvas().Content()), 30)

	// Its receipt too: the same name, dates and amounts the French way.
	o, err := f.till.Pay(context.Background(), []pos.Tender{{Method: pos.Card, Amount: f.till.Quote().Total}})
	if err != nil {
		t.Fatal(pos.ErrorMessage(err))
	}
	var paper []string
	for _, l := range receipt.Sale(o, f.till.Location(), localText()) {
		paper = append(paper, l.Left, l.Right)
	}
	if !slicesContains(paper, name) {
		t.Errorf("the receipt lacks %q: %q", name, paper)
	}
	if !slicesContains(paper, o.CreatedAt.Local().Format("02/01/2006 15:04")) {
		t.Errorf("the receipt's date is not French: %q", paper)
	}
	checkNoEnglish(t, paper, 10)
}

// checkNoEnglish fails on a text that is a catalogue message left in
// English, an English custom discount name, or an amount with a decimal
// point.
func checkNoEnglish(t *testing.T, texts []string, atLeast int) {
	t.Helper()
	en, err := translations.Messages("en")
	if err != nil {
		t.Fatal(err)
	}
	fr, err := translations.Messages("fr")
	if err != nil {
		t.Fatal(err)
	}
	english := map[string]bool{}
	for k, m := range en {
		if m.Text != "" && m.Text != fr[k].Text && len(m.Text) > 3 {
			english[m.Text] = true
		}
	}
	pointAmount := regexp.MustCompile(`[0-9]\.[0-9]{2}\b`)
	if len(texts) < atLeast {
		t.Fatalf("only %d texts found on the screen: %q", len(texts), texts)
	}
	for _, text := range texts {
		text = strings.TrimSpace(text)
		switch {
		case english[text]:
			t.Errorf("English on the French screen: %q", text)
		case strings.Contains(text, "Custom"):
			t.Errorf("an English custom discount name: %q", text)
		case pointAmount.MatchString(text):
			t.Errorf("a decimal point in French: %q", text)
		}
	}
}

// The sell screen's dialogs in French show no English either.
func TestFrenchDialogsHaveNoEnglish(t *testing.T) {
	useLanguage(t, "fr")
	for name, open := range map[string]func(*Sell){
		"pay": (*Sell).openPay, "orders": (*Sell).openHistory, "reports": (*Sell).openReports,
		"shift": (*Sell).openShift, "parked": (*Sell).openParked, "custom sale": (*Sell).openCustomSale,
		"note": (*Sell).openNote, "cart discount": (*Sell).openCartDiscount, "shipping": (*Sell).openShipping,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, testSetup())
			f.addBySearch("SKU-bea")
			open(f.s)
			f.s.settle()
			top := f.win.Canvas().Overlays().Top()
			if top == nil {
				t.Fatal("no dialog opened")
			}
			checkNoEnglish(t, shownTexts(top), 5)
		})
	}
}
