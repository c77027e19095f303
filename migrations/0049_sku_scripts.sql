-- A category's SKU script (issue 20, the script step): Rhai source, run
-- sandboxed at release; the template's SKU is the fallback.
ALTER TABLE categories ADD COLUMN sku_script TEXT;
