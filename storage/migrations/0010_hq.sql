-- Caisse schema: a till joined to a head office (docs/headoffice.md).
--
-- The link itself (URL, shop and till ids), the acknowledged position of the
-- event stream and the applied configuration version are settings (keys
-- hq_*). What goes up is the one event stream, in the till's own order:
-- orders and returns write their events themselves; shifts, cash movements
-- and audit entries are appended here by triggers, in the transaction that
-- writes them, so they take their place in the same order. Their payloads
-- carry amounts in minor units of the shift's currency, and who (schema 7's
-- staff columns); an audit entry carries its chain hash (schema 8), so the
-- head office can check the chain it receives.

CREATE TRIGGER events_shift_opened AFTER INSERT ON shifts
BEGIN
	INSERT INTO events (id, type, till_id, at, payload) VALUES (
		'shift.opened:' || NEW.id, 'shift.opened', NEW.till_id, NEW.opened_at,
		json_object('shift', json_object('id', NEW.id, 'till_id', NEW.till_id, 'location_id', NEW.location_id,
			'currency', NEW.currency, 'opened_at', NEW.opened_at, 'float', NEW.float, 'opened_by', NEW.opened_by)));
END;

CREATE TRIGGER events_shift_closed AFTER UPDATE OF closed_at ON shifts
	WHEN OLD.closed_at IS NULL AND NEW.closed_at IS NOT NULL
BEGIN
	INSERT INTO events (id, type, till_id, at, payload) VALUES (
		'shift.closed:' || NEW.id, 'shift.closed', NEW.till_id, NEW.closed_at,
		json_object('shift', json_object('id', NEW.id, 'till_id', NEW.till_id, 'location_id', NEW.location_id,
			'currency', NEW.currency, 'opened_at', NEW.opened_at, 'float', NEW.float,
			'closed_at', NEW.closed_at, 'counted', NEW.counted, 'expected', NEW.expected,
			'opened_by', NEW.opened_by, 'closed_by', NEW.closed_by)));
END;

CREATE TRIGGER events_cash_moved AFTER INSERT ON shift_moves
BEGIN
	INSERT INTO events (id, type, till_id, at, payload) VALUES (
		'cash.moved:' || NEW.shift_id || ':' || NEW.idx, 'cash.moved',
		coalesce((SELECT till_id FROM shifts WHERE id = NEW.shift_id), ''), NEW.at,
		json_object('move', json_object('shift_id', NEW.shift_id, 'idx', NEW.idx, 'at', NEW.at,
			'amount', NEW.amount, 'reason', NEW.reason, 'staff_id', NEW.staff_id, 'no_sale', NEW.no_sale,
			'currency', (SELECT currency FROM shifts WHERE id = NEW.shift_id))));
END;

CREATE TRIGGER events_audit AFTER INSERT ON audit_log
BEGIN
	INSERT INTO events (id, type, till_id, at, payload) VALUES (
		'audit:' || lower(hex(randomblob(16))), 'audit.entry', '', NEW.at,
		json_object('entry', json_object('seq', NEW.seq, 'at', NEW.at, 'staff_id', NEW.staff_id,
			'action', NEW.action, 'subject', NEW.subject, 'before', NEW.before, 'after', NEW.after,
			'hash', NEW.hash)));
END;

-- This till's leases of limited discount uses from the head office, as
-- running totals: granted is what the head office has granted it, ever;
-- returned what it gave back or is giving back (returned_acked: what the
-- head office has confirmed); used what its live sales spent. A joined till
-- may use a limited discount only while granted - returned - used > 0; the
-- sale's transaction checks and spends it.
CREATE TABLE hq_leases (
	discount_id    TEXT PRIMARY KEY,
	granted        INTEGER NOT NULL DEFAULT 0,
	returned       INTEGER NOT NULL DEFAULT 0,
	returned_acked INTEGER NOT NULL DEFAULT 0 CHECK (returned_acked <= returned),
	used           INTEGER NOT NULL DEFAULT 0,
	CHECK (used + returned <= granted)
) STRICT, WITHOUT ROWID;
