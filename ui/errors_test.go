package ui

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"caisse/assets/translations"
	"caisse/pos"
)

// posFormats reads the format string of every pos.Errorf call in pos/*.go
// (tests left out); errorfFormats does the same for another package. A format built as "prefix: "+format inside a helper
// closure (discount.go's bad) is followed to the helper's calls. A format
// the test cannot read fails it, so a new form of call is not skipped.
func posFormats(t *testing.T) map[string]string {
	t.Helper()
	return errorfFormats(t, "../pos")
}

func errorfFormats(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(dir + "/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no pos sources: %v", err)
	}
	fset := token.NewFileSet()
	out := map[string]string{} // format → where
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil || fn.Name.Name == "Errorf" {
				continue
			}
			// Helpers: name := func(format string, ...) { ... Errorf(code, "prefix"+format, ...) }
			helpers := map[string]string{}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				as, ok := n.(*ast.AssignStmt)
				if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
					return true
				}
				id, ok1 := as.Lhs[0].(*ast.Ident)
				lit, ok2 := as.Rhs[0].(*ast.FuncLit)
				if !ok1 || !ok2 {
					return true
				}
				ast.Inspect(lit.Body, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok && isErrorf(c) && len(c.Args) >= 2 {
						if b, ok := c.Args[1].(*ast.BinaryExpr); ok && b.Op == token.ADD {
							if prefix, ok := stringLit(b.X); ok {
								if _, ok := b.Y.(*ast.Ident); ok {
									helpers[id.Name] = prefix
								}
							}
						}
					}
					return true
				})
				return true
			})
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				where := fset.Position(c.Pos()).String()
				if id, ok := c.Fun.(*ast.Ident); ok {
					if prefix, ok := helpers[id.Name]; ok && len(c.Args) >= 1 {
						s, ok := stringLit(c.Args[0])
						if !ok {
							t.Errorf("%s: %s's format is not a string literal", where, id.Name)
							return true
						}
						out[strings.ReplaceAll(prefix+s, "%w", "%v")] = where // pos.Error.Format keeps %w as %v
						return true
					}
				}
				if !isErrorf(c) || len(c.Args) < 2 {
					return true
				}
				if s, ok := stringLit(c.Args[1]); ok {
					out[strings.ReplaceAll(s, "%w", "%v")] = where
					return true
				}
				if b, ok := c.Args[1].(*ast.BinaryExpr); ok {
					if _, ok := stringLit(b.X); ok {
						return true // a helper's own call, followed above
					}
				}
				t.Errorf("%s: an Errorf format this test cannot read", where)
				return true
			})
		}
	}
	return out
}

// isErrorf: Errorf(code, format, ...), and t.need(perm, format, ...) (the
// till's refusal for want of a permission) whose format is also the second
// argument.
func isErrorf(c *ast.CallExpr) bool {
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "need" {
		return true
	}
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
		if x, ok := sel.X.(*ast.Ident); ok && x.Name == "pos" {
			return sel.Sel.Name == "Errorf"
		}
	}
	id, ok := c.Fun.(*ast.Ident) // inside pos, Errorf is called unqualified
	return ok && id.Name == "Errorf"
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func translationsOf(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := translations.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	// The texts; of plural forms (objects), the "other" form (all forms
	// are checked by TestTranslationsComplete).
	m := map[string]string{}
	for k, v := range raw {
		for {
			forms, ok := v.(map[string]any)
			if !ok {
				break
			}
			v = forms["other"]
		}
		if s, ok := v.(string); ok {
			m[k] = s
		}
	}
	return m
}

// Every refusal pos can give has a French entry with the same verbs in the
// same order.
func TestPosErrorsTranslated(t *testing.T) {
	formats := posFormats(t)
	if len(formats) < 50 {
		t.Fatalf("found only %d pos formats: is the parser still reading pos/*.go?", len(formats))
	}
	if _, ok := formats["discount %s: a code discount needs a code"]; !ok {
		t.Error("the helper-built formats of discount.go were not followed")
	}
	fr := translationsOf(t, "fr.json")
	keys := make([]string, 0, len(formats))
	for k := range formats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		tr, ok := fr[k]
		switch {
		case !ok || tr == "":
			t.Errorf("fr.json lacks %q (%s)", k, formats[k])
		case !sameVerbs(tr, k):
			t.Errorf("fr.json: %q has verbs %v, its English %v", tr, verbs(tr), verbs(k))
		case strings.Contains(tr, "{{"):
			t.Errorf("fr.json: %q: a refusal format takes fmt verbs, not templates", tr)
		}
	}
}

