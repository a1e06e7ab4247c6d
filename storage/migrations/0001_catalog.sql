-- Caisse schema, version 1: the till's set-up and its open carts.
--
-- Conventions (every migration):
--   * money is INTEGER minor units (cents for USD, yen for JPY) next to a
--     TEXT ISO 4217 currency column; never REAL or NUMERIC;
--   * percentages are TEXT decimals ("8.25"), read with pos.ParsePercent;
--   * times are INTEGER Unix nanoseconds (UTC), NULL for "none";
--   * booleans are INTEGER 0/1; tables are STRICT.

-- settings holds the till's own values, such as which location it is.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE locations (
	id                   TEXT PRIMARY KEY,
	name                 TEXT NOT NULL DEFAULT '',
	currency             TEXT NOT NULL,
	pro                  INTEGER NOT NULL DEFAULT 0 CHECK (pro IN (0, 1)),
	tax_rate             TEXT NOT NULL DEFAULT '0',
	default_tax_behavior TEXT NOT NULL DEFAULT '' CHECK (default_tax_behavior IN ('', 'inclusive', 'exclusive')),
	automatic_tax        INTEGER NOT NULL DEFAULT 0 CHECK (automatic_tax IN (0, 1)),
	receipt_header       TEXT NOT NULL DEFAULT '',
	receipt_footer       TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE products (
	id         TEXT PRIMARY KEY,
	position   INTEGER NOT NULL, -- catalog order
	title      TEXT NOT NULL,
	sku        TEXT NOT NULL DEFAULT '',
	barcode    TEXT NOT NULL DEFAULT '',
	-- the product offered with this one; checked at commit so a whole
	-- catalog can be written in any order
	cross_sell TEXT REFERENCES products (id) DEFERRABLE INITIALLY DEFERRED,
	archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
	favourite  INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1))
) STRICT;

-- A barcode names one product (the scanner must find exactly one).
CREATE UNIQUE INDEX products_barcode ON products (barcode) WHERE barcode <> '';
CREATE INDEX products_cross_sell ON products (cross_sell) WHERE cross_sell IS NOT NULL;

CREATE TABLE prices (
	product_id     TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
	id             TEXT NOT NULL,
	position       INTEGER NOT NULL,
	amount         INTEGER NOT NULL CHECK (amount >= 0),
	currency       TEXT NOT NULL,
	type           TEXT NOT NULL CHECK (type IN ('one_time', 'recurring')),
	interval       TEXT NOT NULL DEFAULT '' CHECK (interval IN ('', 'day', 'week', 'month', 'year')),
	interval_count INTEGER NOT NULL DEFAULT 0,
	tax_behavior   TEXT NOT NULL CHECK (tax_behavior IN ('unspecified', 'inclusive', 'exclusive')),
	active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	PRIMARY KEY (product_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE product_collections (
	product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
	collection TEXT NOT NULL,
	position   INTEGER NOT NULL,
	PRIMARY KEY (product_id, collection)
) STRICT, WITHOUT ROWID;

CREATE INDEX product_collections_collection ON product_collections (collection);

CREATE TABLE discounts (
	id                    TEXT PRIMARY KEY,
	position              INTEGER NOT NULL,
	title                 TEXT NOT NULL DEFAULT '',
	method                TEXT NOT NULL CHECK (method IN ('automatic', 'code')),
	code                  TEXT NOT NULL DEFAULT '', -- as the manager typed it
	code_key              TEXT NOT NULL DEFAULT '', -- pos.NormalizeCode(code)
	class                 TEXT NOT NULL CHECK (class IN ('product', 'order', 'shipping')),
	value_type            TEXT NOT NULL DEFAULT '' CHECK (value_type IN ('', 'percentage', 'fixed_amount')),
	value_percent         TEXT NOT NULL DEFAULT '',
	value_amount          INTEGER NOT NULL DEFAULT 0,
	value_currency        TEXT NOT NULL DEFAULT '',
	once_per_order        INTEGER NOT NULL DEFAULT 0 CHECK (once_per_order IN (0, 1)),
	-- buy X get Y: both quantities set, or neither (targets in discount_targets)
	buy_quantity          INTEGER,
	get_quantity          INTEGER,
	get_percent           TEXT,
	uses_per_order        INTEGER NOT NULL DEFAULT 0,
	min_subtotal          INTEGER NOT NULL DEFAULT 0,
	min_subtotal_currency TEXT NOT NULL DEFAULT '',
	min_quantity          INTEGER NOT NULL DEFAULT 0,
	combines_product      INTEGER NOT NULL DEFAULT 0 CHECK (combines_product IN (0, 1)),
	combines_order        INTEGER NOT NULL DEFAULT 0 CHECK (combines_order IN (0, 1)),
	combines_shipping     INTEGER NOT NULL DEFAULT 0 CHECK (combines_shipping IN (0, 1)),
	enabled               INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
	starts_at             INTEGER,
	ends_at               INTEGER,
	usage_limit           INTEGER NOT NULL DEFAULT 0 CHECK (usage_limit >= 0),
	CHECK ((buy_quantity IS NULL) = (get_quantity IS NULL))
) STRICT;

-- A code finds one discount, whatever its case.
CREATE UNIQUE INDEX discounts_code ON discounts (code_key) WHERE code_key <> '';

-- What a discount applies to: rule 'target' (product class), 'buy' or 'get'
-- (buy X get Y); kind 'product' or 'collection'.
CREATE TABLE discount_targets (
	discount_id TEXT NOT NULL REFERENCES discounts (id) ON DELETE CASCADE,
	rule        TEXT NOT NULL CHECK (rule IN ('target', 'buy', 'get')),
	kind        TEXT NOT NULL CHECK (kind IN ('product', 'collection')),
	position    INTEGER NOT NULL,
	ref         TEXT NOT NULL,
	PRIMARY KEY (discount_id, rule, kind, position)
) STRICT, WITHOUT ROWID;

-- Open and parked carts, whole, as pos.Cart JSON. A completed cart is deleted
-- in the transaction that records its order.
CREATE TABLE carts (
	id         TEXT PRIMARY KEY,
	till_id    TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL CHECK (status IN ('open', 'parked')),
	started_at INTEGER NOT NULL,
	data       TEXT NOT NULL -- written by encoding/json
) STRICT;
