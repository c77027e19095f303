-- Indexes the read paths need at a million orders (measured with
-- `orderhub bench reads` on `orderhub demo --orders 1000000`, SQLite):
-- orders of one platform, newest first (p99 1.1 s without);
CREATE INDEX orders_by_platform ON orders (platform, id);
-- an order by its number alone, whatever the platform (1.3 s: a scan);
CREATE INDEX orders_by_number ON orders (external_number);
-- a supplier's tasks, newest first, whatever their status (1.4 s).
CREATE INDEX tasks_by_supplier_recent ON tasks (supplier_id, id);
