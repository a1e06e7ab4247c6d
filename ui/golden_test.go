package ui

import (
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"caisse/assets/translations"
	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// useLanguage switches the window's language for one test ("en" or "fr"),
// as the system locale would, and back after. Fyne's own strings (dialog
// buttons) follow the environment, read again when a translation is added.
func useLanguage(t *testing.T, code string) {
	t.Helper()
	set := func(v string) {
		for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
			os.Setenv(k, v)
		}
		if err := lang.AddTranslationsForLocale([]byte("{}"), "en"); err != nil {
			t.Fatal(err)
		}
		setLanguage(translations.Match(v))
	}
	old := os.Getenv("LANG")
	t.Cleanup(func() {
		set(old)
		os.Unsetenv("LANGUAGE")
		os.Unsetenv("LC_ALL")
		os.Unsetenv("LC_MESSAGES")
	})
	if code == "fr" {
		set("fr_FR.UTF-8")
	} else {
		set("en_US.UTF-8")
	}
}

// assertGolden compares a capture with testdata/name, allowing a few
// pixels to differ slightly (text anti-aliasing). UPDATE_GOLDEN=1 writes
// the capture as the new master; a mismatch writes testdata/failed/name.
// SCREENSHOTS=dir also copies every capture to dir/name, for a person to
// look at (make screenshots).
func assertGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	master := filepath.Join("testdata", name)
	write := func(path string) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
	}
	if dir := os.Getenv("SCREENSHOTS"); dir != "" {
		write(filepath.Join(dir, name))
	}
	if os.Getenv("UPDATE_GOLDEN") != "" {
		write(master)
		return
	}
	f, err := os.Open(master)
	if err != nil {
		write(filepath.Join("testdata", "failed", name))
		t.Fatalf("no master %s (UPDATE_GOLDEN=1 writes it): %v", master, err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if diff := imageDiff(want, img); diff != "" {
		write(filepath.Join("testdata", "failed", name))
		t.Errorf("%s: %s; the capture is in testdata/failed/%s", name, diff, name)
	}
}

// imageDiff says how two images differ: their sizes, or how many pixels
// differ by more than a little (over 0.2% of them is a difference).
func imageDiff(a, b image.Image) string {
	if a.Bounds().Size() != b.Bounds().Size() {
		return fmt.Sprintf("size %v, want %v", b.Bounds().Size(), a.Bounds().Size())
	}
	ra, rb := toRGBA(a), toRGBA(b)
	n := 0
	for i := 0; i+3 < len(ra.Pix); i += 4 {
		for c := 0; c < 3; c++ {
			d := int(ra.Pix[i+c]) - int(rb.Pix[i+c])
			if d > 24 || d < -24 {
				n++
				break
			}
		}
	}
	total := len(ra.Pix) / 4
	if n*500 > total {
		return fmt.Sprintf("%d of %d pixels differ", n, total)
	}
	return ""
}

func toRGBA(img image.Image) *image.RGBA {
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}

// The sell screen, empty, with a cart and two offers, and with the pay
// dialog, at 1024×768 and 1920×1080, in English and French: rendered by
// the test driver and compared with testdata/sell-*.png.
func TestGoldenSellScreens(t *testing.T) {
	for _, code := range []string{"en", "fr"} {
		for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1920, Height: 1080}} {
			t.Run(fmt.Sprintf("%s-%.0f", code, size.Width), func(t *testing.T) {
				useLanguage(t, code)
				fixtureTheme = theme.LightTheme()
				t.Cleanup(func() { fixtureTheme = nil })
				f := newFixture(t, testSetup())
				s := f.s
				f.win.Resize(size)
				shot := func(state string) {
					t.Helper()
					s.settle()
					f.win.Canvas().Unfocus()
					f.win.Content().Refresh() // as a frame of the real window would
					c := f.win.Canvas()
					if got := c.Size(); got != size {
						t.Errorf("%s: the window is %v, not %v: it resized itself", state, got, size)
					}
					assertGolden(t, fmt.Sprintf("sell-%s-%s-%.0fx%.0f.png", state, code, size.Width, size.Height), c.Capture())
				}
				shot("empty")
				s.addProduct(s.prod.index.favourites[0]) // beans → filters
				s.settle()
				s.addProduct(s.prod.index.favourites[2]) // grinder → brush
				s.settle()
				s.addProduct(s.prod.index.favourites[1]) // mug
				s.settle()
				s.setQuantity(1, 2)
				s.settle()
				s.disc.code.SetText("WELCOME5")
				s.disc.enterCode()
				shot("cart")
				s.openPay()
				shot("pay")
			})
		}
	}
}

