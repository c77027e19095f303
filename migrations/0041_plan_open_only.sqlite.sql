-- A task's plan rows are kept only while it is open (assigned, accepted,
-- in production): once it is made, shipped, rejected or cancelled it
-- takes no capacity, so its days are freed here, whichever code path
-- changed its status. The booked load is then a plain sum over
-- task_plan (no join to tasks), read through the covering index.
DELETE FROM task_plan WHERE task_id IN (
    SELECT id FROM tasks WHERE status NOT IN ('assigned', 'accepted', 'in_production')
);

CREATE TRIGGER task_plan_freed AFTER UPDATE OF status ON tasks
WHEN NEW.status NOT IN ('assigned', 'accepted', 'in_production')
BEGIN
    DELETE FROM task_plan WHERE task_id = NEW.id;
END;

DROP INDEX task_plan_by_category;
CREATE INDEX task_plan_by_category ON task_plan (category_id, day, supplier_id, units);
