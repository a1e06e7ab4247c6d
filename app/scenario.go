package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"caisse/pos"
	"caisse/pos/setupjson"
)

// cmdScenario runs scenario files (../shared/scenarios/FORMAT.md) through
// the same Till, pricing and storage as the window. Exit 0: every file ran;
// 1: an expectation did not match; 2: a file cannot be used.
func cmdScenario(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scenario", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "record the orders in this database, as test orders (created when missing)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: caisse scenario [--db PATH] FILE...")
		return 2
	}
	status := 0
	for _, path := range fs.Args() {
		out, diffs, err := runScenarioFile(context.Background(), path, *dbPath)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", path, err)
			status = 2
			continue
		}
		b, _ := json.Marshal(out)
		fmt.Fprintf(stdout, "%s\n", b)
		for _, d := range diffs {
			fmt.Fprintf(stderr, "%s: %s\n", path, d)
		}
		if len(diffs) > 0 && status == 0 {
			status = 1
		}
	}
	return status
}

// scenario is a parsed, checked file ready to run.
type scenario struct {
	in       fileIn
	cur      pos.Currency
	now      time.Time
	setup    pos.Setup
	hasLoc   bool
	cartOpts pos.CartOptions
}

func loadScenario(path string) (*scenario, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	s := &scenario{}
	if err := dec.Decode(&s.in); err != nil {
		return nil, fmt.Errorf("not a scenario: %w", err)
	}
	if dec.More() {
		return nil, errors.New("not a scenario: more than one JSON value")
	}
	if s.cur, err = pos.ParseCurrency(s.in.Currency); err != nil {
		return nil, fmt.Errorf("currency: %s", pos.ErrorMessage(err))
	}
	s.now = time.Now().UTC()
	if s.in.Now != "" {
		if s.now, err = setupjson.ParseTime(s.in.Now); err != nil {
			return nil, fmt.Errorf("now: %w", err)
		}
	}
	s.hasLoc = s.in.Location != nil
	if s.setup.Location, err = s.in.Location.toLocation(s.cur); err != nil {
		return nil, fmt.Errorf("location: %s", pos.ErrorMessage(err))
	}
	if s.setup.Products, s.setup.Discounts, err = setupjson.Convert(s.in.Products, s.in.Discounts, s.cur); err != nil {
		return nil, err
	}
	for i := range s.setup.Products {
		if err := s.setup.Products[i].CheckText(); err != nil {
			return nil, errors.New(pos.ErrorMessage(err))
		}
	}
	for i := range s.setup.Discounts {
		if err := s.setup.Discounts[i].CheckText(); err != nil {
			return nil, errors.New(pos.ErrorMessage(err))
		}
	}
	s.cartOpts = s.in.Cart.toOptions()
	for i := range s.in.Steps {
		keys := s.in.Steps[i].actions()
		if len(keys) != 1 {
			return nil, fmt.Errorf("step %d: a step has exactly one action, this one has %d %v", i+1, len(keys), keys)
		}
		st := &s.in.Steps[i]
		if keys[0] != "add" && (st.Quantity != nil || st.Price != "") {
			return nil, fmt.Errorf("step %d: quantity and price go with add", i+1)
		}
		if err := s.checkStep(i); err != nil {
			return nil, err
		}
	}
	if len(s.in.Expect) > 0 && string(s.in.Expect) != "null" {
		if _, err := compareExpect(s.in.Expect, &output{}); err != nil {
			return nil, fmt.Errorf("expect: %v", err)
		}
	}
	return s, nil
}

// checkStep reads step i's amounts as the run will, so that a step that
// would make the file unusable (exit 2) is found before anything is written.
func (s *scenario) checkStep(i int) error {
	st, n := &s.in.Steps[i], i+1
	var err error
	switch {
	case st.Shipping != nil:
		_, err = s.money(*st.Shipping, n)
	case st.LineDiscount != nil:
		_, err = s.custom(st.LineDiscount, n)
	case st.CartDiscount != nil:
		_, err = s.custom(st.CartDiscount, n)
	case st.Pay != nil:
		for _, tn := range *st.Pay {
			if _, err = s.money(tn.Amount, n); err != nil {
				break
			}
		}
	}
	var bad *badStep
	if errors.As(err, &bad) {
		return bad.err
	}
	return nil
}

// runScenarioFile loads one file into a fresh store (or dbPath), replays its
// steps and compares the output with its expect.
func runScenarioFile(ctx context.Context, path, dbPath string) (*output, []string, error) {
	s, err := loadScenario(path)
	if err != nil {
		return nil, nil, err
	}
	// The whole file is checked before the database is touched: a file that
	// exits 2 leaves it exactly as it was (finding 3).
	known, checked, err := knownProducts(dbPath, s)
	if err != nil {
		return nil, nil, err
	}
	if checked {
		if err := s.checkRefs(func(id string) bool { return known[id] }); err != nil {
			return nil, nil, err
		}
	}
	store, closeStore, err := openScenarioStore(ctx, dbPath, s)
	if err != nil {
		return nil, nil, err
	}
	defer closeStore()
	till, err := pos.NewTill(ctx, store, pos.Options{TillID: "scenario", Now: func() time.Time { return s.now }, Test: true, Cart: s.cartOpts,
		Actor: &pos.ScenarioRunner})
	if err != nil {
		return nil, nil, errors.New(pos.ErrorMessage(err))
	}
	// A scenario starts from an empty cart even on a database with one open.
	if err := till.NewCart(ctx, s.cartOpts); err != nil {
		return nil, nil, errors.New(pos.ErrorMessage(err))
	}
	if err := s.checkRefs(func(id string) bool { _, ok := till.Catalog().Product(id); return ok }); err != nil {
		return nil, nil, err
	}
	out := &output{}
	var order *pos.Order
	for i := range s.in.Steps {
		o, err := s.step(ctx, till, i)
		var bad *badStep
		switch {
		case errors.As(err, &bad):
			return nil, nil, bad.err
		case err != nil:
			out.Errors = append(out.Errors, stepError{Step: i + 1, Message: pos.ErrorMessage(err)})
		case o != nil:
			order = o
		}
	}
	// After a sale the till still shows the completed cart; after new_cart, the new one.
	out.fill(till.Quote(), order)
	if out.Errors == nil {
		out.Errors = []stepError{}
	}
	var diffs []string
	if len(s.in.Expect) > 0 && string(s.in.Expect) != "null" {
		if diffs, err = compareExpect(s.in.Expect, out); err != nil {
			return nil, nil, fmt.Errorf("expect: %w", err)
		}
	}
	return out, diffs, nil
}

