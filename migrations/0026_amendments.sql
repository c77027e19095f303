-- Changes to a released order's lines (orderhub_domain::amend): a line a
-- change removed stays, marked, for the record; a change a supplier must
-- accept is an amendment of its task.
ALTER TABLE order_lines ADD COLUMN removed_at BIGINT;

CREATE TABLE amendments (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES orders (id),
    task_id     TEXT NOT NULL REFERENCES tasks (id),
    line_id     TEXT NOT NULL REFERENCES order_lines (id),
    kind        TEXT NOT NULL,          -- change | cancel
    status      TEXT NOT NULL,          -- proposed | accepted | refused | withdrawn
    line        TEXT NOT NULL,          -- JSON: the line as it would be
    before      TEXT NOT NULL,          -- JSON: what the task is for now
    reason      TEXT,
    proposed_by TEXT NOT NULL,
    proposed_at BIGINT NOT NULL,
    decided_by  TEXT,
    decided_at  BIGINT
);
CREATE INDEX amendments_by_task ON amendments (task_id, status);
CREATE INDEX amendments_by_status ON amendments (status, order_id);
