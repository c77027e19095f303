//! Integration tests: the real server over HTTP, every test on SQLite and
//! on PostgreSQL.

mod helpers;

mod access;
mod accounts;
mod amendments;
mod attention;
mod b2b;
mod backup;
mod basics;
mod catalog;
mod channel_stores;
mod channels;
mod concurrency;
mod crash;
mod edits;
mod egress;
mod hostile;
mod idempotency;
mod imports;
mod input;
mod labels;
mod leaks;
mod lockout;
mod orders;
mod payments;
mod polling;
mod priority;
mod processes;
mod products;
mod proofs;
mod receipt;
mod review;
mod sequences;
mod settings_file;
mod shares;
mod tasks;
mod web;
mod web_account;
mod web_bulk;
mod web_cards;
mod web_flash;
mod web_tokens;
mod web_users;
mod web_views;
mod webhooks;
