-- A rule's "route to supplier" (issue 20): the supplier it prefers for a
-- line, kept so that a release after review still honours it.
ALTER TABLE order_lines ADD COLUMN preferred_supplier_id TEXT;
