package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"caisse/assets/translations"
)

// Every string the window shows through tr or lang.L has an English and a
// French entry.
func TestTranslationsComplete(t *testing.T) {
	re := regexp.MustCompile(`(?:tr|lang\.L)\(("(?:[^"\\]|\\.)*")`)
	files, _ := filepath.Glob("*.go")
	// trn's keys are objects of plural forms, "one" and "other" at least.
	plural := regexp.MustCompile(`trn\(("(?:[^"\\]|\\.)*")`)
	want, wantPlural := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			s, err := strconv.Unquote(m[1])
			if err == nil && !strings.HasPrefix(s, "{{.N}} items") {
				want[s] = true
			}
		}
		for _, m := range plural.FindAllStringSubmatch(string(src), -1) {
			if s, err := strconv.Unquote(m[1]); err == nil {
				wantPlural[s] = true
			}
		}
	}
	for _, name := range []string{"en.json", "fr.json"} {
		data, err := translations.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m, forms := map[string]string{}, map[string]map[string]string{}
		for k, v := range raw {
			var text string
			if err := json.Unmarshal(v, &text); err == nil {
				m[k] = text
				continue
			}
			var f map[string]string
			if err := json.Unmarshal(v, &f); err != nil {
				t.Fatalf("%s: %q is neither a text nor plural forms: %v", name, k, err)
			}
			forms[k] = f
		}
		for k := range m {
			switch strings.ToLower(k) {
			case "id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other", "translation":
				t.Errorf("%s: %q is a go-i18n reserved word: the whole file would be refused", name, k)
			}
		}
		for k := range want {
			if m[k] == "" {
				t.Errorf("%s lacks %q", name, k)
			}
		}
		for k := range wantPlural {
			if f := forms[k]; f["one"] == "" || f["other"] == "" {
				t.Errorf("%s lacks the plural forms of %q (one, other): %v", name, k, f)
			}
		}
		for k, f := range forms {
			if !wantPlural[k] {
				t.Errorf("%s: plural forms of %q, which no trn call uses", name, k)
			}
			for form := range f {
				switch form {
				case "zero", "one", "two", "few", "many", "other":
				default:
					t.Errorf("%s: %q has a form %q", name, k, form)
				}
			}
		}
	}
}
