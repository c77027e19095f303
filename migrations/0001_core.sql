-- orderhub core schema. One file for both backends: it uses only what
-- SQLite and PostgreSQL share (TEXT, BIGINT, PRIMARY KEY, UNIQUE, REFERENCES,
-- CREATE INDEX). Ids are UUIDv7 text (time-ordered), times are UTC
-- milliseconds since the epoch, money is decimal text beside its currency,
-- JSON is text, flags are 0/1. See docs/architecture.md.

CREATE TABLE categories (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,             -- lower-cased name: names are unique ignoring case
    keywords     TEXT NOT NULL,             -- JSON array of strings
    sku_prefix   TEXT NOT NULL,
    sku_template TEXT NOT NULL,
    strategy     TEXT NOT NULL,
    rr_cursor    BIGINT,                    -- position of the supplier that got the previous task
    route_count  BIGINT NOT NULL DEFAULT 0, -- routing decisions made so far (the rotation's sequence)
    sku_seq      BIGINT NOT NULL DEFAULT 0, -- counter behind {seq:N}
    member_seq   BIGINT NOT NULL DEFAULT 0, -- positions handed out so far; only grows
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE suppliers (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    code       TEXT NOT NULL,
    contact    TEXT,
    email      TEXT,
    phone      TEXT,
    active     BIGINT NOT NULL,
    weight     BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Names are unique ignoring case. The unique indexes are partial on
-- purpose: PostgreSQL treats a column with a full unique index as a key, and
-- an UPDATE that changes a key column takes a lock that conflicts with the
-- key-share locks that foreign-key checks take on the referenced row. A
-- rename would then deadlock with a concurrent order that routes into the
-- same category or supplier. Partial indexes are not keys.
CREATE UNIQUE INDEX categories_name_unique ON categories (name_key) WHERE name_key IS NOT NULL;
CREATE UNIQUE INDEX suppliers_name_unique ON suppliers (name_key) WHERE name_key IS NOT NULL;

-- Which suppliers serve which category, in rotation order.
CREATE TABLE category_suppliers (
    category_id    TEXT NOT NULL REFERENCES categories (id),
    supplier_id    TEXT NOT NULL REFERENCES suppliers (id),
    position       BIGINT NOT NULL,           -- order of joining; the rotation order
    current_weight BIGINT NOT NULL DEFAULT 0, -- smooth weighted round robin state
    PRIMARY KEY (category_id, supplier_id)
);
CREATE INDEX category_suppliers_by_supplier ON category_suppliers (supplier_id);

CREATE TABLE orders (
    id               TEXT PRIMARY KEY,
    platform         TEXT NOT NULL,
    external_number  TEXT NOT NULL,
    status           TEXT NOT NULL,
    currency         TEXT NOT NULL,
    total_amount     TEXT,
    placed_at        BIGINT,
    customer_name    TEXT NOT NULL,
    customer_email   TEXT,
    customer_phone   TEXT,
    shipping_address TEXT,                  -- JSON object
    search_text      TEXT NOT NULL,         -- lower-cased number, customer and titles
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (platform, external_number)
);
CREATE INDEX orders_by_status ON orders (status, id);

CREATE TABLE order_lines (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    line_no         BIGINT NOT NULL,
    title           TEXT NOT NULL,
    category_ref    TEXT,                   -- the category as given (id or name)
    category_id     TEXT REFERENCES categories (id),
    quantity        BIGINT NOT NULL,
    unit_price      TEXT NOT NULL,
    customization   TEXT,                   -- JSON, verbatim
    unrouted_code   TEXT,
    unrouted_detail TEXT,
    UNIQUE (order_id, line_no)
);

CREATE TABLE tasks (
    id                    TEXT PRIMARY KEY,
    order_id              TEXT NOT NULL REFERENCES orders (id),
    line_id               TEXT NOT NULL REFERENCES order_lines (id),
    supplier_id           TEXT NOT NULL REFERENCES suppliers (id),
    category_id           TEXT NOT NULL REFERENCES categories (id),
    sku                   TEXT NOT NULL UNIQUE,
    status                TEXT NOT NULL,
    quantity              BIGINT NOT NULL,
    route_seq             BIGINT NOT NULL,  -- the category's route_count when this task was routed
    due_at                BIGINT,
    production_started_at BIGINT,
    produced_at           BIGINT,
    carrier               TEXT,
    tracking_number       TEXT,
    note                  TEXT,
    reject_reason         TEXT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX tasks_by_order ON tasks (order_id);
CREATE INDEX tasks_by_line ON tasks (line_id);
CREATE INDEX tasks_by_supplier ON tasks (supplier_id, status, id);
CREATE INDEX tasks_by_status ON tasks (status, id);

-- Append-only history of every change.
CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    order_id    TEXT,
    task_id     TEXT,
    kind        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    details     TEXT NOT NULL,              -- JSON object
    created_at  BIGINT NOT NULL
);
CREATE INDEX events_by_order ON events (order_id, id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,      -- hex SHA-256 of the token; the token itself is never stored
    role         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    expires_at   BIGINT,
    revoked_at   BIGINT
);

-- Saved responses for Idempotency-Key replays (24 hours).
CREATE TABLE idempotency_keys (
    principal     TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status_code   BIGINT,                   -- NULL while the first request is in flight
    response_body TEXT,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (principal, idem_key)
);
