-- Orders are unique per channel, not per platform: two Shopify stores both
-- number from #1001. `channel_key` is the channel an order came through
-- ('' for orders entered by hand, by the API or from a spreadsheet, which
-- stay unique per platform and number). Existing channel orders get their
-- channel from channel_orders.
ALTER TABLE orders ADD COLUMN channel_key TEXT NOT NULL DEFAULT '';
UPDATE orders SET channel_key = c.channel_id
  FROM (SELECT order_id, MIN(channel_id) AS channel_id FROM channel_orders GROUP BY order_id) c
 WHERE orders.id = c.order_id;
ALTER TABLE orders DROP CONSTRAINT orders_platform_external_number_key;
ALTER TABLE orders ADD CONSTRAINT orders_number_per_channel UNIQUE (platform, channel_key, external_number);
CREATE INDEX channel_orders_by_order ON channel_orders (order_id);
-- a store's address, for links to the marketplace's admin (Shopify's
-- shop domain, WooCommerce's site), taken from its webhooks or set by hand
ALTER TABLE channels ADD COLUMN store_url TEXT;
