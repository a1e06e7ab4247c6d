-- Caisse head office, schema version 1.
--
-- Conventions: money is bigint minor units next to a text ISO 4217 currency
-- (never numeric or float); times are timestamptz; a report's day is the
-- UTC date of the sale.

-- A shop of the chain, and its tills. A name is unique (in its shop, for a
-- till): joining again with the same names finds the same rows.
CREATE TABLE shops (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name       text NOT NULL UNIQUE,
	created_at timestamptz NOT NULL DEFAULT now()
);

-- acked_seq is the till's acknowledged position: every event of that till
-- up to this local sequence number is stored here.
CREATE TABLE tills (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	shop_id    bigint NOT NULL REFERENCES shops (id),
	name       text NOT NULL,
	acked_seq  bigint NOT NULL DEFAULT 0,
	last_seen  timestamptz,
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (shop_id, name)
);

-- Every event of every till, once (its id is unique across tills).
CREATE TABLE events (
	id          text PRIMARY KEY,
	till_id     bigint NOT NULL REFERENCES tills (id),
	seq         bigint NOT NULL, -- the till's own sequence number
	type        text NOT NULL,
	at          timestamptz NOT NULL,
	payload     jsonb NOT NULL,
	received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_till_seq ON events (till_id, seq);

-- Completed sales and returns, one row each, read from their events.
CREATE TABLE orders (
	id         text PRIMARY KEY,
	shop_id    bigint NOT NULL REFERENCES shops (id),
	till_id    bigint NOT NULL REFERENCES tills (id),
	number     bigint NOT NULL,
	test       boolean NOT NULL,
	staff_id   text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	day        date NOT NULL,
	currency   text NOT NULL,
	gross      bigint NOT NULL,
	discounts  bigint NOT NULL,
	tax        bigint NOT NULL,
	total      bigint NOT NULL,
	tenders    jsonb NOT NULL -- [{"method","amount"}], amounts in minor units
);
CREATE INDEX orders_day ON orders (day, shop_id);

CREATE TABLE returns (
	id         text PRIMARY KEY,
	order_id   text NOT NULL,
	shop_id    bigint NOT NULL REFERENCES shops (id),
	till_id    bigint NOT NULL REFERENCES tills (id),
	test       boolean NOT NULL,
	staff_id   text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	day        date NOT NULL,
	currency   text NOT NULL,
	total      bigint NOT NULL,
	tenders    jsonb NOT NULL
);
CREATE INDEX returns_day ON returns (day, shop_id);

-- The reports' summary, kept in the transaction that stores the sales and
-- returns (live ones only): a chain's day is a few rows per till, whatever
-- the number of orders. method '' holds the sales and returns themselves;
-- each payment method its tenders (amount net of change; refunds negative).
CREATE TABLE daily_sales (
	day       date NOT NULL,
	shop_id   bigint NOT NULL,
	till_id   bigint NOT NULL,
	currency  text NOT NULL,
	method    text NOT NULL,
	orders    bigint NOT NULL DEFAULT 0,
	gross     bigint NOT NULL DEFAULT 0,
	discounts bigint NOT NULL DEFAULT 0,
	tax       bigint NOT NULL DEFAULT 0,
	total     bigint NOT NULL DEFAULT 0,
	returns   bigint NOT NULL DEFAULT 0,
	refunded  bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (day, shop_id, till_id, currency, method)
);

-- The same by member of staff, per shop ('' when the order names nobody).
CREATE TABLE daily_staff (
	day       date NOT NULL,
	shop_id   bigint NOT NULL,
	staff_id  text NOT NULL,
	currency  text NOT NULL,
	orders    bigint NOT NULL DEFAULT 0,
	gross     bigint NOT NULL DEFAULT 0,
	discounts bigint NOT NULL DEFAULT 0,
	tax       bigint NOT NULL DEFAULT 0,
	total     bigint NOT NULL DEFAULT 0,
	returns   bigint NOT NULL DEFAULT 0,
	refunded  bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (day, shop_id, staff_id, currency)
);

-- The configuration: each change is a new version, the whole set-up of a
-- shop (setupjson's format, plus staff and limits). Versions are one
-- series for the chain; a till applies its shop's latest.
CREATE TABLE config_versions (
	version    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	shop_id    bigint NOT NULL REFERENCES shops (id),
	doc        jsonb NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX config_versions_shop ON config_versions (shop_id, version);

-- Usage limits across the chain. outstanding is every use handed out to a
-- till and not given back (spent or still held): it never passes the limit.
CREATE TABLE discount_limits (
	discount_id text PRIMARY KEY,
	usage_limit bigint NOT NULL CHECK (usage_limit >= 0),
	outstanding bigint NOT NULL DEFAULT 0 CHECK (outstanding >= 0)
);

-- Each till's leases, as running totals: granted ever, returned ever.
CREATE TABLE leases (
	till_id     bigint NOT NULL REFERENCES tills (id),
	discount_id text NOT NULL REFERENCES discount_limits (discount_id),
	granted     bigint NOT NULL DEFAULT 0,
	returned    bigint NOT NULL DEFAULT 0 CHECK (returned <= granted),
	PRIMARY KEY (till_id, discount_id)
);
