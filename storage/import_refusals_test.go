package storage

import (
	"errors"
	"strings"
	"testing"

	"caisse/pos"
)

// A refused import is a pos.Refusals: the refusal and each bad line as a
// pos.Error with a format the window translates; its English text is
// unchanged.
func TestImportErrorRefusals(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.SaveSetup(ctx, testSetup(t)); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(goodCatalog, "mug,,,,,mug-eur,13,eur,,,,inclusive,no,,", "mug,,,,,mug-eur,13,eur,,,,inclusive,maybe,,", 1)
	_, err := db.ImportCatalogCSV(ctx, strings.NewReader(bad))
	var list pos.Refusals
	if !errors.As(err, &list) {
		t.Fatalf("%T %v is not a pos.Refusals", err, err)
	}
	rs := list.Refusals()
	if len(rs) != 1 {
		t.Fatalf("refusals %v", rs)
	}
	var e *pos.Error
	if !errors.As(rs[0], &e) || e.Format != "the file was not imported: %v" {
		t.Fatalf("first refusal %#v", rs[0])
	}
	var line *pos.Error
	if !errors.As(e.Args[0].(error), &line) || line.Format != "line %d: %v" || line.Args[0] != 3 {
		t.Fatalf("line refusal %#v", e.Args[0])
	}
	if want := `the file was not imported: line 3: product mug: active: "maybe" is not yes or no`; err.Error() != want {
		t.Errorf("English %q, want %q", err.Error(), want)
	}
	// Several problems: a heading, then one refusal per line.
	bad2 := bad + "tea,Tea,,,,tea-p,abc,USD,,,,,,,\n"
	_, err = db.ImportCatalogCSV(ctx, strings.NewReader(bad2))
	if !errors.As(err, &list) || len(list.Refusals()) != 3 {
		t.Fatalf("two bad lines: %v", err)
	}
}
