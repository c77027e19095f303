-- Statistics (orderhub_domain::stats). Customers become records, and the
-- seller's figures are sums kept up to date in the same transaction as
-- every change to an order, per day and per month (grain 'd' / 'm';
-- period is the day number, or year * 12 + month - 1). Money is integer
-- thousandths of the currency's unit. Orders are restated into these by
-- the store on its first start after this migration (stat_facts NULL).

CREATE TABLE customers (
    id          TEXT PRIMARY KEY,
    platform    TEXT NOT NULL,
    channel_key TEXT NOT NULL,
    identity    TEXT NOT NULL,              -- orderhub_domain::stats::identity
    name        TEXT NOT NULL,
    email       TEXT,
    created_at  BIGINT NOT NULL,
    UNIQUE (platform, channel_key, identity)
);

ALTER TABLE orders ADD COLUMN buyer_id TEXT;        -- the marketplace's id of the buyer
ALTER TABLE orders ADD COLUMN customer_id TEXT;
ALTER TABLE orders ADD COLUMN stat_facts TEXT;      -- JSON: what the order adds to the sums now
CREATE INDEX orders_by_customer ON orders (customer_id);
-- a line's catalogue product (its cost) is found by the product code alone
CREATE INDEX products_by_code ON products (code_key);
CREATE INDEX orders_unstated ON orders (id) WHERE stat_facts IS NULL;

-- The sums themselves are in 0038_statistics_sums (per backend: SQLite
-- keeps them clustered by their key).

-- What a best-seller row is called (the product's or the line's title).
CREATE TABLE stat_products (
    product_key TEXT PRIMARY KEY,
    label       TEXT NOT NULL
);

-- The reporting currency (rate 1) and what one unit of each other
-- currency is worth in it, as the seller keeps them.
CREATE TABLE exchange_rates (
    currency   TEXT PRIMARY KEY,
    rate       TEXT NOT NULL,
    reporting  BIGINT NOT NULL,                 -- 1 for the reporting currency
    updated_at BIGINT NOT NULL
);

-- Routing by scorecard: a category may skip suppliers whose on-time rate
-- over the last 30 days is below this percentage.
ALTER TABLE categories ADD COLUMN min_on_time BIGINT;

-- Events written before this migration, still to fold into the suppliers'
-- sums (the store does it on start, a batch per transaction, moving
-- done_upto; events written after are folded as they are written).
CREATE TABLE stat_catchup (
    name      TEXT PRIMARY KEY,
    done_upto TEXT NOT NULL,
    upto      TEXT
);
INSERT INTO stat_catchup (name, done_upto, upto) SELECT 'suppliers', '', MAX(id) FROM events;
