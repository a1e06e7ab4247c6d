package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"caisse/assets/translations"
	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

var loadOnce sync.Once

// loadTranslations adds assets/translations/*.json to Fyne's lang package,
// which then follows the system locale (LANG, LC_ALL...).
func loadTranslations() {
	loadOnce.Do(func() {
		files, err := fs.ReadDir(translations.FS, ".")
		if err != nil {
			fyne.LogError("reading translations", err)
			return
		}
		for _, f := range files {
			data, err := translations.FS.ReadFile(f.Name())
			if err != nil {
				fyne.LogError("reading "+f.Name(), err)
				continue
			}
			if err := lang.AddTranslations(fyne.NewStaticResource(f.Name(), data)); err != nil {
				fyne.LogError("loading "+f.Name(), err)
			}
		}
	})
}

// tr is lang.L with named values: tr("{{.N}} items", "N", 3).
func tr(s string, kv ...any) string {
	if len(kv) == 0 {
		return lang.L(s)
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return lang.L(s, m)
}

// trn is lang.N, the plural form for n in the language shown, with n as
// {{.N}} and named values: trn("{{.N}} products added", 1) is "1 product
// added". Its translations are objects of plural forms ("one", "other").
func trn(s string, n int, kv ...any) string {
	m := make(map[string]any, len(kv)/2+1)
	m["N"] = n
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return lang.N(s, n, m)
}

// errText is a refusal in the cashier's language. A *pos.Error keeps its
// English format and arguments: the format is looked up in the
// translations (its key is the English format itself), the English kept
// when there is none, and formatted again with the same arguments. Amounts
// among the arguments are written the locale's way.
func errText(err error) string {
	return errorText(err, func(format string) string { return lang.X(format, format) }, formatFor(lang.SystemLocale()))
}

// errorText is errText with the lookup and the money format given (tests).
func errorText(err error, lookup func(string) string, f moneyFormat) string {
	var e *pos.Error
	switch {
	case err == nil:
		return ""
	case !errors.As(err, &e):
		return strings.Replace(lookup("Internal error: %s"), "%s", err.Error(), 1)
	case e.Format == "":
		return e.Message
	}
	format := e.Format
	if t := lookup(format); t != "" && sameVerbs(t, format) {
		format = t
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		switch m := a.(type) {
		case pos.Money:
			args[i] = f.money(m)
		case *pos.Money:
			args[i] = f.money(*m)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9*]*(?:\.[0-9*]*)?[a-zA-Z%]`)

// verbs lists the fmt verbs of a format, in order.
func verbs(format string) []string { return verbRE.FindAllString(format, -1) }

// sameVerbs reports whether a translation keeps the format's verbs in
// order (a wrong one would print %!d(string=...) to the cashier).
func sameVerbs(a, b string) bool { return slices.Equal(verbs(a), verbs(b)) }

// sentenceText translates a core sentence (a not-applied reason): the
// format is the key, the arguments go back in the same order; English when
// no translation keeps the same verbs.
func sentenceText(s pos.Sentence) string {
	format := s.Format
	if t := lang.X(format, format); t != "" && sameVerbs(t, format) {
		format = t
	}
	return pos.Fill(format, s.Args)
}
