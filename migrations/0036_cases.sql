-- After-sales cases (售后, issue 17): a return, exchange, reshipment,
-- refund, remake or complaint on an order line, routed to the supplier of
-- the line's task, with its steps (the timeline) and its photos.
CREATE TABLE cases (
    id                TEXT PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,     -- the order's number, -AS and a counter
    order_id          TEXT NOT NULL REFERENCES orders (id),
    line_id           TEXT NOT NULL REFERENCES order_lines (id),
    task_id           TEXT NOT NULL REFERENCES tasks (id),      -- the task that made the line
    supplier_id       TEXT NOT NULL REFERENCES suppliers (id),
    kind              TEXT NOT NULL,
    status            TEXT NOT NULL,
    quantity          BIGINT NOT NULL,
    reason            TEXT NOT NULL,
    requested         TEXT,
    source            TEXT NOT NULL,            -- person, marketplace
    upstream_ref      TEXT,                     -- the marketplace's refund or return id
    opened_by         TEXT NOT NULL,
    answer_by         BIGINT NOT NULL,
    resolve_by        BIGINT NOT NULL,
    dispute_reason    TEXT,
    return_carrier    TEXT,
    return_tracking   TEXT,
    received_at       BIGINT,
    inspection_passed BIGINT,
    inspection_note   TEXT,
    refund_amount     TEXT,
    chargeback_amount TEXT,
    currency          TEXT NOT NULL,
    remake_task_id    TEXT REFERENCES tasks (id),
    resolution        TEXT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (order_id, upstream_ref)
);
CREATE INDEX cases_by_order ON cases (order_id);
CREATE INDEX cases_by_supplier ON cases (supplier_id, status);
CREATE INDEX cases_by_status ON cases (status, id);

CREATE TABLE case_steps (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    step       TEXT NOT NULL,                   -- opened, or a case step
    from_status TEXT,
    to_status  TEXT NOT NULL,
    actor      TEXT NOT NULL,
    details    TEXT NOT NULL,                   -- JSON
    created_at BIGINT NOT NULL
);
CREATE INDEX case_steps_by_case ON case_steps (case_id, id);

CREATE TABLE case_files (
    case_id      TEXT NOT NULL REFERENCES cases (id),
    name         TEXT NOT NULL,                 -- <sha-256>.<ext>, a proof file (its kind by its extension)
    uploaded_by  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (case_id, name)
);

-- A task made or sent again for a case.
ALTER TABLE tasks ADD COLUMN case_id TEXT REFERENCES cases (id);
