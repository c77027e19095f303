//! The append-only event log.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// An append-only record of a change.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Event {
    pub id: String,
    pub order_id: Option<String>,
    pub task_id: Option<String>,
    /// e.g. `order.created`, `order.status_changed`, `task.routed`.
    pub kind: String,
    /// `token:<name>`, `system`, …
    pub actor: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub details: Value,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}
