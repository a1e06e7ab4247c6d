package storage

import (
	"context"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"caisse/pos"

	"modernc.org/sqlite"
)

// auditGenesis is the hash the first audit entry chains from.
var auditGenesis = strings.Repeat("0", 64)

// auditHash is an audit entry's hash: SHA-256, in lower-case hex, of the
// previous entry's hash (auditGenesis for the first) followed by the
// entry's canonical encoding: seq, at (Unix nanoseconds), staff_id, action,
// subject, before and after, each as its length in bytes, a colon, its
// bytes and a comma (seq and at written in decimal). The lengths make the
// encoding unambiguous: no two different entries encode alike.
func auditHash(prev string, e pos.AuditEntry) string {
	return chainHash(prev, e.Seq, e.At.UnixNano(), e.StaffID, e.Action, e.Subject, e.Before, e.After)
}

func chainHash(prev string, seq, at int64, fields ...string) string {
	h := sha256.New()
	h.Write([]byte(prev))
	put := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
		h.Write([]byte{','})
	}
	put(strconv.FormatInt(seq, 10))
	put(strconv.FormatInt(at, 10))
	for _, f := range fields {
		put(f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// caisse_audit_hash(prev, seq, at, staff_id, action, subject, before,
// after) is chainHash for SQL: the migration that introduced the chain uses
// it to chain an older database's entries in its own transaction.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("caisse_audit_hash", 8,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			prev, ok := args[0].(string)
			seq, ok1 := args[1].(int64)
			at, ok2 := args[2].(int64)
			if !ok || !ok1 || !ok2 {
				return nil, fmt.Errorf("caisse_audit_hash: prev must be text, seq and at integers (got %T, %T, %T)", args[0], args[1], args[2])
			}
			fields := make([]string, 5)
			for i := range fields {
				s, ok := args[3+i].(string)
				if !ok {
					return nil, fmt.Errorf("caisse_audit_hash: argument %d must be text (got %T)", 4+i, args[3+i])
				}
				fields[i] = s
			}
			return chainHash(prev, seq, at, fields...), nil
		})
}

// AuditCheck is what VerifyAudit found: how many entries the log holds, the
// last one's hash (a manager may note it down: a log rewritten whole from
// the start would end on another), and the first broken entry, if any.
type AuditCheck struct {
	Entries int
	Head    string
	Broken  *AuditBreak
}

// AuditBreak is the first entry where the audit chain does not hold, and why.
type AuditBreak struct {
	Seq int64
	Why string
}

func (b *AuditBreak) String() string { return fmt.Sprintf("entry %d: %s", b.Seq, b.Why) }

// VerifyAudit walks the audit log from its first entry, recomputing each
// entry's hash from the previous one, and checks that the log ends at the
// head recorded with the last append. It returns the first broken entry:
// one changed or forged (its hash does not match its content and the entry
// before it), one missing (deleted: the next entry no longer chains), or
// entries after the last one Caisse wrote.
func (db *DB) VerifyAudit(ctx context.Context) (AuditCheck, error) {
	var out AuditCheck
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = verifyAuditTx(ctx, tx)
		return err
	})
	if err != nil {
		return AuditCheck{}, fmt.Errorf("verifying the audit log: %w", err)
	}
	return out, nil
}

func verifyAuditTx(ctx context.Context, tx *Tx) (AuditCheck, error) {
	var (
		out      AuditCheck
		headSeq  int64
		headHash string
	)
	if err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_head`).Scan(&headSeq, &headHash); err != nil {
		return out, fmt.Errorf("reading the audit log's head (was it deleted?): %w", err)
	}
	prev, prevSeq := auditGenesis, int64(0)
	brk := func(seq int64, format string, args ...any) {
		if out.Broken == nil {
			out.Broken = &AuditBreak{Seq: seq, Why: fmt.Sprintf(format, args...)}
		}
	}
	rows, err := tx.query(ctx, `SELECT seq, at, staff_id, action, subject, before, after, hash FROM audit_log ORDER BY seq`)
	if err != nil {
		return out, fmt.Errorf("reading the audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			e    pos.AuditEntry
			at   int64
			hash string
		)
		if err := rows.Scan(&e.Seq, &at, &e.StaffID, &e.Action, &e.Subject, &e.Before, &e.After, &hash); err != nil {
			return out, fmt.Errorf("reading the audit log: %w", err)
		}
		out.Entries++
		e.At = nsTime(at)
		switch {
		case out.Broken != nil:
		case e.Seq > headSeq:
			brk(e.Seq, "it comes after the last entry Caisse wrote (%d): another program added it", headSeq)
		case hash == auditHash(prev, e):
		case e.Seq != prevSeq+1:
			brk(prevSeq+1, "it was deleted: entry %d no longer chains from entry %d%s", e.Seq, prevSeq, deletedMore(prevSeq+1, e.Seq-1))
		default:
			brk(e.Seq, "it does not match its hash: it was changed or forged")
		}
		prev, prevSeq = hash, e.Seq
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("reading the audit log: %w", err)
	}
	out.Head = prev
	switch {
	case out.Broken != nil:
	case prevSeq < headSeq:
		brk(prevSeq+1, "it was deleted: the log ends at entry %d but Caisse wrote up to entry %d%s", prevSeq, headSeq, deletedMore(prevSeq+1, headSeq))
	case prev != headHash:
		brk(headSeq, "it is not the last entry Caisse wrote: it was replaced")
	}
	return out, nil
}

// deletedMore names the entries after the first of a deleted run.
func deletedMore(first, last int64) string {
	switch {
	case last == first+1:
		return fmt.Sprintf(" (entry %d too)", last)
	case last > first:
		return fmt.Sprintf(" (entries %d to %d too)", first+1, last)
	}
	return ""
}
