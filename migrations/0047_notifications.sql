-- Notifications (issue 20): group robots, personal settings, the
-- deliveries (outbox and inbox in one table), reminders already sent,
-- and the scheduler's jobs.

-- A group chat's robot (DingTalk, Feishu, WeCom): the seller's own
-- (supplier_id NULL) or a supplier's. topics: comma-separated.
CREATE TABLE robots (
    id          TEXT PRIMARY KEY,
    supplier_id TEXT REFERENCES suppliers (id),
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    secret      TEXT,
    language    TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    quiet_start INTEGER,
    quiet_end   INTEGER,
    topics      TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX robots_by_supplier ON robots (supplier_id);

-- A person's choices; no row: every topic by e-mail, no quiet hours.
CREATE TABLE notify_settings (
    user_id      TEXT PRIMARY KEY REFERENCES users (id),
    email_topics TEXT NOT NULL,
    quiet_start  INTEGER,
    quiet_end    INTEGER
);

-- One row per notice and recipient: channel inbox (status unread/read),
-- email or a robot (status pending/sent/failed). The id is made of the
-- event, the recipient and the channel, so a notice is written once.
CREATE TABLE notifications (
    id              TEXT PRIMARY KEY,
    event_id        TEXT,
    topic           TEXT NOT NULL,
    channel         TEXT NOT NULL,
    user_id         TEXT REFERENCES users (id),
    robot_id        TEXT REFERENCES robots (id),
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT,
    sent_at         BIGINT,
    last_error      TEXT,
    details         TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX notifications_inbox ON notifications (user_id, channel, created_at);

-- Reminders written, once per task and reason (accept, ship).
CREATE TABLE reminders (
    task_id    TEXT NOT NULL,
    what       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (task_id, what)
);

-- The scheduler: one row per job, claimed by one instance at a time.
CREATE TABLE jobs (
    name             TEXT PRIMARY KEY,
    every_ms         BIGINT NOT NULL,
    next_run_at      BIGINT NOT NULL,
    locked_until     BIGINT,
    locked_by        TEXT,
    last_started_at  BIGINT,
    last_finished_at BIGINT,
    last_count       BIGINT,
    last_error       TEXT,
    failures         INTEGER NOT NULL DEFAULT 0,
    runs             BIGINT NOT NULL DEFAULT 0
);
