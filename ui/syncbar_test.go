package ui

import (
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// fakeSync is a joined till's sync as the window sees it (pos.SyncStatus).
type fakeSync struct {
	mu sync.Mutex
	st pos.SyncState
}

func (f *fakeSync) SyncState() pos.SyncState {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.st
}

func (f *fakeSync) set(st pos.SyncState) {
	f.mu.Lock()
	f.st = st
	f.mu.Unlock()
}

// On a joined till the top bar shows the head office offline with the
// events waiting (a warning icon and the count, the words in the tooltip);
// tapping it says the last error; back online it shows nothing waiting.
func TestSyncStatusShowsOfflineWithCountAndTheError(t *testing.T) {
	for _, code := range []string{"en", "fr"} {
		t.Run(code, func(t *testing.T) {
			useLanguage(t, code)
			fs := &fakeSync{st: pos.SyncState{Waiting: 3, LastError: errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")}}
			f := newFixtureOpts(t, testSetup(), Options{DataDir: t.TempDir(), Sync: fs})
			s := f.s
			b := s.sync
			if b == nil || b.badge.count.Text != "3" || iconColour(b.badge) != theme.ColorNameWarning {
				t.Fatalf("the status shows %+v", b)
			}
			if want := tr("Head office: offline.") + " " + trn("%d events wait to go up.", 3); b.area.tip != want {
				t.Fatalf("tooltip %q, want %q", b.area.tip, want)
			}
			if code == "fr" && !strings.Contains(b.area.tip, "hors ligne") {
				t.Fatalf("French tooltip %q", b.area.tip)
			}
			shot(t, f, "sync-offline-"+code+".png")
			f.win.Resize(fyne.NewSize(1024, 768))
			s.settle()
			if p, sz := f.absRect(b.badge); p.X < 0 || p.X+sz.Width > 1024 || sz.Width < b.badge.MinSize().Width {
				t.Fatalf("at 1024 px the status is at %v size %v", p, sz)
			}
			shot(t, f, "sync-offline-1024-"+code+".png")
			test.Tap(b.area)
			if b.d == nil || b.msg == nil || s.dialogs != 1 {
				t.Fatal("tapping the status opens no dialog")
			}
			if !strings.Contains(b.msg.Text, "connection refused") || !strings.Contains(b.msg.Text, tr("Last error: %v", "")) {
				t.Fatalf("the dialog says %q", b.msg.Text)
			}
			shot(t, f, "sync-dialog-"+code+".png")
			b.d.Hide()
			fs.set(pos.SyncState{Online: true})
			s.sync.refresh()
			if b.badge.count.Text != "" || iconColour(b.badge) != theme.ColorNameSuccess || !strings.HasPrefix(b.area.tip, tr("Head office: online.")) {
				t.Fatalf("online: %q %q", b.badge.count.Text, b.area.tip)
			}
			fs.set(pos.SyncState{Waiting: 12345})
			s.sync.refresh()
			if b.badge.count.Text != "999+" {
				t.Fatalf("12,345 waiting shows %q", b.badge.count.Text)
			}
		})
	}
}

// A till that never joined shows no status.
func TestNoSyncStatusOnATillOnItsOwn(t *testing.T) {
	f := newFixture(t, testSetup())
	if f.s.sync != nil {
		t.Fatal("a till on its own shows a head-office status")
	}
}

// shot saves the window as a PNG in CAISSE_SHOTS (when set), to look at.
func shot(t *testing.T, f *fixture, name string) {
	dir := os.Getenv("CAISSE_SHOTS")
	if dir == "" {
		return
	}
	img := f.win.Canvas().Capture()
	out, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, img); err != nil {
		t.Fatal(err)
	}
}

// iconColour is the colour the badge's icon is drawn in.
func iconColour(b *syncBadge) fyne.ThemeColorName {
	if r, ok := b.icon.Resource.(*theme.ThemedResource); ok {
		return r.ColorName
	}
	return ""
}
