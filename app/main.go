// Command caisse is the Caisse till: the window, the scenario runner and a
// few data commands. It only wires: storage, the till service, the fronts.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "caisse/app/internal/locale" // before Fyne reads the locale
	"caisse/assets"
	"caisse/hq"
	"caisse/pos"
	"caisse/storage"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "scenario":
			return cmdScenario(args[1:], stdout, stderr)
		case "help", "-h", "--help":
			fmt.Fprintln(stdout, usage)
			return 0
		}
		if cmd, ok := dataCommands[args[0]]; ok {
			return cmd(args[1:])
		}
		// Anything else that is not a flag is a mistyped command: say so
		// before anything is created or a window is opened.
		if !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "caisse: unknown command %q\n%s\n", clip(args[0]), usage)
			return 2
		}
	}
	return cmdWindow(args, stderr)
}

// maxEcho is how much of a user's input an error message repeats.
const maxEcho = 80

// clip cuts echoed input at maxEcho characters.
func clip(s string) string { return pos.Clip(s, maxEcho) }

// dataCommands are filled in by data.go, report.go, check.go, audit.go and
// return.go; every one is listed in usage (TestHelpListsEveryCommand).
var dataCommands = map[string]func(args []string) int{}

const usage = `usage:
  caisse [--db PATH] [--till ID] [--test] [--fullscreen]
                                                  open the till window
  caisse scenario [--db PATH] FILE...             run scenario files (test orders)
  caisse events [--db PATH] --after ID [--limit N] print order events as JSON lines
  caisse export [--db PATH] --orders FILE.csv     export orders (- for stdout)
  caisse import [--db PATH] --catalog FILE.csv [--staff ID]
                                                  import products and prices (--staff: a manager, PIN in CAISSE_PIN)
  caisse report [--db PATH] [--from DAY] [--to DAY] [--csv FILE] [--pdf FILE]
                                                  the sales report of some days
  CAISSE_PIN=PIN caisse sell [--db PATH] [--till ID] --staff NAME [--code CODE]... [--card] PRODUCT[:QTY]...
                                                  one live sale through the till, paid exactly (JSON)
  caisse receipt [--db PATH] (--order N | --return N) [--escpos FILE] [--pdf FILE]
                                                  print a stored receipt again
  caisse audit [--db PATH] [--verify]             print the audit log, or check its hash chain
  CAISSE_PIN=PIN caisse return [--db PATH] --order N --line L [--quantity Q]... --staff NAME
                                                  return order lines through the till (JSON)
  caisse check [--db PATH]                        check the database whole
  caisse backup [--db PATH] --to DIR              copy the database, while tills sell
  caisse hq init --url URL                        create or upgrade the head office's PostgreSQL schema
  caisse hq push-config --url URL --shop NAME --setup FILE.json [--staff FILE.json]
                                                  make a set-up the shop's configuration at head office
  caisse join [--db PATH] --hq URL --shop NAME [--till NAME]
                                                  join this till to the head office
  caisse sync [--db PATH] [--once] [--poll DURATION]
                                                  send events up, take configuration and leases down
                                                  (--once: one round; else until SIGTERM/SIGINT, as the window)
  caisse report --hq URL [--shop NAME] [--from DAY] [--to DAY] [--csv FILE] [--pdf FILE] [--force]
                                                  the chain's report, from the head office
  caisse help                                     this list

Commands that write a file refuse to replace one unless given --force.`

// cmdWindow opens the till on the local database (created with the demo
// shop on first run) and runs the window.
func cmdWindow(args []string, stderr io.Writer) int {
	name := "caisse"
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", defaultDBPath(), "the database file")
	tillID := fs.String("till", defaultTillID(), "this till's id (several tills may share one database)")
	test := fs.Bool("test", false, "start in test mode: every order is a test order")
	full := fs.Bool("fullscreen", false, "open the window full screen (a kiosk; Ctrl+F switches)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n%s\n", name, clip(fs.Arg(0)), usage)
		return 2
	}
	ctx := context.Background()
	db, till, sync, err := openTill(ctx, *dbPath, *tillID, *test)
	if err != nil {
		fmt.Fprintf(stderr, "caisse: %v\n", err)
		return 1
	}
	defer db.Close()
	dataDir := filepath.Dir(*dbPath)
	openWindow(db, till, sync, dataDir, *full)
	return 0
}

// openTill opens (or creates: the file 0600 in a folder 0700, with the
// demo staff) the database, seeds the demo shop into a new one, and starts
// the till service on it. Nobody is signed in: staff sign in at the window.
// A till joined to a head office runs on hq.Store (its back office's edits
// go to the head office; each sale kicks the sync) and gets its Syncer, not
// yet running; a till on its own gets nil: SQLite alone.
func openTill(ctx context.Context, path, tillID string, test bool) (*storage.DB, *pos.Till, *hq.Syncer, error) {
	db, err := storage.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := seedDemo(ctx, db); err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	_, joined, err := db.HQLink(ctx)
	if err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	var store pos.Store = db.WithTill(tillID)
	var sync *hq.Syncer
	if joined {
		sync = hq.NewSyncer(db)
		store = hq.NewStore(db.WithTill(tillID), sync)
	}
	till, err := pos.NewTill(ctx, store, pos.Options{TillID: tillID, Test: test, Integrity: db, Backups: db})
	if err != nil {
		db.Close()
		return nil, nil, nil, errors.New(pos.ErrorMessage(err))
	}
	if sync != nil {
		sync.OnConfig = till.Reload
	}
	return db, till, sync, nil
}

func seedDemo(ctx context.Context, db *storage.DB) error {
	isNew, err := db.IsNew(ctx)
	if err != nil || !isNew {
		return err
	}
	setup, err := assets.DemoSetup()
	if err != nil {
		return fmt.Errorf("the demo shop: %w", err)
	}
	_, err = db.Seed(ctx, setup)
	return err
}

// defaultDBPath is caisse.db in the user's data folder
// ($XDG_DATA_HOME/caisse, ~/.local/share/caisse on Linux).
func defaultDBPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		switch {
		case err != nil:
			dir = "."
		case runtime.GOOS == "linux" || runtime.GOOS == "freebsd":
			dir = filepath.Join(home, ".local", "share")
		default:
			if cfg, err := os.UserConfigDir(); err == nil {
				dir = cfg
			} else {
				dir = home
			}
		}
	}
	return filepath.Join(dir, "caisse", "caisse.db")
}

func defaultTillID() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "till-1"
}
