package ui

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"caisse/assets/translations"
	"caisse/pos"
	"caisse/receipt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Every user-facing string of the window goes through tr or trn (or, for a
// message chosen at run time such as a pos refusal, errText, sentenceText
// and trText), whose English text is the key of the one catalogue,
// caisse/assets/translations (en.json, fr.json; golang.org/x/text/message).
//
// The rule: messages are printf formats, arguments in the order the
// English names them: tr("Pay %v", total), tr("%v applied · %v not
// applied", a, n). A plural message takes its count first, as %d:
// trn("%d products added", n), and its translations are objects of plural
// forms ({"one": ..., "other": ...}). Every message that shows a count is
// a trn message, never a fixed plural or a "(s)" (TestCountsUsePlurals
// fails on "%v lines", "%d units"...); when the count comes after other
// arguments in the sentence, index them: trn("Refund %[2]v for %[1]d
// units: %[3]v", n, amount, tenders). A pos refusal or sentence whose
// count is an argument gets plural forms in the catalogue instead, chosen
// by errText and sentenceText on argument 1 (then 2); put the count first
// with indexes (%[2]s ... %[1]d) if the sentence names it later.
// A literal percent sign is "%%". Every
// new message needs its English and French in en.json and fr.json, with
// the same verbs: TestTranslationsComplete fails otherwise (it also
// refuses a go-i18n {{.Name}} template, the format before this one).
//
// The language is the system locale's (LANG, LC_ALL...), read once;
// tests pick one with setLanguage.

var (
	langMu    sync.RWMutex
	langTag   language.Tag
	langPrint *message.Printer
	langOnce  sync.Once
)

// loadTranslations reads the system locale into the window's language,
// once.
func loadTranslations() {
	langOnce.Do(func() {
		langMu.Lock()
		defer langMu.Unlock()
		if langPrint == nil {
			langTag = translations.Match(string(lang.SystemLocale()))
			langPrint = translations.Printer(langTag)
		}
	})
}

// setLanguage makes the window speak tag (a language of
// translations.Languages).
func setLanguage(tag language.Tag) {
	loadTranslations()
	langMu.Lock()
	defer langMu.Unlock()
	langTag = translations.Match(tag.String())
	langPrint = translations.Printer(langTag)
}

// uiLanguage is the window's language and its printer.
func uiLanguage() (language.Tag, *message.Printer) {
	loadTranslations()
	langMu.RLock()
	defer langMu.RUnlock()
	return langTag, langPrint
}

// locale is the window's language as a Fyne locale ("fr", "en").
func locale() fyne.Locale {
	t, _ := uiLanguage()
	return fyne.Locale(t.String())
}

// localText writes receipts, reports and discount names in the window's
// language and formats.
func localText() receipt.Text {
	f := formatFor(locale())
	return receipt.Text{T: tr, Money: f.money, Number: f.number, Time: f.dayTime, Day: f.day}
}

// tr translates a printf message and formats it: tr("Pay %v", total).
func tr(format string, args ...any) string {
	_, p := uiLanguage()
	return p.Sprintf(format, args...)
}

// trn is tr for a plural message, whose count n is argument 1 (%d):
// trn("%d products added", 1) is "1 product added".
func trn(format string, n int, args ...any) string {
	_, p := uiLanguage()
	return p.Sprintf(format, append([]any{n}, args...)...)
}

// trText translates a message chosen at run time, taken as written (no
// formatting); the message itself when the catalogue has no translation.
func trText(s string) string {
	if t := lookup(s); t != "" {
		return t
	}
	return s
}

// lookup is the translation of key in the window's language, or "". A
// plural message takes the form of its counts among args (argument 1,
// then 2): a pos format whose count is an argument is written in the
// plural form of the language shown.
func lookup(key string, args ...any) string {
	t, _ := uiLanguage()
	if s, ok := translations.Text(t, key, args...); ok {
		return s
	}
	return ""
}

// errText is a refusal in the cashier's language. A *pos.Error keeps its
// English format and arguments: the format is looked up in the
// translations (its key is the English format itself), the English kept
// when there is none, and formatted again with the same arguments. Amounts,
// rates and counts among the arguments are written the locale's way.
func errText(err error) string {
	return errorText(err, lookup, formatFor(locale()))
}

