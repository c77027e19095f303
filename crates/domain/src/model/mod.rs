//! The model (docs/architecture.md): what the API accepts and returns.
//!
//! Request types deny unknown fields and are cleaned by `normalize`, which
//! trims text, applies limits and defaults, and names the offending field in
//! its error. Response types are what storage returns.

mod category;
mod event;
mod fulfilment;
mod order;
mod payment;
mod priority;
mod product;
mod supplier;
pub mod tags;
mod task;
mod unrouted;
mod user;
mod view;

pub use category::*;
pub use event::*;
pub use fulfilment::*;
pub use order::*;
pub use payment::*;
pub use priority::*;
pub use product::*;
pub use supplier::*;
pub use task::*;
pub use unrouted::*;
pub use user::*;
pub use view::*;

use crate::lifecycle::Party;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One page of a keyset-paginated list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The order of a keyset-paginated list: by id, which is time-ordered
/// (UUIDv7), so newest first means most recently received first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    /// Urgent orders first, newest first within each priority.
    Urgent,
}

impl Sort {
    /// Every order, in the order pick-lists show them.
    pub const ALL: &'static [Sort] = &[Sort::Newest, Sort::Oldest, Sort::Urgent];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Urgent => "urgent",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        Self::ALL.iter().copied().find(|x| x.as_str() == s)
    }
}

/// Who is making a change; recorded in every event it causes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// e.g. `token:bootstrap`, `user:ada@example.com`, `system`.
    pub label: String,
    pub party: Party,
}

impl Actor {
    /// orderhub's own automation.
    pub fn system() -> Self {
        Self {
            label: "system".into(),
            party: Party::System,
        }
    }
}
