package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"time"

	"caisse/pos"
	"caisse/storage"
)

// The data commands: the event stream, the orders export and the catalog
// import. The work is in storage/; here only flags and files.
func init() {
	dataCommands["events"] = cmdEvents
	dataCommands["export"] = cmdExport
	dataCommands["import"] = cmdImport
}

// cmdEvents is `caisse events [--db PATH] --after ID [--limit N]`: the
// events after a cursor (a sequence number, 0 for the start, or an event
// id), one JSON object per line, oldest first, as a webhook consumer reads
// them. The last line's seq is the cursor for the next call.
func cmdEvents(args []string) int {
	fs := flag.NewFlagSet("caisse events", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDBPath(), "the database file")
	after := fs.String("after", "0", "print the events after this one: its seq, or its id")
	limit := fs.Int("limit", 0, "print at most this many events, at least 1 (default: all)")
	if code, ok := parseFlags(fs, args, ""); !ok {
		return code
	}
	if flagGiven(fs, "limit") && *limit < 1 {
		return usageError(fs, fmt.Sprintf("--limit must be at least 1, not %d", *limit))
	}
	db, code := openReading(*dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	ctx := context.Background()
	seq, err := eventCursor(ctx, db, *after)
	if err != nil {
		return failure("events", err)
	}
	if err := printEvents(ctx, db, os.Stdout, seq, *limit); err != nil {
		return failure("events", err)
	}
	return 0
}

// eventCursor reads --after: a sequence number or an event id.
func eventCursor(ctx context.Context, db *storage.DB, after string) (int64, error) {
	if seq, err := strconv.ParseInt(after, 10, 64); err == nil && seq >= 0 {
		return seq, nil
	}
	return db.EventSeq(ctx, after)
}

// eventLine is how one event is printed.
type eventLine struct {
	Seq     int64           `json:"seq"`
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	OrderID string          `json:"order_id,omitempty"`
	TillID  string          `json:"till_id"`
	At      time.Time       `json:"at"`
	Data    json.RawMessage `json:"data"`
}

// printEvents writes the events after seq, a page at a time.
func printEvents(ctx context.Context, db *storage.DB, w io.Writer, seq int64, limit int) error {
	enc := json.NewEncoder(w)
	printed := 0
	for limit == 0 || printed < limit {
		page := 500
		if limit > 0 {
			page = min(page, limit-printed)
		}
		events, err := db.Events(ctx, seq, page)
		if err != nil {
			return err
		}
		for _, e := range events {
			line := eventLine{Seq: e.Seq, ID: e.ID, Type: e.Type, OrderID: e.OrderID, TillID: e.TillID, At: e.At, Data: e.Payload}
			if err := enc.Encode(line); err != nil {
				return err
			}
			seq = e.Seq
		}
		printed += len(events)
		if len(events) < page {
			return nil
		}
	}
	return nil
}

// cmdExport is `caisse export [--db PATH] --orders FILE.csv [--from DAY]
// [--to DAY] [--test]`: the live orders (or the test orders), one CSV row
// per line. The file appears whole or not at all; "-" writes to stdout.
func cmdExport(args []string) int {
	fs := flag.NewFlagSet("caisse export", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDBPath(), "the database file")
	out := fs.String("orders", "", "the CSV file to write (- for stdout)")
	from := fs.String("from", "", "first day, YYYY-MM-DD (local time)")
	to := fs.String("to", "", "last day, YYYY-MM-DD (local time)")
	test := fs.Bool("test", false, "export the test orders instead of the live ones")
	force := fs.Bool("force", false, "replace the file if it exists")
	if code, ok := parseFlags(fs, args, "orders"); !ok {
		return code
	}
	o := storage.Output{Path: *out, Force: *force, Protect: []string{*dbPath}}
	if err := storage.CheckOutput(o); err != nil {
		return failure("export", err)
	}
	filter := storage.OrderFilter{Test: test}
	var err error
	if filter.From, err = parseDay(*from, 0); err != nil {
		return usageError(fs, err.Error())
	}
	if filter.To, err = parseDay(*to, 1); err != nil {
		return usageError(fs, err.Error())
	}
	db, code := openReading(*dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	n, err := exportOrders(context.Background(), db, o, filter)
	if err != nil {
		return failure("export", err)
	}
	if *out != "-" {
		fmt.Fprintf(os.Stderr, "caisse export: %d orders written to %s\n", n, *out)
	}
	return 0
}

// exportOrders writes the CSV through storage.WriteOutput: never over the
// database or another SQLite file, a device or (without --force) an existing
// file; whole or not at all.
func exportOrders(ctx context.Context, db *storage.DB, o storage.Output, f storage.OrderFilter) (int, error) {
	n := 0
	err := storage.WriteOutput(o, func(w io.Writer) error {
		var err error
		n, err = db.ExportOrdersCSV(ctx, w, f)
		return err
	})
	return n, err
}

// parseDay reads YYYY-MM-DD as local midnight, plus addDays ("" is no bound).
func parseDay(s string, addDays int) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, time.Local)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a day (YYYY-MM-DD)", clip(s))
	}
	return d.AddDate(0, 0, addDays), nil
}

