-- Caisse schema, version 5: staff (cashiers and managers with hashed PINs)
-- and the back office's audit log.

-- A PIN is never stored: pin_hash is its bcrypt hash.
CREATE TABLE staff (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	role     TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
	pin_hash TEXT NOT NULL,
	active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- Every manager approval at the till and every change to discounts,
-- cross-sells, products and the location: who, when, what, before and after
-- (JSON of the values; '' when there was none).
CREATE TABLE audit_log (
	seq       INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	staff_id  TEXT NOT NULL,
	action    TEXT NOT NULL,
	subject   TEXT NOT NULL DEFAULT '',
	before    TEXT NOT NULL DEFAULT '',
	after     TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_subject ON audit_log (subject, seq);
