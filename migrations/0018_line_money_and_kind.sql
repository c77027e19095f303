-- A line's exact total when it is not unit price × quantity (a discount
-- spread over the items, a currency without cents), and why a line makes
-- no supplier task (a tip, a fee, a gift card…: money, not a product).
ALTER TABLE order_lines ADD COLUMN line_total TEXT;
ALTER TABLE order_lines ADD COLUMN no_task TEXT;
