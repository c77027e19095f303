-- The learning classifier (issue 20): what operators taught, as examples,
-- and the counts the naive Bayes model scores with, kept as each example
-- comes in so that every server reads the same model.
CREATE TABLE category_examples (
    id               TEXT PRIMARY KEY,
    category_id      TEXT NOT NULL,
    title            TEXT NOT NULL,
    -- operator: a person chose the category; suggestion: a person took
    -- the classifier's suggestion
    source           TEXT NOT NULL,
    from_category_id TEXT,
    order_id         TEXT,
    line_id          TEXT,
    taught_by        TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX category_examples_by_category ON category_examples (category_id, id);

CREATE TABLE category_tokens (
    category_id TEXT NOT NULL,
    token       TEXT NOT NULL,
    count       BIGINT NOT NULL,
    PRIMARY KEY (category_id, token)
);
CREATE INDEX category_tokens_by_token ON category_tokens (token);

CREATE TABLE category_model (
    category_id TEXT PRIMARY KEY,
    examples    BIGINT NOT NULL,
    tokens      BIGINT NOT NULL,
    terms       BIGINT NOT NULL
);

-- One row: suggestions at or above auto_accept percent are taken without
-- a person; NULL: never.
CREATE TABLE classifier_settings (
    id          INTEGER PRIMARY KEY,
    auto_accept INTEGER,
    updated_by  TEXT,
    updated_at  BIGINT
);
INSERT INTO classifier_settings (id, auto_accept) VALUES (1, NULL);
