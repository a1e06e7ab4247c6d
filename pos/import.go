package pos

import (
	"context"
	"errors"
	"io"
)

// CatalogImporter imports a catalog file into the store: all or nothing,
// with one audit entry (AuditImport) signed by staffID, without stopping
// the other tills' sales. progress, when not nil, is called as the import
// goes with the stage (ImportChecking, ImportLoading, ImportApplying,
// ImportDone) and how much of that stage is done out of total; it may be
// called from the importing goroutine only. A file that cannot be imported
// is refused with an EInvalid error that names every bad line.
type CatalogImporter interface {
	ImportCatalogAs(ctx context.Context, r io.Reader, staffID string, progress func(stage string, done, total int)) (ImportResult, error)
}

// ImportResult says what a catalog import did: products added, and
// products that replaced one with the same id.
type ImportResult struct {
	Added, Replaced int
}

// The stages of an import, as a CatalogImporter reports them.
const (
	ImportChecking = "checking" // the whole file is read and checked
	ImportLoading  = "loading"  // its products are staged, a chunk at a time
	ImportApplying = "applying" // the staged catalog is swapped in
	ImportDone     = "done"     // the import is complete
)

// ImportPermille is how far an import is, in thousandths (0 to 1000),
// given the stage the importer reported last: checking is 0, loading runs
// to 500, applying (the swap) to 1000, and done is 1000. It never goes back
// as the stages advance, so a progress bar fed with it only moves forward.
func ImportPermille(stage string, done, total int) int {
	part := 0
	if total > 0 {
		part = min(max(done, 0), total) * 1000 / total
	}
	switch stage {
	case ImportLoading:
		return part / 2
	case ImportApplying:
		return 500 + part/2
	case ImportDone:
		return 1000
	}
	return 0
}

// ImportCatalog imports a catalog file (storage's CSV) signed by the
// office's manager, then reloads the till so its products can be sold at
// once. It checks the manager first, like every change of the back office.
// progress (nil for none) is passed to the store: see CatalogImporter. A
// refused file changes nothing and the error says why, line by line.
func (o *Office) ImportCatalog(ctx context.Context, r io.Reader, progress func(stage string, done, total int)) (ImportResult, error) {
	if err := o.check(ctx); err != nil {
		return ImportResult{}, err
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}
	res, err := o.t.store.ImportCatalogAs(ctx, r, o.by.ID, progress)
	if err != nil && res == (ImportResult{}) {
		if ErrorCode(err) == EInternal {
			return ImportResult{}, Errorf(EInternal, "importing the catalog: %w", err)
		}
		return ImportResult{}, err
	}
	// With counts and an error, the import is recorded but not all
	// applied: loading the set-up finishes it, and then it is done.
	if rerr := o.t.Reload(ctx); rerr != nil {
		return res, errors.Join(err, rerr)
	}
	return res, nil
}
