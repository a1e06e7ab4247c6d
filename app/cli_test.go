package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"caisse/pos"
	"caisse/storage"
)

// Finding 2: a mistyped command or flag printed nothing useful, created the
// default database (demo shop and PINs) and opened the window. Now it
// prints the usage to stderr and exits 2, and nothing is created.
func TestUnknownCommandOrFlagExits2CreatingNothing(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("CAISSE_PIN", "")
	for _, args := range [][]string{
		{"scenrio", "file.json"},
		{"exprot", "--orders", "x.csv"},
		{"--bogus"},
		{"--db", filepath.Join(data, "x.db"), "extra"},
		{"events", "--nope"},
		{"events", "--limit", "-3"},
		{"events", "--limit", "0"},
		{"return", "--nope"},
		{"import", "--catalog", "x.csv", "--staff", "manager"}, // no CAISSE_PIN
	} {
		var out, errb bytes.Buffer
		code := run(args, &out, &errb)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if out.Len() != 0 {
			t.Errorf("%v: printed %q on stdout", args, out.String())
		}
		if args[0] == "scenrio" && !strings.Contains(errb.String(), "usage:") {
			t.Errorf("%v: stderr %q has no usage", args, errb.String())
		}
	}
	var made []string
	filepath.Walk(data, func(p string, info os.FileInfo, err error) error {
		if err == nil && p != data {
			made = append(made, p)
		}
		return nil
	})
	if len(made) > 0 {
		t.Fatalf("a refused command created %v", made)
	}
}

// Finding 2: `caisse help` did not list report or receipt.
func TestHelpListsEveryCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"help"}, &out, &errb); code != 0 {
		t.Fatalf("help exit %d", code)
	}
	names := []string{"scenario", "help"}
	for name := range dataCommands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, n := range names {
		if !strings.Contains(out.String(), "caisse "+n+" ") && !strings.Contains(out.String(), "caisse "+n+"\n") {
			t.Errorf("help does not list %q:\n%s", n, out.String())
		}
	}
	for _, n := range []string{"report", "receipt"} {
		if _, ok := dataCommands[n]; !ok {
			t.Errorf("no command %q", n)
		}
	}
}

// Error messages repeat at most 80 characters of what was typed.
func TestEchoedInputIsCut(t *testing.T) {
	long := strings.Repeat("x", 500)
	var out, errb bytes.Buffer
	if code := run([]string{long}, &out, &errb); code != 2 {
		t.Fatalf("exit %d", code)
	}
	first := strings.SplitN(errb.String(), "\n", 2)[0]
	if strings.Contains(first, strings.Repeat("x", 81)) || !strings.Contains(first, strings.Repeat("x", 80)+"…") {
		t.Fatalf("message not cut at 80: %q", first)
	}
	if _, err := parseDay(long, 0); err == nil || strings.Contains(err.Error(), strings.Repeat("x", 81)) {
		t.Fatalf("parseDay echoes %d characters", len(err.Error()))
	}
}

// Finding 1 end to end: `caisse export --orders shop.db` and the report's
// and receipt's files refuse the database, and the database stays whole.
func TestOutputCommandsRefuseTheDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shop.db")
	db, _, _, err := openTill(t.Context(), path, "till-1", false)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)
	for _, args := range [][]string{
		{"export", "--db", path, "--orders", path},
		{"export", "--db", path, "--orders", path, "--force"},
		{"export", "--db", path, "--orders", os.DevNull, "--force"},
		{"report", "--db", path, "--csv", path, "--force"},
		{"report", "--db", path, "--pdf", path},
		{"receipt", "--db", path, "--order", "1", "--pdf", path, "--force"},
		{"receipt", "--db", path, "--order", "1", "--escpos", path, "--force"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 1 {
			t.Errorf("%v: exit %d, want 1", args, code)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the database file changed")
	}
	csv := filepath.Join(dir, "orders.csv")
	var out, errb bytes.Buffer
	if code := run([]string{"export", "--db", path, "--orders", csv}, &out, &errb); code != 0 {
		t.Fatalf("export to a new file: exit %d", code)
	}
	if code := run([]string{"export", "--db", path, "--orders", csv}, &out, &errb); code != 1 {
		t.Fatalf("export over an existing file without --force: exit %d", code)
	}
	if code := run([]string{"export", "--db", path, "--orders", csv, "--force"}, &out, &errb); code != 0 {
		t.Fatalf("export --force: exit %d", code)
	}
}

// Finding 9: `caisse check` exits 0 on a sound file and 1 naming what is
// wrong; `caisse import` refuses to write into a damaged file.
func TestCheckCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shop.db")
	db, _, _, err := openTill(t.Context(), path, "till-1", false)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out, errb bytes.Buffer
	if code := run([]string{"check", "--db", path}, &out, &errb); code != 0 {
		t.Fatalf("check on a sound file: exit %d", code)
	}
	// Pages overwritten in the middle of the file.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	junk := bytes.Repeat([]byte{0xde, 0xad}, 2048)
	for off := (fi.Size() / 2 / 4096) * 4096; off+4096 < fi.Size(); off += 8192 {
		f.WriteAt(junk, off)
	}
	f.Close()
	if code := run([]string{"check", "--db", path}, &out, &errb); code != 1 {
		t.Fatalf("check on a damaged file: exit %d", code)
	}
	csv := writeFile(t, "cat.csv", "id,title,price_id,amount,currency\nnew,New,new-usd,1.00,USD\n")
	before, _ := os.ReadFile(path)
	if code := run([]string{"import", "--db", path, "--catalog", csv, "--quiet"}, &out, &errb); code != 1 {
		t.Fatalf("import into a damaged file: exit %d", code)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("import wrote into the damaged file")
	}
}

