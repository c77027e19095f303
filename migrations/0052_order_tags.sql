-- An order's tags (issue 20): a marketplace's, a person's, a rule's
-- (add_tag); a JSON array of text, NULL when none.
ALTER TABLE orders ADD COLUMN tags TEXT;
