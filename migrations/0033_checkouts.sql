-- Online payment of invoices (issue 16, item 9): a checkout asks a
-- provider (Alipay, WeChat Pay, Stripe) for one amount of one invoice; the
-- provider's verified notification records the payment, once per
-- provider transaction (invoice_payments.provider_ref is unique).
CREATE TABLE checkouts (
    id          TEXT PRIMARY KEY,                 -- our out_trade_no / client_reference_id
    invoice_id  TEXT NOT NULL REFERENCES invoices (id),
    provider    TEXT NOT NULL,                    -- alipay | wechat_pay | stripe
    amount      TEXT NOT NULL,                    -- decimal, asked
    currency    TEXT NOT NULL,
    session     TEXT,                             -- the provider's id of the checkout
    url         TEXT,                             -- where the buyer pays
    paid_ref    TEXT,                             -- the provider's payment, once notified
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX checkouts_by_invoice ON checkouts (invoice_id, id);