// Finding 10: `caisse backup --to DIR` makes a checked copy that opens as
// the same shop; it refuses a file as its folder.
func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shop.db")
	db, _, _, err := openTill(t.Context(), path, "till-1", false)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out, errb bytes.Buffer
	to := filepath.Join(dir, "copies")
	if code := run([]string{"backup", "--db", path, "--to", to}, &out, &errb); code != 0 {
		t.Fatalf("backup: exit %d", code)
	}
	copies, _ := filepath.Glob(filepath.Join(to, "caisse-*.db"))
	if len(copies) != 1 {
		t.Fatalf("copies %v", copies)
	}
	if code := run([]string{"check", "--db", copies[0]}, &out, &errb); code != 0 {
		t.Fatalf("check on the copy: exit %d", code)
	}
	if code := run([]string{"backup", "--db", path, "--to", path}, &out, &errb); code != 1 {
		t.Fatalf("backup into the database file: exit %d", code)
	}
	if code := run([]string{"backup", "--db", path}, &out, &errb); code != 2 {
		t.Fatalf("backup without --to: exit %d", code)
	}
}

// The import's audit entry names "import", or with --staff a manager who
// typed their PIN (CAISSE_PIN, checked by the till): nobody can be named
// without their PIN, and a refused member imports nothing.
func TestImportNamesOnlyAProvenManager(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	db, _, _, err := openTill(t.Context(), path, "till-1", false)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	csv := writeFile(t, "cat.csv", "id,title,price_id,amount,currency\nnew,New,new-usd,1.00,USD\n")
	imports := func() []string {
		t.Helper()
		db, err := storage.OpenReadOnly(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		log, err := db.Audit(t.Context(), 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range log {
			if e.Action == pos.AuditImport {
				out = append(out, e.StaffID)
			}
		}
		return out
	}
	args := []string{"--db", path, "--catalog", csv, "--quiet"}
	for _, tc := range []struct {
		name, staff, pin string
		code             int
		want             string // the newest import entry's staff, "" for none new
	}{
		{"no staff", "", "", 0, "import"},
		{"staff without a PIN", "manager", "", 2, ""},
		{"wrong PIN", "manager", "999999", 1, ""},
		{"a cashier", "cashier", pos.DemoCashierPIN, 1, ""},
		{"nobody of that name", "mallory", "123456", 1, ""},
		{"the manager", "manager", pos.DemoManagerPIN, 0, "manager"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(imports())
			a := args
			if tc.staff != "" {
				a = append(append([]string(nil), args...), "--staff", tc.staff)
			}
			if code := importCatalog(a, tc.pin); code != tc.code {
				t.Fatalf("exit %d, want %d", code, tc.code)
			}
			got := imports()
			switch {
			case tc.want == "" && len(got) != before:
				t.Fatalf("a refused import was audited: %v", got)
			case tc.want != "" && (len(got) != before+1 || got[0] != tc.want):
				t.Fatalf("audit names %v, want %q first", got, tc.want)
			}
		})
	}
}
