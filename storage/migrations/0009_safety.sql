-- Caisse schema, version 9: nothing lost and nothing half-done (issue 11).
--
-- Scenario runs (`caisse scenario --db`) keep their carts in memory since
-- this version; the carts that runs of earlier versions left behind when
-- they were killed or stopped without paying (till "scenario-<id>") are
-- cleared here and at every open (storage.Open). A real till's open and
-- parked carts are kept.
DELETE FROM carts WHERE till_id LIKE 'scenario-%';

-- SKUs are unique whatever their case (SQLite's lower(), which folds ASCII
-- letters) in the table itself. A file may already hold SKUs that differ
-- only in case (imports before this version): the first product (catalog
-- order) keeps its SKU under the index, the later ones keep their SKU as it
-- is, marked sku_duplicate = 1 and outside the index, so nothing is lost;
-- `caisse check` lists them and saving such a product again asks for
-- another SKU.
ALTER TABLE products ADD COLUMN sku_duplicate INTEGER NOT NULL DEFAULT 0 CHECK (sku_duplicate IN (0, 1));
UPDATE products SET sku_duplicate = 1
WHERE sku <> '' AND EXISTS (
	SELECT 1 FROM products q
	WHERE lower(q.sku) = lower(products.sku)
	  AND (q.position < products.position OR (q.position = products.position AND q.id < products.id)));
CREATE UNIQUE INDEX products_sku ON products (lower(sku)) WHERE sku <> '' AND sku_duplicate = 0;

-- New products go to the end of the catalog (max(position) + 1): an index
-- makes that a lookup instead of a scan of every product.
CREATE INDEX products_position ON products (position);

-- A catalog import is loaded here in short transactions, then swapped into
-- products, prices and product_collections in one short transaction, so
-- the tills keep selling while a large file is read (storage/import.go).
-- batch names one import; rows of an import that was killed are cleared by
-- the next one.
CREATE TABLE import_products (
	batch      TEXT NOT NULL,
	seq        INTEGER NOT NULL, -- the product's order in the file
	id         TEXT NOT NULL,
	title      TEXT NOT NULL,
	sku        TEXT NOT NULL,
	barcode    TEXT NOT NULL,
	cross_sell TEXT,
	archived   INTEGER NOT NULL,
	favourite  INTEGER NOT NULL,
	PRIMARY KEY (batch, seq)
) STRICT;

CREATE TABLE import_prices (
	batch          TEXT NOT NULL,
	product_id     TEXT NOT NULL,
	id             TEXT NOT NULL,
	position       INTEGER NOT NULL,
	amount         INTEGER NOT NULL,
	currency       TEXT NOT NULL,
	type           TEXT NOT NULL,
	interval       TEXT NOT NULL,
	interval_count INTEGER NOT NULL,
	tax_behavior   TEXT NOT NULL,
	active         INTEGER NOT NULL,
	PRIMARY KEY (batch, product_id, id)
) STRICT;

CREATE TABLE import_collections (
	batch      TEXT NOT NULL,
	product_id TEXT NOT NULL,
	collection TEXT NOT NULL,
	position   INTEGER NOT NULL,
	PRIMARY KEY (batch, product_id, collection)
) STRICT;
