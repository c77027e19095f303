-- Substring search over orders (number, customer, product titles) through
-- a trigram index, so a rare word does not read a million orders.
-- PostgreSQL: pg_trgm (a trusted extension since PostgreSQL 13: the
-- database owner may create it) and a GIN index that `LIKE '%…%'` uses.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX orders_search ON orders USING gin (search_text gin_trgm_ops);
