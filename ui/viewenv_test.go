package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
)

// The reports and the demo-PIN prompt run on the env they are given (the
// till, the worker, the window, the money format, showDialog), with no
// sell screen: reports load today and export; the prompt asks for the demo
// PINs, saves them through the office, and is not asked over a back
// office that has closed.
func TestReportsAndDemoPINsRunOnTheirEnv(t *testing.T) {
	pos.PINCost = pos.TestPINCost
	test.NewTempApp(t)
	ctx := context.Background()
	store := pos.NewMemStore(testSetup())
	demo, err := pos.DemoStaff()
	if err != nil {
		t.Fatal(err)
	}
	store.StaffList = demo
	till, err := pos.NewTill(ctx, store, pos.Options{Actor: &store.StaffList[0]}) // the demo manager
	if err != nil {
		t.Fatal(err)
	}
	office, err := till.Office(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorker(nil, nil)
	w.deliver = w.queue
	t.Cleanup(w.stop)
	win := test.NewWindow(nil)
	t.Cleanup(win.Close)
	win.Resize(windowSize)
	open := 0 // dialogs shown through the env and not closed yet
	dir := t.TempDir()
	env := viewEnv{env: env{till: till, worker: w, win: win, money: formatFR, opts: Options{DataDir: dir}},
		showDialog: func(d dialog.Dialog, onClosed ...func()) {
			open++
			d.SetOnClosed(func() {
				open--
				for _, f := range onClosed {
					f()
				}
			})
			d.Show()
		}}

	// Reports, in French: today, the locale's way; a CSV export.
	ops := &tillOps{}
	r := openReports(env, ops)
	w.settle()
	if ops.reportsD != r || open != 1 || r.rep == nil {
		t.Fatalf("reports: recorded %v, %d dialogs, report %v", ops.reportsD == r, open, r.rep != nil)
	}
	if today := time.Now().Format("02/01/2006"); r.from.Text != today || r.to.Text != today {
		t.Errorf("the period is %q – %q, want %q", r.from.Text, r.to.Text, today)
	}
	test.Tap(r.csvBtn)
	w.settle()
	if filepath.Dir(ops.lastFile) != filepath.Join(dir, "reports") {
		t.Fatalf("exported to %q", ops.lastFile)
	}
	if _, err := os.Stat(ops.lastFile); err != nil {
		t.Fatal(err)
	}
	r.d.Hide()
	if ops.reportsD != nil || open != 0 {
		t.Fatalf("closed, the reports stay recorded (%v) or counted (%d)", ops.reportsD != nil, open)
	}

	// The demo-PIN prompt over a back office.
	bo := newBackOffice(officeEnv{till: till, office: office, w: w, win: win, money: formatFR, now: time.Now,
		onBack: func() {}, catalogChanged: func() {}})
	var shown *demoPINDialog
	record := func(p *demoPINDialog, isOpen bool) {
		if isOpen {
			shown = p
		} else if shown == p {
			shown = nil
		}
	}
	demoPINs{viewEnv: env, office: office, bo: bo, shown: record}.ask()
	w.settle()
	if shown == nil || len(shown.members) != 2 || open != 1 {
		t.Fatalf("the prompt: %+v, %d dialogs", shown, open)
	}
	p := shown
	for i, m := range p.members {
		if m.Role == pos.Manager {
			p.pins[i].SetText("654321")
		} else {
			p.pins[i].SetText("4321")
		}
	}
	test.Tap(p.save)
	w.settle()
	if shown != nil || open != 0 {
		t.Fatalf("the prompt stays open: %q", p.msg.Text)
	}
	if !bo.msg.Visible() || !strings.Contains(bo.msg.Text, "PIN") {
		t.Errorf("the back office says %q", bo.msg.Text)
	}
	staff, _ := store.Staff(ctx)
	for _, m := range staff {
		if m.DemoPIN {
			t.Errorf("%s keeps a demo PIN", m.Name)
		}
	}

	// Over a back office that has closed, nothing is asked.
	store.StaffList[1].DemoPIN = true
	if left, err := office.DemoPINs(ctx); err != nil || !left {
		t.Fatalf("a demo PIN again: %v, %v", left, err)
	}
	bo.closed = true
	demoPINs{viewEnv: env, office: office, bo: bo, shown: record}.ask()
	w.settle()
	if shown != nil || open != 0 {
		t.Fatal("the prompt shows over a closed back office")
	}
}
