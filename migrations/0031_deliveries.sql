-- Delivering contracts (issue 16, item 7). A signed contract becomes an
-- order (platform `b2b`) whose lines go to the contract's supplier; the
-- order keeps the contract version in force. Shipments carry part of one
-- or more tasks each (分批发货); a task is shipped when all of it left.
-- The purchaser receives each shipment (验收: accepted and rejected units
-- per line) and may ask for rejected units to be replaced or credited.
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
    return_id       TEXT,                    -- a replacement for this return
    received_by     TEXT,                    -- 验收: who inspected it, when
    received_at     BIGINT,
    receipt_note    TEXT,
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
    accepted    BIGINT,                      -- on receipt
    rejected    BIGINT,
    reason      TEXT,
    PRIMARY KEY (shipment_id, task_id)
);
CREATE INDEX shipment_lines_by_task ON shipment_lines (task_id);

CREATE TABLE returns (
    id                  TEXT PRIMARY KEY,
    order_id            TEXT NOT NULL REFERENCES orders (id),
    contract_id         TEXT NOT NULL REFERENCES contracts (id), -- in force when asked
    supplier_id         TEXT NOT NULL REFERENCES suppliers (id),
    org_id              TEXT NOT NULL REFERENCES buyer_orgs (id),
    seq                 BIGINT NOT NULL,     -- 1, 2… per order
    kind                TEXT NOT NULL,       -- exchange | refund
    status              TEXT NOT NULL,
    reason              TEXT NOT NULL,
    lines               TEXT NOT NULL,       -- JSON [ReturnLine]
    answer              TEXT,
    credit              TEXT,                -- decimal, once credited
    replacement_seq     BIGINT,              -- the replacement's shipment
    files               TEXT NOT NULL,       -- JSON [stored name]
    created_by          TEXT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    UNIQUE (order_id, seq)
);
CREATE INDEX returns_by_supplier ON returns (supplier_id, id);
CREATE INDEX returns_by_org ON returns (org_id, id);
