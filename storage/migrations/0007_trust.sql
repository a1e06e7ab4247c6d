-- Caisse schema, version 7: staff sign-in and signatures.
--
-- Each member of staff keeps the count of wrong PINs, how many lockouts in
-- a row they had and until when they are locked out (Unix ns, NULL: not
-- locked), and whether their PIN is still the demo one a new database got.
-- pin_hash is now an argon2id PHC string; old bcrypt hashes still verify
-- and are replaced at the next right PIN.
ALTER TABLE staff ADD COLUMN failed_pins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN locked_until INTEGER;
ALTER TABLE staff ADD COLUMN demo_pin INTEGER NOT NULL DEFAULT 0;

-- Who took each sale and gave each refund (id, and the name for receipts);
-- '' for those recorded before staff signed in.
ALTER TABLE orders ADD COLUMN staff_id TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN staff_name TEXT NOT NULL DEFAULT '';
ALTER TABLE returns ADD COLUMN staff_id TEXT NOT NULL DEFAULT '';
ALTER TABLE returns ADD COLUMN staff_name TEXT NOT NULL DEFAULT '';

-- Who opened and who closed each shift, who moved cash; a no-sale opening
-- of the drawer is a move of zero with no_sale = 1.
ALTER TABLE shifts ADD COLUMN opened_by TEXT NOT NULL DEFAULT '';
ALTER TABLE shifts ADD COLUMN opened_name TEXT NOT NULL DEFAULT '';
ALTER TABLE shifts ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE shifts ADD COLUMN closed_name TEXT NOT NULL DEFAULT '';
ALTER TABLE shift_moves ADD COLUMN staff_id TEXT NOT NULL DEFAULT '';
ALTER TABLE shift_moves ADD COLUMN no_sale INTEGER NOT NULL DEFAULT 0;

-- Who last changed each open or parked cart (the cart's JSON has it too).
ALTER TABLE carts ADD COLUMN staff_id TEXT NOT NULL DEFAULT '';
