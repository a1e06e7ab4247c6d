package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"caisse/pos"
	"caisse/storage"
)

// The commands that act as a member of staff (`caisse sell`, `caisse
// return`) share these: the database must exist already, the till is signed
// in with the member's PIN like the window's, and the result is printed as
// indented JSON.

// openStaffDB opens the database at path for command cmd. A missing file
// is bad input, exit 2, and nothing is created (the data commands'
// openExisting exits 1 there); another failure exits 1; code is 0 when db
// is open.
func openStaffDB(cmd, path string, stderr io.Writer) (db *storage.DB, code int) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "caisse %s: there is no database at %s\n", cmd, path)
		return nil, 2
	}
	db, err := storage.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "caisse %s: %v\n", cmd, err)
		return nil, 1
	}
	return db, 0
}

// signedInTill is the till tillID of db with staff signed in by pin: the
// same sign-in as the window's (lockout included).
func signedInTill(ctx context.Context, db *storage.DB, tillID, staff, pin string) (*pos.Till, error) {
	till, err := pos.NewTill(ctx, db.WithTill(tillID), pos.Options{TillID: tillID})
	if err != nil {
		return nil, err
	}
	if _, err := till.SignIn(ctx, staff, pin); err != nil {
		return nil, err
	}
	return till, nil
}

// printJSON writes v indented to stdout: exit 0, or 1 when it can't.
func printJSON(cmd string, v any, stdout, stderr io.Writer) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "caisse %s: %v\n", cmd, err)
		return 1
	}
	return 0
}
