-- Substring search over orders (number, customer, product titles) through
-- a trigram index, so a rare word does not read a million orders. SQLite:
-- an FTS5 table with the trigram tokenizer, kept by triggers; it holds its
-- own copy of the text and the order id (rowids of `orders` may change on
-- VACUUM, ids do not). Building it on an existing database reads every
-- order once.
CREATE VIRTUAL TABLE orders_search USING fts5(search_text, order_id UNINDEXED, tokenize = 'trigram');
INSERT INTO orders_search (search_text, order_id) SELECT search_text, id FROM orders;
CREATE TRIGGER orders_search_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_search (search_text, order_id) VALUES (new.search_text, new.id);
END;
-- An order's search text does not change today; these keep the index
-- right if it ever does (or an order is deleted).
CREATE TRIGGER orders_search_update AFTER UPDATE OF search_text ON orders BEGIN
    DELETE FROM orders_search WHERE order_id = old.id;
    INSERT INTO orders_search (search_text, order_id) VALUES (new.search_text, new.id);
END;
CREATE TRIGGER orders_search_delete AFTER DELETE ON orders BEGIN
    DELETE FROM orders_search WHERE order_id = old.id;
END;