// Item 15: at 1024×768, in English and French, in every state of a sale
// (test mode banner, many lines, two offers, codes, a message, the undo
// bar), the sell screen needs no more than the window, every top-bar
// control lies whole within it, and the window keeps its size.
func TestNothingClippedAt1024(t *testing.T) {
	for _, code := range []string{"en", "fr"} {
		t.Run(code, func(t *testing.T) {
			useLanguage(t, code)
			// A manager (test mode needs no approval) on a joined till whose
			// head office is down with many events waiting: the widest bar.
			sync := &fakeSync{st: pos.SyncState{Waiting: 12345, LastError: errors.New("connection refused")}}
			f := newFixtureOpts(t, testSetup(), Options{DataDir: t.TempDir(), Sync: sync})
			s := f.s
			size := fyne.NewSize(1024, 768)
			f.win.Resize(size)
			check := func(state string) {
				t.Helper()
				s.settle()
				f.win.Content().Refresh()
				if m := s.root.MinSize(); m.Width > size.Width || m.Height > size.Height {
					t.Errorf("%s: the screen needs %v", state, m)
				}
				if got := f.win.Canvas().Size(); got != size {
					t.Errorf("%s: the window is %v: it resized itself", state, got)
				}
				for _, o := range []fyne.CanvasObject{s.bar.title, s.bar.newSaleBtn, s.bar.parkBtn, s.bar.parkedBtn, s.bar.historyBtn, s.mgr.btn, s.ops.shiftBtn, s.ops.reportsBtn, s.bar.testSwitch, s.bar.fullBtn, s.sync.badge, s.payBtn, s.totals.total} {
					p, sz := f.absRect(o)
					if p.X < 0 || p.Y < 0 || p.X+sz.Width > size.Width+0.5 || p.Y+sz.Height > size.Height+0.5 {
						t.Errorf("%s: %T at %v size %v is cut by the window", state, o, p, sz)
					}
					if b, ok := o.(*widget.Button); ok && sz.Width+0.5 < b.MinSize().Width {
						t.Errorf("%s: button %q is narrower than its label", state, b.Text)
					}
				}
			}
			check("empty")
			s.bar.testSwitch.SetChecked(true)
			s.settle()
			if s.cart == nil || !s.cart.Test || !s.bar.banner.Visible() {
				t.Fatal("test mode did not switch on: the banner is not measured")
			}
			for i := 0; i < 3; i++ {
				s.addProduct(s.prod.index.favourites[i])
				s.settle()
			}
			for _, p := range s.prod.index.catalog.Products() {
				s.addProduct(p)
				s.settle()
			}
			s.disc.code.SetText("WELCOME5")
			s.disc.enterCode()
			s.settle()
			s.fail(pos2err("A refusal a cashier reads, long enough to wrap over two lines of the middle column at 1024 px."))
			s.removeLine(len(s.quote.Lines))
			check("a full cart in test mode")
			// Every dialog of the sell screen fits the window too.
			for _, d := range []struct {
				name string
				open func()
			}{
				{"pay", s.openPay}, {"line discount", func() { s.openLineDiscount(1) }}, {"cart discount", s.openCartDiscount},
				{"quantity", s.openQuantity}, {"shipping", s.openShipping}, {"park", s.openPark}, {"parked", s.openParked},
				{"orders", s.openHistory}, {"shift", s.openShift}, {"reports", s.openReports},
			} {
				d.open()
				s.settle()
				top := f.win.Canvas().Overlays().Top()
				if top == nil {
					t.Errorf("%s: no dialog", d.name)
					continue
				}
				if m := top.MinSize(); m.Width > size.Width || m.Height > size.Height {
					t.Errorf("%s: the dialog needs %v", d.name, m)
				}
				if got := f.win.Canvas().Size(); got != size {
					t.Errorf("%s: the window is %v", d.name, got)
				}
				s.closeDialogs()
				s.settle()
				for f.win.Canvas().Overlays().Top() != nil {
					f.win.Canvas().Overlays().Remove(f.win.Canvas().Overlays().Top())
				}
				s.payD = nil
			}
		})
	}
}
