package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"caisse/pos"
	"caisse/storage"
)

// `caisse sell`: one live sale through the till, as the window makes one,
// for scripts (and the head office's fault test). Only flags and output
// here; the till decides (prices, codes, usage limits, a joined till's
// leases).
func init() {
	dataCommands["sell"] = func(args []string) int {
		return cmdSell(args, os.Getenv("CAISSE_PIN"), os.Stdout, os.Stderr)
	}
}

// sellCodes collects repeated --code flags.
type sellCodes []string

func (c *sellCodes) String() string { return strings.Join(*c, ",") }

func (c *sellCodes) Set(s string) error {
	*c = append(*c, s)
	return nil
}

// sellItem is one PRODUCT[:QUANTITY] argument.
type sellItem struct {
	product string
	qty     int
}

func parseSellItem(arg string) (sellItem, error) {
	product, q, hasQ := strings.Cut(arg, ":")
	it := sellItem{product: product, qty: 1}
	if product == "" {
		return it, fmt.Errorf("%q names no product", clip(arg))
	}
	if hasQ {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 {
			return it, fmt.Errorf("%q: a quantity is a whole number from 1", clip(arg))
		}
		it.qty = n
	}
	return it, nil
}

// sellJSON is what `caisse sell` prints.
type sellJSON struct {
	Number  string       `json:"number"`
	ID      string       `json:"id"`
	Staff   string       `json:"staff"`
	Total   string       `json:"total"`
	Applied []string     `json:"discounts"` // the discounts applied, by id
	Tender  []tenderJSON `json:"tenders"`
}

// cmdSell is `caisse sell [--db PATH] [--till ID] --staff NAME [--code
// CODE]... [--card] PRODUCT[:QUANTITY]...`: pin is CAISSE_PIN. The sale is
// paid exactly, in cash (or by card). Exit 0 sold (the order as JSON on
// stdout), 1 refused (why on stderr), 2 bad input.
func cmdSell(args []string, pin string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("caisse sell", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dbPath := flags.String("db", defaultDBPath(), "the database file")
	tillID := flags.String("till", defaultTillID(), "this till's id (the sale is in its open shift, if any)")
	staff := flags.String("staff", "", "who sells: a staff id or name (the PIN comes from CAISSE_PIN)")
	card := flags.Bool("card", false, "paid by card instead of cash")
	var codes sellCodes
	flags.Var(&codes, "code", "a discount code to enter (repeat for several)")
	bad := func(msg string) int {
		fmt.Fprintf(stderr, "caisse sell: %s\n", msg)
		return 2
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	var items []sellItem
	for _, a := range flags.Args() {
		it, err := parseSellItem(a)
		if err != nil {
			return bad(err.Error())
		}
		items = append(items, it)
	}
	switch {
	case len(items) == 0:
		return bad("name at least one product (PRODUCT or PRODUCT:QUANTITY)")
	case *staff == "":
		return bad("--staff is required")
	case pin == "":
		return bad("set CAISSE_PIN to the PIN of --staff")
	}
	db, code := openStaffDB("sell", *dbPath, stderr)
	if db == nil {
		return code
	}
	defer db.Close()
	method := pos.Cash
	if *card {
		method = pos.Card
	}
	o, err := sellThroughTill(context.Background(), db, *tillID, *staff, pin, items, codes, method)
	if err != nil {
		fmt.Fprintf(stderr, "caisse sell: %s\n", pos.ErrorMessage(err))
		if pos.ErrorCode(err) == pos.EInvalid || pos.ErrorCode(err) == pos.ENotFound {
			return 2
		}
		return 1
	}
	out := sellJSON{Number: o.NumberLabel(), ID: o.ID, Staff: o.StaffName, Total: o.Quote.Total.String(), Applied: []string{}}
	seen := map[string]bool{}
	for _, a := range o.Quote.Applied {
		if !seen[a.DiscountID] {
			seen[a.DiscountID] = true
			out.Applied = append(out.Applied, a.DiscountID)
		}
	}
	for _, t := range o.Tenders {
		out.Tender = append(out.Tender, tenderJSON{Method: string(t.Method), Amount: t.Amount.String()})
	}
	return printJSON("sell", out, stdout, stderr)
}

// sellThroughTill signs in, fills a new cart, enters the codes and pays
// the total: the same rules as the window's. A refused sale leaves its
// cart open on the till, as the window would; the next sale drops it.
func sellThroughTill(ctx context.Context, db *storage.DB, tillID, staff, pin string, items []sellItem, codes []string, method pos.TenderMethod) (*pos.Order, error) {
	till, err := signedInTill(ctx, db, tillID, staff, pin)
	if err != nil {
		return nil, err
	}
	if err := till.NewCart(ctx, pos.CartOptions{}); err != nil {
		return nil, err
	}
	for _, it := range items {
		if err := till.Add(ctx, it.product, "", it.qty); err != nil {
			return nil, err
		}
	}
	for _, c := range codes {
		if err := till.EnterCode(ctx, c); err != nil {
			return nil, err
		}
	}
	return till.Pay(ctx, []pos.Tender{{Method: method, Amount: till.Quote().Total}})
}
