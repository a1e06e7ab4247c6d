// Package storage keeps the till's set-up, its open carts and every completed
// sale in one local SQLite file (modernc.org/sqlite, no cgo). It implements
// pos.Store.
//
// Every public method opens its own transaction and calls lowercase helpers
// that take the *Tx (benbjohnson/wtf style). Writes use BEGIN IMMEDIATE
// (the _txlock=immediate DSN parameter), so two tills on one file queue for
// the write lock instead of failing; the connection waits up to busy_timeout
// for it, and a transaction that still meets SQLITE_BUSY is retried whole.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"caisse/pos"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ApplicationID marks a Caisse database ("CAIS"): Caisse opens no other
// SQLite file, and other SQLite tools can tell what the file is.
const ApplicationID = 0x43414953

// busyTimeout is how long a connection waits for another till's write lock.
const busyTimeout = 10 * time.Second

// DB is a Caisse database. It is safe for concurrent use, and several
// processes (tills) may use one file at once.
type DB struct {
	db     *sql.DB
	path   string
	tillID string    // scopes carts to one till; see WithTill
	stmts  *sync.Map // query → *sql.Stmt, shared by WithTill views

	readOnly bool  // opened by OpenReadOnly
	gate     *gate // lets an import give way to the tills' writes
	// damaged is set when QuickCheck fails; shared by WithTill views.
	damaged *atomic.Pointer[error]
}

// Tx is a transaction of a DB. Its exec, query and queryRow run each query
// as a statement prepared once per connection: parsing a sale's statements
// anew every time would cost about as much as writing them.
type Tx struct {
	*sql.Tx
	db *DB
}

// prepared returns the DB's prepared statement for query.
func (db *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := db.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := db.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// exec runs query as a prepared statement in the transaction.
func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := tx.db.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

// queryRow runs query as a prepared statement in the transaction.
func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := tx.db.prepared(ctx, query)
	if err != nil {
		return tx.QueryRowContext(ctx, query, args...) // reports the same error on Scan
	}
	return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}

// maxVariables bounds the parameters of one statement (SQLite allows 32766).
const maxVariables = 32000

