package ui

import (
	"context"
	"strings"
	"testing"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func richText(r *widget.RichText) string {
	var b strings.Builder
	for _, seg := range r.Segments {
		b.WriteString(seg.Textual())
		b.WriteString("|")
	}
	return b.String()
}

// What a cashier can act on comes first; the automatic discounts nothing
// in the cart is eligible for fold behind a count, still reachable.
func TestNotAppliedFold(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	if err := f.till.Add(context.Background(), "tea", "", 1); err != nil {
		t.Fatal(err)
	}
	s.run(func(context.Context) error { return nil }, nil)
	s.settle()
	main := f.explanations()
	if !strings.Contains(main, "Big basket") {
		t.Errorf("a minimum not reached is shown first: %s", main)
	}
	if strings.Contains(main, "Coffee week") {
		t.Errorf("a discount nothing is eligible for is folded: %s", main)
	}
	if !s.disc.more.Visible() || s.disc.more.Text != "1 more not eligible" || s.disc.folded.Visible() {
		t.Fatalf("the count line: visible %v %q, folded shown %v", s.disc.more.Visible(), s.disc.more.Text, s.disc.folded.Visible())
	}
	test.Tap(s.disc.more)
	if !s.disc.folded.Visible() || !strings.Contains(richText(s.disc.folded), "Coffee week") {
		t.Fatalf("opened, the fold lists the discount: %s", richText(s.disc.folded))
	}
	// It stays open across quotes, and closes again.
	if err := f.till.Add(context.Background(), "mug", "", 1); err != nil {
		t.Fatal(err)
	}
	s.run(func(context.Context) error { return nil }, nil)
	s.settle()
	if !s.disc.folded.Visible() {
		t.Error("the fold closed by itself")
	}
	test.Tap(s.disc.more)
	if s.disc.folded.Visible() || !strings.HasPrefix(s.disc.more.Text, "1 more") {
		t.Errorf("the fold does not close: %q", s.disc.more.Text)
	}
	// Codes fold never, whatever their reason.
	for _, n := range []pos.NotApplied{
		{Source: pos.Code, Reason: pos.ReasonNoEligible},
		{Source: pos.Automatic, Reason: pos.ReasonNotPro},
		{Source: pos.Automatic, Reason: pos.ReasonLimitReached},
		{Source: pos.Automatic, Reason: pos.ReasonNotCombinable},
		{Source: pos.Automatic, Reason: pos.ReasonRequirement},
	} {
		if !actionable(n) {
			t.Errorf("%+v folded", n)
		}
	}
	if actionable(pos.NotApplied{Source: pos.Automatic, Reason: pos.ReasonNotActive}) {
		t.Error("a discount not active now is not folded")
	}
}

// The parked carts list shows each cart's total and units, priced with
// Till.Preview.
func TestParkedShowsTotals(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	ctx := context.Background()
	if err := f.till.Add(ctx, "mug", "", 3); err != nil {
		t.Fatal(err)
	}
	want := f.till.Quote().Total
	if err := f.till.Park(ctx, "Table 4"); err != nil {
		t.Fatal(err)
	}
	s.run(func(context.Context) error { return nil }, nil)
	s.settle()
	s.keys.key(fyne.KeyF9)
	pd := s.parkedD
	if pd == nil || pd.list.Length() != 1 {
		t.Fatal("F9 lists the parked cart")
	}
	o := pd.list.CreateItem()
	pd.list.UpdateItem(0, o)
	var texts []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			texts = append(texts, w.Text)
		case *parkedRow: // a row widget: its own box
			walk(w.box)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	got := strings.Join(texts, "|")
	for _, w := range []string{"Table 4", s.money.money(want), "3 units"} {
		if !strings.Contains(got, w) {
			t.Errorf("parked row %q lacks %q", got, w)
		}
	}
}

// TestSearchLimitIsShown: when the discount search stopped at its limit,
// the explanations say the discounts are the best found.
func TestSearchLimitIsShown(t *testing.T) {
	f := newFixture(t, testSetup())
	s := f.s
	f.addBySearch("SKU-bea")
	if strings.Contains(f.explanations(), "stopped searching") {
		t.Fatal("a searched-through cart speaks of a stopped search")
	}
	q := *s.quote
	q.SearchComplete = false
	s.quote = &q
	s.disc.update()
	if !strings.Contains(f.explanations(), "stopped searching: these are the best it found") {
		t.Errorf("explanations %q", f.explanations())
	}
}
