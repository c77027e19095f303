-- Inventory (issue 19): stock per SKU and location. `on_hand` and
-- `reserved` are maintained figures, moved only with the item locked and
-- each move appended to stock_movements with the figures it left; the
-- CHECKs are the last guard that nothing goes below zero.
CREATE TABLE stock_locations (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL,
    code_key    TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    supplier_id TEXT REFERENCES suppliers (id),
    created_at  BIGINT NOT NULL
);

CREATE TABLE stock_items (
    id          TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES stock_locations (id),
    sku         TEXT NOT NULL,
    sku_key     TEXT NOT NULL,
    title       TEXT,
    on_hand     BIGINT NOT NULL CHECK (on_hand >= 0),
    reserved    BIGINT NOT NULL CHECK (reserved >= 0 AND reserved <= on_hand),
    low_at      BIGINT,
    updated_at  BIGINT NOT NULL,
    UNIQUE (sku_key, location_id)
);

CREATE TABLE stock_reservations (
    id         TEXT PRIMARY KEY,
    item_id    TEXT NOT NULL REFERENCES stock_items (id),
    quantity   BIGINT NOT NULL CHECK (quantity > 0),
    status     TEXT NOT NULL,
    order_id   TEXT,
    line_id    TEXT,
    task_id    TEXT,
    note       TEXT,
    created_at BIGINT NOT NULL,
    closed_at  BIGINT
);

CREATE INDEX stock_reservations_by_item ON stock_reservations (item_id, status);
CREATE INDEX stock_reservations_by_order ON stock_reservations (order_id);

CREATE TABLE stock_movements (
    id             TEXT PRIMARY KEY,
    item_id        TEXT NOT NULL REFERENCES stock_items (id),
    kind           TEXT NOT NULL,
    quantity       BIGINT NOT NULL,
    on_hand_after  BIGINT NOT NULL,
    reserved_after BIGINT NOT NULL,
    reservation_id TEXT,
    order_id       TEXT,
    task_id        TEXT,
    transfer_id    TEXT,
    reference      TEXT,
    reason         TEXT,
    by_label       TEXT NOT NULL,
    at             BIGINT NOT NULL
);

CREATE INDEX stock_movements_by_item ON stock_movements (item_id, at, id);
CREATE INDEX stock_movements_by_time ON stock_movements (at, id);
