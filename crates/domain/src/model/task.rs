//! Tasks: one line routed to one supplier.

use crate::ErrorCode;
use crate::access::Forbidden;
use crate::lifecycle::{Party, TaskStatus};
use crate::validate::{ValidationError, limits, optional_text};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// A task's place in its line's recipe of process steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TaskStep {
    /// 1 for the first step.
    pub no: i64,
    /// How many steps the line takes.
    pub of: i64,
}

/// One line routed to one supplier.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Task {
    pub id: String,
    pub order_id: String,
    pub line_id: String,
    pub supplier_id: String,
    pub category_id: String,
    pub sku: String,
    pub status: TaskStatus,
    /// The status in the caller's own words (`to_prepare`, `ready_to_ship`
    /// for its supplier; see `labels`).
    pub status_label: crate::labels::StatusLabel,
    pub quantity: i64,
    /// Its order's: urgent tasks sort first.
    pub priority: super::Priority,
    #[serde(with = "time::serde::rfc3339::option")]
    pub due_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub production_started_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub produced_at: Option<OffsetDateTime>,
    /// Logistics platform.
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    /// The carrier, when orderhub knows it (its code, whatever was typed).
    #[serde(default)]
    pub carrier_code: Option<crate::carrier::Carrier>,
    /// Where the buyer or anyone can follow the parcel.
    #[serde(default)]
    pub tracking_url: Option<String>,
    /// When the carrier's tracking said the parcel was delivered.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub delivered_at: Option<OffsetDateTime>,
    pub note: Option<String>,
    pub reject_reason: Option<String>,
    /// Filled from stock rather than made: the code of the location its
    /// supplier picks the units from (they are reserved there).
    #[serde(default)]
    pub from_stock: Option<String>,
    /// Its process step when its line is made in steps (工序): step `no`
    /// of `of`, routed in that step's category.
    #[serde(default)]
    pub step: Option<TaskStep>,
    /// A change of the task's line waiting for its supplier's answer; the
    /// task goes no further until it is accepted or refused.
    #[serde(default)]
    pub amendment: Option<crate::amend::Amendment>,
    /// The mock-up the task needs approved before production, when its
    /// category asks one (`GET /tasks/{id}/proofs` has every round).
    #[serde(default)]
    pub proof: Option<crate::proof::ProofState>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Task {
    /// Fills what its carrier and tracking number say: the carrier's
    /// code and the tracking page.
    pub fn with_tracking(mut self) -> Self {
        let carrier = self.carrier.as_deref().unwrap_or_default();
        self.carrier_code = crate::carrier::Carrier::find(carrier);
        self.tracking_url = self
            .tracking_number
            .as_deref()
            .and_then(|n| crate::carrier::tracking_url(carrier, n));
        self
    }
}

/// `PATCH /tasks/{id}`: only the fields given change; `""` clears a text.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskPatch {
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub due_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub production_started_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub produced_at: Option<OffsetDateTime>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub note: Option<String>,
}

impl TaskPatch {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let text = |f: &str, v: Option<String>, max| {
            v.map(|v| optional_text(f, Some(&v), max).map(Option::unwrap_or_default))
                .transpose()
        };
        Ok(Self {
            carrier: text("carrier", self.carrier, limits::SHORT)?,
            tracking_number: text("tracking_number", self.tracking_number, limits::SHORT)?,
            note: text("note", self.note, limits::TEXT)?,
            ..self
        })
    }

    /// Suppliers edit production times, carrier, tracking number and note
    /// (docs/architecture.md, "Access control"); the due date is the operators'.
    pub fn check_party(&self, party: Party) -> Result<(), Forbidden> {
        if party == Party::Supplier && self.due_at.is_some() {
            return Err(Forbidden::new(
                ErrorCode::SupplierTaskFields,
                "a supplier may edit production times, carrier, tracking number and note; the due date is set by operators",
            ));
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.due_at.is_none()
            && self.production_started_at.is_none()
            && self.produced_at.is_none()
            && self.carrier.is_none()
            && self.tracking_number.is_none()
            && self.note.is_none()
    }
}

/// `POST /tasks/{id}/reassign`: an operator gives the task's line to
/// another supplier of its category.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reassignment {
    pub supplier_id: String,
    /// Kept on the cancelled task and in its event.
    pub reason: Option<String>,
}

/// `POST /tasks/{id}/transitions`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskTransition {
    pub to: TaskStatus,
    /// Required to reject.
    pub reason: Option<String>,
    /// Required to ship (unless already set on the task).
    pub carrier: Option<String>,
    /// Required to ship (unless already set on the task).
    pub tracking_number: Option<String>,
}

impl TaskTransition {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        Ok(Self {
            to: self.to,
            reason: optional_text("reason", self.reason.as_deref(), limits::TEXT)?,
            carrier: optional_text("carrier", self.carrier.as_deref(), limits::SHORT)?,
            tracking_number: optional_text(
                "tracking_number",
                self.tracking_number.as_deref(),
                limits::SHORT,
            )?,
        })
    }
}

/// A task of order `o` for tests: `id`, in `status`, supplier `s`.
#[cfg(test)]
pub(crate) fn test_task(id: &str, status: crate::TaskStatus) -> Task {
    Task {
        id: id.into(),
        order_id: "o".into(),
        line_id: "l1".into(),
        supplier_id: "s".into(),
        category_id: "c".into(),
        sku: format!("SKU-{id}"),
        status,
        status_label: crate::labels::task_label(crate::labels::Viewer::Platform, status),
        quantity: 1,
        priority: super::Priority::Normal,
        due_at: None,
        production_started_at: None,
        produced_at: None,
        carrier: None,
        tracking_number: None,
        carrier_code: None,
        tracking_url: None,
        delivered_at: None,
        note: None,
        reject_reason: None,
        from_stock: None,
        step: None,
        amendment: None,
        proof: None,
        created_at: time::OffsetDateTime::UNIX_EPOCH,
        updated_at: time::OffsetDateTime::UNIX_EPOCH,
    }
}
