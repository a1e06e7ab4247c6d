package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

// `caisse check` and `caisse backup`: the database's integrity and copies.
func init() {
	dataCommands["check"] = cmdCheck
	dataCommands["backup"] = cmdBackup
}

// cmdBackup is `caisse backup [--db PATH] --to DIR`: a checked copy of the
// database in DIR, made while the tills keep selling (storage.DB.Backup).
func cmdBackup(args []string) int {
	fs := flag.NewFlagSet("caisse backup", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDBPath(), "the database file")
	to := fs.String("to", "", "the folder the copy goes in (made if missing)")
	if code, ok := parseFlags(fs, args, "to"); !ok {
		return code
	}
	db, code := openReading(*dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	path, err := db.Backup(context.Background(), *to)
	if err != nil {
		return failure("backup", err)
	}
	fmt.Fprintf(os.Stderr, "caisse backup: %s copied to %s and checked\n", *dbPath, path)
	return 0
}

// cmdCheck is `caisse check [--db PATH]`: quick_check, the foreign keys,
// the audit chain and every order re-added (storage.DB.Check), read-only.
// Exit 0 when all is well, 1 with what is wrong.
func cmdCheck(args []string) int {
	fs := flag.NewFlagSet("caisse check", flag.ContinueOnError)
	dbPath := fs.String("db", defaultDBPath(), "the database file")
	if code, ok := parseFlags(fs, args, ""); !ok {
		return code
	}
	db, code := openReading(*dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	rep, err := db.Check(context.Background())
	if err != nil {
		return failure("check", err)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(os.Stdout, "note: %s\n", n)
	}
	if len(rep.Problems) > 0 {
		for _, p := range rep.Problems {
			fmt.Fprintf(os.Stdout, "wrong: %s\n", p)
		}
		fmt.Fprintf(os.Stderr, "caisse check: %s: %s; restore the last backup (README, \"Restoring a backup\") or ask for help\n", *dbPath, plural(len(rep.Problems), "problem", "problems"))
		return 1
	}
	verb := "add up"
	if rep.Orders == 1 {
		verb = "adds up"
	}
	fmt.Fprintf(os.Stdout, "ok: %s: file sound, foreign keys hold, %s %s\n", *dbPath, plural(rep.Orders, "order", "orders"), verb)
	return 0
}

// plural writes a count with its noun: "1 order", "3 orders".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
