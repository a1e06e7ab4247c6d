package ui

import (
	"errors"
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Issue 12, item 23: the top bar's title (who is signed in · the shop) is
// read whole at 1024×768 in English and French, with and without the head
// office's status beside it: its text fits the label's width. At 1920 px
// the bar keeps one row.
func TestTopBarTitleWholeAt1024(t *testing.T) {
	for _, code := range []string{"en", "fr"} {
		for _, joined := range []bool{false, true} {
			name := code
			if joined {
				name += "-joined"
			}
			t.Run(name, func(t *testing.T) {
				useLanguage(t, code)
				opts := Options{DataDir: t.TempDir()}
				if joined {
					opts.Sync = &fakeSync{st: pos.SyncState{Waiting: 12345, LastError: errors.New("connection refused")}}
				}
				f := newFixtureOpts(t, testSetup(), opts)
				s := f.s
				for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1920, Height: 1080}} {
					f.win.Resize(size)
					s.settle()
					f.win.Content().Refresh()
					text := fyne.MeasureText(s.bar.title.Text, theme.TextSize(), s.bar.title.TextStyle)
					room := s.bar.title.Size().Width - 2*theme.InnerPadding()
					if text.Width > room+0.5 {
						t.Errorf("%v: the title %q needs %.0f px and has %.0f: it is cut", size, s.bar.title.Text, text.Width, room)
					}
					if s.bar.title.Text != "Tester · Rue du Café" {
						t.Errorf("the title says %q", s.bar.title.Text)
					}
					p, sz := f.absRect(s.bar.title)
					if p.X < 0 || p.X+sz.Width > size.Width+0.5 {
						t.Errorf("%v: the title at %v size %v is outside the window", size, p, sz)
					}
					if size.Width == 1920 && s.bar.rows.wrap {
						t.Errorf("at 1920 px the top bar takes two rows")
					}
					if m := s.root.MinSize(); m.Width > size.Width || m.Height > size.Height {
						t.Errorf("%v: the screen needs %v", size, m)
					}
				}
			})
		}
	}
}
