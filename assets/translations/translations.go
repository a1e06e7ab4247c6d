// Package translations is the one catalogue of the till's user-facing
// messages, for golang.org/x/text/message.
//
// There is one JSON file per language (en.json, fr.json). A key is the
// English message as the code writes it, a printf format ("Pay %v",
// "%q is not an amount"); its value is the language's message with the
// same verbs (explicit indexes such as %[2]v when the language orders the
// arguments differently). A plural message is an object of plural forms,
// chosen by the count, which is always argument 1:
//
//	"%d products added": {"one": "%d produit ajouté", "other": "%d produits ajoutés"}
//
// Forms are CLDR's ("zero", "one", "two", "few", "many", "other") or an
// exact value ("=0"). A form may itself be an object of forms, chosen by
// argument 2 (and so on), for a message with two counts:
//
//	"buy %d get %d": {"one": {"one": "%d acheté, %d offert", "other": ...}, "other": ...}
//
// The catalogue is built once from the embedded files
// (Catalog); Printer gives a message.Printer for a language.
package translations

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// FS holds en.json, fr.json, ...
//
//go:embed *.json
var FS embed.FS

// Languages are the languages the catalogue has, English first (the
// fallback).
var Languages = []language.Tag{language.English, language.French}

// Message is one entry of a language file: a text, or plural forms (each
// a text, or forms for the next argument).
type Message struct {
	Text  string
	Forms map[string]*Message
}

// Leaves calls f with each text of m and its forms' path ("" for a text,
// "one", "other/one"...).
func (m *Message) Leaves(f func(path, text string)) { m.leaves("", f) }

func (m *Message) leaves(path string, f func(path, text string)) {
	if m.Forms == nil {
		f(path, m.Text)
		return
	}
	for k, sub := range m.Forms {
		p := k
		if path != "" {
			p = path + "/" + k
		}
		sub.leaves(p, f)
	}
}

// UnmarshalJSON reads a string or an object of plural forms.
func (m *Message) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &m.Text); err == nil {
		return nil
	}
	m.Text = ""
	if err := json.Unmarshal(b, &m.Forms); err != nil {
		return fmt.Errorf("neither a text nor plural forms: %w", err)
	}
	return nil
}

// PluralForms are the selectors a plural object may use (besides "=N").
var PluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// Messages reads one language file ("en", "fr").
func Messages(lang string) (map[string]Message, error) {
	data, err := FS.ReadFile(lang + ".json")
	if err != nil {
		return nil, fmt.Errorf("translations for %s: %w", lang, err)
	}
	var m map[string]Message
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s.json: %w", lang, err)
	}
	return m, nil
}

var build = sync.OnceValues(func() (catalog.Catalog, error) {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	files, err := fs.Glob(FS, "*.json")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		lang := strings.TrimSuffix(f, ".json")
		tag, err := language.Parse(lang)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		msgs, err := Messages(lang)
		if err != nil {
			return nil, err
		}
		for key, m := range msgs {
			if m.Forms == nil {
				if err := b.SetString(tag, key, m.Text); err != nil {
					return nil, fmt.Errorf("%s: %q: %w", f, key, err)
				}
				continue
			}
			if err := b.Set(tag, key, pluralMessage(m.Forms, 1)); err != nil {
				return nil, fmt.Errorf("%s: %q: %w", f, key, err)
			}
		}
	}
	return b, nil
})

// pluralMessage selects among forms on argument arg: exact values ("=0")
// first, then CLDR forms, "other" last; a form of forms selects on the
// next argument.
func pluralMessage(forms map[string]*Message, arg int) catalog.Message {
	rank := func(k string) int {
		switch {
		case strings.HasPrefix(k, "="):
			return 0
		case k == "other":
			return 2
		}
		return 1
	}
	keys := make([]string, 0, len(forms))
	for k := range forms {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if ri, rj := rank(keys[i]), rank(keys[j]); ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	cases := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		if sub := forms[k]; sub.Forms != nil {
			cases = append(cases, k, pluralMessage(sub.Forms, arg+1))
		} else {
			cases = append(cases, k, sub.Text)
		}
	}
	return plural.Selectf(arg, "%d", cases...)
}

// Catalog is the catalogue of every language file, built once.
func Catalog() (catalog.Catalog, error) { return build() }

// Match picks the catalogue's language closest to a locale such as
// "fr-FR", "fr_CA.UTF-8" or "en-US"; English when none is close.
func Match(locale string) language.Tag {
	locale, _, _ = strings.Cut(locale, ".")
	locale = strings.ReplaceAll(locale, "_", "-")
	t, err := language.Parse(locale)
	if err != nil {
		return language.English
	}
	_, i, conf := language.NewMatcher(Languages).Match(t)
	if conf == language.No {
		return language.English
	}
	return Languages[i]
}

// Printer formats and translates messages in a language of Languages. The
// catalogue is embedded and checked by tests: should it fail to build, the
// printer prints the English keys.
func Printer(tag language.Tag) *message.Printer {
	cat, err := Catalog()
	if err != nil {
		return message.NewPrinter(tag)
	}
	return message.NewPrinter(tag, message.Catalog(cat))
}

var texts = sync.OnceValue(func() map[string]map[string]Message {
	out := map[string]map[string]Message{}
	for _, t := range Languages {
		m, err := Messages(t.String())
		if err != nil {
			continue
		}
		out[t.String()] = m
	}
	return out
})

// Text is the message for key in a language of Languages, as written (no
// formatting): for a key chosen at run time, such as a pos format or
// reason. A plural message takes its form by the language's plural rules
// for the counts among args (argument 1, then argument 2 for a form of
// forms; an int, or a string of digits as pos sentences carry them); ok
// is false when the language has no text for it, or a plural message
// lacks its counts.
func Text(tag language.Tag, key string, args ...any) (text string, ok bool) {
	m, ok := texts()[tag.String()][key]
	if !ok {
		return "", false
	}
	for i := 0; m.Forms != nil; i++ {
		if i >= len(args) {
			return "", false
		}
		n, isCount := count(args[i])
		if !isCount {
			return "", false
		}
		sub := m.Forms["="+strconv.Itoa(n)]
		if sub == nil {
			sub = m.Forms[formName(plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0))]
		}
		if sub == nil {
			sub = m.Forms["other"]
		}
		if sub == nil {
			return "", false
		}
		m = *sub
	}
	if m.Text == "" {
		return "", false
	}
	return m.Text, true
}

// count reads a count: an int of any size, or a string of digits.
func count(a any) (int, bool) {
	switch v := a.(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case int32:
		return int(v), true
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(v))
		return n, err == nil
	}
	return 0, false
}

// formName is the JSON name of a CLDR plural form.
func formName(f plural.Form) string {
	switch f {
	case plural.Zero:
		return "zero"
	case plural.One:
		return "one"
	case plural.Two:
		return "two"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	}
	return "other"
}
