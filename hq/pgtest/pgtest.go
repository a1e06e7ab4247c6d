// Package pgtest gives tests a PostgreSQL server: a throwaway cluster made
// with initdb in a temporary folder (owned by the postgres user when the
// tests run as root), listening on a free port of 127.0.0.1 only, or the
// server CAISSE_TEST_PG_URL names. A test package starts it once, in
// TestMain, and each test takes a fresh database of its own (Database).
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names an existing server to test against instead of a new cluster.
const EnvURL = "CAISSE_TEST_PG_URL"

// EnvChild marks a helper process a test started (the test binary run
// again): Main starts no server for it.
const EnvChild = "CAISSE_PGTEST_CHILD"

// BinDir is where Debian's postgresql package puts initdb and pg_ctl.
const BinDir = "/usr/lib/postgresql/15/bin"

// InstallHint says how to get the binaries.
const InstallHint = "PostgreSQL 15 is not installed (" + BinDir + "/initdb is missing): " +
	"run `make test`, which installs Debian's postgresql package, or " +
	"`apt-get install postgresql`, or set " + EnvURL + " to a server's URL"

// Server is a PostgreSQL server for tests.
type Server struct {
	url  string // the maintenance database's URL
	dir  string // the cluster's folder ("" for a server given by EnvURL)
	port int
	dbs  atomic.Int64
}

// Start starts a throwaway cluster, or returns the server EnvURL names.
func Start() (*Server, error) {
	if u := os.Getenv(EnvURL); u != "" {
		return &Server{url: u}, nil
	}
	if _, err := os.Stat(filepath.Join(BinDir, "initdb")); err != nil {
		return nil, errors.New(InstallHint)
	}
	dir, err := os.MkdirTemp("", "caisse-pg-")
	if err != nil {
		return nil, fmt.Errorf("making the cluster's folder: %w", err)
	}
	s := &Server{dir: dir}
	if err := s.chown(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := s.pg("initdb", "-D", s.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if s.port, err = freePort(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
	if err := s.Resume(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

// URL is the maintenance database's URL.
func (s *Server) URL() string { return s.url }

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

// Resume starts the cluster (again) on its port and waits until it accepts
// connections.
func (s *Server) Resume() error {
	if s.dir == "" {
		return errors.New("the server named by " + EnvURL + " is not this test's to start")
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -c port=%d -c unix_socket_directories=%s -c max_connections=200", s.port, s.dir)
	return s.pg("pg_ctl", "-D", s.data(), "-l", filepath.Join(s.dir, "log"), "-o", opts, "-w", "-t", "60", "start")
}

// Pause stops the cluster (fast shutdown) without removing it.
func (s *Server) Pause() error {
	if s.dir == "" {
		return errors.New("the server named by " + EnvURL + " is not this test's to stop")
	}
	return s.pg("pg_ctl", "-D", s.data(), "-m", "fast", "-w", "-t", "60", "stop")
}

// Owned reports whether the server is this run's own cluster (it can be
// paused and resumed).
func (s *Server) Owned() bool { return s.dir != "" }

// Stop stops and removes a throwaway cluster; a server given by EnvURL is
// left alone.
func (s *Server) Stop() error {
	if s.dir == "" {
		return nil
	}
	err := s.Pause()
	return errors.Join(err, os.RemoveAll(s.dir))
}

// Database creates a new empty database for one test, dropped when the test
// ends, and returns its URL.
func (s *Server) Database(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("caisse_test_%d_%d", os.Getpid(), s.dbs.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := s.admin(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := s.admin(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping test database: %v", err)
		}
	})
	u, err := url.Parse(s.url)
	if err != nil {
		t.Fatalf("test server URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func (s *Server) admin(ctx context.Context, stmt string) error {
	conn, err := pgx.Connect(ctx, s.url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, stmt)
	return err
}

// Main runs a test package's tests against a server started once for the
// whole run (call it from TestMain), then stops it. It exits 1 with the
// install hint when PostgreSQL is missing.
func Main(m *testing.M, srv **Server) {
	if os.Getenv(EnvChild) != "" {
		os.Exit(m.Run()) // a helper process of a test: it is given its server's URL
	}
	s, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		os.Exit(1)
	}
	*srv = s
	code := m.Run()
	if err := s.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest: stopping the cluster:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// pg runs one of PostgreSQL's programs, as the postgres user when the tests
// run as root (initdb and the server refuse to run as root).
func (s *Server) pg(prog string, args ...string) error {
	bin := filepath.Join(BinDir, prog)
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Dir = s.dir
	if err := cmd.Run(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		return fmt.Errorf("%s: %w\n%s\n%s", prog, err, out.Bytes(), log)
	}
	return nil
}

// chown gives the cluster's folder to the postgres user when running as root.
func (s *Server) chown() error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("%s (no postgres user: %w)", InstallHint, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(s.dir, uid, gid); err != nil {
		return fmt.Errorf("giving the cluster's folder to postgres: %w", err)
	}
	return nil
}

// freePort asks the kernel for a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
