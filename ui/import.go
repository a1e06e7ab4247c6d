package ui

import (
	"context"
	"io"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// catalogImport is the products tab's import of a catalog CSV file: a
// button, Fyne's file-open dialog, and a panel (above the product page)
// with the stage in words, a progress bar and the result. The till
// does the import (pos.Office.ImportCatalog); this only shows it.
type catalogImport struct {
	v       *productsView
	btn     *widget.Button
	root    fyne.CanvasObject
	frame   *fyne.Container // what holds root: laid out again when it shows
	close   *widget.Button
	title   *widget.Label
	stage   *widget.Label
	bar     *widget.ProgressBar
	result  *widget.Label
	dlg     *dialog.FileDialog // while the file-open dialog is open
	running bool
}

func newCatalogImport(v *productsView) *catalogImport {
	ci := &catalogImport{v: v}
	ci.btn = widget.NewButtonWithIcon(tr("Import catalog (CSV)…"), theme.UploadIcon(), ci.choose)
	ci.title = heading(tr("Catalog import")).(*widget.Label)
	ci.stage = widget.NewLabel("")
	ci.stage.Wrapping = fyne.TextWrapWord
	ci.bar = widget.NewProgressBar()
	ci.result = widget.NewLabel("")
	ci.result.Wrapping = fyne.TextWrapWord
	ci.result.Hide()
	// Closed by hand once read; never while the import runs.
	ci.close = widget.NewButtonWithIcon(tr("Close"), theme.CancelIcon(), func() { ci.setShown(false) })
	ci.close.Importance = widget.LowImportance
	ci.root = container.NewVBox(container.NewBorder(nil, nil, nil, ci.close, ci.title), ci.stage, ci.bar, ci.result, widget.NewSeparator())
	ci.root.Hide()
	return ci
}

// choose opens the file-open dialog, showing only .csv files.
func (ci *catalogImport) choose() {
	if ci.running {
		return
	}
	d := dialog.NewFileOpen(ci.chosen, ci.v.bo.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV"}))
	d.SetTitleText(tr("Import catalog (CSV)…"))
	d.SetOnClosed(func() { ci.dlg = nil })
	ci.dlg = d
	d.Show()
}

// chosen is the dialog's callback: nil, nil when it was cancelled.
func (ci *catalogImport) chosen(rc fyne.URIReadCloser, err error) {
	switch {
	case err != nil:
		ci.show("")
		ci.failed(tr("The file could not be opened."), err)
	case rc != nil:
		ci.run(rc.URI().Name(), rc)
	}
}

// run imports the file off the UI goroutine; progress and the result come
// back through s.deliver (fyne.Do in the window). Nothing that changes the
// catalog can be tapped meanwhile. r is closed once read.
func (ci *catalogImport) run(name string, r io.ReadCloser) {
	if ci.running {
		r.Close()
		return
	}
	s := ci.v.bo.w
	office := ci.v.bo.office
	ci.running = true
	ci.v.setImporting(true)
	ci.show(tr("Checking the file…"))
	ci.title.SetText(tr("Catalog import: %v", name))
	s.begin()
	go func() {
		defer s.pending.Done()
		progress := func(stage string, done, total int) {
			value, text := float64(pos.ImportPermille(stage, done, total))/1000, stageText(stage, done, total)
			s.deliver(func() {
				ci.bar.SetValue(value)
				ci.stage.SetText(text)
			})
		}
		// No deadline: a big file takes its time, and the till's
		// sales go on meanwhile (storage stages it in short steps).
		res, err := office.ImportCatalog(context.Background(), r, progress)
		if cerr := r.Close(); cerr != nil && err == nil {
			fyne.LogError("closing "+name, cerr) // read to the end already
		}
		s.deliver(func() {
			defer s.inflight.Add(-1)
			ci.finish(res, err)
		})
	}()
}

// show shows the import panel, above the product page, at the start.
func (ci *catalogImport) show(stage string) {
	ci.title.SetText(tr("Catalog import"))
	ci.stage.SetText(stage)
	ci.bar.SetValue(0)
	ci.bar.Show()
	ci.result.Hide()
	ci.close.Disable()
	ci.setShown(true)
}

func (ci *catalogImport) setShown(on bool) {
	if on {
		ci.root.Show()
	} else {
		ci.root.Hide()
	}
	ci.relayout()
}

// relayout sizes the panel again after a part of it showed or hid.
func (ci *catalogImport) relayout() {
	ci.root.Refresh()
	if ci.frame != nil {
		ci.frame.Refresh()
	}
}

func (ci *catalogImport) finish(res pos.ImportResult, err error) {
	ci.running = false
	ci.close.Enable()
	ci.v.setImporting(false)
	if bo := ci.v.bo; bo.closed {
		// The back office was closed meanwhile (Back, or the till
		// locked): the sell screen shows the catalog as imported.
		bo.catalogChanged()
		return
	}
	if res != (pos.ImportResult{}) {
		ci.v.bo.refresh() // the product list, the audit log, the other tabs
	}
	if err != nil {
		stage := tr("Nothing was imported.")
		if res != (pos.ImportResult{}) { // recorded, not all loaded yet
			stage = importedText(res)
		}
		ci.failed(stage, err)
		return
	}
	ci.bar.SetValue(1)
	ci.stage.SetText(stageText(pos.ImportDone, 0, 0))
	ci.result.Importance = widget.SuccessImportance
	ci.result.TextStyle = fyne.TextStyle{Bold: true}
	ci.result.SetText(importedText(res))
	ci.result.Show()
	ci.relayout()
}

// failed shows what happened and the refusal, in the till's words.
func (ci *catalogImport) failed(stage string, err error) {
	ci.bar.Hide()
	ci.stage.SetText(stage)
	ci.result.Importance = widget.DangerImportance
	ci.result.TextStyle = fyne.TextStyle{}
	ci.result.SetText(errText(err))
	ci.result.Show()
	ci.relayout()
}

// stageText is an import's stage in words.
func stageText(stage string, done, total int) string {
	switch stage {
	case pos.ImportLoading:
		return tr("Loading the products: %v of %v…", done, total)
	case pos.ImportApplying:
		return tr("Swapping in the new catalog…")
	case pos.ImportDone:
		return tr("Done.")
	}
	return tr("Checking the file…")
}

// importedText is "3 products added, 1 replaced" with each count's plural
// form in the language shown.
func importedText(res pos.ImportResult) string {
	return tr("%v, %v.", trn("%d products added", res.Added), trn("%d replaced", res.Replaced))
}
