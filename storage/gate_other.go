//go:build !unix

package storage

import "os"

// Without flock the gate is open: imports rely on short transactions.
func lockShared(*os.File) error      { return nil }
func unlock(*os.File) error          { return nil }
func tryLockExclusive(*os.File) bool { return true }
