-- Open tasks per supplier, for least-loaded routing, without counting the
-- tasks table on every routing (a count grows with the open work: 26 ms
-- per routing on PostgreSQL at 15,000 open tasks).
--
-- A supplier's load is suppliers.open_tasks plus the sum of its rows in
-- supplier_load. Every change to a task's openness appends a row here in
-- the same transaction (insert-only: no row lock, so no deadlock with the
-- locks routing takes); the intake writer folds the rows it can see into
-- suppliers.open_tasks, deleting exactly the rows it adds.
ALTER TABLE suppliers ADD COLUMN open_tasks BIGINT NOT NULL DEFAULT 0;

UPDATE suppliers SET open_tasks = (
    SELECT COUNT(*) FROM tasks t
    WHERE t.supplier_id = suppliers.id
      AND t.status IN ('assigned', 'accepted', 'in_production', 'produced')
);

CREATE TABLE supplier_load (
    id          TEXT PRIMARY KEY,
    supplier_id TEXT NOT NULL,
    delta       BIGINT NOT NULL
);
CREATE INDEX supplier_load_by_supplier ON supplier_load (supplier_id);
