package ui

import (
	"io/fs"
	"sync"

	"caisse/assets/translations"

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
