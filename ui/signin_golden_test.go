package ui

import (
	"context"
	"fmt"
	"image/color"
	"testing"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// lightTheme is the default theme in its light variant, whatever the
// test app says: the golden images show what a till shows.
type lightTheme struct{ fyne.Theme }

func (t lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, theme.VariantLight)
}

// The sign-in screen (picker, PIN pad, a member locked out), the approval
// dialog and the demo-PIN prompt, rendered at 1024×768 and 1920×1080 in
// English and French, match testdata/signin/*.png.
func TestSignInScreensGolden(t *testing.T) {
	local := time.Local
	time.Local = time.UTC // the lockout's "until" in the images
	t.Cleanup(func() { time.Local = local })
	for _, code := range []string{"en_US", "fr_FR"} {
		for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1920, Height: 1080}} {
			name := fmt.Sprintf("%s-%.0fx%.0f", code[:2], size.Width, size.Height)
			t.Run(name, func(t *testing.T) { goldenSignIn(t, code, size, name) })
		}
	}
}

func goldenSignIn(t *testing.T, code string, size fyne.Size, name string) {
	useLanguage(t, code[:2])
	fixtureTheme = lightTheme{theme.DefaultTheme()}
	t.Cleanup(func() { fixtureTheme = nil })
	f := newSignInFixture(t, testSetup(), pos.ApprovalLimit{Percent: pct("20")})
	s, v := f.s, f.v
	for i := range f.store.StaffList {
		f.store.StaffList[i].DemoPIN = true
	}
	f.store.StaffList = append(f.store.StaffList,
		pos.Staff{ID: "lea", Name: "Léa Fontaine", Role: pos.Cashier, PINHash: f.store.StaffList[1].PINHash, Active: true,
			LockedUntil: f.clock.now().Add(4 * time.Minute)},
		pos.Staff{ID: "sam", Name: "Sam", Role: pos.Cashier, PINHash: f.store.StaffList[1].PINHash, Active: true})
	f.win.Resize(size)
	// A dialog is shot over a plain background: the screens behind it
	// (the sell screen, the back office) have their own looks and owners.
	alone := func() {
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
		f.win.SetContent(bg)
	}
	shot := func(what string) {
		t.Helper()
		s.settle()
		f.win.Resize(size) // the back office sets its own size
		assertGolden(t, "signin/"+what+"-"+name+".png", f.win.Canvas().Capture())
	}
	v.showPicker()
	shot("picker") // with Léa locked out
	f.tile("Léa Fontaine")
	shot("locked")
	v.pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	s.settle()
	f.tile("Cam")
	f.keypad("12") // wrong: the pad says so
	for _, d := range "000" {
		test.Tap(v.keys[string(d)])
	}
	shot("pin")
	f.keypad("0") // 0000, then OK
	if f.signedIn() != "cam" {
		t.Fatalf("Cam not signed in: %q", v.msg.Text)
	}

	// A cash out asks a manager, saying what and how much.
	if _, err := f.till.OpenShift(context.Background(), usd("100")); err != nil {
		t.Fatal(err)
	}
	out := usd("-30")
	s.runWhat(s.cashWhat(out, "bank drop"), func(ctx context.Context) error { // as the shift screen's Cash out
		return f.till.CashMove(ctx, out, "bank drop")
	}, nil)
	s.settle()
	if s.mgr.pin == nil {
		t.Fatal("no approval dialog")
	}
	alone()
	shot("approval")
	s.closeDialogs()

	s.lock()
	s.settle()
	f.tile("Mia")
	f.keyboard("123456")
	s.openBackOffice()
	s.settle()
	if s.mgr.demo == nil {
		t.Fatal("no demo-PIN prompt")
	}
	alone()
	shot("demo-pins")
}
