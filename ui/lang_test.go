package ui

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"caisse/assets/translations"
	"caisse/pos"

	"golang.org/x/text/language"
)

// usedMessage is one message the code can show, where it is used and whether
// it is plural (a trn call).
type usedMessage struct {
	where  string
	plural bool
	// runtime: a pos refusal or sentence, chosen at run time; its entry
	// may have plural forms, picked by errText and sentenceText.
	runtime bool
}

// callMessages reads the literal message of every call to one of fns
// ("tr", "trn", "x.t") in dir's non-test files. A call whose message is not
// a literal fails the test (a message chosen at run time goes through
// trText, errText or sentenceText, whose keys are read elsewhere).
func callMessages(t *testing.T, dir string, fns map[string]bool, out map[string]usedMessage) {
	t.Helper()
	files, err := filepath.Glob(dir + "/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sources in %s: %v", dir, err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || len(c.Args) == 0 {
				return true
			}
			var fn string
			switch e := c.Fun.(type) {
			case *ast.Ident:
				fn = e.Name
			case *ast.SelectorExpr:
				if x, ok := e.X.(*ast.Ident); ok {
					fn = x.Name + "." + e.Sel.Name
				}
			}
			if !fns[fn] {
				return true
			}
			where := fset.Position(c.Pos()).String()
			s, ok := stringLit(c.Args[0])
			if !ok {
				t.Errorf("%s: %s's message is not a string literal", where, fn)
				return true
			}
			out[s] = usedMessage{where: where, plural: fn == "trn", runtime: fn == "sentence"}
			return true
		})
	}
}

// sentenceFormats reads the format of every sentence(...) in pos.
func sentenceFormats(t *testing.T, out map[string]usedMessage) int {
	t.Helper()
	before := len(out)
	callMessages(t, "../pos", map[string]bool{"sentence": true}, out)
	return len(out) - before
}

// catalogueMessages is every message the code can show a cashier or
// manager: the window's tr and trn, the receipts' x.t, the refusals
// (pos.Errorf) of pos, storage, receipt and app, and pos's not-applied
// sentences.
func catalogueMessages(t *testing.T) map[string]usedMessage {
	t.Helper()
	out := map[string]usedMessage{}
	callMessages(t, ".", map[string]bool{"tr": true, "trn": true}, out)
	nui := len(out)
	callMessages(t, "../receipt", map[string]bool{"x.t": true}, out)
	if n := sentenceFormats(t, out); n < 15 {
		t.Fatalf("found only %d sentences in pos", n)
	}
	for _, dir := range []string{"../pos", "../storage", "../receipt", "../app"} {
		for k, where := range errorfFormats(t, dir) {
			out[k] = usedMessage{where: where, runtime: true}
		}
	}
	if nui < 400 || len(out) < 700 {
		t.Fatalf("found only %d window messages, %d in all: is the parser still reading the sources?", nui, len(out))
	}
	for _, k := range []string{"%d products added", "Pay", "discount %s: a code discount needs a code", "Subtotal"} {
		if _, ok := out[k]; !ok {
			t.Errorf("%q was not found among the messages", k)
		}
	}
	return out
}

// Every message the code can show has an English and a French entry in
// the catalogue, with the same verbs; plural messages have plural forms
// ("one" and "other" at least) in both languages.
func TestTranslationsComplete(t *testing.T) {
	want := catalogueMessages(t)
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, lang := range []string{"en", "fr"} {
		msgs, err := translations.Messages(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			w := want[k]
			m, ok := msgs[k]
			switch {
			case !ok || (m.Text == "" && m.Forms == nil):
				t.Errorf("%s.json lacks %q (%s)", lang, k, w.where)
			case w.plural && m.Forms == nil:
				t.Errorf("%s.json: %q is a plural message (%s): its entry needs plural forms, {\"one\": ..., \"other\": ...}", lang, k, w.where)
			case !w.plural && !w.runtime && m.Forms != nil:
				t.Errorf("%s.json: %q has plural forms but is not shown with trn (%s)", lang, k, w.where)
			}
		}
		for k, m := range msgs {
			checkEntry(t, lang, k, m)
		}
	}
	if _, err := translations.Catalog(); err != nil {
		t.Fatalf("the catalogue does not build: %v", err)
	}
}

