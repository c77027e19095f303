-- A list's filters kept under a name (the orders list, a tasks list), per
-- user; staff may share one with the whole team.
CREATE TABLE saved_views (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    page       TEXT NOT NULL,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    shared     INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX saved_views_by_user ON saved_views (user_id, page);
