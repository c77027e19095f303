-- An order's payment state (unpaid, authorized, paid, partially_refunded,
-- refunded). Orders stored before it was kept were all acted on as
-- payable (released, made, shipped), so they read as paid; every order
-- written from now on states its own.
ALTER TABLE orders ADD COLUMN payment_status TEXT NOT NULL DEFAULT 'paid';
