-- The kept sums of the statistics (see 0037_statistics.sql), read by
-- ranges of their key (grain, period, …). Two files because SQLite
-- keeps them WITHOUT ROWID: clustered by the key, a range read is one
-- pass instead of an index entry and a row lookup per sum. The tables
-- are otherwise the same in both.

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
) WITHOUT ROWID;

CREATE TABLE stat_customers (
    grain    TEXT NOT NULL,
    period   BIGINT NOT NULL,
    kind     TEXT NOT NULL,
    prev_day BIGINT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (grain, period, kind, prev_day)
) WITHOUT ROWID;

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
) WITHOUT ROWID;

CREATE TABLE stat_amounts (
    grain    TEXT NOT NULL,
    period   BIGINT NOT NULL,
    currency TEXT NOT NULL,
    bucket   BIGINT NOT NULL,                   -- amount down to two significant figures
    orders   BIGINT NOT NULL,
    PRIMARY KEY (grain, period, currency, bucket)
) WITHOUT ROWID;

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
) WITHOUT ROWID;

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
) WITHOUT ROWID;

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
) WITHOUT ROWID;
