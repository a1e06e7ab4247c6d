-- Caisse head office, schema version 2: the reports' summary holds the
-- report's own lines.
--
-- report_lines is, per UTC day and currency, the lines of the chain report
-- already added up: one per shop, per till, per member of staff (of a
-- shop), and per payment method of a shop. A day's report reads its lines
-- as they are (no aggregation but the chain's line and the chain's payment
-- types, from a thousand rows); a range of days adds the days' lines up.
-- Shops and tills are named here (names never change: joining again finds
-- the same rows), and the key's text is in byte order (COLLATE "C", as
-- Go compares strings), so the key's index gives the lines in the report's
-- order. Ingest adds
-- to it in the transaction that stores the sales and returns, the new ones
-- only (ON CONFLICT DO NOTHING on their ids): sending again never counts
-- twice. Test orders and returns never count.
--
-- Payment lines: orders is the tenders, total the amount taken net of
-- change, less refunds; sales lines: orders and returns are counts, total
-- the sales, refunded the refunds.
CREATE TABLE report_lines (
	day       date NOT NULL,
	section   text COLLATE "C" NOT NULL CHECK (section IN ('shop', 'till', 'staff', 'payment')),
	shop      text COLLATE "C" NOT NULL,
	till      text COLLATE "C" NOT NULL DEFAULT '', -- section 'till'
	staff     text COLLATE "C" NOT NULL DEFAULT '', -- section 'staff' ('' when the sale names nobody)
	method    text COLLATE "C" NOT NULL DEFAULT '', -- section 'payment'
	currency  text COLLATE "C" NOT NULL,
	orders    bigint NOT NULL DEFAULT 0,
	gross     bigint NOT NULL DEFAULT 0,
	discounts bigint NOT NULL DEFAULT 0,
	tax       bigint NOT NULL DEFAULT 0,
	total     bigint NOT NULL DEFAULT 0,
	returns   bigint NOT NULL DEFAULT 0,
	refunded  bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (day, section, shop, till, staff, method, currency)
);

-- The same lines computed from the raw orders and returns: what the
-- migration fills report_lines with, and what a check compares it to
-- (SELECT * FROM report_lines EXCEPT SELECT * FROM report_lines_raw).
-- Ingest (hq/ingest.go) adds a batch's new rows with the same lines.
CREATE VIEW report_lines_raw AS
WITH o AS (
	SELECT o.day, s.name AS shop, t.name AS till, o.staff_id, o.currency, o.gross, o.discounts, o.tax, o.total, o.tenders
	FROM orders o JOIN shops s ON s.id = o.shop_id JOIN tills t ON t.id = o.till_id
	WHERE NOT o.test
), r AS (
	SELECT r.day, s.name AS shop, t.name AS till, r.staff_id, r.currency, r.total, r.tenders
	FROM returns r JOIN shops s ON s.id = r.shop_id JOIN tills t ON t.id = r.till_id
	WHERE NOT r.test
), lines (day, section, shop, till, staff, method, currency, orders, gross, discounts, tax, total, returns, refunded) AS (
	SELECT day, 'shop', shop, '', '', '', currency, 1, gross, discounts, tax, total, 0, 0 FROM o
	UNION ALL SELECT day, 'till', shop, till, '', '', currency, 1, gross, discounts, tax, total, 0, 0 FROM o
	UNION ALL SELECT day, 'staff', shop, '', staff_id, '', currency, 1, gross, discounts, tax, total, 0, 0 FROM o
	UNION ALL SELECT o.day, 'payment', o.shop, '', '', p->>'method', o.currency, 1, 0, 0, 0, (p->>'amount')::bigint, 0, 0
		FROM o CROSS JOIN LATERAL jsonb_array_elements(o.tenders) p
	UNION ALL SELECT day, 'shop', shop, '', '', '', currency, 0, 0, 0, 0, 0, 1, total FROM r
	UNION ALL SELECT day, 'till', shop, till, '', '', currency, 0, 0, 0, 0, 0, 1, total FROM r
	UNION ALL SELECT day, 'staff', shop, '', staff_id, '', currency, 0, 0, 0, 0, 0, 1, total FROM r
	UNION ALL SELECT r.day, 'payment', r.shop, '', '', p->>'method', r.currency, 0, 0, 0, 0, -(p->>'amount')::bigint, 0, 0
		FROM r CROSS JOIN LATERAL jsonb_array_elements(r.tenders) p
)
SELECT day, section, shop, till, staff, method, currency,
	sum(orders)::bigint AS orders, sum(gross)::bigint AS gross, sum(discounts)::bigint AS discounts,
	sum(tax)::bigint AS tax, sum(total)::bigint AS total, sum(returns)::bigint AS returns, sum(refunded)::bigint AS refunded
FROM lines
GROUP BY day, section, shop, till, staff, method, currency;

-- Backfilled from what version 1 stored.
INSERT INTO report_lines SELECT * FROM report_lines_raw;

-- Version 1's daily summaries, which report_lines replaces.
DROP TABLE daily_sales, daily_staff;
