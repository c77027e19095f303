-- Delivering contracts (issue 16, item 7). A signed contract becomes an
-- order (platform `b2b`) whose lines go to the contract's supplier; the
-- order keeps the contract version in force. Shipments carry part of one
-- or more tasks each (分批发货); a task is shipped when all of it left.
ALTER TABLE orders ADD COLUMN contract_id TEXT REFERENCES contracts (id);
CREATE INDEX orders_by_contract ON orders (contract_id);

CREATE TABLE shipments (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    supplier_id     TEXT NOT NULL REFERENCES suppliers (id),
    seq             BIGINT NOT NULL,         -- 1, 2… per order
    method          TEXT NOT NULL,
    carrier         TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    shipped_on      TEXT NOT NULL,           -- YYYY-MM-DD
    expected_on     TEXT,
    note            TEXT,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (order_id, seq)
);
CREATE INDEX shipments_by_supplier ON shipments (supplier_id, id);

CREATE TABLE shipment_lines (
    shipment_id TEXT NOT NULL REFERENCES shipments (id),
    task_id     TEXT NOT NULL REFERENCES tasks (id),
    line_no     BIGINT NOT NULL,             -- the contract's (and order's) line
    quantity    BIGINT NOT NULL,
    PRIMARY KEY (shipment_id, task_id)
);
CREATE INDEX shipment_lines_by_task ON shipment_lines (task_id);
