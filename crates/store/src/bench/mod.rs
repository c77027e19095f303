//! The storage limits `orderhub bench` compares the server with: the same
//! rows, indexes and durability the server writes, as plain SQL with no
//! domain rules, HTTP or JSON. Built only with the `bench` feature (the
//! `orderhub` binary turns it on), so the store's library and its
//! dependencies stay what the server needs.
//!
//! They live in the store, not in the benchmark command, because they
//! write through the store's own statements where the server's are shared
//! (the event rows and their outbox fan-out) and its connection settings,
//! to stay honest: a change to those changes the limit with them.

mod intake;
mod intake_sqlite;
mod upload;

pub use intake::{BaselineReport, PlainLine, PlainOrder};
pub use upload::UploadBaseline;
