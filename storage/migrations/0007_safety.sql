-- Caisse schema, version 7: nothing lost and nothing half-done (issue 11).
--
-- Scenario runs (`caisse scenario --db`) keep their carts in memory since
-- this version; the carts that runs of earlier versions left behind when
-- they were killed or stopped without paying (till "scenario-<id>") are
-- cleared here and at every open (storage.Open). A real till's open and
-- parked carts are kept.
DELETE FROM carts WHERE till_id LIKE 'scenario-%';
