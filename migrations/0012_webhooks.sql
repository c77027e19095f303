-- Outbound webhooks (Standard Webhooks). Endpoints subscribe to event
-- types; every change that writes a subscribed event writes its messages
-- in the same transaction (the outbox); a worker delivers them.
CREATE TABLE webhook_endpoints (
    id          TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,                      -- whsec_…, signs deliveries
    supplier_id TEXT REFERENCES suppliers (id),    -- set: only that supplier's tasks
    active      BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE webhook_subscriptions (
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id),
    event_type  TEXT NOT NULL,
    PRIMARY KEY (endpoint_id, event_type)
);

-- One message per (event, endpoint); its body is built from the event
-- (events never change) when it is sent.
CREATE TABLE webhook_messages (
    id              TEXT PRIMARY KEY,               -- msg_<event id>_<endpoint id>
    endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id),
    event_id        TEXT NOT NULL REFERENCES events (id),
    event_type      TEXT NOT NULL,
    status          TEXT NOT NULL,                  -- pending, delivered, failed
    attempts        BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT,                         -- a worker is sending it until then
    created_at      BIGINT NOT NULL,
    delivered_at    BIGINT
);
CREATE INDEX webhook_messages_due ON webhook_messages (status, next_attempt_at);
CREATE INDEX webhook_messages_by_endpoint ON webhook_messages (endpoint_id, id);

-- The delivery log: every attempt and what the receiver answered.
CREATE TABLE webhook_attempts (
    id           TEXT PRIMARY KEY,
    message_id   TEXT NOT NULL REFERENCES webhook_messages (id),
    attempted_at BIGINT NOT NULL,
    status_code  BIGINT,
    error        TEXT,
    duration_ms  BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_by_message ON webhook_attempts (message_id, id);
