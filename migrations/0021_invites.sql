-- One-time links to set a password: an invitation to a new account, or a
-- reset an admin sends. The link holds 256 random bits; the table their
-- SHA-256. One live link per user (a new one replaces it); used once.
CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX invites_by_user ON invites (user_id);
