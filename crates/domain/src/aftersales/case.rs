//! A case as the API shows it.

use super::steps::CaseStep;
use super::{CaseKind, CaseStatus};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// An after-sales case (`GET /cases/{id}`). A supplier sees no refund
/// amount (it sees no prices) but its charge-backs.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Case {
    pub id: String,
    /// The order's number, `-AS` and a counter (`#1001-AS1`).
    pub number: String,
    pub order_id: String,
    pub line_id: String,
    pub line_no: i64,
    /// The line's product.
    pub title: String,
    /// The task that made the line; the case is its supplier's.
    pub task_id: String,
    pub supplier_id: String,
    pub kind: CaseKind,
    pub status: CaseStatus,
    pub quantity: i64,
    pub reason: String,
    pub requested: Option<String>,
    /// `person`, or `marketplace` for a refund or return the marketplace reported.
    pub source: String,
    pub opened_by: String,
    /// The supplier answers by then; the case is settled by `resolve_by`.
    #[serde(with = "time::serde::rfc3339")]
    pub answer_by: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub resolve_by: OffsetDateTime,
    /// `answer` or `resolve`: the deadline missed, now.
    pub late: Option<String>,
    pub dispute_reason: Option<String>,
    pub return_carrier: Option<String>,
    pub return_tracking: Option<String>,
    pub return_tracking_url: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub received_at: Option<OffsetDateTime>,
    pub inspection_passed: Option<bool>,
    pub inspection_note: Option<String>,
    #[schema(value_type = Option<String>)]
    pub refund_amount: Option<Decimal>,
    #[schema(value_type = Option<String>)]
    pub chargeback_amount: Option<Decimal>,
    pub currency: String,
    /// The task that makes or sends it again.
    pub remake_task_id: Option<String>,
    pub resolution: Option<String>,
    /// Photos and documents (`GET /cases/{id}/files/{name}`).
    pub files: Vec<String>,
    /// What happened, oldest first.
    pub steps: Vec<CaseStepRecord>,
    /// The steps the caller may take now.
    pub next_steps: Vec<CaseStep>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// One step of a case's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseStepRecord {
    /// `opened`, a case step, or `resolved` (its remake shipped).
    pub step: String,
    pub from_status: Option<CaseStatus>,
    pub to_status: CaseStatus,
    pub actor: String,
    pub details: Value,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}
