-- Caisse schema, version 2: completed sales and the event stream.
--
-- An order is written whole, in one transaction, with everything its receipt
-- and the reports need, so they never re-run the pricing rules. Every amount
-- of an order is in the order's currency (orders.currency).

-- Order numbers, one series per location for live orders and one for test
-- orders. Taken in the transaction that writes the order, so a number is
-- never given twice and never skipped by a failed sale.
CREATE TABLE counters (
	location_id TEXT NOT NULL,
	series      TEXT NOT NULL CHECK (series IN ('live', 'test')),
	next        INTEGER NOT NULL CHECK (next >= 1),
	PRIMARY KEY (location_id, series)
) STRICT, WITHOUT ROWID;

CREATE TABLE orders (
	seq               INTEGER PRIMARY KEY, -- local row id, referenced by the order's rows
	id                TEXT NOT NULL UNIQUE, -- ULID, unique across tills
	location_id       TEXT NOT NULL,
	test              INTEGER NOT NULL CHECK (test IN (0, 1)),
	number            INTEGER NOT NULL CHECK (number >= 1),
	till_id           TEXT NOT NULL,
	cart_id           TEXT NOT NULL,
	created_at        INTEGER NOT NULL,
	currency          TEXT NOT NULL,
	gross             INTEGER NOT NULL, -- sum of the lines' unit price × quantity
	subtotal          INTEGER NOT NULL, -- sum of the lines after product and custom line discounts
	discounts         INTEGER NOT NULL, -- every discount, shipping discount included
	shipping          INTEGER NOT NULL,
	shipping_discount INTEGER NOT NULL,
	tax               INTEGER NOT NULL, -- all tax, inside and on top of prices
	exclusive_tax     INTEGER NOT NULL, -- the part added to the total
	total             INTEGER NOT NULL,
	paid              INTEGER NOT NULL,
	change            INTEGER NOT NULL,
	units             INTEGER NOT NULL,
	extra             TEXT, -- JSON: codes entered, offers made, discounts not applied
	UNIQUE (location_id, test, number)
) STRICT;

CREATE INDEX orders_created_at ON orders (created_at);

CREATE TABLE order_lines (
	order_seq    INTEGER NOT NULL REFERENCES orders (seq) ON DELETE CASCADE,
	pos          INTEGER NOT NULL, -- position in the cart, from 1
	line_id      INTEGER NOT NULL,
	product_id   TEXT NOT NULL,
	price_id     TEXT NOT NULL,
	title        TEXT NOT NULL,
	quantity     INTEGER NOT NULL CHECK (quantity >= 1),
	unit_price   INTEGER NOT NULL,
	subtotal     INTEGER NOT NULL,
	amount       INTEGER NOT NULL, -- after product and custom line discounts
	order_share  INTEGER NOT NULL, -- its part of the order and custom cart discounts
	net          INTEGER NOT NULL, -- amount - order_share: what tax is computed on
	tax          INTEGER NOT NULL,
	tax_behavior TEXT NOT NULL,
	cross_sell   INTEGER NOT NULL CHECK (cross_sell IN (0, 1)),
	split        INTEGER NOT NULL CHECK (split IN (0, 1)),
	PRIMARY KEY (order_seq, pos)
) STRICT, WITHOUT ROWID;

-- Order and custom cart discounts (Quote.OrderDiscounts), in the order applied.
CREATE TABLE order_level_discounts (
	order_seq   INTEGER NOT NULL REFERENCES orders (seq) ON DELETE CASCADE,
	idx         INTEGER NOT NULL,
	discount_id TEXT NOT NULL, -- 'custom' for a custom cart discount
	title       TEXT NOT NULL,
	source      TEXT NOT NULL CHECK (source IN ('automatic', 'code', 'custom')),
	amount      INTEGER NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (order_seq, idx)
) STRICT, WITHOUT ROWID;

-- What each discount took off each line: the product and custom line
-- discounts on the line (kind 'line': QuoteLine.Discounts, idx its place
-- there), and the line's share of each order-level discount (kind 'order':
-- OrderDiscount.Shares, idx the discount's place in order_level_discounts,
-- whose title and reason it does not repeat).
CREATE TABLE order_line_discounts (
	order_seq   INTEGER NOT NULL,
	pos         INTEGER NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('line', 'order')),
	idx         INTEGER NOT NULL,
	discount_id TEXT NOT NULL, -- 'custom' for a custom discount
	title       TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL CHECK (source IN ('automatic', 'code', 'custom')),
	amount      INTEGER NOT NULL,
	units       INTEGER NOT NULL DEFAULT 0, -- kind 'line': units discounted
	reason      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (order_seq, pos, kind, idx),
	FOREIGN KEY (order_seq, pos) REFERENCES order_lines (order_seq, pos) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Every discount that applied, once, with its whole amount (Quote.Applied).
-- test is copied from the order so usage is counted from this table alone.
CREATE TABLE order_discounts (
	order_seq   INTEGER NOT NULL REFERENCES orders (seq) ON DELETE CASCADE,
	idx         INTEGER NOT NULL,
	discount_id TEXT NOT NULL,
	title       TEXT NOT NULL,
	class       TEXT NOT NULL CHECK (class IN ('product', 'order', 'shipping')),
	source      TEXT NOT NULL CHECK (source IN ('automatic', 'code', 'custom')),
	amount      INTEGER NOT NULL,
	line        INTEGER NOT NULL DEFAULT 0,
	code        TEXT NOT NULL DEFAULT '',
	test        INTEGER NOT NULL CHECK (test IN (0, 1)),
	PRIMARY KEY (order_seq, idx)
) STRICT, WITHOUT ROWID;

CREATE INDEX order_discounts_usage ON order_discounts (discount_id, test) WHERE source <> 'custom';

CREATE TABLE order_tenders (
	order_seq INTEGER NOT NULL REFERENCES orders (seq) ON DELETE CASCADE,
	idx       INTEGER NOT NULL,
	method    TEXT NOT NULL CHECK (method IN ('cash', 'card', 'other')),
	amount    INTEGER NOT NULL CHECK (amount > 0),
	PRIMARY KEY (order_seq, idx)
) STRICT, WITHOUT ROWID;

-- The append-only event stream a sync ships to head office; seq is the
-- cursor (`caisse events --after SEQ`), id is unique across tills.
CREATE TABLE events (
	seq      INTEGER PRIMARY KEY AUTOINCREMENT,
	id       TEXT NOT NULL UNIQUE,
	type     TEXT NOT NULL,
	order_id TEXT,
	till_id  TEXT NOT NULL,
	at       INTEGER NOT NULL,
	payload  TEXT NOT NULL -- JSON, written by encoding/json
) STRICT;
