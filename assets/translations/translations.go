// Package translations embeds the till window's translations (one JSON file
// per language, go-i18n format as Fyne's lang package reads them).
package translations

import "embed"

// FS holds en.json, fr.json, ...
//
//go:embed *.json
var FS embed.FS
