package ui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2/test"
)

// drain (tests) shows what the till's goroutines delivered so far, without
// waiting for those still running (settle waits for them).
func (w *worker) drain() {
	w.qmu.Lock()
	q := w.queued
	w.queued = nil
	w.qmu.Unlock()
	for _, f := range q {
		f()
	}
}

// gatedImport is the MemStore's import for the window's tests: each line
// of the file is "id,title,amount" (USD), a line without three fields is
// refused in words naming it. After the first product is loaded it tells
// reached and waits for gate, so a test sees the screen half-way.
type gatedImport struct {
	store          *pos.MemStore
	reached, gate  chan struct{}
	signedBy, read string
}

func (g *gatedImport) run(ctx context.Context, r io.Reader, staffID string, progress func(string, int, int)) (pos.ImportResult, error) {
	g.signedBy = staffID
	data, err := io.ReadAll(r)
	if err != nil {
		return pos.ImportResult{}, err
	}
	g.read = string(data)
	var products []pos.Product
	for n, line := range strings.Split(strings.TrimSpace(g.read), "\n") {
		f := strings.Split(line, ",")
		if len(f) != 3 {
			return pos.ImportResult{}, pos.Errorf(pos.EInvalid, "Nothing was imported: fix this line of the file and import it again.\n%s",
				"line "+strconv.Itoa(n+1)+": expected id, title and amount")
		}
		products = append(products, product(f[0], f[1], f[2], false))
	}
	progress(pos.ImportChecking, 0, len(products))
	progress(pos.ImportLoading, 1, len(products))
	if g.gate != nil {
		g.reached <- struct{}{}
		<-g.gate
	}
	progress(pos.ImportLoading, len(products), len(products))
	setup, _ := g.store.LoadSetup(ctx)
	cat, _ := pos.NewCatalog(setup.Products)
	var res pos.ImportResult
	for i, p := range products {
		if _, ok := cat.Product(p.ID); ok {
			res.Replaced++
		} else {
			res.Added++
		}
		if err := g.store.SaveProduct(ctx, p); err != nil {
			return pos.ImportResult{}, err
		}
		progress(pos.ImportApplying, i+1, len(products))
	}
	progress(pos.ImportDone, len(products), len(products))
	return res, nil
}

