-- Orders are unique per channel, not per platform: two Shopify stores both
-- number from #1001. `channel_key` is the channel an order came through
-- ('' for orders entered by hand, by the API or from a spreadsheet, which
-- stay unique per platform and number). Existing channel orders get their
-- channel from channel_orders.
--
-- SQLite cannot drop a table's UNIQUE constraint: the table is rebuilt as
-- SQLite's documented procedure says, with foreign keys off (outside a
-- transaction: this migration runs without sqlx's) and one transaction of
-- its own around the rebuild, so it happens whole or not at all.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
DROP TABLE IF EXISTS orders_new;
CREATE TABLE orders_new (
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
    shipping_address TEXT,
    search_text      TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    channel_key      TEXT NOT NULL DEFAULT '',
    CONSTRAINT orders_number_per_channel UNIQUE (platform, channel_key, external_number)
);
INSERT INTO orders_new (id, platform, external_number, status, currency, total_amount, placed_at,
    customer_name, customer_email, customer_phone, shipping_address, search_text, created_at, updated_at,
    channel_key)
SELECT id, platform, external_number, status, currency, total_amount, placed_at,
    customer_name, customer_email, customer_phone, shipping_address, search_text, created_at, updated_at,
    COALESCE((SELECT MIN(c.channel_id) FROM channel_orders c WHERE c.order_id = orders.id), '')
FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_by_status ON orders (status, id);
CREATE INDEX orders_by_platform ON orders (platform, id);
CREATE INDEX orders_by_number ON orders (external_number);
CREATE TRIGGER orders_search_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_search (search_text, order_id) VALUES (new.search_text, new.id);
END;
CREATE TRIGGER orders_search_update AFTER UPDATE OF search_text ON orders BEGIN
    DELETE FROM orders_search WHERE order_id = old.id;
    INSERT INTO orders_search (search_text, order_id) VALUES (new.search_text, new.id);
END;
CREATE TRIGGER orders_search_delete AFTER DELETE ON orders BEGIN
    DELETE FROM orders_search WHERE order_id = old.id;
END;
CREATE INDEX channel_orders_by_order ON channel_orders (order_id);
-- a store's address, for links to the marketplace's admin (Shopify's
-- shop domain, WooCommerce's site), taken from its webhooks or set by hand
ALTER TABLE channels ADD COLUMN store_url TEXT;
COMMIT;
PRAGMA foreign_keys = ON;
