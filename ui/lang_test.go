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
	want := map[string]bool{}
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
	}
	for _, name := range []string{"en.json", "fr.json"} {
		data, err := translations.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
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
	}
}
