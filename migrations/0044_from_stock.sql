-- A task filled from stock (issue 19): the location its keeper picks from;
-- its reservation is found by the task as it ships or is let go.
ALTER TABLE tasks ADD COLUMN from_stock TEXT;
CREATE INDEX stock_reservations_by_task ON stock_reservations (task_id);
