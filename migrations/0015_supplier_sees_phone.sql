-- Whether a supplier's people see the customer's phone number on the
-- orders they work on (they need the address to ship; the phone only
-- when the seller chooses so). Off for every supplier until set.
ALTER TABLE suppliers ADD COLUMN sees_customer_phone BIGINT NOT NULL DEFAULT 0;
