package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"caisse/pos"
)

// openTemp writes data to name in a fresh folder and opens it.
func openTemp(t *testing.T, name string, data []byte) *os.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// The back office's import on a real file and database, through
// pos.Office (the CatalogImporter adapter): progress moves forward through
// the stages and ends at "done" with done == total, the audit entry names
// the manager, and the till sells an imported product at once.
func TestImportCatalogAsThroughTheOffice(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	till, err := pos.NewTill(ctx, db.WithTill("t1"), pos.Options{TillID: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := till.OfficeFor(ctx, "manager", pos.DemoManagerPIN)
	if err != nil {
		t.Fatal(err)
	}
	const n = 2*stageChunk + 500
	var (
		calls      []string
		last       int
		lastStage  string
		lastDone   int
		lastTotal  int
		midLoading bool
	)
	res, err := o.ImportCatalog(ctx, openTemp(t, "catalog.csv", bigCatalog(n, "imp")), func(stage string, done, total int) {
		if len(calls) == 0 || calls[len(calls)-1] != stage {
			calls = append(calls, stage)
		}
		fr := pos.ImportPermille(stage, done, total)
		if fr < last {
			t.Errorf("progress went back: %s %d/%d", stage, done, total)
		}
		if stage == pos.ImportLoading && done > 0 && done < total {
			midLoading = true
		}
		last, lastStage, lastDone, lastTotal = fr, stage, done, total
	})
	if err != nil {
		t.Fatal(err)
	}
	if res != (pos.ImportResult{Added: n}) {
		t.Fatalf("result %+v, want %d added", res, n)
	}
	if got := strings.Join(calls, ","); got != "checking,loading,applying,done" {
		t.Errorf("stages %s", got)
	}
	if lastStage != pos.ImportDone || lastDone != n || lastTotal != n || last != 1000 || !midLoading {
		t.Errorf("progress ended at %s %d/%d (%v), loading seen half-way %v", lastStage, lastDone, lastTotal, last, midLoading)
	}
	log, err := db.Audit(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Action != pos.AuditImport || log[0].StaffID != "manager" {
		t.Fatalf("audit %+v", log)
	}
	if _, err := till.SignIn(ctx, "cashier", pos.DemoCashierPIN); err != nil {
		t.Fatal(err)
	}
	if err := till.Add(ctx, "imp42", "imp42-usd", 1); err != nil {
		t.Fatalf("the imported product does not ring up: %v", err)
	}
}

// A refused file is an EInvalid *pos.Error that still wraps the
// *ImportError and names the bad lines in their words; more than
// importLinesShown are cut, saying how many there are; nothing changes.
func TestImportCatalogAsRefusal(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	before, _ := db.LoadSetup(ctx)
	one := "id,title,price_id,amount,currency\nok,Fine,ok-usd,1.00,USD\ncheap,Cheap,cheap-usd,1.005,USD\n"
	var many strings.Builder
	many.WriteString("id,title,price_id,amount,currency\n")
	for i := range 25 {
		fmt.Fprintf(&many, "p%d,P,p%d-usd,x,USD\n", i, i)
	}
	for _, tc := range []struct {
		name, body string
		want       []string
		not        string
	}{
		{"one line", one, []string{"Nothing was imported: fix this line of the file", "line 3: "}, "line 2:"},
		{"many lines", many.String(), []string{"fix these 25 lines", "(the first 20 below)", "line 2: ", "line 21: "}, "line 22:"},
		{"no header", "", []string{"Nothing was imported", "line 1"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stages []string
			_, err := db.ImportCatalogAs(ctx, openTemp(t, "bad.csv", []byte(tc.body)), "manager", func(stage string, _, _ int) {
				stages = append(stages, stage)
			})
			var ie *ImportError
			if pos.ErrorCode(err) != pos.EInvalid || !errors.As(err, &ie) {
				t.Fatalf("err %v (%s), want EInvalid wrapping an ImportError", err, pos.ErrorCode(err))
			}
			msg := pos.ErrorMessage(err)
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
			if tc.not != "" && strings.Contains(msg, tc.not) {
				t.Errorf("message names %q:\n%s", tc.not, msg)
			}
			for _, s := range stages {
				if s == pos.ImportLoading || s == pos.ImportDone {
					t.Errorf("a refused file reached %s", s)
				}
			}
		})
	}
	after, _ := db.LoadSetup(ctx)
	assertSameJSON(t, "catalog after refused imports", after, before)
}
