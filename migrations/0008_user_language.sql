-- The web app's language each user chose (`en`, `zh-CN`), followed on
-- every device they sign in from; NULL: the browser's Accept-Language.
ALTER TABLE users ADD COLUMN language TEXT;
