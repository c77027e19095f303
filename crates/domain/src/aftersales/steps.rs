//! The case lifecycle as data: `(from, step, who, to)`, with the kinds of
//! case each step belongs to.

use super::{CaseKind, CaseStatus, NewStep};
use crate::ErrorCode;
use crate::validate::{ValidationError, limits, optional_text, required_text};
use rust_decimal::Decimal;

vocabulary!(
    /// A step on a case.
    CaseStep {
        /// Supplier: agree to the remedy.
        Accept => "accept",
        /// Supplier: dispute it, with the reason.
        Dispute => "dispute",
        /// Staff: overrule the supplier's dispute.
        Uphold => "uphold",
        /// Staff: the buyer's parcel is on its way back (carrier, tracking).
        ReturnShipped => "return_shipped",
        /// Supplier or staff: the returned goods arrived.
        Receive => "receive",
        /// Supplier or staff: inspected (退货质检): passed or not, with a note.
        Inspect => "inspect",
        /// Staff: money back to the buyer (amount).
        Refund => "refund",
        /// Staff: a new task makes or sends it again (a supplier may be chosen).
        Reship => "reship",
        /// Staff: a complaint answered (the resolution in `note`).
        Resolve => "resolve",
        /// Staff: the supplier pays for it (amount), deducted from what it is owed.
        ChargeBack => "charge_back",
        /// Staff: withdraw or turn down the case, with the reason.
        Close => "close",
    }
);

/// Who takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseParty {
    /// The supplier that made the line (staff may act for it).
    Supplier,
    /// Admins and operators.
    Staff,
}

use CaseKind as K;
use CaseParty::{Staff, Supplier};
use CaseStatus as S;
use CaseStep as T;

const ALL: &[CaseKind] = CaseKind::ALL;
const BACK: &[CaseKind] = &[K::Return, K::Exchange];
const AGAIN: &[CaseKind] = &[K::Reshipment, K::Remake];

/// `(from, step, who, to, kinds)`. A charge-back and closing are open to
/// any case not settled (see [`step`]); a remake's shipment resolves its
/// case by itself.
pub const STEPS: &[(CaseStatus, CaseStep, CaseParty, CaseStatus, &[CaseKind])] = &[
    (S::Open, T::Accept, Supplier, S::Accepted, ALL),
    (S::Open, T::Dispute, Supplier, S::Disputed, ALL),
    (S::Disputed, T::Uphold, Staff, S::Accepted, ALL),
    (S::Accepted, T::ReturnShipped, Staff, S::Returning, BACK),
    (S::Returning, T::Receive, Supplier, S::Received, BACK),
    (S::Received, T::Inspect, Supplier, S::Inspected, BACK),
    (S::Inspected, T::Refund, Staff, S::Resolved, &[K::Return]),
    (S::Inspected, T::Reship, Staff, S::Remaking, &[K::Exchange]),
    (S::Accepted, T::Refund, Staff, S::Resolved, &[K::Refund]),
    (S::Accepted, T::Reship, Staff, S::Remaking, AGAIN),
    (S::Accepted, T::Resolve, Staff, S::Resolved, &[K::Complaint]),
];

/// A refused step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseRefused {
    #[error("the case is {0}: {1} is not a step from there for a {2} case")]
    NotNow(CaseStatus, CaseStep, CaseKind),
    #[error("only staff take this step")]
    StaffOnly,
}

impl CaseRefused {
    pub fn code(&self) -> ErrorCode {
        match self {
            CaseRefused::NotNow(..) => ErrorCode::InvalidTransition,
            CaseRefused::StaffOnly => ErrorCode::StaffOnly,
        }
    }
}