// The products tab imports a catalog file: the button opens the file
// dialog; the import runs off the UI goroutine with the bar and the stage
// moving; what changes the catalog is disabled meanwhile; the end says
// "N products added, M replaced" and the list shows the new products; a
// bad file shows the refusal in words and changes nothing. With
// CAISSE_SHOTS=DIR the tab is saved half-way, after, and refused.
func TestImportCatalogInTheBackOffice(t *testing.T) {
	useLanguage(t, "en")
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	g := &gatedImport{store: f.store, reached: make(chan struct{}), gate: make(chan struct{})}
	f.store.Import = g.run
	f.openOffice("1234")
	v := s.mgr.bo.products
	ci := v.importer
	shots := os.Getenv("CAISSE_SHOTS")
	shot := func(name string) {
		if shots != "" {
			savePNG(t, filepath.Join(shots, name), f.win.Canvas().Capture())
		}
	}

	// The button opens Fyne's file-open dialog.
	test.Tap(ci.btn)
	if ci.dlg == nil {
		t.Fatal("Import catalog opens no file dialog")
	}
	ci.dlg.Hide()
	ci.chosen(nil, nil) // cancelled: nothing happens
	if ci.running || ci.root.Visible() {
		t.Fatal("a cancelled dialog started an import")
	}

	v.list.Select(1) // Enamel mug's page is open meanwhile
	if v.page == nil || v.page.saveBtn.Disabled() {
		t.Fatal("the product page is not open")
	}
	file := "kettle,Gooseneck kettle,39.00\nmug,Enamel mug,13.50\ncups,Paper cups ×50,3.20\n"
	ci.run("catalog.csv", io.NopCloser(strings.NewReader(file)))
	<-g.reached
	s.drain()
	if !ci.running || !ci.root.Visible() || !ci.bar.Visible() {
		t.Fatal("the import panel is not shown while it runs")
	}
	if ci.bar.Value <= 0 || ci.bar.Value >= 1 {
		t.Errorf("half-way, the bar is at %v", ci.bar.Value)
	}
	if want := "Loading the products: 1 of 3…"; ci.stage.Text != want {
		t.Errorf("stage %q, want %q", ci.stage.Text, want)
	}
	if !v.newBtn.Disabled() || !ci.btn.Disabled() || !v.page.saveBtn.Disabled() || !v.page.crossSell.Disabled() {
		t.Error("what changes the catalog can be tapped during the import")
	}
	v.list.Select(0) // a page opened during the import cannot save either
	if !v.page.saveBtn.Disabled() {
		t.Error("a page opened during the import can save")
	}
	ci.run("again.csv", io.NopCloser(strings.NewReader(file))) // a second one is ignored
	shot("import-running.png")
	half := ci.bar.Value
	close(g.gate)
	s.settle()

	if ci.running || ci.bar.Value != 1 || ci.bar.Value <= half {
		t.Fatalf("the bar ends at %v (half-way %v), running %v", ci.bar.Value, half, ci.running)
	}
	if ci.stage.Text != "Done." {
		t.Errorf("stage %q", ci.stage.Text)
	}
	if want := "2 products added, 1 replaced."; !ci.result.Visible() || ci.result.Text != want {
		t.Errorf("result %q, want %q", ci.result.Text, want)
	}
	if g.signedBy != "mia" || g.read != file {
		t.Errorf("imported %q signed by %q", g.read, g.signedBy)
	}
	if v.newBtn.Disabled() || ci.btn.Disabled() || v.page.saveBtn.Disabled() {
		t.Error("the buttons stay disabled after the import")
	}
	var titles []string
	for _, p := range v.shown {
		titles = append(titles, p.Title)
	}
	if len(v.shown) != 8 || !strings.Contains(strings.Join(titles, "|"), "Gooseneck kettle") {
		t.Errorf("the list shows %v", titles)
	}
	if mug, _ := s.till.Catalog().Product("mug"); mug.Prices[0].Amount.Minor() != 1350 {
		t.Errorf("the till sells the mug at %v", mug.Prices[0].Amount)
	}
	shot("import-done.png")

	// A bad file: the refusal in words, nothing changed.
	g.gate = nil
	ci.run("bad.csv", io.NopCloser(strings.NewReader("pot,Tea pot,20.00\npan;Pan;30.00\n")))
	s.settle()
	if ci.bar.Visible() || ci.stage.Text != "Nothing was imported." {
		t.Errorf("refused: bar shown %v, stage %q", ci.bar.Visible(), ci.stage.Text)
	}
	if !ci.result.Visible() || !strings.Contains(ci.result.Text, "line 2: expected id, title and amount") {
		t.Errorf("the refusal says %q", ci.result.Text)
	}
	if _, ok := s.till.Catalog().Product("pot"); ok || s.till.Catalog().Len() != 8 {
		t.Error("a refused file changed the catalog")
	}
	shot("import-refused.png")
	test.Tap(ci.close)
	if ci.root.Visible() {
		t.Error("the import panel does not close")
	}
}

// The result's counts take their plural forms in each language (French
// counts 0 and 1 as singular).
func TestImportedTextPlurals(t *testing.T) {
	for _, tc := range []struct {
		code            string
		added, replaced int
		want            string
	}{
		{"en", 1, 0, "1 product added, 0 replaced."},
		{"en", 2, 1, "2 products added, 1 replaced."},
		{"en", 0, 3, "0 products added, 3 replaced."},
		{"fr", 1, 0, "1 produit ajouté, 0 remplacé."},
		{"fr", 0, 2, "0 produit ajouté, 2 remplacés."},
		{"fr", 12, 1, "12 produits ajoutés, 1 remplacé."},
	} {
		useLanguage(t, tc.code)
		if got := importedText(pos.ImportResult{Added: tc.added, Replaced: tc.replaced}); got != tc.want {
			t.Errorf("%s %d/%d: %q, want %q", tc.code, tc.added, tc.replaced, got, tc.want)
		}
	}
}

// The back office closed during an import (Back, or the till locked): the
// import ends without touching it, and the sell screen finds the imported
// products.
func TestImportGoesOnWhenTheBackOfficeCloses(t *testing.T) {
	f := newOfficeFixture(t, testSetup(), pos.ApprovalLimit{})
	s := f.s
	g := &gatedImport{store: f.store, reached: make(chan struct{}), gate: make(chan struct{})}
	f.store.Import = g.run
	f.openOffice("1234")
	ci := s.mgr.bo.products.importer
	ci.run("catalog.csv", io.NopCloser(strings.NewReader("kettle,Gooseneck kettle,39.00\n")))
	<-g.reached
	test.Tap(s.mgr.bo.back)
	if s.mgr.bo != nil {
		t.Fatal("Back does not close the back office")
	}
	close(g.gate)
	s.settle()
	test.Type(s.prod.search, "kettle")
	if s.prod.resultList.Length() != 1 {
		t.Fatalf("the sell screen finds %d imported kettles", s.prod.resultList.Length())
	}
}
