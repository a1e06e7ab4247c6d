package pos

import (
	"context"
	"errors"
)

// Integrity is a store that can check its own file (storage.DB.QuickCheck:
// SQLite's quick_check). Once a check fails the store refuses every write.
type Integrity interface {
	QuickCheck(ctx context.Context) error
}

// ShiftBackup is a store that copies itself when a shift closes
// (storage.DB.BackupAfterClose): it returns where the copy is.
type ShiftBackup interface {
	BackupAfterClose(ctx context.Context) (string, error)
}

// BackupNote says what the backup made at a shift's close did: where the
// copy is, or, in words, why there is none. A failed backup never undoes
// the close.
type BackupNote struct {
	Path    string
	Problem error // nil, or a sentence (*Error)
}

// CheckIntegrity checks the store's file (the window runs it in the
// background at start-up). When the file is damaged the till refuses to
// take payments from then on, and the error says what to do.
func (t *Till) CheckIntegrity(ctx context.Context) error {
	if t.integrity == nil {
		return nil
	}
	if err := t.integrity.QuickCheck(ctx); err != nil {
		e := Errorf(EInternal, "The database file is damaged (%s): no sale will be recorded in it. Close Caisse, restore the last backup (README, \"Restoring a backup\") and open it again.", clip(err.Error()))
		t.mu.Lock()
		t.damaged = e
		t.mu.Unlock()
		return e
	}
	return nil
}

// backupAfterClose makes the shift-close backup, if the till has a store
// for it, and says what happened.
func (t *Till) backupAfterClose(ctx context.Context) BackupNote {
	if t.backups == nil {
		return BackupNote{}
	}
	path, err := t.backups.BackupAfterClose(ctx)
	if err != nil {
		msg := err.Error()
		var e *Error
		if errors.As(err, &e) {
			msg = e.Message
		}
		return BackupNote{Problem: Errorf(EInternal, "The shift is closed, but its backup failed: %s. Make one with caisse backup, and check the disk.", clip(msg))}
	}
	return BackupNote{Path: path}
}
