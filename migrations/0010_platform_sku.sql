-- The marketplace's own SKU of a line (Shopify/WooCommerce `sku`, Etsy
-- `sku`, Amazon `SellerSKU`), kept beside the SKU orderhub generates for
-- the supplier's task.
ALTER TABLE order_lines ADD COLUMN platform_sku TEXT;
