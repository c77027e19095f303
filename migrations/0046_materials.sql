-- Materials (issue 19, BOM-light): what one unit of a product uses, in
-- the material's stock unit; the review compares what an order's lines to
-- be made need with the materials in stock.
CREATE TABLE product_materials (
    product_id TEXT NOT NULL REFERENCES products (id),
    position   BIGINT NOT NULL,
    sku        TEXT NOT NULL,
    sku_key    TEXT NOT NULL,
    per_unit   TEXT NOT NULL,
    PRIMARY KEY (product_id, position)
);
