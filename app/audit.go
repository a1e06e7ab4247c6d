package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"caisse/storage"
)

// `caisse audit`: the audit log, readably, or the check of its hash chain.
func init() {
	dataCommands["audit"] = func(args []string) int { return cmdAudit(args, os.Stdout) }
}

// cmdAudit is `caisse audit [--db PATH] [--verify]`. With --verify it
// checks the chain: exit 0 and "audit log: N entries, chain intact" when
// whole, exit 1 naming the first broken entry. Without it, it prints the
// log oldest first: when (local time), who, action, subject.
func cmdAudit(args []string, stdout io.Writer) int {
	fs := flag.NewFlagSet("caisse audit", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDBPath(), "the database file")
	verify := fs.Bool("verify", false, "check the audit log's hash chain: exit 0 when whole, 1 naming the first broken entry")
	if code, ok := parseFlags(fs, args, ""); !ok {
		return code
	}
	// Reading only: read-only open, no migration, no write lock (safety).
	db, code := openReading(*dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	ctx := context.Background()
	if *verify {
		c, err := db.VerifyAudit(ctx)
		if err != nil {
			return failure("audit", err)
		}
		if c.Broken != nil {
			fmt.Fprintf(stdout, "audit log: %d entries, chain BROKEN at entry %d: %s\n", c.Entries, c.Broken.Seq, c.Broken.Why)
			return 1
		}
		fmt.Fprintf(stdout, "audit log: %d entries, chain intact (last hash %s)\n", c.Entries, c.Head)
		return 0
	}
	if err := printAudit(ctx, db, stdout); err != nil {
		return failure("audit", err)
	}
	return 0
}

// printAudit writes the log oldest first, one entry a line, staff by name.
func printAudit(ctx context.Context, db *storage.DB, w io.Writer) error {
	log, err := db.Audit(ctx, 0)
	if err != nil {
		return err
	}
	staff, err := db.Staff(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, s := range staff {
		names[s.ID] = s.Name
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tWHEN\tWHO\tACTION\tSUBJECT")
	for i := len(log) - 1; i >= 0; i-- {
		e := log[i]
		who := e.StaffID
		if n := names[e.StaffID]; n != "" {
			who = n + " (" + e.StaffID + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", e.Seq, e.At.In(time.Local).Format("2006-01-02 15:04:05"), who, e.Action, e.Subject)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d entries\n", len(log))
	return nil
}
