package storage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Output says where a command writes a file (an export, a report, a
// receipt, a backup) and what it may replace.
type Output struct {
	// Path is the file to write; "-" is Stdout.
	Path string
	// Force allows replacing an existing regular file (never a database).
	Force bool
	// Protect lists files never written whatever Force says: the database
	// the command reads (and its -wal and -shm).
	Protect []string
	// Device allows writing straight to a character device (a receipt
	// printer such as /dev/usb/lp0); other outputs refuse every device.
	Device bool
	// Stdout is where "-" writes (os.Stdout when nil).
	Stdout io.Writer
}

// ErrRefusedOutput marks an output file a command will not write.
var ErrRefusedOutput = errors.New("refusing to write")

// CheckOutput says why o.Path must not be written, before any work is done:
// it is (or is beside) a protected database, an SQLite file, a folder, a
// device, a pipe or another file that is not a regular file, or an existing
// file without Force. "-" is always fine.
func CheckOutput(o Output) error {
	if o.Path == "-" {
		return nil
	}
	if o.Path == "" {
		return fmt.Errorf("%w: no file named", ErrRefusedOutput)
	}
	fi, err := os.Stat(o.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return checkProtectedName(o)
	case err != nil:
		return fmt.Errorf("%s: %w", o.Path, err)
	}
	for _, p := range o.Protect {
		for _, q := range []string{p, p + "-wal", p + "-shm", p + "-journal", p + "-writers"} {
			if other, err := os.Stat(q); err == nil && os.SameFile(fi, other) {
				return fmt.Errorf("%w %s: it is the database itself; choose another file", ErrRefusedOutput, o.Path)
			}
		}
	}
	mode := fi.Mode()
	switch {
	case mode.IsDir():
		return fmt.Errorf("%w %s: it is a folder; name a file", ErrRefusedOutput, o.Path)
	case mode&fs.ModeCharDevice != 0 && o.Device:
		return nil
	case !mode.IsRegular():
		return fmt.Errorf("%w %s: it is not a regular file (a device, a pipe or a socket); name a file", ErrRefusedOutput, o.Path)
	}
	if kind := sqliteKind(o.Path); kind != "" {
		return fmt.Errorf("%w %s: it is %s; choose another file", ErrRefusedOutput, o.Path, kind)
	}
	if !o.Force {
		return fmt.Errorf("%w %s: the file exists; give --force to replace it", ErrRefusedOutput, o.Path)
	}
	return nil
}

// checkProtectedName refuses a missing path that names a protected
// database (a database deleted under the command keeps its name).
func checkProtectedName(o Output) error {
	abs, _ := filepath.Abs(o.Path)
	for _, p := range o.Protect {
		if pa, _ := filepath.Abs(p); pa == abs {
			return fmt.Errorf("%w %s: it is the database itself; choose another file", ErrRefusedOutput, o.Path)
		}
	}
	return nil
}

// sqliteKind names an SQLite database or write-ahead log by its first
// bytes, or returns "".
func sqliteKind(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	var h [16]byte
	n, _ := io.ReadFull(f, h[:])
	switch {
	case n == 16 && string(h[:]) == sqliteMagic:
		return "an SQLite database"
	case n >= 4 && (bytes.Equal(h[:4], []byte{0x37, 0x7f, 0x06, 0x82}) || bytes.Equal(h[:4], []byte{0x37, 0x7f, 0x06, 0x83})):
		return "an SQLite write-ahead log"
	}
	return ""
}

// WriteOutput checks o (CheckOutput), then has write fill the file: into a
// temporary file in the same folder, synced, then renamed over o.Path (or,
// without Force, linked there so a file that appeared meanwhile is never
// replaced) and the folder synced. The file appears whole or not at all.
// A device (Device) is written directly.
func WriteOutput(o Output, write func(io.Writer) error) error {
	if err := CheckOutput(o); err != nil {
		return err
	}
	if o.Path == "-" {
		w := o.Stdout
		if w == nil {
			w = os.Stdout
		}
		return write(w)
	}
	if fi, err := os.Stat(o.Path); err == nil && fi.Mode()&fs.ModeCharDevice != 0 {
		return writeDevice(o.Path, write)
	}
	dir := filepath.Dir(o.Path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(o.Path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a rename there is nothing left to remove
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := place(tmp.Name(), o); err != nil {
		return err
	}
	return syncDir(dir)
}

// place moves the finished temporary file to o.Path.
func place(tmp string, o Output) error {
	if o.Force {
		if err := CheckOutput(o); err != nil { // still a regular, unprotected file
			return err
		}
		return os.Rename(tmp, o.Path)
	}
	switch err := os.Link(tmp, o.Path); {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%w %s: the file appeared while it was being written; give --force to replace it", ErrRefusedOutput, o.Path)
	}
	// A file system without hard links: check again and rename.
	if err := CheckOutput(o); err != nil {
		return err
	}
	return os.Rename(tmp, o.Path)
}

func writeDevice(p string, write func(io.Writer) error) error {
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}
