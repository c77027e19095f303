//! Proofs before production: a custom product's mock-up, approved by the
//! operator or the buyer before its task may start production.
//!
//! A category's [`ProofPolicy`] says which of its tasks need one; the
//! release planner marks those tasks [`ProofStatus::Required`]. From there
//! the proof moves by [`step`] (the table [`STEPS`], drawn as data like
//! the lifecycles): the supplier submits a round of files, the operator
//! approves it, asks for changes, or sends it to the buyer, who approves
//! or asks for changes through a link without an account. Every round is
//! kept with its files and comments. [`blocks_production`] is the gate.

mod file;
#[cfg(test)]
mod tests;

pub use file::{
    MAX_PROOF_BYTES, MAX_PROOF_FILES, MAX_PROOF_PIXELS, MAX_PROOF_SIDE, ProofFile, ProofKind,
    check_file, sniff,
};

use crate::ErrorCode;
use crate::validate::{ValidationError, limits, optional_text};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// Which of a category's tasks need a proof approved before production.
    ProofPolicy {
        /// None (the default).
        None => "none",
        /// Lines that carry a personalisation (engraving text, a photo, a
        /// name): the buyer should see what will be made.
        Personalised => "personalised",
        /// Every line of the category.
        Always => "always",
    }
);

#[allow(clippy::derivable_impls)] // the enum is declared by a macro
impl Default for ProofPolicy {
    fn default() -> Self {
        ProofPolicy::None
    }
}

impl ProofPolicy {
    /// Whether a line (personalised or not) needs a proof under this policy.
    pub fn requires(self, personalised: bool) -> bool {
        match self {
            ProofPolicy::None => false,
            ProofPolicy::Personalised => personalised,
            ProofPolicy::Always => true,
        }
    }
}

/// Whether a line's customization carries anything: marketplaces send an
/// empty object, list or text for lines without one.
pub fn is_personalised(customization: Option<&Value>) -> bool {
    match customization {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(a)) => a.iter().any(|v| is_personalised(Some(v))),
        Some(Value::Object(o)) => o.values().any(|v| is_personalised(Some(v))),
        Some(_) => true,
    }
}

/// A proof shows the personalisation as it was when it was made: when a
/// change of the line alters the personalisation, the proof is owed again.
pub fn proves_again(before: Option<&Value>, after: Option<&Value>) -> bool {
    fn personal(c: Option<&Value>) -> Option<&Value> {
        c.filter(|c| is_personalised(Some(c)))
    }
    personal(before) != personal(after)
}

vocabulary!(
    /// Where a task's proof stands.
    ProofStatus {
        /// The supplier is to submit a mock-up.
        Required => "required",
        /// A round waits for the operator.
        Submitted => "submitted",
        /// The operator sent the round to the buyer, who has not answered.
        WithBuyer => "with_buyer",
        /// The last round was turned down with a comment: the supplier
        /// submits another.
        ChangesRequested => "changes_requested",
        /// Approved: production may start.
        Approved => "approved",
    }
);

vocabulary!(
    /// What is done to a proof.
    ProofStep {
        /// The supplier (or an operator for it) submits a round of files.
        Submit => "submit",
        /// The operator sends the waiting round to the buyer.
        SendToBuyer => "send_to_buyer",
        /// The round is approved.
        Approve => "approve",
        /// The round is turned down with a comment.
        RequestChanges => "request_changes",
    }
);

/// Who acts on a proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofParty {
    /// The task's supplier.
    Supplier,
    /// An admin or operator; may also submit for the supplier and answer
    /// for a buyer who answered by other means.
    Operator,
    /// The buyer, through the link the operator sent.
    Buyer,
}

/// One edge of the proof's lifecycle: from, step, to, and who may take it.
pub struct ProofEdge {
    pub from: ProofStatus,
    pub step: ProofStep,
    pub to: ProofStatus,
    pub by: &'static [ProofParty],
}

const fn edge(
    from: ProofStatus,
    step: ProofStep,
    to: ProofStatus,
    by: &'static [ProofParty],
) -> ProofEdge {
    ProofEdge { from, step, to, by }
}

use ProofParty::{Buyer, Operator, Supplier};
use ProofStatus as P;
use ProofStep as S;

/// The proof lifecycle, as data.
pub static STEPS: &[ProofEdge] = &[
    edge(P::Required, S::Submit, P::Submitted, &[Supplier, Operator]),
    edge(
        P::ChangesRequested,
        S::Submit,
        P::Submitted,
        &[Supplier, Operator],
    ),
    edge(P::Submitted, S::Approve, P::Approved, &[Operator]),
    edge(
        P::Submitted,
        S::RequestChanges,
        P::ChangesRequested,
        &[Operator],
    ),
    edge(P::Submitted, S::SendToBuyer, P::WithBuyer, &[Operator]),
    // a new link for the same round (the first expired or went astray)
    edge(P::WithBuyer, S::SendToBuyer, P::WithBuyer, &[Operator]),
    edge(P::WithBuyer, S::Approve, P::Approved, &[Buyer, Operator]),
    edge(
        P::WithBuyer,
        S::RequestChanges,
        P::ChangesRequested,
        &[Buyer, Operator],
    ),
];

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofRefused {
    /// The task needs no proof.
    #[error("this task needs no proof")]
    NotRequired,
    /// The step does not apply in the proof's status.
    #[error("a proof that is {from} cannot {step}")]
    NotNow { from: ProofStatus, step: ProofStep },
    /// The step exists here but is not this party's.
    #[error("{step} on a {from} proof is not yours to do")]
    NotYours { from: ProofStatus, step: ProofStep },
}

