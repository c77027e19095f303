-- Production in steps (issue 19): a category's recipe of process steps
-- (a JSON array of category ids, in order; NULL: made in one go), and a
-- task's place in its line's recipe.
ALTER TABLE categories ADD COLUMN steps TEXT;
-- the seller's own workshop (in-house production) is a supplier too
ALTER TABLE suppliers ADD COLUMN internal BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN step BIGINT;
ALTER TABLE tasks ADD COLUMN steps BIGINT;
