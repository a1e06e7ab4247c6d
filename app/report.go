package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"caisse/pos"
	"caisse/receipt"
	"caisse/storage"
)

// `caisse report`.
func init() { dataCommands["report"] = cmdReport }

// cmdReport is `caisse report [--db PATH] --from DAY [--to DAY] [--csv FILE]
// [--pdf FILE]`: the live sales, returns, discounts, cross-sells and top
// products of the days from..to (inclusive, local time), printed as text
// and optionally written as CSV and PDF.
func cmdReport(args []string) int {
	if hasHQFlag(args) {
		return cmdChainReport(args) // the chain's report, from the head office (headoffice.go)
	}
	fs := flag.NewFlagSet("caisse report", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDBPath(), "the database file")
	fromS := fs.String("from", "", "first day, YYYY-MM-DD (default: today)")
	toS := fs.String("to", "", "last day, YYYY-MM-DD (default: the first day)")
	csvPath := fs.String("csv", "", "write the report as CSV to this file")
	pdfPath := fs.String("pdf", "", "write the report as PDF to this file")
	force := fs.Bool("force", false, "replace the files if they exist")
	if code, ok := parseFlags(fs, args, ""); !ok {
		return code
	}
	outputs, err := reportOutputs(*csvPath, *pdfPath, *force, *dbPath)
	if err != nil {
		return failure("report", err)
	}
	from, to, err := reportDays(*fromS, *toS, time.Now())
	if err != nil {
		fmt.Fprintf(os.Stderr, "caisse report: %v\n", err)
		return 2
	}
	db, code := openReading(*dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	ctx := context.Background()
	setup, err := db.LoadSetup(ctx)
	if err != nil {
		return failure("report", err)
	}
	orders, returns, err := db.ReportData(ctx, from, to)
	if err != nil {
		return failure("report", err)
	}
	rep := pos.MakeReport(orders, returns, setup.Location.Currency, from, to)
	fmt.Print(receipt.PlainText(receipt.ReportLines(rep, receipt.Text{}), receipt.Columns80))
	if o, ok := outputs["csv"]; ok {
		if err := storage.WriteOutput(o, func(w io.Writer) error { return receipt.WriteReportCSV(w, rep) }); err != nil {
			return failure("report", err)
		}
	}
	if o, ok := outputs["pdf"]; ok {
		err := storage.WriteOutput(o, func(w io.Writer) error { return receipt.WriteReportPDF(w, rep, receipt.Text{}, receipt.PDFOptions{}) })
		if err != nil {
			return failure("report", err)
		}
	}
	return 0
}

// reportDays reads --from and --to as local days; to is inclusive.
func reportDays(fromS, toS string, now time.Time) (time.Time, time.Time, error) {
	y, m, d := now.Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	var err error
	if fromS != "" {
		if from, err = time.ParseInLocation(time.DateOnly, fromS, time.Local); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("--from %q is not a day (YYYY-MM-DD)", clip(fromS))
		}
	}
	last := from
	if toS != "" {
		if last, err = time.ParseInLocation(time.DateOnly, toS, time.Local); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("--to %q is not a day (YYYY-MM-DD)", clip(toS))
		}
	}
	if last.Before(from) {
		return time.Time{}, time.Time{}, fmt.Errorf("--to is before --from")
	}
	return from, last.AddDate(0, 0, 1), nil
}

func init() { dataCommands["receipt"] = cmdReceipt }

// cmdReceipt is `caisse receipt [--db PATH] (--order N | --return N) [--test]
// [--escpos FILE] [--columns 32|48] [--pdf FILE]`: a stored sale's or
// return's receipt, as text on stdout, ESC/POS bytes for a thermal printer
// (a file or a device such as /dev/usb/lp0) and/or a PDF.
func cmdReceipt(args []string) int {
	fs := flag.NewFlagSet("caisse receipt", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDBPath(), "the database file")
	orderN := fs.Int64("order", 0, "the order number")
	returnN := fs.Int64("return", 0, "the return number")
	test := fs.Bool("test", false, "the number is in the test series")
	escpos := fs.String("escpos", "", "write ESC/POS bytes to this file or device")
	columns := fs.Int("columns", receipt.Columns80, "paper columns: 32 (58 mm) or 48 (80 mm)")
	pdfPath := fs.String("pdf", "", "write the receipt as PDF to this file")
	force := fs.Bool("force", false, "replace the PDF or ESC/POS file if it exists")
	if code, ok := parseFlags(fs, args, ""); !ok {
		return code
	}
	var escOut, pdfOut storage.Output
	if *escpos != "" {
		// A printer is a character device: the one output that may be one.
		escOut = storage.Output{Path: *escpos, Force: *force, Protect: []string{*dbPath}, Device: true}
		if err := storage.CheckOutput(escOut); err != nil {
			return failure("receipt", err)
		}
	}
	if *pdfPath != "" {
		pdfOut = storage.Output{Path: *pdfPath, Force: *force, Protect: []string{*dbPath}}
		if err := storage.CheckOutput(pdfOut); err != nil {
			return failure("receipt", err)
		}
	}
	if (*orderN > 0) == (*returnN > 0) || (*columns != receipt.Columns58 && *columns != receipt.Columns80) {
		fmt.Fprintln(os.Stderr, "caisse receipt: give --order N or --return N, and --columns 32 or 48")
		return 2
	}
	db, code := openReading(*dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	ctx := context.Background()
	setup, err := db.LoadSetup(ctx)
	if err != nil {
		return failure("receipt", err)
	}
	var lines []receipt.Line
	isTest := *test
	if *orderN > 0 {
		o, err := db.OrderByNumber(ctx, *orderN, *test)
		if err != nil {
			return failure("receipt", err)
		}
		lines = receipt.Sale(o, setup.Location, receipt.Text{})
	} else {
		r, err := db.ReturnByNumber(ctx, *returnN, *test)
		if err != nil {
			return failure("receipt", err)
		}
		lines = receipt.Return(r, setup.Location, receipt.Text{})
	}
	fmt.Print(receipt.PlainText(lines, *columns))
	if *escpos != "" {
		err := storage.WriteOutput(escOut, func(w io.Writer) error {
			_, err := w.Write(receipt.ESCPOS(lines, *columns, isTest))
			return err
		})
		if err != nil {
			return failure("receipt", err)
		}
	}
	if *pdfPath != "" {
		err := storage.WriteOutput(pdfOut, func(w io.Writer) error { return receipt.WritePDF(w, lines, isTest, receipt.PDFOptions{}) })
		if err != nil {
			return failure("receipt", err)
		}
	}
	return 0
}

// reportOutputs checks the report's --csv and --pdf files before anything
// is computed ("csv" and "pdf" of those given); protect names files they
// must not replace (the database).
func reportOutputs(csvPath, pdfPath string, force bool, protect ...string) (map[string]storage.Output, error) {
	outputs := map[string]storage.Output{}
	for name, p := range map[string]string{"csv": csvPath, "pdf": pdfPath} {
		if p == "" {
			continue
		}
		outputs[name] = storage.Output{Path: p, Force: force, Protect: protect}
		if err := storage.CheckOutput(outputs[name]); err != nil {
			return nil, err
		}
	}
	return outputs, nil
}