// checkRefs refuses a file whose steps name products the store lacks.
func (s *scenario) checkRefs(has func(id string) bool) error {
	for i, st := range s.in.Steps {
		switch {
		case st.Add != nil && !has(*st.Add):
			return fmt.Errorf("step %d: unknown product %q", i+1, clip(*st.Add))
		case st.AcceptCrossSell != nil && !has(*st.AcceptCrossSell):
			return fmt.Errorf("step %d: unknown product %q", i+1, clip(*st.AcceptCrossSell))
		case st.ConfigureCrossSell != nil && !has(st.ConfigureCrossSell.Product):
			return fmt.Errorf("step %d: unknown product %q", i+1, clip(st.ConfigureCrossSell.Product))
		case st.ConfigureCrossSell != nil && st.ConfigureCrossSell.CrossSell != nil && *st.ConfigureCrossSell.CrossSell != "" && !has(*st.ConfigureCrossSell.CrossSell):
			return fmt.Errorf("step %d: unknown product %q", i+1, clip(*st.ConfigureCrossSell.CrossSell))
		}
	}
	return nil
}

// badStep makes the whole file unusable (exit 2), unlike a till refusal.
type badStep struct{ err error }

func (b *badStep) Error() string { return b.err.Error() }

func (s *scenario) money(a amount, step int) (pos.Money, error) {
	m, err := pos.ParseMoney(string(a), s.cur)
	if err != nil {
		return m, &badStep{fmt.Errorf("step %d: %s", step, pos.ErrorMessage(err))}
	}
	return m, nil
}

func (s *scenario) custom(c *customIn, step int) (pos.CustomDiscount, error) {
	d, err := c.toCustom(s.cur, step)
	var r *refusal
	switch {
	case errors.As(err, &r):
		return d, r.err
	case err != nil:
		return d, &badStep{err}
	}
	return d, nil
}

// step replays step i through the till.
func (s *scenario) step(ctx context.Context, t *pos.Till, i int) (*pos.Order, error) {
	st, n := &s.in.Steps[i], i+1
	switch {
	case st.Add != nil:
		q := 1
		if st.Quantity != nil {
			q = *st.Quantity
		}
		return nil, t.Add(ctx, *st.Add, st.Price, q)
	case st.SetQuantity != nil:
		return nil, t.SetQuantity(ctx, st.SetQuantity.Line, st.SetQuantity.Quantity)
	case st.RemoveLine != nil:
		return nil, t.RemoveLine(ctx, *st.RemoveLine)
	case st.Code != nil:
		return nil, t.EnterCode(ctx, *st.Code)
	case st.RemoveCode != nil:
		return nil, t.RemoveCode(ctx, *st.RemoveCode)
	case st.LineDiscount != nil:
		d, err := s.custom(st.LineDiscount, n)
		if err != nil {
			return nil, err
		}
		return nil, t.SetLineDiscount(ctx, st.LineDiscount.Line, d)
	case st.RemoveLineDiscount != nil:
		return nil, t.RemoveLineDiscount(ctx, *st.RemoveLineDiscount)
	case st.CartDiscount != nil:
		d, err := s.custom(st.CartDiscount, n)
		if err != nil {
			return nil, err
		}
		return nil, t.AddCartDiscount(ctx, d)
	case st.RemoveCartDiscounts != nil:
		return nil, t.RemoveCartDiscounts(ctx)
	case st.Shipping != nil:
		m, err := s.money(*st.Shipping, n)
		if err != nil {
			return nil, err
		}
		return nil, t.SetShipping(ctx, m)
	case st.AcceptCrossSell != nil:
		return nil, t.AcceptCrossSell(ctx, *st.AcceptCrossSell)
	case st.ConfigureCrossSell != nil:
		cs := ""
		if st.ConfigureCrossSell.CrossSell != nil {
			cs = *st.ConfigureCrossSell.CrossSell
		}
		return nil, t.ConfigureCrossSell(ctx, st.ConfigureCrossSell.Product, cs)
	case st.NewCart != nil:
		opts := s.cartOpts
		if st.NewCart.Mode != "" {
			opts = st.NewCart.toOptions()
		}
		return nil, t.NewCart(ctx, opts)
	case st.Pay != nil:
		var tenders []pos.Tender
		for _, tn := range *st.Pay {
			m, err := s.money(tn.Amount, n)
			if err != nil {
				return nil, err
			}
			tenders = append(tenders, pos.Tender{Method: pos.TenderMethod(tn.Method), Amount: m})
		}
		return t.Pay(ctx, tenders)
	}
	return nil, &badStep{fmt.Errorf("step %d: no action", n)}
}