impl ProofRefused {
    /// The stable code of the refusal.
    pub fn code(&self) -> ErrorCode {
        match self {
            ProofRefused::NotRequired => ErrorCode::NoProof,
            ProofRefused::NotNow { .. } => ErrorCode::ProofNotExpected,
            ProofRefused::NotYours { .. } => ErrorCode::Forbidden,
        }
    }
}

/// The status after `party` takes `step` on a proof in `from` (`None`: the
/// task needs no proof).
pub fn step(
    from: Option<ProofStatus>,
    step: ProofStep,
    party: ProofParty,
) -> Result<ProofStatus, ProofRefused> {
    let from = from.ok_or(ProofRefused::NotRequired)?;
    let edge = STEPS
        .iter()
        .find(|e| e.from == from && e.step == step)
        .ok_or(ProofRefused::NotNow { from, step })?;
    if !edge.by.contains(&party) {
        return Err(ProofRefused::NotYours { from, step });
    }
    Ok(edge.to)
}

/// Whether a task with this proof may not start production yet.
pub fn blocks_production(proof: Option<ProofStatus>) -> bool {
    matches!(proof, Some(s) if s != ProofStatus::Approved)
}

/// A task's proof at a glance (on the task; the rounds are read apart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProofState {
    pub status: ProofStatus,
    /// The latest round's number (0 before the first).
    pub round: i64,
    /// When the proof entered its status: with `with_buyer`, how long the
    /// buyer has had it.
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
    /// The latest round: its files, and the comment it was answered with.
    #[serde(default)]
    pub latest: Option<ProofRound>,
}

vocabulary!(
    /// How a round was answered.
    ProofAnswer {
        Approved => "approved",
        ChangesRequested => "changes_requested",
    }
);

/// One round of a proof: the files a supplier submitted and the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProofRound {
    pub id: String,
    pub task_id: String,
    /// 1, 2, … in the order submitted.
    pub round: i64,
    pub files: Vec<ProofFile>,
    /// What the supplier says about it.
    pub note: Option<String>,
    pub submitted_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
    /// When the operator last sent it to the buyer.
    #[serde(with = "time::serde::rfc3339::option")]
    pub sent_to_buyer_at: Option<OffsetDateTime>,
    /// When the buyer's link stops working.
    #[serde(with = "time::serde::rfc3339::option")]
    pub link_expires_at: Option<OffsetDateTime>,
    pub answer: Option<ProofAnswer>,
    pub comment: Option<String>,
    /// Who answered: a user's label, or `buyer`.
    pub answered_by: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub answered_at: Option<OffsetDateTime>,
}

/// `POST /tasks/{id}/proof/answer` (and the buyer's page).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProofDecision {
    /// `approve` or `request_changes`.
    pub decision: ProofVerdict,
    /// Required to ask for changes: what to change.
    #[serde(default)]
    pub comment: Option<String>,
}

vocabulary!(
    /// An answer to a round.
    ProofVerdict {
        Approve => "approve",
        RequestChanges => "request_changes",
    }
);

impl ProofVerdict {
    /// The step this answer takes.
    pub fn step(self) -> ProofStep {
        match self {
            ProofVerdict::Approve => ProofStep::Approve,
            ProofVerdict::RequestChanges => ProofStep::RequestChanges,
        }
    }

    /// How the round is recorded as answered.
    pub fn answer(self) -> ProofAnswer {
        match self {
            ProofVerdict::Approve => ProofAnswer::Approved,
            ProofVerdict::RequestChanges => ProofAnswer::ChangesRequested,
        }
    }
}

impl ProofDecision {
    /// Trims the comment; asking for changes must say which.
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let comment = optional_text("comment", self.comment.as_deref(), limits::TEXT)?;
        if self.decision == ProofVerdict::RequestChanges && comment.is_none() {
            return Err(ValidationError::new(
                "comment",
                ErrorCode::CommentRequired,
                "say what should change",
            ));
        }
        Ok(Self {
            decision: self.decision,
            comment,
        })
    }
}

/// How long a buyer's link works when the operator does not say, in days.
pub const DEFAULT_LINK_DAYS: i64 = 7;
/// The longest a buyer's link may work, in days.
pub const MAX_LINK_DAYS: i64 = 30;

/// `POST /tasks/{id}/proof/buyer-link`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyerLinkRequest {
    /// Days the link works: 1 to 30, 7 when absent.
    #[serde(default)]
    pub days: Option<i64>,
}

impl BuyerLinkRequest {
    /// The link's lifetime in days, checked.
    pub fn days(&self) -> Result<i64, ValidationError> {
        match self.days {
            None => Ok(DEFAULT_LINK_DAYS),
            Some(d) if (1..=MAX_LINK_DAYS).contains(&d) => Ok(d),
            Some(_) => Err(ValidationError::new(
                "days",
                ErrorCode::OutOfRange,
                format!("a link works for 1 to {MAX_LINK_DAYS} days"),
            )),
        }
    }
}

/// A link for the buyer: shown once (only its hash is kept).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BuyerLink {
    pub url: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}
