-- The operator dashboard's last figures (seconds to compute at a million
-- orders): kept so the first view after a start, or on another instance,
-- shows them at once with the time they were taken, while fresh ones are
-- computed in the background. One row, id 1; body is JSON.
CREATE TABLE dashboard_snapshot (
    id       BIGINT PRIMARY KEY,
    body     TEXT NOT NULL,
    taken_at BIGINT NOT NULL
);
