-- A category's route script (issue 20): picks the supplier of each new
-- line among the category's candidates; NULL: the rotation decides.
ALTER TABLE categories ADD COLUMN route_script TEXT;
