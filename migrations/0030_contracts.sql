-- E-contracts (issue 16, item 6): one row per version, made from the
-- accepted version of a bid; the PDF is kept under its SHA-256 and each
-- party's signature beside it (one per party and version, so two
-- signatures of one side cannot both land).
CREATE TABLE contracts (
    id          TEXT PRIMARY KEY,
    rfq_id      TEXT NOT NULL REFERENCES rfqs (id),
    bid_id      TEXT NOT NULL REFERENCES bids (id),
    supplier_id TEXT NOT NULL REFERENCES suppliers (id),
    org_id      TEXT NOT NULL REFERENCES buyer_orgs (id),
    version     BIGINT NOT NULL,
    status      TEXT NOT NULL,
    terms       TEXT NOT NULL,               -- JSON ContractTerms, fixed
    pdf_name    TEXT,                        -- <sha-256>.pdf once rendered
    pdf_sha256  TEXT,
    font_sha256 TEXT,                        -- the font it was set in
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX contracts_by_version ON contracts (bid_id, version);
CREATE INDEX contracts_by_org ON contracts (org_id, id);
CREATE INDEX contracts_by_supplier ON contracts (supplier_id, id);
CREATE INDEX contracts_by_rfq ON contracts (rfq_id, id);

CREATE TABLE contract_signatures (
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    party       TEXT NOT NULL,               -- purchaser | supplier
    signed_by   TEXT NOT NULL,
    signed_at   BIGINT NOT NULL,
    ip          TEXT,
    sha256      TEXT NOT NULL,
    PRIMARY KEY (contract_id, party)
);