// cmdImport is `caisse import [--db PATH] --catalog FILE.csv [--staff ID]`:
// products, prices and collections added or replaced by id, all or
// nothing, while the tills keep selling; every bad row is named by its line
// number. Progress goes to stderr. The audit log names staff "import", or
// with --staff the manager whose PIN is in CAISSE_PIN (checked by the till,
// lockout included): nobody is named without their PIN.
func cmdImport(args []string) int {
	return importCatalog(args, os.Getenv("CAISSE_PIN"))
}

func importCatalog(args []string, pin string) int {
	fs := flag.NewFlagSet("caisse import", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDBPath(), "the database file")
	in := fs.String("catalog", "", "the catalog CSV file (header: id,title,price_id,amount,currency,...)")
	staff := fs.String("staff", "", "the manager the audit log names for the import, their PIN in CAISSE_PIN (default: \"import\")")
	quiet := fs.Bool("quiet", false, "no progress")
	if code, ok := parseFlags(fs, args, "catalog"); !ok {
		return code
	}
	if *staff != "" && pin == "" {
		return usageError(fs, "set CAISSE_PIN to the PIN of --staff")
	}
	f, err := os.Open(*in)
	if err != nil {
		return failure("import", err)
	}
	defer f.Close()
	db, code := openExisting(*dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	// A damaged file is never written into (finding 9).
	if err := db.QuickCheck(context.Background()); err != nil {
		return failure("import", fmt.Errorf("nothing was imported: %w", err))
	}
	opt := storage.ImportOptions{StaffID: "import"}
	if *staff != "" {
		id, err := importManager(context.Background(), db, *staff, pin)
		if err != nil {
			return failure("import", fmt.Errorf("nothing was imported: %s", pos.ErrorMessage(err)))
		}
		opt.StaffID = id
	}
	if !*quiet {
		opt.Progress = importProgress(os.Stderr)
	}
	res, err := db.ImportCatalog(context.Background(), f, opt)
	if err != nil {
		return failure("import", fmt.Errorf("%s: %w", *in, err))
	}
	fmt.Fprintf(os.Stderr, "caisse import: %d products added, %d replaced\n", res.Added, res.Replaced)
	return 0
}

// importManager checks, through the till, that who is an active manager
// with that PIN (the back office's check: lockout and audit included) and
// returns their id.
func importManager(ctx context.Context, db *storage.DB, who, pin string) (string, error) {
	till, err := pos.NewTill(ctx, db.WithTill("import"), pos.Options{TillID: "import"})
	if err != nil {
		return "", err
	}
	o, err := till.OfficeFor(ctx, who, pin)
	if err != nil {
		return "", err
	}
	return o.Manager().ID, nil
}

// importProgress prints an import's stages and every tenth of its work.
func importProgress(w io.Writer) func(stage string, done, total int) {
	last, lastStage := -1, ""
	return func(stage string, done, total int) {
		tenth := 10
		if total > 0 {
			tenth = done * 10 / total
		}
		if stage == lastStage && tenth == last {
			return
		}
		last, lastStage = tenth, stage
		fmt.Fprintf(w, "caisse import: %s %d%%\n", stage, tenth*10)
	}
}

// openReading opens the database at path read-only (storage.OpenReadOnly):
// the commands that only read never wait for a till's write lock, never
// migrate, and work on a read-only file system.
func openReading(path string) (*storage.DB, int) {
	db, err := storage.OpenReadOnly(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "caisse: %v\n", err)
		return nil, 1
	}
	return db, 0
}

// openExisting opens the database at path for writing, refusing to create
// one: the data commands work on a till's database (run caisse once to
// create it).
func openExisting(path string) (*storage.DB, int) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "caisse: there is no database at %s (open the till once to create it, or give --db)\n", path)
		return nil, 1
	}
	db, err := storage.Open(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "caisse: %v\n", err)
		return nil, 1
	}
	return db, 0
}

// parseFlags parses args, requiring the flag named required (if any) and no
// other arguments; when it fails it returns the exit status (0 for -h).
func parseFlags(fs *flag.FlagSet, args []string, required string) (int, bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0, false
	case err != nil: // the flag package has said what is wrong
		return 2, false
	case fs.NArg() > 0:
		return usageError(fs, fmt.Sprintf("unexpected argument %q", clip(fs.Arg(0)))), false
	case required != "" && fs.Lookup(required).Value.String() == "":
		return usageError(fs, "--"+required+" is required"), false
	}
	return 0, true
}

// flagGiven reports whether the flag name was on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

func usageError(fs *flag.FlagSet, msg string) int {
	if msg != "" {
		fmt.Fprintf(os.Stderr, "%s: %s\n", fs.Name(), msg)
	}
	fs.SetOutput(os.Stderr)
	fs.Usage()
	return 2
}

func failure(cmd string, err error) int {
	fmt.Fprintf(os.Stderr, "caisse %s: %v\n", cmd, err)
	return 1
}
