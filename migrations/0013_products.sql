-- Suppliers' product catalogues (source document 001, "产品批量上传").
-- Pictures are files under the data directory, named by the SHA-256 of
-- their bytes; the rows hold the names.
CREATE TABLE products (
    id             TEXT PRIMARY KEY,
    supplier_id    TEXT NOT NULL REFERENCES suppliers (id),
    category_id    TEXT NOT NULL REFERENCES categories (id),
    code           TEXT NOT NULL,
    code_key       TEXT NOT NULL,          -- lower-cased code
    title          TEXT NOT NULL,
    specs          TEXT,
    currency       TEXT NOT NULL,
    supplier_price TEXT NOT NULL,          -- exact decimal as text
    retail_price   TEXT,
    main_image     TEXT,
    extra_images   TEXT NOT NULL,          -- JSON array of names
    active         BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (supplier_id, code_key)
);

CREATE INDEX products_by_category ON products (category_id, id);
