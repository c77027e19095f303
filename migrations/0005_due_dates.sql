-- Tasks with a due date, for the dashboard's late and due-today counts
-- (most tasks have none; the partial index holds only those that do).
CREATE INDEX tasks_by_due ON tasks (due_at) WHERE due_at IS NOT NULL;