func TestErrorTextTranslates(t *testing.T) {
	fr := translationsOf(t, "fr.json")
	lookup := func(k string, _ ...any) string { return fr[k] }
	cases := []struct {
		err  error
		want string
	}{
		{pos.Errorf(pos.ENotFound, "The code %s doesn't exist.", "NOPE"), "Le code NOPE n'existe pas."},
		{pos.Errorf(pos.EPayment, "%s is still due: the payment was not taken.", pos.NewMoney(455, "EUR")),
			"Il reste 4,55\u00a0€ à payer\u00a0: le paiement n'a pas été pris."},
		// No entry: the English format, formatted.
		{pos.Errorf(pos.EInvalid, "no such format %d", 3), "no such format 3"},
		// The UI's own sentences, already translated, pass through "%s".
		{pos.Errorf(pos.EInvalid, "%s", "Tapez un montant."), "Tapez un montant."},
	}
	for _, c := range cases {
		if got := errorText(c.err, lookup, formatFR); got != c.want {
			t.Errorf("errorText(%q) = %q, want %q", c.err, got, c.want)
		}
	}
	// A translation whose verbs differ is not used.
	bad := func(string, ...any) string { return "%d !" }
	if got := errorText(pos.Errorf(pos.EInvalid, "x %s", "y"), bad, formatEN); got != "x y" {
		t.Errorf("a translation with other verbs was used: %q", got)
	}
	if got := errorText(nil, lookup, formatFR); got != "" {
		t.Errorf("nil error gives %q", got)
	}
}

// Every reason pos gives for a discount that does not apply has a French
// entry with the same verbs.
func TestPosSentencesTranslated(t *testing.T) {
	re := regexp.MustCompile(`sentence\(("(?:[^"\\]|\\.)*")`)
	files, _ := filepath.Glob("../pos/*.go")
	fr := translationsOf(t, "fr.json")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			k, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatal(err)
			}
			n++
			if tr, ok := fr[k]; !ok || !sameVerbs(tr, k) {
				t.Errorf("fr.json lacks %q, or its verbs differ", k)
			}
		}
	}
	if n < 15 {
		t.Fatalf("found only %d sentences in pos", n)
	}
}

// Refusals write their amounts and counts the window's way: the largest
// shipping and payment (pos hands Money values), and a count of 1,000 or
// more ("99 999" in French, "99,999" in English), from a real till.
func TestRefusalAmountsAndCountsInTheLanguage(t *testing.T) {
	ctx := context.Background()
	store := pos.NewMemStore(testSetup())
	store.StaffList = []pos.Staff{{ID: "cam", Name: "Cam", Role: pos.Cashier, Active: true}}
	till, err := pos.NewTill(ctx, store, pos.Options{Actor: &store.StaffList[0]})
	if err != nil {
		t.Fatal(err)
	}
	if err := till.Add(ctx, "mug", "", 1); err != nil {
		t.Fatal(err)
	}
	shipping := till.SetShipping(ctx, pos.NewMoney(pos.MaxMinor+1, "USD"))
	_, payment := till.Pay(ctx, []pos.Tender{{Method: pos.Cash, Amount: pos.NewMoney(pos.MaxTender+1, "USD")}})
	quantity := till.Add(ctx, "mug", "", pos.MaxQuantity+1)
	fr := translationsOf(t, "fr.json")
	frLookup := func(k string, _ ...any) string { return fr[k] }
	enLookup := func(string, ...any) string { return "" }
	cases := []struct {
		name   string
		err    error
		lookup func(string, ...any) string
		f      moneyFormat
		want   string
	}{
		{"shipping fr", shipping, frLookup, formatFR,
			"Une livraison de 10\u00a0000\u00a0000,01\u00a0$ est refusée\u00a0: le maximum est 10\u00a0000\u00a0000,00\u00a0$."},
		{"shipping en", shipping, enLookup, formatEN,
			"Shipping of $10,000,000.01 is refused: the largest is $10,000,000.00."},
		{"payment fr", payment, frLookup, formatFR,
			"Un paiement de 1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000,01\u00a0$ est refusé\u00a0: le maximum est 1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000,00\u00a0$."},
		{"payment en", payment, enLookup, formatEN,
			"A payment of $1,000,000,000,000,000.01 is refused: the largest is $1,000,000,000,000,000.00."},
		{"quantity fr", quantity, frLookup, formatFR, "Une quantité supérieure à 99\u00a0999 est refusée."},
		{"quantity en", quantity, enLookup, formatEN, "A quantity above 99,999 is refused."},
		// A count below 1,000 and a width or another verb are left alone.
		{"small count", pos.Errorf(pos.ELimit, "A sale takes at most %d payments.", 100), frLookup, formatFR,
			"Une vente accepte au plus 100 paiements."},
		{"width", pos.Errorf(pos.EInvalid, "[%6d] %x", 1234, 255), enLookup, formatEN, "[  1234] ff"},
	}
	for _, c := range cases {
		if got := errorText(c.err, c.lookup, c.f); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
