//! After-sales cases (售后: 退货、换货、补发、退款、重做、投诉) on an order
//! line. A case goes to the supplier that made the line (its original
//! task), who accepts or disputes it; the remedy then runs its course — a
//! return travels back and is inspected (退货质检) before the refund, a
//! reshipment or remake is a new task, linked to the case, whose shipment
//! resolves it. Its lifecycle is a table ([`steps::STEPS`]), like the
//! others; what each step needs is checked by [`NewStep::check`].

mod case;
pub mod steps;
#[cfg(test)]
mod tests;

pub use case::{Case, CaseStepRecord};
pub use steps::{CaseParty, CaseRefused, CaseStep, STEPS, step, steps_for};

use crate::ErrorCode;
use crate::validate::{ValidationError, in_range, limits, optional_text, required_text};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;

vocabulary!(
    /// What the buyer (or the operator for them) asks for.
    CaseKind {
        /// 退货: the goods come back, are inspected, then refunded.
        Return => "return",
        /// 换货: the goods come back and others are sent.
        Exchange => "exchange",
        /// 补发: the parcel (or part of it) is sent again.
        Reshipment => "reshipment",
        /// 退款: money back, nothing travels.
        Refund => "refund",
        /// 重做: made again (a wrong engraving, a flaw).
        Remake => "remake",
        /// 投诉: a complaint answered with a resolution.
        Complaint => "complaint",
    }
);

impl CaseKind {
    /// The goods travel back before the remedy.
    pub fn comes_back(self) -> bool {
        matches!(self, CaseKind::Return | CaseKind::Exchange)
    }

    /// The remedy is a new task (made or sent again).
    pub fn makes_again(self) -> bool {
        matches!(
            self,
            CaseKind::Exchange | CaseKind::Reshipment | CaseKind::Remake
        )
    }

    /// The remedy is money.
    pub fn refunds(self) -> bool {
        matches!(self, CaseKind::Return | CaseKind::Refund)
    }
}

vocabulary!(
    /// Where a case stands.
    CaseStatus {
        /// Waiting for the supplier's answer (待处理).
        Open => "open",
        /// The supplier disputes it; staff decide.
        Disputed => "disputed",
        /// Agreed: the remedy is under way.
        Accepted => "accepted",
        /// The buyer's parcel is on its way back.
        Returning => "returning",
        /// Back with the supplier, to inspect.
        Received => "received",
        /// Inspected (退货质检); the refund or exchange follows.
        Inspected => "inspected",
        /// A new task makes or sends it again (补发中); its shipment resolves the case.
        Remaking => "remaking",
        /// Settled.
        Resolved => "resolved",
        /// Withdrawn, or turned down by staff, with the reason.
        Closed => "closed",
    }
);

impl CaseStatus {
    /// Still waiting on someone.
    pub fn is_open(self) -> bool {
        !matches!(self, CaseStatus::Resolved | CaseStatus::Closed)
    }

    /// Its colour family, as every status chip has one.
    pub fn family(self) -> crate::lifecycle::StatusFamily {
        use crate::lifecycle::StatusFamily as F;
        match self {
            CaseStatus::Open => F::Waiting,
            CaseStatus::Resolved => F::Done,
            CaseStatus::Disputed | CaseStatus::Closed => F::Problem,
            _ => F::Working,
        }
    }
}

/// The supplier answers within this long (its SLA clock).
pub const ANSWER_WITHIN: Duration = Duration::hours(48);
/// The case is settled within this long.
pub const RESOLVE_WITHIN: Duration = Duration::days(7);

/// The most units a case can name.
pub const MAX_CASE_QUANTITY: i64 = 100_000;

/// `POST /orders/{id}/cases`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    /// The order line's number.
    pub line_no: i64,
    pub kind: CaseKind,
    /// What went wrong, in the buyer's or the operator's words.
    pub reason: String,
    /// What the buyer asks for ("a new one before the 20th", "refund").
    #[serde(default)]
    pub requested: Option<String>,
    /// Units concerned (default: all the task made).
    #[serde(default)]
    pub quantity: Option<i64>,
}

/// What a new case may claim on its line: the original task's units,
/// less those open or settled cases of the same kind family claim.
#[derive(Debug, Clone, Copy)]
pub struct Claimable {
    /// Units the original task made and shipped.
    pub shipped: i64,
    /// Units other cases that send goods back or again claim already.
    pub claimed: i64,
}

impl NewCase {
    /// Checks the case against what its line's task shipped.
    pub fn check(self, claimable: Claimable) -> Result<Self, ValidationError> {
        let left = claimable.shipped - claimable.claimed;
        let quantity = self.quantity.unwrap_or(left.max(1));
        in_range("quantity", quantity, 1, MAX_CASE_QUANTITY)?;
        if quantity > left {
            return Err(ValidationError::new(
                "quantity",
                ErrorCode::ExceedsShipped,
                format!(
                    "the line shipped {} units and other cases claim {}: at most {left}",
                    claimable.shipped, claimable.claimed
                ),
            ));
        }
        Ok(Self {
            line_no: self.line_no,
            kind: self.kind,
            reason: required_text("reason", &self.reason, limits::TEXT)?,
            requested: optional_text("requested", self.requested.as_deref(), limits::TEXT)?,
            quantity: Some(quantity),
        })
    }
}

/// The SLA clock of a case opened at `at`: (answer by, resolve by).
pub fn deadlines(at: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
    (at + ANSWER_WITHIN, at + RESOLVE_WITHIN)
}

/// Which deadline a case has missed now, if any: `answer` while it waits
/// for the supplier, `resolve` while it is open at all.
pub fn late(
    status: CaseStatus,
    answer_by: OffsetDateTime,
    resolve_by: OffsetDateTime,
    now: OffsetDateTime,
) -> Option<&'static str> {
    match status {
        CaseStatus::Open if now > answer_by => Some("answer"),
        s if s.is_open() && now > resolve_by => Some("resolve"),
        _ => None,
    }
}

/// `POST /cases/{id}/steps`: a step and what it carries.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStep {
    pub step: Option<steps::CaseStep>,
    /// Dispute, close: why.
    #[serde(default)]
    pub reason: Option<String>,
    /// Return shipped: the buyer's parcel back.
    #[serde(default)]
    pub carrier: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// Inspect: whether the goods passed.
    #[serde(default)]
    pub passed: Option<bool>,
    /// Inspect, resolve: what was found or decided.
    #[serde(default)]
    pub note: Option<String>,
    /// Refund, charge back: how much (the order's currency).
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "12.50")]
    pub amount: Option<rust_decimal::Decimal>,
    /// Reship: the supplier that makes it again (default: the original).
    #[serde(default)]
    pub supplier_id: Option<String>,
}
