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
CREATE INDEX orders_unstated ON orders (id) WHERE stat_facts IS NULL;

-- Days on which a customer ordered (kind 'ordered') or paid ('paid'), and
-- how many orders. stat_customers counts those days by the customer's
-- previous such day (-1 for the first): the distinct customers of a
-- period [a, b] are the rows with day in [a, b] and prev_day < a, a sum
-- instead of a COUNT(DISTINCT) over every order.
CREATE TABLE customer_days (
    customer_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    day         BIGINT NOT NULL,
    orders      BIGINT NOT NULL,
    PRIMARY KEY (customer_id, kind, day)
);

CREATE TABLE stat_customers (
    grain    TEXT NOT NULL,
    period   BIGINT NOT NULL,
    kind     TEXT NOT NULL,
    prev_day BIGINT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (grain, period, kind, prev_day)
);

CREATE TABLE stat_sales (
    grain       TEXT NOT NULL,
    period      BIGINT NOT NULL,
    platform    TEXT NOT NULL,
    channel_key TEXT NOT NULL,
    country     TEXT NOT NULL,
    region      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    orders      BIGINT NOT NULL,
    paid        BIGINT NOT NULL,
    cancelled   BIGINT NOT NULL,
    amount      BIGINT NOT NULL,                -- paid orders
    refunded    BIGINT NOT NULL,
    PRIMARY KEY (grain, period, platform, channel_key, country, region, currency)
);

CREATE TABLE stat_amounts (
    grain    TEXT NOT NULL,
    period   BIGINT NOT NULL,
    currency TEXT NOT NULL,
    bucket   BIGINT NOT NULL,                   -- amount down to two significant figures
    orders   BIGINT NOT NULL,
    PRIMARY KEY (grain, period, currency, bucket)
);

CREATE TABLE stat_lines (
    grain         TEXT NOT NULL,
    period        BIGINT NOT NULL,
    category_id   TEXT NOT NULL,
    product_key   TEXT NOT NULL,
    currency      TEXT NOT NULL,
    cost_currency TEXT NOT NULL,
    lines         BIGINT NOT NULL,
    quantity      BIGINT NOT NULL,
    amount        BIGINT NOT NULL,
    cost          BIGINT NOT NULL,
    costed        BIGINT NOT NULL,              -- amount of the lines whose cost is known
    PRIMARY KEY (grain, period, category_id, product_key, currency, cost_currency)
);

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

-- Suppliers' work, folded from task events as they are written
-- (orderhub_store::statistics::suppliers): per supplier and category, on
-- the day each thing happened. Times are milliseconds from the task's
-- assignment (its creation).
CREATE TABLE stat_suppliers (
    grain       TEXT NOT NULL,
    period      BIGINT NOT NULL,
    supplier_id TEXT NOT NULL,
    category_id TEXT NOT NULL,
    assigned    BIGINT NOT NULL,
    accepted    BIGINT NOT NULL,
    accept_ms   BIGINT NOT NULL,               -- summed: assignment to acceptance
    rejected    BIGINT NOT NULL,
    shipped     BIGINT NOT NULL,
    with_due    BIGINT NOT NULL,               -- shipped tasks that had a due date
    on_time     BIGINT NOT NULL,               -- of those, shipped by it
    lead_ms     BIGINT NOT NULL,               -- summed: assignment to shipment
    cases       BIGINT NOT NULL,               -- after-sales cases opened on its tasks
    PRIMARY KEY (grain, period, supplier_id, category_id)
);

-- Lead times (assignment to shipment) counted per hour rounded down to
-- two significant figures, for the median and the 90th percentile.
CREATE TABLE stat_lead (
    grain       TEXT NOT NULL,
    period      BIGINT NOT NULL,
    supplier_id TEXT NOT NULL,
    category_id TEXT NOT NULL,
    hours       BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (grain, period, supplier_id, category_id, hours)
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
