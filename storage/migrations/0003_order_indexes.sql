-- Caisse schema, version 3: test orders found without reading live ones.
--
-- Test orders are few and are listed and deleted as a batch; this index
-- holds only them, so a live sale never writes to it.
CREATE INDEX orders_test ON orders (created_at) WHERE test = 1;
