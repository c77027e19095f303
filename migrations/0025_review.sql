-- The review gate (订单评审 / 订单审批): approval rules, and on each order
-- where it stands with them.
CREATE TABLE approval_rules (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    min_amount     TEXT,                -- decimal, in currency
    currency       TEXT,
    platform       TEXT,
    customer_email TEXT,                -- lower-cased
    approver       TEXT NOT NULL,       -- admin | operator
    active         BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- hold: the checks a release by policy waits on (JSON array), set while
-- the order waits to be released by itself; approval: required | approved.
ALTER TABLE orders ADD COLUMN hold TEXT;
ALTER TABLE orders ADD COLUMN approval TEXT;
ALTER TABLE orders ADD COLUMN approval_rule_id TEXT;
CREATE INDEX orders_awaiting_approval ON orders (approval, created_at);
