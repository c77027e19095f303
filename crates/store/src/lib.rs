//! orderhub's storage: one code path for SQLite and PostgreSQL.
//!
//! Every statement is written once, in the SQL both backends share, and run
//! through sqlx's `Any` driver; the schema is one migration folder used by
//! both (see `migrations/` and docs/architecture.md). The few places where
//! the backends differ — connection settings and how a write transaction
//! starts — are in [`db`]. Each use case (create an order, move a task…)
//! is one transaction: the change, its events and its consequences
//! (decomposition, reassignment, the order following its tasks) commit
//! together or not at all.

mod amend;
mod approvals;
mod attention;
mod audit;
mod b2b;
#[cfg(feature = "bench")]
pub mod bench;
mod capacity;
mod case_steps;
mod cases;
mod cases_upstream;
mod categories;
mod channels;
mod classifier;
mod db;
mod deadlines;
mod digest;
mod edits;
mod error;
mod events;
mod files;
mod fulfilments;
mod group;
mod idempotency;
mod imports;
mod intake;
mod invites;
mod jobs;
mod load;
mod materials;
mod migrations;
mod notify;
mod open;
mod order_list;
mod orders;
mod passwords;
mod payments;
mod plan;
mod polls;
mod previews;
mod products;
mod proofs;
mod queue;
mod receipt;
mod recipes;
mod records;
mod release;
mod reminders;
mod replica;
mod review;
mod robots;
mod rows;
mod rules;
mod secrets;
mod sessions;
mod shares;
mod snapshot;
pub mod statistics;
mod stats;
mod stock;
mod suppliers;
mod tasks;
mod throttle;
mod tokens;
mod tracking;
mod upstream;
mod users;
mod views;
mod waybills;
mod webhooks;

pub use b2b::{CatalogueFilter, Checkout, Recorded, RfqFilter};
pub use cases::CaseFilter;
pub use channels::Received;
pub use db::{Backend, Clock, Store};
pub use digest::DigestReader;
pub use error::StoreError;
pub use files::{Bucket, DEFAULT_DATA_DIR, FileBody, Files, Folder, Swept, image_name};
pub use fulfilments::{DuePush, PushOutcome};
pub use idempotency::IdempotencyStart;
pub use invites::{INVITE_TTL_MS, Invite};
pub use notify::{DueNotice, InboxNotice, PersonSettings, Recipient};
pub use order_list::OrderFilter;
pub use polls::PollState;
pub use previews::{PER_UPLOADER, PREVIEW_TTL, Preview};
pub use products::{ProductFilter, ProductUpload, UploadCounts};
pub use proofs::BuyerProof;
pub use queue::MAX_GROUP;
pub use rows::Count;
pub use secrets::{MIN_TOKEN_LEN, generate_token, hash_token};
pub use sessions::{ABSOLUTE_MS, IDLE_MS, NewSession, Origin, SessionInfo, SessionUser};
pub use stats::Dashboard;
pub use stock::{MovementFilter, StockFilter};
pub use tasks::{TaskFilter, TaskWork};
pub use throttle::{
    ACCOUNT_SLOWDOWN, ADDRESS_FAILURES, DEVICE_TTL_MS, FAILURE_WINDOW_MS, PAIR_FAILURES,
};
pub use tokens::TokenInfo;
pub use webhooks::{Due, body as webhook_body};

pub use orderhub_domain::model::Page;
