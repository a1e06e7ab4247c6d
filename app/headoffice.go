package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"caisse/hq"
	"caisse/pos"
	"caisse/receipt"
	"caisse/storage"
)

// The head-office commands (docs/headoffice.md): the work is in hq/ and
// storage/; here only flags and files.
func init() {
	dataCommands["hq"] = cmdHQ
	dataCommands["join"] = cmdJoin
	dataCommands["sync"] = cmdSync
}

// cmdHQ is `caisse hq init --url URL` and `caisse hq push-config --url URL
// --shop NAME --setup FILE.json [--staff FILE.json]`.
func cmdHQ(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: caisse hq init --url URL | caisse hq push-config --url URL --shop NAME --setup FILE.json [--staff FILE.json]")
		return 2
	}
	switch args[0] {
	case "init":
		return cmdHQInit(args[1:])
	case "push-config":
		return cmdPushConfig(args[1:])
	}
	fmt.Fprintf(os.Stderr, "caisse hq: unknown command %q (init, push-config)\n", args[0])
	return 2
}

func cmdHQInit(args []string) int {
	fs := flag.NewFlagSet("caisse hq init", flag.ContinueOnError)
	url := fs.String("url", "", "the head office's PostgreSQL URL")
	if code, ok := parseFlags(fs, args, "url"); !ok {
		return code
	}
	applied, err := hq.Init(context.Background(), *url)
	if err != nil {
		return failure("hq init", err)
	}
	if len(applied) == 0 {
		fmt.Printf("the head office's schema is up to date (version %d)\n", hq.SchemaVersion())
	} else {
		fmt.Printf("the head office's schema is now version %d (applied %v)\n", hq.SchemaVersion(), applied)
	}
	return 0
}

// cmdPushConfig makes a set-up file (pos/setupjson's format, as demo.json)
// the shop's configuration at head office. --staff names a JSON list of
// {"id","name","role","pin" or "pin_hash","active"}: plain PINs are hashed
// here and never stored.
func cmdPushConfig(args []string) int {
	fs := flag.NewFlagSet("caisse hq push-config", flag.ContinueOnError)
	url := fs.String("url", "", "the head office's PostgreSQL URL")
	shop := fs.String("shop", "", "the shop whose configuration this is")
	setupPath := fs.String("setup", "", "the set-up file (JSON, as assets/demo.json)")
	staffPath := fs.String("staff", "", "the staff file (JSON list; optional: the tills keep theirs)")
	if code, ok := parseFlags(fs, args, "setup"); !ok {
		return code
	}
	if *url == "" || *shop == "" {
		return usageError(fs, "--url and --shop are required")
	}
	setup, err := os.ReadFile(*setupPath)
	if err != nil {
		return failure("hq push-config", err)
	}
	c := hq.Config{Setup: setup}
	if *staffPath != "" {
		if c.Staff, err = readStaffFile(*staffPath); err != nil {
			return failure("hq push-config", err)
		}
	}
	ctx := context.Background()
	h, err := hq.Open(ctx, *url)
	if err != nil {
		return failure("hq push-config", err)
	}
	defer h.Close()
	v, err := h.PushConfig(ctx, *shop, c)
	if err != nil {
		return failure("hq push-config", err)
	}
	fmt.Printf("shop %s: configuration version %d\n", *shop, v)
	return 0
}

