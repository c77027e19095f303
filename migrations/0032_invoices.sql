-- Invoices and payments of contracts (issue 16, item 9). A contract is
-- invoiced at once or by milestone, never beyond its total less credits;
-- each payment is reported by the purchaser (or by a payment provider)
-- and confirmed by the supplier (确认收款) before it counts.
CREATE TABLE invoices (
    id          TEXT PRIMARY KEY,
    bid_id      TEXT NOT NULL REFERENCES bids (id),       -- the contract, whatever its version
    contract_id TEXT NOT NULL REFERENCES contracts (id),  -- the version in force when issued
    supplier_id TEXT NOT NULL REFERENCES suppliers (id),
    org_id      TEXT NOT NULL REFERENCES buyer_orgs (id),
    seq         BIGINT NOT NULL,                          -- INV-<contract number>-<seq>
    number      TEXT NOT NULL,
    milestone   TEXT NOT NULL,
    currency    TEXT NOT NULL,
    amount      TEXT NOT NULL,                            -- decimal
    due_on      TEXT NOT NULL,
    pay_to      TEXT,
    note        TEXT,
    cancelled   BIGINT NOT NULL DEFAULT 0,
    pdf_name    TEXT,
    pdf_sha256  TEXT,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (bid_id, seq)
);
CREATE INDEX invoices_by_supplier ON invoices (supplier_id, id);
CREATE INDEX invoices_by_org ON invoices (org_id, id);

CREATE TABLE invoice_payments (
    id           TEXT PRIMARY KEY,
    invoice_id   TEXT NOT NULL REFERENCES invoices (id),
    method       TEXT NOT NULL,
    amount       TEXT NOT NULL,
    reference    TEXT NOT NULL,
    paid_on      TEXT NOT NULL,
    state        TEXT NOT NULL,               -- reported | confirmed | rejected
    reason       TEXT,
    note         TEXT,
    files        TEXT NOT NULL,               -- JSON [stored name]
    provider_ref TEXT,                        -- a provider's transaction id: once
    reported_by  TEXT NOT NULL,
    answered_by  TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX invoice_payments_by_invoice ON invoice_payments (invoice_id, id);
CREATE UNIQUE INDEX invoice_payments_by_provider ON invoice_payments (provider_ref) WHERE provider_ref IS NOT NULL;
