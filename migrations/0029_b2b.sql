-- B2B purchasing (issue 16, source document 002): purchaser
-- organisations with their terms, the published catalogue, requests for
-- quotation, each supplier's bid on one, its numbered quote versions and
-- the message thread beside it.

ALTER TABLE buyer_orgs ADD COLUMN tax_id TEXT;
ALTER TABLE buyer_orgs ADD COLUMN billing_address TEXT;          -- JSON Address
ALTER TABLE buyer_orgs ADD COLUMN delivery_address TEXT;         -- JSON Address
ALTER TABLE buyer_orgs ADD COLUMN payment_terms TEXT;
ALTER TABLE buyer_orgs ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';
ALTER TABLE buyer_orgs ADD COLUMN approval_limit TEXT;           -- decimal; NULL: no approval
ALTER TABLE buyer_orgs ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
ALTER TABLE buyer_orgs ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;

-- buyer | approver, for purchasers
ALTER TABLE users ADD COLUMN org_role TEXT;
UPDATE users SET org_role = 'buyer' WHERE role = 'purchaser';

-- what a supplier shows purchasers
ALTER TABLE products ADD COLUMN published BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN min_order_qty BIGINT NOT NULL DEFAULT 1;
ALTER TABLE products ADD COLUMN price_on_request BIGINT NOT NULL DEFAULT 0;
CREATE INDEX products_published ON products (published, active, id);

-- events of requests and bids; supplier_id: the bid's supplier, whose
-- people and webhooks may see the event
ALTER TABLE events ADD COLUMN rfq_id TEXT;
ALTER TABLE events ADD COLUMN supplier_id TEXT;
CREATE INDEX events_by_rfq ON events (rfq_id, id);

-- Numbers people read (RFQ-1001): one row per series, taken by an UPDATE
-- that holds the row until its transaction ends, so no two requests
-- share a number on either backend.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('rfq', 1000);

CREATE TABLE rfqs (
    id               TEXT PRIMARY KEY,
    seq              BIGINT NOT NULL,            -- RFQ-<seq>
    org_id           TEXT NOT NULL REFERENCES buyer_orgs (id),
    title            TEXT NOT NULL,
    currency         TEXT NOT NULL,
    needed_by        TEXT NOT NULL,              -- YYYY-MM-DD
    delivery_address TEXT NOT NULL,              -- JSON Address
    note             TEXT,
    lines            TEXT NOT NULL,              -- JSON [RfqLine], fixed once sent
    status           TEXT NOT NULL,
    estimate         TEXT,                       -- decimal
    addressed        TEXT NOT NULL,              -- JSON [supplier id] while awaiting approval
    created_by       TEXT NOT NULL,
    approval         TEXT,                       -- JSON RfqApproval
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX rfqs_by_seq ON rfqs (seq);
CREATE INDEX rfqs_by_org ON rfqs (org_id, id);
CREATE INDEX rfqs_by_status ON rfqs (status, id);

CREATE TABLE bids (
    id               TEXT PRIMARY KEY,
    rfq_id           TEXT NOT NULL REFERENCES rfqs (id),
    supplier_id      TEXT NOT NULL REFERENCES suppliers (id),
    status           TEXT NOT NULL,
    version          BIGINT NOT NULL,            -- the latest quote version; 0: none yet
    accepted_version BIGINT,
    reason           TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX bids_one_per_supplier ON bids (rfq_id, supplier_id);
CREATE INDEX bids_by_supplier ON bids (supplier_id, rfq_id);

CREATE TABLE quotes (
    bid_id     TEXT NOT NULL REFERENCES bids (id),
    version    BIGINT NOT NULL,
    author     TEXT NOT NULL,                    -- supplier | purchaser
    offer      TEXT NOT NULL,                    -- JSON Offer
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (bid_id, version)
);

CREATE TABLE bid_messages (
    id         TEXT PRIMARY KEY,
    bid_id     TEXT NOT NULL REFERENCES bids (id),
    author     TEXT NOT NULL,
    party      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX bid_messages_by_bid ON bid_messages (bid_id, id);
