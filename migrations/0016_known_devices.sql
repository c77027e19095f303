-- Browsers an account signed in from (the `orderhub_device` cookie, kept
-- as its SHA-256): the right password from one of them is not slowed down
-- by failures elsewhere, so nobody can lock an account by guessing at it.
CREATE TABLE known_devices (
    id_hash      TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX known_devices_by_user ON known_devices (user_id);
