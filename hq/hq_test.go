package hq

import (
	"context"
	"slices"
	"testing"
)

// newHQ initialises a fresh database and opens it.
func newHQ(t testing.TB) (*HQ, string) {
	t.Helper()
	url := server.Database(t)
	ctx := context.Background()
	if _, err := Init(ctx, url); err != nil {
		t.Fatal(err)
	}
	h, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h, url
}

func TestInitCreatesThenChangesNothing(t *testing.T) {
	ctx := context.Background()
	url := server.Database(t)
	if _, err := Open(ctx, url); err == nil {
		t.Fatal("Open on a database without the schema succeeded")
	}
	applied, err := Init(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int, SchemaVersion())
	for i := range want {
		want[i] = i + 1
	}
	if !slices.Equal(applied, want) {
		t.Fatalf("first init applied %v, want %v", applied, want)
	}
	h, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	before := schemaDump(t, h)
	again, err := Init(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 0 {
		t.Fatalf("second init applied %v, want nothing", again)
	}
	if after := schemaDump(t, h); after != before {
		t.Fatalf("second init changed the schema:\n%s\n---\n%s", before, after)
	}
	if v, err := h.SchemaVersion(ctx); err != nil || v != SchemaVersion() {
		t.Fatalf("schema version %d, %v; want %d", v, err, SchemaVersion())
	}
}

// schemaDump lists the tables' columns, the indexes and the schema_version rows.
func schemaDump(t *testing.T, h *HQ) string {
	t.Helper()
	var s string
	err := h.pool.QueryRow(context.Background(), `SELECT
		(SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, E'\n' ORDER BY table_name, ordinal_position)
			FROM information_schema.columns WHERE table_schema = 'public') || E'\n' ||
		(SELECT string_agg(indexdef, E'\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public') || E'\n' ||
		(SELECT string_agg(version || ' ' || name || ' ' || applied_at, E'\n' ORDER BY version) FROM schema_version)`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
