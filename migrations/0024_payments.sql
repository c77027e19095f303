-- Payments and refunds an operator records on an order (bank transfers,
-- cheques, cash on delivery); append-only, the order's payment_status is
-- recomputed from them in the same transaction.
CREATE TABLE payments (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES orders (id),
    kind        TEXT NOT NULL,          -- payment | refund
    method      TEXT NOT NULL,
    amount      TEXT NOT NULL,          -- decimal, the order's currency
    reference   TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX payments_by_order ON payments (order_id, recorded_at);
