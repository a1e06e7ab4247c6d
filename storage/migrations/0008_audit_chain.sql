-- Caisse schema, version 8: the audit log cannot be rewritten.
--
-- Each entry carries hash = SHA-256 (hex) of the previous entry's hash
-- followed by the canonical encoding of its own content (seq, at, staff_id,
-- action, subject, before, after; see storage/audit.go auditHash). The first
-- entry chains from the genesis value, 64 zeros. audit_head keeps the last
-- entry's seq and hash, so a deleted last entry is seen too. Triggers refuse
-- to change or delete an entry or the head, and to append an entry anywhere
-- but after the head. `caisse audit --verify` (DB.VerifyAudit) walks the
-- chain.
--
-- caisse_audit_hash(prev, seq, at, staff_id, action, subject, before, after)
-- is the same Go function, registered with the SQLite driver by the storage
-- package, so the entries of an older database are chained here, in the
-- migration's own transaction.

ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- The existing entries in seq order, numbered 1, 2, 3... (an older log may
-- have gaps in seq: rows deleted with another SQLite tool).
CREATE TEMP TABLE audit_unchained (
	n INTEGER PRIMARY KEY, seq INTEGER NOT NULL, at INTEGER NOT NULL, staff_id TEXT NOT NULL,
	action TEXT NOT NULL, subject TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL
);
INSERT INTO temp.audit_unchained (n, seq, at, staff_id, action, subject, before, after)
	SELECT row_number() OVER (ORDER BY seq), seq, at, staff_id, action, subject, before, after FROM audit_log;

CREATE TEMP TABLE audit_chained (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL);
WITH RECURSIVE chain (n, seq, hash) AS (
	SELECT 0, 0, '0000000000000000000000000000000000000000000000000000000000000000'
	UNION ALL
	SELECT u.n, u.seq, caisse_audit_hash(c.hash, u.seq, u.at, u.staff_id, u.action, u.subject, u.before, u.after)
	FROM chain c JOIN temp.audit_unchained u ON u.n = c.n + 1
)
INSERT INTO temp.audit_chained (seq, hash) SELECT seq, hash FROM chain;

UPDATE audit_log SET hash = (SELECT c.hash FROM temp.audit_chained c WHERE c.seq = audit_log.seq);

-- The last entry written: seq 0 and the genesis value for an empty log.
CREATE TABLE audit_head (
	one  INTEGER PRIMARY KEY CHECK (one = 1),
	seq  INTEGER NOT NULL,
	hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
INSERT INTO audit_head (one, seq, hash) SELECT 1, seq, hash FROM temp.audit_chained ORDER BY seq DESC LIMIT 1;

DROP TABLE temp.audit_unchained;
DROP TABLE temp.audit_chained;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed: its entries are permanent');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be deleted from: its entries are permanent');
END;

CREATE TRIGGER audit_log_append_only BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT seq + 1 FROM audit_head) OR length(NEW.hash) <> 64
BEGIN
	SELECT RAISE(ABORT, 'an audit entry is appended after the last one, with its hash');
END;

CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log
BEGIN
	UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash;
END;

CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.seq IS NOT OLD.seq + 1 OR NEW.one IS NOT OLD.one
BEGIN
	SELECT RAISE(ABORT, 'the audit log''s head only moves to the entry appended after it');
END;

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
	SELECT RAISE(ABORT, 'the audit log''s head cannot be deleted');
END;
