-- The tasks board filtered by category: a column per status, newest first
-- (without it a rare category's column reads every task of that status).
CREATE INDEX tasks_by_category ON tasks (category_id, status, id);