// checkEntry: a translation keeps its key's verbs (the same arguments with
// the same verbs, in any order), uses no x/text macro, and plural forms
// have "one" and "other" at every level and no other name.
func checkEntry(t *testing.T, lang, k string, m translations.Message) {
	t.Helper()
	var levels func(m *translations.Message)
	levels = func(m *translations.Message) {
		if m.Forms == nil {
			return
		}
		if m.Forms["one"] == nil || m.Forms["other"] == nil {
			t.Errorf("%s.json: %q lacks the plural form one or other", lang, k)
		}
		for form, sub := range m.Forms {
			if !strings.HasPrefix(form, "=") && !slicesContains(translations.PluralForms, form) {
				t.Errorf("%s.json: %q has a form %q", lang, k, form)
			}
			levels(sub)
		}
	}
	levels(&m)
	m.Leaves(func(form, s string) {
		if s == "" {
			t.Errorf("%s.json: %q %s is empty", lang, k, form)
		}
		if !sameVerbs(s, k) {
			t.Errorf("%s.json: %q %s has verbs %v, its key %v", lang, s, form, verbs(s), verbs(k))
		}
		if strings.Contains(s, "${") || strings.Contains(k, "${") {
			t.Errorf("%s.json: %q: ${ is x/text's macro syntax", lang, k)
		}
		if strings.Contains(s, "{{") || strings.Contains(k, "{{") {
			t.Errorf("%s.json: %q is a go-i18n template: write it as a printf message (%%v, %%d)", lang, k)
		}
	})
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// The test above fails on a message without French: here on a copy of the
// catalogue with one French entry removed.
func TestTranslationsCompleteCatchesMissingFrench(t *testing.T) {
	fr, err := translations.Messages("fr")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fr["Subtotal"]; !ok {
		t.Fatal(`fr.json lacks "Subtotal"`)
	}
	delete(fr, "Subtotal")
	want := catalogueMessages(t)
	var missing []string
	for k := range want {
		if m, ok := fr[k]; !ok || (m.Text == "" && m.Forms == nil) {
			missing = append(missing, k)
		}
	}
	if len(missing) != 1 || missing[0] != "Subtotal" {
		t.Errorf("with Subtotal removed, the messages lacking French are %q", missing)
	}
}

func TestTrFormatsAndPlurals(t *testing.T) {
	cases := []struct {
		lang language.Tag
		got  func() string
		want string
	}{
		{language.English, func() string { return trn("%d products added", 1) }, "1 product added"},
		{language.English, func() string { return trn("%d products added", 3) }, "3 products added"},
		{language.French, func() string { return trn("%d products added", 1) }, "1 produit ajouté"},
		{language.French, func() string { return trn("%d products added", 0) }, "0 produit ajouté"},
		{language.French, func() string { return trn("%d products added", 2) }, "2 produits ajoutés"},
		{language.French, func() string { return trn("buy %d get %d", 1, 1) }, "1 acheté, 1 offert"},
		{language.French, func() string { return trn("buy %d get %d", 2, 1) }, "2 achetés, 1 offert"},
		{language.French, func() string { return trn("buy %d get %d", 3, 2) }, "3 achetés, 2 offerts"},
		{language.English, func() string { return trn("buy %d get %d", 3, 2) }, "buy 3 get 2"},
		{language.French, func() string { return tr("Subtotal") }, "Sous-total"},
		{language.French, func() string { return tr("Tax rate (%%)") }, "Taux de taxe (%)"},
		// No entry: the English format, formatted.
		{language.French, func() string { return tr("no such message %v", 3) }, "no such message 3"},
		{language.French, func() string { return trText("Subtotal") }, "Sous-total"},
		{language.French, func() string { return trText("100% of nothing") }, "100% of nothing"},
	}
	for _, c := range cases {
		setLanguage(c.lang)
		if got := c.got(); got != c.want {
			t.Errorf("%s: got %q, want %q", c.lang, got, c.want)
		}
	}
	setLanguage(language.English)
}

func TestMatchLocale(t *testing.T) {
	for locale, want := range map[string]language.Tag{
		"fr-FR": language.French, "fr_CA.UTF-8": language.French, "fr": language.French,
		"en-US": language.English, "de-DE": language.English, "": language.English, "C": language.English,
	} {
		if got := translations.Match(locale); got != want {
			t.Errorf("Match(%q) = %s, want %s", locale, got, want)
		}
	}
}

func TestSameVerbs(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
	}{
		{"%v applied · %v not applied", "%v appliquées · %v non appliquées", true},
		{"%v of %v", "%[2]v sur %[1]v", true},
		{"%s at %d", "%d à %s", false},
		{"%s", "%d", false},
		{"100%%", "100 %%", true},
		{"%.2f", "%f", false},
	}
	for _, c := range cases {
		if got := sameVerbs(c.a, c.b); got != c.same {
			t.Errorf("sameVerbs(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

// pluralNouns are the countable nouns a message may put after a count.
// The heuristic of TestCountsUsePlurals: a tr or receipt x.t message
// whose English has a verb (%v, %d, %[2]v...) followed by one of these
// nouns in the plural ("%v lines", "%d units"), or which hedges with
// "(s)" in any language, shows a count with a fixed plural: it must be a
// trn message with one/other forms. A count before another word ("%v
// more not eligible", "%v sold") is not caught: those were fixed by hand.
// "%v discounts" is not listed: there %v names a kind (product, order).
var pluralNouns = regexp.MustCompile(`%(?:\[\d+\])?[vd] (?:lines|units|items|products|events|columns|entries|orders|receipts|returns|days|codes|uses|payments|characters|problems|cells|prices|times|minutes|hours|seconds|articles)\b`)

// countWithoutPlural reports why a non-plural message shows a count with
// a fixed plural, or "".
func countWithoutPlural(english string, translations ...string) string {
	if m := pluralNouns.FindString(english); m != "" {
		return fmt.Sprintf("%q is a count followed by a plural noun", m)
	}
	for _, s := range append([]string{english}, translations...) {
		if strings.Contains(s, "(s)") {
			return fmt.Sprintf("%q hedges the plural with (s)", s)
		}
	}
	return ""
}

// Every message of the window and the receipts that shows a count goes
// through trn, so that it takes the plural form of the language shown.
func TestCountsUsePlurals(t *testing.T) {
	msgs := map[string]usedMessage{}
	callMessages(t, ".", map[string]bool{"tr": true, "trn": true}, msgs)
	callMessages(t, "../receipt", map[string]bool{"x.t": true}, msgs)
	fr, err := translations.Messages("fr")
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range msgs {
		if w.plural {
			continue
		}
		if why := countWithoutPlural(k, fr[k].Text); why != "" {
			t.Errorf("%s: tr(%q): %s: make it a trn message with one/other forms", w.where, k, why)
		}
	}
}

// The heuristic catches the messages it should, and lets others be.
func TestCountWithoutPlural(t *testing.T) {
	for _, c := range []struct {
		en, fr string
		caught bool
	}{
		{"%v lines are set aside; a new cart starts.", "", true},
		{"Refund %[2]v for %[1]v units: %[3]v", "", true},
		{"Cart — %d items", "", true},
		{"%v applied · %v not applied", "%v appliquée(s) · %v non", true},
		{"Fix: let %v combine with %v discounts", "", false},
		{"Pay %v", "Payer %v", false},
		{"Sales (%v)", "Ventes (%v)", false},
	} {
		if got := countWithoutPlural(c.en, c.fr) != ""; got != c.caught {
			t.Errorf("countWithoutPlural(%q, %q) caught %v, want %v", c.en, c.fr, got, c.caught)
		}
	}
}

// The fixed messages at 0, 1 and 2 in both languages: French takes the
// singular at 0 and 1 (x/text's CLDR rules), English only at 1.
func TestPluralMessages(t *testing.T) {
	cases := []struct {
		lang language.Tag
		got  func(n int) string
		want [3]string // at 0, 1, 2
	}{
		{language.English, func(n int) string { return trn("%d lines are set aside; a new cart starts.", n) },
			[3]string{"0 lines are set aside; a new cart starts.", "1 line is set aside; a new cart starts.", "2 lines are set aside; a new cart starts."}},
		{language.French, func(n int) string { return trn("%d lines are set aside; a new cart starts.", n) },
			[3]string{"0 ligne est mise de côté\u00a0; un nouveau panier commence.", "1 ligne est mise de côté\u00a0; un nouveau panier commence.", "2 lignes sont mises de côté\u00a0; un nouveau panier commence."}},
		{language.English, func(n int) string { return trn("%d more not eligible", n) },
			[3]string{"0 more not eligible", "1 more not eligible", "2 more not eligible"}},
		{language.French, func(n int) string { return trn("%d more not eligible", n) },
			[3]string{"0 autre non éligible", "1 autre non éligible", "2 autres non éligibles"}},
		{language.English, func(n int) string { return trn("%d applied · %d not applied", n, 1) },
			[3]string{"0 applied · 1 not applied", "1 applied · 1 not applied", "2 applied · 1 not applied"}},
		{language.French, func(n int) string { return trn("%d applied · %d not applied", 2, n) },
			[3]string{"2 appliquées · 0 non", "2 appliquées · 1 non", "2 appliquées · 2 non"}},
		{language.French, func(n int) string { return trn("%d sold · %d returned · paid %v", n, n, "5,00 €") },
			[3]string{"0 vendu · 0 retourné · payé 5,00 €", "1 vendu · 1 retourné · payé 5,00 €", "2 vendus · 2 retournés · payé 5,00 €"}},
		{language.English, func(n int) string { return trn("%[2]d of %[1]d units", n, 1) },
			[3]string{"1 of 0 units", "1 of 1 unit", "1 of 2 units"}},
		{language.French, func(n int) string { return trn("%[2]d of %[1]d units", n, 1) },
			[3]string{"1 sur 0 article", "1 sur 1 article", "1 sur 2 articles"}},
		{language.English, func(n int) string { return trn("Refund %[2]v for %[1]d units: %[3]v", n, "$5.00", "Cash $5.00") },
			[3]string{"Refund $5.00 for 0 units: Cash $5.00", "Refund $5.00 for 1 unit: Cash $5.00", "Refund $5.00 for 2 units: Cash $5.00"}},
		{language.French, func(n int) string { return trn("Cart — %d units", n) },
			[3]string{"Panier — 0 article", "Panier — 1 article", "Panier — 2 articles"}},
		{language.English, func(n int) string { return trn("%d events wait to go up.", n) },
			[3]string{"0 events wait to go up.", "1 event waits to go up.", "2 events wait to go up."}},
		// A pos refusal whose count is an argument: errText picks the form.
		{language.French, func(n int) string {
			return errText(pos.Errorf(pos.ENotAllowed, "Only %d of %s can still be returned.", n, "Mug"))
		}, [3]string{"Seulement 0 de Mug peut encore être retourné.", "Seulement 1 de Mug peut encore être retourné.", "Seulement 2 de Mug peuvent encore être retournés."}},
		{language.English, func(n int) string {
			return errText(pos.Errorf(pos.ELimit, "The discount %[2]s has no uses left on this till: its %[1]d uses are shared by the chain's tills. Connect the till to the head office to get more.", n, "SPRING"))
		}, [3]string{
			"The discount SPRING has no uses left on this till: its 0 uses are shared by the chain's tills. Connect the till to the head office to get more.",
			"The discount SPRING has no uses left on this till: its 1 use is shared by the chain's tills. Connect the till to the head office to get more.",
			"The discount SPRING has no uses left on this till: its 2 uses are shared by the chain's tills. Connect the till to the head office to get more.",
		}},
		// Two counts: each takes its own form.
		{language.French, func(n int) string {
			return errText(pos.Errorf(pos.EInvalid, "the row has %d cells, the header names %d columns: an extra cell would be ignored", n, 2))
		}, [3]string{
			"la ligne a 0 cellule, l'en-tête nomme 2 colonnes\u00a0: une cellule en trop serait ignorée",
			"la ligne a 1 cellule, l'en-tête nomme 2 colonnes\u00a0: une cellule en trop serait ignorée",
			"la ligne a 2 cellules, l'en-tête nomme 2 colonnes\u00a0: une cellule en trop serait ignorée",
		}},
		// A sentence (not-applied reason) likewise, by its count.
		{language.French, func(n int) string {
			return sentenceText(pos.Sentence{Format: "Buy %s qualifying items to get %s at %s%% off (%s in the cart; the items got don't count as bought).",
				Args: []string{strconv.Itoa(n), "1", "50", "0"}})
		}, [3]string{
			"Achetez 0 article concerné pour en avoir 1 à 50\u00a0% de remise (0 dans le panier\u00a0; les articles offerts ne comptent pas comme achetés).",
			"Achetez 1 article concerné pour en avoir 1 à 50\u00a0% de remise (0 dans le panier\u00a0; les articles offerts ne comptent pas comme achetés).",
			"Achetez 2 articles concernés pour en avoir 1 à 50\u00a0% de remise (0 dans le panier\u00a0; les articles offerts ne comptent pas comme achetés).",
		}},
	}
	defer setLanguage(language.English)
	for _, c := range cases {
		setLanguage(c.lang)
		for n, want := range c.want {
			if got := c.got(n); got != want {
				t.Errorf("%s at %d: got %q, want %q", c.lang, n, got, want)
			}
		}
	}
}

// French puts a no-break space before ; : ? ! and a percent sign ("50 %"),
// and inside « », so a line never starts with the sign ("… d'elles-mêmes / ; saisissez …" wrapped
// that way before). A plain space there is refused.
func TestFrenchPunctuationKeepsItsSpace(t *testing.T) {
	msgs, err := translations.Messages("fr")
	if err != nil {
		t.Fatal(err)
	}
	bad := regexp.MustCompile(` [;:?!»]|« |(%s|\d) %%`)
	for key, m := range msgs {
		m.Leaves(func(path, text string) {
			if bad.MatchString(text) {
				t.Errorf("fr %q%s: a plain space by the punctuation in %q (use U+00A0)", key, path, text)
			}
		})
	}
}