// insertRows inserts rows (each with a value per column) into table with as
// few statements as the parameter limit allows. Statements are prepared
// once per row count, so a till's usual sales reuse a handful of them.
func (tx *Tx) insertRows(ctx context.Context, table string, columns []string, rows [][]any) error {
	per := maxVariables / len(columns)
	for len(rows) > 0 {
		n := min(len(rows), per)
		args := make([]any, 0, n*len(columns))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := tx.exec(ctx, insertSQL(table, columns, n), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// insertSQL is "INSERT INTO table (a, b) VALUES (?, ?), (?, ?)..." for n rows.
func insertSQL(table string, columns []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")"
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// query runs query as a prepared statement in the transaction.
func (tx *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := tx.db.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

var _ pos.Store = (*DB)(nil)

// dsn returns the connection string: every connection of the pool gets the
// same pragmas when it opens (an Exec on the pool would reach one connection).
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	return "file:" + pathURL(path) + "?" + q.Encode()
}

// Open opens the Caisse database at path, creating and initialising it when
// the file is missing or empty and bringing an older one up to date. It
// refuses, without writing to it, a file that is not a Caisse database or
// that a newer Caisse wrote.
//
// A new file is created readable by its owner only (0600; SQLite gives its
// -wal and -shm files the same mode), in a folder created 0700 when
// missing: the file holds the staff's PIN hashes. A database with no staff
// (a new one) gets the demo staff (pos.DemoStaff).
func Open(path string) (*DB, error) {
	if err := checkFile(path); err != nil {
		return nil, err
	}
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	sqldb, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db := newDB(sqldb, path)
	ctx := context.Background()
	if err := db.migrate(ctx, migrations); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	// The lock file appears only beside a file Caisse has accepted.
	db.gate = newGate(path)
	if err := db.seedDemoStaff(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	if err := db.clearRunCarts(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	// An import killed after its commit point is finished (roll forward).
	if err := db.pendingImport(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	return db, nil
}

// clearRunCarts deletes the carts scenario runs of earlier versions left
// behind when they were killed or stopped without paying (till
// "scenario-..."). Runs of this version keep their carts in memory, so no
// live run's cart is ever in the table; a real till's carts are kept.
func (db *DB) clearRunCarts(ctx context.Context) error {
	if _, err := db.exec(ctx, `DELETE FROM carts WHERE till_id LIKE 'scenario-%'`); err != nil {
		return fmt.Errorf("clearing the carts of scenario runs: %w", err)
	}
	return nil
}

// createPrivate creates a missing database file empty with mode 0600, and
// its folder with 0700 when missing. An existing file keeps its mode.
func createPrivate(path string) error {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil // there (checkFile vetted it), or unreadable: SQLite says why
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil // another process made it first
	}
	if err != nil {
		return err
	}
	return f.Close()
}

func newDB(sqldb *sql.DB, path string) *DB {
	return &DB{db: sqldb, path: path, stmts: new(sync.Map), damaged: new(atomic.Pointer[error])}
}

// Close closes the database. Call it once, on the DB that Open returned.
func (db *DB) Close() error {
	db.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	err := db.db.Close()
	if gerr := db.gate.close(); err == nil {
		err = gerr
	}
	if err != nil {
		return fmt.Errorf("closing %s: %w", db.path, err)
	}
	return nil
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// WithTill returns a view of db whose carts (SaveCart, LoadCarts) belong to
// one till, so two tills on one file never pick up each other's open cart.
// Orders and the set-up are shared. The view shares db's connections: close
// only db.
func (db *DB) WithTill(tillID string) *DB {
	v := *db
	v.tillID = tillID
	return &v
}

// maxAttempts bounds the runs of a transaction that meets SQLITE_BUSY.
const maxAttempts = 8

// update runs fn in a write (BEGIN IMMEDIATE) transaction and commits it,
// retrying it whole on SQLITE_BUSY, so fn must do all of its work through tx
// and may run more than once.
func (db *DB) update(ctx context.Context, fn func(tx *Tx) error) error {
	if err := db.writable(); err != nil {
		return err
	}
	db.gate.enter()
	defer db.gate.leave()
	return retry(ctx, func() error { return db.updateOnce(ctx, fn) })
}

// updateBulk is update for one short step of a long job (an import): it
// first lets every till that is waiting to write go (gate), then runs fn
// outside the gate.
func (db *DB) updateBulk(ctx context.Context, fn func(tx *Tx) error) error {
	if err := db.writable(); err != nil {
		return err
	}
	db.gate.waitIdle(2 * time.Second)
	return retry(ctx, func() error { return db.updateOnce(ctx, fn) })
}

// exec runs one statement on its own (an implicit transaction), retried on
// SQLITE_BUSY.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := db.writable(); err != nil {
		return nil, err
	}
	db.gate.enter()
	defer db.gate.leave()
	var res sql.Result
	err := retry(ctx, func() error {
		var err error
		res, err = db.db.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// maxBusyWait bounds how long retry keeps trying a transaction that meets
// SQLITE_BUSY, on top of the connection's own busy_timeout wait.
const maxBusyWait = 15 * time.Second

// retry runs fn again while it fails with SQLITE_BUSY: the lock was not free
// within busy_timeout, or the file was being recovered or checkpointed.
// BUSY means nothing was written, so running fn again is safe. When it is
// still busy after maxAttempts or maxBusyWait, the error says so in words
// (ErrBusy, a pos.Error for the cashier) and wraps SQLite's.
func retry(ctx context.Context, fn func() error) error {
	var err error
	start := time.Now()
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		if err = fn(); !isBusy(err) {
			return err
		}
		if time.Since(start) > maxBusyWait {
			break
		}
		backoff := time.Duration(attempt*(1+rand.IntN(10))) * time.Millisecond
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(backoff):
		}
	}
	return &busyError{err: err, waited: time.Since(start)}
}

// ErrBusy is what a transaction that stayed locked out says, in words.
var ErrBusy = pos.Errorf(pos.EInternal, "The database stayed busy: another till, an import or a backup is writing to it. Nothing was saved; try again in a moment.")

// busyError is SQLITE_BUSY after every retry: its message is ErrBusy's,
// and it wraps both ErrBusy (for pos.ErrorMessage) and SQLite's error.
type busyError struct {
	err    error
	waited time.Duration
}

func (e *busyError) Error() string {
	return fmt.Sprintf("%s (waited %v)", ErrBusy.Message, e.waited.Round(time.Second))
}

func (e *busyError) Unwrap() []error { return []error{ErrBusy, e.err} }

func (db *DB) updateOnce(ctx context.Context, fn func(tx *Tx) error) error {
	sqltx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning a transaction: %w", err)
	}
	tx := &Tx{Tx: sqltx, db: db}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// view runs fn in a read transaction: one consistent snapshot, no write lock.
func (db *DB) view(ctx context.Context, fn func(tx *Tx) error) error {
	return retry(ctx, func() error { return db.viewOnce(ctx, fn) })
}

func (db *DB) viewOnce(ctx context.Context, fn func(tx *Tx) error) error {
	sqltx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("beginning a read transaction: %w", err)
	}
	defer sqltx.Rollback()
	return fn(&Tx{Tx: sqltx, db: db})
}

// isBusy reports an SQLITE_BUSY (or SQLITE_LOCKED) error anywhere in err's chain.
func isBusy(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// boolInt stores a bool as 0/1.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Times are stored as Unix nanoseconds, which reach from 1678 to 2262.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// storableTime reports whether t (zero, or within minTime..maxTime) can be stored.
func storableTime(t time.Time) bool {
	return t.IsZero() || (!t.Before(minTime) && !t.After(maxTime))
}

// timeValue stores a time as Unix nanoseconds, and the zero time as NULL.
func timeValue(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

// timeFrom reads what timeValue stored.
func timeFrom(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}

// nsTime reads a NOT NULL time column.
func nsTime(n int64) time.Time { return time.Unix(0, n).UTC() }
