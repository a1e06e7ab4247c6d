-- Caisse schema, version 4: returns, refunds and cash drawer shifts.
--
-- A return is written whole, in one transaction, like an order: what came
-- back, what each unit gave back (worked out from the order's stored shares,
-- never by re-running the rules), the refund tenders and its event.

-- Return numbers: one series per location for live returns and one for test
-- returns (a test order is refunded only as a test return).
CREATE TABLE return_counters (
	location_id TEXT NOT NULL,
	series      TEXT NOT NULL CHECK (series IN ('live', 'test')),
	next        INTEGER NOT NULL CHECK (next >= 1),
	PRIMARY KEY (location_id, series)
) STRICT, WITHOUT ROWID;

CREATE TABLE returns (
	seq          INTEGER PRIMARY KEY,
	id           TEXT NOT NULL UNIQUE,
	order_id     TEXT NOT NULL, -- orders.id (no foreign key: test orders are deleted as a batch)
	location_id  TEXT NOT NULL,
	test         INTEGER NOT NULL CHECK (test IN (0, 1)),
	number       INTEGER NOT NULL CHECK (number >= 1),
	till_id      TEXT NOT NULL,
	shift_id     TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	currency     TEXT NOT NULL,
	gross        INTEGER NOT NULL, -- unit prices of the units returned
	discounts    INTEGER NOT NULL, -- the discounts those units had taken
	tax          INTEGER NOT NULL, -- the tax of those units (inside and on top)
	shipping     INTEGER NOT NULL, -- shipping given back (after its discount)
	total        INTEGER NOT NULL, -- what the customer gets back
	units        INTEGER NOT NULL,
	reason       TEXT NOT NULL DEFAULT '',
	UNIQUE (location_id, test, number)
) STRICT;

CREATE INDEX returns_order ON returns (order_id);
CREATE INDEX returns_created_at ON returns (created_at);

CREATE TABLE return_lines (
	return_seq   INTEGER NOT NULL REFERENCES returns (seq) ON DELETE CASCADE,
	pos          INTEGER NOT NULL, -- the order line's position
	product_id   TEXT NOT NULL,
	title        TEXT NOT NULL,
	quantity     INTEGER NOT NULL CHECK (quantity >= 1),
	gross        INTEGER NOT NULL,
	discounts    INTEGER NOT NULL,
	tax          INTEGER NOT NULL,
	exclusive_tax INTEGER NOT NULL,
	refund       INTEGER NOT NULL,
	restock      INTEGER NOT NULL CHECK (restock IN (0, 1)),
	PRIMARY KEY (return_seq, pos)
) STRICT, WITHOUT ROWID;

-- Each discount's money that came back with the returned units.
CREATE TABLE return_discounts (
	return_seq  INTEGER NOT NULL REFERENCES returns (seq) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	discount_id TEXT NOT NULL,
	title       TEXT NOT NULL,
	idx         INTEGER NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('line', 'order')),
	amount      INTEGER NOT NULL,
	PRIMARY KEY (return_seq, pos, idx)
) STRICT, WITHOUT ROWID;

CREATE TABLE return_tenders (
	return_seq INTEGER NOT NULL REFERENCES returns (seq) ON DELETE CASCADE,
	idx        INTEGER NOT NULL,
	method     TEXT NOT NULL CHECK (method IN ('cash', 'card', 'other')),
	amount     INTEGER NOT NULL CHECK (amount > 0),
	PRIMARY KEY (return_seq, idx)
) STRICT, WITHOUT ROWID;

-- Cash drawer shifts: opened with a counted float, closed with a count.
CREATE TABLE shifts (
	id          TEXT PRIMARY KEY,
	till_id     TEXT NOT NULL,
	location_id TEXT NOT NULL,
	currency    TEXT NOT NULL,
	opened_at   INTEGER NOT NULL,
	float       INTEGER NOT NULL,
	closed_at   INTEGER, -- NULL while open
	counted     INTEGER,
	expected    INTEGER
) STRICT;

-- At most one open shift per till.
CREATE UNIQUE INDEX shifts_open ON shifts (till_id) WHERE closed_at IS NULL;

CREATE TABLE shift_moves (
	shift_id TEXT NOT NULL REFERENCES shifts (id),
	idx      INTEGER NOT NULL,
	at       INTEGER NOT NULL,
	amount   INTEGER NOT NULL, -- > 0 cash in, < 0 cash out
	reason   TEXT NOT NULL,
	PRIMARY KEY (shift_id, idx)
) STRICT, WITHOUT ROWID;
