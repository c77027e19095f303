-- Polling a channel's API (Etsy, Amazon): how to reach it (secrets kept
-- to make the calls, like a channel's webhook secret) and where the
-- current pass stands, saved after every page so a pass resumes there.
CREATE TABLE channel_polls (
    channel_id   TEXT PRIMARY KEY REFERENCES channels (id),
    settings     TEXT NOT NULL,          -- JSON PollSettings, with secrets
    active       BIGINT NOT NULL,
    query_from   BIGINT NOT NULL,        -- ms: the pass lists changes since
    high         BIGINT NOT NULL,        -- ms: newest change seen this pass
    page         TEXT,                   -- Etsy offset / Amazon NextToken
    next_run_at  BIGINT NOT NULL,
    leased_until BIGINT NOT NULL,        -- one instance polls a channel at a time
    failures     BIGINT NOT NULL,
    last_run_at  BIGINT,
    last_error   TEXT,
    orders_seen  BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
