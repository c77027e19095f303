-- Accounts, sessions, scoped tokens and the security audit log.
-- Portable DDL, as in 0001.

-- B2B buyer organisations; purchasers belong to one.
CREATE TABLE buyer_orgs (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX buyer_orgs_name_unique ON buyer_orgs (name_key) WHERE name_key IS NOT NULL;

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL,            -- lower-cased: e-mails are unique ignoring case
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,            -- admin | operator | supplier | purchaser
    supplier_id   TEXT REFERENCES suppliers (id),
    buyer_org_id  TEXT REFERENCES buyer_orgs (id),
    password_hash TEXT NOT NULL,            -- Argon2id PHC string
    active        BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    last_login_at BIGINT
);
CREATE UNIQUE INDEX users_email_unique ON users (email_key) WHERE email_key IS NOT NULL;

-- Browser sessions. The cookie carries a random id; only its SHA-256 is
-- stored, so a copy of the database opens no session.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL            -- absolute expiry
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Tokens gain a scope: the supplier (or buyer) they act for, and who made them.
ALTER TABLE api_tokens ADD COLUMN supplier_id TEXT REFERENCES suppliers (id);
ALTER TABLE api_tokens ADD COLUMN buyer_org_id TEXT REFERENCES buyer_orgs (id);
ALTER TABLE api_tokens ADD COLUMN created_by TEXT;
-- The account that made the token: its tokens are revoked when it is
-- deactivated or its role changes.
ALTER TABLE api_tokens ADD COLUMN created_by_user TEXT REFERENCES users (id);

-- Security events: logins, failed logins, tokens, users and roles.
CREATE TABLE audit_events (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,               -- login, login_failed, logout, token_created, …
    actor      TEXT NOT NULL,
    subject    TEXT,                        -- the e-mail, user or token concerned
    ip         TEXT,
    details    TEXT NOT NULL,               -- JSON object
    created_at BIGINT NOT NULL
);
-- Failed-login counting for rate limiting, per account and per address.
CREATE INDEX audit_by_subject ON audit_events (kind, subject, created_at);
CREATE INDEX audit_by_ip ON audit_events (kind, ip, created_at);