// errorText is errText with the lookup and the money format given (tests).
func errorText(err error, lookup func(string, ...any) string, f moneyFormat) string {
	var e *pos.Error
	var list pos.Refusals
	switch {
	case err == nil:
		return ""
	case errors.As(err, &list):
		lines := make([]string, 0, len(list.Refusals()))
		for _, r := range list.Refusals() {
			lines = append(lines, errorText(r, lookup, f))
		}
		return strings.Join(lines, "\n")
	case !errors.As(err, &e):
		return strings.Replace(lookup("Internal error: %s"), "%s", err.Error(), 1)
	case e.Format == "":
		return e.Message
	}
	format := e.Format
	if t := lookup(format, e.Args...); t != "" && sameVerbs(t, format) {
		format = t
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		switch m := a.(type) {
		case pos.Money:
			args[i] = f.money(m)
		case *pos.Money:
			args[i] = f.money(*m)
		case *pos.Error: // a wrapped refusal, translated too
			args[i] = errorText(m, lookup, f)
		case pos.Rate:
			args[i] = f.rate(m)
		case int:
			args[i] = localCount{int64(m), f}
		case int64:
			args[i] = localCount{m, f}
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

// localCount is a refusal's count, written the language's way by %d and
// %v ("99,999", in French "99 999"); other verbs print the plain number.
type localCount struct {
	n int64
	f moneyFormat
}

func (c localCount) Format(st fmt.State, verb rune) {
	if verb == 'd' || verb == 'v' {
		if _, wide := st.Width(); !wide {
			fmt.Fprint(st, c.f.number(strconv.FormatInt(c.n, 10)))
			return
		}
	}
	fmt.Fprintf(st, fmt.FormatString(st, verb), c.n)
}

var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?([-+# 0]*[0-9*]*(?:\.[0-9*]*)?)(?:\[(\d+)\])?([a-zA-Z%])`)

// verbs lists the arguments of a format with their verbs, by argument
// number ("1:v", "2:s"), explicit indexes (%[2]v) followed: a translation
// may order the arguments its own way.
func verbs(format string) []string {
	var out []string
	arg := 1
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[4] == "%" {
			continue
		}
		idx := m[1]
		if idx == "" {
			idx = m[3]
		}
		if idx != "" {
			arg, _ = strconv.Atoi(idx)
		}
		out = append(out, strconv.Itoa(arg)+":"+m[2]+m[4])
		arg++
	}
	slices.Sort(out)
	return out
}

// sameVerbs reports whether a translation keeps the format's arguments
// and verbs (a wrong one would print %!d(string=...) to the cashier).
func sameVerbs(a, b string) bool { return slices.Equal(verbs(a), verbs(b)) }

// sentenceText translates a core sentence (a not-applied reason): the
// format is the key, the arguments go back in the same order, written the
// locale's way when the sentence carries their values (amounts,
// percentages, counts, times); English when no translation keeps the same
// verbs.
func sentenceText(s pos.Sentence) string {
	return sentenceIn(s, lookup, formatFor(locale()))
}

// sentenceIn is sentenceText with the lookup and the format given (tests).
func sentenceIn(s pos.Sentence, lookup func(string, ...any) string, f moneyFormat) string {
	format := s.Format
	counts := s.Values
	if len(counts) != len(s.Args) {
		counts = make([]any, len(s.Args))
		for i, a := range s.Args {
			counts[i] = a
		}
	}
	if t := lookup(format, counts...); t != "" && sameVerbs(t, format) {
		format = t
	}
	args := make([]any, len(s.Args))
	for i, a := range s.Args {
		args[i] = a
		if len(s.Values) == len(s.Args) {
			if text, ok := f.value(s.Values[i]); ok {
				args[i] = text
			}
		}
	}
	// fmt rather than pos.Fill: a translation may order its arguments
	// (%[2]s), and the formats have only %s and %%.
	return fmt.Sprintf(format, args...)
}
