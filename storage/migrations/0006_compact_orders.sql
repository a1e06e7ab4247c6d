-- Caisse schema, version 6: a completed sale in fewer pages.
--
-- Completing a sale is one durable commit, and its cost is the number of
-- pages that commit writes to the WAL: one for every b-tree it touches. An
-- order used to spread over seven tables and their indexes (about twenty
-- pages). Its discount breakdown and tenders are only ever read with the
-- order itself, so they now live on the rows they belong to, as JSON with
-- amounts in minor units:
--
--   order_lines.discounts  the line's own product and custom discounts:
--                          [{"discount_id","title","source","amount","units","reason"}]
--   orders.order_discounts the order and custom cart discounts, each with
--                          every line's share, in line order:
--                          [{"discount_id","title","source","amount","reason","shares":[…]}]
--   orders.applied         every discount that applied, once, with its whole amount:
--                          [{"discount_id","title","class","source","amount","line","code"}]
--   orders.tenders         [{"method","amount"}]
--
-- NULL is an empty list. The one question asked across orders, how many
-- live sales used a discount (its usage limit), is answered by
-- discount_usage, kept in the transaction that writes each live order.

ALTER TABLE order_lines ADD COLUMN discounts TEXT;
ALTER TABLE orders ADD COLUMN order_discounts TEXT;
ALTER TABLE orders ADD COLUMN applied TEXT;
ALTER TABLE orders ADD COLUMN tenders TEXT;

UPDATE order_lines SET discounts = (
	SELECT json_group_array(json_object('discount_id', d.discount_id, 'title', d.title, 'source', d.source,
			'amount', d.amount, 'units', d.units, 'reason', d.reason) ORDER BY d.idx)
	FROM order_line_discounts d
	WHERE d.order_seq = order_lines.order_seq AND d.pos = order_lines.pos AND d.kind = 'line')
WHERE EXISTS (SELECT 1 FROM order_line_discounts d
	WHERE d.order_seq = order_lines.order_seq AND d.pos = order_lines.pos AND d.kind = 'line');

UPDATE orders SET
	order_discounts = (
		SELECT json_group_array(json_object('discount_id', l.discount_id, 'title', l.title, 'source', l.source,
				'amount', l.amount, 'reason', l.reason,
				'shares', json((SELECT json_group_array(s.amount ORDER BY s.pos) FROM order_line_discounts s
					WHERE s.order_seq = l.order_seq AND s.kind = 'order' AND s.idx = l.idx))) ORDER BY l.idx)
		FROM order_level_discounts l WHERE l.order_seq = orders.seq
		HAVING count(*) > 0),
	applied = (
		SELECT json_group_array(json_object('discount_id', a.discount_id, 'title', a.title, 'class', a.class,
				'source', a.source, 'amount', a.amount, 'line', a.line, 'code', a.code) ORDER BY a.idx)
		FROM order_discounts a WHERE a.order_seq = orders.seq
		HAVING count(*) > 0),
	tenders = (
		SELECT json_group_array(json_object('method', t.method, 'amount', t.amount) ORDER BY t.idx)
		FROM order_tenders t WHERE t.order_seq = orders.seq
		HAVING count(*) > 0);

-- Live sales that used each automatic or code discount (custom discounts
-- have no limit; test orders never count).
CREATE TABLE discount_usage (
	discount_id TEXT PRIMARY KEY,
	used        INTEGER NOT NULL CHECK (used >= 0)
) STRICT, WITHOUT ROWID;

INSERT INTO discount_usage (discount_id, used)
	SELECT discount_id, count(DISTINCT order_seq) FROM order_discounts
	WHERE test = 0 AND source <> 'custom'
	GROUP BY discount_id;

DROP TABLE order_line_discounts;
DROP TABLE order_level_discounts;
DROP TABLE order_discounts;
DROP TABLE order_tenders;
