// Package locale gives the process a real locale before Fyne reads it.
//
// Fyne parses LANG/LC_ALL when its packages initialise and logs an error for
// the C or POSIX locale (the default of containers, CI and cron). Go
// initialises packages in dependency order, the lexically smallest import
// path first among those ready, so this package (no dependency but os, and
// "caisse/..." sorts before "fyne.io/...") runs first. Import it for effect.
package locale

import (
	"os"
	"strings"
)

func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if base := strings.SplitN(v, ".", 2)[0]; base != "C" && base != "POSIX" {
			return // a real locale is set: Fyne follows it
		}
		os.Unsetenv(name)
	}
	os.Setenv("LANG", "en_US.UTF-8")
}