// readStaffFile reads a staff list, hashing plain PINs.
func readStaffFile(path string) ([]hq.StaffDoc, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var list []struct {
		hq.StaffDoc
		PIN string `json:"pin"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make([]hq.StaffDoc, len(list))
	for i, s := range list {
		out[i] = s.StaffDoc
		if s.PIN != "" {
			if err := pos.CheckPINForRole(pos.Role(s.Role), s.PIN); err != nil {
				return nil, fmt.Errorf("%s: staff %s: %s", path, s.ID, pos.ErrorMessage(err))
			}
			if out[i].PINHash, err = pos.HashPIN(s.PIN); err != nil {
				return nil, fmt.Errorf("%s: staff %s: %s", path, s.ID, pos.ErrorMessage(err))
			}
		}
	}
	return out, nil
}

// cmdJoin is `caisse join --db PATH --hq URL --shop NAME --till NAME`.
func cmdJoin(args []string) int {
	fs := flag.NewFlagSet("caisse join", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDBPath(), "the till's database file")
	url := fs.String("hq", "", "the head office's PostgreSQL URL")
	shop := fs.String("shop", "", "the shop's name at head office")
	till := fs.String("till", defaultTillID(), "the till's name (its till id, as `caisse --till` gives it)")
	if code, ok := parseFlags(fs, args, "hq"); !ok {
		return code
	}
	if *shop == "" {
		return usageError(fs, "--shop is required")
	}
	db, code := openExisting(*dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	l, err := hq.Join(context.Background(), db, *url, *shop, *till)
	if err != nil {
		return failure("join", err)
	}
	fmt.Printf("till %s of shop %s joined the head office (till %d): `caisse sync` sends its events\n", l.Till, l.Shop, l.TillID)
	return 0
}

// cmdSync is `caisse sync --db PATH --once`: one round; exit 0 when every
// event is acknowledged, 1 when the head office can't be reached (saying
// how many events wait). Without --once it syncs in the background as the
// window does (a round at once, on LISTEN/NOTIFY, on new sales, every
// --poll) until SIGTERM or SIGINT, then exits 0.
func cmdSync(args []string) int {
	fs := flag.NewFlagSet("caisse sync", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDBPath(), "the till's database file")
	once := fs.Bool("once", false, "one round, then exit")
	poll := fs.Duration("poll", 30*time.Second, "without --once: how often to ask when no change is announced")
	if code, ok := parseFlags(fs, args, ""); !ok {
		return code
	}
	db, code := openExisting(*dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	s := hq.NewSyncer(db)
	defer s.Close()
	ctx := context.Background()
	if !*once {
		s.Poll = *poll
		ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
		go kickWhenWaiting(ctx, s, db, time.Second)
		if err := s.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			return failure("sync", err)
		}
		return 0
	}
	res, err := s.Round(ctx)
	if err != nil {
		if errors.Is(err, hq.ErrNotJoined) {
			return failure("sync", err)
		}
		fmt.Fprintf(os.Stderr, "caisse sync: %v\n%s waiting; they stay on this till and go up at the next sync\n", err, plural(res.Waiting, "event", "events"))
		return 1
	}
	fmt.Printf("sent %s, none waiting", plural(int(res.Sent), "event", "events"))
	if res.Applied > 0 {
		fmt.Printf("; applied configuration version %d", res.Applied)
	}
	if res.Leased > 0 || res.Returned > 0 {
		fmt.Printf("; leased %d uses, gave back %d", res.Leased, res.Returned)
	}
	fmt.Println()
	return 0
}

// kickWhenWaiting stands in, for `caisse sync` running on its own, for the
// window's kick after each sale: the sales are other processes' (the window,
// `caisse sell`), so every tick it looks whether events wait in the file
// and, while the head office is online, asks for a round. Offline, the
// syncer's own back-off decides when to try again.
func kickWhenWaiting(ctx context.Context, s *hq.Syncer, db *storage.DB, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !s.Status().Online {
			continue
		}
		if n, err := db.Waiting(ctx); err == nil && n > 0 {
			s.Kick()
		}
	}
}

// hasHQFlag reports a --hq flag among a command's arguments.
func hasHQFlag(args []string) bool {
	for _, a := range args {
		if a == "--hq" || a == "-hq" || strings.HasPrefix(a, "--hq=") || strings.HasPrefix(a, "-hq=") {
			return true
		}
	}
	return false
}

// cmdChainReport is `caisse report --hq URL [--shop NAME] [--from DAY]
// [--to DAY] [--csv FILE] [--pdf FILE]`: the chain's report by shop, till,
// staff and payment type, computed in PostgreSQL. Days are UTC dates.
func cmdChainReport(args []string) int {
	fs := flag.NewFlagSet("caisse report", flag.ContinueOnError)
	url := fs.String("hq", "", "the head office's PostgreSQL URL")
	shop := fs.String("shop", "", "one shop only")
	fromS := fs.String("from", "", "first day, YYYY-MM-DD (UTC; default: today)")
	toS := fs.String("to", "", "last day, YYYY-MM-DD (default: the first day)")
	csvPath := fs.String("csv", "", "write the report as CSV to this file")
	pdfPath := fs.String("pdf", "", "write the report as PDF to this file")
	force := fs.Bool("force", false, "replace the files if they exist")
	if code, ok := parseFlags(fs, args, "hq"); !ok {
		return code
	}
	outputs, err := reportOutputs(*csvPath, *pdfPath, *force)
	if err != nil {
		return failure("report", err)
	}
	from, to, err := reportDays(*fromS, *toS, time.Now().UTC())
	if err != nil {
		fmt.Fprintf(os.Stderr, "caisse report: %v\n", err)
		return 2
	}
	// reportDays reads local days and returns an exclusive end: as dates.
	f := hq.ReportFilter{Shop: *shop, From: dateOf(from), To: dateOf(to.AddDate(0, 0, -1))}
	ctx := context.Background()
	h, err := hq.Open(ctx, *url)
	if err != nil {
		return failure("report", err)
	}
	defer h.Close()
	rows, err := h.Report(ctx, f)
	if err != nil {
		return failure("report", err)
	}
	lines := hq.ReportLines(rows, f)
	fmt.Print(receipt.PlainText(lines, receipt.Columns80))
	if o, ok := outputs["csv"]; ok {
		if err := storage.WriteOutput(o, func(w io.Writer) error { return hq.WriteReportCSV(w, rows) }); err != nil {
			return failure("report", err)
		}
	}
	if o, ok := outputs["pdf"]; ok {
		err := storage.WriteOutput(o, func(w io.Writer) error { return receipt.WritePDF(w, lines, false, receipt.PDFOptions{}) })
		if err != nil {
			return failure("report", err)
		}
	}
	return 0
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// errHQOwnsSetup refuses a scenario that would change a joined till's
// configuration.
var errHQOwnsSetup = errors.New("this till is joined to a head office, which owns its configuration: the file's set-up would change it (push it with `caisse hq push-config`, or run the file without --db)")

// checkHQOwnsSetup refuses, on a till joined to a head office, a set-up
// that differs from the stored one: a product or discount that is new or
// different, or a location given and different.
func checkHQOwnsSetup(ctx context.Context, db *storage.DB, s pos.Setup, hasLoc bool) error {
	_, joined, err := db.HQLink(ctx)
	if err != nil || !joined {
		return err
	}
	if !hasLoc {
		s.Location = pos.Location{} // the till's own: not compared
	}
	changes, err := db.SetupChanges(ctx, s)
	if err != nil {
		return err
	}
	if len(changes) > 0 {
		return errHQOwnsSetup
	}
	return nil
}
