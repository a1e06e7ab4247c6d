package ui

import (
	"context"
	"fmt"
	"time"

	"caisse/pos"
)

// backOffice shoots the manager's screens after the sale: the PIN, a
// discount's form, the combination matrix, a product's page with its
// cross-sell and the try-it panel. The demo manager's PIN is
// pos.DemoManagerPIN (README).
func (sc *shotScript) backOffice() error {
	s := sc.s
	if err := sc.step(s.openBackOffice); err != nil {
		return err
	}
	// A manager signed in goes straight in; anyone else types a manager's PIN.
	var p *pinDialog
	var bo *backOffice
	sc.do(func() { p, bo = s.mgr.pin, s.mgr.bo })
	if bo == nil {
		if p == nil {
			return fmt.Errorf("screenshots: the back office neither opened nor asked a PIN")
		}
		sc.do(func() { s.win.Canvas().Focus(p.entry); p.entry.SetText(pos.DemoManagerPIN) })
		if err := sc.shot("11-manager-pin.png"); err != nil {
			return err
		}
		if err := sc.step(func() { p.entry.OnSubmitted(p.entry.Text) }); err != nil {
			return err
		}
		sc.do(func() { bo = s.mgr.bo })
		if bo == nil {
			var msg string
			sc.do(func() { msg = p.msg.Text })
			return fmt.Errorf("screenshots: the demo manager's PIN did not open the back office: %s", msg)
		}
	}
	// A new database still has the demo PINs: the back office asks to
	// change them (Later keeps them for the rest of the script).
	var demo *demoPINDialog
	sc.do(func() { demo = s.mgr.demo })
	if demo != nil {
		if err := sc.shot("11-demo-pins.png"); err != nil {
			return err
		}
		if err := sc.step(func() { demo.later.OnTapped() }); err != nil {
			return err
		}
	}
	// A discount's form: the first active one with a code, else the first.
	if err := sc.step(func() {
		bo.tabs.SelectIndex(1)
		all := s.till.Discounts().All()
		var pick *pos.Discount
		for _, d := range all {
			if d.Method == pos.Code && d.Active(time.Now()) && pick == nil {
				pick = d
			}
		}
		if pick == nil && len(all) > 0 {
			pick = all[0]
		}
		if pick != nil {
			bo.discounts.edit(pick, false)
		} else {
			bo.discounts.edit(nil, false)
		}
	}); err != nil {
		return err
	}
	if err := sc.shot("12-discount-form.png"); err != nil {
		return err
	}
	// The form refusing bad input, field by field.
	if err := sc.step(func() {
		f := bo.discounts.form
		f.title.SetText("")
		f.value.SetText("ten")
		f.ends.SetText("next week")
		f.submit()
	}); err != nil {
		return err
	}
	if err := sc.shot("12b-discount-form-refused.png"); err != nil {
		return err
	}
	if err := sc.step(func() { bo.tabs.SelectIndex(2) }); err != nil {
		return err
	}
	if err := sc.shot("13-combination-matrix.png"); err != nil {
		return err
	}
	// A product's page with its cross-sell: the first product offering one.
	if err := sc.step(func() {
		bo.tabs.SelectIndex(0)
		id := ""
		for _, p := range s.till.Catalog().Products() {
			if p.CrossSell != "" && id == "" {
				id = p.ID
			}
		}
		if id == "" && s.till.Catalog().Len() > 0 {
			id = s.till.Catalog().Products()[0].ID
		}
		if id != "" {
			bo.products.open(id)
		}
	}); err != nil {
		return err
	}
	if err := sc.shot("14-product-cross-sell.png"); err != nil {
		return err
	}
	// Try it: the favourites in a cart, as the till would price them.
	if err := sc.step(func() {
		bo.tabs.SelectIndex(3)
		v := bo.tryit
		n := 0
		for _, p := range s.till.Catalog().Products() {
			if p.Favourite && n < 3 {
				n++
				pid := p.ID
				v.do(func(ctx context.Context) error { return v.till.Add(ctx, pid, "", 2) })
			}
		}
	}); err != nil {
		return err
	}
	if err := sc.shot("15-try-it.png"); err != nil {
		return err
	}
	if err := sc.step(func() { bo.tabs.SelectIndex(4) }); err != nil {
		return err
	}
	if err := sc.shot("16-location.png"); err != nil {
		return err
	}
	return sc.step(func() {
		s.closeBackOffice()
		s.win.Canvas().Focus(s.search)
	})
}
