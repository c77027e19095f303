-- Priority (issue 15, item 8): urgent orders and their tasks sort first.
-- One sort key per row, the priority's digit before the time-ordered id
-- ('1' urgent, '0' normal: orderhub_domain::model::Priority::queue_key),
-- so a list is urgent-first and newest-first from one index, with the
-- key itself as its keyset cursor.
ALTER TABLE orders ADD COLUMN queue_key TEXT NOT NULL DEFAULT '';
UPDATE orders SET queue_key = '0' || id;
CREATE INDEX orders_by_queue ON orders (queue_key);

ALTER TABLE tasks ADD COLUMN queue_key TEXT NOT NULL DEFAULT '';
UPDATE tasks SET queue_key = '0' || id;
-- the task lists' filters, now sorted by the key rather than the id
DROP INDEX tasks_by_supplier;
DROP INDEX tasks_by_status;
DROP INDEX tasks_by_category;
DROP INDEX tasks_by_supplier_recent;
CREATE INDEX tasks_by_supplier ON tasks (supplier_id, status, queue_key);
CREATE INDEX tasks_by_status ON tasks (status, queue_key);
CREATE INDEX tasks_by_category ON tasks (category_id, status, queue_key);
CREATE INDEX tasks_by_supplier_recent ON tasks (supplier_id, queue_key);
