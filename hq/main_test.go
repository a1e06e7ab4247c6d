package hq

import (
	"testing"

	"caisse/hq/pgtest"
)

// server is the PostgreSQL server of this package's tests: one throwaway
// cluster for the whole run (or CAISSE_TEST_PG_URL's), a database per test.
var server *pgtest.Server

func TestMain(m *testing.M) { pgtest.Main(m, &server) }
