-- Capacity and lead times (crates/domain/src/capacity).
--
-- A supplier's working calendar: working weekdays (comma-separated
-- mon…sun), holidays (a JSON list of YYYY-MM-DD dates) and its clock as
-- minutes east of UTC.
ALTER TABLE suppliers ADD COLUMN work_days TEXT NOT NULL DEFAULT 'mon,tue,wed,thu,fri';
ALTER TABLE suppliers ADD COLUMN holidays TEXT NOT NULL DEFAULT '[]';
ALTER TABLE suppliers ADD COLUMN utc_offset BIGINT NOT NULL DEFAULT 0;

-- What a supplier can do in a category: units per working day (none: no
-- limit), fewest working days to ship, and the time of its day (minutes)
-- from which an order counts as received the next working day. Neither
-- units nor lead days: nothing is known, no date is worked out.
ALTER TABLE category_suppliers ADD COLUMN units_per_day BIGINT;
ALTER TABLE category_suppliers ADD COLUMN lead_days BIGINT;
ALTER TABLE category_suppliers ADD COLUMN cut_off BIGINT;

-- A category's promise (ship within N working days), whether it ever
-- routes above capacity, and how long a supplier has to accept a task.
ALTER TABLE categories ADD COLUMN ship_within BIGINT;
ALTER TABLE categories ADD COLUMN capacity_cap BIGINT NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN accept_within BIGINT;

-- The date the channel promised to ship an order by (ms).
ALTER TABLE orders ADD COLUMN ship_by BIGINT;

-- A task's plan: the units it takes of its supplier's capacity, per day
-- of the supplier's clock. Written when the task is routed; a task that
-- is no longer open (produced, shipped, rejected, cancelled) takes none,
-- so the booked load is a sum over open tasks' rows.
CREATE TABLE task_plan (
    task_id     TEXT NOT NULL REFERENCES tasks (id),
    day         BIGINT NOT NULL,
    supplier_id TEXT NOT NULL,
    category_id TEXT NOT NULL,
    units       BIGINT NOT NULL,
    PRIMARY KEY (task_id, day)
);
CREATE INDEX task_plan_by_category ON task_plan (category_id, day);
CREATE INDEX task_plan_by_supplier ON task_plan (supplier_id, day);
