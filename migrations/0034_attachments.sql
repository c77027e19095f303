-- Attachments of B2B requests and of their bids' threads (drawings,
-- specifications, samples' photos): stored by content beside the
-- database, named here (JSON arrays of stored names; NULL: none).
ALTER TABLE rfqs ADD COLUMN files TEXT;
ALTER TABLE bid_messages ADD COLUMN files TEXT;
