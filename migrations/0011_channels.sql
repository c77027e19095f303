-- Sales channels: a store on a marketplace that sends orders in.
CREATE TABLE channels (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,          -- shopify, woocommerce, etsy, amazon
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL UNIQUE,   -- lower-cased name
    secret         TEXT,                   -- webhook signing secret (needed to verify, so kept as given)
    default_status TEXT NOT NULL,          -- pending or purchasing
    category_map   TEXT NOT NULL,          -- JSON object: platform SKU or title -> category
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- Webhook deliveries already taken, by the platform's delivery id: a
-- retried delivery is answered without doing anything twice.
CREATE TABLE channel_deliveries (
    channel_id  TEXT NOT NULL REFERENCES channels (id),
    delivery_id TEXT NOT NULL,
    order_id    TEXT,
    outcome     TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (channel_id, delivery_id)
);

-- Each upstream order, the order it became, and the last upstream state
-- applied: an older update arriving late is recognised as stale.
CREATE TABLE channel_orders (
    channel_id          TEXT NOT NULL REFERENCES channels (id),
    upstream_id         TEXT NOT NULL,
    order_id            TEXT NOT NULL REFERENCES orders (id),
    upstream_updated_at BIGINT NOT NULL,
    upstream_state      TEXT NOT NULL,
    PRIMARY KEY (channel_id, upstream_id)
);
