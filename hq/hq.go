// Package hq is Caisse's head office: a PostgreSQL database (through
// github.com/jackc/pgx/v5) that every joined till sends its events to,
// exactly once, and takes its configuration and its leases of limited
// discount uses from. The till never needs it to sell: a Syncer moves events
// up and configuration down apart from the sale (docs/headoffice.md).
package hq

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// HQ is a connection pool to the head office's database.
type HQ struct {
	pool *pgxpool.Pool
}

// Open connects to the head office at url (a PostgreSQL URL) and checks
// that its schema is this build's (run Init first).
func Open(ctx context.Context, url string) (*HQ, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("the head office URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to the head office: %w", err)
	}
	h := &HQ{pool: pool}
	v, err := h.SchemaVersion(ctx)
	if err != nil {
		pool.Close()
		return nil, err
	}
	if latest := SchemaVersion(); v != latest {
		pool.Close()
		if v > latest {
			return nil, fmt.Errorf("the head office's schema is version %d, newer than this Caisse knows (%d): update Caisse", v, latest)
		}
		return nil, fmt.Errorf("the head office's schema is version %d, this Caisse needs %d: run `caisse hq init --url URL`", v, latest)
	}
	return h, nil
}

// Close closes the pool.
func (h *HQ) Close() { h.pool.Close() }

// SchemaVersion returns the version of the head office's schema (0: none).
func (h *HQ) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := h.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&v)
	if isUndefinedTable(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reading the head office's schema version: %w", err)
	}
	return v, nil
}

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

var migrations = mustLoadMigrations()

// SchemaVersion is the head-office schema version this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

func mustLoadMigrations() []migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic("hq: " + err.Error())
	}
	var out []migration
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			panic("hq: migration " + e.Name() + ": the name must be NNNN_name.sql")
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic("hq: " + err.Error())
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			panic(fmt.Sprintf("hq: migration %s: expected version %d", m.name, i+1))
		}
	}
	return out
}

// Init creates or upgrades the head office's schema at url and returns the
// versions it applied (none when it was up to date). Each step runs in its
// own transaction with its schema_version row, under an advisory lock, so a
// crash leaves one version or the next and two runs at once apply a step
// once.
func Init(ctx context.Context, url string) ([]int, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("connecting to the head office: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, fmt.Errorf("creating schema_version: %w", err)
	}
	var applied []int
	for _, m := range migrations {
		done, err := migrate(ctx, conn, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m.version)
		}
	}
	return applied, nil
}

// migrationLock is the advisory lock key that serialises migrations.
const migrationLock = 0x43414953 // "CAIS"

func migrate(ctx context.Context, conn *pgx.Conn, m migration) (bool, error) {
	done := false
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return err
		}
		var current int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&current); err != nil {
			return err
		}
		switch {
		case current > SchemaVersion():
			return fmt.Errorf("the head office's schema is version %d, newer than this Caisse knows (%d): update Caisse", current, SchemaVersion())
		case current >= m.version:
			return nil
		case current != m.version-1:
			return fmt.Errorf("schema version %d cannot take migration %s", current, m.name)
		}
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
			return err
		}
		done = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("head office migration %s: %w", m.name, err)
	}
	return done, nil
}

// isUndefinedTable reports PostgreSQL's "relation does not exist" (42P01).
func isUndefinedTable(err error) bool {
	var pe interface{ SQLState() string }
	return errors.As(err, &pe) && pe.SQLState() == "42P01"
}
