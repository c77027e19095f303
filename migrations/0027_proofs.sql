-- Proofs before production (orderhub_domain::proof): which of a category's
-- tasks need one, where each task's proof stands, and every round with its
-- files and answer.
ALTER TABLE categories ADD COLUMN proof TEXT NOT NULL DEFAULT 'none';
ALTER TABLE tasks ADD COLUMN proof TEXT;            -- NULL: no proof needed
ALTER TABLE tasks ADD COLUMN proof_round BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN proof_since BIGINT;    -- when it entered its status

CREATE TABLE proof_rounds (
    id              TEXT PRIMARY KEY,
    task_id         TEXT NOT NULL REFERENCES tasks (id),
    round           BIGINT NOT NULL,
    files           TEXT NOT NULL,      -- JSON: [ProofFile]
    note            TEXT,
    submitted_by    TEXT NOT NULL,
    submitted_at    BIGINT NOT NULL,
    sent_at         BIGINT,
    link_hash       TEXT,               -- SHA-256 of the buyer's link token
    link_expires_at BIGINT,
    answer          TEXT,               -- approved | changes_requested
    comment         TEXT,
    answered_by     TEXT,
    answered_at     BIGINT,
    UNIQUE (task_id, round)
);
CREATE UNIQUE INDEX proof_rounds_by_link ON proof_rounds (link_hash);
CREATE INDEX tasks_by_proof ON tasks (proof, proof_since);