/// Where `step` by `party` takes a `kind` case that is `from` (staff may
/// take the supplier's steps too).
pub fn step(
    kind: CaseKind,
    from: CaseStatus,
    step: CaseStep,
    party: CaseParty,
) -> Result<CaseStatus, CaseRefused> {
    let anytime = matches!(step, T::ChargeBack | T::Close);
    let (who, to) = match anytime {
        true if from.is_open() || (step == T::ChargeBack && from == S::Resolved) => {
            let to = if step == T::Close { S::Closed } else { from };
            (Staff, to)
        }
        true => return Err(CaseRefused::NotNow(from, step, kind)),
        false => STEPS
            .iter()
            .find(|(f, s, _, _, kinds)| *f == from && *s == step && kinds.contains(&kind))
            .map(|(_, _, who, to, _)| (*who, *to))
            .ok_or(CaseRefused::NotNow(from, step, kind))?,
    };
    if who == Staff && party != Staff {
        return Err(CaseRefused::StaffOnly);
    }
    Ok(to)
}

/// The steps `party` may take on a `kind` case that is `from`.
pub fn steps_for(kind: CaseKind, from: CaseStatus, party: CaseParty) -> Vec<CaseStep> {
    CaseStep::ALL
        .iter()
        .copied()
        .filter(|s| step(kind, from, *s, party).is_ok())
        .collect()
}

impl NewStep {
    /// Checks that the step carries what it needs, normalised; `currency`
    /// is the order's.
    pub fn check(self, currency: &str) -> Result<(CaseStep, NewStep), ValidationError> {
        let step = self
            .step
            .ok_or_else(|| ValidationError::new("step", ErrorCode::Required, "which step"))?;
        let text = |f: &str, v: &Option<String>| optional_text(f, v.as_deref(), limits::TEXT);
        let mut out = NewStep {
            step: Some(step),
            reason: text("reason", &self.reason)?,
            carrier: optional_text("carrier", self.carrier.as_deref(), limits::SHORT)?,
            tracking_number: None,
            passed: self.passed,
            note: text("note", &self.note)?,
            amount: None,
            supplier_id: text("supplier_id", &self.supplier_id)?,
        };
        match step {
            T::Dispute | T::Close => {
                out.reason = Some(required_text(
                    "reason",
                    self.reason.as_deref().unwrap_or_default(),
                    limits::TEXT,
                )?);
            }
            T::ReturnShipped => {
                let carrier = out.carrier.clone().ok_or_else(|| {
                    ValidationError::new(
                        "carrier",
                        ErrorCode::CarrierRequired,
                        "the return's carrier",
                    )
                })?;
                let number = optional_text(
                    "tracking_number",
                    self.tracking_number.as_deref(),
                    limits::SHORT,
                )?
                .ok_or_else(|| {
                    ValidationError::new(
                        "tracking_number",
                        ErrorCode::TrackingNumberRequired,
                        "the return's tracking number",
                    )
                })?;
                out.tracking_number = crate::carrier::checked_field(Some(&carrier), Some(number))?;
            }
            T::Inspect if self.passed.is_none() => {
                return Err(ValidationError::new(
                    "passed",
                    ErrorCode::Required,
                    "whether the goods passed inspection",
                ));
            }
            T::Resolve => {
                out.note = Some(required_text(
                    "note",
                    self.note.as_deref().unwrap_or_default(),
                    limits::TEXT,
                )?);
            }
            T::Refund | T::ChargeBack => {
                let amount = self.amount.ok_or_else(|| {
                    ValidationError::new("amount", ErrorCode::Required, "how much")
                })?;
                let amount = crate::money::amount("amount", amount, currency)?;
                if amount <= Decimal::ZERO {
                    return Err(ValidationError::new(
                        "amount",
                        ErrorCode::OutOfRange,
                        "more than 0",
                    ));
                }
                // money that moves is in whole minor units (no 10.50 yen)
                let minor = crate::money::minor_unit(currency);
                if amount.normalize().scale() > minor {
                    return Err(ValidationError::new(
                        "amount",
                        ErrorCode::TooPrecise,
                        format!("{currency} amounts have {minor} decimals"),
                    ));
                }
                out.amount = Some(amount);
            }
            _ => {}
        }
        Ok((step, out))
    }
}
