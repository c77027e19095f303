-- Automation rules (issue 20): trigger → conditions → actions, as data.
-- Every change is a new version kept in rule_versions with who made it;
-- a removed rule stays (deleted = 1) so its firings still name it.
CREATE TABLE rules (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    trigger_kind TEXT NOT NULL,
    conditions   TEXT NOT NULL,
    actions      TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1,
    position     BIGINT NOT NULL DEFAULT 0,
    version      BIGINT NOT NULL DEFAULT 1,
    deleted      INTEGER NOT NULL DEFAULT 0,
    updated_by   TEXT NOT NULL,
    updated_at   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX rules_by_trigger ON rules (trigger_kind, active);

CREATE TABLE rule_versions (
    rule_id    TEXT NOT NULL REFERENCES rules (id),
    version    BIGINT NOT NULL,
    body       TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (rule_id, version)
);
