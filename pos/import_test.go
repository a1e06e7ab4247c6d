package pos

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// fakeImport is a CatalogImporter for MemStore: each line of the file is
// "id,amount" (USD); a line "bad" is refused in words naming the line.
// It reports every stage, signs one audit entry, and writes the products
// with SaveProduct as storage would swap them in.
func fakeImport(st *MemStore, calls *[]string) func(ctx context.Context, r io.Reader, staffID string, progress func(string, int, int)) (ImportResult, error) {
	return func(ctx context.Context, r io.Reader, staffID string, progress func(string, int, int)) (ImportResult, error) {
		*calls = append(*calls, "import by "+staffID)
		var products []Product
		sc := bufio.NewScanner(r)
		for n := 1; sc.Scan(); n++ {
			id, amount, ok := strings.Cut(sc.Text(), ",")
			if !ok {
				return ImportResult{}, Errorf(EInvalid, "Nothing was imported: fix this line of the file and import it again.\n%s", fmt.Sprintf("line %d: no amount", n))
			}
			products = append(products, prod(id, amount))
		}
		progress(ImportChecking, 0, len(products))
		cat, _ := NewCatalog(st.setup.Products)
		var res ImportResult
		for i, p := range products {
			if _, ok := cat.Product(p.ID); ok {
				res.Replaced++
			} else {
				res.Added++
			}
			progress(ImportLoading, i+1, len(products))
		}
		e, err := NewAuditEntry(genNow, staffID, AuditImport, "catalog", nil, res)
		if err != nil {
			return ImportResult{}, err
		}
		for i, p := range products {
			var audit []AuditEntry
			if i == 0 {
				audit = []AuditEntry{e}
			}
			if err := st.SaveProduct(ctx, p, audit...); err != nil {
				return ImportResult{}, err
			}
			progress(ImportApplying, i+1, len(products))
		}
		progress(ImportDone, len(products), len(products))
		return res, nil
	}
}

// The back office's import: a manager only, signed by that manager,
// progress passed on, the till reloaded so an imported product sells at
// once; a refusal keeps its words and changes nothing.
func TestOfficeImportCatalog(t *testing.T) {
	f := newTrustFixture(t)
	o, err := f.till.OfficeFor(ctx, "mia", miaPIN)
	f.ok(err)

	// A store that cannot import says so in words.
	_, err = o.ImportCatalog(ctx, strings.NewReader("z,1.00\n"), nil)
	f.refused(err, ENotAllowed)
	if !strings.Contains(ErrorMessage(err), "cannot import") {
		t.Fatalf("unset importer says %q", ErrorMessage(err))
	}

	var calls []string
	f.st.Import = fakeImport(f.st, &calls)
	var stages []string
	var last int
	res, err := o.ImportCatalog(ctx, strings.NewReader("z,2.50\na,120.00\n"), func(stage string, done, total int) {
		stages = append(stages, fmt.Sprintf("%s %d/%d", stage, done, total))
		fr := ImportPermille(stage, done, total)
		if fr < last {
			t.Errorf("progress went back to %v at %s %d/%d", fr, stage, done, total)
		}
		last = fr
	})
	f.ok(err)
	if res != (ImportResult{Added: 1, Replaced: 1}) {
		t.Fatalf("result %+v, want 1 added, 1 replaced", res)
	}
	if want := "checking 0/2 loading 1/2 loading 2/2 applying 1/2 applying 2/2 done 2/2"; strings.Join(stages, " ") != want {
		t.Fatalf("progress %q, want %q", strings.Join(stages, " "), want)
	}
	if last != 1000 {
		t.Fatalf("progress ends at %v‰", last)
	}
	if len(calls) != 1 || calls[0] != "import by mia" {
		t.Fatalf("calls %v", calls)
	}
	if got := f.actions(); got != "import/mia" {
		t.Fatalf("audit %q", got)
	}
	// Reloaded: the new product rings up, the replaced one at its new price.
	f.ok(f.till.Add(ctx, "z", "z-usd", 1))
	f.ok(f.till.Add(ctx, "a", "a-usd", 1))
	if got := f.till.Quote().Subtotal; got != money("122.50") {
		t.Fatalf("subtotal %v, want 122.50", got)
	}

	// A refused file: its words, nothing changed, nothing reloaded.
	_, err = o.ImportCatalog(ctx, strings.NewReader("y\n"), nil)
	f.refused(err, EInvalid)
	if !strings.Contains(ErrorMessage(err), "line 1: no amount") {
		t.Fatalf("refusal %q", ErrorMessage(err))
	}
	if _, ok := f.till.Catalog().Product("y"); ok {
		t.Fatal("a refused file changed the catalog")
	}

	// Any other failure is internal and keeps its cause.
	disk := errors.New("disk full")
	f.st.Import = func(context.Context, io.Reader, string, func(string, int, int)) (ImportResult, error) {
		return ImportResult{}, disk
	}
	_, err = o.ImportCatalog(ctx, strings.NewReader("x,1.00\n"), nil)
	f.refused(err, EInternal)
	if !errors.Is(err, disk) || !strings.Contains(ErrorMessage(err), "importing the catalog: disk full") {
		t.Fatalf("internal error %v", err)
	}
}

// Only a manager imports: not after the till was locked, not once demoted,
// and the store is not even asked.
func TestOfficeImportNeedsAManager(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(f *trustFixture)
	}{
		{"till locked since", func(f *trustFixture) { f.till.Lock() }},
		{"no longer a manager", func(f *trustFixture) { f.st.StaffList[0].Role = Cashier }},
		{"no longer active", func(f *trustFixture) { f.st.StaffList[0].Active = false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newTrustFixture(t)
			var calls []string
			f.st.Import = fakeImport(f.st, &calls)
			o, err := f.till.OfficeFor(ctx, "mia", miaPIN)
			f.ok(err)
			tc.spoil(f)
			_, err = o.ImportCatalog(ctx, strings.NewReader("z,1.00\n"), nil)
			f.refused(err, EUnauthorized)
			if len(calls) != 0 || len(f.audit()) != 0 {
				t.Fatalf("the store was asked (%v) or written (%v)", calls, f.actions())
			}
		})
	}
	// A cashier gets no office to import with.
	f := newTrustFixture(t)
	if _, err := f.till.Office(ctx); ErrorCode(err) != EUnauthorized {
		t.Fatalf("a cashier's office: %v", err)
	}
}

// ImportPermille: checking 0, loading to 500, applying to 1000, done 1000,
// whatever the counts (none, too many).
func TestImportPermille(t *testing.T) {
	for _, tc := range []struct {
		stage       string
		done, total int
		want        int
	}{
		{ImportChecking, 0, 10, 0},
		{ImportLoading, 0, 10, 0},
		{ImportLoading, 5, 10, 250},
		{ImportLoading, 10, 10, 500},
		{ImportApplying, 0, 20, 500},
		{ImportApplying, 10, 20, 750},
		{ImportApplying, 30, 20, 1000},
		{ImportApplying, -1, 20, 500},
		{ImportLoading, 0, 0, 0},
		{ImportDone, 0, 0, 1000},
		{ImportDone, 3, 3, 1000},
		{"unknown", 3, 3, 0},
	} {
		if got := ImportPermille(tc.stage, tc.done, tc.total); got != tc.want {
			t.Errorf("ImportPermille(%s, %d, %d) = %v, want %v", tc.stage, tc.done, tc.total, got, tc.want)
		}
	}
}
