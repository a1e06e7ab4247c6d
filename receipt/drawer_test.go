package receipt

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The drawer kick is ESC p 0 25 250, appended to what the printer got.
func TestOpenDrawerSendsTheKick(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	if err := os.WriteFile(path, []byte("before"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (Printer{Path: path}).OpenDrawer(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := append([]byte("before"), 0x1b, 'p', 0, 25, 250); !bytes.Equal(got, want) {
		t.Fatalf("printer got % x, want % x", got, want)
	}
	if err := (Printer{Path: filepath.Join(t.TempDir(), "no", "such")}).OpenDrawer(); err == nil {
		t.Fatal("a printer path that cannot be opened is an error")
	}
}
