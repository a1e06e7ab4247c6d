package storage

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func writeHello(w io.Writer) error { _, err := io.WriteString(w, "hello\n"); return err }

// Finding 1: `export --orders shop.db` wrote the CSV over the database, and
// `--orders /dev/full` replaced a device node with a file. Every refusal of
// WriteOutput, each leaving the target as it was.
func TestWriteOutputRefuses(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "shop.db")
	MustOpenDBAt(t, dbPath) // a real database with its -wal beside it
	other := filepath.Join(dir, "other.db")
	MustOpenDBAt(t, other)
	existing := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(existing, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(dbPath, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		force      bool
		want       string
	}{
		{"the database", dbPath, true, "the database itself"},
		{"the database by another name", filepath.Join(dir, ".", "shop.db"), true, "the database itself"},
		{"a link to the database", link, true, "the database itself"},
		{"the database's log", dbPath + "-wal", true, "the database itself"},
		{"another SQLite file", other, true, "an SQLite database"},
		{"a character device", os.DevNull, true, "not a regular file"},
		{"a fifo", fifo, true, "not a regular file"},
		{"a folder", dir, true, "a folder"},
		{"an existing file without --force", existing, false, "give --force"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.Lstat(tc.path)
			var data []byte
			if before.Mode().IsRegular() {
				data, _ = os.ReadFile(tc.path)
			}
			err := WriteOutput(Output{Path: tc.path, Force: tc.force, Protect: []string{dbPath}}, writeHello)
			if !errors.Is(err, ErrRefusedOutput) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("WriteOutput(%s) = %v, want a refusal saying %q", tc.path, err, tc.want)
			}
			after, _ := os.Lstat(tc.path)
			if after.Mode() != before.Mode() || !os.SameFile(before, after) {
				t.Fatalf("%s was replaced", tc.path)
			}
			if before.Mode().IsRegular() {
				if now, _ := os.ReadFile(tc.path); !bytes.Equal(now, data) {
					t.Fatalf("%s was written", tc.path)
				}
			}
		})
	}
	if err := WriteOutput(Output{Path: "", Protect: []string{dbPath}}, writeHello); !errors.Is(err, ErrRefusedOutput) {
		t.Fatalf("an empty path: %v", err)
	}
	// The database is still a working database.
	db := MustOpenDBAt(t, dbPath)
	if _, err := db.IsNew(t.Context()); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Fatalf("a temporary file was left: %s", e.Name())
		}
	}
}

func TestWriteOutputWrites(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	if err := WriteOutput(Output{Path: p}, writeHello); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "hello\n" {
		t.Fatalf("wrote %q", b)
	}
	// --force replaces a regular file.
	if err := WriteOutput(Output{Path: p, Force: true}, func(w io.Writer) error { _, err := io.WriteString(w, "again\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "again\n" {
		t.Fatalf("wrote %q", b)
	}
	// A failed write leaves the old file and no temporary file.
	boom := errors.New("boom")
	if err := WriteOutput(Output{Path: p, Force: true}, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("error %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "again\n" {
		t.Fatalf("a failed write changed the file: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("left %d files", len(entries))
	}
	// "-" is standard output.
	var buf bytes.Buffer
	if err := WriteOutput(Output{Path: "-", Stdout: &buf}, writeHello); err != nil || buf.String() != "hello\n" {
		t.Fatalf("stdout: %q %v", buf.String(), err)
	}
	// A printer is a character device: allowed when the output says so.
	if err := WriteOutput(Output{Path: os.DevNull, Device: true}, writeHello); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(os.DevNull); fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatal("/dev/null is no longer a device")
	}
}
