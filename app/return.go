package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"caisse/pos"
	"caisse/storage"
)

// `caisse return`: a return through the till, as the window makes one, for
// testers and scripts. Only flags and output here; the till decides.
func init() {
	dataCommands["return"] = func(args []string) int {
		return cmdReturn(args, os.Getenv("CAISSE_PIN"), os.Stdout, os.Stderr)
	}
}

// returnLines collects repeated --line flags; --quantity sets the quantity
// of the --line before it (0: every unit still returnable).
type returnLines struct{ lines []pos.ReturnLineRequest }

func (r *returnLines) String() string { return "" }

func (r *returnLines) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return fmt.Errorf("a line is a position from 1, not %q", s)
	}
	r.lines = append(r.lines, pos.ReturnLineRequest{Pos: n})
	return nil
}

type returnQuantity struct{ r *returnLines }

func (q returnQuantity) String() string { return "" }

func (q returnQuantity) Set(s string) error {
	if len(q.r.lines) == 0 {
		return errors.New("--quantity goes after the --line it is for")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return fmt.Errorf("a quantity is a whole number from 1, not %q", s)
	}
	last := &q.r.lines[len(q.r.lines)-1]
	if last.Quantity != 0 {
		return fmt.Errorf("line %d has two quantities", last.Pos)
	}
	last.Quantity = n
	return nil
}

// returnJSON is what `caisse return` prints.
type returnJSON struct {
	Number string           `json:"number"`
	ID     string           `json:"id"`
	Order  string           `json:"order"`
	Staff  string           `json:"staff"`
	Lines  []returnLineJSON `json:"lines"`
	Total  string           `json:"total"`
	Tender []tenderJSON     `json:"refund_tenders"`
}

type returnLineJSON struct {
	Line     int    `json:"line"`
	Product  string `json:"product"`
	Quantity int    `json:"quantity"`
	Refund   string `json:"refund"`
}

type tenderJSON struct {
	Method string `json:"method"`
	Amount string `json:"amount"`
}

// cmdReturn is `caisse return --db PATH --order N --line L [--quantity Q]
// ... --staff NAME`: pin is CAISSE_PIN. Exit 0 done (the return as JSON on
// stdout), 1 refused (why on stderr), 2 bad input.
func cmdReturn(args []string, pin string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("caisse return", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dbPath := flags.String("db", defaultDBPath(), "the database file")
	tillID := flags.String("till", defaultTillID(), "this till's id (the return is in its open shift, if any)")
	order := flags.String("order", "", "the order: its number as printed (12, TEST-3) or its id")
	staff := flags.String("staff", "", "who makes the return: a staff id or name (the PIN comes from CAISSE_PIN)")
	reason := flags.String("reason", "", "why the customer brought it back")
	restock := flags.Bool("restock", false, "the units go back on the shelf")
	shipping := flags.Bool("shipping", false, "give the order's shipping back too")
	allCash := flags.Bool("cash", false, "refund everything in cash instead of to the original tenders")
	lines := &returnLines{}
	flags.Var(lines, "line", "an order line to return (repeat for several)")
	flags.Var(returnQuantity{lines}, "quantity", "how many units of the --line before it (default: all left)")
	bad := func(msg string) int {
		fmt.Fprintf(stderr, "caisse return: %s\n", msg)
		return 2
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	switch {
	case flags.NArg() > 0:
		return bad(fmt.Sprintf("unexpected argument %q", flags.Arg(0)))
	case *order == "":
		return bad("--order is required")
	case *staff == "":
		return bad("--staff is required")
	case len(lines.lines) == 0 && !*shipping:
		return bad("give at least one --line (or --shipping)")
	case pin == "":
		return bad("set CAISSE_PIN to the PIN of --staff")
	}
	db, code := openStaffDB("return", *dbPath, stderr)
	if db == nil {
		return code
	}
	defer db.Close()
	ctx := context.Background()
	r, err := returnThroughTill(ctx, db, *tillID, *order, *staff, pin, pos.ReturnRequest{
		Lines: lines.lines, Shipping: *shipping, AllCash: *allCash, Reason: *reason}, *restock)
	if err != nil {
		fmt.Fprintf(stderr, "caisse return: %s\n", pos.ErrorMessage(err))
		if pos.ErrorCode(err) == pos.EInvalid {
			return 2
		}
		return 1
	}
	out := returnJSON{Number: r.NumberLabel(), ID: r.ID, Order: (&pos.Order{Number: r.OrderNumber, Test: r.Test}).NumberLabel(),
		Staff: r.StaffName, Total: r.Total.String()}
	for _, l := range r.Lines {
		out.Lines = append(out.Lines, returnLineJSON{Line: l.Pos, Product: l.ProductID, Quantity: l.Quantity, Refund: l.Refund.String()})
	}
	for _, t := range r.Tenders {
		out.Tender = append(out.Tender, tenderJSON{Method: string(t.Method), Amount: t.Amount.String()})
	}
	return printJSON("return", out, stdout, stderr)
}

// returnThroughTill signs in and records the return with the till: the
// same rules as the window's.
func returnThroughTill(ctx context.Context, db *storage.DB, tillID, orderRef, staff, pin string, req pos.ReturnRequest, restock bool) (*pos.Return, error) {
	till, err := signedInTill(ctx, db, tillID, staff, pin)
	if err != nil {
		return nil, err
	}
	o, err := till.FindOrder(ctx, orderRef)
	if err != nil {
		return nil, err
	}
	left, err := till.ReturnableUnits(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	for i := range req.Lines {
		l := &req.Lines[i]
		l.Restock = restock
		if l.Quantity == 0 {
			// Every unit left; a line with none (or no such line) asks
			// for one, and the till says why it cannot be returned.
			l.Quantity = max(left[l.Pos], 1)
		}
	}
	return till.Return(ctx, o.ID, req)
}
