-- Fulfilments reported back to the marketplaces (issue 17).
--
-- The platform's id of each order line, which a fulfilment names.
ALTER TABLE order_lines ADD COLUMN upstream_line_id TEXT;

-- How a channel reports fulfilments: on or off, and Shopify's and
-- WooCommerce's API credentials (secrets kept to make the calls).
CREATE TABLE channel_pushes (
    channel_id TEXT PRIMARY KEY REFERENCES channels (id),
    settings   TEXT NOT NULL,            -- JSON PushSettings, with secrets
    active     BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One shipped task of a channel's order, to report: written with the
-- task's move to shipped, pushed by a worker, retried with backoff.
CREATE TABLE fulfilments (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    channel_id      TEXT NOT NULL REFERENCES channels (id),
    task_id         TEXT NOT NULL REFERENCES tasks (id),
    carrier         TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    package_no      BIGINT NOT NULL,     -- Amazon's packageReferenceId: 1, 2, … per order
    completes_order BIGINT NOT NULL,     -- every live task of the order shipped with it
    status          TEXT NOT NULL,       -- pending, sent, failed
    attempts        BIGINT NOT NULL,
    next_at         BIGINT NOT NULL,
    locked_until    BIGINT,
    last_error      TEXT,
    upstream_ref    TEXT,                -- the platform's id of what was made
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT,
    UNIQUE (task_id, tracking_number),
    UNIQUE (order_id, package_no)
);
CREATE INDEX fulfilments_due ON fulfilments (status, next_at);

-- Where a shipped parcel is, as the tracking provider says: each scan,
-- when the task's parcel was delivered, and when it was last asked.
ALTER TABLE tasks ADD COLUMN delivered_at BIGINT;
ALTER TABLE tasks ADD COLUMN tracking_checked_at BIGINT;
CREATE INDEX tasks_tracking_due ON tasks (status, tracking_checked_at);
CREATE TABLE tracking_events (
    task_id     TEXT NOT NULL REFERENCES tasks (id),
    at          BIGINT NOT NULL,
    status      TEXT NOT NULL,
    location    TEXT,
    description TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (task_id, at, status, description)
);
CREATE INDEX fulfilments_by_order ON fulfilments (order_id);
